package verify

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sync"
)

// imports imports what pkg imports, as already type-checked, and the
// errgroup package that a fix may add.
func imports(pkg *types.Package) types.Importer {
	byPath := map[string]*types.Package{"unsafe": types.Unsafe}
	for _, imp := range pkg.Imports() {
		byPath[imp.Path()] = imp
	}
	return importerFunc(func(path string) (*types.Package, error) {
		if p, ok := byPath[path]; ok {
			return p, nil
		}
		if path == errgroupPath {
			return errgroup()
		}
		return nil, fmt.Errorf("%s is not imported by %s", path, pkg.Path())
	})
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

const errgroupPath = "golang.org/x/sync/errgroup"

// errgroupAPI declares the part of errgroup's API that a fix uses, as of
// golang.org/x/sync v0.25.0, for packages that do not import it yet.
const errgroupAPI = `package errgroup

type Group struct{ n int }

func (g *Group) Go(f func() error) {}
func (g *Group) Wait() error       { return nil }
func (g *Group) SetLimit(n int)    {}
func (g *Group) TryGo(f func() error) bool { return false }
`

var errgroup = sync.OnceValues(func() (*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "errgroup.go", errgroupAPI, 0)
	if err != nil {
		return nil, err
	}
	return new(types.Config).Check(errgroupPath, fset, []*ast.File{f}, nil)
})
