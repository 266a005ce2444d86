#!/usr/bin/env bash
# ocpagg's Parquet writer, read by DuckDB (an independent implementation).
#
#   writer_duckdb_test.sh PARQUET_WRITE_SAMPLE PROJECT_SOURCE_DIR
#
# parquet_write_sample writes one file per codec (and a DATA_PAGE_V2 file) with every supported
# type, nulls, 3 row groups and a string column whose dictionary falls back to PLAIN, and prints
# the rows it wrote as JSON lines. For each file, DuckDB must:
#   1. see the schema: BIGINT, BOOLEAN, INTEGER, BIGINT, DOUBLE, DOUBLE, VARCHAR, VARCHAR,
#      TIMESTAMP (or TIMESTAMP_MS), DATE;
#   2. read identical rows (compared after a JSON parse/print round trip on both sides, so that
#      number formatting does not matter);
#   3. list RLE_DICTIONARY and PLAIN in the encodings of the fallback column in every row group,
#      and report the file's codec;
#   4. find in the footer statistics exactly the min, max and null count it computes itself;
#   5. answer filter queries (which DuckDB prunes with those statistics) as the expected rows do.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 PARQUET_WRITE_SAMPLE PROJECT_SOURCE_DIR" >&2
  exit 2
fi
sample=$1
root=$2
query_tool="$root/tools/node/duckdb_query.mjs"
if [[ ! -d "$root/tools/node/node_modules/@duckdb/node-api" ]]; then
  echo "FAIL: @duckdb/node-api is not installed (run scripts/setup)" >&2
  exit 1
fi
query() { node "$query_tool" "$@"; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$sample" "$work" >"$work/files.txt"

# JSON lines -> canonical JSON lines (JavaScript's number formatting).
normalize() {
  node -e '
    const lines = require("fs").readFileSync(0, "utf8").split("\n").filter((l) => l !== "");
    process.stdout.write(lines.map((l) => JSON.stringify(JSON.parse(l))).join("\n") + "\n");'
}
normalize <"$work/expected.jsonl" >"$work/expected.norm"

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

columns="id, b, i32, i64, f64, f64f, s, s_hi, epoch_ms(ts) AS ts, (d - DATE '1970-01-01')::INTEGER AS d"
expected_schema='["id","BIGINT"]
["b","BOOLEAN"]
["i32","INTEGER"]
["i64","BIGINT"]
["f64","DOUBLE"]
["f64f","DOUBLE"]
["s","VARCHAR"]
["s_hi","VARCHAR"]
["ts","TIMESTAMP"]
["d","DATE"]'

while read -r file; do
  name=$(basename "$file")
  src="read_parquet('$file')"
  echo "== $name"

  # 1. Schema.
  schema=$(query "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM $src)" |
    sed 's/"TIMESTAMP_MS"/"TIMESTAMP"/')
  if [[ "$schema" != "$expected_schema" ]]; then
    fail "$name: DuckDB schema differs:"$'\n'"$(diff <(echo "$expected_schema") <(echo "$schema") || true)"
  fi

  # 2. Rows.
  query "SELECT $columns FROM $src ORDER BY id" | normalize >"$work/got.norm"
  if ! diff -q "$work/expected.norm" "$work/got.norm" >/dev/null; then
    fail "$name: rows differ (expected < > DuckDB):"$'\n'"$(diff "$work/expected.norm" "$work/got.norm" | head -20)"
  fi

  # 3. Encodings of the fallback column, row groups, codec.
  codec=$(echo "$name" | sed -E 's/^sample_([a-z]+).*/\1/' | tr '[:lower:]' '[:upper:]')
  meta=$(query "SELECT count(DISTINCT row_group_id),
                       count(*) FILTER (path_in_schema = 's_hi' AND encodings LIKE '%RLE_DICTIONARY%'
                                        AND encodings LIKE '%PLAIN%'),
                       count(*) FILTER (path_in_schema = 's' AND encodings LIKE '%RLE_DICTIONARY%'),
                       count(*) FILTER (compression <> '$codec')
                FROM parquet_metadata('$file')")
  if [[ "$meta" != '["3","3","3","0"]' ]]; then
    fail "$name: parquet_metadata [row groups, s_hi dict+plain chunks, s dict chunks, chunks not $codec] = $meta, expected [3,3,3,0]"
    query "SELECT row_group_id, path_in_schema, encodings, compression FROM parquet_metadata('$file')" >&2
  fi

  # 4. Footer statistics against DuckDB's own aggregates, per row group and column. (f64 holds
  #    NaN and infinities, for which DuckDB shows no statistics; f64f is finite.)
  aggregates=""
  for c in b i32 i64 f64f s s_hi ts d; do
    aggregates+="${aggregates:+ UNION ALL }SELECT file_row_number // 10000 AS rg, '$c' AS col,
      min($c)::VARCHAR AS mn, max($c)::VARCHAR AS mx, count(*) - count($c) AS nc
      FROM read_parquet('$file', file_row_number = true) GROUP BY ALL"
  done
  stats_diff=$(query "WITH m AS (SELECT row_group_id AS rg, path_in_schema AS col, stats_min_value AS mn,
                                        stats_max_value AS mx, stats_null_count AS nc
                                 FROM parquet_metadata('$file')
                                 WHERE path_in_schema IN ('b','i32','i64','f64f','s','s_hi','ts','d')),
                           a AS ($aggregates)
                      (SELECT 'footer', * FROM m EXCEPT SELECT 'footer', * FROM a)
                      UNION ALL
                      (SELECT 'duckdb', * FROM a EXCEPT SELECT 'duckdb', * FROM m)
                      ORDER BY ALL")
  if [[ -n "$stats_diff" ]]; then
    fail "$name: footer statistics differ from DuckDB's aggregates:"$'\n'"$stats_diff"
  fi

  # 5. Filters (pruned with the statistics), against the same predicates over the expected rows.
  #    (DuckDB orders NaN above every number, hence the isnan exclusion.)
  # Columns of expected.jsonl: 0 id, 1 b, 2 i32, 3 i64, 4 f64, 5 f64f, 6 s, 7 s_hi, 8 ts, 9 d.
  got=$(query "SELECT
      count(*) FILTER (f64 > 1e308 AND NOT isnan(f64)), count(*) FILTER (f64 < -1e308), count(*) FILTER (isnan(f64)),
      count(*) FILTER (i32 BETWEEN -10 AND 10), count(*) FILTER (s = 'gamma'),
      count(*) FILTER (s_hi < 'node-2'), count(*) FILTER (epoch_ms(ts) >= 1700500000000),
      count(*) FILTER (b), count(*) FILTER (f64f < -60)
    FROM $src")
  want=$(node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n")
      .filter((l) => l !== "").map((l) => JSON.parse(l));
    const count = (f) => String(rows.filter(f).length);
    console.log(JSON.stringify([
      count((r) => r[4] === "Infinity"), count((r) => r[4] === "-Infinity"),
      count((r) => r[4] === "NaN"), count((r) => r[2] !== null && r[2] >= -10 && r[2] <= 10),
      count((r) => r[6] === "gamma"), count((r) => r[7] !== null && r[7] < "node-2"),
      count((r) => r[8] !== null && BigInt(r[8]) >= 1700500000000n), count((r) => r[1] === true),
      count((r) => r[5] !== null && r[5] < -60)]));' "$work/expected.jsonl")
  if [[ "$got" != "$want" ]]; then
    fail "$name: filter counts differ: DuckDB $got, expected $want"
  fi
done <"$work/files.txt"

if ((failures > 0)); then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "OK: $(wc -l <"$work/files.txt") files read identically by DuckDB"
