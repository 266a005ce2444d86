# Helpers of the PostgreSQL acceptance tests (sourced). Each test gets its own schema, so tests can
# run in parallel against the one server scripts/with-services starts.
#
#   OCPAGG     the ocpagg binary (first argument of every test)
#   SCHEMA     this test's tenant schema (dropped at exit)
#   WORK       a scratch folder (removed at exit)
set -euo pipefail

if [ -z "${OCPAGG_TEST_PG_DSN:-}" ]; then
  echo "FAIL: OCPAGG_TEST_PG_DSN is not set. The PostgreSQL tests need the throwaway server that" \
    "scripts/with-services starts: run them through scripts/test, or" \
    "scripts/with-services ctest --test-dir BUILD_DIR" >&2
  exit 1
fi

OCPAGG=$1
SCHEMA="t_$(basename "$0" .sh | tr -c 'a-z0-9_\n' '_')_$$"
WORK=$(mktemp -d /tmp/ocpagg-pgtest.XXXXXX)
TABLE="$SCHEMA.reporting_ocpusagelineitem_daily_summary"

psql_app() { psql "$OCPAGG_TEST_PG_DSN" -X -v ON_ERROR_STOP=1 -Atq "$@"; }
psql_admin() { psql "$OCPAGG_TEST_PG_ADMIN" -X -v ON_ERROR_STOP=1 -Atq "$@"; }

cleanup_pgtest() {
  psql_app -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup_pgtest EXIT

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# The summary table as PostgreSQL prints it (COPY ... CSV HEADER), without the uuid column,
# header first and rows sorted: what two runs must agree on.
table_csv_without_uuid() {
  # (A partitioned table cannot be COPY-ed TO directly; COPY (SELECT ...) prints the same text.)
  psql_app -c "COPY ${1:-(SELECT * FROM $TABLE)} TO STDOUT WITH (FORMAT csv, HEADER)" >"$WORK/table.raw"
  strip_uuid_sorted "$WORK/table.raw"
}
# The same for a CSV file: drop the first field (uuid, which never holds a comma), sort the rows.
strip_uuid_sorted() {
  head -1 "$1" | cut -d, -f2-
  tail -n +2 "$1" | cut -d, -f2- | LC_ALL=C sort
}
# Every row with its uuid, sorted: a table that must not change at all.
table_exact() {
  psql_app -c "COPY (SELECT * FROM $TABLE ORDER BY uuid) TO STDOUT WITH (FORMAT csv)"
}

# Makes the schema and copies the data's side inputs (ocpagg.yaml) into it, so that a PostgreSQL
# run and a csv: run with that config see the same enabled keys and cost categories.
init_schema_from_config() {
  local config=$1
  "$OCPAGG" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$SCHEMA" --quiet
  local keys
  keys=$(sed -n 's/^enabled_tag_keys: \[\(.*\)\]$/\1/p' "$config" | tr -d ' ')
  psql_app -c "INSERT INTO $SCHEMA.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
      SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(string_to_array('$keys', ',')) k
      ON CONFLICT DO NOTHING"
  # Koku's four defaults are there; add the config's other patterns (category 2 and up).
  sed -n 's/^  - {id: \([0-9]*\), namespace: "\(.*\)"}$/\1 \2/p' "$config" | while read -r id ns; do
    [ "$id" = 1 ] && continue
    psql_app -c "INSERT INTO $SCHEMA.reporting_ocp_cost_category (id, name, description, source_type,
        system_default, label) OVERRIDING SYSTEM VALUE VALUES ($id, 'category $id', '', 'OCP', false,
        '{}') ON CONFLICT DO NOTHING" \
      -c "INSERT INTO $SCHEMA.reporting_ocp_cost_category_namespace (namespace, system_default,
        cost_category_id) VALUES ('$ns', false, $id) ON CONFLICT DO NOTHING"
  done
}

# The report period id of the schema's only period for a source.
report_period_of() {
  psql_app -c "SELECT id FROM $SCHEMA.reporting_ocpusagereportperiod WHERE provider_id = '$1' ORDER BY id LIMIT 1"
}

# Stops / starts the shared server (only in tests marked RUN_SERIAL).
pg_server() {
  # shellcheck disable=SC2086
  $OCPAGG_TEST_PG_RUNAS "$OCPAGG_TEST_PG_CTL" -D "$OCPAGG_TEST_PG_DATA" -l "$OCPAGG_TEST_PG_LOG" \
    -w -t 30 -m fast -o "$OCPAGG_TEST_PG_OPTS" "$1" >/dev/null
}
