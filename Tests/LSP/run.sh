#!/usr/bin/env bash
# `threshold lsp` end to end with real clients, each starting the binary:
#   1. pytest-lsp (PyPI; in a venv under .build-lsp/venv, made on first run) for the protocol;
#   2. Neovim headless (Debian's `neovim`), its built-in LSP client configured by editors/nvim/threshold.lua:
#      a diagnostic, a completion of a fact name, a jump to a definition.
#   Tests/LSP/run.sh [PYTEST ARGS…]      THRESHOLD=path/to/threshold to test another build
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="/opt/swift/usr/bin:$PATH"
if [ -z "${THRESHOLD:-}" ]; then
  swift build -j 1 --product threshold >/dev/null
  THRESHOLD="$PWD/.build/debug/threshold"
fi
export THRESHOLD
venv=.build-lsp/venv
if [ ! -x "$venv/bin/pytest" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q pytest-lsp
fi
echo "== pytest-lsp"
"$venv/bin/pytest" -q -c Tests/LSP/pytest.ini Tests/LSP/test_lsp.py "$@"
echo "== neovim"
if command -v nvim >/dev/null; then
  Tests/LSP/nvim_test.sh
else
  echo "nvim is not installed (apt-get install -y neovim): the Neovim test did not run" >&2
  exit 1
fi
