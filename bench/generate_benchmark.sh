#!/usr/bin/env bash
# Generator speed: `ocpagg generate` in scale mode, 10M hourly pod rows (a month of a 50-node
# cluster), timed with /usr/bin/time -v for wall time and peak RSS.
#
#   bench/generate_benchmark.sh [OCPAGG_BINARY] [ROWS]
#
# Default binary: build/release/src/cli/ocpagg (cmake --preset release). Output goes to a temp
# folder that is removed afterwards. Prints one summary line per thread count (1, then all cores).
set -euo pipefail
bin=${1:-build/release/src/cli/ocpagg}
rows=${2:-10000000}
[[ -x $bin ]] || { echo "no binary at $bin (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
out=$(mktemp -d /tmp/ocpagg_genbench.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for threads in 1 0; do
  rm -rf "$out/data"
  /usr/bin/time -v "$bin" generate --out "$out/data" --nodes 50 --days 30 --rows "$rows" \
    --threads "$threads" --quiet 2>"$out/time.txt"
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$out/time.txt")
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
  cpu=$(sed -n 's/.*Percent of CPU this job got: //p' "$out/time.txt")
  files=$(find "$out/data" -name '*.parquet' | wc -l)
  size=$(du -sm "$out/data" | cut -f1)
  echo "rows=$rows threads=$([[ $threads == 0 ]] && echo all || echo $threads) wall=$wall" \
       "peak_rss=$((rss / 1024))MiB cpu=$cpu parquet_files=$files size=${size}MiB"
done
