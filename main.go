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
	"path/filepath"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/internal/gcpace"
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

// leakfix runs the analyzer over the packages and prints or writes what
// the chosen mode asks for; it returns the exit code.
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
	gcpace.Start() // a batch run: the language server keeps the default pace
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
	cfg.Cache = resultCache(c.String("strategy"))
	defer cfg.Cache.Trim()
	res, err := driver.Run(cfg, a)
	if err != nil {
		return exitError, err
	}
	if err := writeErrors(stderr, dir, res.Errors, c.Bool("json")); err != nil {
		return exitError, err
	}
	code := exitClean
	if len(res.Findings) > 0 {
		code = exitFindings
	}
	switch {
	case c.Bool("l"):
		writeList(stdout, dir, res.Findings)
	case c.Bool("json"):
		err = writeJSON(stdout, res.Findings)
	case c.Bool("sarif"):
		log := sarif.New(res.Findings, res.Sources, dir)
		log.SetErrors(res.Errors, dir)
		err = log.Encode(stdout)
	case c.Bool("w"):
		if writeFixes(stderr, dir, driver.PlanFixes(cfg, a, res, res.Findings)) {
			code = exitClean
		}
	default:
		driver.PlanFixes(cfg, a, res, res.Findings).Diff(stdout, dir)
	}
	if err != nil {
		return exitError, err
	}
	if len(res.Errors) > 0 {
		return exitError, nil
	}
	return code, nil
}

// writeErrors prints the packages that could not be analysed: one line
// each, or one JSON object each for -json (see jsonerr.go).
func writeErrors(w io.Writer, dir string, errs []driver.LoadError, asJSON bool) error {
	if asJSON {
		return writeJSONErrors(w, errs)
	}
	for _, e := range errs {
		e.Pos = driver.Rel(dir, e.Pos)
		fmt.Fprintln(w, e.Error())
	}
	return nil
}

// writeList prints the findings as -l does: path:line:col: message.
func writeList(w io.Writer, dir string, findings []driver.Finding) {
	for _, f := range findings {
		mark := ""
		if f.Generated {
			mark = " (generated)"
		}
		fmt.Fprintf(w, "%s:%d:%d: %s%s\n", driver.Rel(dir, f.File), f.Line, f.Col, f.Message, mark)
	}
}

// writeJSON prints the findings as -json does: an array, [] when empty.
func writeJSON(w io.Writer, findings []driver.Finding) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "\t")
	if findings == nil {
		findings = []driver.Finding{}
	}
	return enc.Encode(findings)
}

// writeFixes writes the plan's files and says on w why each finding left
// unfixed is; it reports whether every finding was fixed.
func writeFixes(w io.Writer, dir string, plan *driver.Plan) bool {
	plan.Write()
	for _, u := range plan.Unfixed {
		f := u.Finding
		if len(f.Fixes) == 0 { // the message says why
			fmt.Fprintf(w, "%s:%d:%d: %s\n", driver.Rel(dir, f.File), f.Line, f.Col, f.Message)
			continue
		}
		fmt.Fprintf(w, "%s:%d: %s\n", driver.Rel(dir, f.File), f.Line, u.Reason)
	}
	return len(plan.Unfixed) == 0
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

// resultCache returns the cache of findings that runs share
// (driver.ResultCache): in LEAKFIX_CACHE, or leakfix in the user's cache
// directory; none when LEAKFIX_CACHE is "off" or there is no such
// directory. Its entries are this executable's, with this strategy.
func resultCache(strategy string) *driver.ResultCache {
	dir := os.Getenv("LEAKFIX_CACHE")
	if dir == "off" {
		return nil
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return nil
		}
		dir = filepath.Join(base, "leakfix")
	}
	sum, err := executableSum()
	if err != nil {
		return nil
	}
	return &driver.ResultCache{Dir: dir, Salt: sum + " leakfix " + strategy}
}
