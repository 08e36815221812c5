package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/trace"
)

// sample is the checked-in module whose program made trace's sample
// dump, built in /build/src/github.com/acme/shop.
var sample = filepath.Join("trace", "testdata", "sample")

// sampleCopy copies the sample module into a new directory.
func sampleCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(sample)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestTrace(t *testing.T) {
	abs, _ := filepath.Abs(sample)
	dumpBytes, err := os.ReadFile(filepath.Join(sample, "dump.txt"))
	if err != nil {
		t.Fatal(err)
	}
	dump := string(dumpBytes)
	// goleak's report of the subscriber, made from the dump.
	i := strings.Index(dump, "goroutine 22 [chan receive, 1 minutes]:\n")
	goleakReport := "found unexpected goroutines:\n[Goroutine 22 in state chan receive, 1 minutes, with main.subscribe.func1 on top of the stack:\n" +
		dump[i+len("goroutine 22 [chan receive, 1 minutes]:\n"):] + "]\n"
	tests := []struct {
		name     string
		args     []string
		stdin    string // a file written for the command to read as stdin
		code     int
		out      []string // in stdout
		stderr   string   // stderr's start
		outEmpty bool
	}{
		{name: "a dump from another build directory", args: []string{"trace", "-strategy", "buffer", "dump.txt"}, code: exitFindings, out: []string{
			"# 2 goroutines blocked in chan send for 1 minute\n" +
				"#   started at search/search.go:8 by github.com/acme/shop/search.First\n" +
				"#   blocked at search/search.go:9 in github.com/acme/shop/search.First.func1\n" +
				"#   explained by search/search.go:6:9: out: len(backends)-1 of len(backends) senders started at line 8 can block forever on the send at line 9: First returns after the first receive at line 12\n" +
				"#   matched by the go statement\n" +
				"#   fix: Fix goroutine leak: buffer out to len(backends)\n",
			"--- a/search/search.go\n+++ b/search/search.go\n",
			"-\tout := make(chan string)\n+\tout := make(chan string, len(backends))\n",
			"# 1 goroutine blocked in chan receive for 1 minute: observed, not explained\n" +
				"#   started at main.go:32 by main.subscribe\n" +
				"#   blocked at main.go:33 in main.subscribe.func1\n" +
				"#   stack:\n#     main.subscribe.func1\n#         main.go:33\n#     created by main.subscribe\n#         main.go:32\n",
		}},
		{name: "stdin", args: []string{"trace"}, stdin: dump, code: exitFindings, out: []string{"#   explained by search/search.go:6:9: "}},
		{name: "stdin as -", args: []string{"trace", "-"}, stdin: dump, code: exitFindings, out: []string{"#   explained by search/search.go:6:9: "}},
		{name: "goleak's report of a leak nothing explains", args: []string{"trace"}, stdin: goleakReport, code: exitFindings,
			out: []string{"# 1 goroutine leaked in chan receive for 1 minute: observed, not explained\n"}},
		{name: "an empty leak profile", args: []string{"trace"}, stdin: "goroutineleak profile: total 0\n", code: exitClean,
			out: []string{"# no blocked goroutines\n"}},
		{name: "not a dump", args: []string{"trace", "go.mod"}, code: exitError, outEmpty: true,
			stderr: "leakfix: go.mod: no goroutines found"},
		{name: "a frame without its file", args: []string{"trace"}, stdin: "goroutine 7 [chan send]:\nmain.f()\n\nmain.go:3\n", code: exitError, outEmpty: true,
			stderr: "leakfix: stdin:2: main.f: no file:line on the next line\n"},
		{name: "no such file", args: []string{"trace", "nothing.txt"}, code: exitError, outEmpty: true, stderr: "leakfix: open nothing.txt: "},
		{name: "two dumps", args: []string{"trace", "dump.txt", "dump.txt"}, code: exitError, outEmpty: true, stderr: "leakfix: leakfix trace reads one dump"},
		{name: "-w and -json", args: []string{"trace", "-w", "-json", "dump.txt"}, code: exitError, outEmpty: true, stderr: "leakfix: -w and -json exclude each other"},
		{name: "unknown strategy", args: []string{"trace", "-strategy", "pray", "dump.txt"}, code: exitError, outEmpty: true, stderr: `leakfix: unknown strategy "pray": want one of auto, buffer, done, errgroup`},
		{name: "unknown flag", args: []string{"trace", "-x", "dump.txt"}, code: exitError, outEmpty: true, stderr: "leakfix: flag provided but not defined: -x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.stdin != "" {
				in := filepath.Join(t.TempDir(), "stdin")
				if err := os.WriteFile(in, []byte(tt.stdin), 0o644); err != nil {
					t.Fatal(err)
				}
				f, err := os.Open(in)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				old := os.Stdin
				os.Stdin = f
				defer func() { os.Stdin = old }()
			}
			code, out, errs := runLeakfix(t, abs, tt.args...)
			if code != tt.code || !strings.HasPrefix(errs, tt.stderr) || tt.stderr == "" && errs != "" {
				t.Errorf("exit %d, stderr %q; want exit %d, stderr %q", code, errs, tt.code, tt.stderr)
			}
			if tt.outEmpty && out != "" {
				t.Errorf("stdout %q, want none", out)
			}
			for _, want := range tt.out {
				if !strings.Contains(out, want) {
					t.Errorf("stdout lacks\n%s\nin\n%s", want, out)
				}
			}
		})
	}
}

func TestTraceOutsideModule(t *testing.T) {
	dump, _ := filepath.Abs(filepath.Join(sample, "dump.txt"))
	code, _, errs := runLeakfix(t, t.TempDir(), "trace", dump)
	if code != exitError || !strings.HasPrefix(errs, "leakfix: no go.mod in ") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

func TestTraceJSON(t *testing.T) {
	abs, _ := filepath.Abs(sample)
	code, out, errs := runLeakfix(t, abs, "trace", "-json", "dump.txt")
	if code != exitFindings || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	var groups []trace.Group
	if err := json.Unmarshal([]byte(out), &groups); err != nil {
		t.Fatal(err)
	}
	if len(groups) != 2 {
		t.Fatalf("%d groups, want 2:\n%s", len(groups), out)
	}
	g := groups[0]
	search := filepath.Join(abs, "search", "search.go")
	if g.Status != trace.Explained || g.Count != 2 || g.MaxWait != 1 || g.State != "chan send" ||
		g.CreatedBy.File != "/build/src/github.com/acme/shop/search/search.go" || g.CreatedBy.Local != search ||
		g.Finding == nil || g.Finding.File != search || g.Finding.Line != 6 || len(g.Finding.Fixes) == 0 {
		t.Errorf("first group:\n%s", out)
	}
	if g := groups[1]; g.Status != trace.Unexplained || g.Finding != nil || g.CreatedBy.Local != filepath.Join(abs, "main.go") {
		t.Errorf("second group:\n%s", out)
	}
	for _, key := range []string{`"status": "explained"`, `"match": "go statement"`, `"max_wait_minutes": 1`, `"goroutines": [`, `"local": "`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
}

// TestTraceWrite checks that -w writes what the printed diff says, and
// that the dump's group is no longer explained once the leak is fixed.
func TestTraceWrite(t *testing.T) {
	printed, written := sampleCopy(t), sampleCopy(t)
	_, patch, _ := runLeakfix(t, printed, "trace", "-strategy", "buffer", "dump.txt")
	apply := exec.Command("git", "apply", "-")
	apply.Dir = printed
	apply.Stdin = strings.NewReader(patch)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\npatch:\n%s", err, out, patch)
	}

	code, out, errs := runLeakfix(t, written, "trace", "-strategy", "buffer", "-w", "dump.txt")
	if code != exitClean || errs != "" {
		t.Fatalf("exit %d, stderr %q, stdout:\n%s", code, errs, out)
	}
	if want := "#   fixed: Fix goroutine leak: buffer out to len(backends), written to search/search.go\n"; !strings.Contains(out, want) {
		t.Errorf("stdout lacks %q:\n%s", want, out)
	}
	if strings.Contains(out, "--- a/") {
		t.Errorf("-w printed a diff:\n%s", out)
	}
	x, _ := os.ReadFile(filepath.Join(printed, "search", "search.go"))
	y, _ := os.ReadFile(filepath.Join(written, "search", "search.go"))
	if string(x) != string(y) || !strings.Contains(string(y), "out := make(chan string, len(backends))") {
		t.Errorf("git apply gives\n%s\n-w gives\n%s", x, y)
	}

	code, out, _ = runLeakfix(t, written, "trace", "dump.txt")
	if want := "# 2 goroutines blocked in chan send for 1 minute: observed, not explained\n"; code != exitClean || !strings.Contains(out, want) {
		t.Errorf("after -w: exit %d, stdout lacks %q:\n%s", code, want, out)
	}
}
