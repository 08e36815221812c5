package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/internal/scope"
)

// unstable returns why the value of e may differ between the make call of
// l and the go statements that start its senders, or "" when it provably
// does not. e is made of names, fields and constants (detect.Size's terms
// are). The property: nothing that runs between the make and the last go
// statement can write a variable e reads.
//
//   - A name declared outside the function (a global, a captured variable)
//     may be written by any call, so no call may run in between.
//   - A name whose address is taken, or that a closure assigns, may be
//     written through that pointer or closure: never stable.
//   - A local name assigned after the make (x = …, x++, x, y = …, range)
//     is not stable.
//   - Where e reaches memory other names share (a field through a pointer,
//     the length of a map or channel), no call, map write, delete or
//     assignment through a pointer or index may run in between; nor a
//     send, receive, select or range over a channel or function, after
//     which another goroutine's writes are visible.
//
// The goroutines' own bodies are not counted: they run concurrently, and
// one that wrote e would be a data race already.
func (s *Source) unstable(l detect.Leak, e ast.Expr) string {
	return s.changes(l.Func, e, l.Stmt.End(), s.spawnEnd(l))
}

// changes returns why the value of e may differ between from and to in
// fn, or "" when it provably does not (the rules of unstable).
func (s *Source) changes(fnNode ast.Node, e ast.Expr, from, to token.Pos) string {
	fn := scope.Body(fnNode)
	shared := s.reachesShared(e)
	var local []*types.Var
	for _, id := range idents(e) {
		v, ok := s.Info.Uses[id].(*types.Var)
		if !ok {
			continue // a constant or a type
		}
		if v.Pos() < fnNode.Pos() || v.Pos() >= fnNode.End() {
			shared = true // declared outside the function
			continue
		}
		local = append(local, v)
	}
	for _, v := range local {
		if why := s.written(fn, v, from, to); why != "" {
			return why
		}
	}
	if shared {
		var why string
		ast.Inspect(fn, func(n ast.Node) bool {
			if why != "" || n == nil || n.End() <= from || n.Pos() >= to {
				return why == ""
			}
			switch n := n.(type) {
			case *ast.GoStmt:
				// The goroutine runs concurrently; only its arguments are
				// evaluated here.
				for _, a := range n.Call.Args {
					ast.Inspect(a, func(n ast.Node) bool {
						if why == "" {
							why = s.mutates(n)
						}
						return why == ""
					})
				}
				return false
			case *ast.FuncLit:
				return false // a value here; a call of it is caught below
			}
			why = s.mutates(n)
			return why == ""
		})
		if why != "" {
			return fmt.Sprintf("%s may change %s before the go statements", why, types.ExprString(e))
		}
	}
	return ""
}

// mutates returns what n may write through shared memory, or "".
func (s *Source) mutates(n ast.Node) string {
	switch n := n.(type) {
	case *ast.CallExpr:
		if tv, ok := s.Info.Types[n.Fun]; ok && tv.IsType() {
			return "" // a conversion
		}
		if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
			if b, ok := s.Info.Uses[id].(*types.Builtin); ok {
				switch b.Name() {
				case "len", "cap", "make", "new", "min", "max", "complex", "real", "imag":
					return ""
				}
			}
		}
		return "the call " + types.ExprString(n.Fun)
	case *ast.AssignStmt:
		for _, lhs := range n.Lhs {
			if _, ok := ast.Unparen(lhs).(*ast.Ident); !ok {
				return "the assignment to " + types.ExprString(lhs)
			}
		}
	case *ast.IncDecStmt:
		if _, ok := ast.Unparen(n.X).(*ast.Ident); !ok {
			return "the assignment to " + types.ExprString(n.X)
		}
	case *ast.UnaryExpr:
		if n.Op == token.ARROW {
			return "the receive " + types.ExprString(n) // another goroutine may write before it sends
		}
	case *ast.SendStmt:
		return "the send on " + types.ExprString(n.Chan)
	case *ast.SelectStmt:
		return "the select" // it sends or receives
	case *ast.RangeStmt:
		switch s.Info.TypeOf(n.X).Underlying().(type) {
		case *types.Chan:
			return "the range over " + types.ExprString(n.X) // it receives
		case *types.Signature:
			return "the range over " + types.ExprString(n.X) // it calls
		}
		for _, x := range []ast.Expr{n.Key, n.Value} {
			if x == nil || n.Tok == token.DEFINE {
				continue
			}
			if _, ok := ast.Unparen(x).(*ast.Ident); !ok {
				return "the assignment to " + types.ExprString(x)
			}
		}
	}
	return ""
}

// reachesShared reports whether e reads memory that other names may
// share: a field through a pointer, or anything of a map or channel.
func (s *Source) reachesShared(e ast.Expr) bool {
	shared := false
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			if sel := s.Info.Selections[n]; sel != nil && sel.Indirect() {
				shared = true
			}
			if t := s.Info.TypeOf(n.X); t != nil {
				_, shared = t.Underlying().(*types.Pointer)
			}
		case ast.Expr:
			if t := s.Info.TypeOf(n); t != nil { // nil for len(X) made by trip
				switch t.Underlying().(type) {
				case *types.Map, *types.Chan, *types.Pointer:
					shared = true
				}
			}
		}
		return !shared
	})
	return shared
}

// written returns how the local variable v may change between from and
// to in fn, or "": an assignment there, one in a closure (which may be
// called there), or its address taken anywhere.
func (s *Source) written(fn *ast.BlockStmt, v *types.Var, from, to token.Pos) string {
	var why string
	ast.PreorderStack(fn, nil, func(n ast.Node, stack []ast.Node) bool {
		if why == "" {
			why = s.addressTaken(n, v)
		}
		inLit := slices.ContainsFunc(stack, func(p ast.Node) bool { _, lit := p.(*ast.FuncLit); return lit })
		if why == "" && (inLit || from <= n.Pos() && n.Pos() < to) && s.assigns(n, v) {
			why = fmt.Sprintf("%s is assigned at line %d", v.Name(), s.line(n.Pos()))
		}
		return why == ""
	})
	return why
}

// addressTaken returns how n takes the address of v, or "": &v, or v.M()
// with a pointer receiver on a v that is not a pointer.
func (s *Source) addressTaken(n ast.Node, v *types.Var) string {
	switch n := n.(type) {
	case *ast.UnaryExpr:
		if n.Op == token.AND && s.rootIs(n.X, v) {
			return fmt.Sprintf("the address of %s is taken at line %d", v.Name(), s.line(n.Pos()))
		}
	case *ast.SelectorExpr:
		sel := s.Info.Selections[n]
		if sel == nil || sel.Kind() != types.MethodVal || !s.rootIs(n.X, v) {
			break
		}
		sig, ok := sel.Obj().Type().(*types.Signature)
		if !ok || sig.Recv() == nil {
			break
		}
		_, ptrRecv := sig.Recv().Type().(*types.Pointer)
		_, isPtr := v.Type().Underlying().(*types.Pointer)
		if ptrRecv && !isPtr {
			return fmt.Sprintf("%s.%s at line %d may change %s", types.ExprString(n.X), n.Sel.Name, s.line(n.Pos()), v.Name())
		}
	}
	return ""
}

// assigns reports whether the statement n assigns v or part of it (a
// declaration of v, x := …, does not count).
func (s *Source) assigns(n ast.Node, v *types.Var) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		return slices.ContainsFunc(n.Lhs, func(lhs ast.Expr) bool {
			id, isIdent := lhs.(*ast.Ident)
			return s.rootIs(lhs, v) && !(n.Tok == token.DEFINE && isIdent && s.Info.Defs[id] == v)
		})
	case *ast.IncDecStmt:
		return s.rootIs(n.X, v)
	case *ast.RangeStmt:
		return n.Tok == token.ASSIGN && (s.rootIs(n.Key, v) || s.rootIs(n.Value, v))
	}
	return false
}

// rootIs reports whether e is v, or a field or element of v held in v's
// own memory (v.f, v[i] of an array).
func (s *Source) rootIs(e ast.Expr, v *types.Var) bool {
	for e != nil {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return s.Info.Uses[x] == v || s.Info.Defs[x] == v
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			if _, ok := s.Info.TypeOf(x.X).Underlying().(*types.Array); !ok {
				return false
			}
			e = x.X
		default:
			return false
		}
	}
	return false
}

// spawnEnd is where the last sender of l has been started: the end of the
// outermost statement around each go statement that the make does not
// also sit in (the loop that spawns them, or the go statement itself).
func (s *Source) spawnEnd(l detect.Leak) token.Pos {
	end := l.Stmt.End()
	for _, snd := range l.Senders {
		path := pathTo(l.Func, snd.Start())
		top := snd.Start().End()
		for _, n := range path {
			if _, ok := n.(ast.Stmt); ok && !(n.Pos() <= l.Make.Pos() && l.Make.End() <= n.End()) {
				top = max(top, n.End())
			}
			if n == l.Func {
				break
			}
		}
		end = max(end, top)
	}
	return end
}

// idents lists the identifiers in e.
func idents(e ast.Expr) []*ast.Ident {
	var ids []*ast.Ident
	ast.Inspect(e, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			ast.Inspect(sel.X, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok {
					ids = append(ids, id)
				}
				return true
			})
			return false // the field name is not a variable
		}
		if id, ok := n.(*ast.Ident); ok {
			ids = append(ids, id)
		}
		return true
	})
	return ids
}

// branches returns the position of a goto or labelled statement in the
// function body n, not in its function literals, or token.NoPos. A goto
// can run a go statement or a make more often than the loops around it
// say. (The detector counts the sends of each goroutine on its CFG.)
func branches(n ast.Node) token.Pos {
	pos := token.NoPos
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt:
			if n.Tok == token.GOTO || n.Label != nil {
				pos = n.Pos()
			}
		case *ast.LabeledStmt:
			pos = n.Pos()
		}
		return pos == token.NoPos
	})
	return pos
}
