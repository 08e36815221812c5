package main

import (
	"github.com/leakfix/leakfix/lsp"
	"github.com/urfave/cli/v2"
)

// lspCommand runs leakfix as a language server on stdin and stdout, for
// editors to run beside gopls.
var lspCommand = &cli.Command{
	Name:      "lsp",
	Usage:     "run the language server (LSP over stdin and stdout) for editors",
	UsageText: "leakfix lsp [-tags tag,list]",
	Flags: []cli.Flag{
		&cli.StringFlag{Name: "tags", Usage: "comma-separated build tags"},
	},
	Action: func(c *cli.Context) error {
		srv := &lsp.Server{Tags: c.String("tags"), Log: c.App.ErrWriter}
		return srv.Serve(c.App.Reader, c.App.Writer)
	},
}
