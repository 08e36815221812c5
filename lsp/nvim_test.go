package lsp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/internal/testenv"
	"github.com/leakfix/leakfix/rewrite"
)

// TestNeovim fixes a leak the way a user does: Neovim (0.7.2, Debian's)
// runs the leakfix binary as a language server, shows its diagnostic,
// applies the preferred code action and writes the file. The file on disk
// must then equal the golden output of the action's strategy. The
// non-ASCII case checks that Neovim reads our UTF-16 positions as we
// mean them.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		testenv.Need(t, "nvim", "install Neovim 0.7.2 or later (apt-get install -y neovim)")
	}
	bin := filepath.Join(t.TempDir(), "leakfix")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script, err := filepath.Abs("testdata/nvim/fix.lua")
	if err != nil {
		t.Fatal(err)
	}
	cases := goldenCases(t)
	for _, name := range []string{"first_range", "unicode"} {
		t.Run(name, func(t *testing.T) {
			dir := cases[name]
			src, err := os.ReadFile(filepath.Join(dir, "case.go"))
			if err != nil {
				t.Fatal(err)
			}
			mod := writeModule(t, map[string]string{"p/case.go": string(src)})
			file := filepath.Join(mod, "p", "case.go")
			logFile := filepath.Join(t.TempDir(), "log")
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", "luafile "+script)
			cmd.Dir = mod
			cmd.Env = append(os.Environ(), "LEAKFIX_BIN="+bin, "LEAKFIX_FILE="+file, "LEAKFIX_ROOT="+mod, "LEAKFIX_LOG="+logFile, "HOME="+t.TempDir())
			out, err := cmd.CombinedOutput()
			logged, _ := os.ReadFile(logFile)
			if err != nil {
				t.Fatalf("nvim: %v\n%s\nlog:\n%s", err, out, logged)
			}
			lines := strings.Split(strings.TrimSpace(string(logged)), "\n")

			wantDiag, err := os.ReadFile(filepath.Join(dir, "diagnostics.golden"))
			if err != nil {
				t.Fatal(err)
			}
			pos, msg, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(string(wantDiag)), "case.go:"), ": ")
			want := []string{fmt.Sprintf("diagnostic %s leakfix %s", pos, msg)}
			var preferred string
			for _, l := range lines {
				if title, ok := strings.CutPrefix(l, "action "); ok && strings.HasSuffix(title, " (preferred)") {
					preferred = strings.TrimSuffix(title, " (preferred)")
				}
			}
			for _, l := range lines[1:] {
				if strings.HasPrefix(l, "action ") {
					want = append(want, l) // checked through the golden output below
				}
			}
			want = append(want, "cleared true", "exit 0")
			if !slicesEqual(lines, want) {
				t.Errorf("nvim log:\n%s\nwant:\n%s\nnvim output:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"), out)
			}
			strategy := rewrite.StrategyOf(preferred)
			golden, err := os.ReadFile(filepath.Join(dir, "case.go."+string(strategy)+".golden"))
			if err != nil {
				t.Fatalf("preferred action %q: %v", preferred, err)
			}
			got, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, golden) {
				t.Errorf("%s after the fix:\n%s\nwant (case.go.%s.golden):\n%s", file, got, strategy, golden)
			}
		})
	}
}

func slicesEqual(a, b []string) bool {
	return strings.Join(a, "\n") == strings.Join(b, "\n")
}
