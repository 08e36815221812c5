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
	out := bytes.Clone(src)
	var (
		parens, braces int    // open ( and [, open { outside bodies
		lineStart      = true // no token yet on this line or since ";"
		inSig          bool   // after a declaration's func, before its body
		typeLit        bool   // the last token was struct or interface
	)
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\n':
			if inSig && parens == 0 && braces == 0 {
				inSig = false // a declaration without a body
			}
			lineStart = true
			i++
			continue
		case c == ' ' || c == '\t' || c == '\r':
			i++
			continue
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			j := skipComment(src, i)
			if j < 0 {
				return src
			}
			if bytes.IndexByte(src[i:j], '\n') >= 0 {
				if inSig && parens == 0 && braces == 0 {
					inSig = false
				}
				lineStart = true
			}
			i = j
			continue
		case c == '"' || c == '\'' || c == '`':
			j := skipLiteral(src, i)
			if j < 0 {
				return src
			}
			i = j
			lineStart, typeLit = false, false
			continue
		case identByte(c):
			j := i + 1
			for j < len(src) && identByte(src[j]) {
				j++
			}
			word := string(src[i:j])
			if word == "func" && lineStart && parens == 0 && braces == 0 {
				inSig = true
			}
			typeLit = word == "struct" || word == "interface"
			lineStart = false
			i = j
			continue
		case c == '(' || c == '[':
			parens++
		case c == ')' || c == ']':
			parens--
		case c == '{':
			if inSig && parens == 0 && braces == 0 && !typeLit {
				end := skipBlock(src, i)
				if end < 0 {
					return src
				}
				for k := i + 1; k < end-1; k++ {
					if out[k] != '\n' {
						out[k] = ' '
					}
				}
				inSig, lineStart, typeLit = false, false, false
				i = end
				continue
			}
			braces++
		case c == '}':
			braces--
		case c == ';':
			if parens == 0 && braces == 0 {
				inSig = false
				lineStart = true
				typeLit = false
				i++
				continue
			}
		}
		if parens < 0 || braces < 0 {
			return src
		}
		lineStart, typeLit = false, false
		i++
	}
	return out
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

// skipBlock returns the offset after the "}" that closes the "{" at
// src[i], or -1 if there is none.
func skipBlock(src []byte, i int) int {
	depth := 0
	for i < len(src) {
		switch c := src[i]; {
		case c == '/' && i+1 < len(src) && (src[i+1] == '/' || src[i+1] == '*'):
			if i = skipComment(src, i); i < 0 {
				return -1
			}
			continue
		case c == '"' || c == '\'' || c == '`':
			if i = skipLiteral(src, i); i < 0 {
				return -1
			}
			continue
		case c == '{':
			depth++
		case c == '}':
			if depth--; depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return -1
}
