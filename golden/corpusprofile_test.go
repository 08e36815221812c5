package golden

import (
	"bytes"
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/internal/testenv"
)

// Runs of one entry point: unfixed, it runs until it reports the leak, at
// most unfixedRuns times, and 3 times more when no entry point of the file
// has (some corpus programs leak only on some schedules, which a loaded
// machine makes rarer, or take the leaking path at random, as
// kubernetes5316 does with 4 chances in 10); fixed, it runs fixedRuns
// times. Runs alternate
// between GOMAXPROCS=1, as the runtime's test runs its deterministic
// cases, and the machine's.
const (
	unfixedRuns = 12
	fixedRuns   = 12
)

// unprovable names the leaks of leakProfileCorpus ("file channel") whose
// corpus program never reaches the leak's send, with the reason. The test
// fails if one of them does leak, so that the entry is removed.
var unprovable = map[string]string{
	"goker/moby17176.go doneChan": "the program's senders block on a mutex its test leaves locked, before their send",
}

// TestLeakProfileCorpusFixes proves each fix offered on the runtime's leak
// profile corpus with the runtime's own leak detector. It builds the
// corpus program as the runtime's test does (goroutineleakprofile_test.go:
// GOEXPERIMENT=goroutineleakprofile, GODEBUG=asyncpreemptoff=1) and runs
// the entry points registered in the leak's file: unfixed, the profile
// must report a goroutine of the leak (started at one of its go
// statements, blocked at one of its sends), so that the proof is not
// vacuous; with each fix applied, it must report none, in any run, and
// every run must exit cleanly.
func TestLeakProfileCorpusFixes(t *testing.T) {
	if testing.Short() && !testenv.Full() {
		t.Skip("builds the leak profile corpus once per fix and runs it; -short skips it unless CI or LEAKFIX_FULL=1 is set")
	}
	mod, res := loadCorpus(t)
	bins := t.TempDir()
	unfixed := map[string]string{} // package directory => binary
	proved := 0
	for _, f := range res.Findings {
		rel, i := corpusIndex(mod, f)
		if i < 0 || len(f.Fixes) == 0 {
			continue // TestLeakProfileCorpus checks what is found and fixed
		}
		c := leakProfileCorpus[i]
		t.Run(c.fn+"/"+c.channel, func(t *testing.T) {
			src := res.Sources[f.File]
			pkg := filepath.Dir(filepath.FromSlash(rel))
			entries := registered(t, src)
			if _, ok := unfixed[pkg]; !ok {
				unfixed[pkg] = buildCorpus(t, mod, pkg, filepath.Join(bins, pkg))
			}
			lk := leakOf(t, rel, src, f)
			affected, out := affectedEntries(t, unfixed[pkg], entries, lk)
			seen := len(affected) > 0
			reason, listed := unprovable[c.file+" "+c.channel]
			switch {
			case seen && listed:
				t.Fatalf("listed as unprovable (%s), but the unfixed program reports the leak: remove it from unprovable", reason)
			case !seen && listed:
				t.Skipf("not provable with the corpus program: %s", reason)
			case !seen:
				t.Fatalf("the unfixed program never reports the leak in %d runs of %v: the proof would be vacuous\n%s", 4*unfixedRuns, entries, out)
			}
			for _, fix := range f.Fixes {
				dir := t.TempDir()
				if err := os.CopyFS(dir, os.DirFS(mod)); err != nil {
					t.Fatal(err)
				}
				fixed := diff.Apply(src, fix.Edits)
				if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(rel)), fixed, 0o644); err != nil {
					t.Fatal(err)
				}
				bin := buildCorpus(t, dir, pkg, dir)
				want := lk.through(fix.Edits, fixed)
				gone := true
				for _, e := range affected {
					if out, seen := runUntil(t, bin, e, fixedRuns, want); seen {
						t.Errorf("%s: the leak profile of %s still reports the leak:\n%s", fix.Message, e, out)
						gone = false
					}
				}
				if gone {
					proved++
				}
			}
		})
	}
	t.Logf("leak profile corpus: %d fixes proved gone under GOEXPERIMENT=goroutineleakprofile", proved)
}

// affectedEntries returns the entry points whose unfixed program bin
// reports the leak lk, and the output of every run.
func affectedEntries(t *testing.T, bin string, entries []string, lk profileLeak) ([]string, string) {
	t.Helper()
	var out strings.Builder
	var affected []string
	for _, runs := range []int{unfixedRuns, 3 * unfixedRuns} {
		for _, e := range entries {
			o, seen := runUntil(t, bin, e, runs, lk.in)
			out.WriteString(o)
			if seen {
				affected = append(affected, e)
			}
		}
		if len(affected) > 0 {
			break
		}
	}
	return affected, out.String()
}

// buildCorpus builds the corpus package pkg of module mod with the leak
// profile into directory out, and returns the binary.
func buildCorpus(t *testing.T, mod, pkg, out string) string {
	t.Helper()
	bin := filepath.Join(out, "corpus.exe")
	cmd := exec.Command("go", "build", "-o", bin, "./"+filepath.ToSlash(pkg))
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=-mod=mod", "GOEXPERIMENT=goroutineleakprofile")
	if out, err := cmd.CombinedOutput(); err != nil {
		if testenv.Full() {
			t.Fatalf("GOEXPERIMENT=goroutineleakprofile go build: %v\n%s", err, out)
		}
		t.Skipf("this toolchain cannot build with the leak profile (GOEXPERIMENT=goroutineleakprofile go build: %v); with CI or LEAKFIX_FULL=1 set it fails instead\n%s", err, out)
	}
	return bin
}

// registered returns the entry points the corpus file src registers with
// register or registerInit, as its main runs them by name.
func registered(t *testing.T, src []byte) []string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) == 0 {
			return true
		}
		if id, ok := call.Fun.(*ast.Ident); ok && (id.Name == "register" || id.Name == "registerInit") {
			if lit, ok := call.Args[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
				name, _ := strconv.Unquote(lit.Value)
				names = append(names, name)
			}
		}
		return true
	})
	if len(names) == 0 {
		t.Fatal("the file registers no entry point")
	}
	return names
}

// runUntil runs the entry point e of bin up to n times, until the leak
// profile it prints reports a goroutine that matches; it returns the
// output of all runs and whether one did.
func runUntil(t *testing.T, bin, e string, n int, matches func(g profileGoroutine) bool) (string, bool) {
	t.Helper()
	var all strings.Builder
	for i := range n {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, bin, e)
		cmd.Env = append(os.Environ(), "GODEBUG=asyncpreemptoff=1", "GOEXPERIMENT=goroutineleakprofile")
		if i%2 == 0 {
			cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
		}
		out, err := cmd.CombinedOutput()
		cancel()
		fmt.Fprintf(&all, "--- %s (run %d):\n%s\n", e, i+1, out)
		if err != nil || len(out) == 0 {
			t.Fatalf("%s %s: %v: the program must exit cleanly and print its leak profile\n%s", bin, e, err, out)
		}
		for _, g := range leakedGoroutines(out) {
			if matches(g) {
				return all.String(), true
			}
		}
	}
	return all.String(), false
}

// A profileGoroutine is a goroutine the leak profile reports as leaked:
// the file:line of each of its frames, and of the go statement that
// started it.
type profileGoroutine struct {
	frames    []fileLine
	createdAt fileLine
}

type fileLine struct {
	file string // slash-separated
	line int
}

// leakedGoroutines reads the goroutines marked "(leaked)" in a debug=2
// profile.
func leakedGoroutines(out []byte) []profileGoroutine {
	var gs []profileGoroutine
	for _, block := range strings.Split(string(out), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if !strings.HasPrefix(lines[0], "goroutine ") || !strings.Contains(lines[0], "(leaked)") {
			continue
		}
		var g profileGoroutine
		for j := 1; j+1 < len(lines); j += 2 {
			at, ok := parseFileLine(lines[j+1])
			if !ok {
				continue
			}
			if strings.HasPrefix(lines[j], "created by ") {
				g.createdAt = at
			} else {
				g.frames = append(g.frames, at)
			}
		}
		gs = append(gs, g)
	}
	return gs
}

// parseFileLine reads a traceback's "\t/path/file.go:12 +0x1f".
func parseFileLine(s string) (fileLine, bool) {
	s = strings.TrimSpace(s)
	s, _, _ = strings.Cut(s, " ")
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return fileLine{}, false
	}
	n, err := strconv.Atoi(s[i+1:])
	return fileLine{filepath.ToSlash(s[:i]), n}, err == nil
}

// A profileLeak is where a finding's goroutines start (its go statements)
// and block (its sends), as byte ranges of the file rel; byTimer when a
// sender is started by time.AfterFunc, whose goroutine the runtime says
// time's goFunc created.
type profileLeak struct {
	rel          string
	src          []byte
	starts, ends []span
	byTimer      bool
}

type span struct{ start, end int }

// leakOf reads the finding's go statements and sends from its related
// information.
func leakOf(t *testing.T, rel string, src []byte, f driver.Finding) profileLeak {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	lk := profileLeak{rel: rel, src: src}
	for _, r := range f.Related {
		if r.File != f.File {
			t.Fatalf("%s:%d: %s is in another file, which this test does not map through the fix", r.File, r.Line, r.Message)
		}
		switch r.Message {
		case "sender started here":
			// The traceback names the line of the go statement's call, which
			// may be its last: the whole statement is the range.
			end := -1
			ast.Inspect(file, func(n ast.Node) bool {
				if g, ok := n.(*ast.GoStmt); ok && fset.Position(g.Pos()).Offset == r.Offset {
					end = fset.Position(g.End()).Offset
				}
				return true
			})
			if end < 0 {
				lk.byTimer = true
				continue
			}
			lk.starts = append(lk.starts, span{r.Offset, end})
		case "blocks here forever":
			lk.ends = append(lk.ends, span{r.Offset, r.End})
		}
	}
	if len(lk.starts) == 0 && !lk.byTimer || len(lk.ends) == 0 {
		t.Fatalf("the finding names no go statement or no send: %v", f.Related)
	}
	return lk
}

// in reports whether g is a goroutine of the leak in the unfixed file.
func (lk profileLeak) in(g profileGoroutine) bool {
	return lk.through(nil, lk.src)(g)
}

// through returns the test for a goroutine of the leak in the file fixed
// by edits (none: the unfixed file), whose content is fixed: started on a
// line of one of its go statements (or by a timer, when one starts a
// sender) and with a frame on a line of one of its sends, with whatever
// the fix inserted around them.
func (lk profileLeak) through(edits []diff.Edit, fixed []byte) func(profileGoroutine) bool {
	lines := func(spans []span) []span {
		var out []span
		for _, s := range spans {
			start, end := shift(edits, s.start, false), shift(edits, s.end, true)
			out = append(out, span{lineAt(fixed, start), lineAt(fixed, end)})
		}
		return out
	}
	starts, ends := lines(lk.starts), lines(lk.ends)
	on := func(at fileLine, spans []span) bool {
		if !strings.HasSuffix(at.file, "/"+lk.rel) {
			return false
		}
		for _, s := range spans {
			if s.start <= at.line && at.line <= s.end {
				return true
			}
		}
		return false
	}
	return func(g profileGoroutine) bool {
		timer := lk.byTimer && strings.HasSuffix(g.createdAt.file, "/src/time/sleep.go")
		if !timer && !on(g.createdAt, starts) {
			return false
		}
		for _, fr := range g.frames {
			if on(fr, ends) {
				return true
			}
		}
		return false
	}
}

// shift maps an offset of the unfixed file into the fixed one. Text
// inserted at the offset itself counts as before it when after is set.
func shift(edits []diff.Edit, off int, after bool) int {
	d := 0
	for _, e := range edits {
		if e.End < off || e.End == off && (e.Start < off || after) {
			d += len(e.New) - (e.End - e.Start)
		}
	}
	return off + d
}

// lineAt returns the 1-based line of offset off in src.
func lineAt(src []byte, off int) int {
	return bytes.Count(src[:off], []byte("\n")) + 1
}

// TestProfileLeakMatch checks how a leak profile's goroutines are told to
// be a finding's, on a profile in the runtime's format: by the go
// statement that created them (or a timer, for a sender time.AfterFunc
// starts) and a frame at one of the sends, mapped through a fix's edits.
func TestProfileLeakMatch(t *testing.T) {
	src := []byte("package main\n\nfunc f() {\n\tch := make(chan int)\n\tgo func() {\n\t\tch <- 1\n\t}()\n}\n")
	goAt, sendAt := bytes.Index(src, []byte("go func")), bytes.Index(src, []byte("ch <- 1"))
	// One leaked goroutine, blocked on sendLine, created at creator; one
	// that is not leaked, at the same lines.
	profile := func(creator string, sendLine int) []byte {
		return fmt.Appendf(nil, "goroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n\n"+
			"goroutine 7 [chan send (leaked)]:\nmain.f.func1()\n\t/tmp/m/p/f.go:%d +0x2d\ncreated by main.f in goroutine 1\n\t%s +0x4f\n\n"+
			"goroutine 8 [chan send]:\nmain.f.func1()\n\t/tmp/m/p/f.go:%d +0x2d\ncreated by main.f in goroutine 1\n\t%s +0x4f\n",
			sendLine, creator, sendLine, creator)
	}
	const timer = "/usr/local/go/src/time/sleep.go:215"
	// done's edits: two lines after the make, the send in a select.
	edits := []diff.Edit{
		{Start: bytes.Index(src, []byte("\n\tgo")), End: bytes.Index(src, []byte("\n\tgo")), New: "\n\tdone := make(chan struct{})\n\tdefer close(done)"},
		{Start: sendAt, End: sendAt, New: "select {\n\t\tcase "},
		{Start: sendAt + len("ch <- 1"), End: sendAt + len("ch <- 1"), New: ":\n\t\tcase <-done:\n\t\t\treturn\n\t\t}"},
	}
	fixed := diff.Apply(src, edits)
	goLeak := profileLeak{rel: "p/f.go", src: src, starts: []span{{goAt, bytes.Index(src, []byte("}()")) + 3}}, ends: []span{{sendAt, sendAt + 7}}}
	timerLeak := profileLeak{rel: "p/f.go", src: src, byTimer: true, ends: goLeak.ends}
	for _, tt := range []struct {
		name        string
		lk          profileLeak
		edits       []diff.Edit
		out         []byte
		leaked, hit int
	}{
		{"unfixed, at the send", goLeak, nil, profile("/tmp/m/p/f.go:5", 6), 1, 1},
		{"unfixed, another send line", goLeak, nil, profile("/tmp/m/p/f.go:5", 3), 1, 0},
		{"unfixed, another go statement", goLeak, nil, profile("/tmp/m/p/f.go:2", 6), 1, 0},
		{"fixed, in the select", goLeak, edits, profile("/tmp/m/p/f.go:7", 8), 1, 1},
		{"fixed, on the old lines", goLeak, edits, profile("/tmp/m/p/f.go:5", 6), 1, 0},
		{"timer, at the send", timerLeak, nil, profile(timer, 6), 1, 1},
		{"timer's send, by a go statement", timerLeak, nil, profile("/tmp/m/p/f.go:5", 6), 1, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			content := src
			if tt.edits != nil {
				content = fixed
			}
			match := tt.lk.through(tt.edits, content)
			gs := leakedGoroutines(tt.out)
			hit := 0
			for _, g := range gs {
				if match(g) {
					hit++
				}
			}
			if len(gs) != tt.leaked || hit != tt.hit {
				t.Errorf("%d leaked, %d of the leak; want %d, %d\n%s", len(gs), hit, tt.leaked, tt.hit, tt.out)
			}
		})
	}
}
