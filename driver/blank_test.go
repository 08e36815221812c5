package driver

import (
	"bytes"
	"go/ast"
	"go/types"

	"go/parser"
	"go/token"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestBlankBodies(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"body", "package p\nfunc f() int { return 1 }\n", "package p\nfunc f() int {          }\n"},
		{"newlines kept", "package p\nfunc f() {\n\tg()\n}\n", "package p\nfunc f() {\n    \n}\n"},
		{"struct result", "package p\nfunc f() struct{ x int } { return struct{ x int }{} }\n",
			"package p\nfunc f() struct{ x int } {" + blank(" return struct{ x int }{} ") + "}\n"},
		{"interface in type parameters", "package p\nfunc f[T interface{ ~int }](x T) T { return x }\n",
			"package p\nfunc f[T interface{ ~int }](x T) T {          }\n"},
		{"method", "package p\nfunc (t *T[K]) M(f func() int) { f() }\n", "package p\nfunc (t *T[K]) M(f func() int) {     }\n"},
		{"braces in literals and comments", "package p\nfunc f() { _ = \"}\"; _ = '}'; _ = `}` /* } */ // }\n}\n",
			"package p\nfunc f() {" + blank(" _ = \"}\"; _ = '}'; _ = `}` /* } */ // }\n") + "}\n"},
		{"no body", "package p\nfunc f() int\nvar x = struct{}{}\n", "package p\nfunc f() int\nvar x = struct{}{}\n"},
		{"types and vars untouched", "package p\ntype T struct{ F func() }\nvar v = T{F: func() { g() }}\n",
			"package p\ntype T struct{ F func() }\nvar v = T{F: func() { g() }}\n"},
		{"after a semicolon", "package p; func f() { g() }\n", "package p; func f() {     }\n"},
		{"left open", "package p\nfunc f() { /* \n", "package p\nfunc f() { /* \n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(blankBodies([]byte(tt.src))); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// blank is s with every byte but newlines a space.
func blank(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, s)
}

// TestBlankBodiesSource checks blankBodies on real code: stripping the
// bodies of the blanked file gives the very syntax tree, positions and
// all, that stripping those of the file gives.
func TestBlankBodiesSource(t *testing.T) {
	var dirs []string
	for _, d := range []string{"go/types", "net/http", "encoding", "iter", "slices", "maps"} {
		dirs = append(dirs, filepath.Join(runtime.GOROOT(), "src", d))
	}
	dirs = append(dirs, "..")
	n := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(path, ".go") {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			const mode = parser.AllErrors | parser.SkipObjectResolution
			want, err := parser.ParseFile(token.NewFileSet(), path, src, mode)
			if err != nil {
				return nil // test data that must not parse
			}
			got, err := parser.ParseFile(token.NewFileSet(), path, blankBodies(src), mode)
			if err != nil {
				t.Errorf("%s: the blanked file does not parse: %v", path, err)
				return nil
			}
			emptyBodies(want)
			emptyBodies(got)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the blanked file declares something else", path)
			}
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n < 400 {
		t.Errorf("only %d files compared", n)
	}
}

// TestStrippedDeclarations checks what stripping a file (stripBodies
// without full) keeps: checked for its declarations alone, a package of
// stripped files declares what the whole package does, byte for byte in
// its export data. The packages hold big tables, which emptyLiterals
// empties, and arrays whose length their elements give, which it keeps.
func TestStrippedDeclarations(t *testing.T) {
	dir := writeModule(t, map[string]string{"p/p.go": `package p

import "strings"

type T struct{ F func() string }

var (
	A    = [...]int{1, 2, 3}
	B, C = &T{F: func() string { return strings.ToUpper("b") }}, []T{{}, {}}
	D    = map[string][2]int{"d": {1, 2}}
	E    = len([...]int{1, 2})
	F    = func() int { return len(A) }
	G    = T{}.F
)

var H [len(A)]int
`})
	load := func(dir string, patterns ...string) []*packages.Package {
		pkgs, err := packages.Load(&packages.Config{Mode: listMode, Dir: dir}, patterns...)
		if err != nil {
			t.Fatal(err)
		}
		return pkgs
	}
	pkgs := append(load("", "unicode", "html", "net/http", "time", "go/types", "crypto/tls",
		"golang.org/x/tools/internal/stdlib", "golang.org/x/tools/internal/typesinternal"), load(dir, "./p")...)
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		full := exportOf(t, p, false)
		if stripped := exportOf(t, p, true); !bytes.Equal(stripped, full) {
			t.Errorf("%s: the stripped files declare something else", p.PkgPath)
		}
	}
}

// exportOf type-checks p from source, its imports from export data, and
// returns its export data; stripped, from its files stripped and without
// function bodies.
func exportOf(t *testing.T, p *packages.Package, stripped bool) []byte {
	t.Helper()
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range p.CompiledGoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := stripBodies(fset, name, src, !stripped)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	imports := map[string]*types.Package{}
	var errs []error
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			ip := p.Imports[path]
			if path == "unsafe" {
				return types.Unsafe, nil
			}
			data, err := exportData(ip.ExportFile)
			if err != nil {
				return nil, err
			}
			return gcexportdata.Read(bytes.NewReader(data), fset, imports, ip.PkgPath)
		}),
		IgnoreFuncBodies: stripped,
		Error:            func(err error) { errs = append(errs, err) },
	}
	pkg, _ := tc.Check(p.PkgPath, fset, files, nil)
	full := map[string]bool{}
	for _, name := range p.CompiledGoFiles {
		full[name] = !stripped
	}
	if !explained(errs, files, full) {
		t.Fatalf("%s (stripped %v): %v", p.PkgPath, stripped, errs)
	}
	var b bytes.Buffer
	if err := gcexportdata.Write(&b, fset, pkg); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
