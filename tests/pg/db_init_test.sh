#!/usr/bin/env bash
# Acceptance: `ocpagg db init` creates Koku's tables; a second run changes nothing (pg_dump of the
# schema identical), and on a schema whose tables exist already (as in a Koku database) it leaves
# them exactly as they are and only adds the missing ones.
source "$(dirname "$0")/lib.sh"

# pg_dump >= 15.14 brackets its output with \restrict KEY lines, KEY random per run.
dump() {
  pg_dump "$OCPAGG_TEST_PG_DSN" --schema="$SCHEMA" --no-owner | grep -v '^--' | grep -v '^$' \
    | grep -v '^\\\(un\)\?restrict '
}

"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" 2>"$WORK/err1"
grep -q "created 9 table" "$WORK/err1" || fail "first init: $(cat "$WORK/err1")"
dump >"$WORK/dump1.sql"
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" 2>"$WORK/err2"
grep -q "nothing changed" "$WORK/err2" || fail "second init: $(cat "$WORK/err2")"
dump >"$WORK/dump2.sql"
cmp -s "$WORK/dump1.sql" "$WORK/dump2.sql" || fail "the second db init changed the schema"
grep -q 'PARTITION BY RANGE (usage_start)' "$WORK/dump1.sql" || fail "summary table not partitioned"
for index in summary_ocp_usage_idx summary_namespace_idx summary_node_idx summary_data_source_idx \
  monthly_cost_type_idx cost_model_rate_type_idx all_labels_idx pod_labels_idx volume_labels_idx; do
  grep -q "CREATE INDEX $index ON ONLY $SCHEMA.reporting_ocpusagelineitem_daily_summary" "$WORK/dump1.sql" \
    || fail "index $index missing"
done
[ "$(psql_app -c "SELECT string_agg(namespace || '=' || cost_category_id, ',' ORDER BY id) FROM
  $SCHEMA.reporting_ocp_cost_category_namespace")" = "openshift-%=1,kube-%=1,Platform unallocated=1,openshift=1" ] \
  || fail "Koku's default cost-category patterns missing"
[ "$(psql_app -c "SELECT name FROM $SCHEMA.reporting_ocp_cost_category WHERE id = 1")" = Platform ] \
  || fail "Koku's Platform category is not id 1"
echo "ok: db init twice: identical schema dumps ($(wc -l <"$WORK/dump1.sql") lines)"

# A schema made by someone else (a Koku database): its tables differ from ours and must stay so.
psql_app -c "DROP SCHEMA $SCHEMA CASCADE" -c "CREATE SCHEMA $SCHEMA" \
  -c "CREATE TABLE $SCHEMA.reporting_ocp_cost_category_namespace (id serial PRIMARY KEY, namespace text, extra int)" \
  -c "INSERT INTO $SCHEMA.reporting_ocp_cost_category_namespace (namespace) VALUES ('mine-%')" \
  -c "CREATE TABLE $SCHEMA.reporting_enabledtagkeys (uuid uuid PRIMARY KEY, key text, enabled bool, provider_type text, koku_only int)" \
  -c "CREATE INDEX koku_index ON $SCHEMA.reporting_enabledtagkeys (key)"
table_dump() {
  pg_dump "$OCPAGG_TEST_PG_DSN" --table="$SCHEMA.$1" --no-owner | grep -v '^--' \
    | grep -v '^\\\(un\)\?restrict '
}
table_dump reporting_ocp_cost_category_namespace >"$WORK/ns_before.sql"
table_dump reporting_enabledtagkeys >"$WORK/keys_before.sql"
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" 2>"$WORK/err3"
grep -q "created 7 table" "$WORK/err3" || fail "init on an existing schema: $(cat "$WORK/err3")"
table_dump reporting_ocp_cost_category_namespace >"$WORK/ns_after.sql"
table_dump reporting_enabledtagkeys >"$WORK/keys_after.sql"
cmp -s "$WORK/ns_before.sql" "$WORK/ns_after.sql" || fail "db init changed an existing table"
cmp -s "$WORK/keys_before.sql" "$WORK/keys_after.sql" || fail "db init changed an existing table"
dump >"$WORK/dump3.sql"
"$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --quiet
dump >"$WORK/dump4.sql"
cmp -s "$WORK/dump3.sql" "$WORK/dump4.sql" || fail "a second db init on the existing schema changed it"
echo "ok: existing tables untouched, missing ones added"
