package driver

import (
	"bytes"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/diff"
	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPlanSkipsOverlappingFixes(t *testing.T) {
	src := []byte("0123456789")
	res := &Result{
		Sources: map[string][]byte{"f": src},
		Findings: []Finding{
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 1, End: 3, New: "ab"}}}}},
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 2, End: 4, New: "XX"}}}}}, // overlaps the first
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 5, End: 5, New: "+"}}}}},
			{File: "f"}, // no fix
		},
	}
	plan := merge(res, res.Findings)
	if len(plan.Files) != 1 {
		t.Fatalf("plan has %d files", len(plan.Files))
	}
	if got := string(plan.Files[0].New); got != "0ab34+56789" {
		t.Errorf("New = %q", got)
	}
	if len(plan.Files[0].Fixed) != 2 {
		t.Errorf("%d findings fixed, want 2", len(plan.Files[0].Fixed))
	}
	var reasons []string
	for _, u := range plan.Unfixed {
		reasons = append(reasons, u.Reason)
	}
	if want := []string{"its fix overlaps the fix of an earlier finding; run leakfix again", "no automatic fix"}; !slices.Equal(reasons, want) {
		t.Errorf("unfixed: %q, want %q", reasons, want)
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(FileFix{File: path, Old: []byte("old"), New: []byte("new")}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "new" || info.Mode().Perm() != 0o640 {
		t.Errorf("content %q, mode %v", got, info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}

	// A file that changed since it was analysed is not written.
	err := WriteFile(FileFix{File: path, Old: []byte("old"), New: []byte("newer")})
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("changed file: err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("changed file was written: %q", got)
	}

	// A symbolic link is not followed.
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(FileFix{File: link, Old: []byte("new"), New: []byte("x")}); err == nil {
		t.Errorf("wrote through a symlink")
	}
}

// TestVerify checks the two reasons a planned file is refused: the fixed
// package no longer type-checks, or code outside the edits changed.
func TestVerify(t *testing.T) {
	dir := t.TempDir()
	old := "package p\n\nfunc f() int { return 1 }\n\nfunc g() int { return 2 }\n"
	files := map[string]string{"go.mod": "module m\n\ngo 1.22\n", "p/p.go": old, "q/q.go": old}
	for name, content := range files {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, q := filepath.Join(dir, "p/p.go"), filepath.Join(dir, "q/q.go")
	edit := func(from, to string) (diff.Edit, string) {
		i := strings.Index(old, from)
		e := diff.Edit{Start: i, End: i + len(from), New: to}
		return e, string(diff.Apply([]byte(old), []diff.Edit{e}))
	}
	typeErr, broken := edit("return 1", `return "one"`)
	moved, _ := edit("return 1", "return 3")
	plan := []FileFix{
		{File: p, Old: []byte(old), New: []byte(broken), Edits: []diff.Edit{typeErr}},
		// The edit claims to touch f only, but g changed too.
		{File: q, Old: []byte(old), New: []byte(strings.Replace(old, "2", "4", 1)), Edits: []diff.Edit{moved}},
	}
	refused := Verify(Config{Dir: dir}, analyzerStub, plan)
	if err := refused[p]; err == nil || !strings.Contains(err.Error(), "does not type-check") || !strings.Contains(err.Error(), "p.go:3:") {
		t.Errorf("type error: %v", err)
	}
	if err := refused[q]; err == nil || !strings.Contains(err.Error(), "code it does not own at line 5") {
		t.Errorf("untouched code: %v", err)
	}
	fine, good := edit("return 1", "return 3")
	if refused := Verify(Config{Dir: dir}, analyzerStub, []FileFix{{File: p, Old: []byte(old), New: []byte(good), Edits: []diff.Edit{fine}}}); len(refused) != 0 {
		t.Errorf("a sound fix was refused: %v", refused)
	}
}

func TestEditable(t *testing.T) {
	main := &packages.Module{Path: "m", Dir: "/src/m", Main: true}
	dep := &packages.Module{Path: "d", Dir: "/mod/d@v1", Main: false}
	tests := []struct {
		mod  *packages.Module
		file string
		want bool
	}{
		{main, "/src/m/p/a.go", true},
		{main, "/src/m/vendor/x/a.go", false},
		{main, "/elsewhere/a.go", false},
		{dep, "/mod/d@v1/a.go", false},
		{nil, "/goroot/src/fmt/print.go", false},
	}
	for _, tt := range tests {
		if got := editable(&packages.Package{Module: tt.mod}, tt.file, ""); got != tt.want {
			t.Errorf("editable(%s) = %v", tt.file, got)
		}
	}
	// Files named on the command line: a package without a module, whose
	// files are the main module's when their go.mod is that of the
	// directory the go command runs in.
	m := t.TempDir()
	if err := os.WriteFile(filepath.Join(m, "go.mod"), []byte("module m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	args := &packages.Package{PkgPath: "command-line-arguments"}
	if !editable(args, filepath.Join(m, "a.go"), m) {
		t.Errorf("a file of the main module named on the command line is not editable")
	}
	if fmt := filepath.Join(runtime.GOROOT(), "src", "fmt", "print.go"); editable(args, fmt, m) {
		t.Errorf("%s, named on the command line, is editable", fmt)
	}
}

// analyzerStub reports nothing: Verify needs only the load and type check.
var analyzerStub = &analysis.Analyzer{Name: "stub", Doc: "reports nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}

func TestLoadErrorPosition(t *testing.T) {
	for _, tc := range []struct {
		pos  string
		want token.Position
	}{
		{"/m/a/a.go:3:23", token.Position{Filename: "/m/a/a.go", Line: 3, Column: 23}},
		{"/m/a/a.go:3", token.Position{Filename: "/m/a/a.go", Line: 3}},
		{`C:\m\a.go:3:2`, token.Position{Filename: `C:\m\a.go`, Line: 3, Column: 2}},
		{"/m/go.mod", token.Position{Filename: "/m/go.mod"}},
		{"", token.Position{}},
	} {
		if got := (LoadError{Pos: tc.pos}).Position(); got != tc.want {
			t.Errorf("Position of %q = %+v, want %+v", tc.pos, got, tc.want)
		}
	}
}

type fact struct{}

func (*fact) AFact() {}

// TestStandalone checks that Run refuses an analyzer it would run
// half-configured, before loading anything.
func TestStandalone(t *testing.T) {
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	dep := &analysis.Analyzer{Name: "dep", Doc: "dep", Run: run}
	for _, tt := range []struct {
		a    *analysis.Analyzer
		want string
	}{
		{&analysis.Analyzer{Name: "req", Doc: "req", Run: run, Requires: []*analysis.Analyzer{dep}}, "analyzer req requires dep"},
		{&analysis.Analyzer{Name: "facts", Doc: "facts", Run: run, FactTypes: []analysis.Fact{new(fact)}}, "analyzer facts uses facts"},
	} {
		_, err := Run(Config{Dir: t.TempDir()}, tt.a)
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("Run(%s) = %v, want an error %q…", tt.a.Name, err, tt.want)
		}
	}
}

// TestExportData checks that the export data read from the go command's
// archive is what gcexportdata reads as the package.
func TestExportData(t *testing.T) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedExportFile}, "strings")
	if err != nil || len(pkgs) != 1 || pkgs[0].ExportFile == "" {
		t.Fatalf("no export data for strings: %v", err)
	}
	data, err := exportData(pkgs[0].ExportFile)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := gcexportdata.Read(bytes.NewReader(data), token.NewFileSet(), map[string]*types.Package{}, "strings")
	if err != nil {
		t.Fatal(err)
	}
	if pkg.Scope().Lookup("Builder") == nil {
		t.Errorf("strings read from %s has no Builder", pkgs[0].ExportFile)
	}
	if _, err := exportData(filepath.Join(t.TempDir(), "none")); err == nil {
		t.Error("no error for a missing file")
	}
}

// TestMergeSharedEdit checks that two findings whose first fixes share an
// edit (the import both errgroup fixes add) are fixed in one plan, the
// shared edit applied once, as go fix applies it.
func TestMergeSharedEdit(t *testing.T) {
	old := []byte("package p\n\nvar a, b = 1, 2\n")
	imp := diff.Edit{Start: 9, End: 9, New: "\n\nimport \"errors\""}
	res := &Result{Sources: map[string][]byte{"p.go": old}}
	fs := []Finding{
		{File: "p.go", Message: "a", Fixes: []Fix{{File: "p.go", Edits: []diff.Edit{imp, {Start: 15, End: 16, New: "x"}}}}},
		{File: "p.go", Message: "b", Fixes: []Fix{{File: "p.go", Edits: []diff.Edit{imp, {Start: 18, End: 19, New: "y"}}}}},
	}
	p := merge(res, fs)
	if len(p.Unfixed) != 0 || len(p.Files) != 1 {
		t.Fatalf("unfixed %v, %d files; want both fixed in one file", p.Unfixed, len(p.Files))
	}
	want := "package p\n\nimport \"errors\"\n\nvar x, y = 1, 2\n"
	if got := string(p.Files[0].New); got != want {
		t.Errorf("merged:\n%s\nwant:\n%s", got, want)
	}
}

// TestPublish checks how a package checked from source reaches its
// importers: a package on the shared view as itself, a test variant, or a
// package reaching one, through export data that reads back the same
// declarations.
func TestPublish(t *testing.T) {
	x := &exports{fset: token.NewFileSet(), shared: map[string]*types.Package{}, built: map[string][]byte{}}
	checked := func(path string) *types.Package {
		pkg := types.NewPackage(path, filepath.Base(path))
		pkg.Scope().Insert(types.NewConst(token.NoPos, pkg, "C", types.Typ[types.Int], constant.MakeInt64(1)))
		pkg.MarkComplete()
		return pkg
	}
	plain := &packages.Package{ID: "example.com/p", PkgPath: "example.com/p"}
	variant := &packages.Package{ID: "example.com/p [example.com/p.test]", PkgPath: "example.com/p"}
	reaching := &packages.Package{ID: "example.com/p.test", PkgPath: "example.com/p.test", // the test main
		Imports: map[string]*packages.Package{"example.com/p": variant}}
	pkgs := map[*packages.Package]*types.Package{}
	for _, p := range []*packages.Package{plain, variant, reaching} {
		pkgs[p] = checked(p.PkgPath)
		if err := x.publish(p, pkgs[p]); err != nil {
			t.Fatal(err)
		}
	}
	if x.shared[plain.PkgPath] != pkgs[plain] || len(x.shared) != 1 {
		t.Errorf("shared view %v, want %s itself alone", x.shared, plain.ID)
	}
	if _, ok := x.built[plain.ID]; ok {
		t.Errorf("export data written for %s, on the shared view", plain.ID)
	}
	for _, p := range []*packages.Package{variant, reaching} {
		read, err := gcexportdata.Read(bytes.NewReader(x.built[p.ID]), token.NewFileSet(), map[string]*types.Package{}, p.PkgPath)
		if err != nil || read.Scope().Lookup("C") == nil {
			t.Errorf("%s: export data without C: %v", p.ID, err)
		}
	}
}
