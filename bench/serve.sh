#!/usr/bin/env bash
# Benchmark of `threshold serve`: POST /v1/score over keep-alive on loopback.
#   1. throughput with 1, 8 and 64 concurrent keep-alive clients (wrk, Debian package `wrk`): requests/s,
#      median and p99 latency;
#   2. latency at a fixed 1,000 requests/s (bench/serve-rate.py: one request each millisecond, paced).
# Prints one table; the figures for docs/performance.md. Not a test: run it by hand on a quiet machine.
#
#   bench/serve.sh                       (builds the release binary into .build-release when missing)
#   BIN=.build/release/threshold DURATION=10 bench/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-10}
BIN=${BIN:-.build-release/release/threshold}
if [ ! -x "$BIN" ]; then
  swift build -c release --scratch-path .build-release --product threshold >&2
fi
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null; else sudo apt-get install -y -qq wrk >/dev/null; fi
fi
OUT=.build-bench
mkdir -p "$OUT"
BODY='{"id":"mathew","facts":{"age":12,"referrer":"police","risk_of_significant_harm":true,"imminent_danger":false,"siblings":2,"concerns":["sexual"],"received":"2019-04-12T16:00"}}'
cat > "$OUT/score.lua" <<LUA
wrk.method = "POST"
wrk.body = '$BODY'
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %.0f %.3f %.3f %d\n", summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA

"$BIN" serve rules/camden-mash.rules --port 0 > "$OUT/serve.out" 2> "$OUT/serve.err" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$OUT/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$OUT/serve.out")
curl -sf -X POST -H 'Content-Type: application/json' --data "$BODY" "${URL}v1/score?ruleset=camden-mash" > "$OUT/one.json"
"$BIN" score rules/camden-mash.rules scenarios/camden/islington-jtai-2019.scenario --scenario mathew --format json > "$OUT/cli.json" 2>/dev/null || true

printf '%-34s %12s %12s %12s %8s\n' "POST /v1/score, clients" "requests/s" "median ms" "p99 ms" "errors"
for mode in "" "?changes=false"; do
  for c in 1 8 64; do
    t=$(( c < 2 ? 1 : 2 ))
    wrk -t "$t" -c "$c" -d "${DURATION}s" --latency -s "$OUT/score.lua" "${URL}v1/score$mode" > "$OUT/wrk-$c.txt"
    read -r _ n rps p50 p99 errors < <(grep '^RESULT' "$OUT/wrk-$c.txt")
    printf '%-34s %12s %12s %12s %8s\n' "$c keep-alive${mode:+ (changes=false)}" "$rps" "$p50" "$p99" "$errors"
  done
  python3 bench/serve-rate.py "$URL" "/v1/score$mode" "$BODY" 1000 "$DURATION"
done
# Time inside the server (request read to response written), from its own histogram, over all the runs.
curl -sf "${URL}metrics" | python3 -c '
import sys, re
b = {}
for line in sys.stdin:
    m = re.match(r"threshold_http_request_duration_seconds_bucket\{route=\"/v1/score\",le=\"([^\"]+)\"\} (\d+)", line)
    if m: b[m.group(1)] = int(m.group(2))
total = b.get("+Inf", 0) or 1
print("inside the server, /v1/score: " + ", ".join(f"{100*b[k]/total:.2f}% within {float(k)*1000:g} ms" for k in ("0.0001", "0.00025", "0.0005", "0.001", "0.0025") if k in b) + f" ({total} requests)")'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
