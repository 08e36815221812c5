package golden

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"slices"
	"strings"
)

// A genCase is one generated leaky package: a function F built from the
// shapes the detector knows, and func Case() any, which calls it so that
// the result does not depend on scheduling.
type genCase struct {
	name  string   // the package name, c0001
	shape []string // the choices made, for the counts and the report
	src   []byte
}

// caseGen builds one case from a seeded source of choices. Code is
// written as lines and formatted at the end.
type caseGen struct {
	r        *rand.Rand
	comments int
	shape    []string

	imports  map[string]bool
	decls    []string          // package-level declarations
	shadowed map[string]bool   // builtins shadowed at package level: close, len, max
	params   []string          // F's parameters, "xs []int"
	args     map[string]string // the argument of each parameter in Case
	lines    []string          // F's body
	gated    bool              // senders wait for the gate, opened when Case returns
	names    map[string]bool   // names declared in F's body by clutter and mutations
	minSends int               // fewest sends of the last spawns
	makeAt   int               // index in lines of the last make's first line
}

// beforeMake inserts lines just before the last make.
func (g *caseGen) beforeMake(lines ...string) {
	g.lines = slices.Insert(g.lines, g.makeAt, lines...)
}

// operand is what a loop of senders ranges over or counts to.
type operand struct {
	param, typ, arg string
	loopVar         string // the per-iteration variable the sender may use
}

func (g *caseGen) pick(p float64) bool { return g.r.Float64() < p }

func (g *caseGen) oneOf(xs ...string) string { return xs[g.r.IntN(len(xs))] }

func (g *caseGen) note(s string) { g.shape = append(g.shape, s) }

// line adds a line of F's body; gofmt indents it.
func (g *caseGen) line(format string, args ...any) {
	g.lines = append(g.lines, fmt.Sprintf(format, args...))
}

// above is maybe a comment line; trailing maybe a trailing comment; inner
// maybe a comment inside an expression. Every comment text is unique,
// so that a lost or duplicated one shows.
func (g *caseGen) above() {
	if g.pick(0.3) {
		g.comments++
		g.line("// above %d", g.comments)
	}
}

func (g *caseGen) trailing() string {
	if !g.pick(0.3) {
		return ""
	}
	g.comments++
	return fmt.Sprintf(" // trailing %d", g.comments)
}

func (g *caseGen) inner() string {
	if !g.pick(0.15) {
		return ""
	}
	g.comments++
	return fmt.Sprintf("/* inner %d */ ", g.comments)
}

func (g *caseGen) param(p, typ, arg string) {
	if _, ok := g.args[p]; ok {
		return
	}
	g.params = append(g.params, p+" "+typ)
	g.args[p] = arg
}

// generate builds case i of the run seeded with seed.
func generate(seed int64, i int) genCase {
	g := &caseGen{
		r:        rand.New(rand.NewPCG(uint64(seed), uint64(i))),
		imports:  map[string]bool{},
		shadowed: map[string]bool{},
		args:     map[string]string{},
		names:    map[string]bool{},
	}
	name := fmt.Sprintf("c%04d", i)
	// Builtins shadowed at package level do what the builtin would not,
	// so that a fix that calls them shows at run time.
	for _, b := range []string{"close", "len", "max"} {
		if g.pick(0.07) {
			g.shadowed[b] = true
			g.note("shadow-" + b)
		}
	}
	if g.shadowed["close"] {
		g.decls = append(g.decls, "func close(c chan struct{}) {}")
	}
	if g.shadowed["len"] {
		g.decls = append(g.decls, "func len(xs []int) int { return 0 }")
	}
	if g.shadowed["max"] {
		g.decls = append(g.decls, "func max(a, b int) int { return 0 }")
	}
	for _, v := range []string{"done", "g", "errgroup", "ctx"} {
		if g.pick(0.05) {
			g.decls = append(g.decls, fmt.Sprintf("var %s = 0", v))
			g.note("pkgvar-" + v)
		}
	}
	ret, call := g.body()
	caseFn := "func Case() any {\n"
	if g.gated {
		caseFn += "\tdefer gate.Open()\n"
		g.imports["gen/hold"] = true
		g.decls = append(g.decls, "// gate holds the senders back until Case returns.\nvar gate = hold.New()")
	}
	caseFn += call + "}"
	var b strings.Builder
	fmt.Fprintf(&b, "package %s\n\n", name)
	if len(g.imports) > 0 {
		b.WriteString("import (\n")
		paths := make([]string, 0, len(g.imports))
		for p := range g.imports {
			paths = append(paths, p)
		}
		slices.Sort(paths)
		for _, p := range paths {
			fmt.Fprintf(&b, "\t%q\n", p)
		}
		b.WriteString(")\n\n")
	}
	for _, d := range g.decls {
		b.WriteString(d + "\n\n")
	}
	g.comments++
	fmt.Fprintf(&b, "// F is generated (doc %d).\nfunc F(%s) %s {\n%s\n}\n\n%s\n", g.comments, strings.Join(g.params, ", "), ret, strings.Join(g.lines, "\n"), caseFn)
	src, err := format.Source([]byte(b.String()))
	if err != nil {
		panic(fmt.Sprintf("generated case does not format: %v\n%s", err, b.String()))
	}
	if g.pick(0.25) {
		src = spaceIndent(src)
		g.note("spaces")
	}
	return genCase{name: name, shape: g.shape, src: src}
}

// spaceIndent replaces each leading tab with four spaces.
func spaceIndent(src []byte) []byte {
	lines := strings.SplitAfter(string(src), "\n")
	for i, l := range lines {
		t := len(l) - len(strings.TrimLeft(l, "\t"))
		lines[i] = strings.Repeat("    ", t) + l[t:]
	}
	return []byte(strings.Join(lines, ""))
}

// body writes F's body and returns F's result type and the body of Case
// that calls it.
func (g *caseGen) body() (ret, call string) {
	switch g.r.IntN(8) {
	case 0, 1:
		return g.first()
	case 2:
		return g.timeout()
	case 3, 4:
		return g.errLoop()
	case 5:
		return g.producer()
	case 6:
		return g.twoChannels()
	default:
		return g.twoLeaks()
	}
}

// clutter writes statements that a fix must step around: unrelated
// assignments, calls, appends, and names that fixes like to take.
func (g *caseGen) clutter() {
	for range g.r.IntN(3) {
		g.above()
		switch g.r.IntN(6) {
		case 0:
			g.comments++
			k := g.comments
			g.line("tmp%d := %d%s", k, k, g.trailing())
			g.line("_ = tmp%d", k)
		case 1:
			g.imports["fmt"] = true
			in := g.inner()
			g.line("_ = fmt.Sprint(%s\"x\")%s", in, g.trailing())
		case 2:
			g.comments++
			k := g.comments
			g.line("var extra%d []int", k)
			g.line("extra%d = append(extra%d, 1)%s", k, k, g.trailing())
			g.line("_ = extra%d", k)
		default:
			v := g.oneOf("done", "g", "ctx", "errgroup", "done2", "g2")
			if _, param := g.args[v]; param || g.names[v] {
				continue
			}
			g.names[v] = true
			g.note("local-" + v)
			g.line("%s := %d%s", v, g.r.IntN(9), g.trailing())
			g.line("_ = %s", v)
		}
	}
}

// makeChan writes the make of channel ch of type elem.
func (g *caseGen) makeChan(ch, elem string) {
	g.above()
	g.makeAt = len(g.lines)
	in := g.inner()
	switch g.r.IntN(6) {
	case 0:
		g.note("make-var")
		g.line("var %s = make(chan %s%s)%s", ch, elem, in, g.trailing())
	case 1:
		g.note("make-assign")
		g.line("var %s chan %s", ch, elem)
		g.line("%s = make(chan %s%s)%s", ch, elem, in, g.trailing())
	case 2:
		g.note("make-zero")
		g.line("%s := make(chan %s, 0%s)%s", ch, elem, strings.TrimSuffix(" "+in, " "), g.trailing())
	default:
		g.line("%s := make(chan %s%s)%s", ch, elem, in, g.trailing())
	}
}

// operand picks what a loop of senders runs over, and declares it.
func (g *caseGen) operand(forErrors bool) operand {
	k := g.r.IntN(13)
	if forErrors {
		k = g.r.IntN(3)
	}
	switch k {
	case 5:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "from1", loopVar: "i"}
	case 6:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "upto", loopVar: "i"}
	case 7:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "down", loopVar: "i"}
	case 8:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "step2", loopVar: "i"}
	case 9:
		g.param("xs", "[]int", "[]int{1, 2, 3}")
		return operand{param: "xs", typ: "rangesub", loopVar: "x"}
	case 10:
		g.param("xs", "[]int", "[]int{1, 2, 3}")
		g.param("n", "int", "3")
		return operand{param: "xs", typ: "product", loopVar: "x"}
	case 11:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "triangle", loopVar: "j"}
	case 12:
		if g.shadowed["len"] {
			break
		}
		g.param("xs", "[]int", "[]int{1, 2, 3}")
		return operand{param: "xs", typ: "forlen", loopVar: "i"}
	case 0:
		g.param("xs", "[]int", "[]int{1, 2, 3}")
		return operand{param: "xs", typ: "range", loopVar: "x"}
	case 1:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "fori", loopVar: "i"}
	case 2:
		g.param("n", "int", "3")
		return operand{param: "n", typ: "rangeint", loopVar: "i"}
	case 3:
		g.param("m", "map[string]int", `map[string]int{"a": 1, "b": 2, "c": 3}`)
		return operand{param: "m", typ: "rangemap", loopVar: "k"}
	}
	return operand{typ: "nested", loopVar: "j"}
}

// mutate maybe changes the operand between the make and the spawns: a
// buffer sized at the make must then be refused, or be big enough.
func (g *caseGen) mutate(op operand) {
	if !g.pick(0.3) {
		return
	}
	if g.pick(0.4) {
		g.comments++
		k := g.comments
		switch op.param {
		case "xs":
			if g.pick(0.5) {
				g.note("mutate-alias-before-make")
				g.beforeMake(fmt.Sprintf("p%d := &xs", k))
				g.line("*p%d = append(*p%d, 6)", k, k)
			} else {
				g.note("mutate-closure")
				g.beforeMake(fmt.Sprintf("grow%d := func() { xs = append(xs, 7) }", k))
				g.line("grow%d()", k)
			}
			return
		case "n":
			g.note("mutate-alias-n")
			g.beforeMake(fmt.Sprintf("pn%d := &n", k))
			g.line("*pn%d += 2", k)
			return
		case "m":
			g.note("mutate-map-alias")
			g.beforeMake(fmt.Sprintf("alias%d := m", k))
			g.line(`alias%d["y"] = 25`, k)
			return
		}
	}
	switch op.param {
	case "xs":
		switch g.r.IntN(3) {
		case 0:
			g.note("mutate-append")
			g.line("xs = append(xs, 4)%s", g.trailing())
		case 1:
			g.note("mutate-shrink")
			g.line("xs = xs[1:]")
		default:
			g.note("mutate-pointer")
			g.comments++
			g.line("p%d := &xs", g.comments)
			g.line("*p%d = append(*p%d, 5)", g.comments, g.comments)
		}
	case "n":
		g.note("mutate-n")
		g.line("%s", g.oneOf("n++", "n += 2", "n = n * 2"))
	case "m":
		g.note("mutate-map")
		g.line(`m["z"] = 26`)
	}
}

// loop opens the loop of op and returns how many blocks it opened.
func (g *caseGen) loop(op operand, uses bool) int {
	v := "_"
	if uses {
		v = op.loopVar
	}
	switch op.typ {
	case "range":
		if uses {
			g.line("for _, x := range xs {%s", g.trailing())
		} else {
			g.line("for range xs {")
		}
	case "fori":
		g.line("for i := 0; i < n; i++ {%s", g.trailing())
	case "rangeint":
		if uses {
			g.line("for i := range n {")
		} else {
			g.line("for range n {")
		}
	case "rangemap":
		if uses {
			g.line("for k := range m {")
		} else {
			g.line("for range m {")
		}
	case "from1":
		g.line("for i := 1; i < n; i++ {")
	case "upto":
		g.line("for i := 0; i <= n; i++ {")
	case "down":
		g.line("for i := n; i > 0; i-- {")
	case "step2":
		g.line("for i := 0; i < n; i += 2 {")
	case "forlen":
		g.line("for i := 0; i < len(xs); i++ {")
	case "rangesub":
		if uses {
			g.line("for _, x := range xs[1:] {")
		} else {
			g.line("for range xs[1:] {")
		}
	case "product":
		if uses {
			g.line("for _, x := range xs {")
		} else {
			g.line("for range xs {")
		}
		g.line("for range n {")
		return 2
	case "triangle":
		g.line("for i := 0; i < n; i++ {")
		g.line("for j := 0; j < i; j++ {")
		return 2
	default:
		g.line("for i := 0; i < 2; i++ {")
		if uses {
			g.line("for j := 0; j < 2; j++ {")
		} else {
			g.line("for range 2 {")
		}
		_ = v
		return 2
	}
	return 1
}

// recvLoop opens a loop that receives once per sender of op.
func (g *caseGen) recvLoop(op operand) int {
	switch op.typ {
	case "range":
		g.line("for range xs {")
	case "fori":
		g.line("for i := 0; i < n; i++ {")
	case "rangeint":
		g.line("for range n {")
	case "rangemap":
		g.line("for range m {")
	default:
		g.line("for range 4 {")
	}
	return 1
}

func (g *caseGen) close(n int) {
	for range n {
		g.line("}")
	}
}

// sender writes a go statement that sends value on ch. value is a Go
// expression; in it, "$" stands for the loop variable, or 0 outside loops.
func (g *caseGen) sender(ch, value, loopVar string) {
	if loopVar == "" {
		loopVar = "0"
	}
	if loopVar == "k" { // a map key: a string
		value = strings.ReplaceAll(value, "$", "len(k)")
		if g.shadowed["len"] {
			value = strings.ReplaceAll(value, "len(k)", "0")
		}
	}
	var pre []string
	if g.gated {
		pre = append(pre, "gate.Wait()")
	}
	if g.pick(0.05) {
		g.note("sender-done-chan")
		pre = append(pre, "done := make(chan struct{})", "_ = done")
	}
	g.above()
	switch {
	case g.pick(0.3) && loopVar != "0" && loopVar != "k":
		g.note("sender-param")
		v := strings.ReplaceAll(value, "$", "v")
		arg := loopVar
		if len(pre) == 0 && g.pick(0.5) {
			g.line("go func(v int) { %s <- %s%s }(%s)%s", ch, g.inner(), v, arg, g.trailing())
			return
		}
		g.line("go func(v int) {")
		for _, p := range pre {
			g.line("%s", p)
		}
		g.above()
		g.line("%s <- %s%s%s", ch, g.inner(), v, g.trailing())
		g.line("}(%s)", arg)
	case len(pre) == 0 && g.pick(0.4):
		g.note("sender-oneline")
		g.line("go %sfunc() { %s <- %s%s }()%s", g.inner(), ch, g.inner(), strings.ReplaceAll(value, "$", loopVar), g.trailing())
	default:
		g.line("go func() {%s", g.trailing())
		for _, p := range pre {
			g.line("%s", p)
		}
		v := strings.ReplaceAll(value, "$", loopVar)
		if g.pick(0.3) {
			g.line("r := %s", v)
			v = "r"
		}
		g.above()
		g.line("%s%s %s<- %s%s%s", g.inner(), ch, g.inner(), g.inner(), v, g.trailing())
		g.line("}()")
	}
}

// spawns writes the senders of a first-result channel: every sender sends
// value, so the first received does not depend on which one wins.
func (g *caseGen) spawns(ch, value string) {
	switch g.r.IntN(4) {
	case 0:
		k := 1 + g.r.IntN(3)
		g.note(fmt.Sprintf("gos-%d", k))
		g.minSends = k
		for range k {
			g.sender(ch, value, "")
			g.maybeBetween()
		}
	case 1:
		g.note("const-loop")
		g.minSends = 3
		g.line("for i := 0; i < 3; i++ {")
		g.sender(ch, value, "i")
		g.line("}")
	case 2:
		g.note("one-and-loop")
		g.minSends = 3
		g.sender(ch, value, "")
		op := g.operand(false)
		g.note("loop-" + op.typ)
		g.loopSender(ch, value, op)
	default:
		op := g.operand(false)
		g.note("loop-" + op.typ)
		g.minSends = 2 // xs may lose one
		if op.typ == "rangesub" {
			g.minSends = 1
		}
		g.mutate(op)
		g.maybeBetween()
		block := op.param != "" && g.pick(0.15)
		if block {
			g.note("shadow-operand")
			g.line("{")
			switch op.param {
			case "xs":
				g.line("xs := append(xs, 4, 5)")
			case "n":
				g.line("n := n + 2")
			case "m":
				g.line(`m := map[string]int{"p": 1, "q": 2, "r": 3, "s": 4}`)
			}
		}
		g.loopSender(ch, value, op)
		if block {
			g.line("}")
		}
	}
}

// loopSender writes a loop of op that starts a sender per iteration.
func (g *caseGen) loopSender(ch, value string, op operand) {
	// A map key is used through len, unless len is shadowed.
	uses := strings.Contains(value, "$") && !(op.loopVar == "k" && g.shadowed["len"])
	// The loop's body may change what its header counts with.
	bump, k := "", 0
	if op.typ == "fori" && g.pick(0.25) {
		g.comments++
		bump, k = g.oneOf("i", "n"), g.comments
		if bump == "i" {
			g.line("again%d := false", k)
		}
	}
	n := g.loop(op, uses)
	if !uses {
		op.loopVar = ""
	}
	g.sender(ch, value, op.loopVar)
	switch bump {
	case "i":
		g.note("loop-bump-i")
		g.line("if i == 0 && !again%d {", k)
		g.line("again%d = true", k)
		g.line("i--")
		g.line("}")
	case "n":
		g.note("loop-bump-n")
		g.line("if i == 0 {")
		g.line("n++")
		g.line("}")
	}
	g.close(n)
}

func (g *caseGen) maybeBetween() {
	if g.pick(0.2) {
		g.clutter()
	}
}

// sameValue is an int expression of the loop variable ($) whose value
// does not depend on it.
func (g *caseGen) sameValue() string {
	return g.oneOf("1", "$*0 + 7", "$ - $ + 3", "weight($)")
}

func (g *caseGen) usesWeight(value string) {
	if strings.Contains(value, "weight(") && !slices.Contains(g.decls, weightDecl) {
		g.decls = append(g.decls, weightDecl)
	}
}

const weightDecl = "func weight(int) int { return 1 }"

// first: F returns the first (or first two) results; the rest leak.
func (g *caseGen) first() (string, string) {
	g.note("first")
	g.clutter()
	g.makeChan("out", "int")
	g.maybeBetween()
	value := g.sameValue()
	g.usesWeight(value)
	g.spawns("out", value)
	if g.minSends >= 2 && g.pick(0.15) {
		// A deferred receive registered before the make runs after
		// every defer a fix adds after it.
		g.note("defer-drain")
		g.beforeMake("var out chan int", "defer func() { <-out }()")
		for i := g.makeAt + 2; i < len(g.lines); i++ {
			if l, ok := strings.CutPrefix(g.lines[i], "out := make("); ok {
				g.lines[i] = "out = make(" + l
				break
			}
			if l, ok := strings.CutPrefix(g.lines[i], "var out = make("); ok {
				g.lines[i] = "out = make(" + l
				break
			}
			if g.lines[i] == "var out chan int" {
				g.lines = slices.Delete(g.lines, i, i+1)
				break
			}
		}
		g.minSends--
	}
	g.above()
	switch g.r.IntN(3) {
	case 0:
		g.line("v := <-out%s", g.trailing())
		g.line("return v")
	case 1:
		if g.minSends < 3 { // two receives of two senders leave none blocked
			g.line("return <-out")
			break
		}
		g.note("two-receives")
		g.line("return <-out + <-out%s", g.trailing())
	default:
		g.line("return <-out%s", g.trailing())
	}
	return "int", "\treturn F(" + g.callArgs() + ")\n"
}

func (g *caseGen) callArgs() string {
	var args []string
	for _, p := range g.params {
		name, _, _ := strings.Cut(p, " ")
		args = append(args, g.args[name])
	}
	return strings.Join(args, ", ")
}

// timeout: F gives up on a timeout or a quit channel while its senders
// wait for the gate, opened only once Case returns.
func (g *caseGen) timeout() (string, string) {
	g.note("timeout")
	g.gated = true
	g.clutter()
	g.makeChan("out", "int")
	g.maybeBetween()
	value := g.sameValue()
	g.usesWeight(value)
	g.spawns("out", value)
	g.above()
	g.line("select {")
	g.line("case v := <-out:%s", g.trailing())
	g.line("return v")
	if g.pick(0.5) {
		g.imports["time"] = true
		g.note("time-after")
		g.line("case <-time.After(time.Millisecond):")
	} else {
		g.param("quit", "<-chan struct{}", "quit")
		g.line("case <-quit:")
	}
	g.line("return -1")
	g.line("}")
	call := "\treturn F(" + g.callArgs() + ")\n"
	if _, ok := g.args["quit"]; ok {
		call = "\tquit := make(chan struct{})\n\tclose(quit)\n" + call
		if g.shadowed["close"] {
			call = "\tvar quit chan struct{}\n\tquit = hold.Closed()\n" + call[strings.Index(call, "\treturn"):]
		}
	}
	return "int", call
}

// errLoop: an error fan-out whose receive loop returns the first error,
// or with a fake testing.TB, stops at t.Fatal.
func (g *caseGen) errLoop() (string, string) {
	g.note("errloop")
	g.imports["errors"] = true
	g.decls = append(g.decls, "func check(x int) error {\n\tif x > 0 {\n\t\treturn errors.New(\"bad\")\n\t}\n\treturn nil\n}")
	fatal := g.pick(0.25)
	useCtx := !fatal && g.pick(0.4)
	if fatal {
		g.note("fatal")
		g.imports["testing"] = true
		g.params = append(g.params, "t testing.TB")
		g.args["t"] = "tb"
	}
	if useCtx {
		g.note("ctx")
		g.imports["context"] = true
		g.params = append(g.params, "ctx context.Context")
		g.args["ctx"] = "context.Background()"
		g.decls = append(g.decls, "func checkCtx(ctx context.Context, x int) error {\n\tif x > 0 {\n\t\treturn errors.New(\"bad\")\n\t}\n\treturn ctx.Err()\n}")
	}
	g.clutter()
	g.makeChan("errc", "error")
	op := g.operand(true)
	g.note("loop-" + op.typ)
	g.mutate(op)
	g.maybeBetween()
	value := "check($ + 1)"
	if useCtx {
		value = "checkCtx(ctx, $ + 1)"
	}
	g.loopSender("errc", value, op)
	g.above()
	n := g.recvLoop(op)
	g.line("if err := <-errc; err != nil {%s", g.trailing())
	if fatal {
		g.line("t.Fatal(err)")
	} else {
		g.line("return err")
	}
	g.line("}")
	g.close(n)
	if fatal {
		g.decls = append(g.decls, fakeTB)
		g.imports["fmt"] = true
		g.imports["runtime"] = true
		g.imports["sync"] = true
		return "", "\ttb := &fakeTB{}\n\tvar wg sync.WaitGroup\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tF(" + g.callArgs() + ")\n\t}()\n\twg.Wait()\n\treturn tb.msg\n"
	}
	if useCtx && g.pick(0.5) {
		g.note("ctx-after")
		g.line("return ctx.Err()")
	} else {
		g.line("return nil")
	}
	call := "\treturn fmt.Sprint(F(" + g.callArgs() + "))\n"
	g.imports["fmt"] = true
	// A clean run too: nothing leaks, and the fix must not change it.
	if _, ok := g.args["xs"]; ok && g.pick(0.5) {
		g.note("clean-run")
		clean := strings.Replace(g.callArgs(), "[]int{1, 2, 3}", "[]int{-1, -2}", 1)
		call = "\treturn fmt.Sprint(F(" + g.callArgs() + "), F(" + clean + "))\n"
	}
	return "error", call
}

const fakeTB = `// fakeTB stops the goroutine at Fatal, as testing.T does.
type fakeTB struct {
	testing.TB
	msg string
}

func (f *fakeTB) Fatal(args ...any) {
	f.msg = fmt.Sprint(args...)
	runtime.Goexit()
}`

// producer: one goroutine sends in a loop; F stops reading early.
func (g *caseGen) producer() (string, string) {
	g.note("producer")
	g.param("xs", "[]int", "[]int{1, 2, 3, 4}")
	g.clutter()
	g.makeChan("out", "int")
	g.maybeBetween()
	g.above()
	g.line("go func() {%s", g.trailing())
	endless := g.pick(0.3)
	if endless {
		g.note("endless")
		g.line("for i := 0; ; i++ {")
		g.line("out <- i%s", g.trailing())
		g.line("}")
	} else {
		g.line("for _, x := range xs {")
		g.above()
		g.line("out <- x%s", g.trailing())
		g.line("}")
		if !g.shadowed["close"] && g.pick(0.5) {
			g.note("closes")
			g.line("close(out)")
		}
	}
	g.line("}()")
	g.above()
	if g.pick(0.5) {
		g.line("sum := 0")
		g.line("for i := 0; i < 2; i++ {")
		g.line("sum += <-out%s", g.trailing())
		g.line("}")
		g.line("return sum")
	} else {
		g.line("for v := range out {")
		g.line("if v >= 2 {%s", g.trailing())
		g.line("return v")
		g.line("}")
		g.line("}")
		g.line("return -1")
	}
	return "int", "\treturn F(" + g.callArgs() + ")\n"
}

// twoChannels: one gated goroutine sends a result or an error; F gives up
// on a timeout.
func (g *caseGen) twoChannels() (string, string) {
	g.note("two-channels")
	g.gated = true
	g.imports["errors"] = true
	g.imports["fmt"] = true
	g.decls = append(g.decls, "func load() (int, error) { return 0, errors.New(\"no data\") }")
	g.clutter()
	g.makeChan("resc", "int")
	g.makeChan("errc", "error")
	g.maybeBetween()
	g.above()
	g.line("go func() {")
	g.line("gate.Wait()")
	g.line("v, err := load()")
	g.line("if err != nil {")
	g.line("errc <- err%s", g.trailing())
	g.line("return")
	g.line("}")
	g.line("resc <- v%s", g.trailing())
	g.line("}()")
	g.line("select {")
	g.line("case v := <-resc:")
	g.line("return v, nil")
	g.line("case err := <-errc:")
	g.line("return 0, err")
	g.param("quit", "<-chan struct{}", "quit")
	g.line("case <-quit:%s", g.trailing())
	g.line("return 0, errors.New(\"timeout\")")
	g.line("}")
	pre := "\tquit := make(chan struct{})\n\tclose(quit)\n"
	if g.shadowed["close"] {
		pre = "\tvar quit chan struct{}\n\tquit = hold.Closed()\n"
	}
	return "(int, error)", pre + "\treturn fmt.Sprint(F(" + g.callArgs() + "))\n"
}

// twoLeaks: two channels with their own senders in one function.
func (g *caseGen) twoLeaks() (string, string) {
	g.note("two-leaks")
	g.clutter()
	g.makeChan("a", "int")
	g.spawns("a", "1")
	g.maybeBetween()
	g.makeChan("b", "int")
	g.spawns("b", "2")
	g.above()
	g.line("return <-a + <-b%s", g.trailing())
	return "int", "\treturn F(" + g.callArgs() + ")\n"
}
