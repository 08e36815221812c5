package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
)

// A Package is what detection knows beyond one function: the functions
// of the package, so that a go statement can be followed into the named
// function it starts.
type Package struct {
	fset  *token.FileSet
	info  *types.Info
	files []*ast.File
	decls map[*types.Func]*ast.FuncDecl
	// noReturns caches how functions of the package end (see noReturn).
	noReturns map[*ast.FuncDecl]stopKind
}

// NewPackage prepares the detection of leaks in the files of one package.
func NewPackage(fset *token.FileSet, info *types.Info, files []*ast.File) *Package {
	p := &Package{fset: fset, info: info, files: files, decls: map[*types.Func]*ast.FuncDecl{}, noReturns: map[*ast.FuncDecl]stopKind{}}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				if fn, ok := info.Defs[fd.Name].(*types.Func); ok {
					p.decls[fn] = fd
				}
			}
		}
	}
	return p
}

// sender reports whether callee is a function of the package whose
// parameter k is only sent on (or closed, or measured), and returns its
// declaration and the sends that can block. A send in a select with
// another way out does not count.
func (p *Package) sender(callee *types.Func, k int) (*ast.FuncDecl, []*ast.SendStmt, bool) {
	if callee == nil {
		return nil, nil, false
	}
	decl := p.decls[callee.Origin()]
	sig, _ := callee.Origin().Type().(*types.Signature)
	if decl == nil || sig == nil || sig.Variadic() && k >= sig.Params().Len()-1 || k >= sig.Params().Len() {
		return nil, nil, false
	}
	param := sig.Params().At(k)
	var sends []*ast.SendStmt
	ok, used := true, false
	ast.PreorderStack(decl.Body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !isIdent || p.info.Uses[id] != param || !ok {
			return ok
		}
		used = true
		stack = append(slices.Clip(stack), id) // the identifier on top, as guarded expects
		if lit, _ := innermostLit(stack); lit != nil {
			ok = false // in a closure: it may run anywhere
			return false
		}
		switch parent := stack[len(stack)-2].(type) {
		case *ast.SendStmt:
			if parent.Chan != id {
				ok = false
			} else if !guarded(stack) {
				sends = append(sends, parent)
			}
		case *ast.CallExpr:
			ok = isBuiltin(p.info, parent.Fun, "close") || isBuiltin(p.info, parent.Fun, "len") || isBuiltin(p.info, parent.Fun, "cap")
		default:
			ok = false
		}
		return ok
	})
	// A parameter it never uses tells nothing: the body may be one the
	// driver did not parse (another file of the package, not checked).
	return decl, sends, ok && used
}
