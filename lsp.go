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
	UsageText: "leakfix lsp [-tags tag,list] [-strategy auto|buffer|done|errgroup]",
	Flags: []cli.Flag{
		&cli.StringFlag{Name: "tags", Usage: "comma-separated build tags"},
		&cli.StringFlag{Name: "strategy", Value: "auto", Usage: "the fix to offer first: auto, buffer, done or errgroup"},
	},
	OnUsageError: func(_ *cli.Context, err error, _ bool) error { return usageError{err} },
	Action: func(c *cli.Context) error {
		a, err := newAnalyzer(c.String("strategy"))
		if err != nil {
			return err
		}
		srv := &lsp.Server{Tags: c.String("tags"), Log: c.App.ErrWriter, Analyzer: a}
		return srv.Serve(c.App.Reader, c.App.Writer)
	},
}
