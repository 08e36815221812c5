package lsp

import (
	"bytes"
	"go/parser"
	"go/token"
	"os"
	"strings"
)

// unsaved sorts the open documents whose text differs from their file
// into the two ways the driver takes unsaved text. buffers (parsed from
// the text, listed by the go command from disk) is fast and right when
// the text keeps the file's package clause, imports and build
// constraints; overlay (seen by the go command too) handles the rest: a
// new file, a new import, a cgo file. A document equal to its file is in
// neither, as after a save.
func unsaved(docs map[string][]byte) (buffers, overlay map[string][]byte) {
	buffers, overlay = map[string][]byte{}, map[string][]byte{}
	for path, text := range docs {
		disk, err := os.ReadFile(path)
		switch {
		case err == nil && bytes.Equal(disk, text):
		case err == nil && sameHeader(disk, text):
			buffers[path] = text
		default:
			overlay[path] = text
		}
	}
	return buffers, overlay
}

// sameHeader reports whether two versions of a file agree on all the go
// command reads of it: the package name, the imports and the build
// constraints. A header that does not parse counts as different.
func sameHeader(a, b []byte) bool {
	ha, ok := header(a)
	if !ok {
		return false
	}
	hb, ok := header(b)
	return ok && ha == hb
}

// header returns what the go command reads of a Go file, or false when it
// does not parse or uses cgo (whose generated files the go command lists
// in its place).
func header(src []byte) (string, bool) {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	b.WriteString(f.Name.Name)
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") || strings.HasPrefix(c.Text, "// +build") {
				b.WriteString("\n" + c.Text)
			}
		}
	}
	for _, imp := range f.Imports {
		if imp.Path.Value == `"C"` {
			return "", false
		}
		b.WriteString("\n" + imp.Path.Value)
	}
	return b.String(), true
}
