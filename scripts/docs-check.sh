#!/usr/bin/env bash
# Every `threshold` command in README.md and docs/*.md runs: see scripts/docs-check.py for what is run,
# how, and the rules that skip a command. Usage: scripts/docs-check.sh [--bin PATH] [--timeout S] [FILE.md …]
set -euo pipefail
exec python3 "$(dirname "$0")/docs-check.py" "$@"
