// Package testmodule writes Go modules for tests to run leakfix on.
package testmodule

import (
	"os"
	"path/filepath"
	"testing"
)

// Write writes files, by slash-separated path, into a new temporary
// directory and returns it. The caller includes go.mod among files.
func Write(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
