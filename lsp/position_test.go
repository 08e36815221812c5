package lsp

import (
	"strings"
	"testing"
)

// The conversion between byte offsets and UTF-16 positions. "é" is 2
// bytes and 1 unit, "結" 3 bytes and 1 unit, "🙂" 4 bytes and 2 units.
func TestPosition(t *testing.T) {
	const doc = "a := 1\n\t/* é */ x := 結(🙂)\n\nlast🙂"
	for _, tc := range []struct {
		before string // doc up to the offset
		want   Position
	}{
		{"", Position{0, 0}},
		{"a := 1", Position{0, 6}},
		{"a := 1\n", Position{1, 0}},
		{"a := 1\n\t/* ", Position{1, 4}},
		{"a := 1\n\t/* é", Position{1, 5}},
		{"a := 1\n\t/* é */ x := ", Position{1, 14}},
		{"a := 1\n\t/* é */ x := 結", Position{1, 15}},
		{"a := 1\n\t/* é */ x := 結(", Position{1, 16}},
		{"a := 1\n\t/* é */ x := 結(🙂", Position{1, 18}},
		{"a := 1\n\t/* é */ x := 結(🙂)", Position{1, 19}},
		{"a := 1\n\t/* é */ x := 結(🙂)\n", Position{2, 0}},
		{"a := 1\n\t/* é */ x := 結(🙂)\n\nlast", Position{3, 4}},
		{doc, Position{3, 6}},
	} {
		if !strings.HasPrefix(doc, tc.before) {
			t.Fatalf("%q is not a prefix of the document", tc.before)
		}
		m := newMapper([]byte(doc))
		off := len(tc.before)
		if got := m.position(off); got != tc.want {
			t.Errorf("position(%d) after %q = %v, want %v", off, tc.before, got, tc.want)
		}
		back, err := m.offset(tc.want)
		if err != nil || back != off {
			t.Errorf("offset(%v) = %d, %v; want %d", tc.want, back, err, off)
		}
	}
}

// Offsets that are not at a rune boundary, or outside the document.
func TestPositionClamps(t *testing.T) {
	m := newMapper([]byte("x🙂y\nz"))
	for _, tc := range []struct {
		offset int
		want   Position
	}{
		{-3, Position{0, 0}},
		{2, Position{0, 1}}, // inside 🙂: its start
		{4, Position{0, 1}},
		{5, Position{0, 3}},
		{99, Position{1, 1}},
	} {
		if got := m.position(tc.offset); got != tc.want {
			t.Errorf("position(%d) = %v, want %v", tc.offset, got, tc.want)
		}
	}
}

// Positions that name no byte of the document are errors.
func TestOffsetErrors(t *testing.T) {
	m := newMapper([]byte("x🙂y\nz"))
	for _, p := range []Position{
		{0, 2},  // between the halves of 🙂
		{0, 5},  // past the end of line 0 ("x🙂y" is 4 units)
		{1, 2},  // past the end of the last line
		{2, 0},  // past the last line
		{-1, 0}, // negative
	} {
		if off, err := m.offset(p); err == nil {
			t.Errorf("offset(%v) = %d, want an error", p, off)
		}
	}
}

// A client that sends ranges, although the server asks for full text.
func TestApplyChange(t *testing.T) {
	const doc = "a🙂b\ncé d\n"
	for _, tc := range []struct {
		change TextDocumentContentChangeEvent
		want   string
	}{
		{TextDocumentContentChangeEvent{Text: "all new"}, "all new"},
		{TextDocumentContentChangeEvent{Range: &Range{Position{0, 3}, Position{0, 4}}, Text: "B"}, "a🙂B\ncé d\n"},
		{TextDocumentContentChangeEvent{Range: &Range{Position{1, 2}, Position{1, 2}}, Text: "!"}, "a🙂b\ncé! d\n"},
		{TextDocumentContentChangeEvent{Range: &Range{Position{0, 1}, Position{1, 1}}, Text: ""}, "aé d\n"},
	} {
		got, err := applyChange([]byte(doc), tc.change)
		if err != nil || string(got) != tc.want {
			t.Errorf("applyChange(%+v) = %q, %v; want %q", tc.change, got, err, tc.want)
		}
	}
	if _, err := applyChange([]byte(doc), TextDocumentContentChangeEvent{Range: &Range{Position{0, 2}, Position{0, 3}}}); err == nil {
		t.Errorf("a range inside a surrogate pair was applied")
	}
}
