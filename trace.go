package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/trace"
	"github.com/urfave/cli/v2"
)

// traceCommand reads the goroutines a running program printed and points
// each group of blocked ones at the finding and fix that explain it.
//
// Exit codes, as main's: 0 when no group is explained by a finding (or,
// with -w, every such finding was fixed) and no goroutine the input
// reports as leaked is left unexplained; 1 when there are such groups;
// 2 for usage errors, input that cannot be read or parsed, no module,
// and packages that do not load. Blocked goroutines of a plain dump that
// nothing explains are listed but do not make it 1: a dump cannot tell
// an accept loop from a leak.
var traceCommand = &cli.Command{
	Name:  "trace",
	Usage: "explain the goroutines a dump shows blocked, and fix the leaks leakfix knows",
	UsageText: "leakfix trace [flags] [dump]\n\n" +
		"dump is a goroutine dump (debug=2, SIGQUIT, runtime.Stack, panic), a goroutine or\n" +
		"goroutineleak profile (debug=1 or 2), or goleak's report; stdin when absent or -.\n" +
		"Run it inside the module the program was built from.",
	Flags: []cli.Flag{
		&cli.BoolFlag{Name: "w", Usage: "write the fixes of the explained leaks to the files"},
		&cli.BoolFlag{Name: "json", Usage: "print every group as JSON"},
		&cli.StringFlag{Name: "strategy", Value: "auto", Usage: "the fix to apply: auto, buffer, done or errgroup"},
		&cli.StringFlag{Name: "tags", Usage: "comma-separated build tags"},
		&cli.BoolFlag{Name: "test", Value: true, Usage: "include test files"},
	},
	OnUsageError: func(_ *cli.Context, err error, _ bool) error { return usageError{err} },
	Action: func(c *cli.Context) error {
		code, err := traceDump(c)
		if err == nil && code != exitClean {
			err = cli.Exit("", code) // reported already; run returns the code
		}
		return err
	},
}

func traceDump(c *cli.Context) (int, error) {
	stdout, stderr := c.App.Writer, c.App.ErrWriter
	if c.Bool("w") && c.Bool("json") {
		return exitError, usageError{errors.New("-w and -json exclude each other")}
	}
	if c.NArg() > 1 {
		return exitError, usageError{errors.New("leakfix trace reads one dump: a file, or stdin")}
	}
	a, err := newAnalyzer(c.String("strategy"))
	if err != nil {
		return exitError, err
	}
	name, in := "stdin", io.Reader(os.Stdin)
	if a := c.Args().First(); a != "" && a != "-" {
		f, err := os.Open(a)
		if err != nil {
			return exitError, err
		}
		defer f.Close()
		name, in = a, f
	}
	gs, err := trace.Parse(name, in)
	if err != nil {
		return exitError, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return exitError, err
	}
	m, err := trace.FindModule(dir)
	if err != nil {
		return exitError, err
	}
	rep, err := trace.Explain(m, gs, trace.Options{Tags: c.String("tags"), Tests: c.Bool("test"), Analyzer: a})
	if err != nil {
		return exitError, err
	}
	for _, e := range rep.Result.Errors {
		e.Pos = driver.Rel(dir, e.Pos)
		fmt.Fprintln(stderr, e.Error())
	}
	plan := driver.PlanFixes(rep.Config, a, rep.Result, rep.Findings())
	if c.Bool("w") {
		plan.Write()
	}
	if c.Bool("json") {
		if err := rep.WriteJSON(stdout); err != nil {
			return exitError, err
		}
	} else {
		rep.WriteText(stdout, dir, plan, c.Bool("w"))
	}
	if len(rep.Result.Errors) > 0 {
		return exitError, nil
	}
	if len(plan.Unfixed) > 0 || !c.Bool("w") && len(plan.Files) > 0 {
		return exitFindings, nil
	}
	for _, g := range rep.Groups {
		if g.Status == trace.Unexplained && g.Leaked > 0 {
			return exitFindings, nil
		}
	}
	return exitClean, nil
}
