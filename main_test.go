package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/internal/testmodule"
	"github.com/leakfix/leakfix/sarif"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	// The runs' cache of findings, not the user's.
	cache, err := os.MkdirTemp("", "leakfix-cache")
	if err != nil {
		panic(err)
	}
	os.Setenv("LEAKFIX_CACHE", cache)
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if binDir != "" {
			os.RemoveAll(binDir) // buildLeakfix's
		}
		os.RemoveAll(cache)
		os.Exit(code)
	}))
}

// TestResultCache checks that a second run over a module that compiled
// reads its findings from LEAKFIX_CACHE and prints what the first did,
// and that LEAKFIX_CACHE=off keeps nothing.
func TestResultCache(t *testing.T) {
	dir := module(t, map[string]string{"a/a.go": caseFile(t, "first_range")})
	build := exec.Command("go", "build", "./...")
	build.Dir = dir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	entries := func(cache string) int {
		n := 0
		filepath.WalkDir(cache, func(path string, d os.DirEntry, err error) error {
			if err == nil && strings.HasSuffix(path, "-r") {
				n++
			}
			return nil
		})
		return n
	}
	for _, cache := range []string{t.TempDir(), "off"} {
		t.Setenv("LEAKFIX_CACHE", cache)
		code1, out1, _ := runLeakfix(t, dir, "-d", "./...")
		kept := entries(cache)
		code2, out2, _ := runLeakfix(t, dir, "-d", "./...")
		if code1 != 1 || code2 != code1 || out2 != out1 || !strings.Contains(out1, "+++") {
			t.Errorf("LEAKFIX_CACHE=%s: exit %d then %d, outputs equal %v:\n%s", cache, code1, code2, out1 == out2, out1)
		}
		if want := cache != "off"; (kept > 0) != want {
			t.Errorf("LEAKFIX_CACHE=%s: %d entries kept", cache, kept)
		}
	}
}

// runLeakfix runs the command in dir and returns its exit code and output.
func runLeakfix(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	code := run(append([]string{"leakfix"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// module writes a module with the given files into a new directory,
// with a go.mod of its own unless files has one.
func module(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, ok := files["go.mod"]; !ok {
		files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	}
	return testmodule.Write(t, files)
}

// caseFile reads the input of a golden case.
func caseFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("golden", "testdata", "cases", name, "case.go"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// nofix leaks, but its producer returns a value, so no fix applies.
const nofix = `package nofix

func F(xs []int) int {
	c := make(chan int)
	go func() int {
		for _, x := range xs {
			c <- x
		}
		return 0
	}()
	for v := range c {
		if v > 0 {
			return v
		}
	}
	return 0
}
`

func leakyModule(t *testing.T) string {
	return module(t, map[string]string{
		"first_range/a.go":    caseFile(t, "first_range"),
		"first_comments/a.go": caseFile(t, "first_comments"),
		"nogofmt/a.go":        caseFile(t, "nogofmt"),
		"timeout_after/a.go":  caseFile(t, "timeout_after"),
		"producer/a.go":       caseFile(t, "producer"),
		"clean/a.go":          caseFile(t, "ok_drain_all"),
		"nofix/a.go":          nofix,
	})
}

func TestExample(t *testing.T) {
	wd, _ := os.Getwd()
	code, out, errs := runLeakfix(t, wd, "./testdata/examples/find")
	if code != exitFindings || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{
		"# testdata/examples/find/find.go:8:9: out: len(backends)-1 of len(backends) senders",
		"#   fix: Fix goroutine leak: cancel senders with a done channel",
		"+	done := make(chan struct{})",
		"+	defer close(done)",
		"+			case out <- search(b, query):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestDiffMatchesWrite checks that the dry-run diff applies with git apply
// and gives the same files as -w, and that a second run finds nothing
// but the leak it cannot fix.
func TestDiffMatchesWrite(t *testing.T) {
	a, b := leakyModule(t), leakyModule(t)
	code, patch, errs := runLeakfix(t, a, "-d", "./...")
	if code != exitFindings || errs != "" {
		t.Fatalf("-d: exit %d, stderr %q", code, errs)
	}
	if err := os.WriteFile(filepath.Join(t.TempDir(), "p"), []byte(patch), 0o644); err != nil {
		t.Fatal(err)
	}
	apply := exec.Command("git", "apply", "-")
	apply.Dir = a
	apply.Stdin = strings.NewReader(patch)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\npatch:\n%s", err, out, patch)
	}
	code, _, errs = runLeakfix(t, b, "-w", "./...")
	if code != exitFindings { // nofix has no automatic fix
		t.Errorf("-w: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(errs, "nofix/a.go:4:7: c: the producer") || !strings.Contains(errs, "(no fix: ") {
		t.Errorf("-w does not name the unfixed leak: %q", errs)
	}
	for _, name := range []string{"first_range/a.go", "first_comments/a.go", "nogofmt/a.go", "timeout_after/a.go", "producer/a.go", "clean/a.go", "nofix/a.go"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if !bytes.Equal(x, y) {
			t.Errorf("%s: git apply and -w differ:\n%s\n---\n%s", name, x, y)
		}
	}
	code, out, _ := runLeakfix(t, b, "-l", "./...")
	if code != exitFindings || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "nofix/a.go:4:7:") {
		t.Errorf("second run: exit %d, output %q; want only nofix", code, out)
	}
	if got, _ := os.ReadFile(filepath.Join(b, "nofix/a.go")); string(got) != nofix {
		t.Errorf("nofix/a.go was changed")
	}
	// -w reached its fixed point: a second -w changes nothing and reports
	// the same finding with the same exit code.
	before := snapshot(t, b)
	code, _, errs2 := runLeakfix(t, b, "-w", "./...")
	if code != exitFindings || !strings.HasPrefix(errs2, "nofix/a.go:4:7: c: the producer") || strings.Count(errs2, "\n") != 1 {
		t.Errorf("second -w: exit %d, stderr %q", code, errs2)
	}
	if after := snapshot(t, b); !equalMaps(before, after) {
		t.Errorf("a second -w changed files")
	}
}

func TestList(t *testing.T) {
	dir := leakyModule(t)
	code, out, _ := runLeakfix(t, dir, "-l", "./first_range", "./clean")
	want := "first_range/a.go:5:9: out: len(words)-1 of len(words) senders started at line 7 can block forever on the send at line 8: First returns after the first receive at line 11\n"
	if code != exitFindings || out != want {
		t.Errorf("exit %d, output %q; want %q", code, out, want)
	}
	code, out, _ = runLeakfix(t, dir, "-l", "./clean")
	if code != exitClean || out != "" {
		t.Errorf("clean package: exit %d, output %q", code, out)
	}
}

func TestJSON(t *testing.T) {
	dir := leakyModule(t)
	code, out, _ := runLeakfix(t, dir, "-json", "./first_range")
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var findings []struct {
		File    string
		Line    int
		Message string
		Related []struct{ Line int }
		Fixes   []struct {
			Message string
			Edits   []struct {
				Start, End int
				New        string
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &findings); err != nil {
		t.Fatal(err)
	}
	if len(findings) != 1 || findings[0].Line != 5 {
		t.Fatalf("got %+v", findings)
	}
	f := findings[0]
	if len(f.Fixes) != 2 || f.Fixes[1].Message != "Fix goroutine leak: buffer out to len(words)" || f.Fixes[1].Edits[0].New != ", len(words)" {
		t.Errorf("fix: %+v", f.Fixes[0])
	}
	if len(f.Related) != 3 || f.Related[0].Line != 7 || f.Related[1].Line != 8 || f.Related[2].Line != 11 {
		t.Errorf("related: %+v", f.Related)
	}
}

// TestBadInput checks that each mistake gets a one-line error with its
// place and exit code 2, that a broken package is never written, and that
// the other packages are still fixed.
func TestBadInput(t *testing.T) {
	leak := caseFile(t, "first_range")
	tests := []struct {
		name   string
		broken string // content of a/a.go, if any
		args   []string
		err    string
		fixesB bool // b/b.go, a leak in a sound package, is fixed
	}{
		{"syntax error", "package a\n\nfunc f( {\n", []string{"-w", "./..."}, "a/a.go:3:", true},
		{"type error", "package a\n\nfunc f() int { return \"s\" }\n", []string{"-w", "./..."}, "a/a.go:3:23: cannot use \"s\"", true},
		{"unknown flag", "", []string{"-frobnicate", "-w"}, "flag provided but not defined: -frobnicate", false},
		{"unknown strategy", "", []string{"-strategy", "magic", "-w"}, `unknown strategy "magic": want one of auto, buffer, done, errgroup`, false},
		{"errgroup without x/sync", "", []string{"-strategy", "errgroup", "-w"}, "run go get golang.org/x/sync first", false},
		{"two modes", "", []string{"-l", "-w"}, "exclude each other", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := map[string]string{"b/b.go": leak}
			if tt.broken != "" {
				files["a/a.go"] = tt.broken
			}
			dir := module(t, files)
			code, _, errs := runLeakfix(t, dir, tt.args...)
			if code != exitError || !strings.Contains(errs, tt.err) || strings.Count(errs, tt.err) != 1 {
				t.Errorf("exit %d, stderr %q; want exit %d and one %q", code, errs, exitError, tt.err)
			}
			if got, _ := os.ReadFile(filepath.Join(dir, "a/a.go")); string(got) != tt.broken {
				t.Errorf("a/a.go was written")
			}
			got, _ := os.ReadFile(filepath.Join(dir, "b/b.go"))
			if fixed := string(got) != leak; fixed != tt.fixesB {
				t.Errorf("b/b.go fixed: %v, want %v", fixed, tt.fixesB)
			}
		})
	}
}

// TestSelf checks that leakfix finds nothing in its own source.
func TestSelf(t *testing.T) {
	wd, _ := os.Getwd()
	code, out, errs := runLeakfix(t, wd, "-l", "./...")
	if code != exitClean || out != "" || errs != "" {
		t.Errorf("exit %d, output %q, stderr %q", code, out, errs)
	}
}

// TestDiffOutsideDir checks the diff of a package outside the current
// directory: its files are named with ../, never as a//abs/path, and the
// patch applies with git apply --unsafe-paths to give what -w writes.
func TestDiffOutsideDir(t *testing.T) {
	leak := caseFile(t, "first_range")
	a := module(t, map[string]string{"p/a.go": leak, "q/q.go": "package q\n"})
	b := module(t, map[string]string{"p/a.go": leak, "q/q.go": "package q\n"})
	code, patch, errs := runLeakfix(t, filepath.Join(a, "q"), "-d", "../p")
	if code != exitFindings || errs != "" {
		t.Fatalf("-d: exit %d, stderr %q", code, errs)
	}
	if !strings.Contains(patch, "\n--- a/../p/a.go\n+++ b/../p/a.go\n") || !strings.Contains(patch, "git apply --unsafe-paths") {
		t.Errorf("patch does not name ../p/a.go or say how to apply it:\n%s", patch)
	}
	apply := exec.Command("git", "apply", "--unsafe-paths", "-")
	apply.Dir = filepath.Join(a, "q")
	apply.Stdin = strings.NewReader(patch)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\npatch:\n%s", err, out, patch)
	}
	if code, _, errs := runLeakfix(t, filepath.Join(b, "q"), "-w", "../p"); code != exitClean {
		t.Fatalf("-w: exit %d, stderr %q", code, errs)
	}
	x, _ := os.ReadFile(filepath.Join(a, "p/a.go"))
	y, _ := os.ReadFile(filepath.Join(b, "p/a.go"))
	if string(x) == leak || !bytes.Equal(x, y) {
		t.Errorf("git apply gave\n%s\n-w wrote\n%s", x, y)
	}
}

// TestMachineOutputErrors checks that -json and -sarif report a package
// that does not type-check where a program finds it, with exit code 2,
// while the findings of the sound packages stay where they were: -json's
// stdout is still the array of findings, the error a JSON object on a
// line of stderr; -sarif's invocation is unsuccessful, with a
// notification at the error.
func TestMachineOutputErrors(t *testing.T) {
	dir := module(t, map[string]string{
		"a/a.go": "package a\n\nfunc f() int { return \"s\" }\n",
		"b/b.go": caseFile(t, "first_range"),
	})
	code, out, errs := runLeakfix(t, dir, "-json", "./...")
	if code != exitError {
		t.Errorf("-json: exit %d, want %d", code, exitError)
	}
	var findings []map[string]any
	if err := json.Unmarshal([]byte(out), &findings); err != nil || len(findings) != 1 || findings[0]["file"] != filepath.Join(dir, "b", "b.go") {
		t.Errorf("-json stdout: %v, want the array of b's finding:\n%s", err, out)
	}
	var e jsonError
	if lines := strings.Split(strings.TrimSpace(errs), "\n"); len(lines) != 1 {
		t.Errorf("-json stderr: %q, want one line", errs)
	} else if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
		t.Errorf("-json stderr: %v: %q", err, errs)
	}
	if want := (jsonError{Package: "example.com/m/a", File: filepath.Join(dir, "a", "a.go"), Line: 3, Col: 23, Message: e.Message, More: e.More}); e != want || !strings.Contains(e.Message, `cannot use "s"`) {
		t.Errorf("-json error %+v, want %+v with the type error", e, want)
	}

	code, out, errs = runLeakfix(t, dir, "-sarif", "./...")
	if code != exitError || !strings.Contains(errs, "a/a.go:3:23: cannot use") {
		t.Errorf("-sarif: exit %d, stderr %q; want %d and the error", code, errs, exitError)
	}
	var log sarif.Log
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 1 || len(run.Invocations) != 1 || run.Invocations[0].ExecutionSuccessful {
		t.Fatalf("-sarif: %d results, invocations %+v; want b's result and an unsuccessful invocation", len(run.Results), run.Invocations)
	}
	notes := run.Invocations[0].ToolExecutionNotifications
	if len(notes) != 1 || notes[0].Level != "error" || notes[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "a/a.go" ||
		notes[0].Locations[0].PhysicalLocation.Region.StartLine != 3 {
		t.Errorf("-sarif notifications %+v, want the error at a/a.go:3", notes)
	}
}
