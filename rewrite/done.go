package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/dave/dst"
	"github.com/leakfix/leakfix/detect"
)

// Done makes every blocking send a select that gives up when the function
// that made the channel returns.
//
//	out := make(chan T)              out := make(chan T)
//	                             =>  done := make(chan struct{})
//	                                 defer close(done)
//	go func() {                      go func() {
//		out <- v // why                  select {
//	}()                                  case out <- v: // why
//	                                     case <-done:
//	                                         return
//	                                     }
//	                                 }()
//
// Where a context.Context is in scope it derives one instead,
// ctx, cancel := context.WithCancel(ctx) with defer cancel(), and the case
// is <-ctx.Done(). It is safe because the deferred close or cancel runs only
// when the function returns: until then every send behaves as before, and
// after it nobody can receive, so the sender leaving is the only change.
// The return leaves the goroutine, which also ends a producer's loop.
//
// Leaks of several channels fed by the same goroutines (a result and an
// error channel, say) take one fix together: one done channel, inserted
// after the last of their make calls, and every send guarded.
//
// It does not apply when a sender's literal returns values (return alone
// would not compile), when a send is in a named function (changing it
// would change its other callers), or when the make is not a statement
// of a block.
func Done(s *Source, group ...detect.Leak) (Fix, error) {
	l := merge(group)
	for _, snd := range l.Senders {
		if !snd.Rewritable() {
			return Fix{}, fmt.Errorf("the goroutine at %s sends from a named function", s.Fset.Position(snd.Go.Pos()))
		}
		if r := snd.Lit.Type.Results; r != nil && len(r.List) > 0 {
			return Fix{}, fmt.Errorf("the goroutine at %s returns values", s.Fset.Position(snd.Go.Pos()))
		}
	}
	scope := s.scopeAt(l.Func, l.Make.Pos())
	if scope == nil {
		return Fix{}, fmt.Errorf("no scope at the make call")
	}
	ctx := s.contextFor(l, scope)
	d, err := s.decorate()
	if err != nil {
		return Fix{}, err
	}
	var decl, release dst.Stmt
	var bail func() dst.Expr // the channel the select case receives from
	message := "cancel senders with a done channel"
	if ctx != nil {
		cancel := s.fresh(l.Func, scope, "cancel")
		decl = &dst.AssignStmt{
			Lhs: []dst.Expr{dst.NewIdent(ctx.Name()), dst.NewIdent(cancel)},
			Tok: token.DEFINE,
			Rhs: []dst.Expr{&dst.CallExpr{Fun: &dst.Ident{Name: "WithCancel", Path: "context"}, Args: []dst.Expr{dst.NewIdent(ctx.Name())}}},
		}
		release = &dst.DeferStmt{Call: &dst.CallExpr{Fun: dst.NewIdent(cancel)}}
		bail = func() dst.Expr {
			return &dst.CallExpr{Fun: &dst.SelectorExpr{X: dst.NewIdent(ctx.Name()), Sel: dst.NewIdent("Done")}}
		}
		message = fmt.Sprintf("cancel senders with %s.Done()", ctx.Name())
	} else {
		done := s.fresh(l.Func, scope, "done")
		decl = &dst.AssignStmt{
			Lhs: []dst.Expr{dst.NewIdent(done)},
			Tok: token.DEFINE,
			Rhs: []dst.Expr{&dst.CallExpr{Fun: dst.NewIdent("make"), Args: []dst.Expr{
				&dst.ChanType{Dir: dst.SEND | dst.RECV, Value: &dst.StructType{Fields: &dst.FieldList{Opening: true, Closing: true}}},
			}}},
		}
		release = &dst.DeferStmt{Call: &dst.CallExpr{Fun: dst.NewIdent("close"), Args: []dst.Expr{dst.NewIdent(done)}}}
		bail = func() dst.Expr { return dst.NewIdent(done) }
	}
	decl.Decorations().Before = dst.NewLine
	release.Decorations().Before = dst.NewLine
	release.Decorations().After = dst.NewLine
	if err := d.insertAfter(l.Stmt, decl, release); err != nil {
		return Fix{}, err
	}
	changes := []change{{from: s.lineEnd(l.Stmt.End()), to: s.lineEnd(l.Stmt.End()), first: decl, last: release, insert: true}}
	for _, snd := range l.Senders {
		// A one-line literal, go func() { c <- v }(), becomes a block of
		// lines: the go statement is the change, so the output stays gofmt-clean.
		oneLine := false
		for _, send := range snd.Sends {
			oneLine = oneLine || s.line(send.Pos()) == s.line(snd.Lit.Body.Lbrace)
		}
		for _, send := range snd.Sends {
			sel, err := d.guard(send, bail())
			if err != nil {
				return Fix{}, err
			}
			if oneLine {
				sel.Decs.Before, sel.Decs.After = dst.NewLine, dst.NewLine
				continue
			}
			changes = append(changes, change{from: send.Pos(), to: s.lineEnd(send.End()), first: sel, last: sel})
		}
		if oneLine {
			g := d.node(snd.Go)
			changes = append(changes, change{from: snd.Go.Pos(), to: snd.Go.End(), first: g, last: g})
		}
	}
	edits, err := d.edits(changes)
	if err != nil {
		return Fix{}, err
	}
	return Fix{Strategy: StrategyDone, Message: fixPrefix + message, Edits: edits}, nil
}

// merge returns the leak that stands for a group in one fix: the one
// made last, with the senders of all, each with all its sends.
func merge(group []detect.Leak) detect.Leak {
	l := group[0]
	for _, g := range group[1:] {
		if g.Stmt.Pos() > l.Stmt.Pos() {
			l = g
		}
	}
	var senders []detect.Sender
	for _, g := range group {
		for _, snd := range g.Senders {
			i := slices.IndexFunc(senders, func(x detect.Sender) bool { return x.Go == snd.Go })
			if i < 0 {
				senders = append(senders, snd)
				continue
			}
			senders[i].Sends = append(slices.Clip(senders[i].Sends), snd.Sends...)
		}
	}
	l.Senders = senders
	return l
}

// guard replaces send by a select that also leaves the goroutine when
// bail is ready. The send keeps its comments: those above it go above the
// select, the one after it follows the case's colon.
func (d *decorated) guard(send *ast.SendStmt, bail dst.Expr) (*dst.SelectStmt, error) {
	old := d.node(send).(*dst.SendStmt)
	sel := &dst.SelectStmt{Body: &dst.BlockStmt{List: []dst.Stmt{
		&dst.CommClause{Comm: old, Decs: dst.CommClauseDecorations{Colon: old.Decs.End}},
		&dst.CommClause{
			Comm: &dst.ExprStmt{X: &dst.UnaryExpr{Op: token.ARROW, X: bail}},
			Body: []dst.Stmt{&dst.ReturnStmt{Decs: dst.ReturnStmtDecorations{NodeDecs: dst.NodeDecs{Before: dst.NewLine, After: dst.NewLine}}}},
		},
	}}}
	sel.Decs.NodeDecs = dst.NodeDecs{Before: old.Decs.Before, After: old.Decs.After, Start: old.Decs.Start}
	old.Decs = dst.SendStmtDecorations{}
	return sel, d.replace(send, sel)
}

// contextFor returns the context.Context variable in scope at the make
// call that the fix may rebind, or nil. Rebinding is safe only when, after
// the make, the context is used just by the senders and by ctx.Done() or
// ctx.Err(): anything else could outlive the function and see the
// cancellation.
func (s *Source) contextFor(l detect.Leak, scope *types.Scope) *types.Var {
	var ctx *types.Var
	for sc := scope; sc != nil && sc != s.Pkg.Scope() && ctx == nil; sc = sc.Parent() {
		for _, name := range sc.Names() {
			v, ok := sc.Lookup(name).(*types.Var)
			if ok && v.Pos() < l.Make.Pos() && isContext(v.Type()) {
				ctx = v
				break
			}
		}
	}
	if ctx == nil {
		return nil
	}
	safe := true
	ast.PreorderStack(funcBody(l.Func), nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || s.Info.Uses[id] != ctx || id.Pos() < l.Stmt.End() {
			return true
		}
		if sel, ok := stack[len(stack)-1].(*ast.SelectorExpr); ok && (sel.Sel.Name == "Done" || sel.Sel.Name == "Err") {
			return true
		}
		for _, snd := range l.Senders {
			if id.Pos() >= snd.Lit.Pos() && id.End() <= snd.Lit.End() {
				return true
			}
		}
		safe = false
		return true
	})
	if !safe {
		return nil
	}
	return ctx
}

func isContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}
