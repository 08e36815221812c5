-- Drives Neovim's built-in LSP client (0.7.2 API) against leakfix lsp:
-- open the file, wait for leakfix's diagnostic, ask for code actions as
-- vim.lsp.buf.code_action() does, apply the preferred one, write the file,
-- wait for the diagnostic to clear, and stop the server. Every step is
-- logged, one line each, to $LEAKFIX_LOG for the Go test to check.
local log = {}
local function say(line)
  table.insert(log, line)
  vim.fn.writefile(log, os.getenv('LEAKFIX_LOG'))
end

local exit_code -- set from a libuv callback, where vim.fn cannot run

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('LEAKFIX_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'leakfix',
    cmd = { os.getenv('LEAKFIX_BIN'), 'lsp' },
    root_dir = os.getenv('LEAKFIX_ROOT'),
    on_exit = function(code) exit_code = code end,
  })
  assert(client_id, 'start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  assert(vim.wait(30000, function() return #vim.diagnostic.get(bufnr) > 0 end, 20), 'no diagnostic in 30s')
  local d = vim.diagnostic.get(bufnr)[1]
  say(string.format('diagnostic %d:%d %s %s', d.lnum + 1, d.col + 1, d.source, d.message))

  -- The request vim.lsp.buf.code_action() sends, with the cursor on the
  -- diagnostic.
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
  local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000)
  local preferred
  for _, res in pairs(results or {}) do
    assert(not res.err, 'codeAction: ' .. vim.inspect(res.err))
    for _, action in ipairs(res.result or {}) do
      say('action ' .. action.title .. (action.isPreferred and ' (preferred)' or ''))
      if action.isPreferred and not preferred then preferred = action end
    end
  end
  assert(preferred, 'no preferred code action')
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  vim.cmd('write')
  local cleared = vim.wait(30000, function() return #vim.diagnostic.get(bufnr) == 0 end, 20)
  say('cleared ' .. tostring(cleared))

  vim.lsp.stop_client(client_id) -- shutdown, then exit
  assert(vim.wait(10000, function() return exit_code ~= nil end, 20), 'the server did not exit in 10s')
  say('exit ' .. exit_code)
end)
if not ok then say('error ' .. tostring(err)) end
vim.cmd('qall!')
