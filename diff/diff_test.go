package diff

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestUnifiedApplies checks each diff against git apply, the tool users
// feed it to: applying the diff must give exactly Apply's result.
func TestUnifiedApplies(t *testing.T) {
	long := ""
	for i := range 30 {
		long += "line " + string(rune('a'+i%26)) + "\n"
	}
	tests := []struct {
		name  string
		src   string
		edits []Edit
		want  string
	}{
		{"replace in line", "a\nb\nc\n", []Edit{{2, 3, "B"}}, "a\nB\nc\n"},
		{"insert lines", "a\nb\nc\n", []Edit{{3, 3, "\nx\ny"}}, "a\nb\nx\ny\nc\n"},
		{"delete line", "a\nb\nc\n", []Edit{{2, 4, ""}}, "a\nc\n"},
		{"no newline at end", "a\nb", []Edit{{2, 3, "B"}}, "a\nB"},
		{"insert at end", "a\n", []Edit{{2, 2, "b\n"}}, "a\nb\n"},
		{"crlf", "a\r\nb\r\nc\r\n", []Edit{{3, 4, "B"}}, "a\r\nB\r\nc\r\n"},
		{"two hunks", long, []Edit{{0, 1, "L"}, {len(long) - 2, len(long) - 1, "Z"}}, "L" + long[1:len(long)-2] + "Z\n"},
		{"one hunk, two blocks", long, []Edit{{0, 1, "L"}, {35, 36, "M"}}, "L" + long[1:35] + "M" + long[36:]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Apply([]byte(tt.src), tt.edits)
			if string(got) != tt.want {
				t.Fatalf("Apply = %q, want %q", got, tt.want)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "f.go"), []byte(tt.src), 0o644); err != nil {
				t.Fatal(err)
			}
			patch := Unified("f.go", []byte(tt.src), tt.edits)
			if err := os.WriteFile(filepath.Join(dir, "p.diff"), []byte(patch), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("git", "apply", "p.diff")
			cmd.Dir = dir
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("git apply: %v\n%s\n%s", err, out, patch)
			}
			applied, _ := os.ReadFile(filepath.Join(dir, "f.go"))
			if string(applied) != tt.want {
				t.Errorf("git apply gave %q, want %q; diff:\n%s", applied, tt.want, patch)
			}
		})
	}
}

func TestUnifiedEmpty(t *testing.T) {
	if got := Unified("f.go", []byte("a\n"), nil); got != "" {
		t.Errorf("no edits gave %q", got)
	}
}
