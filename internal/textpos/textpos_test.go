package textpos

import (
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestMap(t *testing.T) {
	src := []byte("a é🙂b\nx\xffy\n")
	m := New(src)
	for _, tc := range []struct{ offset, line, col int }{
		{0, 0, 0},
		{2, 0, 2},  // é
		{4, 0, 3},  // 🙂, after é's one unit
		{5, 0, 3},  // inside 🙂: its start
		{8, 0, 5},  // b, after 🙂's two units
		{10, 1, 0}, // x
		{12, 1, 2}, // y, after the invalid byte's one unit
		{99, 2, 0}, // past the end: the end
	} {
		line, col := m.Position(tc.offset)
		if line != tc.line || col != tc.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", tc.offset, line, col, tc.line, tc.col)
		}
		if tc.offset == 5 || tc.offset == 99 {
			continue // not where a position maps back to
		}
		if off, err := m.Offset(line, col); err != nil || off != tc.offset {
			t.Errorf("Offset(%d:%d) = %d, %v; want %d", line, col, off, err, tc.offset)
		}
	}
	for _, bad := range [][2]int{{0, 4}, {0, 99}, {5, 0}, {-1, 0}} {
		if _, err := m.Offset(bad[0], bad[1]); err == nil {
			t.Errorf("Offset(%d:%d) accepted", bad[0], bad[1])
		}
	}
	if n := Len([]byte("é🙂\xff")); n != 4 {
		t.Errorf("Len = %d, want 4", n)
	}
}
