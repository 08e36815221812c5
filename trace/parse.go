package trace

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

// A Frame is one call in a goroutine's stack, as the dump names it.
type Frame struct {
	Func string `json:"func"` // e.g. example.com/m/pkg.(*T).Get.func1
	File string `json:"file"` // the path the binary was built with
	Line int    `json:"line"`
}

// A Goroutine is one goroutine of a dump, or Count identical ones where a
// debug=1 profile aggregates them.
type Goroutine struct {
	ID        int     // 0 in a debug=1 profile
	Count     int     // 1, or the count of a debug=1 record
	State     string  // "chan send", "select", …; "" where the dump does not say
	Leaked    bool    // the leak profile marked it (leaked), or goleak reported it
	Wait      int     // minutes it has been blocked, where the dump says
	Frames    []Frame // innermost first
	CreatedBy *Frame  // the go statement that started it; nil for the main goroutine or a debug=1 profile
	Line      int     // the input line where it starts
}

// running are the states of goroutines that are not blocked.
var running = map[string]bool{
	"running": true, "runnable": true, "syscall": true, "idle": true,
	"dead": true, "copystack": true, "preempted": true,
}

// Blocked reports whether g waits for something. A debug=1 profile does
// not give states, so its goroutines count as blocked, except the one that
// writes the profile. The main goroutine parked in select {} waits by
// design (Go 1.26's leak profile reports it as leaked).
func (g Goroutine) Blocked() bool {
	if running[g.State] || g.ID == 1 && g.State == "select (no cases)" {
		return false
	}
	return len(g.Frames) == 0 || !strings.HasPrefix(g.Frames[0].Func, "runtime/pprof.")
}

// An Error is input that is not a goroutine dump.
type Error struct {
	Name string // the input's name
	Line int    // 0 when the error is about the whole input
	Msg  string
}

// Error formats the error as "name:line: message".
func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Name + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
}

var (
	// goroutine 7 [chan send (leaked), 5 minutes]:
	// goroutine 7 gp=0xc000002380 m=0 mp=0x5a5f40 [running]:   (GOTRACEBACK=system, fatal errors)
	headerRE = regexp.MustCompile(`^goroutine (\d+)(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[(.*)\]:$`)
	// goroutineleak profile: total 11
	profileRE = regexp.MustCompile(`^(goroutine|goroutineleak) profile: total \d+$`)
	// 2 @ 0x4847ce 0x41715c 0x519e86
	recordRE = regexp.MustCompile(`^(\d+) @(?: 0x[0-9a-f]+)+$`)
	// [Goroutine 21 in state chan send, with pkg.F on top of the stack:
	goleakRE = regexp.MustCompile(`Goroutine (\d+) in state (.*), with \S+ on top of the stack:$`)
	// [originating from goroutine 1]:   (GODEBUG=tracebackancestors=N)
	ancestorRE = regexp.MustCompile(`^\[originating from goroutine \d+\]:$`)
	// created by pkg.F in goroutine 1
	createdRE = regexp.MustCompile(`^created by (\S+)(?: in goroutine \d+)?$`)
	// \t/path/file.go:12 +0x1d fp=0xc000 sp=0xc000 pc=0x4a1b   (the tab may have become spaces)
	posRE = regexp.MustCompile(`^\s*(.+):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=\S+ sp=\S+ pc=\S+)?$`)
	// #\t0x519e85\texample.com/m/pkg.F.func1+0x65\t/path/file.go:17
	recordFrameRE = regexp.MustCompile(`^#\s+0x[0-9a-f]+\s+(\S+?)(?:\+0x[0-9a-f]+)?\s+(.+):(\d+)$`)
	minutesRE     = regexp.MustCompile(`^(\d+) minutes$`)
)

// Parse reads every goroutine in r, which may mix dumps, debug=1 profiles
// and goleak reports with other output (a test log, a panic message).
// name is the input's name in errors; input with no goroutines is one,
// unless it is a profile, which may be empty. A goroutine that appears twice
// (a dump and goleak's report of the same process) is kept once.
func Parse(name string, r io.Reader) ([]Goroutine, error) {
	p := &reader{name: name, byID: map[int]int{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for sc.Scan() {
		p.line++
		if err := p.parseLine(strings.TrimRight(sc.Text(), "\r")); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, &Error{Name: name, Line: p.line + 1, Msg: err.Error()}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	if len(p.out) == 0 && !p.profile {
		return nil, &Error{Name: name, Msg: "no goroutines found: want a goroutine dump, a goroutine profile or goleak's report"}
	}
	return p.out, nil
}

// reader is the state between lines: the goroutine being read, and a
// function whose file:line comes on the next line.
type reader struct {
	name string
	line int
	out  []Goroutine
	byID map[int]int // index in out of each goroutine with an ID

	cur      *Goroutine
	record   bool   // cur is a debug=1 record
	pending  string // function waiting for its file:line
	created  bool   // pending is the "created by" function
	funcLine int    // line of pending
	profile  bool   // a debug=1 profile was seen: it may have no records
	leakProf bool   // the debug=1 records are from the goroutine leak profile
	ancestor bool   // reading the stack of an ancestor, not of a goroutine
}

func (p *reader) errorf(line int, format string, args ...any) error {
	return &Error{Name: p.name, Line: line, Msg: fmt.Sprintf(format, args...)}
}

func (p *reader) parseLine(l string) error {
	// go test indents what a test logs; frame positions keep their tab.
	l = strings.TrimLeft(l, " ")
	if p.pending != "" {
		return p.position(l)
	}
	if m := headerRE.FindStringSubmatch(l); m != nil {
		id, _ := strconv.Atoi(m[1])
		// goleak's own line before the header already says it leaked.
		leaked := p.cur != nil && p.cur.ID == id && p.cur.Leaked && len(p.cur.Frames) == 0
		if err := p.finish(); err != nil {
			return err
		}
		p.cur = &Goroutine{ID: id, Count: 1, Line: p.line, Leaked: leaked}
		parseState(p.cur, m[2])
		return nil
	}
	if m := profileRE.FindStringSubmatch(l); m != nil {
		p.profile, p.leakProf = true, m[1] == "goroutineleak"
		return p.finish()
	}
	if m := recordRE.FindStringSubmatch(l); m != nil {
		if err := p.finish(); err != nil {
			return err
		}
		n, _ := strconv.Atoi(m[1])
		p.cur = &Goroutine{Count: n, Line: p.line, Leaked: p.leakProf}
		p.record = true
		return nil
	}
	if m := goleakRE.FindStringSubmatch(l); m != nil {
		// goleak prints the goroutine's stack without its header.
		if err := p.finish(); err != nil {
			return err
		}
		id, _ := strconv.Atoi(m[1])
		p.cur = &Goroutine{ID: id, Count: 1, Line: p.line, Leaked: true}
		parseState(p.cur, m[2])
		return nil
	}
	if p.ancestor {
		p.ancestor = l != ""
		return nil
	}
	if p.cur == nil {
		return nil // not part of a dump
	}
	if p.record {
		if m := recordFrameRE.FindStringSubmatch(l); m != nil {
			n, _ := strconv.Atoi(m[3])
			p.cur.Frames = append(p.cur.Frames, Frame{Func: m[1], File: m[2], Line: n})
			return nil
		}
		if strings.HasPrefix(l, "# labels:") {
			return nil
		}
		return p.finish()
	}
	switch {
	case ancestorRE.MatchString(l):
		p.ancestor = true
		return p.finish()
	case l == "...additional frames elided...",
		strings.TrimSpace(l) == "goroutine running on other thread; stack unavailable":
		return nil
	case createdRE.MatchString(l):
		p.pending, p.created, p.funcLine = createdRE.FindStringSubmatch(l)[1], true, p.line
		return nil
	case isCall(l):
		p.pending, p.created, p.funcLine = l[:strings.LastIndexByte(l, '(')], false, p.line
		return nil
	}
	return p.finish() // a blank line, goleak's closing "]", or other output
}

// isCall reports whether l is a frame's call line, "pkg.F(args)" or
// "panic(args)": a function name without spaces, then the arguments.
func isCall(l string) bool {
	i := strings.LastIndexByte(l, '(')
	if i <= 0 || !strings.HasSuffix(l, ")") {
		return false
	}
	name := l[:i]
	return !strings.ContainsAny(name, " \t") && (strings.Contains(name, ".") || name == "panic")
}

// position reads the file:line line that follows a function.
func (p *reader) position(l string) error {
	m := posRE.FindStringSubmatch(l)
	if m == nil {
		return p.errorf(p.funcLine, "%s: no file:line on the next line", p.pending)
	}
	n, _ := strconv.Atoi(m[2])
	f := Frame{Func: p.pending, File: m[1], Line: n}
	if p.created {
		p.cur.CreatedBy = &f
	} else {
		p.cur.Frames = append(p.cur.Frames, f)
	}
	p.pending = ""
	return nil
}

// finish ends the goroutine being read.
func (p *reader) finish() error {
	g := p.cur
	p.cur, p.record = nil, false
	if p.pending != "" {
		return p.errorf(p.funcLine, "%s: no file:line on the next line", p.pending)
	}
	if g == nil {
		return nil
	}
	if len(g.Frames) == 0 && g.CreatedBy == nil {
		return nil // a header with no stack, as in a truncated dump
	}
	if i, ok := p.byID[g.ID]; ok && g.ID != 0 {
		p.out[i].Leaked = p.out[i].Leaked || g.Leaked
		return nil
	}
	if g.ID != 0 {
		p.byID[g.ID] = len(p.out)
	}
	p.out = append(p.out, *g)
	return nil
}

// parseState reads the bracketed part of a goroutine header:
// "chan send (leaked), 5 minutes, locked to thread labels:{…}".
func parseState(g *Goroutine, s string) {
	if i := strings.Index(s, " labels:{"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ", ")
	state := parts[0]
	for _, mark := range []string{" (leaked)", " (scan)", " (durable)"} {
		if strings.Contains(state, mark) {
			state = strings.Replace(state, mark, "", 1)
			g.Leaked = g.Leaked || mark == " (leaked)"
		}
	}
	g.State = state
	for _, p := range parts[1:] {
		if m := minutesRE.FindStringSubmatch(p); m != nil {
			g.Wait, _ = strconv.Atoi(m[1])
		}
	}
}
