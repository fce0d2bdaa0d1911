#!/usr/bin/env bash
# The editors' packaging (editors/): the TextMate grammars against every shipped .rules and .scenario file with
# Python's re and Oniguruma (VS Code's regex engine, through PyPI's onigurumacffi), after a self-test that breaks
# the grammars and the folding markers one way at a time and must see each break caught; every JSON file
# parses; extension.js passes `node --check` and runs against stand-ins for `vscode` and vscode-languageclient
# (which cannot be installed here: the real VS Code client is not run, see docs/editing.md).
#
# Installs Debian's nodejs when node is missing, and Tests/Editors/requirements.txt into .build-editors/venv
# (again when that file changes).
#
# usage: Tests/Editors/run.sh
# exit 0 when every check passes; 1 when one failed; 2 when the suite could not run.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the tree

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
if ! command -v node > /dev/null 2>&1; then
  echo "== installing nodejs (apt-get)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs > /dev/null
fi

venv=.build-editors/venv
stamp=$venv/requirements.txt
if [ ! -x "$venv/bin/python" ] || ! cmp -s Tests/Editors/requirements.txt "$stamp"; then
  echo "== making $venv (Tests/Editors/requirements.txt)"
  python3 -m venv "$venv" || exit 2
  "$venv/bin/pip" install -q -r Tests/Editors/requirements.txt || { echo "Tests/Editors/run.sh: pip install failed"; exit 2; }
  cp Tests/Editors/requirements.txt "$stamp"
fi
python=$venv/bin/python
"$python" -c "import onigurumacffi" || { echo "Tests/Editors/run.sh: onigurumacffi does not import"; exit 2; }

echo "== JSON: every file in editors/vscode parses"
for f in $(find editors/vscode -name '*.json' | sort); do
  "$python" -m json.tool "$f" > /dev/null || { echo "FAIL $f is not JSON"; exit 1; }
done
echo "$(find editors/vscode -name '*.json' | wc -l) JSON files parse"

echo "== node --check editors/vscode/extension.js, and the client against stand-ins (node $(node --version))"
node --check editors/vscode/extension.js
node Tests/Editors/extension_test.js

echo "== grammar self-test: each break must be caught"
"$python" Tests/Editors/grammar_test.py --self-test

echo "== grammars against every shipped file (re and Oniguruma)"
"$python" Tests/Editors/grammar_test.py
