package detect

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// A stopKind says whether a call returns to its caller.
type stopKind int

const (
	returns stopKind = iota
	maybe            // may stop the goroutine: testify's require.Equal and friends
	stops            // stops the goroutine: t.Fatal, t.Skip, runtime.Goexit
	panics           // panic, log.Panic
	exits            // ends the process: os.Exit, log.Fatal; nothing is left to leak
)

// stop classifies a call by whether control comes back from it.
func (f *fn) stop(call *ast.CallExpr) stopKind {
	if isBuiltin(f.info, call.Fun, "panic") {
		return panics
	}
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return returns
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "os":
		if name == "Exit" {
			return exits
		}
	case "log":
		switch {
		case strings.HasPrefix(name, "Fatal"):
			return exits
		case strings.HasPrefix(name, "Panic"):
			return panics
		}
	case "runtime":
		if name == "Goexit" {
			return stops
		}
	case "testing":
		switch name {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return stops
		}
	case "github.com/stretchr/testify/require":
		switch {
		case name == "Fail" || name == "FailNow":
			return stops
		case fn.Exported():
			return maybe
		}
	case "github.com/stretchr/testify/assert":
		if name == "FailNow" {
			return stops
		}
	}
	return returns
}

// mayReturn tells the control-flow graph which calls never return.
func (f *fn) mayReturn(call *ast.CallExpr) bool {
	k := f.stop(call)
	return k == returns || k == maybe
}

// callName is a call's function as written, as in "t.Fatal".
func callName(call *ast.CallExpr) string {
	return types.ExprString(call.Fun)
}
