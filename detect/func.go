package detect

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
)

// fn holds what the checks of one function share.
type fn struct {
	fset *token.FileSet
	info *types.Info
	pkg  *Package
	node ast.Node // *ast.FuncDecl or *ast.FuncLit
	body *ast.BlockStmt
	name string
}

// Func reports the leaks of channels made in node, a *ast.FuncDecl or
// *ast.FuncLit of the package. Channels made in function literals inside
// node belong to those literals.
func (p *Package) Func(node ast.Node) []Leak {
	f := &fn{fset: p.fset, info: p.info, pkg: p, node: node}
	switch n := node.(type) {
	case *ast.FuncDecl:
		f.body, f.name = n.Body, n.Name.Name
	case *ast.FuncLit:
		f.body, f.name = n.Body, "the func literal"
	}
	if f.body == nil {
		return nil
	}
	var leaks []Leak
	for _, c := range f.channels() {
		if l, ok := f.check(c); ok {
			leaks = append(leaks, l)
		}
	}
	return leaks
}

// A channel is a candidate: a local variable assigned exactly once, from make.
type channel struct {
	obj  *types.Var
	make *ast.CallExpr
	stmt ast.Node // the *ast.AssignStmt or *ast.ValueSpec holding make
	decl ast.Stmt // the statement holding make: stmt, or the *ast.DeclStmt of the spec
}

// channels finds the channels made by make in f's own body.
func (f *fn) channels() []channel {
	var cands []channel
	assigns := map[*types.Var]int{}
	inspectOwn(f.body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				v := f.localVar(lhs)
				if v == nil {
					continue
				}
				assigns[v]++
				if len(n.Lhs) == len(n.Rhs) {
					if call := f.makeChan(n.Rhs[i]); call != nil {
						cands = append(cands, channel{v, call, n, n})
					}
				}
			}
		case *ast.DeclStmt:
			for _, spec := range n.Decl.(*ast.GenDecl).Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok {
					continue
				}
				for i, name := range vs.Names {
					v := f.localVar(name)
					if v == nil || len(vs.Values) == 0 {
						continue
					}
					assigns[v]++
					if len(vs.Names) == len(vs.Values) {
						if call := f.makeChan(vs.Values[i]); call != nil {
							cands = append(cands, channel{v, call, vs, n})
						}
					}
				}
			}
		}
	})
	var out []channel
	for _, c := range cands {
		if assigns[c.obj] == 1 { // made once, never reassigned
			out = append(out, c)
		}
	}
	return out
}

// localVar returns the variable e names if it is declared inside f's body.
func (f *fn) localVar(e ast.Expr) *types.Var {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return nil
	}
	obj := f.info.Defs[id]
	if obj == nil {
		obj = f.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok || v.Pos() < f.body.Pos() || v.Pos() >= f.body.End() {
		return nil
	}
	return v
}

// makeChan returns e if it is a call make(chan T) or make(chan T, n).
func (f *fn) makeChan(e ast.Expr) *ast.CallExpr {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok || !isBuiltin(f.info, call.Fun, "make") {
		return nil
	}
	if t := chanOf(f.info.Types[call].Type); t == nil || t.Dir() != types.SendRecv {
		return nil
	}
	return call
}

// chanOf returns the channel type t stands for: its underlying type, or
// for a type parameter the core type of its constraint, when every term
// of the type set is the same channel type (C ~chan E). Otherwise nil.
func chanOf(t types.Type) *types.Chan {
	tp, ok := t.(*types.TypeParam)
	if !ok {
		c, _ := t.Underlying().(*types.Chan)
		return c
	}
	iface, ok := tp.Constraint().Underlying().(*types.Interface)
	if !ok {
		return nil
	}
	var core *types.Chan
	for i := range iface.NumEmbeddeds() {
		var terms []types.Type
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := range e.Len() {
				terms = append(terms, e.Term(j).Type())
			}
		default:
			terms = append(terms, e)
		}
		for _, term := range terms {
			c := chanOf(term)
			if c == nil || core != nil && !types.Identical(c, core) {
				return nil // not a channel, or channels of different types
			}
			core = c
		}
	}
	return core
}

// isBuiltin reports whether e names the predeclared function name.
func isBuiltin(info *types.Info, e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := info.Uses[id].(*types.Builtin)
	return ok && b.Name() == name
}

// inspectOwn calls visit for every node of body outside nested function
// literals, which are functions of their own.
func inspectOwn(body ast.Node, visit func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok || n == nil {
			return false
		}
		visit(n)
		return true
	})
}

// intConst returns the value of e if it is an integer constant.
func intConst(info *types.Info, e ast.Expr) (int, bool) {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return 0, false
	}
	v, ok := constant.Int64Val(constant.ToInt(tv.Value))
	if !ok || v < 0 || v > 1<<20 {
		return 0, false
	}
	return int(v), true
}
