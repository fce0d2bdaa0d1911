#!/bin/sh
# A million-decision audit: time and peak memory (`/usr/bin/time -v`), for docs/performance.md.
#   bench/audit-bench.sh [COUNT]        (default 1000000; release build; CSV and JSON Lines)
set -eu
cd "$(dirname "$0")/.."
COUNT="${1:-1000000}"
WORK="${TMPDIR:-/tmp}/threshold-audit-bench"
mkdir -p "$WORK"
swift build -c release -j 1 --product threshold >/dev/null
BIN=.build/release/threshold
for FORMAT in csv jsonl; do
  FILE="$WORK/decisions-$COUNT.$FORMAT"
  [ -f "$FILE" ] || python3 bench/audit-month.py --count "$COUNT" --format "$FORMAT" --out "$FILE" --manifest "$WORK/planted-$COUNT.json"
  BYTES=$(wc -c < "$FILE")
  /usr/bin/time -v "$BIN" audit rules/camden-mash.rules "$FILE" --format json > "$WORK/audit-$FORMAT.json" 2> "$WORK/time-$FORMAT.txt"
  SECONDS_TAKEN=$(grep "Elapsed (wall clock)" "$WORK/time-$FORMAT.txt" | awk '{print $NF}')
  PEAK_KB=$(grep "Maximum resident set size" "$WORK/time-$FORMAT.txt" | awk '{print $NF}')
  echo "audit $FORMAT: $COUNT decisions, $BYTES bytes, wall $SECONDS_TAKEN, peak RSS ${PEAK_KB} kB"
  python3 bench/audit-check.py "$WORK/planted-$COUNT.json" "$WORK/audit-$FORMAT.json" | tail -1
done
