package detect

import (
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// sendIn classifies a send on the channel inside a function literal. The
// literal is a goroutine f starts (see goroutines), or a literal such a
// goroutine calls as a statement: go func() { func() { c <- v }() }().
func (f *fn) sendIn(u *uses, stack []ast.Node, send *ast.SendStmt) bool {
	lit, i := innermostLit(stack)
	var inner *ast.FuncLit
	var call ast.Stmt
	if stmt := calledAsStmt(stack, i); stmt != nil {
		if outer, j := innermostLit(stack[:i]); outer != nil {
			inner, call, lit, i = lit, stmt, outer, j
		}
	}
	senders := f.goroutines(u, stack, lit, i)
	if senders == nil {
		return false // a literal that is not a goroutine of f
	}
	if guarded(stack) {
		return true
	}
	for _, s := range senders {
		s.Sends = append(s.Sends, send)
		if inner == nil {
			continue
		}
		if u.nested[s] == nil {
			u.nested[s] = map[ast.Stmt]*ast.FuncLit{}
		}
		u.nested[s][call] = inner
	}
	return true
}

// calledAsStmt returns the statement that calls the literal at stack[i]
// directly, func() { … }(), if it is an expression statement.
func calledAsStmt(stack []ast.Node, i int) ast.Stmt {
	if i < 2 {
		return nil
	}
	call, ok := stack[i-1].(*ast.CallExpr)
	if !ok || call.Fun != stack[i] {
		return nil
	}
	stmt, _ := stack[i-2].(*ast.ExprStmt)
	if stmt == nil {
		return nil
	}
	return stmt
}

// goroutines returns the senders whose goroutine runs lit, the literal at
// stack[i], or nil when lit is not one f starts in a way the check
// follows:
//   - go lit() in f's own body;
//   - go lit() at the top of a literal f calls or defers, through a
//     local variable or directly (start := func() { go … }; start());
//   - go v(…) in f's own body, v a local variable holding lit;
//   - time.AfterFunc(d, lit) in f's own body, whose timer is dropped (see
//     timerOf).
func (f *fn) goroutines(u *uses, stack []ast.Node, lit *ast.FuncLit, i int) []*Sender {
	if s := f.started(stack, i, lit); s != nil {
		return []*Sender{u.add(s)}
	}
	if g := goOf(stack, i); g != nil {
		outer, j := innermostLit(stack[:i])
		starts, deferred := f.starters(stack, outer, j, g)
		if starts == nil {
			return nil
		}
		if s := u.senders[g]; s != nil {
			return []*Sender{s} // met at an earlier send
		}
		s := u.add(&Sender{Go: g, Lit: lit, Starts: starts})
		for _, st := range starts {
			if deferred[st] {
				u.deferred[st] = append(u.deferred[st], s)
			} else {
				u.starts[st] = append(u.starts[st], s)
			}
		}
		return []*Sender{s}
	}
	v := f.closureVar(stack, i)
	if v == nil {
		return nil
	}
	gos, calls, ok := f.closureUses(v)
	if !ok || len(calls) > 0 || len(gos) == 0 {
		return nil // f calls it itself, or does not only start it
	}
	var senders []*Sender
	for _, g := range gos {
		senders = append(senders, u.add(&Sender{Go: g, Closure: lit}))
	}
	return senders
}

// starters returns the statements of f that run g, a go statement at the
// top of outer (the literal at stack[j]), and which of them are defer
// statements. Each runs g exactly once: g is a statement of outer's body,
// which has no return, and outer is called or deferred only by statements
// of f's own body. Otherwise it returns nil.
func (f *fn) starters(stack []ast.Node, outer *ast.FuncLit, j int, g *ast.GoStmt) ([]ast.Stmt, map[ast.Stmt]bool) {
	if outer == nil || j < 2 || !f.own(stack[:j]) || !slices.Contains(outer.Body.List, ast.Stmt(g)) || hasReturn(outer.Body) {
		return nil, nil
	}
	deferred := map[ast.Stmt]bool{}
	// defer func() { go … }()
	if call, ok := stack[j-1].(*ast.CallExpr); ok && call.Fun == outer {
		if d, ok := stack[j-2].(*ast.DeferStmt); ok {
			deferred[d] = true
			return []ast.Stmt{d}, deferred
		}
		return nil, nil
	}
	v := f.closureVar(stack, j)
	if v == nil {
		return nil, nil
	}
	gos, calls, ok := f.closureUses(v)
	if !ok || len(gos) > 0 || len(calls) == 0 {
		return nil, nil
	}
	for _, c := range calls {
		if _, ok := c.(*ast.DeferStmt); ok {
			deferred[c] = true
		}
	}
	return calls, deferred
}

// hasReturn reports whether body holds a return statement of its own.
func hasReturn(body *ast.BlockStmt) bool {
	found := false
	inspectOwn(body, func(n ast.Node) {
		_, ok := n.(*ast.ReturnStmt)
		found = found || ok
	})
	return found
}

// closureVar returns the local variable of f that the literal at stack[i]
// initialises (v := func…, var v = func…), if that is all it is assigned.
func (f *fn) closureVar(stack []ast.Node, i int) *types.Var {
	if i < 1 {
		return nil
	}
	var name ast.Expr
	switch p := stack[i-1].(type) {
	case *ast.AssignStmt:
		if len(p.Lhs) == 1 && len(p.Rhs) == 1 && p.Rhs[0] == stack[i] {
			name = p.Lhs[0]
		}
	case *ast.ValueSpec:
		if len(p.Names) == 1 && len(p.Values) == 1 && p.Values[0] == stack[i] {
			name = p.Names[0]
		}
	}
	if name == nil || !f.own(stack[:i]) {
		return nil
	}
	v := f.localVar(name)
	if v == nil || f.assignedAfter(v, stack[i].End()) {
		return nil
	}
	return v
}

// closureUses sorts the uses of v, a variable holding a literal: the go
// statements of f's own body that start it, go v(…), and the statements
// that call or defer it, v(…) and defer v(…). ok is false when v is used
// any other way, or inside a literal.
func (f *fn) closureUses(v *types.Var) (gos []*ast.GoStmt, calls []ast.Stmt, ok bool) {
	ok = true
	ast.PreorderStack(f.body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent || f.info.Uses[id] != v {
			return ok
		}
		ok = false
		if len(stack) < 2 || !f.own(stack) {
			return false
		}
		call, isCall := stack[len(stack)-1].(*ast.CallExpr)
		if !isCall || call.Fun != id {
			return false
		}
		switch st := stack[len(stack)-2].(type) {
		case *ast.GoStmt:
			gos = append(gos, st)
		case *ast.ExprStmt:
			calls = append(calls, st)
		case *ast.DeferStmt:
			calls = append(calls, st)
		default:
			return false
		}
		ok = true
		return true
	})
	return gos, calls, ok
}

// sendsIn returns the sends of sends that lie in lit.
func sendsIn(lit *ast.FuncLit, sends []*ast.SendStmt) []*ast.SendStmt {
	var in []*ast.SendStmt
	for _, s := range sends {
		if lit.Pos() <= s.Pos() && s.End() <= lit.End() {
			in = append(in, s)
		}
	}
	return in
}

// startNodes returns the statements of f that start s.
func (s *Sender) startNodes() []ast.Node {
	if s.Starts == nil {
		return []ast.Node{s.Start()}
	}
	var nodes []ast.Node
	for _, st := range s.Starts {
		nodes = append(nodes, st)
	}
	return nodes
}

// started returns a new sender running lit, the literal at stack[i], when
// f's own body starts it: go lit(…), or time.AfterFunc(d, lit) whose
// timer is dropped (see timerOf). Otherwise it returns nil.
func (f *fn) started(stack []ast.Node, i int, lit *ast.FuncLit) *Sender {
	if !f.own(stack[:i]) {
		return nil
	}
	if g := goOf(stack, i); g != nil {
		return &Sender{Go: g, Lit: lit}
	}
	if call, st := f.timerOf(stack, i); st != nil {
		return &Sender{Timer: call, TimerStmt: st, Lit: lit}
	}
	return nil
}

// timerOf returns the call time.AfterFunc(d, lit), lit the literal at
// stack[i], and the statement that holds it, when that statement drops the
// *time.Timer: time.AfterFunc(d, lit) or _ = time.AfterFunc(d, lit).
// Nothing can stop such a timer, so it fires, and lit runs in a goroutine
// of its own, even after f has returned. A timer kept in a variable may
// be stopped, before it fires or as f leaves: that is not followed, and
// the channel then counts as escaping.
func (f *fn) timerOf(stack []ast.Node, i int) (*ast.CallExpr, ast.Stmt) {
	if i < 2 {
		return nil, nil
	}
	call, ok := stack[i-1].(*ast.CallExpr)
	if !ok || len(call.Args) != 2 || call.Args[1] != stack[i] {
		return nil, nil
	}
	fn, ok := typeutil.Callee(f.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "time" || fn.Name() != "AfterFunc" {
		return nil, nil
	}
	switch st := stack[i-2].(type) {
	case *ast.ExprStmt:
		return call, st
	case *ast.AssignStmt:
		if len(st.Lhs) == 1 && len(st.Rhs) == 1 && isBlank(st.Lhs[0]) {
			return call, st
		}
	}
	return nil, nil
}

// isBlank reports whether x is the blank identifier.
func isBlank(x ast.Expr) bool {
	id, ok := ast.Unparen(x).(*ast.Ident)
	return ok && id.Name == "_"
}
