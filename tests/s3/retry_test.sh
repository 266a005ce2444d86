#!/usr/bin/env bash
# Acceptance: injected 503s (and reset connections) are retried and the run succeeds. A bucket of
# its own gets 15% of its requests answered 503 SlowDown (with Retry-After: 0) and 3% reset;
# `generate --out` into it (PUTs), then `summarize` from it (listings, ranged GETs) must give the
# summary of the same data read from local disk.
source "$(dirname "$0")/lib.sh"

bucket="flaky-$$"
curl -sS --fail -X POST \
  "$OCPAGG_TEST_S3_ADMIN/buckets/$bucket?fail_share=0.15&reset_share=0.03&retry_after=0" >/dev/null
stats() { curl -sS --fail "$OCPAGG_TEST_S3_ADMIN/stats/$bucket"; }

gen=(generate --nodes 3 --pods 4 --days 3 --start 2025-10-01 --chunk-rows 3000 --quiet)
"$OCPAGG" "${gen[@]}" --out "s3://$bucket/data"
"$OCPAGG" "${gen[@]}" --out "$WORK/local"
echo "ok: generate into a flaky bucket: $(stats)"

"$OCPAGG" summarize --input "s3://$bucket/data" --month 2025-10 --output "csv:$WORK/s3.csv" \
  --progress 2>"$WORK/s3.log" || fail "summarize failed: $(cat "$WORK/s3.log")"
"$OCPAGG" summarize --input "$WORK/local" --month 2025-10 --output "csv:$WORK/local.csv" --quiet
strip_uuid_sorted "$WORK/s3.csv" >"$WORK/s3.txt"
strip_uuid_sorted "$WORK/local.csv" >"$WORK/local.txt"
cmp -s "$WORK/s3.txt" "$WORK/local.txt" || fail "the summary from the flaky bucket differs"

s=$(stats)
injected=$(echo "$s" | sed 's/.*"injected_503":\([0-9]*\).*/\1/')
resets=$(echo "$s" | sed 's/.*"injected_resets":\([0-9]*\).*/\1/')
[ "$injected" -gt 5 ] || fail "only $injected 503s injected ($s); the test proves nothing"
retried=$(sed -n 's/.*requests (\([0-9]*\) retried).*/\1/p' "$WORK/s3.log")
[ "${retried:-0}" -gt 0 ] || fail "the run reports no retries: $(cat "$WORK/s3.log")"
echo "ok: summary equal after $injected injected 503s and $resets resets; $(grep '  s3 ' "$WORK/s3.log")"

# A bucket that always fails: the run gives up after a bounded number of attempts, saying so.
curl -sS --fail -X POST "$OCPAGG_TEST_S3_ADMIN/buckets/dead-$$?fail_share=1" >/dev/null
rc=0
"$OCPAGG" summarize --input "s3://dead-$$/data" --month 2025-10 --output "csv:$WORK/x.csv" \
  2>"$WORK/err" || rc=$?
[ "$rc" = 1 ] || fail "always-503 bucket: exit code $rc"
grep -q "Unavailable: .*s3://dead-$$.*HTTP 503 SlowDown.*gave up after 8 attempts" "$WORK/err" ||
  fail "always-503 bucket: unexpected error: $(cat "$WORK/err")"
echo "ok: $(cat "$WORK/err")"
