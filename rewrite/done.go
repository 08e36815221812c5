package rewrite

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/internal/scope"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"
)

// Done makes every blocking send a select that gives up once the function
// that made the channel has returned.
//
//	out := make(chan T)              out := make(chan T)
//	                             =>  done := make(chan struct{})
//	                                 defer close(done)
//	go func() {                      go func() {
//		out <- v // why                  select {
//	}()                                  case out <- v: // why
//	                                     case <-done:
//	                                         return
//	                                     }
//	                                 }()
//
// Safe because done is closed only by the deferred close, when the
// function returns: until then every send behaves exactly as before, and
// after it nobody receives, so the sender leaving instead of blocking
// forever is the only change. A context the caller can cancel would not
// do: it can end while the function still receives, and a sender that
// dropped its value then turns the leak into a deadlock. The return
// leaves the goroutine, which also ends a producer's loop. It needs:
//
//   - every sender is a literal at its go statement, or a closure variable
//     that is only ever called, not deferred, passed on or assigned again
//     (see onlyCalled), or a function of the package that takes done as a
//     new parameter (a producer helper: see helper.go); its sends are its
//     own statements (not in a nested literal, whose return would not
//     leave the goroutine), and the literal returns no values (return
//     alone);
//   - the make is a statement of a block, alone on its line, and not in a
//     loop of the function (each iteration would add a deferred close, run
//     only when the function returns, while the senders of earlier
//     iterations stay blocked);
//   - every go statement comes after the make in its block, so that done
//     is in scope;
//   - close and make mean the builtins there;
//   - each send is alone on its line, or the only statement of a one-line
//     literal, so that the select is laid out as gofmt would.
//
// Leaks fed by the same goroutines (a result and an error channel), or made
// by one statement, take one fix together: one done channel after the
// last of their make calls, and every send guarded. Different groups of
// one function get different names: done, done2, …
func Done(s *Source, l detect.Leak, all []detect.Leak) (Fix, error) {
	groups := doneGroups(l.Func, all)
	k := slices.IndexFunc(groups, func(g []detect.Leak) bool {
		return slices.ContainsFunc(g, func(o detect.Leak) bool { return o.Make == l.Make })
	})
	group := groups[k]
	at := group[0].Stmt // the make after which done is declared
	for _, g := range group {
		if g.Stmt.Pos() > at.Pos() {
			at = g.Stmt
		}
	}
	block, err := s.doneSite(l.Func, at)
	if err != nil {
		return Fix{}, err
	}
	sc := scope.At(s.Info, l.Func, at.End())
	for _, name := range []string{"close", "make"} {
		if err := s.builtin(sc, name, l.Chan.Name()); err != nil {
			return Fix{}, err
		}
	}
	var names []string
	for range k + 1 {
		names = append(names, s.fresh(l.Func, sc, "done", names...))
	}
	done := names[k]
	nl := s.newline()
	ind, unit := s.indentOf(at.Pos()), s.unitOf(l.Func)
	edits := []analysis.TextEdit{insert(s.lineEnd(at.End()),
		nl+ind+done+" := make(chan struct{})"+nl+ind+"defer close("+done+")")}
	if err := s.noDefers(l.Func, group, senders(group)); err != nil {
		return Fix{}, err
	}
	if pos := s.deferredUse(l.Func, group); pos.IsValid() {
		return Fix{}, fmt.Errorf("a deferred call at line %d uses the channel: it may run after close(done) and wait for a sender that gave up", s.line(pos))
	}
	if op := s.deferredWait(l.Func, at); op != nil {
		return Fix{}, fmt.Errorf("the deferred call at line %d %s before close(done) runs, and may wait for a sender still blocked", s.line(op.Pos()), describe(op))
	}
	others := slices.DeleteFunc(slices.Clone(all), func(o detect.Leak) bool {
		return slices.ContainsFunc(group, func(g detect.Leak) bool { return g.Make == o.Make })
	})
	guards, helpers, err := s.guards(l.Func, group, others, at, block, done, unit)
	if err != nil {
		return Fix{}, err
	}
	msg := fixPrefix + "cancel senders with a done channel"
	if len(helpers) > 0 {
		msg += ", passed to " + strings.Join(helpers, " and ")
	}
	return Fix{Strategy: StrategyDone, Message: msg, Edits: append(edits, guards...)}, nil
}

// guards returns the edits that make every send of the senders give up
// once done is closed: in the goroutines' literals, and in the producer
// helpers they run, with the helpers' new parameter and arguments. It
// also returns the names of those helpers. others are the file's leaks
// that the fix leaves: a helper that feeds one of them too would hide it
// behind a select whose done is nil there.
func (s *Source) guards(fn ast.Node, group, others []detect.Leak, at ast.Stmt, block ast.Node, done, unit string) ([]analysis.TextEdit, []string, error) {
	var guarded []*ast.SendStmt
	for _, snd := range senders(group) {
		guarded = append(guarded, snd.Sends...)
	}
	quiet := s.quietAfterSend(group, guarded)
	buffered := slices.ContainsFunc(group, s.buffered)
	var edits []analysis.TextEdit
	var seen []*ast.SendStmt
	var helpers []*helperCall
	ours := map[*ast.FuncDecl][]*ast.CallExpr{} // the calls that pass done
	params := map[*ast.FuncDecl]string{}        // the helpers' new parameters
	for _, snd := range senders(group) {
		lit, err := s.doneSender(fn, snd, at, block)
		if err != nil {
			return nil, nil, err
		}
		h, err := s.helperOf(snd, lit)
		if err != nil {
			return nil, nil, err
		}
		if err := s.givesUpQuietly(snd, lit, h, buffered, guarded, quiet); err != nil {
			return nil, nil, err
		}
		if h != nil {
			if err := h.helperShape(); err != nil {
				return nil, nil, err
			}
			if o := s.feeds(h, others); o != nil {
				return nil, nil, fmt.Errorf("%s also feeds %s, made at line %d, and one fix cannot give each leak its own done", h.fn.Name(), o.Chan.Name(), s.line(o.Make.Pos()))
			}
			if _, ok := params[h.decl]; !ok {
				helpers = append(helpers, h)
				params[h.decl] = s.fresh(h.decl, s.Info.Scopes[h.decl.Type], "done")
			}
			ours[h.decl] = append(ours[h.decl], h.call)
		}
		for _, send := range snd.Sends {
			if slices.Contains(seen, send) {
				continue
			}
			seen = append(seen, send)
			var guard []analysis.TextEdit
			switch {
			case lit != nil && lit.Pos() <= send.Pos() && send.End() <= lit.End():
				guard, err = s.guard(lit, send, done, unit)
			case h != nil && h.decl.Pos() <= send.Pos() && send.End() <= h.decl.End():
				guard, err = s.guard(h.decl, send, params[h.decl], s.unitOf(h.decl))
			default:
				err = fmt.Errorf("the send at %s is in a function the goroutine at line %d does not run last", s.where(send.Pos()), s.line(snd.Start().Pos()))
			}
			if err != nil {
				return nil, nil, err
			}
			edits = append(edits, guard...)
		}
	}
	var names []string
	for _, h := range helpers {
		more, err := s.helperEdits(h, params[h.decl], done, ours[h.decl])
		if err != nil {
			return nil, nil, err
		}
		edits = append(edits, more...)
		names = append(names, h.fn.Name())
	}
	return edits, names, nil
}

// givesUpQuietly checks that a sender that gives up at a send, in its
// literal lit or its helper h, leaves nobody waiting for what it skips
// (afterSends), and, on a buffered channel, skips nothing with an effect
// (effectAfterSends).
func (s *Source) givesUpQuietly(snd detect.Sender, lit *ast.FuncLit, h *helperCall, buffered bool, guarded []*ast.SendStmt, quiet func(ast.Node) bool) error {
	var bodies []ast.Node
	if lit != nil {
		bodies = append(bodies, lit.Body)
	}
	if h != nil {
		bodies = append(bodies, h.decl.Body)
	}
	for _, body := range bodies {
		if buffered && len(snd.Sends) > 0 {
			if op := s.effectAfterSends(body, snd.Sends, func(n ast.Node) bool { return slices.Contains(guarded, n.(*ast.SendStmt)) }); op != nil {
				return fmt.Errorf("the channel has a buffer: once the function has returned, a sender whose send would still find room may give up instead, and skip what it did at %s", s.where(op.Pos()))
			}
		}
		if op := s.afterSends(body, snd.Sends, quiet); op != nil {
			return fmt.Errorf("the goroutine at line %d %s at %s after a send: if it gives up there, whatever waits for that stays blocked", s.line(snd.Start().Pos()), describe(op), s.where(op.Pos()))
		}
	}
	return nil
}

// buffered reports whether l's channel is made with a buffer that may
// not be zero.
func (s *Source) buffered(l detect.Leak) bool {
	if len(l.Make.Args) < 2 {
		return false
	}
	tv := s.Info.Types[l.Make.Args[1]]
	return tv.Value == nil || tv.Value.String() != "0"
}

// quietAfterSend exempts from afterSends what a sender that gives up may
// skip without leaving another goroutine blocked: the sends the fix
// guards, closing a channel of the group, whose only receiver has
// returned, and receiving from a call such as ctx.Done() or
// time.After(d), which no goroutine feeds.
func (s *Source) quietAfterSend(group []detect.Leak, guarded []*ast.SendStmt) func(ast.Node) bool {
	return func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SendStmt:
			return slices.Contains(guarded, n)
		case *ast.UnaryExpr:
			return n.Op == token.ARROW && s.unfed(n.X)
		case *ast.CallExpr:
			return isBuiltinClose(s.Info, n) && len(n.Args) == 1 &&
				slices.ContainsFunc(group, func(l detect.Leak) bool { return scope.Names(s.Info, n.Args[0], l.Chan) })
		}
		return false
	}
}

// unfed reports whether ch is a channel that no goroutine of the program
// sends on: ctx.Done() of a context.Context, time.After(d), time.Tick(d),
// or the C of a time.Timer or Ticker. The runtime closes or feeds them.
func (s *Source) unfed(ch ast.Expr) bool {
	switch e := ast.Unparen(ch).(type) {
	case *ast.CallExpr:
		f, ok := typeutil.Callee(s.Info, e).(*types.Func)
		if !ok || f.Pkg() == nil {
			return false
		}
		switch f.Pkg().Path() + "." + f.Name() {
		case "context.Done", "time.After", "time.Tick":
			return true
		}
	case *ast.SelectorExpr:
		if e.Sel.Name != "C" {
			return false
		}
		t := s.Info.TypeOf(e.X)
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := types.Unalias(t).(*types.Named)
		return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && (n.Obj().Name() == "Timer" || n.Obj().Name() == "Ticker")
	}
	return false
}

// deferredWait returns the first of syncOp's waits in a defer statement
// of fn after at, or nil: registered after defer close(done), it runs
// before it, while the senders are still blocked. Releases (wg.Done(),
// mu.Unlock()), close and a context's cancel never wait.
func (s *Source) deferredWait(fn ast.Node, at ast.Stmt) ast.Node {
	var found ast.Node
	ast.Inspect(scope.Body(fn), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt, *ast.FuncLit:
			return false // another goroutine's defers, or a literal's own
		case *ast.DeferStmt:
			if found == nil && n.Pos() > at.End() {
				found = s.syncOp(n.Call, func(x ast.Node) bool {
					call, ok := x.(*ast.CallExpr)
					return ok && (s.isRelease(call) || isBuiltinClose(s.Info, call) || isCancel(s.Info, call))
				})
			}
			return false
		}
		return found == nil
	})
	return found
}

// doneSite checks that the make statement at can take done's declaration
// after it, and returns the block that holds it.
func (s *Source) doneSite(fn ast.Node, at ast.Stmt) (ast.Node, error) {
	path := pathTo(fn, at)
	i := slices.Index(path, ast.Node(at))
	if i < 0 || i+1 >= len(path) || !slices.Contains(stmtsOf(path[i+1]), at) {
		return nil, fmt.Errorf("the make at line %d is not a statement of a block", s.line(at.Pos()))
	}
	if !s.endsLine(at.End()) {
		return nil, fmt.Errorf("the make at line %d shares its line with other code", s.line(at.Pos()))
	}
	if pos := branches(scope.Body(fn)); pos.IsValid() {
		return nil, fmt.Errorf("a goto or label at line %d may make the channel again in a loop", s.line(pos))
	}
	for _, n := range path[i+1:] {
		if n == fn {
			break
		}
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return nil, fmt.Errorf("the channel is made in a loop: a deferred close runs only when the function returns, and the senders of earlier iterations would stay blocked until then")
		}
	}
	return path[i+1], nil
}

// doneSender checks that a sender's sends can be guarded by done, which
// is declared after at, in block, and returns the literal that runs
// them: the one at the go statement, or a closure variable's (see
// onlyCalled); nil when the go statement runs a function of the package
// (see helperOf).
func (s *Source) doneSender(fn ast.Node, snd detect.Sender, at ast.Stmt, block ast.Node) (*ast.FuncLit, error) {
	where := s.line(snd.Start().Pos())
	lit := snd.Lit
	switch {
	case len(snd.Starts) > 0:
		return nil, fmt.Errorf("the goroutine at line %d is started by a function literal called elsewhere", where)
	case snd.Start().Pos() < at.End() || snd.Start().End() > block.End():
		return nil, fmt.Errorf("the goroutine at line %d is not started after the make, in its block", where)
	case snd.Closure != nil:
		if why := s.onlyCalled(fn, snd); why != "" {
			return nil, fmt.Errorf("the goroutine at line %d runs a closure variable that %s", where, why)
		}
		lit = snd.Closure
	case lit == nil:
		return nil, nil // go produce(out)
	}
	switch {
	case lit.Type.Results != nil && len(lit.Type.Results.List) > 0:
		return nil, fmt.Errorf("the goroutine at line %d returns values", where)
	case lit.Pos() < at.End() || lit.End() > block.End():
		return nil, fmt.Errorf("the closure at line %d is not written after the make, in its block, where done is in scope", s.line(lit.Pos()))
	}
	return lit, nil
}

// onlyCalled returns why the closure variable the sender runs may run its
// sends other than in a goroutine or a call made before the function
// returns, or "". A done fix guards the closure's sends: in a call made
// while the function runs, done is open and the send behaves as before;
// a deferred call could run after close(done), and a closure passed on or
// assigned again could run anywhere.
func (s *Source) onlyCalled(fn ast.Node, snd detect.Sender) string {
	if snd.Go == nil {
		return "is not run by a go statement"
	}
	id, ok := ast.Unparen(snd.Go.Call.Fun).(*ast.Ident)
	if !ok {
		return "is not a plain name"
	}
	v, ok := s.Info.Uses[id].(*types.Var)
	if !ok {
		return "is not a variable"
	}
	var why string
	ast.PreorderStack(scope.Body(fn), nil, func(n ast.Node, stack []ast.Node) bool {
		use, ok := n.(*ast.Ident)
		if !ok || why != "" || s.Info.Uses[use] != v {
			return why == ""
		}
		parent := stack[len(stack)-1]
		call, isCall := parent.(*ast.CallExpr)
		switch {
		case !isCall || call.Fun != ast.Expr(use):
			why = fmt.Sprintf("is used other than called, at line %d", s.line(use.Pos()))
		case len(stack) > 1:
			if _, deferred := stack[len(stack)-2].(*ast.DeferStmt); deferred {
				why = fmt.Sprintf("is deferred at line %d, and may run after close(done)", s.line(use.Pos()))
			}
		}
		return why == ""
	})
	return why
}

// guard returns the edits that wrap send in a select that also leaves the
// goroutine when done is closed:
//
//	out <- v // why    =>    select {
//	                         case out <- v: // why
//	                         case <-done:
//	                         	return
//	                         }
//
// Only text is inserted around the send; a one-line literal's body,
// go func() { out <- v }(), is laid out on lines of its own.
func (s *Source) guard(fn ast.Node, send *ast.SendStmt, done, unit string) ([]analysis.TextEdit, error) {
	path := pathTo(fn, send)
	if len(path) < 2 {
		return nil, fmt.Errorf("the send at %s is not in the goroutine's function", s.where(send.Pos()))
	}
	for _, n := range path[1:] {
		if n == fn {
			break
		}
		if _, ok := n.(*ast.FuncLit); ok {
			return nil, fmt.Errorf("the send at %s is in a nested function literal, where return would not leave the goroutine", s.where(send.Pos()))
		}
	}
	if pos := s.iteratorAround(fn, send); pos.IsValid() {
		return nil, fmt.Errorf("the send at %s is in a loop over a function iterator at line %d: return runs the iterator's code after yield, which a blocked sender never reached", s.where(send.Pos()), s.line(pos))
	}
	if !slices.Contains(stmtsOf(path[1]), ast.Stmt(send)) {
		return nil, fmt.Errorf("the send at %s is not a statement of a block", s.where(send.Pos()))
	}
	nl := s.newline()
	body := scope.Body(fn)
	if s.line(body.Lbrace) == s.line(send.Pos()) && s.line(body.Rbrace) == s.line(send.End()) {
		// go func() { out <- v }()
		inner := strings.TrimSpace(string(s.Src[s.offset(body.Lbrace)+1 : s.offset(body.Rbrace)]))
		if len(body.List) != 1 || !strings.HasPrefix(inner, s.text(send)) {
			return nil, fmt.Errorf("the send at %s shares its line with other code", s.where(send.Pos()))
		}
		rest := strings.TrimSpace(strings.TrimPrefix(inner, s.text(send)))
		if rest != "" {
			rest = " " + rest
		}
		ind := s.indentOf(body.Lbrace) + unit
		text := nl + ind + "select {" + nl + ind + "case " + s.text(send) + ":" + rest + nl +
			ind + "case <-" + done + ":" + nl + ind + unit + "return" + nl + ind + "}" + nl + s.indentOf(body.Lbrace)
		return []analysis.TextEdit{{Pos: body.Lbrace + 1, End: body.Rbrace, NewText: []byte(text)}}, nil
	}
	if !s.startsLine(send.Pos()) || !s.endsLine(send.End()) {
		return nil, fmt.Errorf("the send at %s shares its line with other code", s.where(send.Pos()))
	}
	ind := s.indentOf(send.Pos())
	bail := nl + ind + "case <-" + done + ":" + nl + ind + unit + "return" + nl + ind + "}"
	edits := []analysis.TextEdit{insert(send.Pos(), "select {"+nl+ind+"case ")}
	if end := s.lineEnd(send.End()); end != send.End() { // comments follow the send: out <- v: // why
		return append(edits, insert(send.End(), ":"), insert(end, bail)), nil
	}
	// One insertion at one place: drivers may order two differently.
	return append(edits, insert(send.End(), ":"+bail)), nil
}

// deferredUse returns the position of a defer statement of fn that uses
// a channel of the group, or token.NoPos.
func (s *Source) deferredUse(fn ast.Node, group []detect.Leak) token.Pos {
	pos := token.NoPos
	ast.Inspect(scope.Body(fn), func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			return false // a goroutine's defers run when it ends
		}
		d, ok := n.(*ast.DeferStmt)
		if !ok || pos.IsValid() {
			return !pos.IsValid()
		}
		ast.Inspect(d, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && slices.ContainsFunc(group, func(l detect.Leak) bool { return s.Info.Uses[id] == l.Chan }) {
				pos = d.Pos()
			}
			return !pos.IsValid()
		})
		return false
	})
	return pos
}

// unitOf is the white space one level of nesting adds in fn's body.
func (s *Source) unitOf(fn ast.Node) string {
	body := scope.Body(fn)
	if len(body.List) == 0 || s.line(body.List[0].Pos()) == s.line(body.Lbrace) {
		return "\t"
	}
	// Against the line fn starts on: its brace may end a wrapped signature.
	if unit, ok := strings.CutPrefix(s.indentOf(body.List[0].Pos()), s.indentOf(fn.Pos())); ok && unit != "" {
		return unit
	}
	return "\t"
}

// doneGroups partitions the leaks of fn into the groups that share a done
// channel: leaks whose senders share a goroutine, or whose channels one
// statement makes. Groups are in the order of their first make.
func doneGroups(fn ast.Node, all []detect.Leak) [][]detect.Leak {
	var leaks []detect.Leak
	for _, l := range all {
		if l.Func == fn {
			leaks = append(leaks, l)
		}
	}
	slices.SortStableFunc(leaks, func(a, b detect.Leak) int { return int(a.Make.Pos() - b.Make.Pos()) })
	root := make([]int, len(leaks))
	for i := range root {
		root[i] = i
	}
	find := func(i int) int {
		for root[i] != i {
			i = root[i]
		}
		return i
	}
	for i, a := range leaks {
		for j, b := range leaks[:i] {
			if a.Stmt == b.Stmt || shareSender(a, b) {
				root[find(i)] = find(j)
			}
		}
	}
	var groups [][]detect.Leak
	index := map[int]int{}
	for i, l := range leaks {
		r := find(i)
		g, ok := index[r]
		if !ok {
			g = len(groups)
			index[r] = g
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], l)
	}
	return groups
}

func shareSender(a, b detect.Leak) bool {
	return slices.ContainsFunc(a.Senders, func(x detect.Sender) bool {
		return slices.ContainsFunc(b.Senders, func(y detect.Sender) bool { return x.Start() == y.Start() })
	})
}

// senders returns the senders of a group, each once, with the sends of
// every leak it feeds.
func senders(group []detect.Leak) []detect.Sender {
	var out []detect.Sender
	for _, g := range group {
		for _, snd := range g.Senders {
			i := slices.IndexFunc(out, func(x detect.Sender) bool { return x.Start() == snd.Start() })
			if i < 0 {
				out = append(out, snd)
				continue
			}
			out[i].Sends = append(slices.Clip(out[i].Sends), snd.Sends...)
		}
	}
	return out
}
