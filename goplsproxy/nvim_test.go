package goplsproxy

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/rewrite"
)

// TestNeovim runs Neovim (0.7.2, Debian's) with leakfix gopls as its only
// Go language server, as VS Code runs it: gopls's UnusedVar error and
// leakfix's leak must both be shown, leakfix's preferred quick fix
// applied and written must give the golden output, after which only
// gopls's error is left, and the server must exit 0 after shutdown.
func TestNeovim(t *testing.T) {
	needGopls(t)
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("nvim not found (CI is set: this test must run); install it with apt-get install -y neovim")
		}
		t.Skipf("nvim not found; install it with apt-get install -y neovim to run this test")
	}
	bin := filepath.Join(t.TempDir(), "leakfix")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	script, err := filepath.Abs("testdata/nvim/fix.lua")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(goldenCase, "case.go"))
	if err != nil {
		t.Fatal(err)
	}
	mod := writeModule(t, map[string]string{"p/case.go": string(src) + unusedVar})
	file := filepath.Join(mod, "p", "case.go")
	logFile := filepath.Join(t.TempDir(), "log")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
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

	wantDiag, err := os.ReadFile(filepath.Join(goldenCase, "diagnostics.golden"))
	if err != nil {
		t.Fatal(err)
	}
	pos, msg, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(string(wantDiag)), "case.go:"), ": ")
	unusedLine := strings.Count(string(src), "\n") + 3
	want := []string{
		"diagnostic " + pos + " leakfix " + msg,
		"diagnostic " + itoa(unusedLine) + ":2 UnusedVar declared and not used: x",
	}
	var title string
	if len(lines) > 2 {
		title, _ = strings.CutPrefix(lines[2], "action ")
	}
	want = append(want, "action "+title, "leak cleared, UnusedVar kept true", "exit 0")
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("nvim log:\n%s\nwant:\n%s\nnvim output:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"), out)
	}
	strategy := rewrite.StrategyOf(title)
	golden, err := os.ReadFile(filepath.Join(goldenCase, "case.go."+string(strategy)+".golden"))
	if err != nil {
		t.Fatalf("preferred action %q: %v", title, err)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(golden)+unusedVar {
		t.Errorf("%s after the fix:\n%s\nwant case.go.%s.golden and the unused function:\n%s", file, got, strategy, string(golden)+unusedVar)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
