-- Neovim headless with the built-in LSP client (editors/nvim/threshold.lua) against `threshold lsp`:
-- opens rules/camden-mash.rules, breaks a name in the buffer (unsaved) and waits for the diagnostic, asks
-- for completion where a fact name goes, and jumps to a definition in an included file.
-- Run by Tests/LSP/nvim_test.sh: nvim --headless -u NONE -l is not in 0.7, so `-c luafile`.
local root = vim.env.THRESHOLD_ROOT
local binary = vim.env.THRESHOLD
local failures = 0

local function check(ok, what)
  if ok then
    io.stdout:write("ok   " .. what .. "\n")
  else
    io.stdout:write("FAIL " .. what .. "\n")
    failures = failures + 1
  end
end

local function finish()
  io.stdout:flush()
  if failures > 0 then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

local function main()
dofile(root .. "/editors/nvim/threshold.lua").setup({ cmd = { binary, "lsp" } })
vim.cmd("edit " .. root .. "/rules/camden-mash.rules")
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "threshold", "the filetype is threshold")
check(vim.wait(20000, function() return #vim.lsp.buf_get_clients(buf) > 0 end, 50), "the client attached")

-- 1. A diagnostic: misspell a fact the rule set reads (the buffer is not written).
local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
local target
for i, l in ipairs(lines) do
  if l:match("^define mace_indicated = exploitation_risk") then target = i end
end
check(target ~= nil, "found the line to break")
vim.api.nvim_buf_set_lines(buf, target - 1, target, false, { "define mace_indicated = exploitaton_risk" })
local got = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == "undeclared-name" then return true end
  end
  return false
end, 50)
check(got, "a diagnostic undeclared-name arrived")
for _, d in ipairs(vim.diagnostic.get(buf)) do
  if d.code == "undeclared-name" then
    check(d.lnum == target - 1 and d.col == 24, "at line " .. target .. " column 24 (got " .. d.lnum + 1 .. ":" .. d.col .. ")")
    check(d.message:find("did you mean `exploitation_risk`", 1, true) ~= nil, "with the hint")
  end
end

-- 2. Completion where a fact name goes: after `= ` on the broken line, `exploitation_risk` is offered.
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = target - 1, character = 24 },
}
local replies = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, 10000) or {}
local labels = {}
for _, reply in pairs(replies) do
  for _, item in ipairs((reply.result or {}).items or {}) do labels[item.label] = item end
end
check(labels["exploitation_risk"] ~= nil, "completion offers the fact exploitation_risk")
check(labels["exploitation_risk"] and labels["exploitation_risk"].documentation ~= nil, "with its question")

-- 3. Jump to the definition of `domestic_abuse_high_risk` (declared in the included camden/ratings.rules).
for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  local col = l:find("= domestic_abuse_high_risk", 1, true)
  if col then vim.api.nvim_win_set_cursor(0, { i, col + 2 }) end
end
vim.lsp.buf.definition()
local jumped = vim.wait(20000, function()
  return vim.api.nvim_buf_get_name(0):match("camden/ratings%.rules$") ~= nil
end, 50)
check(jumped, "jumped to camden/ratings.rules")
local row, col = unpack(vim.api.nvim_win_get_cursor(0))
local line = vim.api.nvim_buf_get_lines(0, row - 1, row, false)[1] or ""
check(line:match("^fact domestic_abuse_high_risk ") ~= nil and col == 5, "onto the fact's name (" .. row .. ":" .. col .. ")")

end

local ok, err = xpcall(main, debug.traceback)
check(ok, ok and "no Lua error" or tostring(err))
finish()
