#!/usr/bin/env bash
# Acceptance: running twice gives the same table (uuids aside), and the rows a run must not touch
# stay exactly as they were: another source's rows (another report period), the same source's rows
# of another report period, and OCP-on-cloud rows (non-zero infrastructure_raw_cost) on the same
# days and report period (spec §2.0 4a).
# --threads 1: with several worker threads the unallocated rows' float sums can differ in the
# last digit from run to run (the engine's summation order follows the scheduling).
source "$(dirname "$0")/lib.sh"

"$OCPAGG" generate --out "$WORK/data" --nodes 3 --pods 5 --days 3 --start 2025-10-01 --quiet
init_schema_from_config "$WORK/data/ocpagg.yaml"
run() {
  "$OCPAGG" summarize --input "$WORK/data" --month 2025-10 --output "$OCPAGG_TEST_PG_DSN" \
    --schema "$SCHEMA" --threads 1 --quiet
}
run
source_uuid=$(sed -n 's/^source: //p' "$WORK/data/ocpagg.yaml")
rp=$(report_period_of "$source_uuid")
own="report_period_id = $rp AND coalesce(infrastructure_raw_cost, 0) = 0"
table_csv_without_uuid "(SELECT * FROM $TABLE WHERE $own)" >"$WORK/first.txt"

other=11111111-2222-4333-8444-555555555555
psql_app <<SQL
INSERT INTO $SCHEMA.reporting_tenant_api_provider (uuid, name, type) VALUES ('$other', 'other', 'OCP');
INSERT INTO $SCHEMA.reporting_ocpusagereportperiod (cluster_id, report_period_start, report_period_end, provider_id)
  VALUES ('other-cluster', '2025-10-01 00:00:00+00', '2025-11-01 00:00:00+00', '$other'),
         ('ocp-cluster-01', '2025-09-01 00:00:00+00', '2025-10-01 00:00:00+00', '$source_uuid');
CREATE TEMP TABLE x AS SELECT * FROM $TABLE WHERE report_period_id = $rp ORDER BY usage_start, namespace, node LIMIT 4;
-- another source (its own report period), same days
INSERT INTO $TABLE SELECT (jsonb_populate_record(x, jsonb_build_object('uuid', gen_random_uuid(),
  'source_uuid', '$other', 'cluster_id', 'other-cluster',
  'report_period_id', (SELECT id FROM $SCHEMA.reporting_ocpusagereportperiod WHERE provider_id = '$other')))).* FROM x;
-- the same source under another report period, same days
INSERT INTO $TABLE SELECT (jsonb_populate_record(x, jsonb_build_object('uuid', gen_random_uuid(),
  'report_period_id', (SELECT id FROM $SCHEMA.reporting_ocpusagereportperiod
                       WHERE provider_id = '$source_uuid' AND report_period_start = '2025-09-01')))).* FROM x;
-- OCP-on-cloud rows: same report period and days, infrastructure_raw_cost 5.0
INSERT INTO $TABLE SELECT (jsonb_populate_record(x, jsonb_build_object('uuid', gen_random_uuid(),
  'infrastructure_raw_cost', 5.0, 'namespace', 'cloud-' || x.namespace))).* FROM x;
SQL
foreign=$(psql_app -c "SELECT count(*) FROM $TABLE WHERE NOT ($own)")
[ "$foreign" = 12 ] || fail "expected 12 foreign rows, have $foreign"
psql_app -c "COPY (SELECT * FROM $TABLE WHERE NOT ($own) ORDER BY uuid) TO STDOUT" >"$WORK/foreign_before.txt"

run
table_csv_without_uuid "(SELECT * FROM $TABLE WHERE $own)" >"$WORK/second.txt"
psql_app -c "COPY (SELECT * FROM $TABLE WHERE NOT ($own) ORDER BY uuid) TO STDOUT" >"$WORK/foreign_after.txt"
diff -u "$WORK/first.txt" "$WORK/second.txt" | head -20 >&2 || true
cmp -s "$WORK/first.txt" "$WORK/second.txt" || fail "the second run gave another table"
cmp -s "$WORK/foreign_before.txt" "$WORK/foreign_after.txt" || fail "rows of other sources, report periods or OCP-on-cloud rows changed"
n=$(($(wc -l <"$WORK/second.txt") - 1))
[ "$n" -gt 10 ] || fail "only $n rows"
echo "ok: $n rows identical after a second run; 12 foreign rows untouched"
