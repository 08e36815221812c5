// Package goplsproxy makes leakfix and gopls one language server, for
// editors that run a single server per language, as VS Code does for Go.
//
// A [Proxy] starts the real gopls as a child process and relays the
// Language Server Protocol between the editor and it, unchanged, while an
// in-process [lsp.Server] (leakfix's own language server) follows the same
// session. The editor sees one server:
//
//   - textDocument/publishDiagnostics: the last set each side published
//     for a document are kept, and the editor gets their union whenever
//     either side changes its set, so that neither erases the other's;
//   - textDocument/codeAction: both sides are asked (leakfix only when the
//     request's context.only admits quick fixes) and their actions are
//     concatenated, gopls's first;
//   - initialize: gopls's result, with leakfix's capabilities added where
//     gopls lacks them (a code action provider, quickfix among its kinds,
//     leakfix's commands);
//   - workspace/executeCommand: the commands leakfix announced go to
//     leakfix, every other one to gopls;
//   - shutdown and the document notifications go to both; everything else
//     (hover, definition, $/cancelRequest, $/progress, gopls's requests
//     to the editor such as workspace/configuration) goes through to the
//     one side it concerns, byte for byte.
//
// Request IDs: the editor's requests reach gopls with the editor's IDs,
// and gopls's requests reach the editor with gopls's, so that traces and
// cancellations read the same as without the proxy. leakfix gets requests
// from the proxy only, with IDs of its own, and its requests to the editor
// (it sends none today) get string IDs "leakfix-N", which gopls's jsonrpc2
// (integer IDs) never uses.
//
// When gopls exits, for whatever reason, the proxy ends with its exit
// code.
package goplsproxy
