#!/usr/bin/env bash
# A month's summary read from S3 against the same files on local disk (issue 6): bytes fetched
# against the bytes of the objects read (only footers and projected column chunks should travel),
# requests, and wall time for both, same run.
#
#   bench/s3_summary.sh [--size 1m|10m] [--repeat N]
#
# Input: build/bench-data/month_<size> (made when missing with the arguments of
# bench/summary/run.sh). The files are uploaded byte for byte (curl's own SigV4 signer, 4 at a
# time) to the S3 test server of scripts/with-services (s3rver behind tools/node/s3_server.mjs, on
# loopback); without S3_ENDPOINT this script runs itself under scripts/with-services. Both runs
# write csv: output; the outputs must agree (uuids aside), else exit status 1. Best wall time of N
# runs (default 3) each; the traffic numbers are those of the last S3 run.
#
# What the numbers mean:
#   object bytes   sizes of the Parquet objects the summary opened (its input_bytes)
#   bytes fetched  response bodies received: listings, the 64 KiB footer reads, coalesced chunk
#                  ranges (holes under 64 KiB between projected chunks are fetched and dropped)
# The S3 server is node + s3rver on the same 2 cores, so the wall time includes its CPU; over a
# network the latency per request matters more (requests are issued 8 at a time per reader).
set -euo pipefail
cd "$(dirname "$0")/.."

ocpagg=${OCPAGG:-build/release/src/cli/ocpagg}
size=1m
repeat=3
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    *) echo "usage: $0 [--size 1m|10m] [--repeat N]" >&2; exit 2 ;;
  esac
done
[ -x "$ocpagg" ] || { echo "s3_summary.sh: no $ocpagg (cmake --preset release && cmake --build build/release --target ocpagg)" >&2; exit 2; }
ocpagg=$(realpath "$ocpagg")
if [ -z "${S3_ENDPOINT:-}" ]; then
  OCPAGG=$ocpagg exec scripts/with-services "$0" --size "$size" --repeat "$repeat"
fi

data=build/bench-data/month_$size
if [ ! -f "$data/ocpagg.yaml" ]; then
  case "$size" in
    1m) args="--rows 1000000 --days 30 --nodes 20 --namespaces 40 --seed 1" ;;
    10m) args="--rows 10000000 --days 30 --nodes 120 --namespaces 150 --seed 1" ;;
    *) echo "s3_summary.sh: unknown size $size" >&2; exit 2 ;;
  esac
  # shellcheck disable=SC2086
  "$ocpagg" generate --out "$data" --start 2025-10-01 $args --quiet
fi
work=$(mktemp -d /tmp/ocpagg-s3bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
bucket=${OCPAGG_TEST_S3_BUCKET:-ocpagg-test}
prefix="bench-$size-$$"

# Upload: every file under the data folder, keys URL-encoded ('=' as %3D) for curl's signer.
started=$(date +%s.%N)
(cd "$data" && find . -type f -printf '%P\n') | while read -r rel; do
  enc=$(printf '%s' "$prefix/$rel" | sed 's/=/%3D/g')
  printf '%s\t%s\n' "$rel" "$enc"
done | xargs -P 4 -d '\n' -n 1 bash -c '
  rel=${0%%	*}; enc=${0#*	}
  curl -sS --fail --aws-sigv4 "aws:amz:$AWS_REGION:s3" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" -T "'"$data"'/$rel" "$S3_ENDPOINT/'"$bucket"'/$enc" >/dev/null'
upload_s=$(echo "$(date +%s.%N) - $started" | bc)
total_bytes=$(du -sb "$data" | cut -f1)

best() { sort -n | head -1; }
run() {  # input output-csv log -> seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$ocpagg" summarize --input "$1" --month 2025-10 --output "csv:$2" --log-format json --progress \
    2>"$3" >/dev/null
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
local_times=() s3_times=()
for ((i = 0; i < repeat; i++)); do
  local_times+=("$(run "$data" "$work/local.csv" "$work/local.log")")
  s3_times+=("$(run "s3://$bucket/$prefix" "$work/s3.csv" "$work/s3.log")")
done
strip() { head -1 "$1" | cut -d, -f2-; tail -n +2 "$1" | cut -d, -f2- | LC_ALL=C sort; }
if ! cmp -s <(strip "$work/local.csv") <(strip "$work/s3.csv"); then
  echo "s3_summary.sh: the summaries from S3 and local disk differ" >&2
  exit 1
fi
s3=$(grep '"event": "s3"' "$work/s3.log")
field() { echo "$s3" | sed "s/.*\"$1\": \\([0-9]*\\).*/\\1/"; }
done_line=$(grep '"event": "done"' "$work/s3.log")
files=$(echo "$done_line" | sed 's/.*"input_files": \([0-9]*\).*/\1/')
rows=$(echo "$done_line" | sed 's/.*"rows_read": \([0-9]*\).*/\1/')
objects=$(field object_bytes)
fetched=$(field bytes_fetched)
mib() { echo "scale=1; $1 / 1048576" | bc; }
printf 'month_%s: %s files read (%s rows), %s MiB uploaded in %.1f s (all report types and months)\n' \
  "$size" "$files" "$rows" "$(mib "$total_bytes")" "$upload_s"
printf '%-12s %10s %14s %14s %9s %9s\n' source wall_s object_MiB fetched_MiB fetched requests
printf '%-12s %10.2f %14s %14s %9s %9s\n' local "$(printf '%s\n' "${local_times[@]}" | best)" \
  "$(mib "$objects")" - - -
printf '%-12s %10.2f %14s %14s %8s%% %9s\n' s3 "$(printf '%s\n' "${s3_times[@]}" | best)" \
  "$(mib "$objects")" "$(mib "$fetched")" "$(echo "scale=1; 100 * $fetched / $objects" | bc)" \
  "$(field requests)"
echo "outputs equal (uuids aside)"
