#!/usr/bin/env bash
# ocpagg summarize vs DuckDB running bench/summary/koku_summary.mjs (our translation of Koku's
# Trino daily-summary SQL), same input files, same run. Builds nothing: expects the release
# binary (cmake --preset release && cmake --build build/release --target ocpagg).
#
#   bench/summary/run.sh [--sizes "1m 10m"] [--repeat N]
#
# For each size: generates build/bench-data/month_<size> when missing (ocpagg generate, 30 days of
# October 2025, one cluster), runs `ocpagg summarize --output csv:` and
# `node bench/summary/duckdb_summary.mjs` (DuckDB, threads=2) N times each (default 3), takes the
# best wall time (whole process, start to exit) and the highest peak RSS (/usr/bin/time -v
# "Maximum resident set size"; VmHWM polling when /usr/bin/time is missing), compares the two
# outputs with bench/summary/compare.mjs, and prints a table. Exit status 1 when any outputs
# disagree. Environment: OCPAGG (binary), BENCH_DATA (data folder), NODE (node binary),
# BENCH_NO_TIME=1 (use the VmHWM polling even when /usr/bin/time exists).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
ocpagg=${OCPAGG:-build/release/src/cli/ocpagg}
data=${BENCH_DATA:-build/bench-data}
node=${NODE:-node}
sizes="1m 10m"
repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes \"1m 10m\"] [--repeat N]" >&2; exit 2 ;;
  esac
done
[ -x "$ocpagg" ] || { echo "run.sh: no $ocpagg; build it: cmake --preset release && cmake --build build/release --target ocpagg" >&2; exit 2; }
[ -d tools/node/node_modules/@duckdb/node-api ] || { echo "run.sh: @duckdb/node-api missing (scripts/setup)" >&2; exit 2; }

# Generator arguments per size: 30 days, hourly pod rows capped at exactly N (the generator sizes
# the pods per node to reach it): 1m = 20 nodes, 40 user namespaces (~70 pods per node);
# 10m = 120 nodes, 150 user namespaces (~115 pods per node).
gen_args() {
  case "$1" in
    1m) echo "--rows 1000000 --days 30 --nodes 20 --namespaces 40 --seed 1" ;;
    10m) echo "--rows 10000000 --days 30 --nodes 120 --namespaces 150 --seed 1" ;;
    *) echo "run.sh: unknown size $1 (1m, 10m)" >&2; exit 2 ;;
  esac
}

have_time=0
[ -x /usr/bin/time ] && [ -z "${BENCH_NO_TIME:-}" ] && have_time=1
[ $have_time = 1 ] || echo "run.sh: /usr/bin/time missing (Debian package 'time'); peak RSS from /proc/PID/status VmHWM polling" >&2

now() { date +%s.%N; }
fsub() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a - b }'; }
fdiv() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
flt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
# measure OUT_PREFIX CMD...: runs CMD, writes wall seconds to OUT_PREFIX.wall and peak RSS KiB to
# OUT_PREFIX.rss; CMD's stdout to OUT_PREFIX.out. Fails when CMD fails.
measure() {
  local prefix=$1; shift
  local t0 t1 rc=0
  if [ $have_time = 1 ]; then
    t0=$(now)
    /usr/bin/time -v -o "$prefix.time" "$@" >"$prefix.out" || rc=$?
    t1=$(now)
    awk -F': ' '/Maximum resident set size/ {print $2}' "$prefix.time" >"$prefix.rss"
  else
    t0=$(now)
    "$@" >"$prefix.out" & local pid=$! hwm=0 v
    while kill -0 $pid 2>/dev/null; do
      v=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null || true)
      [ -n "$v" ] && [ "$v" -gt "$hwm" ] && hwm=$v
      sleep 0.02
    done
    wait $pid || rc=$?
    t1=$(now)
    echo "$hwm" >"$prefix.rss"
  fi
  fsub "$t1" "$t0" >"$prefix.wall"
  [ $rc = 0 ] || { echo "run.sh: failed ($rc): $*" >&2; cat "$prefix.out" >&2; exit 1; }
}

out=$data/summary_out
mkdir -p "$out"
status=0
rows_tab=()
echo "ocpagg: $ocpagg ($("$ocpagg" --version 2>/dev/null || echo '?')); DuckDB $(cd tools/node && $node -e "console.log(require('@duckdb/node-api/package.json').version)" 2>/dev/null || echo '?'), threads=2; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
for size in $sizes; do
  dir=$data/month_$size
  if [ ! -f "$dir/ocpagg.yaml" ]; then
    rm -rf "$dir"
    echo "generating $dir: ocpagg generate --out $dir $(gen_args "$size")"
    t0=$(now)
    # shellcheck disable=SC2046
    "$ocpagg" generate --out "$dir" $(gen_args "$size") --quiet
    printf '  took %.1f s, %s\n' "$(fsub "$(now)" "$t0")" "$(du -sh "$dir" | cut -f1)"
  fi
  best_o=; best_d=; best_q=; rss_o=0; rss_d=0
  for i in $(seq 1 "$repeat"); do
    measure "$out/ocpagg_$size" "$ocpagg" summarize --input "$dir" --month 2025-10 \
      --output "csv:$out/ocpagg_$size.csv" --quiet
    w=$(cat "$out/ocpagg_$size.wall"); r=$(cat "$out/ocpagg_$size.rss")
    if [ -z "$best_o" ] || flt "$w" "$best_o"; then best_o=$w; fi
    if [ "$r" -gt "$rss_o" ]; then rss_o=$r; fi
    measure "$out/duckdb_$size" "$node" bench/summary/duckdb_summary.mjs --input "$dir" --month 2025-10 \
      --output "$out/duckdb_$size.csv" --threads 2
    w=$(cat "$out/duckdb_$size.wall"); r=$(cat "$out/duckdb_$size.rss")
    qs=$(sed -n 's/.*"query_s":\([0-9.e+-]*\).*/\1/p' "$out/duckdb_$size.out")
    if [ -z "$best_d" ] || flt "$w" "$best_d"; then best_d=$w; fi
    if [ -z "$best_q" ] || flt "$qs" "$best_q"; then best_q=$qs; fi
    if [ "$r" -gt "$rss_d" ]; then rss_d=$r; fi
    printf '  %s run %d: ocpagg %.2f s %d MiB, DuckDB %.2f s (query %.2f s) %d MiB\n' "$size" "$i" \
      "$(cat "$out/ocpagg_$size.wall")" $(( $(cat "$out/ocpagg_$size.rss") / 1024 )) \
      "$w" "$qs" $(( r / 1024 ))
  done
  rows=$(( $(wc -l <"$out/ocpagg_$size.csv") - 1 ))
  echo "comparing $size ($rows summary rows):"
  if $node --max-old-space-size=8192 bench/summary/compare.mjs "$out/ocpagg_$size.csv" "$out/duckdb_$size.csv" | sed 's/^/  /'; then
    agree=yes
  else
    agree=NO; status=1
  fi
  hourly=$(sed -n 's/.*--rows \([0-9]*\).*/\1/p' <<<"$(gen_args "$size")")
  rows_tab+=("$(printf '| %s | %s | %.2f | %d | %.2f (%.2f) | %d | %.1fx | %s |' "$hourly" "$rows" "$best_o" \
    $((rss_o / 1024)) "$best_d" "$best_q" $((rss_d / 1024)) "$(fdiv "$best_d" "$best_o")" "$agree")")
done

echo
echo "| hourly pod rows | summary rows | ocpagg s | ocpagg peak MiB | DuckDB s (query) | DuckDB peak MiB | speed-up | outputs agree |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows_tab[@]}"
echo "(best wall of $repeat, whole process; peak RSS: highest of the runs; load now $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
