package driver

import (
	"go/parser"
	"go/token"
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
