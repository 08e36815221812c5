package golden

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/rewrite"
	"github.com/leakfix/leakfix/verify"
)

var (
	genSeed = flag.Int64("gen.seed", 1, "seed of TestGeneratedFixes")
	genN    = flag.Int("gen.n", 0, "cases TestGeneratedFixes generates; 0 is 80, or 16 with -short")
)

// genShards is how many processes run the generated variants at once:
// goleak is process-wide, so each runs its variants one after another.
const genShards = 2

// A genVariant is one package the proof runs: a generated input, or the
// input with one offered fix applied, or with the first fix of every
// finding applied together (as go fix and leakfix -w do).
type genVariant struct {
	c        *genRun
	name     string // "in", "plan", or the strategy and a number
	dir      string // the package directory in the module, "v/c0001_2"
	src      []byte
	complete bool  // every finding of the input is fixed
	allowed  []int // lines of sends that may still block: the findings the fix is not for
	proof    genProof
}

// A genRun is a generated case with what leakfix and the proof made of it.
type genRun struct {
	genCase
	findings []driver.Finding
	variants []*genVariant // variants[0] is the input
}

// A genProof is what running one variant showed.
type genProof struct {
	Index  int    `json:"index"`
	Result string `json:"result"`
	Leak   string `json:"leak"`
	Race   bool   `json:"-"`
	Crash  string `json:"-"`
	Ran    bool   `json:"-"`
}

// TestGeneratedFixes is the execution judge of every fix leakfix offers.
// It generates leaky functions from the shapes the detector knows (see
// gencase_test.go), runs the analyzer over them once, and applies every
// alternative of every finding on its own, as -json and editors offer
// them, plus the first fixes of all findings together. Each input and
// output runs under goleak in one test binary built with -race: an input
// that leaks a blocked sender counts, and each of its fixes must return
// what the input returned, leave no goroutine behind (but the senders of
// findings the fix is not for), not hang, not race, keep every comment,
// and compile.
//
//	go test ./golden -run TestGeneratedFixes -gen.seed=7 -gen.n=1000
func TestGeneratedFixes(t *testing.T) {
	n := *genN
	if n == 0 {
		n = 80
		if testing.Short() {
			n = 16
		}
	}
	g := &genSession{t: t, seed: *genSeed, byFile: map[string]*genRun{}, broken: map[string]bool{}, offered: map[string]int{}, start: time.Now()}
	g.mod, g.write = runModule(t, "gen")
	g.write("hold/hold.go", []byte(holdSrc))
	t.Setenv("GOFLAGS", strings.TrimSpace(os.Getenv("GOFLAGS")+" -mod=mod"))
	t.Setenv("GOWORK", "off")

	g.generateInputs(n)
	g.analyseInputs()
	g.phase("analysing the inputs")
	var all []*genVariant
	for _, c := range g.runs {
		all = append(all, g.applyFixes(c)...)
	}
	g.checkOutputs(all)
	g.phase("analysing the outputs")
	var runnable []*genVariant
	for _, v := range all {
		if !g.broken[filepath.Join(g.mod, v.dir)] {
			runnable = append(runnable, v)
		}
	}
	proveAll(t, g.mod, runnable, g.phase)
	g.judge()
}

// A genSession is one run of TestGeneratedFixes: the module it writes,
// the cases, and what it found of them.
type genSession struct {
	t       *testing.T
	seed    int64
	mod     string
	write   func(string, []byte)
	runs    []*genRun
	byFile  map[string]*genRun // by the input's case.go
	broken  map[string]bool    // variant directories that do not compile
	offered map[string]int     // fixes offered, by strategy
	start   time.Time
}

// phase logs how long the phase that ends took.
func (g *genSession) phase(what string) {
	g.t.Logf("%s: %v", what, time.Since(g.start).Round(time.Millisecond))
	g.start = time.Now()
}

// generateInputs writes n generated cases as the inputs.
func (g *genSession) generateInputs(n int) {
	g.runs = make([]*genRun, n)
	for i := range g.runs {
		c := &genRun{genCase: generate(g.seed, i)}
		in := &genVariant{c: c, name: "in", dir: "in/" + c.name, src: c.src}
		c.variants = []*genVariant{in}
		g.write(filepath.Join(in.dir, "case.go"), c.src)
		g.byFile[filepath.Join(g.mod, in.dir, "case.go")] = c
		g.runs[i] = c
	}
}

// analyseInputs runs leakfix over the inputs, and again with the
// errgroup strategy, which is offered only when asked for, and records
// each case's findings with every fix.
func (g *genSession) analyseInputs() {
	t := g.t
	res, err := driver.Run(driver.Config{Dir: g.mod, Patterns: []string{"./in/..."}}, analyzer.Analyzer)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("seed %d: a generated input does not load: %v", g.seed, e)
		for _, f := range e.Files {
			g.broken[filepath.Dir(f)] = true
		}
	}
	for _, f := range res.Findings {
		if c := g.byFile[f.File]; c != nil {
			c.findings = append(c.findings, f)
		}
	}
	eg, err := analyzer.New(analyzer.Options{Strategy: string(rewrite.StrategyErrgroup)})
	if err != nil {
		t.Fatal(err)
	}
	egRes, err := driver.Run(driver.Config{Dir: g.mod, Patterns: []string{"./in/..."}}, eg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range egRes.Findings {
		c := g.byFile[f.File]
		if c == nil || len(f.Fixes) == 0 || rewrite.StrategyOf(f.Fixes[0].Message) != rewrite.StrategyErrgroup {
			continue
		}
		for i := range c.findings {
			if c.findings[i].Offset == f.Offset {
				c.findings[i].Fixes = append(c.findings[i].Fixes, f.Fixes[0])
			}
		}
	}
}

// applyFixes writes a variant of c for every offered fix alone, and for
// the first fixes of all its findings together ("plan"), and returns its
// input and those variants.
func (g *genSession) applyFixes(c *genRun) []*genVariant {
	seen := map[string]bool{string(c.src): true}
	for _, f := range c.findings {
		for _, fix := range f.Fixes {
			s := string(rewrite.StrategyOf(fix.Message))
			g.offered[s]++
			g.addVariant(c, s, fix.Edits, seen)
		}
	}
	if len(c.findings) > 1 {
		var plan []diff.Edit
		for _, f := range c.findings {
			if len(f.Fixes) == 0 {
				continue
			}
			for _, e := range f.Fixes[0].Edits {
				if !slices.Contains(plan, e) {
					plan = append(plan, e)
				}
			}
		}
		if plan != nil {
			g.addVariant(c, "plan", plan, seen)
		}
	}
	return c.variants
}

// addVariant writes c's input with edits applied, unless an earlier
// variant is the same. A variant that fixes some findings only may still
// leave the senders of the others blocked.
func (g *genSession) addVariant(c *genRun, name string, edits []diff.Edit, seen map[string]bool) {
	out := diff.Apply(c.src, edits)
	if seen[string(out)] {
		return
	}
	seen[string(out)] = true
	v := &genVariant{c: c, name: name, dir: fmt.Sprintf("v/%s_%d", c.name, len(c.variants)), src: out, complete: true}
	for _, f := range c.findings {
		if name == "plan" || slices.ContainsFunc(f.Fixes, func(x driver.Fix) bool { return slices.Equal(x.Edits, edits) }) {
			continue
		}
		v.complete = false
		for _, r := range f.Related {
			if r.Message != "blocks here forever" {
				continue
			}
			if off, ok := shifted(edits, r.Offset); ok {
				v.allowed = append(v.allowed, 1+bytes.Count(out[:off], []byte("\n")))
			}
		}
	}
	if err := verify.Text(c.src, out); err != nil {
		g.t.Errorf("%s", c.report(g.seed, v, err.Error()))
	}
	c.variants = append(c.variants, v)
	g.write(filepath.Join(v.dir, "case.go"), out)
}

// checkOutputs checks that every output compiles, and that leakfix finds
// nothing in one that fixes every finding.
func (g *genSession) checkOutputs(all []*genVariant) {
	if len(all) == len(g.runs) {
		return
	}
	t := g.t
	again, err := driver.Run(driver.Config{Dir: g.mod, Patterns: []string{"./v/..."}}, analyzer.Analyzer)
	if err != nil {
		t.Fatal(err)
	}
	byDir := map[string]*genVariant{}
	for _, v := range all {
		byDir[filepath.Join(g.mod, v.dir)] = v
	}
	for _, e := range again.Errors {
		for _, f := range e.Files {
			if v := byDir[filepath.Dir(f)]; v != nil && !g.broken[filepath.Dir(f)] {
				g.broken[filepath.Dir(f)] = true
				t.Errorf("%s", v.c.report(g.seed, v, "the fixed output does not compile: "+e.Error()))
			}
		}
	}
	for _, f := range again.Findings {
		if v := byDir[filepath.Dir(f.File)]; v != nil && v.complete && !g.broken[filepath.Dir(f.File)] {
			t.Errorf("%s", v.c.report(g.seed, v, fmt.Sprintf("found again at line %d: %s", f.Line, f.Message)))
		}
	}
}

// judge holds every fixed variant to its input's run: the same result,
// no goroutine left behind but those allowed, no hang and no race.
func (g *genSession) judge() {
	t := g.t
	var generated, leaked, detected, judged, unleakedFindings, undetected int
	proved := map[string]int{}
	failures := 0
	for _, c := range g.runs {
		generated++
		in := c.variants[0].proof
		inLeaks := strings.Contains(in.Leak, "in state chan send")
		if inLeaks {
			leaked++
		}
		if len(c.findings) > 0 {
			detected++
		}
		switch {
		case g.broken[filepath.Join(g.mod, c.variants[0].dir)]:
			continue // reported above
		case in.Crash != "" || in.Race || in.Result == "HANG" || strings.HasPrefix(in.Result, "PANIC"):
			t.Errorf("seed %d: generated input %s misbehaves (%q %s):\n%s", g.seed, c.name, in.Result, in.Crash, c.src)
			continue
		case len(c.findings) == 0:
			if inLeaks {
				undetected++
				t.Logf("not detected: %s (%s)", c.name, strings.Join(c.shape, " "))
				if testing.Verbose() {
					t.Logf("%s", c.src)
				}
			}
			continue
		case !inLeaks:
			unleakedFindings++ // the fixes are judged all the same
		default:
			judged++
		}
		for _, v := range c.variants[1:] {
			if g.broken[filepath.Join(g.mod, v.dir)] {
				continue
			}
			if why := v.judge(in); why != "" {
				failures++
				t.Errorf("%s", c.report(g.seed, v, why))
				continue
			}
			proved[v.name]++
		}
	}
	t.Logf("seed %d: %d generated, %d leaked, %d detected (%d judged, %d detected without a leak at run time, %d leaks not detected); fixes offered %v, proved %v, %d failed",
		g.seed, generated, leaked, detected, judged, unleakedFindings, undetected, g.offered, proved, failures)
}

// shifted returns where offset off of the input lies in the output of
// edits, unless an edit replaced it.
func shifted(edits []diff.Edit, off int) (int, bool) {
	edits = slices.Clone(edits)
	slices.SortStableFunc(edits, func(a, b diff.Edit) int { return a.Start - b.Start })
	shift := 0
	for _, e := range edits {
		switch {
		case e.End <= off: // before off, or inserted at it
			shift += len(e.New) - (e.End - e.Start)
		case e.Start <= off && off < e.End:
			return 0, false
		}
	}
	return off + shift, true
}

// goroutineRE matches a goroutine of goleak's report and its top frame.
var goroutineRE = regexp.MustCompile(`Goroutine \d+ in state ([^,]+), with \S+ on top of the stack:\n(?:.*\n)*?\t(\S+):(\d+) `)

// judge returns why v is not a sound fix of the input that showed in.
func (v *genVariant) judge(in genProof) string {
	p := v.proof
	switch {
	case !p.Ran:
		return "did not run"
	case p.Crash != "":
		return "crashed the proof: " + p.Crash
	case p.Race:
		return "has a data race"
	case p.Result == "HANG":
		return "hangs"
	case p.Result != in.Result:
		return fmt.Sprintf("returns %q, the input returned %q", p.Result, in.Result)
	}
	if p.Leak == "" {
		return ""
	}
	for _, m := range goroutineRE.FindAllStringSubmatch(p.Leak, -1) {
		line, _ := strconv.Atoi(m[3])
		if m[1] != "chan send" || !strings.HasSuffix(m[2], "/"+v.dir+"/case.go") || !slices.Contains(v.allowed, line) {
			return "leaves goroutines behind:\n" + p.Leak
		}
	}
	if len(goroutineRE.FindAllString(p.Leak, -1)) == 0 {
		return "leaves goroutines behind:\n" + p.Leak
	}
	return ""
}

// report describes a failing variant so that it can become a golden case.
func (c *genRun) report(seed int64, v *genVariant, why string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d, case %s, %s fix: %s\n", seed, c.name, v.name, why)
	fmt.Fprintf(&b, "shape: %s\n", strings.Join(c.shape, " "))
	for _, f := range c.findings {
		fmt.Fprintf(&b, "finding: case.go:%d:%d: %s\n", f.Line, f.Col, f.Message)
	}
	fmt.Fprintf(&b, "--- input\n%s--- %s output\n%s", c.src, v.name, v.src)
	return b.String()
}

// proveAll builds one test binary that runs every variant, and runs it in
// genShards processes. A variant that crashes its process is recorded,
// and the process started again after it.
func proveAll(t *testing.T, mod string, vs []*genVariant, phase func(string)) {
	var imports, entries []string
	for i, v := range vs {
		alias := strings.NewReplacer("/", "_").Replace(v.dir)
		imports = append(imports, fmt.Sprintf("\t%s %q", alias, "gen/"+v.dir))
		entries = append(entries, fmt.Sprintf("\t%s.Case, // %d", alias, i))
	}
	main := fmt.Sprintf(genMain, strings.Join(imports, "\n"), strings.Join(entries, "\n"))
	if err := os.WriteFile(filepath.Join(mod, "gen_test.go"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(mod, "gen.test")
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "test", "-race", "-c", "-o", bin, ".")
	build.Dir = mod
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the proof: %v\n%s", err, out)
	}
	phase(fmt.Sprintf("building %d variants", len(vs)))
	var wg sync.WaitGroup
	for shard := range genShards {
		var todo []int
		for i := shard; i < len(vs); i += genShards {
			todo = append(todo, i)
		}
		wg.Go(func() {
			for len(todo) > 0 {
				todo = proveShard(t, bin, vs, todo)
			}
		})
	}
	wg.Wait()
	phase("running them")
}

// proveShard runs the variants todo in one process, records what each
// showed, and returns those left when a variant crashed the process.
func proveShard(t *testing.T, bin string, vs []*genVariant, todo []int) []int {
	list := make([]string, len(todo))
	for i, x := range todo {
		list[i] = strconv.Itoa(x)
	}
	cmd := exec.Command(bin, "-test.run=TestGen", "-test.count=1")
	cmd.Env = append(os.Environ(), "GEN_RUN="+strings.Join(list, ","))
	out, err := cmd.CombinedOutput()
	current, done := -1, 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "START "):
			current, _ = strconv.Atoi(strings.TrimPrefix(line, "START "))
		case strings.HasPrefix(line, "PROOF "):
			var p genProof
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "PROOF ")), &p); err != nil {
				t.Errorf("proof line %q: %v", line, err)
				continue
			}
			p.Ran = true
			p.Race = vs[p.Index].proof.Race
			vs[p.Index].proof = p
			current = -1
			done++
		case strings.Contains(line, "WARNING: DATA RACE") && current >= 0:
			vs[current].proof.Race = true
		}
	}
	if current >= 0 { // the process died in the middle of a variant
		vs[current].proof.Ran = true
		vs[current].proof.Crash = fmt.Sprintf("%v\n%s", err, lastLines(out, 30))
		return todo[slices.Index(todo, current)+1:]
	}
	if done < len(todo) {
		t.Errorf("the proof ran %d of %d variants: %v\n%s", done, len(todo), err, lastLines(out, 30))
	}
	return nil
}

func lastLines(out []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}

// holdSrc is a package of the proof module: a gate that holds senders
// back until the function that started them has given up on them.
const holdSrc = `// Package hold holds goroutines back.
package hold

// A Gate holds goroutines back until it is opened.
type Gate chan struct{}

// New returns a closed gate.
func New() Gate { return make(Gate) }

// Wait blocks until the gate is open.
func (g Gate) Wait() { <-g }

// Open lets every goroutine through.
func (g Gate) Open() { close(g) }

// Closed returns a closed channel.
func Closed() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}
`

// genMain runs the variants listed in GEN_RUN, each under goleak.
const genMain = `package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

%s
)

const hangAfter = 10 * time.Second

var variants = []func() any{
%s
}

func TestGen(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("GEN_RUN"), ",") {
		i, err := strconv.Atoi(s)
		if err != nil {
			continue
		}
		fmt.Printf("START %%d\n", i)
		before := goleak.IgnoreCurrent()
		ran := make(chan string, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					ran <- fmt.Sprintf("PANIC: %%v", r)
				}
			}()
			ran <- fmt.Sprint(variants[i]())
		}()
		var result string
		timer := time.NewTimer(hangAfter)
		select {
		case result = <-ran:
		case <-timer.C:
			result = "HANG"
		}
		timer.Stop()
		leak := ""
		if err := goleak.Find(before); err != nil {
			leak = err.Error()
		}
		// Senders may still be on their way to where they block.
		for deadline := time.Now().Add(3 * time.Second); leak != "" && (strings.Contains(leak, "in state runnable") || strings.Contains(leak, "in state running")) && time.Now().Before(deadline); {
			time.Sleep(20 * time.Millisecond)
			leak = ""
			if err := goleak.Find(before); err != nil {
				leak = err.Error()
			}
		}
		line, _ := json.Marshal(map[string]any{"index": i, "result": result, "leak": leak})
		fmt.Println("PROOF " + string(line))
	}
}
`
