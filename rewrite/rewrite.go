// Package rewrite turns a detect.Leak into the source edits of a fix.
//
// Each fix states, next to its rewrite, the property that makes it safe,
// and checks it with go/types and the syntax tree; a fix whose check
// fails is not offered, and the error says why. Fixes are narrow text
// edits around the original bytes, as modernize's are: nothing is
// reprinted, so comments, literals and layout stay as they were.
package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
)

// A Strategy names one of the ways to fix a leak.
type Strategy string

// The strategies, in the order users read about them.
const (
	StrategyBuffer   Strategy = "buffer"   // buffer the channel for every send
	StrategyDone     Strategy = "done"     // senders give up when the function returns
	StrategyErrgroup Strategy = "errgroup" // errgroup.Group, only when asked for
)

// A Fix is one way to remove a leak: what it does and the edits that do it.
type Fix struct {
	Strategy Strategy
	Message  string
	Edits    []analysis.TextEdit
}

// A Source is a type-checked file, with the bytes it was parsed from.
type Source struct {
	Fset *token.FileSet
	File *ast.File
	Src  []byte
	Info *types.Info
	Pkg  *types.Package

	// Package is the rest of the package, for fixes that reach into the
	// functions a goroutine calls; nil when only this file is known.
	Package *Package
}

// A Package is what a fix that changes a function of the package, and
// with it every call of the function, must know beyond one file.
type Package struct {
	Files []*ast.File // the files checked with the Source's; its Info covers them

	// ReadFile returns the bytes of a file of Files or of Unseen.
	ReadFile func(name string) ([]byte, error)

	// Unseen returns the package's files that the check did not see:
	// those that build constraints exclude, those that are not Go
	// (assembly), and its test files when the check has none of them.
	Unseen func() []string

	once     sync.Once
	declared map[string]string // package-level names of Unseen's Go files, with the file
}

// declaredUnseen returns the file among Unseen, in s's package, that
// declares name at package level, or "". Such a name is the builtin or a
// free name only in this build: in another (its tests, another GOOS) it
// is the file's, and a fix that uses it would not compile there.
func (s *Source) declaredUnseen(name string) string {
	p := s.Package
	if p == nil {
		return ""
	}
	p.once.Do(func() {
		p.declared = map[string]string{}
		for _, file := range p.Unseen() {
			if filepath.Ext(file) != ".go" {
				continue
			}
			src, err := p.ReadFile(file)
			if err != nil {
				continue
			}
			f, _ := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
			if f == nil || f.Name.Name != s.Pkg.Name() {
				continue
			}
			for _, name := range topLevel(f) {
				if _, ok := p.declared[name]; !ok {
					p.declared[name] = filepath.Base(file)
				}
			}
		}
	})
	return p.declared[name]
}

// topLevel returns the names that f declares in its package's block,
// and its methods as Recv.Name.
func topLevel(f *ast.File) []string {
	var names []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names = append(names, d.Name.Name)
			} else if len(d.Recv.List) == 0 {
				continue // func () M(): no receiver, which only a build of the file rejects
			} else if recv := recvName(d.Recv.List[0].Type); recv != "" {
				names = append(names, recv+"."+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					for _, id := range spec.Names {
						names = append(names, id.Name)
					}
				case *ast.TypeSpec:
					names = append(names, spec.Name.Name)
				}
			}
		}
	}
	return names
}

// fixPrefix starts every fix message; the strategy's words follow it.
const fixPrefix = "Fix goroutine leak: "

// StrategyOf returns the strategy of a fix from its message.
func StrategyOf(message string) Strategy {
	rest := strings.TrimPrefix(message, fixPrefix)
	switch {
	case strings.HasPrefix(rest, "buffer"):
		return StrategyBuffer
	case strings.HasPrefix(rest, "cancel senders"):
		return StrategyDone
	case strings.HasPrefix(rest, "use errgroup"):
		return StrategyErrgroup
	}
	return ""
}

// recvName returns the name of a receiver's type: T of T, *T, T[P].
func recvName(e ast.Expr) string {
	if id := leftmost(e); id != nil {
		return id.Name
	}
	return ""
}

// leftmost returns the identifier e starts with: x of x, *x, &x, (x),
// x.f, x[i] or x[P, Q]; nil if it starts otherwise.
func leftmost(e ast.Expr) *ast.Ident {
	for {
		switch x := e.(type) {
		case *ast.Ident:
			return x
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		default:
			return nil
		}
	}
}
