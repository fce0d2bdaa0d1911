#!/usr/bin/env bash
# The browser tests: installs Chromium (Debian package `chromium`) when it is missing, then drives it
# headless against `threshold serve`: the workbench (workbench_test.py), then a calibration exercise with a
# presenter and three trainees (exercise_test.py; its screenshots go to $EXERCISE_SCREENSHOTS when set).
# Usage: Tests/Browser/run.sh [BINARY] [--screenshot PNG]
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "browser test: installing chromium"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi
fi
bin="${1:-.build/debug/threshold}"
shift || true
python3 Tests/Browser/workbench_test.py "$bin" "$@"
exec python3 Tests/Browser/exercise_test.py "$bin" ${EXERCISE_SCREENSHOTS:+--screenshots "$EXERCISE_SCREENSHOTS"}
