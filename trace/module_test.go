package trace

import (
	"path/filepath"
	"testing"
)

func TestLocal(t *testing.T) {
	m, err := FindModule(filepath.Join("testdata", "sample", "search"))
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "sample"))
	if m.Dir != dir || m.Path != "github.com/acme/shop" {
		t.Fatalf("FindModule = %s %s, want %s github.com/acme/shop", m.Dir, m.Path, dir)
	}
	search := filepath.Join(dir, "search", "search.go")
	main := filepath.Join(dir, "main.go")
	tests := []struct {
		name       string
		fn, file   string
		wantLocal  string
		wantReason string
	}{
		{"the checkout itself", "github.com/acme/shop/search.First", search, search, ""},
		{"another build directory", "github.com/acme/shop/search.First.func1", "/build/src/github.com/acme/shop/search/search.go", search, ""},
		{"-trimpath", "github.com/acme/shop/search.First.func1", "github.com/acme/shop/search/search.go", search, ""},
		{"package main, another build directory", "main.subscribe.func1", "/build/src/github.com/acme/shop/main.go", main, ""},
		{"package main, -trimpath", "main.main", "github.com/acme/shop/main.go", main, ""},
		{"package main, a file that does not declare the function", "main.serve", "/build/src/github.com/acme/shop/main.go", "", "main.go declares no serve"},
		{"a file the module does not have", "github.com/acme/shop/search.Last", "/build/src/github.com/acme/shop/search/last.go", "", "no search/last.go"},
		{"the standard library", "runtime.gopark", "/usr/local/go/src/runtime/proc.go", "", "not in the module"},
		{"another module with a file of the same name", "github.com/other/search.First", "/go/pkg/mod/github.com/other/search/search.go", "", "another module"},
	}
	for _, tt := range tests {
		if got := m.Local(Frame{Func: tt.fn, File: tt.file, Line: 1}); got != tt.wantLocal {
			t.Errorf("%s: Local(%s, %s) = %q, want %q %s", tt.name, tt.fn, tt.file, got, tt.wantLocal, tt.wantReason)
		}
	}
}

func TestFindModuleOutside(t *testing.T) {
	if _, err := FindModule(t.TempDir()); err == nil {
		t.Error("FindModule found a module in an empty temporary directory")
	}
}
