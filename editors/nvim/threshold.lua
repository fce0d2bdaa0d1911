-- Neovim (0.7 or later): `threshold lsp` for .rules and .scenario files, with the built-in LSP client.
--
--   -- init.lua
--   dofile("/path/to/threshold/editors/nvim/threshold.lua").setup({ cmd = { "threshold", "lsp" } })
--
-- The workspace folder is the nearest folder above the file that holds a `rules` folder or `.git` (so
-- references and rename reach every rule set and scenario file in it), else the file's own folder.
local M = {}

local function root_of(path)
  local dir = vim.fn.fnamemodify(path, ":p:h")
  while dir ~= "/" and dir ~= "" do
    if vim.fn.isdirectory(dir .. "/rules") == 1 or vim.fn.isdirectory(dir .. "/.git") == 1 then
      return dir
    end
    dir = vim.fn.fnamemodify(dir, ":h")
  end
  return vim.fn.fnamemodify(path, ":p:h")
end

function M.setup(opts)
  opts = opts or {}
  local cmd = opts.cmd or { "threshold", "lsp" }
  local clients = {}
  local group = vim.api.nvim_create_augroup("threshold_lsp", { clear = true })
  vim.api.nvim_create_autocmd({ "BufRead", "BufNewFile" }, {
    group = group,
    pattern = { "*.rules", "*.scenario" },
    callback = function(args)
      vim.bo[args.buf].filetype = "threshold"
    end,
  })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "threshold",
    callback = function(args)
      vim.bo[args.buf].commentstring = "# %s"
      vim.bo[args.buf].omnifunc = "v:lua.vim.lsp.omnifunc"
      local root = root_of(vim.api.nvim_buf_get_name(args.buf))
      local id = clients[root]
      if id == nil or vim.lsp.get_client_by_id(id) == nil then
        id = vim.lsp.start_client({
          name = "threshold",
          cmd = cmd,
          root_dir = root,
          workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
          on_attach = opts.on_attach,
        })
        clients[root] = id
      end
      if id then
        vim.lsp.buf_attach_client(args.buf, id)
      end
    end,
  })
end

return M
