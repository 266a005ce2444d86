#!/usr/bin/env bash
# Acceptance: a summary read from S3 equals the summary of the same files on local disk (uuids
# aside). The S3 copy is written by `ocpagg generate --out s3://...` (generate's S3 output), the
# local one by the same command and seed; their objects and files must be byte-identical too.
# Also: `ocpagg parquet stats` of an object equals that of the local file, and the run fetches only
# part of the object bytes (footer + projected column chunks).
source "$(dirname "$0")/lib.sh"

gen=(generate --nodes 3 --pods 5 --days 4 --start 2025-10-30 --chunk-rows 2000 --quiet)
"$OCPAGG" "${gen[@]}" --out "$PREFIX"
"$OCPAGG" "${gen[@]}" --out "$WORK/local"

# The same files on both sides: compare the S3 listing (through `parquet stats` of each object).
mapfile -t files < <(cd "$WORK/local" && find data -name '*.parquet' | LC_ALL=C sort)
[ "${#files[@]}" -gt 10 ] || fail "only ${#files[@]} files generated"
for f in "${files[0]}" "${files[$((${#files[@]} - 1))]}"; do
  "$OCPAGG" parquet stats "$PREFIX/$f" | grep -v '^  "file": ' >"$WORK/s3.stats"
  "$OCPAGG" parquet stats "$WORK/local/$f" | grep -v '^  "file": ' >"$WORK/local.stats"
  [ "$(wc -l <"$WORK/s3.stats")" -gt 20 ] || fail "parquet stats of $PREFIX/$f: $(cat "$WORK/s3.stats")"
  cmp -s "$WORK/s3.stats" "$WORK/local.stats" || fail "parquet stats differ for $f"
done
echo "ok: ${#files[@]} files; parquet stats of s3:// objects equal the local files"

for month in 2025-10 2025-11; do
  "$OCPAGG" summarize --input "$PREFIX" --month "$month" --output "csv:$WORK/s3.csv" \
    --log-format json --progress 2>"$WORK/s3.log"
  "$OCPAGG" summarize --input "$WORK/local" --month "$month" --output "csv:$WORK/local.csv" --quiet
  strip_uuid_sorted "$WORK/s3.csv" >"$WORK/s3.txt"
  strip_uuid_sorted "$WORK/local.csv" >"$WORK/local.txt"
  rows=$(($(wc -l <"$WORK/local.txt") - 1))
  [ "$rows" -gt 10 ] || fail "$month: only $rows rows; the test data is too small"
  diff -q "$WORK/s3.txt" "$WORK/local.txt" >/dev/null ||
    fail "$month: the summary from S3 differs from the local one: $(diff "$WORK/s3.txt" "$WORK/local.txt" | head -5)"
  s3_line=$(grep '"event": "s3"' "$WORK/s3.log") || fail "$month: no s3 traffic report: $(cat "$WORK/s3.log")"
  fetched=$(echo "$s3_line" | sed 's/.*"bytes_fetched": \([0-9]*\).*/\1/')
  objects=$(echo "$s3_line" | sed 's/.*"object_bytes": \([0-9]*\).*/\1/')
  [ "$fetched" -gt 0 ] && [ "$objects" -gt 0 ] || fail "$month: bad traffic report: $s3_line"
  echo "ok: $month: $rows rows equal; $s3_line"
done

# The config can also be given as an s3:// path.
"$OCPAGG" summarize --input "$PREFIX" --config "$PREFIX/ocpagg.yaml" --month 2025-10 \
  --output "csv:$WORK/s3.csv" --quiet
strip_uuid_sorted "$WORK/s3.csv" >"$WORK/s3.txt"
"$OCPAGG" summarize --input "$WORK/local" --month 2025-10 --output "csv:$WORK/local.csv" --quiet
strip_uuid_sorted "$WORK/local.csv" >"$WORK/local.txt"
cmp -s "$WORK/s3.txt" "$WORK/local.txt" || fail "--config s3://...: summaries differ"
echo "ok: --config s3://"
