package driver

import "bytes"

// blankBodies returns a copy of src, Go source, with the contents of the
// bodies of its function declarations turned to spaces, newlines kept, so
// that every other token keeps its offset. Parsing the copy builds no
// statement the type checker would have to skip: the file's declarations
// cost what they cost and its bodies next to nothing.
//
// It is a lexer of comments, literals and brackets, not a parser. A
// declaration starts with "func" at the start of a line (or after a
// semicolon) outside any bracket; its body is the first "{" after it
// outside parentheses, square brackets and the braces of struct and
// interface types. A function literal that starts a line outside any
// bracket, as after "var f =", is taken for a declaration; that only
// empties its body, which does not change its type. On anything it does
// not follow, such as a comment or literal left open, it returns src
// unchanged: the parser judges.
func blankBodies(src []byte) []byte {
	b := blanker{lexer: lexer{src: src}, out: bytes.Clone(src), lineStart: true}
	if !b.run() {
		return src
	}
	return b.out
}

// A blanker is the state of blankBodies.
type blanker struct {
	lexer
	out            []byte
	parens, braces int  // open ( and [, open { outside bodies
	lineStart      bool // no token yet on this line or since ";"
	inSig          bool // after a declaration's func, before its body
	typeLit        bool // the last token was struct or interface
}

// run blanks every body; false if the source is not one it follows.
func (b *blanker) run() bool {
	for {
		kind, start, end := b.next()
		if b.newline {
			b.endLine()
		}
		switch kind {
		case tokEOF:
			return !b.open
		case tokLiteral:
			b.lineStart, b.typeLit = false, false
		case tokWord:
			b.word(string(b.src[start:end]))
		case tokByte:
			if !b.punct(start) {
				return false
			}
		}
	}
}

// endLine ends a line: a declaration whose signature ends there has no
// body.
func (b *blanker) endLine() {
	if b.inSig && b.parens == 0 && b.braces == 0 {
		b.inSig = false
	}
	b.lineStart = true
}

// word steps over an identifier or keyword: "func" at the start of a
// line, outside any bracket, starts a declaration.
func (b *blanker) word(w string) {
	if w == "func" && b.lineStart && b.parens == 0 && b.braces == 0 {
		b.inSig = true
	}
	b.typeLit = w == "struct" || w == "interface"
	b.lineStart = false
}

// punct steps over the byte at src[i], blanking the body it opens if it
// is a declaration's "{"; false if the brackets do not match.
func (b *blanker) punct(i int) bool {
	switch b.src[i] {
	case '(', '[':
		b.parens++
	case ')', ']':
		b.parens--
	case '{':
		if b.inSig && b.parens == 0 && b.braces == 0 && !b.typeLit {
			return b.blankBody(i)
		}
		b.braces++
	case '}':
		b.braces--
	case ';':
		if b.parens == 0 && b.braces == 0 {
			b.inSig, b.lineStart, b.typeLit = false, true, false
			return true
		}
	}
	b.lineStart, b.typeLit = false, false
	return b.parens >= 0 && b.braces >= 0
}

// blankBody turns to spaces what the body opened by the "{" at src[i]
// holds, newlines kept, and steps over it; false if it is left open.
func (b *blanker) blankBody(i int) bool {
	end := b.skipBlock()
	if end < 0 {
		return false
	}
	for k := i + 1; k < end-1; k++ {
		if b.out[k] != '\n' {
			b.out[k] = ' '
		}
	}
	b.inSig, b.lineStart, b.typeLit = false, false, false
	return true
}

// A lexer steps through Go source as far as blankBodies and words need:
// comments and whitespace it skips, string and rune literals it returns
// whole, identifiers and keywords as words, and every other byte as a
// token of its own. It stops at a comment or literal left open.
type lexer struct {
	src     []byte
	pos     int  // offset of the next byte to read
	newline bool // the last token followed a newline, or a comment holding one
	open    bool // it stopped at a comment or literal left open
}

// The kinds of token a lexer returns.
const (
	tokEOF = iota
	tokWord
	tokLiteral
	tokByte
)

// next returns the next token's kind and its start and end offsets.
func (l *lexer) next() (kind, start, end int) {
	l.newline = false
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		switch {
		case c == '\n':
			l.newline = true
			l.pos++
		case c == ' ' || c == '\t' || c == '\r':
			l.pos++
		case c == '/' && l.pos+1 < len(l.src) && (l.src[l.pos+1] == '/' || l.src[l.pos+1] == '*'):
			j := skipComment(l.src, l.pos)
			if j < 0 {
				l.open = true
				return tokEOF, l.pos, l.pos
			}
			l.newline = l.newline || bytes.IndexByte(l.src[l.pos:j], '\n') >= 0
			l.pos = j
		case c == '"' || c == '\'' || c == '`':
			j := skipLiteral(l.src, l.pos)
			if j < 0 {
				l.open = true
				return tokEOF, l.pos, l.pos
			}
			start, l.pos = l.pos, j
			return tokLiteral, start, j
		case identByte(c):
			start = l.pos
			for l.pos++; l.pos < len(l.src) && identByte(l.src[l.pos]); l.pos++ {
			}
			return tokWord, start, l.pos
		default:
			l.pos++
			return tokByte, l.pos - 1, l.pos
		}
	}
	return tokEOF, l.pos, l.pos
}

// skipBlock steps over the tokens up to the "}" that closes the "{" just
// read, and returns the offset after it, or -1 if there is none.
func (l *lexer) skipBlock() int {
	for depth := 1; ; {
		kind, start, end := l.next()
		switch {
		case kind == tokEOF:
			return -1
		case kind != tokByte:
		case l.src[start] == '{':
			depth++
		case l.src[start] == '}':
			if depth--; depth == 0 {
				l.newline = false
				return end
			}
		}
	}
}

// skipComment returns the offset after the comment at src[i], or -1 if it
// is left open.
func skipComment(src []byte, i int) int {
	if src[i+1] == '/' {
		if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
			return i + j
		}
		return len(src)
	}
	if j := bytes.Index(src[i+2:], []byte("*/")); j >= 0 {
		return i + 2 + j + 2
	}
	return -1
}

// skipLiteral returns the offset after the string or rune literal at
// src[i], or -1 if it is left open.
func skipLiteral(src []byte, i int) int {
	q := src[i]
	if q == '`' {
		if j := bytes.IndexByte(src[i+1:], '`'); j >= 0 {
			return i + 1 + j + 1
		}
		return -1
	}
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case q:
			return j + 1
		case '\n':
			return -1
		case '\\':
			j++
		}
	}
	return -1
}
