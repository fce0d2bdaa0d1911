#!/bin/sh
# Times `threshold test` on a generated suite of 10,000 scenarios (100 files x 100) for
# rules/camden-mash.rules.
#
# usage: bench/test-suite.sh [RUNS]        (environment: FILES=100 PER_FILE=100)
#
# Builds the release binary in .build-release, generates the suite in a temporary folder (removed
# at the end), checks that the whole suite passes, and prints the wall-clock time of each run and
# the best. Exit status 1 if the suite does not pass.
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-3}
FILES=${FILES:-100}
PER_FILE=${PER_FILE:-100}

echo "building release (.build-release)…" >&2
swift build -c release --scratch-path .build-release --product threshold >&2
BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/threshold"

DIR=$(mktemp -d "${TMPDIR:-/tmp}/threshold-bench.XXXXXX")
trap 'rm -rf "$DIR"' EXIT INT TERM
python3 bench/generate-scenarios.py "$DIR/suite" --files "$FILES" --per-file "$PER_FILE" >&2

now_ms() { python3 -c 'import time; print(int(time.monotonic() * 1000))'; }

best=""
i=1
while [ "$i" -le "$RUNS" ]; do
    start=$(now_ms)
    status=0
    "$BIN" test "$DIR/suite" > "$DIR/out.txt" 2> "$DIR/err.txt" || status=$?
    end=$(now_ms)
    ms=$((end - start))
    last=$(tail -n 1 "$DIR/out.txt")
    if [ "$status" -ne 0 ]; then
        echo "threshold test exited $status (last line: $last)" >&2
        head -c 4000 "$DIR/err.txt" >&2
        grep -m 5 -A 4 '^FAIL' "$DIR/out.txt" >&2 || true
        exit 1
    fi
    echo "run $i: ${ms} ms ($last)"
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
    i=$((i + 1))
done
count=$((FILES * PER_FILE))
echo "threshold test, $count scenarios in $FILES files: best of $RUNS runs $(awk "BEGIN { printf \"%.2f\", $best / 1000 }") s"
