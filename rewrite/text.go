package rewrite

import (
	"bytes"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// The buffer and done fixes are narrow text edits around the original
// bytes, as modernize's are: an insertion before a send, one after it, a
// size added to a make call. Nothing of the input is reprinted, so its
// comments, literals and layout stay exactly as they were.

// offset is the byte offset of pos in the source.
func (s *Source) offset(pos token.Pos) int { return s.Fset.File(pos).Offset(pos) }

// insert is an edit that inserts text at pos.
func insert(pos token.Pos, text string) analysis.TextEdit {
	return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(text)}
}

// indentOf returns the white space that starts the line holding pos.
func (s *Source) indentOf(pos token.Pos) string { return indentAt(s.Src, s.offset(pos)) }

// indentAt returns the white space that starts the line holding offset.
func indentAt(src []byte, offset int) string {
	start := bytes.LastIndexByte(src[:offset], '\n') + 1
	end := start
	for end < len(src) && (src[end] == ' ' || src[end] == '\t') {
		end++
	}
	return string(src[start:end])
}

// lineStart returns the position of the first byte of pos's line.
func (s *Source) lineStart(pos token.Pos) token.Pos {
	off := s.offset(pos)
	return pos - token.Pos(off-(bytes.LastIndexByte(s.Src[:off], '\n')+1))
}

// startsLine reports whether only white space comes before pos on its line.
func (s *Source) startsLine(pos token.Pos) bool {
	return len(bytes.TrimLeft(s.Src[s.offset(s.lineStart(pos)):s.offset(pos)], " \t")) == 0
}

// endsLine reports whether only comments and white space follow pos on
// its line.
func (s *Source) endsLine(pos token.Pos) bool {
	end := s.offset(s.lineEnd(pos))
	return end == len(s.Src) || s.Src[end] == '\n' || s.Src[end] == '\r'
}

// lineEnd returns pos moved past the comments that follow it on its line.
func (s *Source) lineEnd(pos token.Pos) token.Pos {
	tf := s.Fset.File(pos)
	off := tf.Offset(pos)
	src := s.Src
	for {
		i := off
		for i < len(src) && (src[i] == ' ' || src[i] == '\t') {
			i++
		}
		switch {
		case bytes.HasPrefix(src[i:], []byte("//")):
			j := len(src)
			if nl := bytes.IndexByte(src[i:], '\n'); nl >= 0 {
				j = i + nl
			}
			if src[j-1] == '\r' {
				j--
			}
			return tf.Pos(j)
		case bytes.HasPrefix(src[i:], []byte("/*")):
			end := bytes.Index(src[i+2:], []byte("*/"))
			if end < 0 || bytes.IndexByte(src[i:i+2+end], '\n') >= 0 {
				return tf.Pos(off)
			}
			off = i + 2 + end + 2
			continue
		}
		return tf.Pos(off)
	}
}

// indentUnit returns the white space one level of nesting adds around
// pos: the difference between the indentation of pos's line and that of
// the line opening the block around it, or a tab.
func (s *Source) indentUnit(pos token.Pos, block *ast.BlockStmt) string {
	inner, outer := s.indentOf(pos), s.indentOf(block.Lbrace)
	if unit, ok := strings.CutPrefix(inner, outer); ok && unit != "" {
		return unit
	}
	return "\t"
}

// newline is the line ending of the source: "\r\n" in a CRLF file.
func (s *Source) newline() string {
	if bytes.Contains(s.Src, []byte("\r\n")) {
		return "\r\n"
	}
	return "\n"
}

// text returns the source bytes of n.
func (s *Source) text(n ast.Node) string {
	return string(s.Src[s.offset(n.Pos()):s.offset(n.End())])
}

// hasComment reports whether a comment of the file lies in [from, to).
func (s *Source) hasComment(from, to token.Pos) bool {
	for _, cg := range s.File.Comments {
		if cg.Pos() < to && from < cg.End() {
			for _, c := range cg.List {
				if c.Pos() < to && from < c.End() {
					return true
				}
			}
		}
	}
	return false
}
