package verify

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestText(t *testing.T) {
	const old = "package p\n\n// F does f.\nfunc F() string {\n\treturn `a\n\tb` // trailing\n}\n"
	tests := []struct {
		name, new, err string
	}{
		{"unchanged", old, ""},
		{"an import added", strings.Replace(old, "package p\n", "package p\n\nimport \"golang.org/x/sync/errgroup\"\n", 1), ""},
		{"a comment lost", strings.Replace(old, " // trailing", "", 1), `the fix would change the comments of the file: "// trailing" lost`},
		{"a comment twice", strings.Replace(old, "// trailing", "// trailing\n// trailing", 1), `"// trailing" added`},
		{"a raw string re-indented", strings.Replace(old, "\tb`", "\t\tb`", 1), "the fix would change the strings of the file"},
		{"gofmt broken", strings.Replace(old, "func F() string {", "func F()  string {", 1), "the fixed file would not be gofmt-clean"},
	}
	for _, tt := range tests {
		err := Text([]byte(old), []byte(tt.new))
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
			t.Errorf("%s: got %v, want %q", tt.name, err, tt.err)
		}
	}
	spaces := "package p\n\nfunc F() {\n    _ = 1\n}\n"
	if err := Text([]byte(spaces), []byte(strings.Replace(spaces, "    _ = 1", "    _ = 1\n\t_ = 2", 1))); err == nil || !strings.Contains(err.Error(), "space-indented") {
		t.Errorf("tabs in a space-indented file: %v", err)
	}
}

// check type-checks files as package p and returns a Package for them.
func check(t *testing.T, files ...string) (*Package, []*ast.File, [][]byte) {
	t.Helper()
	fset := token.NewFileSet()
	var asts []*ast.File
	var srcs [][]byte
	for i, src := range files {
		f, err := parser.ParseFile(fset, string(rune('a'+i))+".go", src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		asts = append(asts, f)
		srcs = append(srcs, []byte(src))
	}
	conf := types.Config{Importer: importer.Default(), Error: func(error) {}}
	pkg, _ := conf.Check("p", fset, asts, nil)
	return &Package{Fset: fset, Files: asts, Types: pkg}, asts, srcs
}

// at returns the position of the first s in file i.
func at(p *Package, files []*ast.File, srcs [][]byte, i int, s string) token.Pos {
	return p.Fset.File(files[i].Pos()).Pos(strings.Index(string(srcs[i]), s))
}

func TestCheck(t *testing.T) {
	const a = "package p\n\nimport \"fmt\"\n\nfunc F() { fmt.Println() }\n"
	// b's body is blanked as a driver may hand it over: its import looks
	// unused, which is no concern of a fix to a.go.
	const b = "package p\n\nimport \"strings\"\n\nfunc G() {}\n"
	p, files, srcs := check(t, a, b)
	fix := func(old, new string) Fix {
		pos := at(p, files, srcs, 0, old)
		return Fix{File: files[0], Src: srcs[0], Edits: []analysis.TextEdit{{Pos: pos, End: pos + token.Pos(len(old)), NewText: []byte(new)}}}
	}
	if err := p.Check([]Fix{fix("fmt.Println()", "fmt.Print()")}); err != nil {
		t.Errorf("a sound fix: %v", err)
	}
	if err := p.Check([]Fix{fix("fmt.Println()", "fmt.Nope()")}); err == nil || !strings.Contains(err.Error(), "does not type-check") {
		t.Errorf("a fix that does not type-check: %v", err)
	}
	if err := p.Check([]Fix{fix("fmt.Println()", "fmt.Println(")}); err == nil || !strings.Contains(err.Error(), "does not parse") {
		t.Errorf("a fix that does not parse: %v", err)
	}
	one := fix("fmt.Println()", "fmt.Print()")
	if err := p.Check([]Fix{one, one}); err != nil {
		t.Errorf("the same fix twice is applied once: %v", err)
	}
	if err := p.Check([]Fix{fix("Println", "Print"), fix("fmt.Println", "fmt.Print")}); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("overlapping fixes: %v", err)
	}
	pos := at(p, files, srcs, 0, "fmt.Println()")
	two := Fix{File: files[0], Src: srcs[0], Edits: []analysis.TextEdit{{Pos: pos, End: pos, NewText: []byte("_ = 1; ")}, {Pos: pos, End: pos, NewText: []byte("_ = 2; ")}}}
	if err := p.Check([]Fix{two}); err == nil || !strings.Contains(err.Error(), "overlap") {
		t.Errorf("two insertions at one place: %v", err)
	}
}

// TestCheckErrgroup checks that a fix may import errgroup into a package
// that does not import it yet.
func TestCheckErrgroup(t *testing.T) {
	const a = "package p\n\nfunc F() error {\n\treturn nil\n}\n"
	p, files, srcs := check(t, a)
	pos := at(p, files, srcs, 0, "\treturn nil")
	imp := at(p, files, srcs, 0, "\n\nfunc")
	fx := Fix{File: files[0], Src: srcs[0], Edits: []analysis.TextEdit{
		{Pos: imp, End: imp, NewText: []byte("\n\nimport \"golang.org/x/sync/errgroup\"")},
		{Pos: pos, End: pos + token.Pos(len("\treturn nil")), NewText: []byte("\tvar g errgroup.Group\n\tg.Go(func() error { return nil })\n\treturn g.Wait()")},
	}}
	if err := p.Check([]Fix{fx}); err != nil {
		t.Errorf("errgroup fix: %v", err)
	}
}

// TestCheckBrokenBuffer checks that errors the package had before a fix
// (an editor's buffer with an unused variable) do not refuse it, while a
// new error does.
func TestCheckBrokenBuffer(t *testing.T) {
	const a = "package p\n\nfunc F() int {\n\tx := 1\n\treturn 2\n}\n"
	p, files, srcs := check(t, a)
	pos := at(p, files, srcs, 0, "return 2")
	fix := func(new string) Fix {
		return Fix{File: files[0], Src: srcs[0], Edits: []analysis.TextEdit{{Pos: pos, End: pos + token.Pos(len("return 2")), NewText: []byte(new)}}}
	}
	if err := p.Check([]Fix{fix("return 3")}); err != nil {
		t.Errorf("a fix beside an old error: %v", err)
	}
	if err := p.Check([]Fix{fix("y := 1\n\treturn 3")}); err == nil || !strings.Contains(err.Error(), "declared and not used: y") {
		t.Errorf("a fix that adds an error: %v", err)
	}
}
