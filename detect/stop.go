package detect

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/cfg"
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
	k := f.pkg.stop(f.info, call)
	// main.main has no caller to recover: its panic ends the process,
	// unless a deferred function of its own recovers.
	if k == panics && f.isMain() && !hasDefer(f.body) {
		return exits
	}
	return k
}

// isMain reports whether f is the function main of package main.
func (f *fn) isMain() bool {
	d, ok := f.node.(*ast.FuncDecl)
	if !ok || d.Recv != nil || d.Name.Name != "main" {
		return false
	}
	obj := f.info.Defs[d.Name]
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Name() == "main"
}

// hasDefer reports whether body defers a call outside nested literals.
func hasDefer(body ast.Node) bool {
	found := false
	inspectOwn(body, func(n ast.Node) {
		_, isDefer := n.(*ast.DeferStmt)
		found = found || isDefer
	})
	return found
}

// stop classifies a call by whether control comes back from it: a call
// of a function whose name tells, a function of the package that never
// returns, or a method of another package's type or interface with
// testing.TB's stopping method set. p may be nil: then the body of a
// function of the package does not tell.
func (p *Package) stop(info *types.Info, call *ast.CallExpr) stopKind {
	if isBuiltin(info, call.Fun, "panic") {
		return panics
	}
	fn, ok := typeutil.Callee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil {
		return returns
	}
	if k := stopByName(fn); k != returns {
		return k
	}
	// A function of the package is judged by its body: a fake T may
	// record a failure and return.
	if p != nil && p.decls[fn.Origin()] != nil {
		return p.noReturn(fn)
	}
	if stopsLikeTB(fn) {
		return stops
	}
	return returns
}

// stopByName classifies the functions of the packages leakfix knows.
func stopByName(fn *types.Func) stopKind {
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
		if tbStops[name] != nil {
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
	// Ginkgo and its forks (github.com/bsm/ginkgo/v2): Fail panics, and
	// Ginkgo recovers it to fail the spec.
	if path := strings.TrimSuffix(fn.Pkg().Path(), "/v2"); strings.HasSuffix(path, "/ginkgo") && name == "Fail" {
		return panics
	}
	return returns
}

// tbStops are testing.TB's methods that stop the goroutine, with their
// signatures.
var tbStops = func() map[string]*types.Signature {
	anys := types.NewSlice(types.Universe.Lookup("any").Type())
	str := types.Typ[types.String]
	sig := func(variadic bool, params ...types.Type) *types.Signature {
		var vars []*types.Var
		for _, t := range params {
			vars = append(vars, types.NewParam(0, nil, "", t))
		}
		return types.NewSignatureType(nil, nil, nil, types.NewTuple(vars...), nil, variadic)
	}
	return map[string]*types.Signature{
		"Fatal":   sig(true, anys),
		"Fatalf":  sig(true, str, anys),
		"FailNow": sig(false),
		"Skip":    sig(true, anys),
		"Skipf":   sig(true, str, anys),
		"SkipNow": sig(false),
	}
}()

// stopsLikeTB reports whether fn is one of testing.TB's stopping methods
// on a type or interface whose method set has all of them, with their
// signatures: a project's own TB interface, or a type wrapping a
// *testing.T. A logger's Fatalf has none of the Skip methods.
func stopsLikeTB(fn *types.Func) bool {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil || tbStops[fn.Name()] == nil {
		return false
	}
	recv := sig.Recv().Type()
	if _, isPtr := recv.(*types.Pointer); !isPtr && !types.IsInterface(recv) {
		recv = types.NewPointer(recv) // the method set of *T holds T's too
	}
	mset := types.NewMethodSet(recv)
	for name, want := range tbStops {
		sel := mset.Lookup(fn.Pkg(), name)
		if sel == nil || !types.Identical(sel.Type().(*types.Signature), want) {
			return false
		}
	}
	return true
}

// noReturn classifies a function of the package by its body: it stops
// the goroutine when every path ends in a call that does not return, one
// of them at least a stop or a panic rather than an exit of the process.
// Functions of other packages, and recursion, are taken to return.
func (p *Package) noReturn(fn *types.Func) stopKind {
	decl := p.decls[fn.Origin()]
	if decl == nil {
		return returns
	}
	if k, ok := p.noReturns[decl]; ok {
		return k
	}
	p.noReturns[decl] = returns // a recursive call returns, as far as we know
	kinds := map[stopKind]bool{}
	g := cfg.New(decl.Body, func(call *ast.CallExpr) bool {
		k := p.stop(p.info, call)
		return k == returns || k == maybe
	})
	for _, b := range g.Blocks {
		if !b.Live || len(b.Succs) > 0 {
			continue
		}
		kinds[p.endOf(b)] = true
	}
	k := returns
	switch {
	case kinds[returns] || len(kinds) == 0:
	case kinds[stops] || kinds[panics]:
		k = stops
	default:
		k = exits
	}
	p.noReturns[decl] = k
	return k
}

// endOf classifies how a block without successors ends: by a return, or
// by a call that does not return.
func (p *Package) endOf(b *cfg.Block) stopKind {
	if len(b.Nodes) == 0 {
		return returns
	}
	if es, ok := b.Nodes[len(b.Nodes)-1].(*ast.ExprStmt); ok {
		if call, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
			return p.stop(p.info, call)
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
