#!/usr/bin/env bash
# The running server against its own description: starts `threshold serve` on a free loopback port with the
# shipped rules, a token and a calibration exercise (ratings in a temporary folder), validates
# GET /v1/openapi.json with openapi-spec-validator, then runs Schemathesis against it (every check: no 5xx,
# every status, content type, header and body as described, bad input refused, the token not ignored).
# Tools go in a venv under .build-api/venv (made on first use).
#
#   scripts/api-check.sh [BINARY]        # default .build/debug/threshold (built when missing)
#   API_CHECK_EXAMPLES=20 scripts/api-check.sh   # examples per operation (default 100)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

bin=${1:-.build/debug/threshold}
examples=${API_CHECK_EXAMPLES:-100}
venv=$PWD/.build-api/venv

if [ ! -x "$bin" ]; then swift build -j 1 2>&1 | tail -n 1; fi
if [ ! -x "$venv/bin/schemathesis" ] || [ ! -x "$venv/bin/openapi-spec-validator" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q openapi-spec-validator schemathesis
fi
echo "$("$venv/bin/schemathesis" --version), openapi-spec-validator $("$venv/bin/pip" show openapi-spec-validator | sed -n 's/^Version: //p')"

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

token=api-check-token-0123456789
THRESHOLD_TOKEN=$token "$bin" serve rules/camden-mash.rules rules/front-door.rules --port 0 \
  --exercise scenarios/camden/front-door.scenario --ratings "$work/ratings.jsonl" \
  > "$work/out" 2> "$work/err" &
server=$!
for _ in $(seq 1 100); do
  grep -q '^join link:' "$work/out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's|^listening on \(http://[^ ]*\)/$|\1|p' "$work/out")
code=$(sed -n 's|^join link: .*code=||p' "$work/out")
if [ -z "$url" ] || [ -z "$code" ]; then
  echo "api-check: threshold serve did not start" >&2
  cat "$work/err" >&2
  exit 1
fi
echo "serving at $url"

curl -sf -H "Authorization: Bearer $token" "$url/v1/openapi.json" > "$work/openapi.json"
"$venv/bin/openapi-spec-validator" "$work/openapi.json"

# The result object's schema (`#/components/schemas/Result`, made from `ResultDescription`, as
# docs/result.schema.json is) against what the command line writes is scripts/schema-check.sh's work.

# Every check but positive_data_acceptance: a scenario's facts are those of the rule set chosen, which a
# description shared by every rule set cannot list, so a scenario valid by the schema (any object) may
# rightly be refused with 422 (`unknown_fact`, `bad_value`; described as such). The examples in the
# description are scenarios of the shipped Camden rules, which reach the 200 answers. Generated cases are
# bounded per operation so the run takes about a minute on two cores; the seed is fixed, so a failure
# found once is found again.
status=0
# Run from the temporary folder: Schemathesis keeps a cache (.schemathesis/) in the folder it runs in.
(cd "$work" && "$venv/bin/schemathesis" run "$work/openapi.json" --url "$url" \
  -H "Authorization: Bearer $token" -H "X-Join-Code: $code" \
  --checks all --exclude-checks positive_data_acceptance --max-examples "$examples" --seed 23 --workers 2 \
  --generation-database none --no-color --suppress-health-check all) > "$work/schemathesis.log" 2>&1 || status=$?
# The summary (and, on a failure, each failing case with a curl line that reproduces it).
sed -n '/^=* \(FAILURES\|ERRORS\|WARNINGS\|SUMMARY\) =*$/,$p' "$work/schemathesis.log" | grep -v '^\s*$'
if [ "$status" -ne 0 ] && ! grep -q SUMMARY "$work/schemathesis.log"; then cat "$work/schemathesis.log"; fi
if ! kill -0 "$server" 2>/dev/null; then
  echo "api-check: the server stopped during the run" >&2
  cat "$work/err" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then echo "api-check: Schemathesis failed (exit $status)" >&2; exit "$status"; fi
echo "api-check: the server answers as its description says"
