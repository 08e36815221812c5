package driver

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/leakfix/leakfix/internal/gomod"
	"golang.org/x/mod/modfile"
)

// workspacePatterns expands each pattern dir/... that names a directory
// above the modules of a go.work workspace into one pattern per module
// below it: the go command does not match across workspace modules, but a
// user who runs leakfix ./... in the workspace root means all of them.
func workspacePatterns(dir string, patterns []string) []string {
	work := goWork(dir)
	if work == "" {
		return patterns
	}
	data, err := os.ReadFile(work)
	if err != nil {
		return patterns
	}
	wf, err := modfile.ParseWork(work, data, nil)
	if err != nil {
		return patterns
	}
	var out []string
	for _, p := range patterns {
		prefix, ok := strings.CutSuffix(p, "/...")
		if !ok || !(strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || p == "./...") {
			out = append(out, p)
			continue
		}
		root := filepath.Join(dir, prefix)
		if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
			out = append(out, p) // a module: the go command handles it
			continue
		}
		expanded := false
		for _, u := range wf.Use {
			mod := filepath.Join(filepath.Dir(work), u.Path)
			if rel, err := filepath.Rel(root, mod); err == nil && !strings.HasPrefix(rel, "..") {
				out = append(out, mod+"/...")
				expanded = true
			}
		}
		if !expanded {
			out = append(out, p)
		}
	}
	return out
}

// goWork returns the go.work file that governs dir, as the go command
// finds it: $GOWORK, or the nearest go.work above dir.
func goWork(dir string) string {
	switch env := os.Getenv("GOWORK"); env {
	case "off":
		return ""
	case "":
	default:
		return env
	}
	if d, ok := gomod.Find(dir, "go.work"); ok {
		return filepath.Join(d, "go.work")
	}
	return ""
}
