package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/urfave/cli/v2"
)

// The help reads like a Go tool's: single-dash flags, as the flag
// package and the go command spell them (and as leakfix parses them: the
// flag package's rules); a usage line; then what a user needs next: the
// exit codes and examples.

func init() {
	cli.HelpPrinter = printHelp
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "print this help"}
}

const exitCodesHelp = `Exit codes:
  0  nothing found; with -w, everything found was fixed
  1  findings reported; with -w, findings left unfixed
  2  a usage error, or a package that could not be loaded, parsed or type-checked
`

const environmentHelp = `Environment:
  LEAKFIX_CACHE  where the findings of packages that did not change are kept,
                 for the next run (default: leakfix in the user's cache
                 directory); off keeps none
`

const examplesHelp = `Examples:
  leakfix ./...                          print the fixes as a diff
  leakfix -l ./...                       list the findings
  leakfix -w -strategy=buffer ./...      write the buffer fix where it applies
  leakfix -d ./... | git apply           the same, through git
  go vet -vettool=$(which leakfix) ./... run leakfix as a vet tool
  curl -s localhost:6060/debug/pprof/goroutine?debug=2 | leakfix trace
`

// printHelp writes the help of the app or of one of its commands; it
// replaces urfave/cli's printer, whose templates spell flags --json.
func printHelp(w io.Writer, _ string, data any) {
	switch d := data.(type) {
	case *cli.App:
		fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n", d.Usage, d.UsageText)
		for _, c := range d.VisibleCommands() {
			fmt.Fprintf(w, "  %s\n", commandUsage(c))
		}
		fmt.Fprint(w, "\nPackages are patterns as the go command takes them; ./... when none are\ngiven. Without -l, -w, -json or -sarif, leakfix prints the fixes as a diff.\n")
		fmt.Fprint(w, "\nFlags:\n")
		printFlags(w, d.VisibleFlags())
		fmt.Fprint(w, "\nCommands:\n")
		tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
		for _, c := range d.VisibleCommands() {
			usage := c.Usage
			if c.Name == "help" {
				usage = "print this help, or a command's"
			}
			fmt.Fprintf(tw, "  %s\t%s\n", c.Name, usage)
		}
		tw.Flush()
		fmt.Fprintf(w, "\n%s\n%s\n%s", exitCodesHelp, environmentHelp, examplesHelp)
	case *cli.Command:
		fmt.Fprintf(w, "%s\n\nUsage:\n  %s\n", d.Usage, strings.ReplaceAll(d.UsageText, "\n", "\n  "))
		if flags := d.VisibleFlags(); len(flags) > 0 {
			fmt.Fprint(w, "\nFlags:\n")
			printFlags(w, flags)
		}
	default:
		cli.HelpPrinterCustom(w, cli.AppHelpTemplate, data, nil)
	}
}

// commandUsage is the first line of c's usage text; urfave/cli's own
// help command has none.
func commandUsage(c *cli.Command) string {
	if c.Name == "help" {
		return "leakfix help [command]"
	}
	return strings.SplitN(c.UsageText, "\n", 2)[0]
}

// printFlags lists flags as "-name value  usage (default x)".
func printFlags(w io.Writer, flags []cli.Flag) {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	for _, f := range flags {
		df, ok := f.(cli.DocGenerationFlag)
		if !ok {
			continue
		}
		name := "-" + f.Names()[0]
		if df.TakesValue() {
			name += " value"
		}
		usage := df.GetUsage()
		if def := df.GetValue(); df.TakesValue() && def != "" && def != `""` {
			usage += " (default " + strings.Trim(def, `"`) + ")"
		}
		if b, ok := f.(*cli.BoolFlag); ok && b.Value {
			usage += " (default true)"
		}
		fmt.Fprintf(tw, "  %s\t%s\n", name, usage)
	}
	tw.Flush()
}
