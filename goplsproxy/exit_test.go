package goplsproxy

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestChildDies checks that the proxy ends with gopls's exit code when
// gopls dies on its own, mid-session: with a code, or by a signal (128
// plus its number, as a shell reports it). The child is this test binary,
// made a gopls that dies (see fakeGopls).
func TestChildDies(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		exit string
		code int
	}{
		{"3", 3},
		{"0", 0},
		{"kill", 128 + 9},
	} {
		t.Run(tt.exit, func(t *testing.T) {
			if tt.exit == "kill" && runtime.GOOS == "windows" {
				t.Skip("no signals on Windows")
			}
			t.Setenv(envFakeExit, tt.exit)
			c := start(t, &Proxy{Gopls: self, Stderr: testLog{t}})
			c.request("initialize", initializeParams(t.TempDir()))
			if r := c.wait(); r.code != tt.code || r.err != nil {
				t.Errorf("Run: %d, %v; want %d, nil", r.code, r.err, tt.code)
			}
		})
	}
}

// TestClientGone checks that the session ends when the client closes
// the proxy's stdin without exit: gopls sees its stdin end and exits,
// and Run returns.
func TestClientGone(t *testing.T) {
	gopls := needGopls(t)
	c := start(t, &Proxy{Gopls: gopls, Stderr: testLog{t}})
	c.call("initialize", initializeParams(writeModule(t, map[string]string{"p/p.go": "package p\n"})))
	c.toSrv.Close()
	if r := c.wait(); r.err != nil {
		t.Errorf("Run: %d, %v", r.code, r.err)
	}
}

// TestFind checks where the real gopls is looked for: $LEAKFIX_GOPLS
// first, then PATH, skipping a gopls that is this program (leakfix
// installed as gopls by a symbolic link).
func TestFind(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	selfDir, realDir := t.TempDir(), t.TempDir()
	if err := os.Symlink(self, filepath.Join(selfDir, "gopls")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	real := filepath.Join(realDir, "gopls")
	if err := os.WriteFile(real, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, env, path string
		want            string // "" for ErrNotFound
	}{
		{"itself skipped", "", selfDir + string(filepath.ListSeparator) + realDir, real},
		{"first on PATH", "", realDir + string(filepath.ListSeparator) + selfDir, real},
		{"only itself", "", selfDir, ""},
		{"none", "", t.TempDir(), ""},
		{"LEAKFIX_GOPLS first", real, selfDir, real},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(EnvGopls, tt.env)
			t.Setenv("PATH", tt.path)
			got, err := Find()
			if tt.want == "" && err != ErrNotFound || tt.want != "" && (err != nil || got != tt.want) {
				t.Errorf("Find() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}

// The nested guard: a proxy started by a proxy refuses to run.
func TestNested(t *testing.T) {
	t.Setenv(EnvNested, "1")
	if _, err := (&Proxy{Gopls: "gopls"}).Run(nil, nil); err != ErrNested {
		t.Errorf("Run: %v, want ErrNested", err)
	}
	if _, err := Exec("gopls", nil, nil, nil, nil); err != ErrNested {
		t.Errorf("Exec: %v, want ErrNested", err)
	}
}
