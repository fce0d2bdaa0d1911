#!/bin/sh
# Times `threshold check` (loading, checking and every lint analysis) on a generated rule set.
#
# usage: bench/lint-bench.sh [RULES]     (default 1000 rules; run from the package root)
#
# Builds the release binary in its own scratch folder, writes the rule set under .build-release-lint/,
# then runs `check` five times and prints each wall-clock time and the median. Exit 0 whatever the
# warnings (the generated rules are deliberately untidy).
set -eu
N="${1:-1000}"
SCRATCH=.build-release-lint
swift build -c release --scratch-path "$SCRATCH" >/dev/null
BIN="$SCRATCH/release/threshold"
RULES="$SCRATCH/lint-bench-$N.rules"
python3 bench/lint-rules.py "$N" "$RULES"
"$BIN" check "$RULES" | tail -1
python3 - "$BIN" "$RULES" <<'PY'
import subprocess, sys, time
bin, rules = sys.argv[1], sys.argv[2]
times = []
for _ in range(5):
    start = time.perf_counter()
    subprocess.run([bin, "check", rules], stdout=subprocess.DEVNULL, check=False)
    times.append(time.perf_counter() - start)
print("check %s: %s s; median %.3f s" % (rules, ", ".join("%.3f" % t for t in times), sorted(times)[2]))
PY
