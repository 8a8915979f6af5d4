#!/usr/bin/env bash
# End to end: the `map` command as a process on a generated corpus file: MB/s, peak RSS and CPU use,
# writing the events to /dev/null (the pipeline's own cost) and to a file (what a user runs).
# Usage: tests/DefenderIosGen.Benchmarks/end-to-end.sh [SIZE, default 1GB] [WORK FOLDER, default /tmp/dig-bench]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
size=${1:-1GB}
work=${2:-/tmp/dig-bench}
mkdir -p "$work"
corpus="$work/corpus-$size.jsonl"

dotnet build -c Release "$root/runtime/DefenderIosGen.Cli" -o "$work/cli" > "$work/build.log"
if [ ! -f "$corpus" ]; then
  dotnet run -c Release --project "$root/tests/DefenderIosGen.Benchmarks" -- corpus --size "$size" --out "$corpus"
fi
bytes=$(stat -c %s "$corpus")

run() {
  local label=$1 out=$2
  rm -f "$work/dead-letters.ndjson"
  /usr/bin/time -v -o "$work/time.txt" dotnet "$work/cli/defender-iosgen.dll" map "$corpus" --out "$out" --dead-letter "$work/dead-letters.ndjson" 2> "$work/map.txt"
  local wall rss cpu
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
  cpu=$(awk -F': ' '/Percent of CPU/ {print $2}' "$work/time.txt")
  head -1 "$work/map.txt"
  awk -v b="$bytes" -v w="$wall" -v r="$rss" -v c="$cpu" -v l="$label" \
    'BEGIN { printf "end to end (%s): %.0f MB in %.2f s = %.1f MB/s, peak RSS %.1f MB, CPU %s\n", l, b / 1e6, w, b / 1e6 / w, r / 1024, c }'
}

run "events to /dev/null" /dev/null
run "events to a file" "$work/udm.ndjson"
rm -f "$work/udm.ndjson"
