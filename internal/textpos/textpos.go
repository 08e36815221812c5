// Package textpos converts between byte offsets in a file, which go/token
// and leakfix's edits use, and line and column positions whose columns
// count UTF-16 code units, which LSP and SARIF use: a character outside
// the Basic Multilingual Plane (an emoji) is 4 bytes of UTF-8 and 2 units
// of UTF-16, "é" is 2 bytes and 1 unit. Bytes that are not UTF-8 count
// one unit each, as readers decode them to U+FFFD.
package textpos

import (
	"fmt"
	"sort"
	"unicode/utf16"
	"unicode/utf8"
)

// A Map converts positions of one file.
type Map struct {
	src   []byte
	lines []int // offset of the start of each line
}

// New returns the Map of src.
func New(src []byte) *Map {
	lines := []int{0}
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	return &Map{src: src, lines: lines}
}

// Position returns the zero-based line and UTF-16 column of a byte
// offset. An offset inside a UTF-8 sequence counts as the start of that
// rune; offsets past the end clamp to the end.
func (m *Map) Position(offset int) (line, col int) {
	offset = min(max(offset, 0), len(m.src))
	line = sort.SearchInts(m.lines, offset+1) - 1
	for off := m.lines[line]; off < offset; {
		r, size := utf8.DecodeRune(m.src[off:])
		if off+size > offset {
			break // offset is inside this rune
		}
		col += utf16.RuneLen(r)
		off += size
	}
	return line, col
}

// Offset returns the byte offset of a zero-based line and UTF-16 column.
// A column past the end of its line is an error, as is a line past the
// end of the file, or a column between the two halves of a surrogate
// pair.
func (m *Map) Offset(line, col int) (int, error) {
	if line < 0 || col < 0 || line >= len(m.lines) {
		return 0, fmt.Errorf("position %d:%d is outside the document (%d lines)", line, col, len(m.lines))
	}
	start := m.lines[line]
	end := len(m.src)
	if line+1 < len(m.lines) {
		end = m.lines[line+1] - 1 // the newline
	}
	off, char := start, 0
	for char < col {
		if off >= end {
			return 0, fmt.Errorf("position %d:%d is past the end of the line", line, col)
		}
		r, size := utf8.DecodeRune(m.src[off:end])
		char += utf16.RuneLen(r)
		off += size
	}
	if char != col {
		return 0, fmt.Errorf("position %d:%d is inside a surrogate pair", line, col)
	}
	return off, nil
}

// Len is the length of b in UTF-16 code units.
func Len(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		n += utf16.RuneLen(r)
		b = b[size:]
	}
	return n
}
