#!/usr/bin/env bash
# Acceptance: permanent S3 failures end at once with one clear stderr line and exit code 1, naming
# the bucket or key and never the secret: a wrong secret (SignatureDoesNotMatch), an unknown access
# key, a missing bucket, a missing object; and a truncated Parquet object gives a Corruption error
# naming its s3:// key.
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$PREFIX" --nodes 2 --pods 2 --days 1 --start 2025-10-01 --quiet

expect_one_line_failure() {  # name, expected text, command args...
  local name=$1 expected=$2
  shift 2
  local rc=0 started=$SECONDS
  "$OCPAGG" "$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
  [ "$rc" = 1 ] || fail "$name: exit code $rc, expected 1 (stderr: $(cat "$WORK/err"))"
  [ "$(wc -l <"$WORK/err")" = 1 ] || fail "$name: expected one stderr line, got: $(cat "$WORK/err")"
  grep -qF -- "$expected" "$WORK/err" || fail "$name: '$expected' not in: $(cat "$WORK/err")"
  grep -qF -- "${AWS_SECRET_ACCESS_KEY:-(unset)}" "$WORK/err" && fail "$name: the secret appears in the error"
  [ $((SECONDS - started)) -lt 5 ] || fail "$name: took $((SECONDS - started)) s (retried a permanent failure?)"
  echo "ok: $name: $(cat "$WORK/err")"
}

summarize=(summarize --month 2025-10 --output "csv:$WORK/x.csv")
AWS_SECRET_ACCESS_KEY=Wr0ngS3cretXyz expect_one_line_failure "wrong secret" \
  "authentication failed (HTTP 403 SignatureDoesNotMatch" "${summarize[@]}" --input "$PREFIX"
grep -q Wr0ngS3cretXyz "$WORK/err" && fail "the wrong secret appears in the error"
grep -qF "s3://$OCPAGG_TEST_S3_BUCKET" "$WORK/err" || fail "the bucket is not named: $(cat "$WORK/err")"

AWS_ACCESS_KEY_ID=NOSUCHKEY expect_one_line_failure "unknown access key" \
  "authentication failed (HTTP 403 InvalidAccessKeyId" "${summarize[@]}" --input "$PREFIX"

# S3_ACCESS_KEY / S3_SECRET_KEY are used when the AWS_* ones are not set.
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY S3_ACCESS_KEY="$AWS_ACCESS_KEY_ID" \
  S3_SECRET_KEY=Wr0ngS3cretXyz "$OCPAGG" "${summarize[@]}" --input "$PREFIX" 2>"$WORK/err" &&
  fail "S3_SECRET_KEY: a wrong secret was accepted"
grep -q "SignatureDoesNotMatch" "$WORK/err" || fail "S3_SECRET_KEY not used: $(cat "$WORK/err")"
env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY S3_ACCESS_KEY="$AWS_ACCESS_KEY_ID" \
  S3_SECRET_KEY="$AWS_SECRET_ACCESS_KEY" "$OCPAGG" "${summarize[@]}" --input "$PREFIX" --quiet ||
  fail "S3_ACCESS_KEY / S3_SECRET_KEY: the run failed"
echo "ok: S3_ACCESS_KEY / S3_SECRET_KEY"

(
  unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
  expect_one_line_failure "no credentials" "S3: no credentials" "${summarize[@]}" --input "$PREFIX"
)

expect_one_line_failure "missing bucket" "s3://no-such-bucket-$$/x/: ListObjectsV2 (page 1): no such bucket" \
  "${summarize[@]}" --input "s3://no-such-bucket-$$/x"

expect_one_line_failure "missing object" "NotFound: s3://$OCPAGG_TEST_S3_BUCKET/nothing/here.parquet: HEAD: no such object" \
  parquet inspect "s3://$OCPAGG_TEST_S3_BUCKET/nothing/here.parquet"

expect_one_line_failure "empty prefix" "$PREFIX-none: no Koku data folder" "${summarize[@]}" \
  --input "$PREFIX-none" --source 2e514e34-cea5-4b6b-2649-72fa22b47e07 --cluster-id c1

expect_one_line_failure "bad endpoint" "expected http://host[:port]" \
  "${summarize[@]}" --input "$PREFIX" --s3-endpoint "ftp://127.0.0.1"

# A truncated object: the first half of one pod_usage file replaces it.
key=$(cd "$WORK" && "$OCPAGG" generate --out "$WORK/local" --nodes 2 --pods 2 --days 1 \
  --start 2025-10-01 --quiet && cd "$WORK/local" && find data -path '*pod_usage*' -name '*.parquet' | head -1)
[ -n "$key" ] || fail "no pod_usage file generated"
size=$(stat -c %s "$WORK/local/$key")
head -c $((size / 2)) "$WORK/local/$key" >"$WORK/truncated.parquet"
bucket=$OCPAGG_TEST_S3_BUCKET
object_key="${PREFIX#s3://"$bucket"/}/$key"
put_object "$WORK/truncated.parquet" "$bucket" "$(url_encode_key "$object_key")"
expect_one_line_failure "truncated object" "s3://$bucket/$object_key: not a Parquet file" \
  "${summarize[@]}" --input "$PREFIX"
grep -q "^ocpagg: Corruption: " "$WORK/err" || fail "truncated object: not a Corruption error"
expect_one_line_failure "truncated object (parquet inspect)" "Corruption: s3://$bucket/$object_key" \
  parquet inspect "s3://$bucket/$object_key"
