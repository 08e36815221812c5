-- Drives Neovim's built-in LSP client (0.7.2 API) against leakfix gopls as
-- the only Go server: open the file, wait until gopls's UnusedVar error and
-- leakfix's leak are shown together, ask for code actions on the leak as
-- vim.lsp.buf.code_action() does, apply leakfix's preferred one, write the
-- file, wait until only gopls's error is left, and stop the server. Every
-- step is logged, one line each, to $LEAKFIX_LOG for the Go test to check.
local log = {}
local function say(line)
  table.insert(log, line)
  vim.fn.writefile(log, os.getenv('LEAKFIX_LOG'))
end

local exit_code -- set from a libuv callback, where vim.fn cannot run

local function code_of(d)
  local lsp = d.user_data and d.user_data.lsp or {}
  return d.code or lsp.code
end

-- kinds returns which of the two diagnostics the buffer shows.
local function kinds(bufnr)
  local leak, unused
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'leakfix' then leak = d end
    if code_of(d) == 'UnusedVar' then unused = d end
  end
  return leak, unused
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('LEAKFIX_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'gopls',
    cmd = { os.getenv('LEAKFIX_BIN'), 'gopls' },
    root_dir = os.getenv('LEAKFIX_ROOT'),
    on_exit = function(code) exit_code = code end,
  })
  assert(client_id, 'start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'buf_attach_client failed')

  assert(vim.wait(60000, function()
    local leak, unused = kinds(bufnr)
    return leak ~= nil and unused ~= nil
  end, 20), 'not both diagnostics in 60s: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  local leak, unused = kinds(bufnr)
  say(string.format('diagnostic %d:%d leakfix %s', leak.lnum + 1, leak.col + 1, leak.message))
  say(string.format('diagnostic %d:%d UnusedVar %s', unused.lnum + 1, unused.col + 1, unused.message))

  vim.api.nvim_win_set_cursor(0, { leak.lnum + 1, leak.col })
  local params = vim.lsp.util.make_range_params()
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr) }
  local results = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000)
  local preferred
  for _, res in pairs(results or {}) do
    assert(not res.err, 'codeAction: ' .. vim.inspect(res.err))
    for _, action in ipairs(res.result or {}) do
      if action.isPreferred and action.title:find('^Fix goroutine leak') and not preferred then
        preferred = action
      end
    end
  end
  assert(preferred, 'no preferred leakfix code action in ' .. vim.inspect(results))
  say('action ' .. preferred.title)
  vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16')
  vim.cmd('write')
  local cleared = vim.wait(60000, function()
    local l, u = kinds(bufnr)
    return l == nil and u ~= nil
  end, 20)
  say('leak cleared, UnusedVar kept ' .. tostring(cleared))

  vim.lsp.stop_client(client_id) -- shutdown, then exit
  assert(vim.wait(10000, function() return exit_code ~= nil end, 20), 'the server did not exit in 10s')
  say('exit ' .. exit_code)
end)
if not ok then say('error ' .. tostring(err)) end
vim.cmd('qall!')
