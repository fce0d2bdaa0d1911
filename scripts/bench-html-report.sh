#!/usr/bin/env bash
# Times `threshold test --format html` on a suite of N generated scenarios (default 1000; one in ten
# fails on purpose, so failures are expanded), beside `--format text` on the same suite: the difference
# is the cost of the HTML page. Uses THRESHOLD_BIN (default .build/release/threshold, else debug).
#
# usage: scripts/bench-html-report.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000}
bin=${THRESHOLD_BIN:-.build/release/threshold}
[ -x "$bin" ] || bin=.build/debug/threshold
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
root=$(pwd)
python3 - "$n" "$dir/suite.scenario" "$root/rules/camden-mash.rules" <<'PY'
import sys
n, path, rules = int(sys.argv[1]), sys.argv[2], sys.argv[3]
kinds = ["neglect", "physical", "sexual", "emotional"]
with open(path, "w") as f:
    f.write('rules "%s"\n\n' % rules)
    for i in range(n):
        age = i % 18
        danger = "yes" if i % 7 == 0 else "no"
        harm = "yes" if i % 3 == 0 else "no"
        expect = "red_urgent" if danger == "yes" else ("red" if harm == "yes" else "blue")
        clause = "outcome at least %s" % expect
        if i % 10 == 9:
            clause = "outcome green"  # a deliberate failure: no generated case is green
        f.write('scenario case_%04d "Generated case %d: age %d, %s harm"\n' % (i, i, age, kinds[i % 4]))
        f.write("  given\n    age = %d\n    imminent_danger = %s\n    risk_of_significant_harm = %s\n" % (age, danger, harm))
        f.write("    concerns = (%s)\n    received = 2019-06-03 10:00\n" % kinds[i % 4])
        f.write("  expect\n    %s\nend\n\n" % clause)
PY
run() {
  local format=$1 best=""
  for _ in 1 2 3; do
    local start end ms
    start=$(date +%s%N)
    "$bin" test "$dir/suite.scenario" --format "$format" > "$dir/out.$format" || true
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
text=$(run text)
html=$(run html)
echo "binary: $bin"
echo "scenarios: $n; $(tail -n 1 "$dir/out.text")"
echo "threshold test --format text: ${text} ms (fastest of 3)"
echo "threshold test --format html: ${html} ms (fastest of 3), page $(wc -c < "$dir/out.html") bytes"
echo "the HTML page costs about $(( html - text )) ms more than the text report"
