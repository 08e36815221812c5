package detect

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// check type-checks src and returns its leaks.
func check(t *testing.T, src string) (*token.FileSet, []Leak) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: importer.Default()}
	if _, err := conf.Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	return fset, File(fset, info, f)
}

// TestLeakFacts checks what a Leak tells the fixes: the size to buffer,
// the exit, the receives on the way, and how many sends each sender makes.
func TestLeakFacts(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		size   string // "" when not countable
		exit   ExitKind
		recvs  int
		maxima []int
	}{
		{"range", `out := make(chan int); for _, x := range xs { go func() { out <- x }() }; return <-out`, "len(xs)", Return, 1, []int{1}},
		{"for n", `out := make(chan int); for i := 0; i < n; i++ { go func() { out <- i }() }; return <-out`, "n", Return, 1, []int{1}},
		{"const loop", `out := make(chan int, 2); for i := 0; i < 5; i++ { go func() { out <- i }() }; return <-out`, "5", Return, 1, []int{1}},
		{"sum", `out := make(chan int); go func() { out <- 1 }(); for range n { go func() { out <- 2 }() }; return <-out`, "n+1", Return, 1, []int{1, 1}},
		{"panic", `out := make(chan int); go func() { out <- 1 }(); panic(n)`, "1", Panic, 0, []int{1}},
		{"end", `out := make(chan int); go func() { out <- 1 }(); _ = xs; return 0`, "1", Return, 0, []int{1}},
		{"producer", `out := make(chan int); go func() { for _, x := range xs { out <- x } }(); for v := range out { if v > n { return v } }; return 0`, "", Return, 1, []int{Many}},
		{"constant producer", `out := make(chan int); go func() { for i := 0; i < 3; i++ { out <- i } }(); return <-out`, "", Return, 1, []int{3}},
		{"made in a loop", `for { c := make(chan int); go func() { c <- 1 }(); select { case <-c: default: } }`, "1", Again, 0, []int{1}},
		{"send then return in loop", `out := make(chan int); go func() { for _, x := range xs { if x > 0 { out <- x; return } } ; out <- 0 }(); go func() { out <- 1 }(); return <-out`, "2", Return, 1, []int{1, 1}},
		{"continue repeats the send", `out := make(chan int); go func() { for { out <- 1; if n > 0 { continue }; return } }(); if n > 5 { return 0 }; return <-out`, "", Return, 0, []int{Many}},
		{"goto repeats the send", `out := make(chan int); go func() { i := 0; again: out <- i; i++; if i < n { goto again } }(); if n > 5 { return 0 }; return <-out`, "", Return, 0, []int{Many}},
		{"labelled break sends once", `out := make(chan int); go func() { L: for _, x := range xs { for { out <- x; break L } } }(); if n > 5 { return 0 }; return <-out`, "1", Return, 0, []int{1}},
		{"labelled continue repeats", `out := make(chan int); go func() { L: for _, x := range xs { for range n { out <- x; continue L } } }(); if n > 5 { return 0 }; return <-out`, "", Return, 0, []int{Many}},
		{"goto spawn loop", `out := make(chan int); i := 0; again: if i < n { go func() { out <- 1 }(); i++; goto again }; return <-out`, "", Return, 1, []int{1}},
		{"reassigned bound", `out := make(chan int); for range n { go func() { out <- 1 }() }; n = 0; return <-out`, "", Return, 1, []int{1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, leaks := check(t, "package p\n\nfunc f(xs []int, n int) int {\n"+tt.body+"\n}\n")
			if len(leaks) != 1 {
				t.Fatalf("%d leaks", len(leaks))
			}
			l := leaks[0]
			size := ""
			if l.Size != nil {
				size = l.Size.String()
			}
			if size != tt.size || l.Exit.Kind != tt.exit || l.Recvs != tt.recvs {
				t.Errorf("size %q exit %v recvs %d; want %q %v %d", size, l.Exit.Kind, l.Recvs, tt.size, tt.exit, tt.recvs)
			}
			var maxima []int
			for _, s := range l.Senders {
				maxima = append(maxima, s.Max)
			}
			if len(maxima) != len(tt.maxima) {
				t.Fatalf("sends per sender %v, want %v", maxima, tt.maxima)
			}
			for i := range maxima {
				if maxima[i] != tt.maxima[i] {
					t.Errorf("sends per sender %v, want %v", maxima, tt.maxima)
				}
			}
		})
	}
}

// TestManyLoops checks that loops the check cannot count, one after
// another, do not hide a leak before them.
func TestManyLoops(t *testing.T) {
	body := "out := make(chan int)\nfor range xs { go func() { out <- 1 }() }\n"
	for range 40 {
		body += "for n > 0 { if n%2 == 0 { n-- } else { n -= 3 } }\n"
	}
	body += "return <-out"
	_, leaks := check(t, "package p\n\nfunc f(xs []int, n int) int {\n"+body+"\n}\n")
	if len(leaks) != 1 || leaks[0].Recvs != 1 {
		t.Errorf("leaks: %+v", leaks)
	}
}

// testify stands in for github.com/stretchr/testify and Ginkgo: the detector knows
// its functions by import path, and this module does not depend on it.
var testify = map[string]string{
	"github.com/stretchr/testify/require": `package require
type TestingT interface{ Errorf(string, ...any); FailNow() }
func NoError(t TestingT, err error, msgAndArgs ...any) { if err != nil { t.FailNow() } }
func FailNow(t TestingT, msg string, msgAndArgs ...any) { t.FailNow() }
`,
	"github.com/onsi/ginkgo/v2": `package ginkgo
func Fail(message string, callerSkip ...int) { panic(message) }
`,
	"github.com/bsm/ginkgo/v2": `package ginkgo
func Fail(message string, callerSkip ...int) { panic(message) }
`,
	"github.com/stretchr/testify/assert": `package assert
type TestingT interface{ Errorf(string, ...any) }
func FailNow(t TestingT, msg string, msgAndArgs ...any) bool { return false }
`,
}

// testifyImporter type-checks the stand-ins and imports the rest as usual.
type testifyImporter struct{ fset *token.FileSet }

func (im testifyImporter) Import(path string) (*types.Package, error) {
	src, ok := testify[path]
	if !ok {
		return importer.Default().Import(path)
	}
	f, err := parser.ParseFile(im.fset, path+".go", src, 0)
	if err != nil {
		return nil, err
	}
	return (&types.Config{Importer: importer.Default()}).Check(path, im.fset, []*ast.File{f}, nil)
}

// TestTestify checks testify's calls as exits: require.* may stop the
// test after the receive, require.FailNow and assert.FailNow always do.
func TestTestify(t *testing.T) {
	tests := []struct {
		name, body, call string
		recvs            int
	}{
		{"require.NoError", `for range n { require.NoError(t, <-errs) }`, "require.NoError", 1},
		{"require.FailNow", `if n > 0 { require.FailNow(t, "no") }; for range n { <-errs }`, "require.FailNow", 0},
		{"assert.FailNow", `if n > 0 { assert.FailNow(t, "no") }; for range n { <-errs }`, "assert.FailNow", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\n\nimport (\n\t\"testing\"\n\t\"github.com/stretchr/testify/assert\"\n\t\"github.com/stretchr/testify/require\"\n)\n\n" +
				"var _ = assert.FailNow\nvar _ = require.NoError\n\n" +
				"func f(t *testing.T, n int) {\n\terrs := make(chan error)\n\tfor range n { go func() { errs <- nil }() }\n\t" + tt.body + "\n}\n"
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			info := &types.Info{
				Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
				Scopes: map[ast.Node]*types.Scope{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, FileVersions: map[*ast.File]string{},
			}
			if _, err := (&types.Config{Importer: testifyImporter{fset}}).Check("p", fset, []*ast.File{f}, info); err != nil {
				t.Fatal(err)
			}
			leaks := File(fset, info, f)
			if len(leaks) != 1 {
				t.Fatalf("%d leaks", len(leaks))
			}
			if l := leaks[0]; l.Exit.Kind != Stop || l.Exit.Call != tt.call || l.Recvs != tt.recvs {
				t.Errorf("exit %v %q after %d receives: %s", l.Exit.Kind, l.Exit.Call, l.Recvs, l.Message)
			}
		})
	}
}

// TestSenderShapes checks what a Sender tells the fixes for the senders
// that are not a literal at the go statement: none of them is Rewritable,
// and the size is known only where the go statement is f's own.
func TestSenderShapes(t *testing.T) {
	tests := []struct {
		name, body string
		closure    bool // Sender.Closure is set, Sender.Lit is not
		starts     int  // len(Sender.Starts)
		helpers    int  // len(Sender.Helpers)
		size       string
	}{
		{"closure variable", `c := make(chan int); w := func(x int) { c <- x }; go w(1); go w(2); if n > 0 { return 0 }; return <-c`, true, 0, 0, "2"},
		{"go in a called literal", `c := make(chan int); start := func() { go func() { c <- 1 }() }; start(); start(); return <-c`, false, 2, 0, ""},
		{"go in a deferred literal", `c := make(chan int); defer func() { go func() { c <- 1 }() }(); return n`, false, 1, 0, ""},
		{"send in a called literal", `c := make(chan int); go func() { func() { c <- 1 }() }(); if n > 0 { return 0 }; return <-c`, false, 0, 1, "1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, leaks := check(t, "package p\n\nfunc f(n int) int {\n"+tt.body+"\n}\n")
			if len(leaks) != 1 {
				t.Fatalf("%d leaks", len(leaks))
			}
			l := leaks[0]
			size := ""
			if l.Size != nil {
				size = l.Size.String()
			}
			if size != tt.size {
				t.Errorf("size %q, want %q", size, tt.size)
			}
			for _, s := range l.Senders {
				if s.Rewritable() {
					t.Errorf("sender at %d is rewritable", s.Go.Pos())
				}
				if (s.Closure != nil) != tt.closure || (s.Closure != nil) == (s.Lit != nil) && s.Callee == nil {
					t.Errorf("closure %v, lit %v", s.Closure != nil, s.Lit != nil)
				}
				if len(s.Starts) != tt.starts || len(s.Helpers) != tt.helpers {
					t.Errorf("%d starts, %d helpers; want %d, %d", len(s.Starts), len(s.Helpers), tt.starts, tt.helpers)
				}
				if s.Body() == nil {
					t.Error("no body")
				}
			}
		})
	}
}

// TestTimerSenders checks the senders time.AfterFunc starts: only a timer
// nothing can stop (its *time.Timer dropped) whose literal f's own body
// passes is a sender, with Timer and Start set and Go nil; any other
// shape leaves the channel escaping, and nothing is reported.
func TestTimerSenders(t *testing.T) {
	tests := []struct {
		name, body string
		size       string // "" when nothing is reported
	}{
		{"dropped", `time.AfterFunc(d, func() { c <- 1 }); if d > 0 { return 0 }; return <-c`, "1"},
		{"assigned to blank", `_ = time.AfterFunc(d, func() { c <- 1 }); if d > 0 { return 0 }; return <-c`, "1"},
		{"in a loop", `for range 3 { time.AfterFunc(d, func() { c <- 1 }) }; return <-c`, "3"},
		{"kept and stopped", `t := time.AfterFunc(d, func() { c <- 1 }); defer t.Stop(); if d > 0 { return 0 }; return <-c`, ""},
		{"deferred", `defer time.AfterFunc(d, func() { c <- 1 }); return 0`, ""},
		{"closure variable", `send := func() { c <- 1 }; time.AfterFunc(d, send); if d > 0 { return 0 }; return <-c`, ""},
		{"in a called literal", `start := func() { time.AfterFunc(d, func() { c <- 1 }) }; start(); if d > 0 { return 0 }; return <-c`, ""},
		{"another AfterFunc", `afterFunc(d, func() { c <- 1 }); if d > 0 { return 0 }; return <-c`, ""},
		{"drained", `time.AfterFunc(d, func() { c <- 1 }); return <-c`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\n\nimport \"time\"\n\nfunc afterFunc(time.Duration, func()) {}\n\nfunc f(d time.Duration) int {\nc := make(chan int)\n" + tt.body + "\n}\n"
			_, leaks := check(t, src)
			if tt.size == "" {
				if len(leaks) != 0 {
					t.Fatalf("reported: %s", leaks[0].Message)
				}
				return
			}
			if len(leaks) != 1 || len(leaks[0].Senders) != 1 {
				t.Fatalf("%d leaks, want 1 with one sender", len(leaks))
			}
			l, s := leaks[0], leaks[0].Senders[0]
			if s.Go != nil || s.Timer == nil || s.Start() != s.TimerStmt || s.Lit == nil || !s.Rewritable() {
				t.Errorf("sender: go %v, timer %v, start %T, lit %v, rewritable %v", s.Go, s.Timer, s.Start(), s.Lit != nil, s.Rewritable())
			}
			if l.Size == nil || l.Size.String() != tt.size {
				t.Errorf("size %v, want %s", l.Size, tt.size)
			}
			if !strings.Contains(l.Message, "started by time.AfterFunc at line") {
				t.Errorf("message %q does not name time.AfterFunc", l.Message)
			}
		})
	}
}

// TestSliceFamilies checks channels made on each pass of a loop and kept
// in a local slice: reported as one family where the senders outnumber
// the receives from the slice, with Slice set and a buffer of one per
// channel; silent wherever the slice or a channel may be used uncounted.
func TestSliceFamilies(t *testing.T) {
	const spawn = `for _, x := range xs { ch := make(chan int); chs = append(chs, ch); go func() { ch <- x }() }; `
	tests := []struct {
		name, body string
		want       bool
	}{
		{"first of the slice", `var chs []chan int; ` + spawn + `return <-chs[0]`, true},
		{"early return in the drain", `var chs []chan int; ` + spawn + `for _, c := range chs { if <-c < 0 { return -1 } }; return 0`, true},
		{"stored by index", `chs := make([]chan int, len(xs)); for i, x := range xs { ch := make(chan int); chs[i] = ch; go func() { ch <- x }() }; return <-chs[0]`, true},
		{"drained", `var chs []chan int; ` + spawn + `n := 0; for _, c := range chs { n += <-c }; return n`, false},
		{"drained by index", `chs := []chan int{}; ` + spawn + `n := 0; for i := range chs { n += <-chs[i] }; return n`, false},
		{"buffered", `var chs []chan int; for _, x := range xs { ch := make(chan int, 1); chs = append(chs, ch); go func() { ch <- x }() }; return <-chs[0]`, false},
		{"slice from a call", `chs := fresh(); ` + spawn + `return <-chs[0]`, false},
		{"slice copied", `var chs []chan int; ` + spawn + `all := chs; return <-all[0]`, false},
		{"element read", `var chs []chan int; ` + spawn + `c := chs[0]; return <-c`, false},
		{"sent on by index", `chs := make([]chan int, len(xs)); for i := range xs { chs[i] = make(chan int); go func() { chs[i] <- i }() }; return <-chs[0]`, false},
		{"stored twice", `var chs []chan int; for _, x := range xs { ch := make(chan int); chs = append(chs, ch); chs = append(chs, ch); go func() { ch <- x }() }; return <-chs[0]`, false},
		{"uncounted spawns, counted drain", `var chs []chan int; for len(chs) < len(xs) { ch := make(chan int); chs = append(chs, ch); go func() { ch <- 1 }() }; n := 0; for range xs { n += <-chs[n] }; return n`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "package p\n\nfunc fresh() []chan int { return nil }\n\nfunc f(xs []int) int {\n" + tt.body + "\n}\n"
			_, leaks := check(t, src)
			if !tt.want {
				if len(leaks) != 0 {
					t.Fatalf("reported: %s", leaks[0].Message)
				}
				return
			}
			if len(leaks) != 1 {
				t.Fatalf("%d leaks, want 1", len(leaks))
			}
			l := leaks[0]
			if l.Slice == nil || l.Slice.Name() != "chs" {
				t.Errorf("Slice %v, want chs", l.Slice)
			}
			if l.Size == nil || l.Size.String() != "1" {
				t.Errorf("size %v, want 1 per channel", l.Size)
			}
			if !strings.HasPrefix(l.Message, "ch (one per pass, kept in chs): senders started at") {
				t.Errorf("message %q", l.Message)
			}
		})
	}
}

// TestGinkgoFail checks Ginkgo's Fail, and a fork's, as a panic: the
// spec ends there, and a sender not received from is left behind.
func TestGinkgoFail(t *testing.T) {
	for _, path := range []string{"github.com/onsi/ginkgo/v2", "github.com/bsm/ginkgo/v2"} {
		src := "package p\n\nimport (\n\t\"time\"\n\t. \"" + path + "\"\n)\n\n" +
			"func f() {\n\tdone := make(chan bool)\n\tgo func() { done <- true }()\n\tselect {\n\tcase <-done:\n\tcase <-time.After(time.Second):\n\t\tFail(\"still blocked\")\n\t}\n}\n"
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "p.go", src, 0)
		if err != nil {
			t.Fatal(err)
		}
		info := &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
			Scopes: map[ast.Node]*types.Scope{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, FileVersions: map[*ast.File]string{},
		}
		if _, err := (&types.Config{Importer: testifyImporter{fset}}).Check("p", fset, []*ast.File{f}, info); err != nil {
			t.Fatal(err)
		}
		leaks := File(fset, info, f)
		if len(leaks) != 1 || leaks[0].Exit.Kind != Panic || leaks[0].Exit.Call != "Fail" {
			t.Errorf("%s: leaks %+v", path, leaks)
		}
	}
}
