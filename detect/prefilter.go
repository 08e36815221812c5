package detect

import "go/ast"

// MayLeak reports whether a declaration can hold a leak, by its syntax
// alone: it holds both a go statement (or a call of a function named
// AfterFunc, as time.AfterFunc) and a make call whose type may be a
// channel. It looks at the whole declaration, function literals included:
// a superset of what the detector needs, so drivers may skip every other
// declaration, or a file with none, before type-checking.
func MayLeak(d ast.Decl) bool {
	gos, makes := false, false
	ast.Inspect(d, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			gos = true
		case *ast.CallExpr:
			makes = makes || makesChan(n)
			if sel, ok := ast.Unparen(n.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "AfterFunc" {
				gos = true
			}
		}
		return !(gos && makes)
	})
	return gos && makes
}

// makesChan reports whether call is make(T, …) with a T that may be a
// channel type. Only slice and map type literals are surely not: a named
// type, a type parameter or an alias may stand for a channel.
func makesChan(call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || id.Name != "make" || len(call.Args) == 0 {
		return false
	}
	switch ast.Unparen(call.Args[0]).(type) {
	case *ast.ArrayType, *ast.MapType:
		return false
	}
	return true
}
