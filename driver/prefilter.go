package driver

import (
	"go/parser"
	"go/token"

	"github.com/leakfix/leakfix/detect"
)

// mayLeak reports whether the Go source src can hold a leak: a declaration
// that both makes something that may be a channel and starts a goroutine,
// with a go statement or time.AfterFunc.
// It is the pre-pass that spares type-checking packages that cannot hold
// one, so it must never say no to a file with a finding; it may say yes to
// many without. A file that does not parse may leak, so that the real load
// reports its syntax error exactly as it would without the pre-pass.
//
// The detector reports a channel made by make in a function F and a go
// statement in F's own body (see detect.Func), so the make call and the go
// statement sit in the same top-level declaration of the same file.
func mayLeak(name string, src []byte) bool {
	// Both are tokens: "go" is a keyword, "make" an identifier that must
	// be called, since builtins are not values.
	if gos, makes := words(src); !gos || !makes {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.SkipObjectResolution)
	if err != nil {
		return true
	}
	for _, d := range f.Decls {
		if detect.MayLeak(d) {
			return true
		}
	}
	return false
}

// words reports whether src holds "go" (or "AfterFunc") and "make" as
// words of code: outside comments, strings and rune literals. Its lexer
// is far cheaper than go/scanner, and errs on the side of yes: a comment
// or literal left open ends the search with both found, so that the
// parser judges the file; a non-ASCII letter ends a word, so "ägo" holds
// "go".
func words(src []byte) (gos, makes bool) {
	l := lexer{src: src}
	for !(gos && makes) {
		kind, start, end := l.next()
		switch {
		case kind == tokEOF:
			return gos || l.open, makes || l.open
		case kind != tokWord:
		case string(src[start:end]) == "go" || string(src[start:end]) == "AfterFunc":
			gos = true
		case string(src[start:end]) == "make":
			makes = true
		}
	}
	return gos, makes
}

func identByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
