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

// A channel is a candidate: a local variable assigned exactly once, from
// make, or a field of a local struct variable assigned exactly once, from
// a composite literal that makes it: w := worker{ch: make(chan T)}.
type channel struct {
	obj    *types.Var // the channel variable, or the field
	holder *types.Var // the struct variable whose field obj is, or nil
	make   *ast.CallExpr
	stmt   ast.Node // the *ast.AssignStmt or *ast.ValueSpec holding make
	decl   ast.Stmt // the statement holding make: stmt, or the *ast.DeclStmt of the spec
}

// channels finds the channels made by make in f's own body.
func (f *fn) channels() []channel {
	var cands []channel
	assigns := map[*types.Var]int{}
	// assign records v = e, a definition or an assignment of stmt.
	assign := func(v *types.Var, e ast.Expr, stmt ast.Node, decl ast.Stmt) {
		assigns[v]++
		if call := f.makeChan(e); call != nil {
			cands = append(cands, channel{obj: v, make: call, stmt: stmt, decl: decl})
		}
		cands = append(cands, f.fieldChans(v, e, stmt, decl)...)
	}
	inspectOwn(f.body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if v := f.localVar(lhs); v != nil {
					var rhs ast.Expr
					if len(n.Lhs) == len(n.Rhs) {
						rhs = n.Rhs[i]
					}
					assign(v, rhs, n, n)
				}
			}
		case *ast.DeclStmt:
			for _, spec := range n.Decl.(*ast.GenDecl).Specs {
				vs, ok := spec.(*ast.ValueSpec)
				if !ok || len(vs.Values) == 0 {
					continue
				}
				for i, name := range vs.Names {
					if v := f.localVar(name); v != nil {
						var rhs ast.Expr
						if len(vs.Names) == len(vs.Values) {
							rhs = vs.Values[i]
						}
						assign(v, rhs, vs, n)
					}
				}
			}
		}
	})
	var out []channel
	for _, c := range cands {
		v := c.obj
		if c.holder != nil {
			v = c.holder
		}
		if assigns[v] == 1 { // made once, never reassigned
			out = append(out, c)
		}
	}
	return out
}

// fieldChans returns the channels that e, a struct composite literal
// assigned to v, makes in its fields: T{ch: make(chan X)}. A literal
// without field names, or of a pointer (&T{…}), is not followed.
func (f *fn) fieldChans(v *types.Var, e ast.Expr, stmt ast.Node, decl ast.Stmt) []channel {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return nil
	}
	if _, isStruct := f.info.TypeOf(lit).Underlying().(*types.Struct); !isStruct {
		return nil
	}
	var out []channel
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, _ := kv.Key.(*ast.Ident)
		field, _ := f.info.Uses[key].(*types.Var)
		if call := f.makeChan(kv.Value); key != nil && field != nil && call != nil {
			out = append(out, channel{obj: field, holder: v, make: call, stmt: stmt, decl: decl})
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
	if e == nil {
		return nil
	}
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
