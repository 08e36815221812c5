package trace

import (
	"reflect"
	"strings"
	"testing"
)

// text joins lines; frame positions start with a tab, as in real dumps.
func text(lines ...string) string { return strings.Join(lines, "\n") + "\n" }

// firstSend is the frame of the send in First's goroutine, and firstGo
// that of the go statement in First that started it.
var (
	firstSend = Frame{"example.com/m/p.First.func1", "/src/p/p.go", 8}
	firstGo   = &Frame{"example.com/m/p.First", "/src/p/p.go", 7}
)

// parseTests are dumps, one a case, in every form Parse reads, with the
// goroutines it must find in them.
var parseTests = []struct {
	name string
	in   string
	want []Goroutine
}{{
	name: "debug=2 with wait time",
	in: text(
		"goroutine 7 [chan send, 5 minutes]:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
	),
	want: []Goroutine{{ID: 7, Count: 1, State: "chan send", Wait: 5, Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 1}},
}, {
	name: "leak profile debug=2, and a running goroutine",
	in: text(
		"goroutine 1 [running]:",
		"main.main()",
		"\t/src/main.go:30 +0xc7",
		"",
		"goroutine 8 [chan send (leaked), 2 minutes]:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
	),
	want: []Goroutine{
		{ID: 1, Count: 1, State: "running", Frames: []Frame{{"main.main", "/src/main.go", 30}}, Line: 1},
		{ID: 8, Count: 1, State: "chan send", Leaked: true, Wait: 2, Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 5},
	},
}, {
	name: "GOTRACEBACK=system: gp, m, fp, sp, pc; labels; inlined and elided frames",
	in: text(
		"goroutine 9 gp=0xc000002380 m=nil [select, locked to thread labels:{\"k\": \"v, w\"}]:",
		"example.com/m/p.wait(...)",
		"\t/src/p/p.go:20",
		"...additional frames elided...",
		"example.com/m/p.(*T[...]).Run(0xc000010000, {0x1, 0x2})",
		"\t/src/p/t.go:3 +0x1d fp=0xc000050fe0 sp=0xc000050fc0 pc=0x4a1b2c",
		"created by example.com/m/p.Start",
		"\t/src/p/t.go:9 +0x2f fp=0xc000050fe8 sp=0xc000050fe0 pc=0x4a1b40",
	),
	want: []Goroutine{{ID: 9, Count: 1, State: "select", Line: 1,
		Frames:    []Frame{{"example.com/m/p.wait", "/src/p/p.go", 20}, {"example.com/m/p.(*T[...]).Run", "/src/p/t.go", 3}},
		CreatedBy: &Frame{"example.com/m/p.Start", "/src/p/t.go", 9}}},
}, {
	name: "a panic in a test log",
	in: text(
		"=== RUN   TestX",
		"panic: boom (and more)",
		"",
		"goroutine 18 [running]:",
		"panic({0x4b8f20?, 0x52c2a0?})",
		"\t/usr/local/go/src/runtime/panic.go:783 +0x132",
		"example.com/m/p.TestX(0xc000003500?)",
		"\t/src/p/p_test.go:12 +0x25",
		"created by testing.(*T).Run in goroutine 1",
		"\t/usr/local/go/src/testing/testing.go:1997 +0x465",
		"exit status 2",
		"FAIL\texample.com/m/p\t0.005s",
	),
	want: []Goroutine{{ID: 18, Count: 1, State: "running", Line: 4,
		Frames:    []Frame{{"panic", "/usr/local/go/src/runtime/panic.go", 783}, {"example.com/m/p.TestX", "/src/p/p_test.go", 12}},
		CreatedBy: &Frame{"testing.(*T).Run", "/usr/local/go/src/testing/testing.go", 1997}}},
}, {
	name: "GODEBUG=tracebackancestors: ancestors are not the goroutine's stack",
	in: text(
		"goroutine 7 [chan send]:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
		"[originating from goroutine 1]:",
		"example.com/m/p.First(...)",
		"\t/src/p/p.go:7 +0x4e",
		"main.main(...)",
		"\t/src/main.go:5 +0x1",
		"",
	),
	want: []Goroutine{{ID: 7, Count: 1, State: "chan send", Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 1}},
}, {
	name: "goroutine leak profile, debug=1",
	in: text(
		"goroutineleak profile: total 3",
		"2 @ 0x4847ce 0x41715c 0x416d57 0x51a205 0x48b201",
		"#\t0x51a204\texample.com/m/p.First.func1+0x24\texample.com/m/p/p.go:8",
		"",
		"1 @ 0x4847ce 0x41814e 0x417c92 0x51d4b1 0x48b201",
		"# labels: {\"handler\": \"/x\"}",
		"#\t0x51d4b0\tmain.drain.func1+0x30\texample.com/m/main.go:99",
		"",
	),
	want: []Goroutine{
		{Count: 2, Leaked: true, Frames: []Frame{{"example.com/m/p.First.func1", "example.com/m/p/p.go", 8}}, Line: 2},
		{Count: 1, Leaked: true, Frames: []Frame{{"main.drain.func1", "example.com/m/main.go", 99}}, Line: 5},
	},
}, {
	name: "goroutine profile, debug=1: counts, not leaks",
	in: text(
		"goroutine profile: total 4",
		"4 @ 0x47e0ce 0x41491c 0x414517 0x4da01b 0x4845e1",
		"#\t0x4da01a\tmain.leak.func1+0x1a\t/tmp/gle/main.go:13",
	),
	want: []Goroutine{{Count: 4, Frames: []Frame{{"main.leak.func1", "/tmp/gle/main.go", 13}}, Line: 2}},
}, {
	name: "an empty leak profile",
	in:   text("goroutineleak profile: total 0"),
	want: nil,
}, {
	name: "goleak's report: stacks without headers",
	in: text(
		"goleak: Errors on successful test run: found unexpected goroutines:",
		"[Goroutine 22 in state chan receive, 3 minutes, with main.worker on top of the stack:",
		"main.worker(...)",
		"\t/src/main.go:90",
		"created by main.main in goroutine 1",
		"\t/src/main.go:48 +0x14d",
		" Goroutine 23 in state chan send, with example.com/m/p.First.func1 on top of the stack:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
		"]",
	),
	want: []Goroutine{
		{ID: 22, Count: 1, State: "chan receive", Wait: 3, Leaked: true, Line: 2,
			Frames: []Frame{{"main.worker", "/src/main.go", 90}}, CreatedBy: &Frame{"main.main", "/src/main.go", 48}},
		{ID: 23, Count: 1, State: "chan send", Leaked: true, Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 7},
	},
}, {
	name: "a dump, then goleak's report of the same goroutine: kept once, leaked",
	in: text(
		"goroutine 23 [chan send]:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
		"",
		"found unexpected goroutines:",
		"[Goroutine 23 in state chan send, with example.com/m/p.First.func1 on top of the stack:",
		"example.com/m/p.First.func1()",
		"\t/src/p/p.go:8 +0x25",
		"created by example.com/m/p.First in goroutine 1",
		"\t/src/p/p.go:7 +0x4e",
		"]",
	),
	want: []Goroutine{{ID: 23, Count: 1, State: "chan send", Leaked: true, Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 1}},
}, {
	name: "goleak's report in a test log, indented by go test",
	in: text(
		"--- FAIL: TestFirst (0.44s)",
		"    p_test.go:12: found unexpected goroutines:",
		"        [Goroutine 23 in state chan send, with example.com/m/p.First.func1 on top of the stack:",
		"        example.com/m/p.First.func1()",
		"        \t/src/p/p.go:8 +0x25",
		"        created by example.com/m/p.First in goroutine 1",
		"        \t/src/p/p.go:7 +0x4e",
		"        ]",
		"FAIL",
	),
	want: []Goroutine{{ID: 23, Count: 1, State: "chan send", Leaked: true, Frames: []Frame{firstSend}, CreatedBy: firstGo, Line: 3}},
}, {
	name: "tabs turned into spaces",
	in:   text("goroutine 7 [chan send]:", "example.com/m/p.First.func1()", "    /src/p/p.go:8 +0x25"),
	want: []Goroutine{{ID: 7, Count: 1, State: "chan send", Frames: []Frame{firstSend}, Line: 1}},
}, {
	name: "CRLF line ends, as pasted from a browser",
	in:   strings.ReplaceAll(text("goroutine 7 [chan send]:", "example.com/m/p.First.func1()", "\t/src/p/p.go:8 +0x25"), "\n", "\r\n"),
	want: []Goroutine{{ID: 7, Count: 1, State: "chan send", Frames: []Frame{firstSend}, Line: 1}},
}}

// TestParse checks that Parse finds in each dump of parseTests exactly its
// goroutines: IDs, counts, states, leak marks, waits, frames, creators and
// the lines their headers are on.
func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse("dump.txt", strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"", "dump.txt: no goroutines found: want a goroutine dump, a goroutine profile or goleak's report"},
		{text("PASS", "ok  \texample.com/m\t0.1s"), "dump.txt: no goroutines found: want a goroutine dump, a goroutine profile or goleak's report"},
		{text("goroutine 7 [chan send]:", "example.com/m/p.First.func1()", "example.com/m/p.First()"),
			"dump.txt:2: example.com/m/p.First.func1: no file:line on the next line"},
		{text("goroutine 7 [chan send]:", "example.com/m/p.First.func1()", "\t/src/p/p.go:8", "created by example.com/m/p.First in goroutine 1"),
			"dump.txt:4: example.com/m/p.First: no file:line on the next line"},
	}
	for _, tt := range tests {
		_, err := Parse("dump.txt", strings.NewReader(tt.in))
		if err == nil || err.Error() != tt.want {
			t.Errorf("Parse(%q) = %v, want %s", tt.in, err, tt.want)
		}
	}
}

func TestFuncNames(t *testing.T) {
	tests := []struct{ fn, pkg, decl string }{
		{"example.com/m/p.First", "example.com/m/p", "First"},
		{"example.com/m/p.First.func1", "example.com/m/p", "First"},
		{"example.com/m/p.First.func2.3", "example.com/m/p", "First"},
		{"example.com/m/p.First.gowrap1", "example.com/m/p", "First"},
		{"example.com/m/p.(*Pool).Ask.func1", "example.com/m/p", "Pool.Ask"},
		{"example.com/m/p.(*Set[...]).Add", "example.com/m/p", "Set.Add"},
		{"example.com/m/p.Pool.Ask", "example.com/m/p", "Pool.Ask"},
		{"example.com/m/p.Map[...].func1", "example.com/m/p", "Map"},
		{"gopkg.in/yaml%2ev3.(*decoder).unmarshal", "gopkg.in/yaml.v3", "decoder.unmarshal"},
		{"main.main", "main", "main"},
		{"main.drain.func1", "main", "drain"},
		{"panic", "", "panic"},
	}
	for _, tt := range tests {
		if got := PackagePath(tt.fn); got != tt.pkg {
			t.Errorf("PackagePath(%q) = %q, want %q", tt.fn, got, tt.pkg)
		}
		if got := DeclName(tt.fn); got != tt.decl {
			t.Errorf("DeclName(%q) = %q, want %q", tt.fn, got, tt.decl)
		}
	}
}
