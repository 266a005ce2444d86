#!/usr/bin/env bash
# `ocpagg generate` output read by DuckDB (an independent Parquet implementation).
#
#   generate_duckdb_test.sh OCPAGG_BINARY PROJECT_SOURCE_DIR
#
# 1. Scenario 02 (manifest mode) and a small scale-mode set (2 clusters, 2 days, several files per
#    day) are generated.
# 2. DuckDB DESCRIBEs the hourly and the daily files of every report type: the column names, in
#    order, and the types must be the ones Koku's Trino tables see (ocp-daily-summary.md §1.3:
#    timestamps, doubles, varchar; daily files without interval_end, with node_role /
#    storage node+csi columns).
# 3. DuckDB's sums over the files equal the sums the generator printed (JSON on stdout), and the
#    daily files sum to the hourly ones.
set -euo pipefail

if (($# != 2)); then
  echo "usage: $0 OCPAGG_BINARY PROJECT_SOURCE_DIR" >&2
  exit 2
fi
ocpagg=$1
root=$2
query_tool="$root/tools/node/duckdb_query.mjs"
if [[ ! -d "$root/tools/node/node_modules/@duckdb/node-api" ]]; then
  echo "FAIL: @duckdb/node-api is not installed (run scripts/setup)" >&2
  exit 1
fi
query() { node "$query_tool" "$@"; }
tmp=$(mktemp -d /tmp/ocpagg_generate_duckdb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

"$ocpagg" generate --manifest "$root/tests/data/scenarios/ocp-only/02-storage-volume/manifest.yml" \
  --out "$tmp/s02" --seed 7 >"$tmp/s02.json"
"$ocpagg" generate --out "$tmp/scale" --clusters 2 --nodes 6 --pods 5 --namespaces 3 --days 2 \
  --file-rows 700 --seed 11 >"$tmp/scale.json"

T='TIMESTAMP'
D='DOUBLE'
V='VARCHAR'
pod_hourly="report_period_start:$T report_period_end:$T interval_start:$T interval_end:$T pod:$V \
namespace:$V node:$V resource_id:$V pod_usage_cpu_core_seconds:$D pod_request_cpu_core_seconds:$D \
pod_limit_cpu_core_seconds:$D pod_usage_memory_byte_seconds:$D pod_request_memory_byte_seconds:$D \
pod_limit_memory_byte_seconds:$D node_capacity_cpu_cores:$D node_capacity_cpu_core_seconds:$D \
node_capacity_memory_bytes:$D node_capacity_memory_byte_seconds:$D pod_labels:$V"
pod_eff="pod_effective_usage_cpu_core_seconds:$D pod_effective_usage_memory_byte_seconds:$D"
pod_daily="namespace:$V node:$V pod:$V pod_labels:$V interval_start:$T report_period_start:$T \
report_period_end:$T resource_id:$V pod_usage_cpu_core_seconds:$D pod_request_cpu_core_seconds:$D \
pod_effective_usage_cpu_core_seconds:$D pod_limit_cpu_core_seconds:$D \
pod_usage_memory_byte_seconds:$D pod_request_memory_byte_seconds:$D \
pod_effective_usage_memory_byte_seconds:$D pod_limit_memory_byte_seconds:$D \
node_capacity_cpu_cores:$D node_capacity_cpu_core_seconds:$D node_capacity_memory_bytes:$D \
node_capacity_memory_byte_seconds:$D node_role:$V"
storage_hourly="report_period_start:$T report_period_end:$T interval_start:$T interval_end:$T \
namespace:$V pod:$V node:$V persistentvolumeclaim:$V persistentvolume:$V storageclass:$V \
csi_driver:$V csi_volume_handle:$V persistentvolumeclaim_capacity_bytes:$D \
persistentvolumeclaim_capacity_byte_seconds:$D volume_request_storage_byte_seconds:$D \
persistentvolumeclaim_usage_byte_seconds:$D persistentvolume_labels:$V persistentvolumeclaim_labels:$V"
storage_daily="namespace:$V node:$V pod:$V persistentvolumeclaim:$V persistentvolume:$V \
storageclass:$V csi_driver:$V csi_volume_handle:$V persistentvolume_labels:$V \
persistentvolumeclaim_labels:$V interval_start:$T report_period_start:$T report_period_end:$T \
persistentvolumeclaim_capacity_bytes:$D persistentvolumeclaim_capacity_byte_seconds:$D \
volume_request_storage_byte_seconds:$D persistentvolumeclaim_usage_byte_seconds:$D"
node_hourly="report_period_start:$T report_period_end:$T interval_start:$T interval_end:$T node:$V node_labels:$V"
node_daily="node:$V node_labels:$V interval_start:$T report_period_start:$T report_period_end:$T"
ns_hourly="report_period_start:$T report_period_end:$T interval_start:$T interval_end:$T namespace:$V namespace_labels:$V"
ns_daily="namespace:$V namespace_labels:$V interval_start:$T report_period_start:$T report_period_end:$T"

# describe FILE -> "name:TYPE name:TYPE ..." (TIMESTAMP_MS shown as TIMESTAMP)
describe() {
  query "DESCRIBE SELECT * FROM read_parquet('$1', hive_partitioning = false)" |
    python3 -c 'import json,sys
print(" ".join(r[0] + ":" + ("TIMESTAMP" if r[1].startswith("TIMESTAMP") else r[1])
               for r in map(json.loads, sys.stdin)))'
}

check_schema() {  # check_schema DIR TYPE DAILY? EXPECTED
  local dir=$1 type=$2 daily=$3 expected=$4 file
  if [[ $daily == daily ]]; then
    file=$(find "$dir/data/parquet/daily" -path "*/OCP/$type/*" -name '*.parquet' | sort | head -1)
  else
    file=$(find "$dir/data/parquet" -path "*/OCP/$type/*" -not -path '*/daily/*' -name '*.parquet' | sort | head -1)
  fi
  [[ -n $file ]] || fail "no $daily $type file under $dir"
  local got
  got=$(describe "$file")
  [[ $got == "$(echo $expected)" ]] || fail "$file: schema
  got:      $got
  expected: $(echo $expected)"
  echo "ok: $type $daily schema ($(basename "$file"))"
}

for dir in "$tmp/s02" "$tmp/scale"; do
  check_schema "$dir" storage_usage hourly "$storage_hourly"
  check_schema "$dir" storage_usage daily "$storage_daily"
  check_schema "$dir" node_labels hourly "$node_hourly"
  check_schema "$dir" node_labels daily "$node_daily"
  check_schema "$dir" namespace_labels hourly "$ns_hourly"
  check_schema "$dir" namespace_labels daily "$ns_daily"
  check_schema "$dir" pod_usage daily "$pod_daily"
done
check_schema "$tmp/s02" pod_usage hourly "$pod_hourly $pod_eff"
# Scale mode: the first cluster reports the operator's node_role column.
first_source=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["sources"][0]["source"])' "$tmp/scale.json")
file=$(find "$tmp/scale/data/parquet/org1234567/OCP/pod_usage/source=$first_source" -name '*.parquet' | sort | head -1)
got=$(describe "$file")
[[ $got == "$(echo $pod_hourly node_role:$V $pod_eff)" ]] || fail "$file: schema $got"
echo "ok: pod_usage hourly schema with node_role"

# Sums: DuckDB over all files == the generator's summary; daily == hourly.
check_sums() {  # check_sums DIR JSON TYPE COLUMN
  local dir=$1 json=$2 type=$3 col=$4
  local hourly daily
  hourly=$(query "SELECT sum($col), count(*) FROM read_parquet('$dir/data/parquet/org1234567/OCP/$type/**/*.parquet')")
  daily=$(query "SELECT sum($col) FROM read_parquet('$dir/data/parquet/daily/org1234567/OCP/$type/**/*.parquet')")
  python3 - "$json" "$type" "$col" "$hourly" "$daily" <<'PY' || fail "sums of $type.$col in $dir"
import json, sys
summary = json.load(open(sys.argv[1]))
typ, col = sys.argv[2], sys.argv[3]
h_sum, h_rows = json.loads(sys.argv[4])
(d_sum,) = json.loads(sys.argv[5])
want = summary["sums"][f"{typ}.{col}"]
rows = summary["rows"][typ]
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
ok = close(float(h_sum), want) and close(float(d_sum), want) and int(h_rows) == rows
print(("ok" if ok else "MISMATCH") + f": {typ}.{col} duckdb hourly {h_sum} daily {d_sum} generator {want} rows {h_rows}/{rows}")
sys.exit(0 if ok else 1)
PY
}
for dir in s02 scale; do
  check_sums "$tmp/$dir" "$tmp/$dir.json" pod_usage pod_usage_cpu_core_seconds
  check_sums "$tmp/$dir" "$tmp/$dir.json" pod_usage pod_effective_usage_memory_byte_seconds
  check_sums "$tmp/$dir" "$tmp/$dir.json" storage_usage persistentvolumeclaim_usage_byte_seconds
done
# Scenario 02's documented numbers (nise-manifests.md §6.2).
got=$(query "SELECT sum(pod_usage_cpu_core_seconds)/3600, sum(pod_usage_memory_byte_seconds)/3600/1073741824 FROM read_parquet('$tmp/s02/data/parquet/daily/org1234567/OCP/pod_usage/**/*.parquet')")
[[ $got == "[460.8,1728]" ]] || fail "scenario 02 pod core-hours / GiB-hours: $got"
labels=$(query "SELECT DISTINCT persistentvolume_labels FROM read_parquet('$tmp/s02/data/parquet/org1234567/OCP/storage_usage/**/*.parquet')")
[[ $labels == '["{\"storage\": \"database\", \"backup\": \"enabled\"}"]' ]] || fail "label JSON: $labels"
echo "ok: scenario 02 totals and label JSON"
echo "PASS"
