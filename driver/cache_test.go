package driver

import (
	"cmp"
	"crypto/sha256"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// TestResultCache edits a module that compiled step by step and runs
// after each step with a cache kept from the steps before and without
// one: the results must be the same, and read from the cache exactly
// when nothing the package's analysis depends on changed.
func TestResultCache(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go":      leakIn("a") + "\nfunc Size() int { return 1 }\n",
		"a/ignore.go": "//go:build ignore\n\npackage a\n",
		"c/c.go":      leakIn("c"),
		"b/b.go":      "package b\n\nimport \"example.com/m/a\"\n\nfunc Twice() int { return 2 * a.Size() }\n\n" + strings.TrimPrefix(leakIn("b"), "package b\n"),
	})
	compile := func() {
		cmd := exec.Command("go", "test", "-run", "^$", "./...")
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go test: %v\n%s", err, out)
		}
	}
	compile()
	path := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	edit := func(name, old, new string) func() {
		return func() {
			src, err := os.ReadFile(path(name))
			if err != nil || !strings.Contains(string(src), old) {
				t.Fatalf("%s has no %q: %v", name, old, err)
			}
			writeFile(t, path(name), strings.Replace(string(src), old, new, 1))
			compile()
		}
	}
	cache := &ResultCache{Dir: t.TempDir(), Salt: "test"}
	done, err := analyzer.New(analyzer.Options{Strategy: "done"})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		change func()
		cfg    func(*Config)
		cached []string // packages read from the cache
		a      *analysis.Analyzer
	}{
		{"first", func() {}, nil, nil, nil},
		{"again", func() {}, nil, []string{"example.com/m/a", "example.com/m/b", "example.com/m/c"}, nil},
		// a's export data changes with its bodies: b, which imports it,
		// is analysed again too.
		{"a body", edit("a/a.go", "return <-out", "return (<-out)"), nil, []string{"example.com/m/c"}, nil},
		{"a file a build constraint excludes", func() { writeFile(t, path("a/ignore.go"), "//go:build ignore\n\npackage a\n\nfunc First() {}\n") }, nil, []string{"example.com/m/b", "example.com/m/c"}, nil},
		{"go.mod", edit("go.mod", "go 1.22", "go 1.23"), nil, nil, nil},
		{"another strategy", func() {}, nil, nil, done},
		{"another directory", func() {}, func(cfg *Config) { cfg.Dir = path("a"); cfg.Patterns = []string{"../..."} }, nil, nil},
		{"generated files too", func() {}, func(cfg *Config) { cfg.Generated = true }, nil, nil},
		{"another salt", func() { cache.Salt = "other build" }, nil, nil, nil},
		{"the same again", func() {}, nil, []string{"example.com/m/a", "example.com/m/b", "example.com/m/c"}, nil},
	}
	for _, step := range steps {
		step.change()
		a := cmp.Or(step.a, analyzer.Analyzer)
		cfg := Config{Dir: dir, Patterns: []string{"./..."}}
		if step.cfg != nil {
			step.cfg(&cfg)
		}
		want, _, err := run(cfg, a, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(want.Findings) == 0 {
			t.Fatalf("%s: no findings", step.name)
		}
		cfg.Cache = cache
		got, st, err := run(cfg, a, true)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with the cache:\n%s\nwithout:\n%s", step.name, dump(got), dump(want))
		}
		slices.Sort(st.Cached)
		if !slices.Equal(st.Cached, step.cached) {
			t.Errorf("%s: read from the cache %v, want %v", step.name, st.Cached, step.cached)
		}
	}
}

// TestResultCacheFromSource is TestResultCache for packages that never
// compiled: their keys hold their sources' and their imports' sources'.
func TestResultCacheFromSource(t *testing.T) {
	dir := writeModule(t, map[string]string{
		"a/a.go": leakIn("a") + "\nfunc Size() int { return 1 }\n",
		"b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nfunc Twice() int { return 2 * a.Size() }\n\n" + strings.TrimPrefix(leakIn("b"), "package b\n"),
		"c/c.go": leakIn("c"),
		"d/d.go": "package d\n\nimport \"example.com/m/a\"\n\nvar N = a.Size()\n", // checked for errors alone
	})
	cache := &ResultCache{Dir: t.TempDir(), Salt: "test"}
	all := func(*packages.Package) bool { return true }
	for _, step := range []struct {
		name   string
		change func()
		cached []string
	}{
		{"first", func() {}, nil},
		{"again", func() {}, []string{"example.com/m/a", "example.com/m/b", "example.com/m/c", "example.com/m/d"}},
		{"a body", func() { writeFile(t, filepath.Join(dir, "a", "a.go"), leakIn("a")+"\nfunc Size() int { return 2 }\n") }, []string{"example.com/m/c"}},
		{"c body", func() { writeFile(t, filepath.Join(dir, "c", "c.go"), leakIn("c")+"\nfunc Other() {}\n") }, []string{"example.com/m/a", "example.com/m/b", "example.com/m/d"}},
		// d does not type-check against a's new Size: it is checked, not read.
		{"a's API", func() {
			writeFile(t, filepath.Join(dir, "a", "a.go"), leakIn("a")+"\nfunc Size() string { return \"\" }\n")
		}, []string{"example.com/m/c"}},
	} {
		step.change()
		cfg := Config{Dir: dir, Patterns: []string{"./..."}}
		want, _ := runCold(t, cfg, all)
		cfg.Cache = cache
		got, st := runCold(t, cfg, all)
		if !reflect.DeepEqual(got, want) || len(want.Findings) < 2 {
			t.Errorf("%s: with the cache:\n%s\nwithout:\n%s", step.name, dump(got), dump(want))
		}
		slices.Sort(st.Cached)
		if !slices.Equal(st.Cached, step.cached) {
			t.Errorf("%s: read from the cache %v, want %v", step.name, st.Cached, step.cached)
		}
	}
}

// TestResultCacheSymlink checks a package whose file is a symbolic link:
// the go command follows it, so the key holds the content it points to.
func TestResultCacheSymlink(t *testing.T) {
	dir := writeModule(t, map[string]string{"src/a.txt": leakIn("a")})
	target := filepath.Join(dir, "src", "a.txt")
	if err := os.MkdirAll(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, filepath.Join(dir, "a", "a.go")); err != nil {
		t.Skip(err)
	}
	cache := &ResultCache{Dir: t.TempDir(), Salt: "test"}
	for i, change := range []func(){
		func() {},
		func() {},
		func() {
			writeFile(t, target, "package a\n\n// Moved down.\n"+strings.TrimPrefix(leakIn("a"), "package a\n"))
		},
	} {
		change()
		cfg := Config{Dir: dir, Patterns: []string{"./..."}}
		want, _, err := run(cfg, analyzer.Analyzer, true)
		if err != nil {
			t.Fatal(err)
		}
		cfg.Cache = cache
		got, _, err := run(cfg, analyzer.Analyzer, true)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(got.Sources) != 1 {
			t.Errorf("run %d: with the cache:\n%s%d sources\nwithout:\n%s", i+1, dump(got), len(got.Sources), dump(want))
		}
	}
}

// TestStamps checks that stamps tell a file written after they were taken,
// so that an outcome analysed from other content than its key's is not
// kept.
func TestStamps(t *testing.T) {
	name := filepath.Join(t.TempDir(), "a.go")
	writeFile(t, name, "package a\n")
	fi, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	st := stamps{}
	st.add(name, fi)
	if st.changed() {
		t.Fatal("changed before any write")
	}
	time.Sleep(10 * time.Millisecond)
	writeFile(t, name, "package b\n") // the same size
	if !st.changed() {
		t.Error("a write of the same size not seen")
	}
}

// TestTrim checks that Trim removes the entries no run read for five days,
// and runs at most once a day.
func TestTrim(t *testing.T) {
	rc := &ResultCache{Dir: t.TempDir()}
	old, recent := rc.path([sha256.Size]byte{1}), rc.path([sha256.Size]byte{2})
	rc.put([sha256.Size]byte{1}, nil)
	rc.put([sha256.Size]byte{2}, nil)
	week := time.Now().Add(-7 * 24 * time.Hour)
	if err := os.Chtimes(old, week, week); err != nil {
		t.Fatal(err)
	}
	rc.Trim()
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("an entry unread for a week is still there: %v", err)
	}
	if _, ok := rc.get([sha256.Size]byte{2}); !ok {
		t.Errorf("a recent entry %s is gone", recent)
	}
	rc.put([sha256.Size]byte{1}, nil)
	if err := os.Chtimes(old, week, week); err != nil {
		t.Fatal(err)
	}
	rc.Trim() // less than a day after the last
	if _, err := os.Stat(old); err != nil {
		t.Errorf("trimmed twice in a day: %v", err)
	}
}
