package goplsproxy

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// EnvGopls names the environment variable that holds the path of the real
// gopls; when it is unset, the first gopls on PATH that is not this
// program is used.
const EnvGopls = "LEAKFIX_GOPLS"

// InstallHint says how to install the gopls version leakfix is tested
// with.
const InstallHint = "go install golang.org/x/tools/gopls@v0.23.0"

// ErrNotFound is returned by Find when there is no real gopls to run.
var ErrNotFound = errors.New("gopls not found: install it with `" + InstallHint + "`, or set " + EnvGopls + " to its path")

// Find returns the path of the real gopls: $LEAKFIX_GOPLS, else the first
// executable named gopls in PATH that is not the running program. The
// running program is skipped because "leakfix gopls" is meant to be
// installed as gopls (a symbolic link or a wrapper script), and running
// itself would recurse forever.
func Find() (string, error) {
	if p := os.Getenv(EnvGopls); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvGopls, p, err)
		}
		return path, nil
	}
	self := resolved(os.Executable())
	for _, dir := range filepath.SplitList(os.Getenv("PATH")) {
		if dir == "" {
			dir = "." // POSIX: an empty entry is the current directory
		}
		path, err := exec.LookPath(filepath.Join(dir, "gopls"))
		if err != nil {
			continue // absent or not executable here
		}
		if self != "" && resolved(filepath.Abs(path)) == self {
			continue // leakfix itself, installed as gopls
		}
		return path, nil
	}
	return "", ErrNotFound
}

// resolved returns path with every symbolic link resolved, or "" when it
// cannot be.
func resolved(path string, err error) string {
	if err != nil {
		return ""
	}
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return ""
	}
	return real
}
