package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// A channel made on each pass of a loop and kept in a local slice is one
// of a family: chs = append(chs, ch) or chs[i] = ch, then receives from
// the slice's elements (<-chs[k], or for _, c := range chs { <-c }).
//
//	var chs []chan T
//	for _, q := range qs {
//		ch := make(chan T)
//		chs = append(chs, ch)
//		go func() { ch <- ask(q) }()
//	}
//	return <-chs[0]
//
// The family is checked as one channel: every go statement starts
// senders on it, every receive from the slice counts. That is exact
// enough to report without a false alarm: each receive takes one value
// from one channel of the family, so where the senders started outnumber
// the receives, some channel has a sender nobody receives from. It needs
// the channels unbuffered (a buffer is per channel, not per family), the
// slice made fresh in f (make, a literal or a zero var) and used only as
// above (len and cap aside): anything else may let a channel escape, or
// receive from it uncounted.

// sliceOf returns the local slice variable that keeps the channel c, and
// the statement that stores it there, when f's own body stores it in
// exactly one place and nowhere else; nil otherwise.
func (f *fn) sliceOf(c channel) (*types.Var, ast.Stmt) {
	if c.holder != nil || len(c.make.Args) > 1 {
		return nil, nil
	}
	var slice *types.Var
	var store ast.Stmt
	n := 0
	inspectOwn(f.body, func(node ast.Node) {
		as, ok := node.(*ast.AssignStmt)
		if !ok || as.Tok != token.ASSIGN || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return
		}
		if s := f.storeOf(c, as.Lhs[0], as.Rhs[0]); s != nil {
			slice, store = s, as
			n++
		}
	})
	if n != 1 || !f.freshEachStore(c, store) {
		return nil, nil
	}
	if t, ok := slice.Type().Underlying().(*types.Slice); !ok || !types.Identical(t.Elem(), c.obj.Type()) {
		return nil, nil
	}
	return slice, store
}

// freshEachStore reports whether every store keeps a channel of its own:
// the make declares the variable (ch := make(chan T), var ch = …), and
// the store is a later statement of the same block, so that each pass
// that stores makes first. A make under an if would let one channel be
// stored, and sent on, twice.
func (f *fn) freshEachStore(c channel, store ast.Stmt) bool {
	if as, ok := c.stmt.(*ast.AssignStmt); ok && as.Tok != token.DEFINE {
		return false
	}
	found := false
	inspectOwn(f.body, func(n ast.Node) {
		var list []ast.Stmt
		switch n := n.(type) {
		case *ast.BlockStmt:
			list = n.List
		case *ast.CaseClause:
			list = n.Body
		case *ast.CommClause:
			list = n.Body
		}
		i := slices.Index(list, c.decl)
		found = found || i >= 0 && slices.Contains(list[i+1:], store)
	})
	return found
}

// storeOf returns the local slice variable that lhs = rhs stores the
// channel c in: s[i] = c, or s = append(s, c).
func (f *fn) storeOf(c channel, lhs, rhs ast.Expr) *types.Var {
	isC := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && f.info.Uses[id] == c.obj
	}
	if ix, ok := ast.Unparen(lhs).(*ast.IndexExpr); ok && isC(rhs) {
		return f.localVar(ix.X)
	}
	call, ok := ast.Unparen(rhs).(*ast.CallExpr)
	if !ok || !isBuiltin(f.info, call.Fun, "append") || len(call.Args) != 2 || call.Ellipsis.IsValid() || !isC(call.Args[1]) {
		return nil
	}
	if s := f.localVar(lhs); s != nil && f.localVar(call.Args[0]) == s {
		return s
	}
	return nil
}

// rangeAliases adds to u.aliases the value variable of each range over
// the slice, for _, c := range chs: on each pass it is one channel of the
// family, and its receives count.
func (f *fn) rangeAliases(u *uses) {
	inspectOwn(f.body, func(n ast.Node) {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Tok != token.DEFINE || r.Value == nil {
			return
		}
		if x, ok := ast.Unparen(r.X).(*ast.Ident); ok && f.info.Uses[x] == u.slice {
			if id, ok := r.Value.(*ast.Ident); ok && f.info.Defs[id] != nil {
				u.aliases[f.info.Defs[id]] = true
			}
		}
	})
}

// sliceUse classifies a use of the slice that keeps the channel, id with
// its ancestors on stack: its fresh definition, the store, len or cap, a
// receive from an element in f's own body, or a range over it whose value
// is an alias (see rangeAliases). Anything else fails.
func (f *fn) sliceUse(u *uses, stack []ast.Node, id *ast.Ident) bool {
	if !f.own(stack) {
		return false
	}
	switch p := stack[len(stack)-1].(type) {
	case *ast.IndexExpr:
		return p.X == id && len(stack) >= 2 && elementUse(u, p, stack[len(stack)-2])
	case *ast.AssignStmt:
		if p == u.store {
			return true // s = append(s, c)
		}
		i := indexOf(p.Lhs, id)
		return p.Tok == token.DEFINE && i >= 0 && len(p.Lhs) == len(p.Rhs) && f.freshSlice(p.Rhs[i])
	case *ast.ValueSpec:
		i := indexOf(p.Names, id)
		return i >= 0 && (len(p.Values) == 0 || len(p.Values) == len(p.Names) && f.freshSlice(p.Values[i]))
	case *ast.CallExpr:
		if len(stack) >= 2 && stack[len(stack)-2] == u.store {
			return true // append(s, c)
		}
		return (isBuiltin(f.info, p.Fun, "len") || isBuiltin(f.info, p.Fun, "cap")) && len(p.Args) == 1
	case *ast.RangeStmt:
		if p.X != id {
			return false
		}
		v, ok := p.Value.(*ast.Ident)
		return p.Value == nil || ok && u.aliases[f.info.Defs[v]]
	}
	return false
}

// elementUse reports whether the element x of the slice, whose parent is
// parent, is the store's s[i] = c or a receive, <-s[k], that isChan
// counts.
func elementUse(u *uses, x *ast.IndexExpr, parent ast.Node) bool {
	switch p := parent.(type) {
	case *ast.AssignStmt:
		return p == u.store && p.Lhs[0] == x
	case *ast.UnaryExpr:
		return p.Op == token.ARROW
	}
	return false
}

// freshSlice reports whether e makes a new slice that holds no channel
// yet: make([]T, n), or a composite literal without elements.
func (f *fn) freshSlice(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.CallExpr:
		return isBuiltin(f.info, e.Fun, "make")
	case *ast.CompositeLit:
		return len(e.Elts) == 0
	}
	return false
}

// indexOf returns the index of id in list, or -1.
func indexOf[E ast.Expr](list []E, id *ast.Ident) int {
	for i, e := range list {
		if ast.Expr(e) == ast.Expr(id) {
			return i
		}
	}
	return -1
}
