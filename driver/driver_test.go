package driver

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/diff"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestPlanSkipsOverlappingFixes(t *testing.T) {
	src := []byte("0123456789")
	res := &Result{
		Sources: map[string][]byte{"f": src},
		Findings: []Finding{
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 1, End: 3, New: "ab"}}}}},
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 2, End: 4, New: "XX"}}}}}, // overlaps the first
			{File: "f", Fixes: []Fix{{File: "f", Edits: []diff.Edit{{Start: 5, End: 5, New: "+"}}}}},
			{File: "f"}, // no fix
		},
	}
	plan := Plan(res)
	if len(plan) != 1 {
		t.Fatalf("plan has %d files", len(plan))
	}
	if got := string(plan[0].New); got != "0ab34+56789" {
		t.Errorf("New = %q", got)
	}
	if len(plan[0].Fixed) != 2 {
		t.Errorf("%d findings fixed, want 2", len(plan[0].Fixed))
	}
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.go")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := Write(FileFix{File: path, Old: []byte("old"), New: []byte("new")}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "new" || info.Mode().Perm() != 0o640 {
		t.Errorf("content %q, mode %v", got, info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}

	// A file that changed since it was analysed is not written.
	err := Write(FileFix{File: path, Old: []byte("old"), New: []byte("newer")})
	if err == nil || !strings.Contains(err.Error(), "changed on disk") {
		t.Errorf("changed file: err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("changed file was written: %q", got)
	}

	// A symbolic link is not followed.
	link := filepath.Join(dir, "link.go")
	if err := os.Symlink(path, link); err != nil {
		t.Fatal(err)
	}
	if err := Write(FileFix{File: link, Old: []byte("new"), New: []byte("x")}); err == nil {
		t.Errorf("wrote through a symlink")
	}
}
