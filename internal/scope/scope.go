// Package scope answers what a name means in a function of a
// type-checked file: the function's body, the innermost scope at a
// place, whether an expression names an object. The detector and the
// rewriter both ask.
package scope

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Body returns the body of a *ast.FuncDecl or *ast.FuncLit, or nil.
func Body(fn ast.Node) *ast.BlockStmt {
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		return fn.Body
	case *ast.FuncLit:
		return fn.Body
	}
	return nil
}

// At returns the innermost scope of fn, a *ast.FuncDecl or *ast.FuncLit,
// at pos, or nil when info has none.
func At(info *types.Info, fn ast.Node, pos token.Pos) *types.Scope {
	var typ *ast.FuncType
	switch fn := fn.(type) {
	case *ast.FuncDecl:
		typ = fn.Type
	case *ast.FuncLit:
		typ = fn.Type
	}
	if sc := info.Scopes[typ]; sc != nil {
		return sc.Innermost(pos)
	}
	return nil
}

// Names reports whether e, without parentheses, is an identifier for obj.
func Names(info *types.Info, e ast.Expr, obj types.Object) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && info.ObjectOf(id) == obj
}
