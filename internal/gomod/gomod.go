// Package gomod finds the go.mod or go.work file that governs a
// directory, as the go command does: in the directory or the nearest of
// its parents that has one.
package gomod

import (
	"os"
	"path/filepath"
)

// Find returns the directory, dir or its nearest parent, that holds a
// file called name ("go.mod", "go.work"), and whether there is one.
func Find(dir, name string) (string, bool) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", false
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
