package rewrite

import (
	"go/parser"
	"go/token"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestStrategyOf(t *testing.T) {
	for msg, want := range map[string]Strategy{
		"Fix goroutine leak: buffer out to len(xs)":                 StrategyBuffer,
		"Fix goroutine leak: cancel senders with a done channel":    StrategyDone,
		"Fix goroutine leak: cancel senders with ctx.Done()":        StrategyDone,
		"Fix goroutine leak: use errgroup (g.Wait waits for every)": StrategyErrgroup,
		"something else": "",
	} {
		if got := StrategyOf(msg); got != want {
			t.Errorf("StrategyOf(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestLineEnd checks that an edit's end moves past the comments on its
// line, and stops before a CR of a CRLF line ending.
func TestLineEnd(t *testing.T) {
	tests := []struct{ src, want string }{
		{"package p\n\nvar x = 1 // c\n", "var x = 1 // c"},
		{"package p\n\nvar x = 1 // c\r\n", "var x = 1 // c"},
		{"package p\n\nvar x = 1 /* a */ /* b */\n", "var x = 1 /* a */ /* b */"},
		{"package p\n\nvar x = 1 /* a\n*/\n", "var x = 1"},
		{"package p\n\nvar x = 1\n", "var x = 1"},
	}
	for _, tt := range tests {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", tt.src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		s := &Source{Fset: fset, File: f, Src: []byte(tt.src)}
		decl := f.Decls[0]
		end := s.lineEnd(decl.End())
		got := tt.src[fset.Position(decl.Pos()).Offset:fset.Position(end).Offset]
		if got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.src, got, tt.want)
		}
	}
}
