package gomod

import (
	"os"
	"path/filepath"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "m", "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(root, "go.work"), filepath.Join(root, "m", "go.mod")} {
		if err := os.WriteFile(f, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		dir, name, want string
		ok              bool
	}{
		{deep, "go.mod", filepath.Join(root, "m"), true},
		{filepath.Join(root, "m"), "go.mod", filepath.Join(root, "m"), true},
		{deep, "go.work", root, true},
		{root, "go.mod", "", false},
	} {
		if got, ok := Find(tc.dir, tc.name); got != tc.want || ok != tc.ok {
			t.Errorf("Find(%s, %s) = %q, %v; want %q, %v", tc.dir, tc.name, got, ok, tc.want, tc.ok)
		}
	}
}
