#!/bin/sh
# The language server's latency on a generated rule set of about 2,000 lines (370 rules): diagnostics published
# after an edit, completion, hover; p50/p95/max in milliseconds, in process (the library's LSPServer, with the
# protocol's JSON, no pipes: `threshold bench-lsp`) and through `threshold lsp` (a client on its pipes).
#
# usage: bench/lsp-bench.sh [RULES] [RUNS]     (default 370 rules, 200 runs; run from the package root)
#
# Builds the release binary in its own scratch folder (.build-release-lsp/) and writes the rule set there.
set -eu
N="${1:-370}"
RUNS="${2:-200}"
SCRATCH=.build-release-lsp
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product threshold --scratch-path "$SCRATCH" >/dev/null
BIN="$SCRATCH/release/threshold"
RULES="$SCRATCH/lsp-bench-$N.rules"
python3 bench/generate.py rules "$N" "$RULES"
echo "in process (LSPServer):  $("$BIN" bench-lsp "$RULES" --runs "$RUNS")"
echo "through threshold lsp:   $(python3 bench/lsp-pipe.py "$BIN" "$RULES" "$RUNS")"
