#!/usr/bin/env bash
# The workbench's browser test: installs Chromium (Debian package `chromium`) when it is missing, then
# drives it headless against `threshold serve`. Usage: Tests/Browser/run.sh [BINARY] [--screenshot PNG]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "browser test: installing chromium"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
bin="${1:-.build/debug/threshold}"
shift || true
exec python3 Tests/Browser/workbench_test.py "$bin" "$@"
