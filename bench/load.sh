#!/usr/bin/env bash
# Load and fault harness of `threshold serve` (issue 25), on loopback: bench/load.py against the release
# binary: mixed endpoints with 8 and 64 clients, then with 10,000 idle connections, with 1,000 slow
# senders, and a soak of all three together; requests/s, p50/p99 per endpoint, errors, the server's RSS.
# Not a test: run it by hand on a quiet machine; the figures go in docs/performance.md.
#
#   bench/load.sh                                   (builds .build-release when missing)
#   DURATION=5 SOAK=10 bench/load.sh                a short run while developing
#   BEFORE=/path/to/old/threshold bench/load.sh     also the same scenarios against another binary first
#
# The server is started with --max-connections 12000 (10,000 idle + the clients + the slow senders) and
# --idle-timeout 120 (the idle connections stay through the soak); the old thread-per-connection server
# (BEFORE) has no --idle-timeout (30 s, fixed), so it gets --max-connections 12000 only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-20}
SOAK=${SOAK:-60}
BIN=${BIN:-.build-release/release/threshold}
SCENARIOS=${SCENARIOS:-mixed-8,mixed-64,idle-10k,slow-1k,wrk-8,wrk-8-idle,soak}
if [ ! -x "$BIN" ]; then
  PATH=/opt/swift/usr/bin:$PATH swift build -c release -j 1 --scratch-path .build-release --product threshold >&2
fi
mkdir -p .build-bench
if [ -n "${BEFORE:-}" ]; then
  echo "== before: $BEFORE"
  python3 bench/load.py "$BEFORE" --duration "$DURATION" --soak "$SOAK" --scenarios "$SCENARIOS" \
    --serve-args "--max-connections 12000" --json .build-bench/load-before.json
fi
echo "== after: $BIN"
python3 bench/load.py "$BIN" --duration "$DURATION" --soak "$SOAK" --scenarios "$SCENARIOS" \
  --serve-args "--max-connections 12000 --idle-timeout 120" --json .build-bench/load-after.json
echo "($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1))"
