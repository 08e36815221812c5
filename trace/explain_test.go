package trace

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/rewrite"
	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
)

// tmpRoot holds the leaky program, built once per test binary.
var tmpRoot string

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.Cleanup(func(code int) {
		if tmpRoot != "" {
			os.RemoveAll(tmpRoot)
		}
		os.Exit(code)
	}))
}

// leaks are the golden cases the leaky program runs, by kind, and how many
// goroutines each leaves blocked on its send.
var leaks = []struct {
	pkg   string
	count int
}{
	{"first_range", 2},      // first result
	{"first_two_sites", 2},  // first result, two go statements
	{"first_method", 2},     // first result, in a method
	{"timeout_after", 1},    // timeout
	{"early_error_loop", 2}, // early error return
	{"producer", 1},         // producer
}

// A leakyRun is what the leaky program wrote, and the checkout it was
// built from: a copy of its sources in another directory, so that the
// paths in its dumps are not the paths on disk.
type leakyRun struct {
	module   *Module
	dumps    string // directory of the dumps
	noLeakGC error  // why there is no goroutine leak profile, when there is none
}

var leaky = sync.OnceValues(runLeaky)

// runLeaky builds the program with the real go command, with the leak
// profile experiment when the toolchain has it, and runs it.
func runLeaky() (*leakyRun, error) {
	root, err := os.MkdirTemp("", "leakfix-trace-")
	if err != nil {
		return nil, err
	}
	tmpRoot = root
	build := filepath.Join(root, "build", "src", "example.com", "leaky")
	checkout := filepath.Join(root, "checkout")
	for _, dir := range []string{build, checkout} {
		if err := writeLeaky(dir); err != nil {
			return nil, err
		}
	}
	run := &leakyRun{dumps: filepath.Join(root, "dumps")}
	if err := os.Mkdir(run.dumps, 0o755); err != nil {
		return nil, err
	}
	bin := filepath.Join(root, "leaky")
	if out, err := goBuild(build, bin, "GOEXPERIMENT=goroutineleakprofile"); err != nil {
		run.noLeakGC = fmt.Errorf("GOEXPERIMENT=goroutineleakprofile go build: %v: %s", err, out)
		if out, err := goBuild(build, bin); err != nil {
			return nil, fmt.Errorf("go build: %v: %s", err, out)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, bin, run.dumps).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("leaky: %v: %s", err, out)
	}
	if _, err := os.Stat(filepath.Join(run.dumps, "leak1.txt")); err != nil && run.noLeakGC == nil {
		run.noLeakGC = errors.New(`built with GOEXPERIMENT=goroutineleakprofile, but pprof.Lookup("goroutineleak") is nil`)
	}
	run.module, err = FindModule(checkout)
	return run, err
}

// writeLeaky writes the leaky program's module into dir: its main.go and
// the golden cases it leaks in.
func writeLeaky(dir string) error {
	sum, err := os.ReadFile(filepath.Join("..", "go.sum"))
	if err != nil {
		return err
	}
	var goleakSum []string
	for _, l := range strings.Split(string(sum), "\n") {
		if strings.HasPrefix(l, "go.uber.org/goleak ") || strings.HasPrefix(l, "golang.org/x/sync ") {
			goleakSum = append(goleakSum, l)
		}
	}
	files := map[string]string{
		// x/sync is required so that the errgroup fix applies, as in the goldens.
		"go.mod":  "module example.com/leaky\n\ngo 1.26.0\n\nrequire (\n\tgo.uber.org/goleak v1.3.0\n\tgolang.org/x/sync v0.25.0\n)\n",
		"go.sum":  strings.Join(goleakSum, "\n") + "\n",
		"main.go": filepath.Join("testdata", "leaky", "main.go"),
	}
	for _, l := range leaks {
		files[filepath.Join(l.pkg, "case.go")] = caseFile(l.pkg, "case.go")
	}
	for name, content := range files {
		if strings.HasSuffix(name, ".go") {
			b, err := os.ReadFile(content)
			if err != nil {
				return err
			}
			content = string(b)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// caseFile names a file of a golden case.
func caseFile(pkg, name string) string {
	return filepath.Join("..", "golden", "testdata", "cases", pkg, name)
}

func goBuild(dir, out string, env ...string) ([]byte, error) {
	cmd := exec.Command("go", "build", "-o", out, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOWORK=off"}, env...)...)
	return cmd.CombinedOutput()
}

func leakyDumps(t *testing.T) *leakyRun {
	t.Helper()
	run, err := leaky()
	if err != nil {
		t.Fatal(err)
	}
	return run
}

// explain reads one of the leaky program's dumps and explains it.
func explain(t *testing.T, run *leakyRun, name string) *Report {
	return explainWith(t, run, name, analyzer.Analyzer)
}

// explainWith is explain with the analyzer a.
func explainWith(t *testing.T, run *leakyRun, name string, a *analysis.Analyzer) *Report {
	t.Helper()
	f, err := os.Open(filepath.Join(run.dumps, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gs, err := Parse(name, f)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Explain(run.module, gs, Options{Tests: true, Analyzer: a})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Result.Errors {
		t.Errorf("load: %v", e)
	}
	return rep
}

func TestDumps(t *testing.T) {
	run := leakyDumps(t)
	for _, file := range []string{
		"stack.txt",      // runtime.Stack(buf, true)
		"goroutine2.txt", // pprof goroutine, debug=2
		"goleak.txt",     // goleak.Find's error: it reports the live goroutines too
	} {
		t.Run(file, func(t *testing.T) {
			checkReport(t, run, explain(t, run, file), true, Unexplained)
		})
	}
}

func TestLeakProfile(t *testing.T) {
	run := leakyDumps(t)
	if run.noLeakGC != nil {
		t.Skipf("no goroutine leak profile with this toolchain: %v", run.noLeakGC)
	}
	for _, tt := range []struct {
		file  string
		stack bool   // the dump has go statements
		live  Status // the live goroutines' status; "" where the dump leaves them out
	}{
		{"leak1.txt", false, ""},  // pprof goroutineleak, debug=1: leaked stacks only
		{"leak2.txt", true, Live}, // pprof goroutineleak, debug=2: every goroutine
	} {
		t.Run(tt.file, func(t *testing.T) {
			rep := explain(t, run, tt.file)
			checkReport(t, run, rep, tt.stack, tt.live)
			for _, g := range rep.Groups {
				if g.Status == Explained && g.Leaked != g.Count {
					t.Errorf("the runtime reports %d of the %d goroutines blocked at %s:%d as leaked", g.Leaked, g.Count, g.BlockedAt.File, g.BlockedAt.Line)
				}
			}
		})
	}
}

// checkReport checks that every leak of the program is attributed to its
// golden finding and fix, that only those are, and that the goroutines
// that are not leaks are blamed on no fix. stack says whether the dump
// names go statements; live is the status the live goroutines must have.
func checkReport(t *testing.T, run *leakyRun, rep *Report, stack bool, live Status) {
	t.Helper()
	counts := map[string]int{}
	blocked := map[string]Status{} // the status of the program's other goroutines, by blocking function
	for _, g := range rep.Groups {
		if g.Status != Explained {
			if g.Finding != nil {
				t.Errorf("a %s group has a finding", g.Status)
			}
			if g.BlockedAt != nil {
				blocked[g.BlockedAt.Func] = g.Status
			}
			continue
		}
		f := g.Finding
		pkg := filepath.Base(filepath.Dir(f.File))
		counts[pkg] += g.Count
		if want := filepath.Join(run.module.Dir, pkg, "case.go"); f.File != want {
			t.Errorf("finding in %s, want %s", f.File, want)
		}
		golden, err := os.ReadFile(caseFile(pkg, "diagnostics.golden"))
		if err != nil {
			t.Errorf("%s: explained by %s:%d, which is no golden leak", g.BlockedAt.Func, f.File, f.Line)
			continue
		}
		if got := fmt.Sprintf("case.go:%d:%d: %s\n", f.Line, f.Col, f.Message); got != string(golden) {
			t.Errorf("%s: explained by\n%swant\n%s", pkg, got, golden)
		}
		// The dump's place is one the finding names.
		site, how, kind := g.BlockedAt, "send", "blocks here forever"
		if stack {
			site, how, kind = g.CreatedBy, "go statement", "sender started here"
		}
		if site.Local != f.File || !slices.Contains(relatedLines(f, kind), site.Line) || g.Match != how {
			t.Errorf("%s: matched by the %s at %s:%d, want the %s at one of lines %v", pkg, g.Match, site.Local, site.Line, how, relatedLines(f, kind))
		}
		checkFix(t, pkg, f, rep.Result.Sources[f.File], "")
	}
	for _, l := range leaks {
		if counts[l.pkg] != l.count {
			t.Errorf("%s: %d goroutines explained, want %d", l.pkg, counts[l.pkg], l.count)
		}
	}
	// A leak leakfix does not explain is listed as observed; so are the
	// live goroutines, unless the input says they did not leak. A
	// goroutine of the standard library is outside the module.
	want := map[string]Status{"main.drain.func1": Unexplained, "main.worker": live, "main.serve": live}
	if stack {
		want["database/sql.(*DB).connectionOpener"] = Outside
	}
	for fn, st := range want {
		if blocked[fn] != st {
			t.Errorf("the goroutine blocked in %s is %q, want %q", fn, blocked[fn], st)
		}
	}
}

// relatedLines returns the lines of f's related places of one kind.
func relatedLines(f *driver.Finding, kind string) []int {
	var lines []int
	for _, r := range f.Related {
		if r.Message == kind {
			lines = append(lines, r.Line)
		}
	}
	return lines
}

// checkFix checks that f's first fix turns src into the golden output of
// its strategy, which must be strategy when that is not "". A finding
// without a fix must be a case with no golden fix.
func checkFix(t *testing.T, pkg string, f *driver.Finding, src []byte, strategy rewrite.Strategy) {
	t.Helper()
	if len(f.Fixes) == 0 {
		if goldens, _ := filepath.Glob(caseFile(pkg, "case.go.*.golden")); len(goldens) > 0 {
			t.Errorf("%s: no fix, but the case has %v", pkg, goldens)
		}
		return
	}
	s := rewrite.StrategyOf(f.Fixes[0].Message)
	if strategy != "" && s != strategy {
		t.Errorf("%s: fix %q, want the %s strategy", pkg, f.Fixes[0].Message, strategy)
		return
	}
	want, err := os.ReadFile(caseFile(pkg, "case.go."+string(s)+".golden"))
	if err != nil {
		t.Errorf("%s: fix %q has no golden output: %v", pkg, f.Fixes[0].Message, err)
		return
	}
	if got := diff.Apply(src, f.Fixes[0].Edits); !bytes.Equal(got, want) {
		t.Errorf("%s: fix %q gives\n%s\nwant\n%s", pkg, f.Fixes[0].Message, got, want)
	}
}

// TestStrategies explains one dump with each strategy that has golden
// outputs, and checks the fix shown is that strategy's.
func TestStrategies(t *testing.T) {
	run := leakyDumps(t)
	has := map[rewrite.Strategy][]string{}
	for _, l := range leaks {
		goldens, _ := filepath.Glob(caseFile(l.pkg, "case.go.*.golden"))
		for _, g := range goldens {
			s := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(g), "case.go."), ".golden")
			has[rewrite.Strategy(s)] = append(has[rewrite.Strategy(s)], l.pkg)
		}
	}
	if len(has) == 0 {
		t.Fatal("no golden fixes for the leaky program's cases")
	}
	for s, pkgs := range has {
		t.Run(string(s), func(t *testing.T) {
			a, err := analyzer.New(analyzer.Options{Strategy: string(s)})
			if err != nil {
				t.Fatal(err)
			}
			rep := explainWith(t, run, "goroutine2.txt", a)
			for _, pkg := range pkgs {
				i := slices.IndexFunc(rep.Groups, func(g Group) bool {
					return g.Finding != nil && filepath.Base(filepath.Dir(g.Finding.File)) == pkg
				})
				if i < 0 {
					t.Errorf("%s: not explained", pkg)
					continue
				}
				f := rep.Groups[i].Finding
				checkFix(t, pkg, f, rep.Result.Sources[f.File], s)
			}
		})
	}
}

// TestText checks what leakfix trace prints for a dump: each explained
// group with its finding and its fix, then the plan's diff, each file's
// once; the observed ones with their stacks; the hidden ones counted.
func TestText(t *testing.T) {
	run := leakyDumps(t)
	rep := explain(t, run, "goroutine2.txt")
	plan := driver.PlanFixes(rep.Config, analyzer.Analyzer, rep.Result, rep.Findings())
	var b strings.Builder
	rep.WriteText(&b, run.module.Dir, plan, false)
	out := b.String()
	if len(plan.Files) == 0 {
		t.Fatal("nothing to fix")
	}
	for _, ff := range plan.Files {
		d := diff.Unified(driver.Rel(run.module.Dir, ff.File), ff.Old, ff.Edits)
		if n := strings.Count(out, d); n != 1 {
			t.Errorf("the diff of %s is printed %d times, want once:\n%s", ff.File, n, d)
		}
	}
	for _, f := range rep.Findings() {
		name := driver.Rel(run.module.Dir, f.File)
		for _, want := range []string{
			fmt.Sprintf("#   explained by %s:%d:%d: %s\n", name, f.Line, f.Col, f.Message),
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q", want)
			}
		}
		if len(f.Fixes) > 0 && !strings.Contains(out, "#   fix: "+f.Fixes[0].Message+"\n") {
			t.Errorf("output lacks the fix of %s:%d", name, f.Line)
		}
	}
	for _, want := range []string{
		"# 2 goroutines blocked in chan send\n#   started at first_range/case.go:7 by example.com/leaky/first_range.First\n#   blocked at first_range/case.go:8 in example.com/leaky/first_range.First.func1\n",
		"# 1 goroutine blocked in chan receive: observed, not explained\n#   started at main.go:",
		"#     main.drain.func1\n#         main.go:",
		"#     created by main.drain\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	if run.noLeakGC == nil {
		b.Reset()
		rep := explain(t, run, "leak2.txt")
		rep.WriteText(&b, run.module.Dir, driver.PlanFixes(rep.Config, analyzer.Analyzer, rep.Result, rep.Findings()), false)
		if want := "# not shown: 2 goroutines in 2 groups that the input does not report as leaked\n"; !strings.Contains(b.String(), want) {
			t.Errorf("leak profile output lacks %q:\n%s", want, b.String())
		}
	}
}

// TestJSON checks that -json carries what the text shows: decoding it
// gives the report's groups back.
func TestJSON(t *testing.T) {
	run := leakyDumps(t)
	rep := explain(t, run, "goleak.txt")
	var b bytes.Buffer
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	var got []Group
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rep.Groups) {
		t.Fatalf("JSON has %d groups, want %d:\n%s", len(got), len(rep.Groups), b.String())
	}
	want := append([]Group(nil), rep.Groups...)
	for i := range want {
		if want[i].Finding != nil && got[i].Finding != nil {
			f := *want[i].Finding
			f.Posn = got[i].Finding.Posn // not in JSON
			want[i].Finding = &f
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("JSON round trip differs:\n%s", b.String())
	}
}
