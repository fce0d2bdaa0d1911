#!/usr/bin/env bash
# Issue 25's share: the default /v1/score answer (with "what would change it") against ?changes=false, on the
# Camden pack with the issue's body, measured three ways in the same run:
#   by request rate (wrk -t1 -c8, as the issue measured it: wrk shares the machine's cores),
#   by the server's own CPU per request (user + system, from /proc, before and after each wrk run).
# A last line gives the median share each way and how many rounds reach the issue's 60% by rate.
# Not a test: run it by hand on a quiet machine (wrk: Debian package `wrk`).
#
#   bench/serve-share.sh [BINARY] [ROUNDS]      (default .build/release/threshold, 4 rounds of 4 s each way)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/threshold}
ROUNDS=${2:-4}
command -v wrk >/dev/null 2>&1 || { echo "serve-share: needs wrk (apt-get install wrk)" >&2; exit 2; }
OUT=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$OUT"' EXIT
cat > "$OUT/score.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"age":12,"imminent_danger":false,"risk_of_significant_harm":true,"received":"2019-04-12T16:00"}'
wrk.headers["Content-Type"] = "application/json"
LUA
"$BIN" serve rules/camden-mash.rules --port 0 > "$OUT/serve.out" 2> "$OUT/serve.err" &
SERVER=$!
for _ in $(seq 50); do grep -q listening "$OUT/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$OUT/serve.out")
TICK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$SERVER/stat"; }
# One run: requests served, and the server's CPU per request in microseconds.
one() {
  local c0 c1 n
  c0=$(cpu)
  n=$(wrk -t1 -c8 -d4s -s "$OUT/score.lua" "$1" | awk '/requests in/ {print $1}')
  c1=$(cpu)
  python3 -c "print($n, round(1e6 * ($c1 - $c0) / $TICK / $n, 1))"
}
printf '%-6s %22s %22s %12s %12s\n' round "changes=false req, us" "default req, us" "by rate" "by cpu"
for r in $(seq "$ROUNDS"); do
  read -r fn fc <<< "$(one "${URL}v1/score?ruleset=camden-mash&changes=false")"
  read -r dn dc <<< "$(one "${URL}v1/score?ruleset=camden-mash")"
  python3 -c "print('%-6s %14d %7.1f %14d %7.1f %11d%% %11d%%' % ('$r', $fn, $fc, $dn, $dc, round(100 * $dn / $fn), round(100 * $fc / $dc)))"
  echo "$fn $fc $dn $dc" >> "$OUT/rounds"
done
# The rounds together: the median share each way, and how many rounds reach the issue's 60% by rate.
python3 - "$OUT/rounds" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1])]
rate = [100 * dn / fn for fn, fc, dn, dc in rows]
cpu = [100 * fc / dc for fn, fc, dn, dc in rows]
print('median share: by rate %d%%, by cpu %d%%; rounds at 60%% or more by rate: %d of %d'
      % (round(statistics.median(rate)), round(statistics.median(cpu)), sum(round(x) >= 60 for x in rate), len(rows)))
PY
