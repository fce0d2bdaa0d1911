#!/usr/bin/env bash
# The browser suite: pytest and Playwright for Python, driving Debian's Chromium through `executable_path` (it
# never downloads a browser). pages_test.py checks the static HTML pages (case sheets, the exercise handout, the
# hostile fixture's sheets, the suite report) after a self-test that proves its checks fail on bad pages;
# workbench_test.py drives the workbench of `threshold serve`; exercise_test.py a calibration exercise with a
# presenter and three trainees in browser contexts of their own. The pages, their screenshots and A4 PDFs, and
# the workbench's and exercise's screenshots go to the output folder (the docs' images are copied from there).
#
# Installs the Debian package chromium when it is missing, and the Python packages of
# Tests/Browser/requirements.txt into .build-browser/venv (again when that file changes).
#
# usage: Tests/Browser/run.sh [BINARY] [--out DIR] [pytest options]
#   BINARY: default .build/debug/threshold (built when missing); --out: default .build/browser-check.
#   Other options go to pytest: -k exercise, -x, --page OTHER.html (check another page too), --parts (each page
#   also in screen-high pieces), --shot SELECTOR (each page's first such element as NAME-element.png).
# exit 0 when every test passes; 1 when one failed; 2 or more when the suite could not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the tree

bin=.build/debug/threshold
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
  bin=$1
  shift
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  echo "== installing $* (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" > /dev/null
}

chromium=$(command -v chromium || true)
if [ -z "$chromium" ]; then
  apt_install chromium
  chromium=$(command -v chromium)
fi
echo "== $("$chromium" --version 2> /dev/null || echo "$chromium")"

venv=.build-browser/venv
requirements=Tests/Browser/requirements.txt
if ! cmp -s "$requirements" "$venv/requirements.txt"; then
  echo "== Python packages for the browser suite ($venv)"
  rm -rf "$venv"
  if ! command -v python3 > /dev/null || ! python3 -m venv "$venv" 2> /dev/null; then
    rm -rf "$venv"
    apt_install python3 python3-venv
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$venv/requirements.txt"
fi

if [ ! -x "$bin" ]; then swift build 2>&1 | tail -n 1; fi

exec "$venv/bin/python" -m pytest Tests/Browser --rootdir Tests/Browser -p no:cacheprovider -v --threshold "$bin" --chromium "$chromium" "$@"
