package trace

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/leakfix/leakfix/internal/gomod"
	"golang.org/x/mod/modfile"
)

// A Module is the module on disk that the files named in a dump are
// looked up in. The dump may come from another machine, a build directory
// such as /build/src/…, or a -trimpath build that names files by module
// path; Local finds the file all the same.
type Module struct {
	Dir  string // absolute directory holding go.mod
	Path string // module path

	local map[Frame]string // Local's answers
	decls map[string]map[string]bool
}

// FindModule returns the module that holds dir.
func FindModule(dir string) (*Module, error) {
	d, ok := gomod.Find(dir, "go.mod")
	if !ok {
		abs, _ := filepath.Abs(dir)
		return nil, fmt.Errorf("no go.mod in %s or above: run leakfix trace inside the module the dump comes from", abs)
	}
	data, err := os.ReadFile(filepath.Join(d, "go.mod"))
	if err != nil {
		return nil, err
	}
	mp := modfile.ModulePath(data)
	if mp == "" {
		return nil, fmt.Errorf("%s: no module line", filepath.Join(d, "go.mod"))
	}
	return &Module{Dir: d, Path: mp}, nil
}

// Local returns the file of m that f's path names, or "" when f is in no
// file of m (the standard library, another module). It tries, in order:
//
//   - the path itself, when it lies in m;
//   - the package of f.Func, when it is in m: the package's directory
//     and the file's base name, wherever the binary was built;
//   - a -trimpath path: the module path, then the path in the module;
//   - the longest tail of the path that names a file of m which declares
//     f.Func (package main has no import path to go by).
//
// A function of another module is never in m, even where m has a file of
// the same name.
func (m *Module) Local(f Frame) string {
	if l, ok := m.local[f]; ok {
		return l
	}
	l := m.find(f)
	if m.local == nil {
		m.local = map[Frame]string{}
	}
	m.local[f] = l
	return l
}

func (m *Module) find(f Frame) string {
	p := filepath.FromSlash(f.File)
	if filepath.IsAbs(p) && within(m.Dir, p) && isFile(p) {
		return p
	}
	pkg := strings.TrimSuffix(PackagePath(f.Func), "_test")
	if pkg == m.Path || strings.HasPrefix(pkg, m.Path+"/") {
		c := filepath.Join(m.Dir, filepath.FromSlash(strings.TrimPrefix(pkg, m.Path)), path.Base(f.File))
		if isFile(c) {
			return c
		}
	} else if pkg != "main" {
		return "" // another module, or the standard library
	}
	slash := filepath.ToSlash(f.File)
	if rest, ok := strings.CutPrefix(slash, m.Path+"/"); ok {
		if c := filepath.Join(m.Dir, filepath.FromSlash(rest)); isFile(c) {
			return c
		}
	}
	parts := strings.Split(slash, "/")
	for i := 1; i < len(parts); i++ {
		c := filepath.Join(m.Dir, filepath.Join(parts[i:]...))
		if isFile(c) && m.declares(c, f.Func) {
			return c
		}
	}
	return ""
}

// declares reports whether file declares the function that fn, a name
// from a dump, belongs to.
func (m *Module) declares(file, fn string) bool {
	if m.decls == nil {
		m.decls = map[string]map[string]bool{}
	}
	names, ok := m.decls[file]
	if !ok {
		names = map[string]bool{}
		if f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution); err == nil {
			for _, d := range f.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					names[declName(fd)] = true
				}
			}
		}
		m.decls[file] = names
	}
	return names[DeclName(fn)]
}

// declName names a declaration as DeclName names a function of a dump:
// "F", or "T.M" for a method.
func declName(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return fd.Name.Name
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
			continue
		case *ast.IndexExpr:
			t = x.X
			continue
		case *ast.IndexListExpr:
			t = x.X
			continue
		case *ast.ParenExpr:
			t = x.X
			continue
		}
		break
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// PackagePath returns the import path of the package of fn, a function
// name as dumps print it: "example.com/m/pkg" for
// "example.com/m/pkg.(*T).M.func1".
func PackagePath(fn string) string {
	pkg, _ := splitFunc(fn)
	return pkg
}

// DeclName returns the declaration a function of a dump belongs to, as
// "F" or "T.M": "(*T).M.func1.2" is in the method T.M, "F[...].gowrap1"
// in F.
func DeclName(fn string) string {
	_, rest := splitFunc(fn)
	rest = strings.ReplaceAll(rest, "[...]", "")
	if strings.HasPrefix(rest, "(") { // (*T).M
		i := strings.IndexByte(rest, ')')
		if i < 0 {
			return rest
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(rest[i+1:], "."), ".")
		return strings.TrimPrefix(rest[1:i], "*") + "." + name
	}
	name, after, _ := strings.Cut(rest, ".")
	// T.M, a method with a value receiver, unlike F.func1.
	if m, _, _ := strings.Cut(after, "."); m != "" && !isClosure(m) {
		return name + "." + m
	}
	return name
}

// splitFunc splits a function name of a dump after its package path. The
// linker escapes dots in the last element of the path
// ("gopkg.in/yaml%2ev3"), so the first dot after the last slash ends it.
func splitFunc(fn string) (pkg, rest string) {
	slash := strings.LastIndexByte(fn, '/')
	dot := strings.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return "", fn
	}
	dot += slash + 1
	return strings.ReplaceAll(fn[:dot], "%2e", "."), fn[dot+1:]
}

// isClosure reports whether an element of a function name is one the
// compiler made: func1, gowrap2, deferwrap1, or a nested closure's 3.
func isClosure(s string) bool {
	for _, p := range []string{"func", "gowrap", "deferwrap"} {
		if rest, ok := strings.CutPrefix(s, p); ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return strings.Trim(s, "0123456789") == ""
}

// within reports whether path lies in dir.
func within(dir, path string) bool {
	r, err := filepath.Rel(dir, path)
	return err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}
