package lsp

import "github.com/leakfix/leakfix/internal/textpos"

// A mapper converts between byte offsets in a document and LSP positions
// (see textpos).
type mapper struct{ m *textpos.Map }

func newMapper(src []byte) *mapper { return &mapper{textpos.New(src)} }

// position returns the position of a byte offset (see textpos.Map.Position).
func (m *mapper) position(offset int) Position {
	line, col := m.m.Position(offset)
	return Position{Line: line, Character: col}
}

// offset returns the byte offset of a position (see textpos.Map.Offset).
func (m *mapper) offset(p Position) (int, error) { return m.m.Offset(p.Line, p.Character) }

// rangeOf returns the range of the bytes [start, end).
func (m *mapper) rangeOf(start, end int) Range {
	return Range{Start: m.position(start), End: m.position(end)}
}
