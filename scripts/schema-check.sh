#!/usr/bin/env bash
# schema-check.sh [--bin BIN]: validates the result objects threshold writes against docs/result.schema.json
# (JSON Schema 2020-12, made from Sources/ThresholdKit/Rendering/Result/ResultDescription.swift):
#   - `score --format json` of every worked case (scenarios/**/*.scenario, with its `rules` line, as .ci/run
#     scores them), with and without the counterfactual "changes";
#   - every line of `batch` (and `batch --changes` on a few) over generated inputs for each shipped rule set
#     (bench/generate.py, as bench/run.sh makes them, small N) and over examples/referrals.jsonl;
#   - every line of `batch --outcome-only` over the same contact inputs and examples/referrals.jsonl, against the
#     schema's `$defs/OutcomeLine`.
# The validator is the Python `jsonschema` package, installed into .build-schema/venv (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=.build/debug/threshold
while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    *) echo "usage: scripts/schema-check.sh [--bin BIN]" >&2; exit 2 ;;
  esac
done
[ -x "$bin" ] || { echo "schema-check: no binary at $bin (swift build first)" >&2; exit 2; }

work=.build-schema
venv=$work/venv
if [ ! -x "$venv/bin/python" ]; then
  # With the system's packages visible, so an installed jsonschema is used as it is (no download needed).
  python3 -m venv --system-site-packages "$venv"
fi
"$venv/bin/python" -c 'import jsonschema' 2>/dev/null || "$venv/bin/pip" install -q jsonschema

out=$work/out
rm -rf "$out"
mkdir -p "$out/score" "$out/batch"

# Worked cases.
for f in $(find scenarios -name '*.scenario' | sort); do
  rules=$(sed -n 's/^rules "\(.*\)"/\1/p' "$f" | head -n 1)
  n=$(echo "$f" | tr '/' '_')
  "$bin" score "$(dirname "$f")/$rules" "$f" --format json > "$out/score/$n.jsonl"
done
"$bin" score rules/camden-mash.rules examples/cases.json --format json > "$out/score/examples_cases.jsonl"

# Batch lines: generated contacts (some tools filled in) and full cases (every tool), for each shipped rule set.
for r in rules/*.rules; do
  b=$(basename "$r" .rules)
  "$bin" bench-eval "$r" --schema > "$out/batch/$b.schema.jsonl"
  python3 bench/generate.py scenarios "$out/batch/$b.schema.jsonl" contact 300 "$out/batch/$b-contact.in" 2>/dev/null
  python3 bench/generate.py scenarios "$out/batch/$b.schema.jsonl" full 100 "$out/batch/$b-full.in" 2>/dev/null
  "$bin" batch "$r" --input "$out/batch/$b-contact.in" > "$out/batch/$b-contact.jsonl"
  "$bin" batch "$r" --input "$out/batch/$b-full.in" > "$out/batch/$b-full.jsonl"
  head -n 20 "$out/batch/$b-contact.in" > "$out/batch/$b-changes.in"
  "$bin" batch "$r" --changes --input "$out/batch/$b-changes.in" > "$out/batch/$b-changes.jsonl"
done
"$bin" batch rules/front-door.rules --input examples/referrals.jsonl > "$out/batch/examples-referrals.jsonl"
# `batch --outcome-only`: every line against the schema's OutcomeLine.
mkdir -p "$out/outcome"
for r in rules/*.rules; do
  b=$(basename "$r" .rules)
  "$bin" batch "$r" --outcome-only --input "$out/batch/$b-contact.in" > "$out/outcome/$b-contact.jsonl"
done
"$bin" batch rules/front-door.rules --outcome-only --input examples/referrals.jsonl > "$out/outcome/examples-referrals.jsonl"

"$venv/bin/python" - "$out" <<'EOF'
import json, pathlib, sys
from jsonschema import Draft202012Validator

schema = json.loads(pathlib.Path("docs/result.schema.json").read_text())
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
# A line of `batch --outcome-only`: the OutcomeLine definition, its references resolved in the same document.
outcome_validator = Draft202012Validator(dict(schema["$defs"]["OutcomeLine"], **{"$defs": schema["$defs"]}))
checked, failures, files = 0, 0, 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*/*.jsonl")):
    if path.name.endswith(".schema.jsonl"):
        continue
    files += 1
    v = outcome_validator if path.parent.name == "outcome" else validator
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if not line.strip():
            continue
        result = json.loads(line)
        if "line" in result and "error" in result:
            sys.exit(f"{path}:{number}: a bad line in the shipped inputs: {line[:200]}")
        checked += 1
        for error in v.iter_errors(result):
            failures += 1
            where = "/".join(str(p) for p in error.absolute_path) or "(the object)"
            print(f"{path}:{number}: {where}: {error.message[:300]}")
            if failures > 40:
                sys.exit("schema-check: too many failures")
if failures or checked == 0:
    sys.exit(f"schema-check: {failures} failures in {checked} result objects")
print(f"schema-check: {checked} result objects in {files} files valid against docs/result.schema.json "
      "(the lines of batch --outcome-only against its OutcomeLine)")
EOF
