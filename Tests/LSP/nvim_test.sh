#!/usr/bin/env bash
# Neovim headless against `threshold lsp` (see nvim_test.lua). THRESHOLD names the binary.
set -euo pipefail
cd "$(dirname "$0")/../.."
export THRESHOLD_ROOT="$PWD"
export THRESHOLD="${THRESHOLD:-$PWD/.build/debug/threshold}"
export XDG_STATE_HOME="$PWD/.build-lsp/nvim-state" XDG_CACHE_HOME="$PWD/.build-lsp/nvim-cache"
timeout 120 nvim --headless -u NONE -i NONE -n -c "luafile Tests/LSP/nvim_test.lua" 2>&1
