package lsp

import (
	"os"
	"path/filepath"
	"testing"
)

// Which unsaved texts the go command must see (overlay), and which only
// the parser (buffers).
func TestUnsaved(t *testing.T) {
	const disk = "//go:build linux\n\n// Package p is a test.\npackage p\n\nimport (\n\t\"fmt\"\n\ts \"strings\"\n)\n\nvar _ = fmt.Sprint(s.ToUpper(\"x\"))\n"
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte(disk), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		want       string // "", "buffers" or "overlay"
	}{
		{"saved", disk, ""},
		{"body edited", disk + "\nfunc F() {}\n", "buffers"},
		{"body half typed", disk + "\nfunc F() {", "buffers"},
		{"doc comment edited", "//go:build linux\n\n// Package p is a toast.\npackage p\n\nimport (\n\t\"fmt\"\n\ts \"strings\"\n)\n", "buffers"},
		{"import renamed", "//go:build linux\n\npackage p\n\nimport (\n\t\"fmt\"\n\tstr \"strings\"\n)\n", "buffers"},
		{"import added", "//go:build linux\n\npackage p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\ts \"strings\"\n)\n", "overlay"},
		{"import removed", "//go:build linux\n\npackage p\n\nimport \"fmt\"\n", "overlay"},
		{"package renamed", "//go:build linux\n\npackage q\n\nimport (\n\t\"fmt\"\n\ts \"strings\"\n)\n", "overlay"},
		{"constraint changed", "//go:build darwin\n\npackage p\n\nimport (\n\t\"fmt\"\n\ts \"strings\"\n)\n", "overlay"},
		{"import half typed", "//go:build linux\n\npackage p\n\nimport (\n\t\"fmt\"\n\ts \"strin", "overlay"},
		{"cgo", "//go:build linux\n\npackage p\n\n// int x;\nimport \"C\"\nimport (\n\t\"fmt\"\n\ts \"strings\"\n)\n", "overlay"},
	} {
		buffers, overlay := unsaved(map[string][]byte{path: []byte(tc.text)})
		got := ""
		switch {
		case len(buffers) > 0 && len(overlay) > 0:
			got = "both"
		case len(buffers) > 0:
			got = "buffers"
		case len(overlay) > 0:
			got = "overlay"
		}
		if got != tc.want {
			t.Errorf("%s: in %q, want %q", tc.name, got, tc.want)
		}
	}
	if _, overlay := unsaved(map[string][]byte{filepath.Join(dir, "new.go"): []byte("package p\n")}); len(overlay) != 1 {
		t.Errorf("a file not on disk is not in the overlay")
	}
}
