#!/usr/bin/env bash
# Acceptance: two ocpagg processes writing two sources into the same schema at the same time both
# succeed, and each source's rows are those of its own run alone.
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --clusters 2 --nodes 3 --pods 6 --days 4 --start 2025-12-01 --quiet
configs=("$WORK/data/ocpagg.yaml" "$(ls "$WORK"/data/ocpagg.*.yaml | head -1)")
init_schema_from_config "${configs[0]}"
cmp -s <(grep -v '^source\|^cluster' "${configs[0]}") <(grep -v '^source\|^cluster' "${configs[1]}") \
  || fail "the two clusters' configs differ in their side inputs"
pids=()
for i in 0 1; do
  "$OCPAGG" summarize --input "$WORK/data" --config "${configs[i]}" --month 2025-12 \
    --output "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --threads 1 --quiet 2>"$WORK/err$i" &
  pids+=($!)
done
for i in 0 1; do
  wait "${pids[i]}" || fail "run $i failed: $(cat "$WORK/err$i")"
done
for i in 0 1; do
  source_uuid=$(sed -n 's/^source: //p' "${configs[i]}")
  rp=$(report_period_of "$source_uuid")
  [ -n "$rp" ] || fail "no report period for run $i"
  "$OCPAGG" summarize --input "$WORK/data" --config "${configs[i]}" --month 2025-12 \
    --report-period-id "$rp" --output "csv:$WORK/run$i.csv" --threads 1 --quiet
  table_csv_without_uuid "(SELECT * FROM $TABLE WHERE source_uuid = '$source_uuid')" >"$WORK/pg$i.txt"
  strip_uuid_sorted "$WORK/run$i.csv" >"$WORK/csv$i.txt"
  [ "$(wc -l <"$WORK/csv$i.txt")" -gt 10 ] || fail "run $i: too few rows"
  cmp -s "$WORK/csv$i.txt" "$WORK/pg$i.txt" || {
    diff -u "$WORK/csv$i.txt" "$WORK/pg$i.txt" | head -10 >&2
    fail "run $i: rows differ from its csv: output"
  }
done
[ "$(psql_app -c "SELECT count(DISTINCT report_period_id) FROM $TABLE")" = 2 ] || fail "expected two report periods"
echo "ok: two concurrent runs both landed their own rows"
