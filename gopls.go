package main

import (
	"fmt"

	"github.com/leakfix/leakfix/goplsproxy"
	"github.com/leakfix/leakfix/lsp"
	"github.com/urfave/cli/v2"
)

// goplsCommand is gopls with leakfix inside: for editors that run one Go
// language server, as VS Code does. Its flags and arguments are gopls's,
// passed on unparsed.
var goplsCommand = &cli.Command{
	Name:            "gopls",
	Usage:           "run gopls with leakfix's diagnostics and fixes merged in, as the one Go language server",
	UsageText:       "leakfix gopls [gopls flags and arguments]",
	SkipFlagParsing: true,
	HideHelp:        true, // "help" and -h are gopls's
	Action: func(c *cli.Context) error {
		gopls, err := goplsproxy.Find()
		if err != nil {
			return err // one line, exit code 2
		}
		args := c.Args().Slice()
		var code int
		if goplsproxy.Serves(args) {
			p := &goplsproxy.Proxy{Gopls: gopls, Args: args, Leakfix: &lsp.Server{Log: c.App.ErrWriter}, Stderr: c.App.ErrWriter}
			code, err = p.Run(c.App.Reader, c.App.Writer)
		} else {
			code, err = goplsproxy.Exec(gopls, args, c.App.Reader, c.App.Writer, c.App.ErrWriter)
		}
		if err != nil {
			return fmt.Errorf("gopls: %w", err)
		}
		return cli.Exit("", code)
	},
}
