package detect

import (
	"go/ast"
	"go/token"
	"go/types"

	"github.com/leakfix/leakfix/internal/scope"
	"golang.org/x/tools/go/cfg"
)

// Loop trip counts that are not constants.
const (
	symbolic = -1 // a count that depends on data: len(xs), n
	free     = -2 // a count the check does not know: for cond {}, range over a stream
)

// A loop is a for or range statement of f, with what the simulation needs.
type loop struct {
	stmt   ast.Stmt // *ast.ForStmt or *ast.RangeStmt
	body   *ast.BlockStmt
	trip   int      // a constant, symbolic or free
	bound  ast.Expr // a symbolic for loop's bound, i < bound; nil for a range
	cond   bool     // the loop can end without a break
	overC  bool     // ranges over the channel
	recv   bool     // the body receives on the channel
	slot   int      // index in state.iters, for counted loops
	header *cfg.Block
	first  *cfg.Block // the first block of the body
	done   *cfg.Block
}

// counted reports whether the simulation runs l an exact number of times.
func (l *loop) counted() bool { return l.trip >= 0 || l.trip == symbolic }

// loops lists the loops of f's own body.
func (f *fn) loops(g *cfg.CFG, u *uses) []*loop {
	var ls []*loop
	inspectOwn(f.body, func(n ast.Node) {
		l := &loop{stmt: nil, trip: free}
		switch s := n.(type) {
		case *ast.ForStmt:
			l.stmt, l.body, l.cond = s, s.Body, s.Cond != nil
			if s.Cond != nil {
				l.trip = f.forTrip(s)
				if l.trip == symbolic {
					l.bound = forBound(s)
				}
			}
		case *ast.RangeStmt:
			l.stmt, l.body, l.cond = s, s.Body, true
			l.trip = f.rangeTrip(s)
			l.overC = f.isChan(s.X, u)
		default:
			return
		}
		l.recv = f.receives(l.body, u)
		ls = append(ls, l)
	})
	slots := 0
	for _, l := range ls {
		if l.counted() {
			if slots == maxSlots {
				l.trip = free
			} else {
				l.slot = slots
				slots++
			}
		}
	}
	for _, b := range g.Blocks {
		for _, l := range ls {
			if b.Stmt != l.stmt {
				continue
			}
			switch b.Kind {
			case cfg.KindForLoop, cfg.KindRangeLoop:
				l.header = b
			case cfg.KindForBody, cfg.KindRangeBody:
				l.first = b
			case cfg.KindForDone, cfg.KindRangeDone:
				l.done = b
			}
		}
	}
	for _, l := range ls {
		if l.header == nil { // for without a condition: the body is the head
			l.header = l.first
		}
	}
	return ls
}

// inside reports whether block b lies in the body of l.
func (l *loop) inside(b *cfg.Block) bool {
	if b.Stmt == nil {
		return false
	}
	if b.Stmt == l.stmt {
		return b.Kind == cfg.KindForBody || b.Kind == cfg.KindForPost || b.Kind == cfg.KindRangeBody
	}
	return b.Stmt.Pos() >= l.body.Pos() && b.Stmt.End() <= l.body.End()
}

// rangeTrip returns the iterations of a range statement.
func (f *fn) rangeTrip(s *ast.RangeStmt) int {
	t := f.info.TypeOf(s.X)
	if t == nil {
		return free
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch t := t.Underlying().(type) {
	case *types.Basic:
		if n, ok := intConst(f.info, s.X); ok && t.Info()&types.IsInteger != 0 {
			return n
		}
		if t.Info()&types.IsString != 0 {
			if tv := f.info.Types[s.X]; tv.Value != nil {
				return free // a constant string ranges over runes, not bytes
			}
		}
		if t.Info()&(types.IsInteger|types.IsString) != 0 {
			return symbolic
		}
	case *types.Array:
		return int(t.Len())
	case *types.Slice, *types.Map:
		return symbolic
	}
	return free
}

// forTrip returns the iterations of for i := K; i < E; i++, when E is not
// changed by the body.
func (f *fn) forTrip(s *ast.ForStmt) int {
	init, ok := s.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return free
	}
	id, ok := init.Lhs[0].(*ast.Ident)
	if !ok {
		return free
	}
	i := f.info.ObjectOf(id)
	k, ok := intConst(f.info, init.Rhs[0])
	if !ok || i == nil {
		return free
	}
	post, ok := s.Post.(*ast.IncDecStmt)
	if !ok || post.Tok != token.INC || !scope.Names(f.info, post.X, i) {
		return free
	}
	cond, ok := s.Cond.(*ast.BinaryExpr)
	if !ok {
		return free
	}
	var bound ast.Expr
	switch {
	case cond.Op == token.LSS && scope.Names(f.info, cond.X, i):
		bound = cond.Y
	case cond.Op == token.GTR && scope.Names(f.info, cond.Y, i):
		bound = cond.X
	default:
		return free
	}
	if f.assignedIn(s.Body, i) {
		return free
	}
	if n, ok := intConst(f.info, bound); ok {
		return max(n-k, 0)
	}
	if k != 0 {
		return free
	}
	return symbolic
}

// forBound returns E of a counted loop for i := 0; i < E; i++.
func forBound(s *ast.ForStmt) ast.Expr {
	cond := s.Cond.(*ast.BinaryExpr)
	if cond.Op == token.GTR {
		return cond.X
	}
	return cond.Y
}

// assignedIn reports whether n assigns obj or takes its address.
func (f *fn) assignedIn(n ast.Node, obj types.Object) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		found = found || n != nil && f.assigns(n, obj)
		return !found
	})
	return found
}

// assigns reports whether the node n itself assigns obj or takes its address.
func (f *fn) assigns(n ast.Node, obj types.Object) bool {
	switch n := n.(type) {
	case *ast.AssignStmt:
		for _, l := range n.Lhs {
			if scope.Names(f.info, l, obj) {
				return true
			}
		}
	case *ast.IncDecStmt:
		return scope.Names(f.info, n.X, obj)
	case *ast.UnaryExpr:
		return n.Op == token.AND && scope.Names(f.info, n.X, obj)
	case *ast.RangeStmt:
		return n.Tok == token.ASSIGN && (n.Key != nil && scope.Names(f.info, n.Key, obj) || n.Value != nil && scope.Names(f.info, n.Value, obj))
	}
	return false
}

// receives reports whether n receives on the channel outside function literals.
func (f *fn) receives(n ast.Node, u *uses) bool {
	found := false
	inspectOwn(n, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.UnaryExpr:
			found = found || n.Op == token.ARROW && f.isChan(n.X, u)
		case *ast.RangeStmt:
			found = found || f.isChan(n.X, u)
		}
	})
	return found
}

// isChan reports whether e names the channel: the variable, a parameter
// bound to it, or holder.field for a field of a local struct.
func (f *fn) isChan(e ast.Expr, u *uses) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return u.aliases[f.info.Uses[e]]
	case *ast.SelectorExpr:
		x, ok := ast.Unparen(e.X).(*ast.Ident)
		return ok && u.holder != nil && f.info.Uses[x] == u.holder && f.info.Uses[e.Sel] == u.field
	case *ast.IndexExpr: // chs[k], a channel of the family kept in chs
		x, ok := ast.Unparen(e.X).(*ast.Ident)
		return ok && u.slice != nil && f.info.Uses[x] == u.slice
	}
	return false
}

// inGotoLoop reports whether a goto of f's own body jumps back from after
// n to a label before it, so that n may run again.
func (f *fn) inGotoLoop(n ast.Node) bool {
	found := false
	inspectOwn(f.body, func(x ast.Node) {
		b, ok := x.(*ast.BranchStmt)
		if !ok || b.Tok != token.GOTO || b.Label == nil || b.Pos() < n.End() {
			return
		}
		if label := f.info.Uses[b.Label]; label != nil && label.Pos() <= n.Pos() {
			found = true
		}
	})
	return found
}
