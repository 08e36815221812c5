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
//     (see onlyCalled); its sends are its own statements (not in a named
//     function, whose other callers would change, nor in a nested
//     literal, whose return would not leave the goroutine), and the
//     literal returns no values (return alone);
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
		if !s.universal(sc, name) {
			return Fix{}, fmt.Errorf("%s is not the builtin where %s is made", name, l.Chan.Name())
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
	var seen []*ast.SendStmt
	for _, snd := range senders(group) {
		lit, err := s.doneSender(l.Func, snd, at, block)
		if err != nil {
			return Fix{}, err
		}
		for _, send := range snd.Sends {
			if slices.Contains(seen, send) {
				continue
			}
			seen = append(seen, send)
			guard, err := s.guard(lit, send, done, unit)
			if err != nil {
				return Fix{}, err
			}
			edits = append(edits, guard...)
		}
	}
	return Fix{Strategy: StrategyDone, Message: fixPrefix + "cancel senders with a done channel", Edits: edits}, nil
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
// is declared after at, in block, and returns the literal that holds
// them: the one at the go statement, or a closure variable's (see
// onlyCalled).
func (s *Source) doneSender(fn ast.Node, snd detect.Sender, at ast.Stmt, block ast.Node) (*ast.FuncLit, error) {
	where := s.Fset.Position(snd.Start().Pos())
	lit := snd.Lit
	switch {
	case len(snd.Starts) > 0:
		return nil, fmt.Errorf("the goroutine at line %d is started by a function literal called elsewhere", where.Line)
	case len(snd.Helpers) > 0:
		return nil, fmt.Errorf("the goroutine at line %d sends from a function it calls, where return would not leave it", where.Line)
	case snd.Closure != nil:
		if why := s.onlyCalled(fn, snd); why != "" {
			return nil, fmt.Errorf("the goroutine at line %d runs a closure variable that %s", where.Line, why)
		}
		lit = snd.Closure
	case !snd.Rewritable():
		return nil, fmt.Errorf("the goroutine at line %d sends from a named function", where.Line)
	}
	switch {
	case lit.Type.Results != nil && len(lit.Type.Results.List) > 0:
		return nil, fmt.Errorf("the goroutine at line %d returns values", where.Line)
	case snd.Start().Pos() < at.End() || snd.Start().End() > block.End():
		return nil, fmt.Errorf("the goroutine at line %d is not started after the make, in its block", where.Line)
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
func (s *Source) guard(lit *ast.FuncLit, send *ast.SendStmt, done, unit string) ([]analysis.TextEdit, error) {
	path := pathTo(lit, send)
	if len(path) < 2 {
		return nil, fmt.Errorf("the send at line %d is not in the goroutine's literal", s.line(send.Pos()))
	}
	for _, n := range path[1:] {
		if inner, ok := n.(*ast.FuncLit); ok {
			if inner != lit {
				return nil, fmt.Errorf("the send at line %d is in a nested function literal, where return would not leave the goroutine", s.line(send.Pos()))
			}
			break
		}
	}
	if !slices.Contains(stmtsOf(path[1]), ast.Stmt(send)) {
		return nil, fmt.Errorf("the send at line %d is not a statement of a block", s.line(send.Pos()))
	}
	nl := s.newline()
	body := lit.Body
	if s.line(body.Lbrace) == s.line(send.Pos()) && s.line(body.Rbrace) == s.line(send.End()) {
		// go func() { out <- v }()
		inner := strings.TrimSpace(string(s.Src[s.offset(body.Lbrace)+1 : s.offset(body.Rbrace)]))
		if len(body.List) != 1 || !strings.HasPrefix(inner, s.text(send)) {
			return nil, fmt.Errorf("the send at line %d shares its line with other code", s.line(send.Pos()))
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
		return nil, fmt.Errorf("the send at line %d shares its line with other code", s.line(send.Pos()))
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
	return s.indentUnit(body.List[0].Pos(), body)
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
