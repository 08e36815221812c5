// Command leakfix finds goroutines that block forever sending to a channel
// nobody reads any more, and rewrites the code so that they cannot.
//
//	leakfix [flags] [packages]
//
// By default it prints the fixes as a unified diff; -l lists the findings,
// -w writes the fixes, -json prints findings and fixes as JSON, -sarif
// prints them as a SARIF 2.1.0 log. The same binary is a vet tool for
// `go vet -vettool` and `go fix -fixtool` (see vet.go).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/sarif"
	"github.com/urfave/cli/v2"
	"golang.org/x/tools/go/analysis"
)

// Exit codes.
const (
	exitClean    = 0 // nothing found, or everything found was fixed
	exitFindings = 1 // findings reported, or left unfixed by -w
	exitError    = 2 // usage, load, syntax or type errors
)

func main() {
	vetTool(os.Args)
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

// run is the whole command; it returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	code := exitClean
	app := &cli.App{
		Name:      "leakfix",
		Usage:     "find and fix goroutines that block forever on a channel send",
		UsageText: "leakfix [flags] [packages]",
		Writer:    stdout,
		ErrWriter: stderr,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "d", Usage: "print the fixes as a unified diff (what runs when no other mode is given)"},
			&cli.BoolFlag{Name: "l", Usage: "list the findings, one per line"},
			&cli.BoolFlag{Name: "w", Usage: "write the fixes to the files"},
			&cli.BoolFlag{Name: "json", Usage: "print findings and their fixes as JSON"},
			&cli.BoolFlag{Name: "sarif", Usage: "print findings and their first fix as SARIF 2.1.0"},
			&cli.StringFlag{Name: "strategy", Value: "auto", Usage: "the fix to apply: auto, buffer, done or errgroup"},
			&cli.StringFlag{Name: "tags", Usage: "comma-separated build tags"},
			&cli.BoolFlag{Name: "test", Value: true, Usage: "include test files"},
			&cli.BoolFlag{Name: "generated", Usage: "also report findings in generated files (never fixed)"},
			&cli.BoolFlag{Name: "version", Usage: "print leakfix's version and exit"},
		},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error { return usageError{err} },
		Commands:     []*cli.Command{lspCommand, traceCommand, goplsCommand, versionCommand},
		Action: func(c *cli.Context) error {
			if c.Bool("version") {
				return versionCommand.Action(c)
			}
			var err error
			code, err = leakfix(c, stdout, stderr)
			return err
		},
		ExitErrHandler: func(*cli.Context, error) {},
	}
	if err := app.Run(args); err != nil {
		if e, ok := err.(cli.ExitCoder); ok && e.Error() == "" {
			return e.ExitCode() // a command that has reported everything itself
		}
		fmt.Fprintf(stderr, "leakfix: %v\n", err)
		if _, ok := err.(usageError); ok {
			fmt.Fprintln(stderr, "run 'leakfix -help' for usage")
		}
		return exitError
	}
	return code
}

// usageError is a mistake in the command line.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }

func leakfix(c *cli.Context, stdout, stderr io.Writer) (int, error) {
	modes := 0
	for _, m := range []string{"d", "l", "w", "json", "sarif"} {
		if c.Bool(m) {
			modes++
		}
	}
	if modes > 1 {
		return exitError, usageError{errors.New("-d, -l, -w, -json and -sarif exclude each other")}
	}
	a, err := newAnalyzer(c.String("strategy"))
	if err != nil {
		return exitError, err
	}
	dir, err := os.Getwd()
	if err != nil {
		return exitError, err
	}
	if c.String("strategy") == "errgroup" && !analyzer.RequiresXSync(dir) {
		return exitError, usageError{errors.New("-strategy errgroup needs golang.org/x/sync in go.mod: run go get golang.org/x/sync first")}
	}
	cfg := driver.Config{
		Dir:       dir,
		Patterns:  c.Args().Slice(),
		Tags:      c.String("tags"),
		Tests:     c.Bool("test"),
		Generated: c.Bool("generated"),
		Progress:  driver.Progress(stderr, 2*time.Second),
	}
	res, err := driver.Run(cfg, a)
	if err != nil {
		return exitError, err
	}
	if c.Bool("json") {
		if err := writeJSONErrors(stderr, res.Errors); err != nil {
			return exitError, err
		}
	} else {
		for _, e := range res.Errors {
			e.Pos = driver.Rel(dir, e.Pos)
			fmt.Fprintln(stderr, e.Error())
		}
	}
	code := exitClean
	if len(res.Findings) > 0 {
		code = exitFindings
	}
	switch {
	case c.Bool("l"):
		for _, f := range res.Findings {
			mark := ""
			if f.Generated {
				mark = " (generated)"
			}
			fmt.Fprintf(stdout, "%s:%d:%d: %s%s\n", driver.Rel(dir, f.File), f.Line, f.Col, f.Message, mark)
		}
	case c.Bool("json"):
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "\t")
		findings := res.Findings
		if findings == nil {
			findings = []driver.Finding{}
		}
		if err := enc.Encode(findings); err != nil {
			return exitError, err
		}
	case c.Bool("sarif"):
		log := sarif.New(res.Findings, res.Sources, dir)
		log.SetErrors(res.Errors, dir)
		if err := log.Encode(stdout); err != nil {
			return exitError, err
		}
	case c.Bool("w"):
		plan := driver.PlanFixes(cfg, a, res, res.Findings)
		plan.Write()
		for _, u := range plan.Unfixed {
			f := u.Finding
			if len(f.Fixes) == 0 { // the message says why
				fmt.Fprintf(stderr, "%s:%d:%d: %s\n", driver.Rel(dir, f.File), f.Line, f.Col, f.Message)
				continue
			}
			fmt.Fprintf(stderr, "%s:%d: %s\n", driver.Rel(dir, f.File), f.Line, u.Reason)
		}
		if len(plan.Unfixed) == 0 {
			code = exitClean
		}
	default:
		driver.PlanFixes(cfg, a, res, res.Findings).Diff(stdout, dir)
	}
	if len(res.Errors) > 0 {
		return exitError, nil
	}
	return code, nil
}

// newAnalyzer returns the analyzer with strategy s first: the one check
// of every command's -strategy.
func newAnalyzer(s string) (*analysis.Analyzer, error) {
	a, err := analyzer.New(analyzer.Options{Strategy: s})
	if err != nil {
		return nil, usageError{err}
	}
	return a, nil
}
