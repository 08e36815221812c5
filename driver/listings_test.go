package driver

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/analyzer"
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
	steps := []struct {
		name   string
		change func(*Config)
		reused bool
	}{
		{"first", func(*Config) {}, false},
		{"an editor's swap file", func(*Config) { writeFile(t, path("a/.a.go.swp"), "swap") }, true},
		{"a body", edit("a/a.go", "return <-out", "v := <-out\n\treturn v"), true},
		// b, which compiled, does not type-check against a's new
		// signature, so must lose its export data too.
		{"a signature b uses", edit("a/a.go", "func Size() int { return 1 }", "func Size() string { return \"1\" }"), true},
		{"back", edit("a/a.go", "func Size() string { return \"1\" }", "func Size() int { return 1 }"), true},
		{"an import", edit("a/a.go", "package a\n", "package a\n\nimport _ \"fmt\"\n"), false},
		{"a build constraint", edit("b/b.go", "package b", "//go:build !nothing\n\npackage b"), false},
		{"a test", edit("a/a_test.go", "Size() != 1", "Size() != 2"), false},
		{"a new file", func(*Config) { writeFile(t, path("b/c.go"), leakIn("b")) }, false},
		{"a removed file", func(*Config) { os.Remove(path("b/c.go")) }, false},
		{"go.mod", edit("go.mod", "go 1.22", "go 1.23"), false},
		{"an overlay's body", overlay("a/a.go", "v := <-out", "w := <-out\n\tv := w"), true},
		{"an overlay's import", overlay("a/a.go", "import _ \"fmt\"", "import _ \"os\""), false},
		{"the overlay gone", func(*Config) {}, false},
		{"nothing changed again", func(*Config) {}, true},
	}
	var kept Listings
	for _, step := range steps {
		cfg := Config{Dir: dir, Patterns: []string{"./a", "./b"}, Tests: true}
		step.change(&cfg)
		want, _, err := run(cfg, analyzer.Analyzer, true)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		cfg.Listings = &kept
		got, st, err := run(cfg, analyzer.Analyzer, true)
		if err != nil {
			t.Fatalf("%s: %v", step.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: with the listing kept:\n%s\nlisted again:\n%s", step.name, dump(got), dump(want))
		}
		if broken := len(want.Errors) > 0; broken != (step.name == "a signature b uses") {
			t.Errorf("%s: errors %v", step.name, want.Errors)
		}
		if st.Reused != step.reused {
			t.Errorf("%s: listing reused %v, want %v", step.name, st.Reused, step.reused)
		}
	}
}

func writeFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
