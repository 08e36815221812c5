package driver

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/internal/testmodule"
	"golang.org/x/tools/go/packages"
)

// TestListingsReuse edits a module step by step and runs after each step
// with a Listings kept from the steps before and without one: the results
// must be the same, and the listing reused exactly when the edits leave
// every header, directory and module file as it was.
func TestListingsReuse(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go": leakIn("a") + "\nfunc Size() int { return 1 }\n",
		"a/a_test.go": `package a

import "testing"

func TestSize(t *testing.T) {
	if Size() != 1 {
		t.Fatal(Size())
	}
}
`,
		"b/b.go": `package b

import "example.com/m/a"

func Twice() int { return 2 * a.Size() }
`,
	})
	// Compiled, a and b come with export data, as in a module built
	// before the editor opened it: only an edit may take it away.
	build := exec.Command("go", "test", "-run", "^$", "./...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go test: %v\n%s", err, out)
	}
	path := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	edit := func(name, old, new string) func(*Config) {
		return func(*Config) {
			src, err := os.ReadFile(path(name))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), old) {
				t.Fatalf("%s has no %q", name, old)
			}
			if err := os.WriteFile(path(name), []byte(strings.Replace(string(src), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	overlay := func(name, old, new string) func(*Config) {
		return func(cfg *Config) {
			src, _ := os.ReadFile(path(name))
			cfg.Overlay = map[string][]byte{path(name): []byte(strings.Replace(string(src), old, new, 1))}
		}
	}
	remove := func(name string) func(*Config) {
		return func(*Config) {
			if err := os.RemoveAll(path(name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	create := func(name, content string) func(*Config) {
		return func(*Config) {
			if err := os.MkdirAll(filepath.Dir(path(name)), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, path(name), content)
		}
	}
	// A listing is kept for reuse once two listings in a row saw the same
	// files: the first run's, and one after an edit of a new file, are
	// only kept for the next to compare.
	steps := []struct {
		name   string
		change func(*Config)
		reused bool
	}{
		{"first", func(*Config) {}, false},
		{"second", func(*Config) {}, false},
		{"an editor's swap file", create("a/.a.go.swp", "swap"), true},
		{"a body", edit("a/a.go", "return <-out", "v := <-out\n\treturn v"), true},
		// b, which compiled, does not type-check against a's new
		// signature, so must lose its export data too.
		{"a signature b uses", edit("a/a.go", "func Size() int { return 1 }", "func Size() string { return \"1\" }"), true},
		{"back", edit("a/a.go", "func Size() string { return \"1\" }", "func Size() int { return 1 }"), true},
		{"an import", edit("a/a.go", "package a\n", "package a\n\nimport _ \"fmt\"\n"), false},
		{"a build constraint", edit("b/b.go", "package b", "//go:build !nothing\n\npackage b"), false},
		{"the constraint's tag in GOFLAGS", func(*Config) { t.Setenv("GOFLAGS", "-tags=nothing") }, false},
		{"GOFLAGS as it was", func(*Config) { os.Unsetenv("GOFLAGS") }, true}, // the listing kept before
		{"a test", edit("a/a_test.go", "Size() != 1", "Size() != 2"), false},
		{"a new file", create("b/c.go", leakIn("b")), false},
		{"a removed file", remove("b/c.go"), false},
		{"go.mod", edit("go.mod", "go 1.22", "go 1.23"), false},
		{"a go.work that leaves the module out", create("go.work", "go 1.23\n\nuse ./other\n"), false},
		{"the go.work gone", remove("go.work"), true}, // the go command failed: nothing was kept
		{"a nested go.mod", create("b/go.mod", "module example.com/b\n\ngo 1.23\n"), false},
		{"the nested go.mod gone", remove("b/go.mod"), true},
		{"an empty vendor/modules.txt", create("vendor/modules.txt", ""), false},
		{"the vendor directory gone", remove("vendor"), false},
		{"an overlay's body", overlay("a/a.go", "v := <-out", "w := <-out\n\tv := w"), true},
		{"an overlay's import", overlay("a/a.go", "import _ \"fmt\"", "import _ \"os\""), false},
		{"the overlay gone", func(*Config) {}, false},
		{"nothing changed again", func(*Config) {}, true},
		// A package that embeds files depends on more than its headers.
		{"a file that embeds", create("a/e.go", "package a\n\nimport _ `embed`\n\n//go:embed a.go\nvar self string\n"), false},
		{"what it embeds", edit("a/e.go", "//go:embed a.go", "//go:embed none.txt"), false},
	}
	var kept Listings
	for _, step := range steps {
		cfg := Config{Dir: dir, Patterns: []string{path("a"), path("b")}, Tests: true}
		step.change(&cfg)
		want, _, err := run(cfg, analyzer.Analyzer, true)
		cfg.Listings = &kept
		got, st, keptErr := run(cfg, analyzer.Analyzer, true)
		if fmt.Sprint(keptErr) != fmt.Sprint(err) {
			t.Fatalf("%s: with the listing kept: %v; listed again: %v", step.name, keptErr, err)
		}
		if err != nil {
			continue
		}
		if step.name == "a signature b uses" && len(want.Errors) == 0 {
			t.Errorf("%s: no error in b", step.name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with the listing kept:\n%s\nlisted again:\n%s", step.name, dump(got), dump(want))
		}
		if st.Reused != step.reused {
			var why []string // for a listing kept untrusted, what changed while the go command ran
			for _, l := range kept.entries {
				why = append(why, fmt.Sprintf("trusted %v, changed %q", l.trusted, l.changed))
			}
			t.Errorf("%s: listing reused %v, want %v (kept: %s)", step.name, st.Reused, step.reused, why)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestListingsSaveDuringList checks that a listing is trusted only if
// its files were the same before the go command ran: a save while it
// runs could otherwise go unnoticed for good.
func TestListingsSaveDuringList(t *testing.T) {
	dir := writeModule(t, map[string]string{"a/a.go": leakIn("a")})
	name := filepath.Join(dir, "a", "a.go")
	cfg := Config{Dir: dir, Patterns: []string{filepath.Join(dir, "a")}, Tests: true}
	for _, tc := range []struct {
		name   string
		during func()
	}{
		{"nothing", func() {}},
		{"a save", func() { writeFile(t, name, leakIn("a")+"\nfunc Saved() {}\n") }},
		{"a save undone", func() { // the same bytes, as after git stash && git stash pop
			writeFile(t, name, leakIn("a")+"\nfunc Saved() {}\n")
			time.Sleep(10 * time.Millisecond)
			writeFile(t, name, leakIn("a"))
		}},
	} {
		writeFile(t, name, leakIn("a"))
		var kept Listings
		c := newCollector(Config{Dir: dir, Patterns: cfg.Patterns, Tests: true, Listings: &kept}, analyzer.Analyzer)
		if _, err := c.list(cfg.Patterns); err != nil { // kept untrusted, for the next to compare
			t.Fatal(err)
		}
		key := listingKey(cfg, cfg.Patterns)
		_, before := kept.reuse(key, cfg)
		if before == nil {
			t.Fatal("no state of the first listing")
		}
		pcfg := cfg.packages(listMode)
		pcfg.BuildFlags = append(pcfg.BuildFlags, probeFlags()...)
		listed, err := packages.Load(pcfg, cfg.Patterns...)
		if err != nil {
			t.Fatal(err)
		}
		tc.during()
		kept.store(key, cfg, cfg.Patterns, listed, before)
		if trusted := kept.entries[key].trusted; trusted != (tc.name == "nothing") {
			t.Errorf("%s during the listing: listing trusted: %v", tc.name, trusted)
		}
	}
}

// TestListingsAmbiguousImport checks that a directory which would make an
// import ambiguous is watched: example.com/m/n/p comes from the module
// example.com/m/n, which m replaces with ../n, until m/n/p appears.
func TestListingsAmbiguousImport(t *testing.T) {
	root := testmodule.Write(t, map[string]string{
		"m/go.mod": "module example.com/m\n\ngo 1.22\n\nrequire example.com/m/n v0.0.0\n\nreplace example.com/m/n => ../n\n",
		"m/b/b.go": "package b\n\nimport \"example.com/m/n/p\"\n\nvar V = p.V\n",
		"n/go.mod": "module example.com/m/n\n\ngo 1.22\n",
		"n/p/p.go": "package p\n\nvar V = 1\n",
	})
	dir := filepath.Join(root, "m")
	var kept Listings
	for i, reused := range []bool{false, false, true, false} {
		if i == 3 {
			if err := os.MkdirAll(filepath.Join(dir, "n", "p"), 0o755); err != nil {
				t.Fatal(err)
			}
			writeFile(t, filepath.Join(dir, "n", "p", "p.go"), "package p\n\nvar V = \"ambiguous\"\n")
		}
		cfg := Config{Dir: dir, Patterns: []string{filepath.Join(dir, "b")}, Tests: true}
		want, _, err := run(cfg, analyzer.Analyzer, true)
		cfg.Listings = &kept
		got, st, keptErr := run(cfg, analyzer.Analyzer, true)
		if fmt.Sprint(keptErr) != fmt.Sprint(err) {
			t.Fatalf("run %d: with the listing kept: %v; listed again: %v", i+1, keptErr, err)
		}
		if err == nil && !reflect.DeepEqual(got, want) {
			t.Errorf("run %d: with the listing kept:\n%s\nlisted again:\n%s", i+1, dump(got), dump(want))
		}
		if st.Reused != reused {
			t.Errorf("run %d: listing reused %v, want %v", i+1, st.Reused, reused)
		}
	}
}

// TestListingsKey checks that the key holds the working directory when
// Dir is relative, and the environment.
func TestListingsKey(t *testing.T) {
	cfg := Config{Dir: "m", Patterns: []string{"./a"}}
	t.Chdir(t.TempDir())
	one := listingKey(cfg, cfg.Patterns)
	t.Chdir(t.TempDir())
	two := listingKey(cfg, cfg.Patterns)
	if two == one {
		t.Error("the same key in two working directories")
	}
	t.Setenv("GO111MODULE", "off")
	if three := listingKey(cfg, cfg.Patterns); three == two {
		t.Error("the same key with GO111MODULE=off")
	}
}

// TestListingsPatterns checks that only listings of directories are kept:
// "..." and names such as "all" could match a new package.
func TestListingsPatterns(t *testing.T) {
	for p, want := range map[string]bool{
		"/abs/dir": true, ".": true, "./a": true, "../b": true,
		"./...": false, "all": false, "std": false, "example.com/m/a": false, "/abs/...": false,
	} {
		if got := directory(p); got != want {
			t.Errorf("directory(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestTestMain checks which packages are taken for a test's generated
// main, whose directory a listing does not watch: one that imports a
// package of its own test, not a main package whose path ends in ".test".
func TestTestMain(t *testing.T) {
	variant := &packages.Package{ID: "example.com/p [example.com/p.test]"}
	for _, tc := range []struct {
		p    *packages.Package
		want bool
	}{
		{&packages.Package{ID: "example.com/p.test", Name: "main", Imports: map[string]*packages.Package{"example.com/p": variant}}, true},
		{&packages.Package{ID: "example.com/cmd/x.test", Name: "main", Imports: map[string]*packages.Package{"fmt": {ID: "fmt"}}}, false},
		{&packages.Package{ID: "example.com/q.test", Name: "main", Imports: map[string]*packages.Package{"example.com/p": variant}}, false},
		{variant, false},
	} {
		if got := testMain(tc.p); got != tc.want {
			t.Errorf("testMain(%s) = %v, want %v", tc.p.ID, got, tc.want)
		}
	}
}
