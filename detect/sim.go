package detect

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/cfg"
)

// Counts in a state saturate at limit; inf marks a producer that sends
// without bound, or a channel drained to the end.
const (
	limit    = 60
	inf      = 1 << 14
	maxSlots = 8
	budget   = 1 << 18 // states explored per channel before giving up
)

// A state is a point of a path through f's control-flow graph with what
// happened on the way: sends started by goroutines, receives made by f, and
// the iterations of each counted loop it is in.
type state struct {
	block    int32
	started  int16 // sends the goroutines started so far can make
	deferred int16 // sends the goroutines that deferred calls start will make
	recv     int16 // receives f made so far; inf once it drained the channel
	last     int16 // 1 + index of the last receive in sim.recvs, 0 if none
	iterRecv bool  // f received in this iteration of the loop it is in
	early    bool  // f left a loop that receives before the loop ended
	paced    uint8 // the held channels (sim.held) f has sent on, one bit each
	iters    [maxSlots]int8
}

// A sim is one search for a leaking path, for one channel and one value
// of the data-dependent counts.
type sim struct {
	f       *fn
	u       *uses
	g       *cfg.CFG
	loops   []*loop
	comms   map[ast.Stmt]bool // select cases, whose receives count in the case body
	make    ast.Node          // the statement that makes the channel
	dead    map[types.Object]bool
	conds   map[ast.Expr]bool // the conditions of f's if and for statements and tagless switches
	held    []types.Object    // channels f paces other goroutines with (see heldChannels)
	v       int               // the value every data-dependent count takes
	buf     int
	recvs   []token.Pos
	witness *witness
}

// A witness is a leaking exit and the path state that reached it.
type witness struct {
	exit Exit
	s    state
}

// search explores the paths from f's entry and returns the first exit,
// breadth first, that leaves more sends pending than the buffer holds.
func (m *sim) search() *witness {
	m.witness = nil
	start := state{block: 0}
	seen := map[state]bool{start: true}
	queue := []state{start}
	for len(queue) > 0 && m.witness == nil {
		if len(seen) > budget {
			return nil // too many paths to be sure
		}
		s := queue[0]
		queue = queue[1:]
		b := m.g.Blocks[s.block]
		s, ok := m.enter(b, s)
		if m.witness != nil {
			break
		}
		if !ok {
			continue // a path that cannot run
		}
		if len(b.Succs) == 0 {
			s.started = addStarted(s.started, int(s.deferred)) // the deferred calls run as f leaves
			if exit, ok := m.exit(b); ok && m.leaks(s, b) {
				m.witness = &witness{exit, s}
			}
			continue
		}
		for _, to := range b.Succs {
			if next, ok := m.step(s, b, to); ok && !seen[next] {
				seen[next] = true
				queue = append(queue, next)
			}
		}
	}
	return m.witness
}

// enter runs the nodes of block b, and reports whether a path can.
func (m *sim) enter(b *cfg.Block, s state) (state, bool) {
	switch b.Kind {
	case cfg.KindSelectCaseBody:
		comm := b.Stmt.(*ast.CommClause).Comm
		if m.receivesDead(comm) {
			return s, false
		}
		s = m.receive(s, comm)
		s = m.pace(s, comm)
	case cfg.KindRangeBody:
		for _, l := range m.loops {
			if l.stmt == b.Stmt && l.overC {
				s = m.count(s, 1, b.Stmt.Pos())
			}
		}
	}
	for _, n := range b.Nodes {
		if st, ok := n.(ast.Stmt); ok && m.comms[st] {
			continue
		}
		if g, ok := n.(*ast.GoStmt); ok {
			if snd := m.u.senders[g]; snd != nil {
				s.started = addStarted(s.started, snd.Max)
			}
			continue
		}
		if st, ok := n.(ast.Stmt); ok && m.u.senders[st] != nil {
			// time.AfterFunc: its timer starts the sender later, but surely.
			s.started = addStarted(s.started, m.u.senders[st].Max)
		}
		for _, snd := range m.u.starts[n] {
			s.started = addStarted(s.started, snd.Max)
		}
		for _, snd := range m.u.deferred[n] {
			s.deferred = addStarted(s.deferred, snd.Max)
		}
		if n == m.make && m.u.slice == nil { // a family kept in a slice is not abandoned
			// Made again by a loop: the old channel's senders are left behind.
			if m.witness == nil && m.leaks(s, b) {
				m.witness = &witness{Exit{Pos: n.Pos(), Kind: Again}, s}
			}
			s.started, s.recv, s.last = 0, 0, 0
			continue
		}
		s = m.receive(s, n)
		s = m.pace(s, n)
		// require.NoError and friends stop the test only sometimes.
		inspectOwn(n, func(n ast.Node) {
			if call, ok := n.(*ast.CallExpr); ok && m.witness == nil && m.f.stop(call) == maybe && m.leaks(s, b) {
				m.witness = &witness{Exit{call.Pos(), Stop, callName(call)}, s}
			}
		})
	}
	return s, true
}

// receivesDead reports whether comm receives from a channel nobody sends
// on or closes.
func (m *sim) receivesDead(comm ast.Stmt) bool {
	var x ast.Expr
	switch comm := comm.(type) {
	case *ast.ExprStmt:
		x = comm.X
	case *ast.AssignStmt:
		x = comm.Rhs[0]
	}
	u, ok := ast.Unparen(x).(*ast.UnaryExpr)
	if !ok || u.Op != token.ARROW {
		return false
	}
	id, ok := ast.Unparen(u.X).(*ast.Ident)
	return ok && m.dead[m.f.info.Uses[id]]
}

// receive counts the receives on the channel in n.
func (m *sim) receive(s state, n ast.Node) state {
	if n == nil {
		return s
	}
	inspectOwn(n, func(n ast.Node) {
		if u, ok := n.(*ast.UnaryExpr); ok && u.Op == token.ARROW && m.f.isChan(u.X, m.u) {
			s = m.count(s, 1, u.Pos())
		}
	})
	return s
}

// pace records the sends of f in n on the channels it holds goroutines with.
func (m *sim) pace(s state, n ast.Node) state {
	if len(m.held) == 0 || n == nil {
		return s
	}
	inspectOwn(n, func(n ast.Node) {
		send, ok := n.(*ast.SendStmt)
		if !ok {
			return
		}
		if id, ok := ast.Unparen(send.Chan).(*ast.Ident); ok {
			if i := slices.Index(m.held, m.f.info.Uses[id]); i >= 0 {
				s.paced |= 1 << i
			}
		}
	})
	return s
}

// count records k receives, the last at pos.
func (m *sim) count(s state, k int, pos token.Pos) state {
	if s.recv != inf {
		s.recv = int16(min(int(s.recv)+k, limit))
	}
	s.iterRecv = true
	for i, p := range m.recvs {
		if p == pos {
			s.last = int16(i + 1)
			return s
		}
	}
	m.recvs = append(m.recvs, pos)
	s.last = int16(len(m.recvs))
	return s
}

func addStarted(started int16, sends int) int16 {
	if started == inf || sends >= Many {
		return inf
	}
	return int16(min(int(started)+sends, limit))
}

// step follows the edge from b to to, or reports that no path takes it
// in state s: a counted loop runs exactly its count.
func (m *sim) step(s state, b, to *cfg.Block) (state, bool) {
	if m.constantBranch(b, to) {
		return s, false
	}
	s.block = int32(to.Index)
	for _, l := range m.loops {
		var ok bool
		if s, ok = m.stepLoop(s, l, b, to); !ok {
			return s, false
		}
	}
	return s, true
}

// leaves reports whether the edge from b to to goes from inside l to
// outside it.
func (l *loop) leaves(b, to *cfg.Block) bool {
	return (b == l.header || l.inside(b)) && !l.inside(to) && to != l.header
}

// nextPass records an edge from b into l's header: the loop starts, or
// goes round again.
func (l *loop) nextPass(s state, b *cfg.Block) state {
	if l.counted() {
		if l.inside(b) {
			s.iters[l.slot]++
		} else {
			s.iters[l.slot] = 0
		}
	}
	if l.recv && !l.counted() {
		s.iterRecv = false
	}
	return s
}

// trip is the number of passes the simulation gives a counted loop.
func (m *sim) trip(l *loop) int {
	if l.trip != symbolic {
		return l.trip
	}
	if l.bound != nil {
		if x, _, ok := m.f.eval(l.bound, m.v); ok {
			return min(x, limit) // iters counts in an int8
		}
	}
	return m.v
}

// stepLoop follows the edge from b to to as far as loop l is concerned.
func (m *sim) stepLoop(s state, l *loop, b, to *cfg.Block) (state, bool) {
	n := m.trip(l)
	normalExit := b == l.header && to == l.done && l.cond
	switch {
	case normalExit:
		if l.counted() && int(s.iters[l.slot]) != n {
			return s, false
		}
		if l.overC || l.recv && !l.counted() {
			s.recv = inf // drained: the channel was closed, or an unknown count was reached
		}
	case b == l.header && to == l.first && l.counted():
		if int(s.iters[l.slot]) >= n {
			return s, false
		}
	}
	if to == l.header {
		s = l.nextPass(s, b)
	}
	leaves := !normalExit && l.leaves(b, to)
	if leaves && (l.recv || l.overC) {
		s.early = true
	}
	// A break out of a receive loop we cannot count, right after a
	// receive, may be the one that ends a complete drain.
	if leaves && l.recv && !l.counted() && !l.overC && s.iterRecv {
		s.recv = inf
	}
	return s, true
}

// constantBranch reports whether the edge from b to to is the branch a
// constant condition never takes: const debug = false; if debug { … }.
// The cfg ends a block with the condition, then the true and the false
// successor.
func (m *sim) constantBranch(b, to *cfg.Block) bool {
	if len(b.Nodes) == 0 || len(b.Succs) != 2 {
		return false
	}
	cond, ok := b.Nodes[len(b.Nodes)-1].(ast.Expr)
	if !ok || !m.conds[cond] {
		return false
	}
	tv := m.f.info.Types[cond]
	if tv.Value == nil || tv.Value.Kind() != constant.Bool {
		return false
	}
	taken := b.Succs[1]
	if constant.BoolVal(tv.Value) {
		taken = b.Succs[0]
	}
	return to != taken
}

// leaks reports whether s, at an exit in block b, leaves more sends pending
// than the buffer holds.
func (m *sim) leaks(s state, b *cfg.Block) bool {
	if s.recv == inf {
		return false
	}
	// Until f has sent on every channel it holds goroutines with, a
	// sender may be held there, before its send: which ones, the check
	// cannot tell.
	if int(s.paced) != 1<<len(m.held)-1 {
		return false
	}
	for _, l := range m.loops {
		// Leaving a receive loop we cannot count, right after a receive,
		// may be what a complete drain looks like.
		if l.recv && !l.counted() && !l.overC && s.iterRecv && (b == l.header || l.inside(b)) {
			return false
		}
	}
	if s.started == inf {
		// A producer sends without a bound we know. Its leak is sure only
		// if nothing buffers it and f never received from it, or leaves a
		// loop that receives from it before that loop ends.
		return m.buf == 0 && (s.recv == 0 || s.early || m.inReceiveLoop(b) || m.endless())
	}
	if s.started >= limit && s.recv >= limit {
		return false
	}
	return int(s.started)-int(s.recv) > m.buf
}

// endless reports whether a sender never stops sending by itself.
func (m *sim) endless() bool {
	for _, s := range m.u.senders {
		if s.Endless {
			return true
		}
	}
	return false
}

// inReceiveLoop reports whether block b is in a loop that receives from
// the channel.
func (m *sim) inReceiveLoop(b *cfg.Block) bool {
	for _, l := range m.loops {
		if (l.recv || l.overC) && (b == l.header || l.inside(b)) {
			return true
		}
	}
	return false
}

// exit reports how f leaves at the end of block b, which has no successors.
func (m *sim) exit(b *cfg.Block) (Exit, bool) {
	if len(b.Nodes) == 0 {
		return Exit{}, false
	}
	switch n := b.Nodes[len(b.Nodes)-1].(type) {
	case *ast.ReturnStmt:
		if n.Return == m.f.body.End()-1 && n.Results == nil {
			return Exit{Pos: n.Return, Kind: End}, true
		}
		return Exit{Pos: n.Pos(), Kind: Return}, true
	case *ast.ExprStmt:
		call, ok := n.X.(*ast.CallExpr)
		if !ok {
			return Exit{}, false
		}
		switch m.f.stop(call) {
		case panics:
			return Exit{call.Pos(), Panic, callName(call)}, true
		case stops:
			return Exit{call.Pos(), Stop, callName(call)}, true
		}
	}
	return Exit{}, false // the process exits, or f never gets here
}
