package scope

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestScope(t *testing.T) {
	const src = "package p\n\nvar x = 1\n\nfunc F() int {\n\tx := 2\n\treturn (x)\n}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Scopes: map[ast.Node]*types.Scope{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
	pkg, err := new(types.Config).Check("p", fset, []*ast.File{f}, info)
	if err != nil {
		t.Fatal(err)
	}
	fn := f.Decls[1].(*ast.FuncDecl)
	ret := fn.Body.List[1].(*ast.ReturnStmt)
	if Body(fn) != fn.Body || Body(f) != nil {
		t.Error("Body")
	}
	_, local := At(info, fn, ret.Pos()).LookupParent("x", ret.Pos())
	if local == nil || local == pkg.Scope().Lookup("x") {
		t.Errorf("At: x at the return is %v, want the local x", local)
	}
	if !Names(info, ret.Results[0], local) || Names(info, ret.Results[0], pkg.Scope().Lookup("x")) {
		t.Error("Names: (x) at the return names the local x only")
	}
}
