#!/usr/bin/env bash
# Renders the HTML pages (case sheets and the suite report) in headless Chromium, saves PNG screenshots
# (screen and print view) and A4 PDFs, and fails when a page logs a console error, throws, opens a dialog,
# holds live markup from a label, or renders blank. Installs the Debian package `chromium` when missing.
#
# usage: scripts/browser-check.sh [OUT_DIR]     (default .build/browser-check; THRESHOLD_BIN picks the binary)
# exit 0 clean; 1 a page failed a check; 2 the pages or the browser could not be made.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-.build/browser-check}
export PATH="/opt/swift/usr/bin:$PATH"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "== installing chromium (apt-get)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium > /dev/null
  chromium=$(command -v chromium || command -v chromium-browser)
fi
echo "== $("$chromium" --version 2>/dev/null || echo chromium)"

bin=${THRESHOLD_BIN:-.build/debug/threshold}
if [ ! -x "$bin" ]; then swift build 2>&1 | tail -n 1; fi

rm -rf "$out"
mkdir -p "$out"
"$bin" score rules/camden-mash.rules scenarios/camden/islington-jtai-2019.scenario --scenario mathew --format html > "$out/case-sheet.html"
"$bin" score rules/camden-mash.rules scenarios/camden/islington-jtai-2019.scenario --scenario mathew --format html --exercise \
  > "$out/exercise-handout.html"
"$bin" score rules/front-door.rules scenarios/tools/cce-camden.scenario --scenario cce_unknown_missing_count --format html \
  > "$out/case-sheet-scores.html"
"$bin" score Tests/Fixtures/html/hostile.rules Tests/Fixtures/html/hostile.scenario --format html > "$out/hostile-case-sheets.html"
# The worked cases, and the hostile fixture's deliberate failure (so a failure is shown expanded): exit 1 is expected.
status=0
"$bin" test scenarios/ Tests/Fixtures/html --format html > "$out/suite-report.html" || status=$?
if [ "$status" -gt 1 ]; then echo "browser-check: threshold test could not run (exit $status)" >&2; exit 2; fi

python3 scripts/browser_check.py --chromium "$chromium" --out "$out" --self-test --print --filter-test "$out"/*.html
echo "screenshots in $out"
