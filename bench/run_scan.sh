#!/usr/bin/env bash
# Whole-file scan, ocpagg against DuckDB, in one run (issue 2):
#   ocpagg  build/release/bench/scan_benchmark FILE --repeat N
#   DuckDB  node tools/node/duckdb_scan.mjs FILE --repeat N   (threads=1)
# Both compute sum(double), sum(epoch_ms(timestamp)) and sum(strlen(string)) over every column of
# the file; the script checks that the results agree (DOUBLE sums to a relative 1e-9, since the
# summation order may differ; integers exactly), prints a table and exits non-zero on a mismatch.
#
#   bench/run_scan.sh [FILE] [--repeat N]
#
# Builds nothing: run `cmake --preset release && cmake --build build/release` first. Without FILE,
# generates build/bench-data/pod_usage_10m.parquet (10M rows shaped like Koku's hourly pod usage,
# tools/node/make_pod_usage.mjs) if it is missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

file=""
repeat=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) file="$1"; shift ;;
  esac
done

scan="build/release/bench/scan_benchmark"
if [[ ! -x "$scan" ]]; then
  echo "run_scan.sh: $scan is missing;" \
       "run: cmake --preset release && cmake --build build/release" >&2
  exit 2
fi
if [[ ! -d tools/node/node_modules/@duckdb/node-api ]]; then
  echo "run_scan.sh: tools/node/node_modules lacks @duckdb/node-api; run scripts/setup" >&2
  exit 2
fi

if [[ -z "$file" ]]; then
  file="build/bench-data/pod_usage_10m.parquet"
  if [[ ! -f "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    echo "generating $file (10M rows) ..." >&2
    node tools/node/make_pod_usage.mjs "$file.tmp" 10000000 >&2
    mv "$file.tmp" "$file"
  fi
fi

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "machine: $(nproc) cores, $cpu," \
     "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(uname -sr)"
echo "file: $file ($(stat -c %s "$file") bytes), best of $repeat, one thread each"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Warm the page cache so that neither side pays for the first read.
cat "$file" >/dev/null
"$scan" "$file" --repeat "$repeat" --breakdown >"$tmp/ocpagg.json" 2>"$tmp/ocpagg.err" || {
  cat "$tmp/ocpagg.err" >&2
  exit 1
}
node tools/node/duckdb_scan.mjs "$file" --repeat "$repeat" \
  >"$tmp/duckdb.json" 2>"$tmp/duckdb.err" || {
  cat "$tmp/duckdb.err" >&2
  exit 1
}
cat "$tmp/ocpagg.err" "$tmp/duckdb.err"

python3 - "$tmp/ocpagg.json" "$tmp/duckdb.json" <<'EOF'
import json, sys

ours = json.load(open(sys.argv[1]))
theirs = json.load(open(sys.argv[2]))
bad = []
if ours["rows"] != theirs["rows"]:
    bad.append(f"rows: ocpagg {ours['rows']} != duckdb {theirs['rows']}")
if list(ours["sums"]) != list(theirs["sums"]):
    bad.append(f"columns differ: ocpagg {list(ours['sums'])} duckdb {list(theirs['sums'])}")
for name, a in ours["sums"].items():
    b = theirs["sums"].get(name)
    if b is None:
        continue
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        if abs(a - b) > 1e-9 * max(abs(a), abs(b)):
            rel = abs(a - b) / max(abs(a), abs(b))
            bad.append(f"{name}: ocpagg {a!r} duckdb {b!r} (relative {rel:.3g})")
    elif a != b:
        bad.append(f"{name}: ocpagg {a} != duckdb {b}")

o, d = ours["best_ms"], theirs["best_ms"]
rows = ours["rows"]
size = ours["file_bytes"]
print()
print(f"| {'engine':<8} | {'best ms':>9} | {'M rows/s':>9} | {'MB/s of file':>12} |")
print(f"|{'-' * 10}|{'-' * 11}|{'-' * 11}|{'-' * 14}|")
for name, ms in (("ocpagg", o), ("DuckDB", d)):
    print(f"| {name:<8} | {ms:>9.1f} | {rows / ms / 1e3:>9.1f} | {size / ms / 1e3:>12.1f} |")
print()
print(f"ocpagg / DuckDB time: {o / d:.2f}x (goal <= 0.50x: {'met' if o / d <= 0.5 else 'NOT met'})")
print(f"sums: {len(ours['sums'])} columns, " + ("all agree" if not bad else f"{len(bad)} DISAGREE"))
for line in bad:
    print("  " + line)
sys.exit(1 if bad else 0)
EOF
