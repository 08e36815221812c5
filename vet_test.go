package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/leakfix/leakfix/internal/testenv"
)

// TestGoCommand runs the real go vet and go fix with the leakfix binary as
// their tool, over a module holding every golden case.
func TestGoCommand(t *testing.T) {
	bin := buildLeakfix(t)
	cases, err := filepath.Glob(filepath.Join("golden", "testdata", "cases", "*"))
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	cases = sampleCases(t, cases)

	t.Run("vet", func(t *testing.T) { testVetReportsGoldens(t, bin, cases) })
	for _, s := range goldenStrategies(t, cases) {
		t.Run("fix/"+s, func(t *testing.T) { testFixWritesGoldens(t, bin, cases, s) })
	}
}

// testVetReportsGoldens checks that go vet, over the cases, exits 1 with
// the diagnostics of diagnostics.golden, each followed by its related
// places, and stays silent on a clean package.
func testVetReportsGoldens(t *testing.T, bin string, cases []string) {
	dir := casesModule(t, cases)
	code, _, stderr := goCmd(t, dir, "vet", "-vettool="+bin, "./...")
	if code != 1 {
		t.Fatalf("go vet: exit %d, want 1 (findings)\n%s", code, stderr)
	}
	got, related := vetDiagnostics(stderr)
	want := goldenDiagnostics(t, cases)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("go vet diagnostics differ from the golden ones:\ngot:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if related < 3*len(want) { // at least a sender, a send and an exit each
		t.Errorf("go vet printed %d related places for %d diagnostics:\n%s", related, len(want), stderr)
	}
	if code, stdout, stderr := goCmd(t, dir, "vet", "-vettool="+bin, "./ok_drain_all"); code != 0 || stdout+stderr != "" {
		t.Errorf("go vet on a clean package: exit %d, output %q", code, stdout+stderr)
	}
}

// vetDiagnostics returns the diagnostic lines of go vet's stderr and the
// number of related places: diagnostics are unindented; their related
// places follow indented.
func vetDiagnostics(stderr string) (diags []string, related int) {
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		switch {
		case strings.HasPrefix(line, "# "): // the go command's package header
		case strings.Contains(line, ": \t"):
			related++
		default:
			diags = append(diags, line)
		}
	}
	return diags, related
}

// goldenDiagnostics returns the lines of every case's diagnostics.golden,
// each prefixed with the case's package directory.
func goldenDiagnostics(t *testing.T, cases []string) []string {
	t.Helper()
	var want []string
	for _, c := range cases {
		b, err := os.ReadFile(filepath.Join(c, "diagnostics.golden"))
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
			want = append(want, filepath.Base(c)+"/"+line)
		}
	}
	return want
}

// testFixWritesGoldens checks, for strategy s, that go fix -diff changes
// no file and prints a diff git apply accepts; that go fix writes what
// that diff gives, which is each case's golden output (a case without
// findings unchanged); and that nothing is left to fix afterwards.
func testFixWritesGoldens(t *testing.T, bin string, cases []string, s string) {
	dir := casesModule(t, cases)
	flag := "-leakfix.strategy=" + s
	code, patch, stderr := goCmd(t, dir, "fix", "-fixtool="+bin, flag, "-diff", "./...")
	if code != 1 || stderr != "" {
		t.Fatalf("go fix -diff: exit %d, want 1 (non-empty diff); stderr:\n%s", code, stderr)
	}
	for _, c := range cases {
		if b, _ := os.ReadFile(filepath.Join(dir, filepath.Base(c), "case.go")); !bytes.Equal(b, readFile(t, filepath.Join(c, "case.go"))) {
			t.Errorf("go fix -diff changed %s", filepath.Base(c))
		}
	}
	patched := casesModule(t, cases)
	applyPatch(t, dir, patch, patched)

	if code, stdout, stderr := goCmd(t, dir, "fix", "-fixtool="+bin, flag, "./..."); code != 0 || stdout+stderr != "" {
		t.Fatalf("go fix: exit %d, output %q", code, stdout+stderr)
	}
	for _, c := range cases {
		name := filepath.Base(c)
		got := readFile(t, filepath.Join(dir, name, "case.go"))
		if !bytes.Equal(got, readFile(t, filepath.Join(patched, name, "case.go"))) {
			t.Errorf("%s: go fix and the diff of go fix -diff disagree", name)
		}
		checkFixedIsGolden(t, c, s, got)
	}
	if code, stdout, stderr := goCmd(t, dir, "fix", "-fixtool="+bin, flag, "-diff", "./..."); code != 0 || stdout+stderr != "" {
		t.Errorf("go fix -diff after go fix: exit %d, output %q; want nothing left to fix", code, stdout+stderr)
	}
}

// checkFixedIsGolden checks that got, case c's case.go after go fix with
// strategy s, is the case's golden output of s, or, for a case without
// findings, its input unchanged.
func checkFixedIsGolden(t *testing.T, c, s string, got []byte) {
	t.Helper()
	name := filepath.Base(c)
	golden, err := os.ReadFile(filepath.Join(c, "case.go."+s+".golden"))
	switch {
	case err == nil:
		// go fix gofmts every file it fixes, so a golden that
		// keeps an input's odd layout (nogofmt) is compared formatted.
		if want, err := format.Source(golden); err != nil {
			t.Errorf("%s: golden does not parse: %v", name, err)
		} else if !bytes.Equal(got, want) {
			t.Errorf("%s: go fix wrote\n%s\nwant\n%s", name, got, want)
		}
	case !exists(filepath.Join(c, "diagnostics.golden")):
		if !bytes.Equal(got, readFile(t, filepath.Join(c, "case.go"))) {
			t.Errorf("%s: go fix changed a case without findings:\n%s", name, got)
		}
	}
}

// sampleCases returns every golden case when the tests run in full, and
// otherwise one in four, plus the first case with a golden output of each
// strategy not yet sampled, so that every fix/<strategy> subtest runs,
// and ok_drain_all, the clean package go vet must stay silent on.
func sampleCases(t *testing.T, cases []string) []string {
	strategies := map[string]bool{}
	sample := testenv.Sample(cases, func(i int, c string) bool {
		keep := i%4 == 0 || filepath.Base(c) == "ok_drain_all"
		for _, s := range strategiesOf(c) {
			if !strategies[s] {
				strategies[s], keep = true, true
			}
		}
		return keep
	})
	t.Logf("%d of %d golden cases (CI or LEAKFIX_FULL=1 runs all)", len(sample), len(cases))
	return sample
}

// buildLeakfix returns the leakfix command, built once per test process
// into a directory TestMain removes.
func buildLeakfix(t *testing.T) string {
	t.Helper()
	bin, err := leakfixBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

var (
	binDir        string
	leakfixBinary = sync.OnceValues(func() (string, error) {
		var err error
		if binDir, err = os.MkdirTemp("", "leakfix-test"); err != nil {
			return "", err
		}
		bin := filepath.Join(binDir, "leakfix")
		if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
			return "", fmt.Errorf("go build: %v\n%s", err, out)
		}
		return bin, nil
	})
)

// casesModule writes a module with each golden case's input as a package
// named after its directory.
func casesModule(t *testing.T, cases []string) string {
	t.Helper()
	// The module requires golang.org/x/sync, as the golden outputs of the
	// errgroup fix assume, with the checksums leakfix's own module has.
	files := map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.26.0\n\nrequire golang.org/x/sync v0.25.0\n",
		"go.sum": string(readFile(t, "go.sum")),
	}
	for _, c := range cases {
		gos, _ := filepath.Glob(filepath.Join(c, "*.go")) // case.go and any file beside it
		for _, g := range gos {
			files[filepath.Base(c)+"/"+filepath.Base(g)] = string(readFile(t, g))
		}
	}
	return module(t, files)
}

// goldenStrategies lists the strategies that have a golden output in some case.
func goldenStrategies(t *testing.T, cases []string) []string {
	t.Helper()
	var out []string
	for _, c := range cases {
		for _, s := range strategiesOf(c) {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	if len(out) == 0 {
		t.Fatal("no golden outputs")
	}
	slices.Sort(out)
	return out
}

// strategiesOf returns the strategies of the golden outputs of case c.
func strategiesOf(c string) []string {
	var out []string
	goldens, _ := filepath.Glob(filepath.Join(c, "case.go.*.golden"))
	for _, g := range goldens {
		out = append(out, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(g), "case.go."), ".golden"))
	}
	return out
}

// goCmd runs the go command in dir, offline and outside any workspace.
func goCmd(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOPROXY=off", "GOFLAGS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("go %s: %v", strings.Join(args, " "), err)
	}
	return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
}

// diffHeader matches the file headers of go fix -diff: absolute paths
// followed by " (old)" or " (new)".
var diffHeader = regexp.MustCompile(`(?m)^(---|\+\+\+) (\S+) \((old|new)\)$`)

// applyPatch applies to the copy fresh the diff that go fix -diff printed
// for dir, with git apply: the diff must be one that tools accept.
func applyPatch(t *testing.T, dir, patch, fresh string) {
	t.Helper()
	if !diffHeader.MatchString(patch) {
		t.Fatalf("go fix -diff printed no file headers:\n%s", patch)
	}
	patch = diffHeader.ReplaceAllStringFunc(patch, func(h string) string {
		m := diffHeader.FindStringSubmatch(h)
		rel, err := filepath.Rel(dir, m[2])
		if err != nil {
			t.Fatal(err)
		}
		side := map[string]string{"old": "a/", "new": "b/"}[m[3]]
		return m[1] + " " + side + filepath.ToSlash(rel)
	})
	apply := exec.Command("git", "apply", "-")
	apply.Dir = fresh
	apply.Stdin = strings.NewReader(patch)
	if out, err := apply.CombinedOutput(); err != nil {
		t.Fatalf("git apply: %v\n%s\npatch:\n%s", err, out, patch)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func TestIsVetHandshake(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-V=full"}, true},
		{[]string{"-flags"}, true},
		{[]string{"-leakfix.strategy=buffer", "-fix", "-diff", "/tmp/go-build1/b001/vet.cfg"}, true},
		{[]string{"./..."}, false},
		{[]string{"-l", "./..."}, false},
		{[]string{"-V"}, false},
		{nil, false},
	} {
		if got := isVetHandshake(tc.args); got != tc.want {
			t.Errorf("isVetHandshake(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}
