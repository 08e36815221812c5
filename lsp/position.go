package lsp

import (
	"fmt"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// A mapper converts between byte offsets in a document, which is what go/token
// and leakfix's edits use, and LSP positions, whose characters are UTF-16
// code units: a character outside the Basic Multilingual Plane (an emoji)
// is 4 bytes of UTF-8 and 2 units of UTF-16, "é" is 2 bytes and 1 unit.
type mapper struct {
	src   []byte
	lines []int // offset of the start of each line
}

func newMapper(src []byte) *mapper {
	lines := []int{0}
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &mapper{src: src, lines: lines}
}

// position returns the position of a byte offset. An offset inside a
// UTF-8 sequence counts as the start of that rune; offsets past the end
// clamp to the end. Bytes that are not UTF-8 count one unit each, as
// clients decode them to U+FFFD.
func (m *mapper) position(offset int) Position {
	offset = min(max(offset, 0), len(m.src))
	line := m.lineOf(offset)
	char := 0
	for off := m.lines[line]; off < offset; {
		r, size := utf8.DecodeRune(m.src[off:])
		if off+size > offset {
			break // offset is inside this rune
		}
		char += utf16.RuneLen(r)
		off += size
	}
	return Position{Line: line, Character: char}
}

// lineOf returns the zero-based line holding offset.
func (m *mapper) lineOf(offset int) int {
	return sort.SearchInts(m.lines, offset+1) - 1
}

// offset returns the byte offset of a position. A character past the end
// of its line is an error, as is a line past the end of the document, or
// a character that falls between the two halves of a surrogate pair.
func (m *mapper) offset(p Position) (int, error) {
	if p.Line < 0 || p.Character < 0 || p.Line >= len(m.lines) {
		return 0, fmt.Errorf("position %d:%d is outside the document (%d lines)", p.Line, p.Character, len(m.lines))
	}
	start := m.lines[p.Line]
	end := len(m.src)
	if p.Line+1 < len(m.lines) {
		end = m.lines[p.Line+1] - 1 // the newline
	}
	off, char := start, 0
	for char < p.Character {
		if off >= end {
			return 0, fmt.Errorf("position %d:%d is past the end of the line", p.Line, p.Character)
		}
		r, size := utf8.DecodeRune(m.src[off:end])
		char += utf16.RuneLen(r)
		off += size
	}
	if char != p.Character {
		return 0, fmt.Errorf("position %d:%d is inside a surrogate pair", p.Line, p.Character)
	}
	return off, nil
}

// rangeOf returns the range of the bytes [start, end).
func (m *mapper) rangeOf(start, end int) Range {
	return Range{Start: m.position(start), End: m.position(end)}
}
