// Package lsp is leakfix's language server: it speaks the Language Server
// Protocol 3.17 over a byte stream (stdin and stdout for "leakfix lsp") so
// that an editor can show leakfix's findings as diagnostics and apply its
// fixes as quick fixes, beside gopls, which cannot load third-party
// analyzers.
//
// The server keeps the text of every open document. When a document is
// opened or saved, and 300ms after the last change to it, it runs
// [driver.Run] on the document's package with the open documents as
// overlays, and publishes one diagnostic per finding. Each diagnostic
// carries its fixes in its data field, already converted to LSP
// positions, so that textDocument/codeAction answers without a second
// analysis. A package with syntax or type errors (the normal state of a
// file being typed) is still analysed: a finding is kept when the
// declaration that holds it type-checks and its file parses
// (driver.Config.DespiteErrors). A package the go command cannot load
// gets an empty list of diagnostics, never an error.
//
// Positions are UTF-16 code units, the encoding every client supports.
package lsp
