package rewrite

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/detect"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// The done fix reaches into a producer helper: a function of the package
// that a goroutine runs, and that sends on a channel parameter. The
// helper takes a done channel as its last parameter; the leak's own calls
// pass the function's done, every other call passes nil:
//
//	go func() {                          go func() {
//		defer close(out)                     defer close(out)
//		produce(ctx, out)          =>        produce(ctx, out, done)
//	}()                                  }()
//
//	func produce(ctx context.Context,    func produce(ctx context.Context,
//		out chan<- T) {                      out chan<- T, done <-chan struct{}) {
//		out <- v                             select {
//	}                                        case out <- v:
//	                                         case <-done:
//	                                             return
//	                                         }
//	                                     }
//
// Safe because a select never proceeds on a nil channel, so for every
// other caller each send behaves exactly as before, and for the leak's
// goroutines the argument is Done's: open until the function returns.
// The helper's return must leave the goroutine, as the literal's does:
// the go statement runs the helper, or the call is the last statement of
// the goroutine's literal. It needs:
//
//   - the helper is a function, not a method, unexported, returning no
//     values, not variadic, with named parameters, so that a parameter
//     can be added and return leaves it;
//   - it is only ever called, by calls that name it and list their
//     arguments (not f(g()) or f(xs...)), and never from its own body, so
//     that the fix updates every call: an unexported function's callers
//     are all in the package;
//   - nothing but the leak's file names it, since a fix edits one file:
//     no other file of the package, whether the check sees it or not
//     (excluded by build constraints, assembly, a test file), and in the
//     leak's file no code the check did not read (every identifier of the
//     source is in the syntax tree).

// A helperCall is a goroutine's call of a function of the package that
// sends on the leak's channel: the go statement's own call, or the last
// statement of its literal.
type helperCall struct {
	call *ast.CallExpr
	fn   *types.Func
	decl *ast.FuncDecl // in the file of the leak: a fix edits one file
}

// helperOf returns the call through which snd sends from a named
// function, or nil when all its sends are in lit, its literal.
func (s *Source) helperOf(snd detect.Sender, lit *ast.FuncLit) (*helperCall, error) {
	where := s.line(snd.Start().Pos())
	var call *ast.CallExpr
	switch {
	case lit == nil && snd.Go != nil:
		call = snd.Go.Call // go produce(out)
	case lit == nil:
		return nil, fmt.Errorf("the goroutine at line %d runs no literal", where)
	case len(snd.Helpers) == 0:
		return nil, nil
	case len(snd.Helpers) > 1:
		return nil, fmt.Errorf("the goroutine at line %d calls more than one function that sends", where)
	default:
		for st := range snd.Helpers {
			es, ok := st.(*ast.ExprStmt)
			if !ok || len(lit.Body.List) == 0 || lit.Body.List[len(lit.Body.List)-1] != st {
				return nil, fmt.Errorf("the goroutine at line %d keeps working after the call at line %d, which the helper's return would run", where, s.line(st.Pos()))
			}
			call, _ = ast.Unparen(es.X).(*ast.CallExpr)
		}
	}
	fn := typeutil.StaticCallee(s.Info, call)
	if fn == nil {
		return nil, fmt.Errorf("the goroutine at line %d sends from a function literal it calls, where return would not leave it", where)
	}
	fn = fn.Origin()
	if s.Package == nil {
		return nil, fmt.Errorf("the goroutine at line %d sends from %s, and the rest of the package is not known", where, fn.Name())
	}
	if decl := s.declOf(fn); decl != nil && s.File.Pos() <= decl.Pos() && decl.End() <= s.File.End() {
		return &helperCall{call: call, fn: fn, decl: decl}, nil
	}
	return nil, fmt.Errorf("the goroutine at line %d sends from %s, which is not declared in this file: a fix edits one file", where, fn.Name())
}

// feeds returns the first of leaks that has a sender calling the helper,
// or nil.
func (s *Source) feeds(h *helperCall, leaks []detect.Leak) *detect.Leak {
	for i, l := range leaks {
		for _, snd := range l.Senders {
			if snd.Callee == h.decl {
				return &leaks[i]
			}
			for st := range snd.Helpers {
				if es, ok := st.(*ast.ExprStmt); ok && s.calls(es.X, h.fn) {
					return &leaks[i]
				}
			}
		}
	}
	return nil
}

// calls reports whether e is a call of fn.
func (s *Source) calls(e ast.Expr, fn *types.Func) bool {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return false
	}
	callee := typeutil.StaticCallee(s.Info, call)
	return callee != nil && callee.Origin() == fn
}

// helperShape checks that a parameter can be added to the helper, and
// that its return leaves it.
func (h *helperCall) helperShape() error {
	t := h.decl.Type
	params := t.Params.List
	switch {
	case h.decl.Recv != nil:
		return fmt.Errorf("%s is a method, which interfaces and method values may call", h.fn.Name())
	case ast.IsExported(h.fn.Name()):
		return fmt.Errorf("%s is exported, and other packages may call it", h.fn.Name())
	case t.Results != nil && len(t.Results.List) > 0:
		return fmt.Errorf("%s returns values", h.fn.Name())
	case h.fn.Signature().Variadic():
		return fmt.Errorf("%s is variadic", h.fn.Name())
	case len(params) == 0 || slices.ContainsFunc(params, func(f *ast.Field) bool { return len(f.Names) == 0 }):
		return fmt.Errorf("the parameters of %s are not named", h.fn.Name())
	}
	return nil
}

// callsOf returns every call of the helper, all in s's file, checking
// that nothing else names it: not in s's file, where the syntax must hold
// every identifier of the source, nor in any other file of the package,
// whether this check sees it or not (excluded by build constraints, not
// Go, or a test file), so that the reason reads the same in every check.
func (s *Source) callsOf(h *helperCall) ([]*ast.CallExpr, error) {
	name := h.fn.Name()
	var calls []*ast.CallExpr
	var err error
	seen := 0 // identifiers spelled name in the syntax tree
	ast.PreorderStack(s.File, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Name != name || err != nil {
			return err == nil
		}
		seen++
		if s.Info.Uses[id] != h.fn {
			return true
		}
		call, ok := stack[len(stack)-1].(*ast.CallExpr)
		switch {
		case !ok || call.Fun != ast.Expr(id):
			err = fmt.Errorf("%s is used other than called, at line %d", name, s.line(id.Pos()))
		case call.Ellipsis.IsValid():
			err = fmt.Errorf("%s is called with a spread slice at line %d", name, s.line(id.Pos()))
		case len(call.Args) == 1 && isTuple(s.Info.TypeOf(call.Args[0])):
			err = fmt.Errorf("%s is called with the results of a call at line %d", name, s.line(id.Pos()))
		case h.decl.Body.Pos() <= id.Pos() && id.End() <= h.decl.Body.End():
			err = fmt.Errorf("%s calls itself at line %d", name, s.line(id.Pos()))
		}
		calls = append(calls, call)
		return err == nil
	})
	if err != nil {
		return nil, err
	}
	if identifiers(s.Fset.File(s.File.Pos()).Name(), s.Src, name) != seen {
		return nil, fmt.Errorf("this file names %s in code the check did not read", name)
	}
	if c := exported(s.File, name); c != nil {
		return nil, fmt.Errorf("the directive at line %d lets code outside the package call %s", s.line(c.Pos()), name)
	}
	others := s.Package.Unseen()
	for _, f := range s.Package.Files {
		if f != s.File {
			others = append(others, s.Fset.File(f.Pos()).Name())
		}
	}
	// The same first file, whichever of them a check sees: those of the
	// leak's directory first (a cgo file, not what cgo made of it).
	dir := filepath.Dir(s.Fset.File(s.File.Pos()).Name())
	away := func(file string) int {
		if filepath.Dir(file) == dir {
			return 0
		}
		return 1
	}
	slices.SortFunc(others, func(a, b string) int { return cmp.Or(away(a)-away(b), strings.Compare(a, b)) })
	for _, file := range others {
		src, err := s.Package.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if mentions(file, src, name) {
			return nil, fmt.Errorf("%s names %s too, and a fix edits one file", filepath.Base(file), name)
		}
	}
	return calls, nil
}

// exported returns the directive of f that lets other packages or C call
// the function name, //go:linkname or //export, or nil.
func exported(f *ast.File, name string) *ast.Comment {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			for _, d := range []string{"//go:linkname ", "//export "} {
				if fields := strings.Fields(strings.TrimPrefix(c.Text, d)); strings.HasPrefix(c.Text, d) && len(fields) > 0 && fields[0] == name {
					return c
				}
			}
		}
	}
	return nil
}

func isTuple(t types.Type) bool {
	_, ok := t.(*types.Tuple)
	return ok
}

// identifiers counts the identifiers spelled name in Go source.
func identifiers(file string, src []byte, name string) int {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile(file, -1, len(src)), src, nil, 0)
	n := 0
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			return n
		}
		if tok == token.IDENT && lit == name {
			n++
		}
	}
}

// mentions reports whether a file names name: as an identifier of Go
// source, or as a word of any other file.
func mentions(file string, src []byte, name string) bool {
	if filepath.Ext(file) == ".go" {
		return identifiers(file, src, name) > 0
	}
	return regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).Match(src)
}

// where names pos as a message does: "line 5", or "worker.go:5" in
// another file than s's.
func (s *Source) where(pos token.Pos) string {
	posn := s.Fset.PositionFor(pos, false)
	if s.Fset.File(pos) != s.Fset.File(s.File.Pos()) {
		return fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
	}
	return fmt.Sprintf("line %d", posn.Line)
}

// helperEdits adds the done parameter to the helper and an argument to
// each call: done to the calls of ours, nil to the others.
func (s *Source) helperEdits(h *helperCall, param, done string, ours []*ast.CallExpr) ([]analysis.TextEdit, error) {
	calls, err := s.callsOf(h)
	if err != nil {
		return nil, err
	}
	params := h.decl.Type.Params
	edits := []analysis.TextEdit{s.appendItem(params.List[len(params.List)-1], params.Closing, param+" <-chan struct{}")}
	for _, call := range calls {
		arg := "nil"
		if slices.Contains(ours, call) {
			arg = done
		}
		if len(call.Args) == 0 {
			edits = append(edits, insert(call.Rparen, arg))
		} else {
			edits = append(edits, s.appendItem(call.Args[len(call.Args)-1], call.Rparen, arg))
		}
	}
	return edits, nil
}

// appendItem adds text to a list after its last item: on the same line,
// or, when the list closes on a later line, on a line of its own after
// the last item's, its comma and comment, as gofmt lays such lists out.
func (s *Source) appendItem(last ast.Node, closing token.Pos, text string) analysis.TextEdit {
	if s.line(closing) == s.line(last.End()) {
		return insert(last.End(), ", "+text)
	}
	off := s.offset(last.End())
	eol := off + bytes.IndexByte(s.Src[off:], '\n')
	if s.Src[eol-1] == '\r' {
		eol--
	}
	return insert(last.End()+token.Pos(eol-off), s.newline()+s.indentOf(last.Pos())+text+",")
}
