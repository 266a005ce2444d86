#!/usr/bin/env bash
# Acceptance: the rows ocpagg lands in PostgreSQL print exactly as the csv: output of the same run
# (same input and side inputs; uuids aside), for both dialects and for a range crossing a month.
# --threads 1 in both runs: see idempotence_test.sh.
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --nodes 4 --pods 6 --days 3 --start 2025-10-30 --quiet
init_schema_from_config "$WORK/data/ocpagg.yaml"
# A tag mapping (reporting_tagmapping joined to the enabled keys), in the database and the config.
psql_app -c "INSERT INTO $SCHEMA.reporting_tagmapping (parent_id, child_id)
  SELECT p.uuid, c.uuid FROM $SCHEMA.reporting_enabledtagkeys p, $SCHEMA.reporting_enabledtagkeys c
  WHERE p.key = 'app' AND c.key = 'team'"
sed 's/^tag_mappings:$/tag_mappings:\n  - {parent: app, child: team}/; /^  \[\]$/d; s/^node_roles:$/node_roles: []/' \
  "$WORK/data/ocpagg.yaml" >"$WORK/config.yaml"
grep -q 'child: team' "$WORK/config.yaml" || fail "could not add the tag mapping to the config"
source_uuid=$(sed -n 's/^source: //p' "$WORK/data/ocpagg.yaml")

for dialect in trino postgres; do
  for month in 2025-10 2025-11; do
    "$OCPAGG" summarize --input "$WORK/data" --month "$month" --dialect "$dialect" \
      --output "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --threads 1 --quiet
    rp=$(psql_app -c "SELECT id FROM $SCHEMA.reporting_ocpusagereportperiod WHERE provider_id =
      '$source_uuid' AND report_period_start = '$month-01 00:00:00+00'")
    [ -n "$rp" ] || fail "no report period for $month"
    "$OCPAGG" summarize --input "$WORK/data" --config "$WORK/config.yaml" --month "$month" \
      --dialect "$dialect" --report-period-id "$rp" --output "csv:$WORK/run.csv" --threads 1 --quiet
    table_csv_without_uuid "(SELECT * FROM $TABLE WHERE report_period_id = $rp)" >"$WORK/pg.txt"
    strip_uuid_sorted "$WORK/run.csv" >"$WORK/csv.txt"
    rows=$(($(wc -l <"$WORK/csv.txt") - 1))
    [ "$rows" -gt 10 ] || fail "$dialect $month: only $rows rows; the test data is too small"
    if ! diff -u "$WORK/csv.txt" "$WORK/pg.txt" >"$WORK/diff.txt"; then
      head -20 "$WORK/diff.txt" >&2
      fail "$dialect $month: PostgreSQL's COPY text differs from the csv: output"
    fi
    echo "ok: $dialect $month: $rows rows equal"
  done
done
