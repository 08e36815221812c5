package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/internal/gcpace"
	"golang.org/x/tools/go/analysis/unitchecker"
)

// vetTool hands the process over to unitchecker when the go command runs
// leakfix as `go vet -vettool=leakfix` or `go fix -fixtool=leakfix`, so one
// binary serves both the command line and the go command. It returns only
// when args are not that protocol; otherwise unitchecker exits itself.
//
// It must run before the urfave/cli app sees the arguments: the go command
// speaks the standard flag package's dialect (-V=full, -flags,
// -leakfix.strategy=buffer, -fix, -diff, then a unit.cfg), which the app
// would reject as unknown flags.
//
// `-V=full` alone is answered here, with the version from the build
// information; unitchecker would say "devel comments-go-here".
func vetTool(args []string) {
	if len(args) == 2 && args[1] == "-V=full" {
		if err := printVetVersion(os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "leakfix: %v\n", err)
			os.Exit(exitError)
		}
		os.Exit(exitClean)
	}
	if isVetHandshake(args[1:]) {
		gcpace.Start()
		unitchecker.Main(analyzer.Batch) // one fix per diagnostic: go fix applies the first
	}
}

// isVetHandshake reports whether args (without the program name) are the
// go command's side of the unitchecker protocol: `-V=full` to identify the
// tool for the build cache, `-flags` to learn its flags, or a run over one
// compilation unit whose description is the final `*.cfg` argument.
func isVetHandshake(args []string) bool {
	for _, a := range args {
		if a == "-V=full" || a == "-flags" {
			return true
		}
	}
	return len(args) > 0 && strings.HasSuffix(args[len(args)-1], ".cfg")
}
