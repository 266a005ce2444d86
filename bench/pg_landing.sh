#!/usr/bin/env bash
# PostgreSQL landing speed (issue 5): rows/s of ocpagg landing a month's summary in Koku's indexed
# reporting_ocpusagelineitem_daily_summary (binary COPY, one transaction) against psql's
# `\copy ... (FORMAT csv, HEADER)` of the same rows as CSV text into the same, emptied table, in
# the same run.
#
#   bench/pg_landing.sh [OCPAGG_BINARY] [DATA_DIR]
#   PG_LANDING_BARE=1 bench/pg_landing.sh ...   # same, after dropping every index but the primary
#                                               # key and the foreign keys (what they cost)
#
# Defaults: build/release/src/cli/ocpagg and build/bench-data/month_10m (made when missing with the
# command of bench/summary/run.sh: 10M hourly pod rows, 30 days, 120 nodes, 150 namespaces).
# Needs PostgreSQL: without OCPAGG_TEST_PG_DSN it runs itself under scripts/with-services (a
# throwaway PostgreSQL 15 with fsync=off; the table and indexes are Koku's, from `ocpagg db init`).
#
# What is measured:
#   ocpagg   `landing.seconds` of `summarize --log-format json`: wall time spent inside the
#            PostgreSQL sink (connect, partition check, DELETE, every COPY, node upsert, COMMIT).
#            Encoding the rows runs on the summary's worker threads (Prepare) and is not in it;
#            the summary computation runs at the same time on the same 2 cores. The whole run's
#            wall time is printed too.
#   psql     wall time of `psql -c "\copy ... FROM 'summary.csv' (FORMAT csv, HEADER)"` (reading
#            and sending the CSV, the server parsing it, indexes, commit), the file in page cache.
# Both land into the table emptied by TRUNCATE (partitions kept), with all of Koku's indexes.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-build/release/src/cli/ocpagg}
data=${2:-build/bench-data/month_10m}
bin=$(realpath "$bin")
if [ -z "${OCPAGG_TEST_PG_DSN:-}" ]; then
  exec scripts/with-services "$0" "$bin" "$data"
fi
[[ -x $bin ]] || { echo "no binary at $bin (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
if [ ! -f "$data/ocpagg.yaml" ]; then
  "$bin" generate --out "$data" --rows 10000000 --days 30 --nodes 120 --namespaces 150 --seed 1 --quiet
fi
month_dir=$(ls -d "$data"/data/parquet/*/*/OCP/pod_usage/source=*/year=*/month=* 2>/dev/null | head -1)
[ -n "$month_dir" ] || month_dir=$(find "$data/data/parquet" -path '*pod_usage*' -name 'month=*' -type d | head -1)
year=$(echo "$month_dir" | sed 's/.*year=\([0-9]*\).*/\1/')
month=$(echo "$month_dir" | sed 's/.*month=\([0-9]*\).*/\1/')
work=$(mktemp -d /tmp/ocpagg_pgbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
schema=bench_landing
table="$schema.reporting_ocpusagelineitem_daily_summary"
psql_() { psql "$OCPAGG_TEST_PG_DSN" -X -v ON_ERROR_STOP=1 -Atq "$@"; }

# Koku's schema, with the data's enabled keys and cost categories, so that both sides land the
# rows of the same summary.
psql_ -c "DROP SCHEMA IF EXISTS $schema CASCADE"
"$bin" db init --dsn "$OCPAGG_TEST_PG_DSN" --schema "$schema" --quiet
keys=$(sed -n 's/^enabled_tag_keys: \[\(.*\)\]$/\1/p' "$data/ocpagg.yaml" | tr -d ' ')
psql_ -c "INSERT INTO $schema.reporting_enabledtagkeys (uuid, key, enabled, provider_type)
  SELECT gen_random_uuid(), k, true, 'OCP' FROM unnest(string_to_array('$keys', ',')) k"
sed -n 's/^  - {id: \([0-9]*\), namespace: "\(.*\)"}$/\1 \2/p' "$data/ocpagg.yaml" | while read -r id ns; do
  [ "$id" = 1 ] && continue
  psql_ -c "INSERT INTO $schema.reporting_ocp_cost_category (id, name, description, source_type,
      system_default, label) OVERRIDING SYSTEM VALUE VALUES ($id, 'category $id', '', 'OCP', false,
      '{}') ON CONFLICT DO NOTHING" \
    -c "INSERT INTO $schema.reporting_ocp_cost_category_namespace (namespace, system_default,
      cost_category_id) VALUES ('$ns', false, $id) ON CONFLICT DO NOTHING"
done

if [ "${PG_LANDING_BARE:-0}" = 1 ]; then
  for index in $(psql_ -c "SELECT indexrelid::regclass FROM pg_index WHERE indrelid = '$table'::regclass
      AND NOT indisprimary"); do
    psql_ -c "DROP INDEX $index"
  done
  for fk in $(psql_ -c "SELECT conname FROM pg_constraint WHERE conrelid = '$table'::regclass AND contype = 'f'"); do
    psql_ -c "ALTER TABLE $table DROP CONSTRAINT $fk"
  done
  echo "variant: no secondary indexes, no foreign keys (primary key kept)"
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //');" \
  "PostgreSQL $(psql_ -c 'SHOW server_version'), fsync=$(psql_ -c 'SHOW fsync')"
echo "data: $data, month $year-$month"

# 1. ocpagg into PostgreSQL (creates the report period and the month's partition, empty table).
start=$(date +%s.%N)
"$bin" summarize --input "$data" --month "$year-$month" --output "$OCPAGG_TEST_PG_DSN" \
  --schema "$schema" --log-format json 2>"$work/pg.json"
end=$(date +%s.%N)
pg_wall=$(echo "$end - $start" | bc -l)
landing=$(grep -o '"landing": {[^}]*}' "$work/pg.json")
field() { echo "$landing" | sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }
rows=$(field rows)
landing_s=$(field seconds)
copy_s=$(field copy_seconds)
rp=$(sed -n 's/.*"report_period_id": \([0-9]*\).*/\1/p' "$work/pg.json")
count=$(psql_ -c "SELECT count(*) FROM $table")
[ "$count" = "$rows" ] || { echo "table holds $count rows, ocpagg reported $rows" >&2; exit 1; }

# 2. The same summary as CSV (PostgreSQL's COPY text), for psql.
start=$(date +%s.%N)
"$bin" summarize --input "$data" --month "$year-$month" --report-period-id "$rp" \
  --output "csv:$work/summary.csv" --quiet
end=$(date +%s.%N)
csv_wall=$(echo "$end - $start" | bc -l)
csv_rows=$(($(wc -l <"$work/summary.csv") - 1))
[ "$csv_rows" = "$rows" ] || { echo "csv has $csv_rows rows, PostgreSQL $rows" >&2; exit 1; }

# 3. psql \copy of the CSV into the emptied table.
psql_ -c "TRUNCATE $table" -c "CHECKPOINT" 2>/dev/null || psql_ -c "TRUNCATE $table"
cat "$work/summary.csv" >/dev/null  # page cache
start=$(date +%s.%N)
psql_ -c "\\copy $table FROM '$work/summary.csv' (FORMAT csv, HEADER)"
end=$(date +%s.%N)
psql_s=$(echo "$end - $start" | bc -l)
[ "$(psql_ -c "SELECT count(*) FROM $table")" = "$rows" ] || { echo "psql landed another count" >&2; exit 1; }

# 4. ocpagg again into the emptied table (the order of 1 and 3 does not favour either side).
psql_ -c "TRUNCATE $table"
start=$(date +%s.%N)
"$bin" summarize --input "$data" --month "$year-$month" --output "$OCPAGG_TEST_PG_DSN" \
  --schema "$schema" --log-format json 2>"$work/pg2.json"
end=$(date +%s.%N)
pg_wall2=$(echo "$end - $start" | bc -l)
landing=$(grep -o '"landing": {[^}]*}' "$work/pg2.json")
landing_s2=$(field seconds)
copy_s2=$(field copy_seconds)
best=$(echo "if ($landing_s2 < $landing_s) $landing_s2 else $landing_s" | bc -l)

printf '%-44s %10s %12s\n' "side" "seconds" "rows/s"
printf '%-44s %10.2f %12.0f\n' "ocpagg landing (run 1; COPY $copy_s s)" "$landing_s" "$(echo "$rows / $landing_s" | bc -l)"
printf '%-44s %10.2f %12.0f\n' "ocpagg landing (run 2; COPY $copy_s2 s)" "$landing_s2" "$(echo "$rows / $landing_s2" | bc -l)"
printf '%-44s %10.2f %12.0f\n' "psql \\copy CSV" "$psql_s" "$(echo "$rows / $psql_s" | bc -l)"
printf '%-44s %10.2f\n' "ocpagg whole run into PostgreSQL (run 1, 2)" "$pg_wall"
printf '%-44s %10.2f\n' "" "$pg_wall2"
printf '%-44s %10.2f\n' "ocpagg whole run into csv:" "$csv_wall"
echo "rows: $rows ($(du -m "$work/summary.csv" | cut -f1) MiB of CSV)"
printf 'ratio (psql seconds / best ocpagg landing seconds): %.2fx\n' "$(echo "$psql_s / $best" | bc -l)"
psql_ -c "SET client_min_messages = warning" -c "DROP SCHEMA $schema CASCADE"
