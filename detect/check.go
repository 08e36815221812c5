package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/internal/scope"
	"golang.org/x/tools/go/cfg"
	"golang.org/x/tools/go/types/typeutil"
)

// check reports whether channel c leaks: whether there exists a path from
// the entry of f to one of its exits on which the goroutines f started can
// send more values than f receives and the buffer holds. A send that sits
// in a select with another way out does not count. Counts that depend on
// data (len(xs), n) all take the same value on a path, tried as 1, 2 and 3.
func (f *fn) check(c channel) (Leak, bool) {
	u, ok := f.classify(c)
	if !ok {
		return Leak{}, false
	}
	var senders []Sender
	for _, g := range u.order {
		s := u.senders[g]
		s.Max = f.maxSends(s.Body(), s.Sends, s.Helpers)
		if s.Max == 0 {
			delete(u.senders, g)
			continue
		}
		if f.coordinated(s) {
			return Leak{}, false // the senders decide among themselves who sends
		}
		s.Endless = endless(s.Body(), s.Sends)
		senders = append(senders, *s)
	}
	if len(senders) == 0 {
		return Leak{}, false
	}
	g := cfg.New(f.body, f.mayReturn)
	loops := f.loops(g, &u)
	if f.spawnsUncounted(c, &u, senders) && slices.ContainsFunc(loops, func(l *loop) bool { return l.recv && l.counted() }) {
		return Leak{}, false // an unknown number of senders against a counted drain: not sure
	}
	m := &sim{f: f, u: &u, g: g, loops: loops, comms: comms(f.body), make: c.stmt, dead: f.deadChannels(), conds: conditions(f.body), held: f.heldChannels(c)}
	dataDependent := false
	for _, l := range m.loops {
		dataDependent = dataDependent || l.trip == symbolic
	}
	for m.v = 1; m.v <= 3; m.v++ {
		m.buf = 0
		if len(c.make.Args) > 1 {
			buf, dep, ok := f.eval(c.make.Args[1], m.v)
			if !ok {
				return Leak{}, false // a buffer we cannot size
			}
			m.buf = buf
			dataDependent = dataDependent || dep
		}
		if w := m.search(); w != nil {
			l := f.leak(c, senders, m, w)
			if dataDependent {
				// Does the path receive as much with other data? If not,
				// the message cannot count what is left.
				v, recvs := m.v, l.Recvs
				m.v++
				if w := m.search(); w == nil || int(w.s.recv) != recvs {
					l.Recvs = -1
					l.Message = f.message(l)
				}
				m.v = v
			}
			return l, true
		}
		if !dataDependent {
			break
		}
	}
	return Leak{}, false
}

// endless reports whether one of sends is in a for loop without a
// condition that no break, return or goto leaves: a producer that never
// stops by itself.
func endless(body *ast.BlockStmt, sends []*ast.SendStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		loop, ok := n.(*ast.ForStmt)
		if found || !ok {
			return !found
		}
		if loop.Cond != nil || !slices.ContainsFunc(sends, func(s *ast.SendStmt) bool { return loop.Pos() <= s.Pos() && s.End() <= loop.End() }) {
			return true
		}
		exits := false
		ast.Inspect(loop.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				exits = true
			case *ast.BranchStmt:
				exits = exits || n.Tok == token.BREAK || n.Tok == token.GOTO
			}
			return !exits
		})
		found = !exits
		return !found
	})
	return found
}

// spawnsUncounted reports whether a sender is started in a loop whose
// number of passes the check does not know: a goto loop, or a for or
// range loop it cannot count.
// For a family of channels kept in a slice (see sliceOf), the loop
// around the make counts too: its passes are the family's senders.
func (f *fn) spawnsUncounted(c channel, u *uses, senders []Sender) bool {
	for _, s := range senders {
		if slices.ContainsFunc(s.startNodes(), f.inGotoLoop) {
			return true
		}
		for _, l := range slices.Concat(mapSlice(s.startNodes(), f.enclosingLoops)...) {
			if u.slice == nil && l.Pos() <= c.make.Pos() && c.make.End() <= l.End() {
				continue // around the make too: each pass has its own channel
			}
			trip := free
			switch l := l.(type) {
			case *ast.ForStmt:
				if l.Cond != nil {
					trip = f.forTrip(l)
				}
			case *ast.RangeStmt:
				trip = f.rangeTrip(l)
			}
			if trip == free {
				return true
			}
		}
	}
	return false
}

// coordinated reports whether a send of s is conditional on an atomic
// operation: the goroutines then coordinate which of them sends, a
// protocol the check cannot follow.
func (f *fn) coordinated(s *Sender) bool {
	found := false
	ast.PreorderStack(s.Body(), nil, func(n ast.Node, stack []ast.Node) bool {
		send, ok := n.(*ast.SendStmt)
		if !ok || !slices.Contains(s.Sends, send) {
			return true
		}
		for _, x := range stack {
			if ifs, ok := x.(*ast.IfStmt); ok && (f.callsAtomic(ifs.Cond) || f.flagged(s, ifs)) {
				found = true
			}
		}
		return true
	})
	return found
}

// flagged reports whether ifs tests a flag that the senders share and
// that its branch sets, under a mutex the sender locks: mu.Lock(); if
// !sent { sent = true; c <- v }. Only the first to take the lock sends.
func (f *fn) flagged(s *Sender, ifs *ast.IfStmt) bool {
	if !f.locks(s.Body()) {
		return false
	}
	found := false
	ast.Inspect(ifs.Cond, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok {
			return !found
		}
		v, ok := f.info.Uses[id].(*types.Var)
		body := s.Body()
		shared := ok && !v.IsField() && (v.Pos() < body.Pos() || v.Pos() >= body.End())
		found = found || shared && f.assignedIn(ifs.Body, v)
		return !found
	})
	return found
}

// locks reports whether body calls Lock on a sync.Mutex or sync.RWMutex.
func (f *fn) locks(body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(f.info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync" && fn.Name() == "Lock" {
				found = true
			}
		}
		return !found
	})
	return found
}

// callsAtomic reports whether e calls into sync/atomic.
func (f *fn) callsAtomic(e ast.Expr) bool {
	found := false
	ast.Inspect(e, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(f.info, call).(*types.Func); ok && fn.Pkg() != nil && fn.Pkg().Path() == "sync/atomic" {
				found = true
			}
		}
		return !found
	})
	return found
}

// deadChannels returns the channels made in f that nothing ever sends on
// or closes: a select case that receives from one can never run.
func (f *fn) deadChannels() map[types.Object]bool {
	dead := map[types.Object]bool{}
	for _, c := range f.channels() {
		dead[c.obj] = true
	}
	ast.PreorderStack(f.body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || !dead[f.info.Uses[id]] {
			return true
		}
		if u, ok := stack[len(stack)-1].(*ast.UnaryExpr); !ok || u.Op != token.ARROW {
			delete(dead, f.info.Uses[id]) // sent on, closed, passed, stored: alive
		}
		return true
	})
	return dead
}

// conditions collects the conditions of the if and for statements and
// the case expressions of tagless switches in body: the expressions on
// which the cfg branches, true first. A tagged switch's case values are
// compared with the tag, not taken as conditions.
func conditions(body ast.Node) map[ast.Expr]bool {
	set := map[ast.Expr]bool{}
	inspectOwn(body, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.IfStmt:
			set[n.Cond] = true
		case *ast.ForStmt:
			if n.Cond != nil {
				set[n.Cond] = true
			}
		case *ast.SwitchStmt:
			if n.Tag != nil {
				break
			}
			for _, c := range n.Body.List {
				for _, e := range c.(*ast.CaseClause).List {
					set[e] = true
				}
			}
		}
	})
	return set
}

// heldChannels returns the channels other than c with which f holds
// its goroutines back: made in f, unbuffered, sent on by f itself and
// received inside a function literal of f (stall <- struct{}{} against
// <-stall in a hook). At most 8, the bits of state.paced.
func (f *fn) heldChannels(c channel) []types.Object {
	var held []types.Object
	for _, h := range f.channels() {
		if h.obj == c.obj || h.holder != nil || len(h.make.Args) > 1 || len(held) == 8 {
			continue
		}
		sends, litRecvs := false, false
		ast.PreorderStack(f.body, nil, func(n ast.Node, stack []ast.Node) bool {
			switch n := n.(type) {
			case *ast.SendStmt:
				sends = sends || scope.Names(f.info, n.Chan, h.obj) && f.own(stack)
			case *ast.UnaryExpr:
				litRecvs = litRecvs || n.Op == token.ARROW && scope.Names(f.info, n.X, h.obj) && !f.own(stack)
			}
			return true
		})
		if sends && litRecvs {
			held = append(held, h.obj)
		}
	}
	return held
}

// comms collects the communication statements of the selects in body.
func comms(body ast.Node) map[ast.Stmt]bool {
	set := map[ast.Stmt]bool{}
	inspectOwn(body, func(n ast.Node) {
		if cc, ok := n.(*ast.CommClause); ok && cc.Comm != nil {
			set[cc.Comm] = true
		}
	})
	return set
}

// maxSends returns the most sends from sends on one path through n;
// Many if a path can repeat one of them without a bound the check knows.
func (f *fn) maxSends(n ast.Node, sends []*ast.SendStmt, helpers map[ast.Stmt]int) int {
	if n == nil || len(sends) == 0 {
		return 0
	}
	is := map[ast.Stmt]int{}
	for _, s := range sends {
		is[s] = 1
	}
	for s, k := range helpers {
		is[s] = k
	}
	// A goto or a labelled break or continue jumps where the syntax tree
	// does not say: count on the control-flow graph.
	if body, ok := n.(*ast.BlockStmt); ok && jumps(body) {
		return f.cfgMaxSends(body, is)
	}
	p := paths{f: f, is: is}
	r := p.stmt(n)
	return max(r.open, r.closed, r.broke, r.cont, 0)
}

// jumps reports whether body holds a goto, or a break or continue with a
// label, outside nested function literals.
func jumps(body *ast.BlockStmt) bool {
	found := false
	inspectOwn(body, func(n ast.Node) {
		if b, ok := n.(*ast.BranchStmt); ok && (b.Tok == token.GOTO || b.Label != nil) {
			found = true
		}
	})
	return found
}

// cfgMaxSends returns the most sends on one path through body's
// control-flow graph, each statement of is counting as many sends as it
// says; Many when a statement that sends lies on a cycle.
func (f *fn) cfgMaxSends(body *ast.BlockStmt, is map[ast.Stmt]int) int {
	g := cfg.New(body, f.mayReturn)
	weight := make([]int, len(g.Blocks))
	for _, b := range g.Blocks {
		for _, n := range b.Nodes {
			if st, ok := n.(ast.Stmt); ok {
				weight[b.Index] += is[st]
			}
		}
		if weight[b.Index] > 0 && onCycle(b) {
			return Many
		}
	}
	// Longest path from the entry: the cycles left send nothing, so
	// len(g.Blocks) rounds of relaxation reach every simple path.
	best := make([]int, len(g.Blocks))
	for i := range best {
		best[i] = none
	}
	best[0] = weight[0]
	for range g.Blocks {
		for _, b := range g.Blocks {
			for _, to := range b.Succs {
				if best[b.Index] != none {
					best[to.Index] = max(best[to.Index], min(best[b.Index]+weight[to.Index], Many))
				}
			}
		}
	}
	return max(slices.Max(best), 0)
}

// onCycle reports whether a path leads from b back to b.
func onCycle(b *cfg.Block) bool {
	seen := map[*cfg.Block]bool{}
	stack := slices.Clone(b.Succs)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if x == b {
			return true
		}
		if !seen[x] {
			seen[x] = true
			stack = append(stack, x.Succs...)
		}
	}
	return false
}

// none marks the absence of a path, where paths counts sends.
const none = -1

// paths counts the most sends on the paths through statements.
type paths struct {
	f  *fn
	is map[ast.Stmt]int // the statements that send, and how many times
}

// A count is the most sends on each kind of path through a statement:
// open paths go on after it, closed paths end in a return inside it,
// broken paths leave the innermost loop around it by a break, continued
// paths go to its next pass by a continue.
type count struct{ open, closed, broke, cont int }

// path is a count with open paths only: a statement that falls through.
func path(open int) count { return count{open, none, none, none} }

// add is a + b, where either may be none.
func add(a, b int) int {
	if a == none || b == none {
		return none
	}
	return min(a+b, Many)
}

// merge is the count of taking a or b.
func merge(a, b count) count {
	return count{max(a.open, b.open), max(a.closed, b.closed), max(a.broke, b.broke), max(a.cont, b.cont)}
}

// then is the count of k sends followed by c.
func then(k int, c count) count {
	return count{add(k, c.open), add(k, c.closed), add(k, c.broke), add(k, c.cont)}
}

func (p paths) list(stmts []ast.Stmt) count {
	r := path(0)
	for _, s := range stmts {
		c := then(r.open, p.stmt(s))
		r = count{c.open, max(r.closed, c.closed), max(r.broke, c.broke), max(r.cont, c.cont)}
	}
	return r
}

func (p paths) stmt(n ast.Node) count {
	switch n := n.(type) {
	case *ast.SendStmt, *ast.ExprStmt:
		if k, ok := p.is[n.(ast.Stmt)]; ok {
			return path(k)
		}
	case *ast.ReturnStmt:
		return count{none, 0, none, none}
	case *ast.BranchStmt:
		// Labelled jumps and goto are counted on the graph (jumps).
		switch {
		case n.Tok == token.BREAK && n.Label == nil:
			return count{none, none, 0, none}
		case n.Tok == token.CONTINUE && n.Label == nil:
			return count{none, none, none, 0}
		}
	case *ast.BlockStmt:
		return p.list(n.List)
	case *ast.LabeledStmt:
		return p.stmt(n.Stmt)
	case *ast.IfStmt:
		b := path(0)
		if n.Else != nil {
			b = p.stmt(n.Else)
		}
		return merge(p.stmt(n.Body), b)
	case *ast.ForStmt:
		trip := free
		if n.Cond != nil {
			trip = p.f.forTrip(n)
		}
		return p.loop(n.Body, trip, n.Cond != nil)
	case *ast.RangeStmt:
		return p.loop(n.Body, p.f.rangeTrip(n), true)
	case *ast.SwitchStmt:
		return p.clauses(n.Body)
	case *ast.TypeSwitchStmt:
		return p.clauses(n.Body)
	case *ast.SelectStmt:
		return p.clauses(n.Body)
	case *ast.CaseClause:
		return p.list(n.Body)
	case *ast.CommClause:
		r := p.list(n.Body)
		if n.Comm != nil {
			r = then(p.stmt(n.Comm).open, r)
		}
		return r
	}
	return path(0)
}

// loop counts a loop: a constant number of passes multiplies the sends of
// a pass; any other number repeats them without bound. A break ends the
// loop, a return ends the function, a continue starts the next pass.
func (p paths) loop(body *ast.BlockStmt, trip int, cond bool) count {
	c := p.list(body.List)
	next := max(c.open, c.cont) // the paths that go round again
	out := count{none, c.closed, none, none}
	if cond {
		out.open = 0 // the condition fails
	}
	out.open = max(out.open, c.broke)
	if next > 0 {
		if trip < 0 || trip > limit {
			return count{Many, Many, none, none}
		}
		passes := min(next*trip, Many)
		out.open = max(out.open, passes)
		out.closed = max(out.closed, add(passes, c.closed))
		out.open = max(out.open, add(passes, c.broke))
	}
	return out
}

// clauses counts a switch or select: one clause runs, or none.
func (p paths) clauses(body *ast.BlockStmt) count {
	r := path(0)
	for _, c := range body.List {
		x := p.stmt(c)
		// A break inside a clause leaves the switch, not a loop.
		r = merge(r, count{max(x.open, x.broke), x.closed, none, x.cont})
	}
	return r
}

// eval returns the value of a buffer size when every data-dependent count
// is v, and whether it depends on data.
func (f *fn) eval(e ast.Expr, v int) (n int, dep, ok bool) {
	if n, ok := intConst(f.info, e); ok {
		return n, false, true
	}
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.SelectorExpr:
		return v, true, true
	case *ast.CallExpr:
		if (isBuiltin(f.info, e.Fun, "len") || isBuiltin(f.info, e.Fun, "cap")) && len(e.Args) == 1 {
			return v, true, true
		}
	case *ast.BinaryExpr:
		x, _, okx := f.eval(e.X, v)
		y, _, oky := f.eval(e.Y, v)
		if okx && oky {
			switch e.Op {
			case token.ADD:
				return x + y, true, true
			case token.SUB:
				return max(x-y, 0), true, true
			case token.MUL:
				return x * y, true, true
			case token.QUO:
				if y != 0 {
					return x / y, true, true
				}
			}
		}
	}
	return 0, false, false
}

// leak builds the report for the path m found.
func (f *fn) leak(c channel, senders []Sender, m *sim, w *witness) Leak {
	l := Leak{
		Func:    f.node,
		Name:    f.name,
		Chan:    c.obj,
		Holder:  c.holder,
		Slice:   m.u.slice,
		Make:    c.make,
		Stmt:    c.decl,
		Senders: senders,
		Exit:    w.exit,
		Recvs:   int(w.s.recv),
	}
	if w.s.last > 0 {
		l.Last = m.recvs[w.s.last-1]
	}
	l.Size = f.size(c, senders)
	l.Message = f.message(l)
	return l
}

// message says what blocks, where, and which exit leaves it blocked.
func (f *fn) message(l Leak) string {
	// at names a line, with its file when it is not the make's.
	at := func(p token.Pos) string {
		posn, make := f.fset.PositionFor(p, false), f.fset.PositionFor(l.Make.Pos(), false)
		if posn.Filename != make.Filename {
			return fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
		}
		return fmt.Sprint(posn.Line)
	}
	// places says "line 5", "lines 5, 7", or "worker.go:5" for another file.
	places := func(list []string) string {
		if strings.Contains(strings.Join(list, " "), ":") {
			return strings.Join(list, ", ")
		}
		if len(list) == 1 {
			return "line " + list[0]
		}
		return "lines " + strings.Join(list, ", ")
	}
	var goLines, sendLines []string
	producer := false
	for _, s := range l.Senders {
		for _, n := range s.startNodes() { // the calls that run the go statement, if not itself
			goLines = append(goLines, at(n.Pos()))
		}
		producer = producer || s.Max >= Many
		for _, send := range s.Sends {
			if line := at(send.Pos()); !slices.Contains(sendLines, line) { // senders may share a literal
				sendLines = append(sendLines, line)
			}
		}
	}
	var who string
	buf := 0
	if len(l.Make.Args) > 1 {
		buf, _ = intConst(f.info, l.Make.Args[1])
	}
	switch {
	case producer:
		who = "the producer"
	case l.Size == nil:
		who = "senders"
	case l.Recvs < 0:
		who = fmt.Sprintf("some of the %s senders", l.Size)
	case len(l.Size.Terms) == 0 && l.Size.Const == 1:
		who = "the sender"
	case buf+l.Recvs == 0:
		who = fmt.Sprintf("all %s senders", l.Size)
	default:
		left := Size{Const: l.Size.Const - buf - l.Recvs, Terms: l.Size.Terms}
		who = fmt.Sprintf("%s of %s senders", &left, l.Size)
	}
	if l.Slice != nil && !producer {
		who = "senders" // Size counts the senders of one channel of the family
	}
	started := "started at"
	if !slices.ContainsFunc(l.Senders, func(s Sender) bool { return s.Timer == nil }) {
		started = "started by time.AfterFunc at"
	}
	send := "the send"
	if len(sendLines) > 1 {
		send = "the sends"
	}
	return fmt.Sprintf("%s: %s %s %s can block forever on %s at %s: %s",
		l.chanName(), who, started, places(goLines), send, places(sendLines), f.exitText(l))
}

// line is the line of p in the file as it is on disk, //line directives
// aside, so that messages and edits agree.
func (f *fn) line(p token.Pos) int { return f.fset.PositionFor(p, false).Line }

// exitText says how f leaves and what it received before.
func (f *fn) exitText(l Leak) string {
	line := f.line
	exitLine := line(l.Exit.Pos)
	var verb string
	switch l.Exit.Kind {
	case Return:
		verb = "returns"
	case End:
		verb = "reaches its end"
	case Panic:
		verb = "panics"
	case Stop:
		verb = "stops at " + l.Exit.Call
	case Again:
		verb = "makes a new " + l.chanName()
	}
	producer := slices.ContainsFunc(l.Senders, func(s Sender) bool { return s.Max >= Many })
	switch {
	case producer && l.Recvs != 0:
		return fmt.Sprintf("%s %s at line %d while the producer may still send", l.Name, verb, exitLine)
	case l.Recvs < 0:
		return fmt.Sprintf("%s %s at line %d before it has received from every sender", l.Name, verb, exitLine)
	case l.Recvs == 0:
		return fmt.Sprintf("%s %s at line %d without receiving", l.Name, verb, exitLine)
	case l.Recvs == 1 && line(l.Last) == exitLine:
		return fmt.Sprintf("%s %s after the first receive at line %d", l.Name, verb, exitLine)
	case l.Recvs == 1:
		return fmt.Sprintf("%s %s at line %d after the first receive at line %d", l.Name, verb, exitLine, line(l.Last))
	}
	return fmt.Sprintf("%s %s at line %d after %d receives, the last at line %d", l.Name, verb, exitLine, l.Recvs, line(l.Last))
}

// size returns the sends the channel must buffer, as an expression valid at
// the make call, or nil when that is not known: a sender sends more than
// once, or is started in a loop the check cannot count from the make site.
func (f *fn) size(c channel, senders []Sender) *Size {
	s := &Size{}
	for _, snd := range senders {
		// A goto that jumps back over the go statement starts it a
		// number of times the syntax does not say.
		if snd.Max != 1 || f.inGotoLoop(snd.Start()) {
			return nil
		}
		if snd.Starts != nil {
			return nil // started by calls of a literal: not counted yet
		}
		var loops []ast.Stmt
		for _, l := range f.enclosingLoops(snd.Start()) {
			if !(l.Pos() <= c.make.Pos() && c.make.End() <= l.End()) { // a loop around the make makes a new channel each time
				loops = append(loops, l)
			}
		}
		switch len(loops) {
		case 0:
			s.Const++
			continue
		case 1:
		default:
			return nil
		}
		if _, obj := scope.At(f.info, f.node, c.make.Pos()).LookupParent("len", c.make.Pos()); obj != types.Universe.Lookup("len") {
			return nil // len is shadowed where the channel is made
		}
		var t Term
		switch l := loops[0].(type) {
		case *ast.RangeStmt:
			n := f.rangeTrip(l)
			if n >= 0 {
				s.Const += n
				continue
			}
			if n != symbolic {
				return nil
			}
			t = Term{X: l.X, Len: !isInteger(f.info.TypeOf(l.X))}
		case *ast.ForStmt:
			n := f.forTrip(l)
			if n >= 0 {
				s.Const += n
				continue
			}
			if n != symbolic {
				return nil
			}
			t = Term{X: forBound(l)}
		}
		if !f.validAt(t.X, c.make.Pos()) {
			return nil
		}
		s.Terms = append(s.Terms, t)
	}
	return s
}

// mapSlice applies fn to each element of xs.
func mapSlice[T, U any](xs []T, fn func(T) U) []U {
	out := make([]U, 0, len(xs))
	for _, x := range xs {
		out = append(out, fn(x))
	}
	return out
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}

// enclosingLoops lists the loops of f around n, outermost first.
func (f *fn) enclosingLoops(n ast.Node) []ast.Stmt {
	var loops []ast.Node
	ast.PreorderStack(f.body, nil, func(x ast.Node, stack []ast.Node) bool {
		if _, ok := x.(*ast.FuncLit); ok || loops != nil {
			return false
		}
		if x == n {
			loops = slices.Clone(stack)
			return false
		}
		return true
	})
	var out []ast.Stmt
	for _, x := range loops {
		switch x := x.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			out = append(out, x.(ast.Stmt))
		}
	}
	return out
}

// validAt reports whether e means the same at pos as where it was written:
// it is made of names, fields and constants, each name resolves at pos to
// the same object, and no name is assigned after pos.
func (f *fn) validAt(e ast.Expr, pos token.Pos) bool {
	sc := scope.At(f.info, f.node, pos)
	ok := true
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			obj := f.info.Uses[n]
			if obj == nil {
				ok = false
				break
			}
			if _, at := sc.LookupParent(n.Name, pos); at != obj {
				ok = false
			}
			if _, isVar := obj.(*types.Var); isVar && f.assignedAfter(obj, pos) {
				ok = false
			}
		case *ast.SelectorExpr:
			if sel := f.info.Selections[n]; sel != nil && sel.Kind() != types.FieldVal {
				ok = false
			}
			ok = ok && f.validAt(n.X, pos)
			return false
		case nil, *ast.BasicLit, *ast.ParenExpr, *ast.BinaryExpr:
		default:
			ok = false
		}
		return ok
	})
	return ok
}

// assignedAfter reports whether obj is assigned, or its address taken,
// after pos anywhere in f.
func (f *fn) assignedAfter(obj types.Object, pos token.Pos) bool {
	found := false
	ast.Inspect(f.body, func(n ast.Node) bool {
		found = found || n != nil && n.Pos() > pos && f.assigns(n, obj)
		return !found
	})
	return found
}
