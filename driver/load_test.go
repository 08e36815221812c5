package driver

import (
	"bytes"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/internal/testmodule"

	"golang.org/x/tools/go/packages"

	"github.com/leakfix/leakfix/analyzer"
)

// same runs cfg with and without the pre-pass, checks that both give the
// same result, and returns it with what the pre-pass type-checked. Only
// a package with errors may be loaded again with go/packages. It runs the pre-pass
// again as on a cold build cache, every package checked from source, and
// checks that this gives the same result too, and loads again only
// packages with errors.
func same(t *testing.T, cfg Config) (*Result, []string) {
	t.Helper()
	want, all, err := run(cfg, analyzer.Analyzer, false)
	if err != nil {
		t.Fatal(err)
	}
	got, st, err := run(cfg, analyzer.Analyzer, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("with the pre-pass:\n%s\nwithout:\n%s", dump(got), dump(want))
	}
	for _, id := range st.Checked {
		if !slices.Contains(all.Checked, id) {
			t.Errorf("the pre-pass loaded %s, which a full load does not", id)
		}
	}
	cold, cst := runCold(t, cfg, func(*packages.Package) bool { return true })
	if !reflect.DeepEqual(cold, want) {
		t.Errorf("from source:\n%s\nwithout the pre-pass:\n%s", dump(cold), dump(want))
	}
	broken := map[string]bool{} // an x_test's errors are loaded with the package it tests
	for _, e := range want.Errors {
		broken[e.Package], broken[strings.TrimSuffix(e.Package, "_test")] = true, true
	}
	for _, path := range append(st.Retried, cst.Retried...) {
		if !broken[path] {
			t.Errorf("%s was loaded again with every body, but has no error", path)
		}
	}
	return got, st.Checked
}

// runCold runs cfg with the pre-pass, checking from source the packages
// that forget names, as if they had never been compiled.
func runCold(t *testing.T, cfg Config, forget func(*packages.Package) bool) (*Result, stats) {
	t.Helper()
	c := newCollector(cfg, analyzer.Analyzer)
	c.forget = forget
	res, st, err := c.run(true)
	if err != nil {
		t.Fatal(err)
	}
	return res, st
}

func dump(r *Result) string {
	var b strings.Builder
	for _, f := range r.Findings {
		b.WriteString(f.Posn.String() + ": " + f.Message + "\n")
	}
	for _, e := range r.Errors {
		b.WriteString("error: " + e.Error() + "\n")
	}
	return b.String()
}

// TestGoldenCases checks that the pre-pass keeps the finding of every
// golden case, and finds as many as each diagnostics.golden lists.
func TestGoldenCases(t *testing.T) {
	dirs, err := filepath.Glob("../golden/testdata/cases/*")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for i := range dirs {
		dirs[i], _ = filepath.Abs(dirs[i])
	}
	res, _ := same(t, Config{Patterns: dirs, Tests: true})
	if len(res.Errors) > 0 {
		t.Fatalf("errors: %v", res.Errors)
	}
	count := map[string]int{}
	for _, f := range res.Findings {
		count[filepath.Dir(f.File)]++
	}
	for _, dir := range dirs {
		golden, _ := os.ReadFile(filepath.Join(dir, "diagnostics.golden"))
		if want := bytes.Count(golden, []byte("\n")); count[dir] != want {
			t.Errorf("%s: %d findings, diagnostics.golden has %d", filepath.Base(dir), count[dir], want)
		}
	}
}

// writeModule writes files into a new module example.com/m.
func writeModule(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	}
	return testmodule.Write(t, files)
}

const leak = `package %s

func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
`

func leakIn(pkg string) string { return strings.Replace(leak, "%s", pkg, 1) }

// A skipTest is a module, the configuration of a run over it, and what
// the run must type-check with the pre-pass and report.
type skipTest struct {
	name    string
	files   map[string]string
	cfg     Config   // Patterns default to ./...
	loaded  []string // the IDs type-checked with the pre-pass
	finds   int
	errs    []string // how each error starts
	overlay map[string]string
}

// skipTests are TestSkip's modules: what the pre-pass type-checks of
// each, and what it finds, as a load of every package does.
var skipTests = []skipTest{
	{
		name: "clean packages are skipped",
		files: map[string]string{
			"leak/a.go":   leakIn("leak"),
			"clean/a.go":  "package clean\n\nfunc F(c chan int) { c <- 1 }\n",
			"slices/a.go": "package slices\n\nfunc F() { s := make([]int, 1); go func() { s[0] = 1 }() }\n",
			"split/a.go":  "package split\n\nfunc F() chan int { return make(chan int) }\n\nfunc G(c chan int) { go func() { c <- 1 }() }\n",
			"named/a.go":  "package named\n\ntype C chan int\n\nfunc F() { c := make(C); go func() { c <- 1 }() }\n",
		},
		loaded: []string{"example.com/m/leak", "example.com/m/named"},
		finds:  2,
	},
	{
		name: "a leak in a test file loads the test variants",
		files: map[string]string{
			"t/a.go":      "package t\n\nfunc F() {}\n",
			"t/a_test.go": strings.Replace(leakIn("t"), "First", "first", 1),
			"u/a.go":      "package u\n\nfunc F() {}\n",
			"u/a_test.go": "package u\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F() }\n",
		},
		cfg:    Config{Tests: true},
		loaded: []string{"example.com/m/t [example.com/m/t.test]"},
		finds:  1,
	},
	{
		name: "errors in packages that cannot leak are still reported",
		files: map[string]string{
			"leak/a.go":      leakIn("leak"),
			"syntax/a.go":    "package syntax\n\nfunc f( {\n",
			"types/a.go":     "package types\n\nfunc f() int { return \"s\" }\n",
			"user/a.go":      "package user\n\nimport \"example.com/m/types\"\n\nvar _ = types.X\n",
			"missing/a.go":   "package missing\n\nimport \"example.com/nowhere\"\n\nvar _ = nowhere.X\n",
			"test/a.go":      "package test\n",
			"test/a_test.go": "package test\n\nvar x int = \"s\"\n",
		},
		cfg: Config{Tests: true},
		loaded: []string{
			"example.com/m/leak", "example.com/m/missing", "example.com/m/syntax",
			"example.com/m/test", "example.com/m/test [example.com/m/test.test]", "example.com/m/test.test",
			"example.com/m/types", "example.com/m/user",
		},
		finds: 1,
		errs: []string{
			"missing/a.go:3:8: ", "syntax/a.go:3:9: ", "test/a_test.go:3:13: ", "types/a.go:3:23: ", "user/a.go:5:15: ",
		},
	},
	{
		name: "an overlay is what the pre-pass reads",
		files: map[string]string{
			"a/a.go": "package a\n",
			"b/b.go": leakIn("b"),
		},
		overlay: map[string]string{
			"a/a.go": leakIn("a"),
			"b/b.go": "package b\n",
		},
		loaded: []string{"example.com/m/a"},
		finds:  1,
	},
	{
		name: "build tags",
		files: map[string]string{
			"a/a.go":   "package a\n",
			"a/tag.go": "//go:build special\n\n" + leakIn("a"),
		},
		cfg:    Config{Tags: "special"},
		loaded: []string{"example.com/m/a"},
		finds:  1,
	},
	{
		name: "bodies that only other files need",
		files: map[string]string{
			"a/a.go": leakIn("a"),
			"a/b.go": `package a

import (
. "strings"
str "strconv"
"fmt"
)

var table = []struct{ s string }{{"x"}}

func init() { fmt.Println(table) }

func Apply[T, U any](xs []T, f func(T) U) []U {
var out []U
for _, x := range xs {
	out = append(out, f(x))
}
return out
}

type T struct{}

func (T) String() string { return str.Itoa(len(ToUpper("x"))) }

func Loop() (n int) {
outer:
for {
	n++
	if n > 3 {
		break outer
	}
}
return
}
`,
		},
		loaded: []string{"example.com/m/a"},
		finds:  1,
	},
	{
		name: "cgo, in the package and in a dependency of the standard library",
		files: map[string]string{
			"c/c.go": "package c\n\n// int twice(int x) { return 2 * x; }\nimport \"C\"\n\nfunc Twice(x int) int { return int(C.twice(C.int(x))) }\n\n" +
				strings.TrimPrefix(leakIn("c"), "package c\n"),
			"n/n.go": "package n\n\nimport \"net\"\n\nfunc Dial(addrs []string) net.Conn {\n\tout := make(chan net.Conn)\n\tfor _, a := range addrs {\n\t\tgo func() {\n\t\t\tc, _ := net.Dial(\"tcp\", a)\n\t\t\tout <- c\n\t\t}()\n\t}\n\treturn <-out\n}\n",
		},
		loaded: []string{"example.com/m/c", "example.com/m/n"},
		finds:  2,
	},
	{
		name: "generics",
		files: map[string]string{
			"g/g.go": "package g\n\ntype Chan[T any] chan T\n\nfunc First[T any](xs []T) T {\n\tout := make(Chan[T])\n\tfor _, x := range xs {\n\t\tgo func() { out <- x }()\n\t}\n\treturn <-out\n}\n",
			"u/u.go": "package u\n\nimport \"example.com/m/g\"\n\nfunc F() int { return g.First([]int{1, 2}) }\n" + strings.TrimPrefix(leakIn("u"), "package u\n"),
		},
		loaded: []string{"example.com/m/g", "example.com/m/u"},
		finds:  2,
	},
	{
		name: "vendored dependency",
		files: map[string]string{
			"go.mod":                      "module example.com/m\n\ngo 1.22\n\nrequire example.com/dep v1.0.0\n",
			"vendor/modules.txt":          "# example.com/dep v1.0.0\n## explicit; go 1.22\nexample.com/dep\n",
			"vendor/example.com/dep/d.go": "package dep\n\ntype C chan int\n\n" + strings.TrimPrefix(leakIn("dep"), "package dep\n"),
			"a/a.go":                      "package a\n\nimport \"example.com/dep\"\n\nfunc F() { c := make(dep.C); go func() { c <- 1 }() }\n",
		},
		loaded: []string{"example.com/m/a"},
		finds:  1,
	},
	{
		name: "files as patterns load everything",
		files: map[string]string{
			"a/a.go": leakIn("a"),
			"a/b.go": "package a\n",
		},
		cfg:    Config{Patterns: []string{"./a/a.go", "./a/b.go"}},
		loaded: []string{"command-line-arguments"},
		finds:  1,
	},
	{
		name: "without the tag, the file is not there",
		files: map[string]string{
			"a/a.go":   "package a\n",
			"a/tag.go": "//go:build special\n\n" + leakIn("a"),
		},
	},
}

// TestSkip checks that only packages that may leak, or have errors, are
// type-checked, with the same findings and errors as a full load.
func TestSkip(t *testing.T) {
	for _, tt := range skipTests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeModule(t, tt.files)
			cfg := tt.cfg
			cfg.Dir = dir
			if cfg.Patterns == nil {
				cfg.Patterns = []string{"./..."}
			}
			if tt.overlay != nil {
				cfg.Overlay = map[string][]byte{}
				for name, content := range tt.overlay {
					cfg.Overlay[filepath.Join(dir, name)] = []byte(content)
				}
			}
			res, loaded := same(t, cfg)
			if !slices.Equal(loaded, tt.loaded) {
				t.Errorf("type-checked %q, want %q", loaded, tt.loaded)
			}
			if len(res.Findings) != tt.finds {
				t.Errorf("%d findings, want %d:\n%s", len(res.Findings), tt.finds, dump(res))
			}
			if len(res.Errors) != len(tt.errs) {
				t.Fatalf("errors:\n%s\nwant %d", dump(res), len(tt.errs))
			}
			for i, e := range res.Errors {
				if got := strings.TrimPrefix(e.Error(), dir+"/"); !strings.HasPrefix(got, tt.errs[i]) {
					t.Errorf("error %d: %q, want it to start with %q", i, got, tt.errs[i])
				}
			}
		})
	}
}

// TestRetry checks that a package whose stripped load has an error that
// stripping does not explain is type-checked again with its bodies, and
// reported as without the pre-pass. Here the stripping is wrong on
// purpose: an empty body misses a return.
func TestRetry(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go": leakIn("a"),
		"a/b.go": "package a\n\nfunc N() int { return 1 }\n",
	})
	cfg := Config{Dir: dir, Patterns: []string{"./..."}}
	want, _, err := run(cfg, analyzer.Analyzer, false)
	if err != nil {
		t.Fatal(err)
	}
	c := newCollector(cfg, analyzer.Analyzer)
	c.strip = func(fset *token.FileSet, name string, src []byte, full bool) (*ast.File, error) {
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && !full {
				fd.Body.List = nil
			}
		}
		return f, err
	}
	got, st, err := c.run(true)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(st.Retried, []string{"example.com/m/a"}) {
		t.Errorf("retried %q, want example.com/m/a", st.Retried)
	}
	if !reflect.DeepEqual(got, want) || len(got.Findings) != 1 || len(got.Errors) != 0 {
		t.Errorf("with the pre-pass:\n%s\nwithout:\n%s", dump(got), dump(want))
	}
}

// TestExplained checks which errors of a check are put down to blanked
// bodies: only an unused import, in a file whose bodies were blanked.
func TestExplained(t *testing.T) {
	const src = `package p

import (
	"fmt"
	"strings"
)

func f() { fmt.Println() }
`
	tests := []struct {
		name  string
		src   string
		full  bool
		clean bool
	}{
		{"import only a blanked body used", src, false, true},
		{"import unused in a file checked whole", strings.Replace(src, "fmt.Println()", "", 1), true, false},
		{"type error in a blanked file's declarations", src + "\nvar x int = \"s\"\n", false, false},
		{"unused variable in a body", strings.Replace(src, "fmt.Println()", "fmt.Println(); y := 1", 1) + "\nvar _ = strings.ToUpper\n", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fset := token.NewFileSet()
			f, err := stripBodies(fset, "p.go", []byte(tt.src), tt.full)
			if err != nil {
				t.Fatal(err)
			}
			var errs []error
			tc := &types.Config{Importer: importer.Default(), Error: func(err error) { errs = append(errs, err) }}
			_, _ = tc.Check("p", fset, []*ast.File{f}, nil)
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			if got := explained(errs, []*ast.File{f}, map[string]bool{"p.go": tt.full}); got != tt.clean {
				t.Errorf("explained(%v) = %v, want %v", errs, got, tt.clean)
			}
		})
	}
}

// TestStdPackages compares the pre-pass with a full load on real code:
// standard packages with tests, internal and external, that leak, and
// unsafe, asked for itself and used in bodies (sync/atomic).
func TestStdPackages(t *testing.T) {
	res, _ := same(t, Config{Patterns: []string{"bufio", "io", "sync", "sync/atomic", "unsafe"}, Tests: true})
	if len(res.Findings) == 0 || len(res.Errors) > 0 {
		t.Errorf("want findings and no errors:\n%s", dump(res))
	}
}

// TestDespiteErrors checks Config.DespiteErrors on packages with errors:
// a leak whose declaration type-checks, in a file that parses, is found
// (and without the option it is not); one in a declaration with a type
// error or in a file that does not parse is not; the errors are reported
// either way.
func TestDespiteErrors(t *testing.T) {
	broken := strings.Replace(leakIn("p"), "func First", "func Second", 1)
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  []string // functions whose leak is found, despite errors
	}{
		{"unused variable in another function", map[string]string{"p/a.go": leakIn("p") + "\nfunc g() { x := 1 }\n"}, []string{"First"}},
		{"type error in the leaky function", map[string]string{
			"p/a.go": leakIn("p"),
			"p/b.go": strings.Replace(broken, "out <- x", `out <- "x"`, 1),
		}, []string{"First"}},
		{"file that does not parse", map[string]string{
			"p/a.go": leakIn("p"),
			"p/b.go": broken + "\nfunc h( {\n",
		}, []string{"First"}},
		{"test file that does not type-check", map[string]string{
			"p/a.go":      leakIn("p"),
			"p/a_test.go": "package p\n\nvar n int = \"s\"\n",
		}, []string{"First"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeModule(t, tc.files)
			for _, despite := range []bool{false, true} {
				res, err := Run(Config{Dir: dir, Patterns: []string{"./..."}, Tests: true, DespiteErrors: despite}, analyzer.Analyzer)
				if err != nil {
					t.Fatal(err)
				}
				if len(res.Errors) == 0 {
					t.Errorf("DespiteErrors %v: no errors reported", despite)
				}
				var got []string
				for _, f := range res.Findings {
					src := res.Sources[f.File]
					fn := src[strings.LastIndex(string(src[:f.Offset]), "func ")+len("func "):]
					got = append(got, string(fn[:strings.IndexByte(string(fn), '(')]))
				}
				want := tc.want
				if !despite && !strings.Contains(tc.name, "test file") {
					want = nil // the package has errors: no findings
				}
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("DespiteErrors %v: leaks found in %v, want %v", despite, got, want)
				}
			}
		})
	}
}

// TestTestFilesChangePackage checks a test variant "p [p.test]" whose test
// files change what p's own files mean: a method that makes a selector
// ambiguous, or a package-level name that hides a predeclared one. p
// compiles alone, so its files cannot be checked in p alone and stripped
// in the variant: the error is the variant's, in a body or in a
// variable's literal of p's files, and a cold run must report it as a
// full load does.
func TestTestFilesChangePackage(t *testing.T) {
	const embeds = "package p\n\ntype E1 struct{}\ntype E2 struct{}\n\nfunc (E1) Foo() {}\n\ntype O struct {\n\tE1\n\tE2\n}\n"
	for _, tc := range []struct {
		name  string
		files map[string]string
		err   string // how the error starts
	}{
		{"ambiguous selector in a literal", map[string]string{
			"p/p.go":           embeds + "\ntype Table struct{ Run func() }\n\nvar Handlers = Table{Run: O{}.Foo}\n",
			"p/export_test.go": "package p\n\nfunc (E2) Foo() {}\n",
		}, "p/p.go:15:31: ambiguous selector O{}.Foo"},
		{"ambiguous selector in a body", map[string]string{
			"p/p.go":           embeds + "\nfunc G() { O{}.Foo() }\n",
			"p/export_test.go": "package p\n\nfunc (E2) Foo() {}\n",
		}, "p/p.go:13:16: ambiguous selector O{}.Foo"},
		{"method through an alias", map[string]string{
			"p/p.go":           embeds + "\nfunc G() { O{}.Foo() }\n",
			"p/export_test.go": "package p\n\ntype A = E2\n\nfunc (A) Foo() {}\n",
		}, "p/p.go:13:16: ambiguous selector O{}.Foo"},
		{"predeclared function hidden, x_test", map[string]string{
			"p/p.go":           "package p\n\nfunc Count(xs []int) int { return len(xs) }\n",
			"p/export_test.go": "package p\n\nfunc len(s string) int { return 0 }\n",
			"p/x_test.go":      "package p_test\n\nimport \"example.com/m/p\"\n\nvar _ = p.Count\n",
		}, "p/p.go:3:39: cannot use xs"},
		{"predeclared type hidden", map[string]string{
			"p/p.go":           "package p\n\nimport \"errors\"\n\nfunc E() error { return errors.New(\"e\") }\n",
			"p/export_test.go": "package p\n\ntype error int\n",
		}, "p/p.go:5:25: cannot use errors.New"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.files["p/leak.go"] = leakIn("p")
			dir := writeModule(t, tc.files)
			res, _ := same(t, Config{Dir: dir, Patterns: []string{"./..."}, Tests: true})
			if len(res.Errors) == 0 || !strings.HasPrefix(strings.TrimPrefix(res.Errors[0].Error(), dir+"/"), tc.err) {
				t.Errorf("errors:\n%s\nwant the first to start with %q", dump(res), tc.err)
			}
			if len(res.Findings) != 1 {
				t.Errorf("findings:\n%s\nwant the leak of p/leak.go", dump(res))
			}
		})
	}
}

// TestChangesBase checks which files a test variant adds are taken to
// change its package's files: methods on types they do not define, or
// names that hide predeclared ones; and that a variant whose test files
// only define their own types, methods and names keeps its package's
// files stripped.
func TestChangesBase(t *testing.T) {
	const base = "package p\n\ntype T struct{}\n\nfunc F() {}\n"
	for _, tc := range []struct {
		added string
		want  bool
	}{
		{"package p\n\ntype tc struct{}\n\nfunc (tc) run() {}\nfunc (*tc) stop() {}\n\nvar cases = []tc{}\n\nfunc helper() {}\n", false},
		{"package p\n\ntype G[K any] struct{}\n\nfunc (g *G[K]) M() {}\n", false},
		{"package p\n\nfunc (T) M() {}\n", true},
		{"package p\n\nfunc (*T) M() {}\n", true},
		{"package p\n\ntype A = T\n\nfunc (A) M() {}\n", true},
		{"package p\n\nfunc len(string) int { return 0 }\n", true},
		{"package p\n\nvar nil = 1\n", true},
		{"package p\n\nconst (\n\tx    = 1\n\ttrue = false\n)\n", true},
		{"package p\n\ntype any int\n", true},
	} {
		fset := token.NewFileSet()
		var files []*ast.File
		for name, src := range map[string]string{"p.go": base, "p_test.go": tc.added} {
			f, err := parser.ParseFile(fset, name, src, 0)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, f)
		}
		full := map[string]bool{"p_test.go": true}
		if got := changesBase(fset, files, full); got != tc.want {
			t.Errorf("%q: changesBase = %v, want %v", tc.added, got, tc.want)
		}
		full["p.go"] = true
		if changesBase(fset, files, full) {
			t.Errorf("%q: changesBase with nothing stripped", tc.added)
		}
	}
}

// TestExactConstants checks that a constant of a package checked from
// source keeps its exact value for its importers, as the compiler's
// export data keeps it and gcexportdata's rounds it: 1.0/3 - 0.25 is
// exactly 1/12, and an x_test dividing by 12 times it minus 1 divides by
// zero. Cold, and warm with the x_test edited since the module was
// tested. (Through a test variant of p, export data still rounds it: see
// exports.publish.)
func TestExactConstants(t *testing.T) {
	const xtest = "package p_test\n\nimport \"example.com/m/q\"\n\nvar _ = q.Third\n"
	dir := writeModule(t, map[string]string{
		"p/leak.go":        leakIn("p"),
		"p/export_test.go": "package p\n\nfunc Export() int { return 1 }\n",
		"p/x_test.go":      xtest,
		"q/q.go":           "package q\n\nconst Third = 1.0 / 3\n",
	})
	cmd := exec.Command("go", "test", "-count=1", "-run=^$", "./...")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
	edited := xtest + "\nconst _ = 1 / ((q.Third-0.25)*12 - 1)\n"
	if err := os.WriteFile(filepath.Join(dir, "p/x_test.go"), []byte(edited), 0o666); err != nil {
		t.Fatal(err)
	}
	res, _ := same(t, Config{Dir: dir, Patterns: []string{"./..."}, Tests: true})
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Error(), "division by zero") {
		t.Errorf("errors:\n%s\nwant the division by zero", dump(res))
	}
}
