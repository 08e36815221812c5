package rewrite

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strconv"
	"strings"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// Buffer gives the channel a buffer for every send its senders can make.
//
//	out := make(chan T)          =>  out := make(chan T, len(xs))
//	for _, x := range xs {           for _, x := range xs {
//		go func() { out <- f(x) }()      go func() { out <- f(x) }()
//	}                                }
//	return <-out                     return <-out
//
// Safe because no send can block once the buffer holds every send, so
// every goroutine finishes; receivers see the same values in the same
// order, since a buffered channel is still first in, first out. That
// needs each of these, checked below:
//
//   - the detector counted the sends where the channel is made (Size): each
//     sender sends at most once, in loops it can count;
//   - no goto or labelled statement in the function, which could run a go
//     statement more often than the loops say (the detector counts each
//     sender's sends on its control-flow graph);
//   - the size means at the make what it means at the go statements: no
//     variable it reads can change in between (see unstable);
//   - the size cannot be negative (make would panic where the original
//     started no sender): len terms, unsigned or non-negative constants,
//     else max(size, 0) where the builtin is there;
//   - each send is the last thing its goroutine does (or its helper does,
//     and the helper's call is its goroutine's last): a sender whose value
//     nobody receives then does nothing more than before, where it blocked
//     forever, but for its deferred calls;
//   - no sender defers a call but a release, wg.Done() or mu.Unlock()
//     (see noDefers);
//   - the function does not read len or cap of the channel, which a
//     buffer changes;
//   - the builtins the size uses (len, max) are not shadowed at the make.
//
// The edit inserts ", size" before the make's closing parenthesis, or
// replaces the size argument of a buffer that is too small.
func Buffer(s *Source, l detect.Leak) (Fix, error) {
	if l.Size == nil {
		return Fix{}, fmt.Errorf("the number of sends is not known where %s is made", l.Chan.Name())
	}
	if pos := branches(scope.Body(l.Func)); pos.IsValid() {
		return Fix{}, fmt.Errorf("a goto or label at line %d makes the count of senders unsure", s.line(pos))
	}
	for _, t := range l.Size.Terms {
		if why := s.unstable(l, t.X); why != "" {
			return Fix{}, fmt.Errorf("%s", why)
		}
	}
	if err := s.sendsLast(l); err != nil {
		return Fix{}, err
	}
	if err := s.noDefers(l.Func, []detect.Leak{l}, l.Senders); err != nil {
		return Fix{}, err
	}
	if pos := s.readsLength(l); pos.IsValid() {
		return Fix{}, fmt.Errorf("line %d reads the length or capacity of %s, which a buffer changes", s.line(pos), l.Chan.Name())
	}
	size, err := s.sizeText(l)
	if err != nil {
		return Fix{}, err
	}
	call := l.Make
	var edit analysis.TextEdit
	switch {
	case len(call.Args) > 1:
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
		if s.hasComment(call.Args[1].Pos(), call.Args[1].End()) {
			return Fix{}, fmt.Errorf("a comment inside the size of %s", l.Chan.Name())
		}
	case s.line(call.Args[0].End()) != s.line(call.Rparen) || call.Ellipsis.IsValid():
		return Fix{}, fmt.Errorf("the make call of %s spans lines", l.Chan.Name())
	default:
		edit = insert(call.Args[0].End(), ", "+size)
	}
	return Fix{
		Strategy: StrategyBuffer,
		Message:  fmt.Sprintf(fixPrefix+"buffer %s to %s", l.Chan.Name(), size),
		Edits:    []analysis.TextEdit{edit},
	}, nil
}

// sendsLast checks that every send of l ends its goroutine: after it,
// nothing runs but deferred calls and the close of its own channel (see
// closesOwn).
func (s *Source) sendsLast(l detect.Leak) error {
	skip := func(st ast.Stmt) bool {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return false
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		return ok && s.closesOwn(l.Func, []detect.Leak{l}, l.Senders, call)
	}
	for _, snd := range l.Senders {
		body := snd.Body()
		for _, send := range snd.Sends {
			root := ast.Node(body)
			if send.Pos() < body.Pos() || send.Pos() >= body.End() {
				root = s.funcAround(send) // in a helper
				if root == nil {
					return fmt.Errorf("the send at %s is in another file", s.where(send.Pos()))
				}
			}
			for _, n := range pathTo(root, send) {
				if lit, ok := n.(*ast.FuncLit); ok {
					root = lit.Body // a literal the goroutine calls: its call must end the goroutine too
					break
				}
			}
			if pos := s.iteratorAround(root, send); pos.IsValid() {
				return fmt.Errorf("the send at %s is in a loop over a function iterator at line %d: leaving the loop runs the iterator's code after yield, which a blocked sender never reached", s.where(send.Pos()), s.line(pos))
			}
			if !endsPath(root, send, skip) {
				return fmt.Errorf("the goroutine keeps working after the send at %s, where it blocked before", s.where(send.Pos()))
			}
		}
		for call := range snd.Helpers {
			if !endsPath(body, call, skip) {
				return fmt.Errorf("the goroutine keeps working after the call at line %d, where it blocked before", s.line(call.Pos()))
			}
		}
	}
	return nil
}

// noDefers checks that no sender defers a call other than a release (a
// sync.WaitGroup's Done, a sync.Mutex's Unlock), or the close of the
// leaking channel by its one sender, started once. A sender whose value
// nobody receives blocked forever, its deferred calls never run; fixed,
// it ends and runs them. A deferred close(stop) run by every sender
// instead of the one whose value was taken panics; a deferred wg.Done()
// or mu.Unlock() releases what the leak held, the point of the fix, and
// so does a producer's close of its own channel, which nobody reads any
// more.
func (s *Source) noDefers(fn ast.Node, leaks []detect.Leak, senders []detect.Sender) error {
	for _, snd := range senders {
		if err := s.oneBody(snd); err != nil {
			return err
		}
		bodies := []ast.Node{snd.Body()}
		for _, send := range snd.Sends {
			root := ast.Node(snd.Body())
			if send.Pos() < root.Pos() || send.Pos() >= root.End() {
				if root = s.funcAround(send); root == nil { // in a helper
					return fmt.Errorf("the send at %s is in a function the fix cannot read", s.where(send.Pos()))
				}
			}
			for _, n := range pathTo(root, send) {
				if lit, ok := n.(*ast.FuncLit); ok {
					root = lit.Body // a literal the goroutine calls: its defers run too
					break
				}
			}
			if !slices.Contains(bodies, root) {
				bodies = append(bodies, root)
			}
		}
		for _, body := range bodies {
			var bad *ast.DeferStmt
			ast.Inspect(body, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.DeferStmt:
					if !s.ownRelease(fn, snd, n.Call, body) && !s.closesOwn(fn, leaks, senders, n.Call) && !s.harmless(fn, leaks, n.Call, body) && bad == nil {
						bad = n
					}
				}
				return bad == nil
			})
			if bad != nil {
				return fmt.Errorf("the sender defers a call at %s, which the senders nobody receives from would now run", s.where(bad.Pos()))
			}
		}
	}
	return nil
}

// closedBy reports whether fn's own body closes a channel of leaks.
func (s *Source) closedBy(fn ast.Node, leaks []detect.Leak) bool {
	closed := false
	ast.Inspect(scope.Body(fn), func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if isBuiltinClose(s.Info, n) && len(n.Args) == 1 && slices.ContainsFunc(leaks, func(l detect.Leak) bool { return scope.Names(s.Info, n.Args[0], l.Chan) }) {
				closed = true
			}
		}
		return !closed
	})
	return closed
}

// ownRelease reports whether call, deferred in body, a body of snd,
// releases only what the sender holds: mu.Unlock() of a lock the body
// takes itself, unconditionally and before, or wg.Done() of a wg.Add(1) made for this go statement (or
// wg.Add(len(xs)) before a loop over xs that starts one). A sender that
// released what another holds (a wg.Add(1) for the winner only) would
// now do it once too often: a negative WaitGroup counter, or an unlock of
// an unlocked mutex, which is fatal.
func (s *Source) ownRelease(fn ast.Node, snd detect.Sender, call *ast.CallExpr, body ast.Node) bool {
	if !s.isRelease(call) {
		return false
	}
	sel := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	recv := types.ExprString(sel.X)
	if sel.Sel.Name != "Done" {
		// mu.Lock(); defer mu.Unlock(): taken unconditionally, before.
		lock := strings.TrimSuffix(sel.Sel.Name, "Unlock") + "Lock" // Lock or RLock
		block, ok := body.(*ast.BlockStmt)
		if !ok {
			return false
		}
		for _, st := range block.List {
			if st.Pos() >= call.Pos() {
				break
			}
			es, ok := st.(*ast.ExprStmt)
			if !ok {
				continue
			}
			if c, ok := ast.Unparen(es.X).(*ast.CallExpr); ok {
				if l, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr); ok && l.Sel.Name == lock && types.ExprString(l.X) == recv {
					return true
				}
			}
		}
		return false
	}
	if body != ast.Node(snd.Body()) {
		return false // in a helper: it may be called more than once
	}
	wg := s.argumentFor(snd, sel.X, false)
	return wg != nil && s.addedFor(fn, snd.Start(), wg)
}

// argumentFor returns what e, an expression in a body that snd runs,
// stands for where that body is entered, without its &: e itself when it
// names no parameter of the body's function; the argument given for the
// parameter e names, at the go statement (go worker(&wg), go func(wg
// *sync.WaitGroup) {…}(wg)) or, with helpers, at the literal's one call
// of the helper (gen(out)); nil for a field of a parameter, or when no
// one call gives it.
func (s *Source) argumentFor(snd detect.Sender, e ast.Expr, helpers bool) ast.Expr {
	in := func(n ast.Node) bool { return n.Pos() <= e.Pos() && e.End() <= n.End() }
	var params *ast.FieldList
	var calls []*ast.CallExpr
	switch {
	case snd.Lit != nil && in(snd.Lit):
		params = snd.Lit.Type.Params
	case snd.Closure != nil && in(snd.Closure):
		params = snd.Closure.Type.Params
	case snd.Callee != nil && in(snd.Callee):
		params = snd.Callee.Type.Params
	case helpers:
		decl := s.declAround(e)
		if decl == nil {
			return nil
		}
		params = decl.Type.Params
		for st := range snd.Helpers {
			if es, ok := st.(*ast.ExprStmt); ok && s.calls(es.X, s.Info.Defs[decl.Name].(*types.Func)) {
				calls = append(calls, ast.Unparen(es.X).(*ast.CallExpr))
			}
		}
	default:
		return nil
	}
	if calls == nil && snd.Go != nil {
		calls = []*ast.CallExpr{snd.Go.Call}
	}
	if k := paramIndex(s.Info, params, rootObject(s.Info, e)); k >= 0 {
		if _, isIdent := ast.Unparen(e).(*ast.Ident); !isIdent || len(calls) != 1 || k >= len(calls[0].Args) {
			return nil // a field of a parameter, a timer's, or a helper called more than once
		}
		e = calls[0].Args[k]
	}
	if u, ok := ast.Unparen(e).(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = u.X
	}
	return e
}

// rootObject returns the object of the identifier e starts with: wg in
// wg, s.wg or (&wg), or nil.
func rootObject(info *types.Info, e ast.Expr) types.Object {
	if id := leftmost(e); id != nil {
		return info.ObjectOf(id)
	}
	return nil
}

// paramIndex returns the index of the parameter obj in params, or -1.
func paramIndex(info *types.Info, params *ast.FieldList, obj types.Object) int {
	i := 0
	for _, f := range params.List {
		for _, id := range f.Names {
			if info.Defs[id] == obj {
				return i
			}
			i++
		}
		if len(f.Names) == 0 {
			i++
		}
	}
	return -1
}

// addedFor reports whether start, a statement of fn, is preceded in its
// block by wg.Add(1), with no other go statement between, or lies
// directly in a range over xs preceded by wg.Add(len(xs)): one Add for
// each goroutine it starts. wg is the WaitGroup's expression.
func (s *Source) addedFor(fn ast.Node, start ast.Stmt, wg ast.Expr) bool {
	path := pathTo(fn, start)
	if len(path) < 2 {
		return false
	}
	list := stmtsOf(path[1])
	i := slices.Index(list, start)
	for j := i - 1; j >= 0; j-- {
		if _, isGo := list[j].(*ast.GoStmt); isGo {
			break
		}
		if arg, ok := s.addCall(list[j], wg); ok {
			return isOne(arg)
		}
	}
	// for _, x := range xs { …; go …; … } after wg.Add(len(xs))
	if len(path) < 4 {
		return false
	}
	loop, ok := path[2].(*ast.RangeStmt)
	if !ok || path[1] != ast.Node(loop.Body) || countGo(loop.Body) != 1 {
		return false
	}
	outer := stmtsOf(path[3])
	k := slices.Index(outer, ast.Stmt(loop))
	if k < 1 {
		return false
	}
	arg, ok := s.addCall(outer[k-1], wg)
	if !ok {
		return false
	}
	n, ok := ast.Unparen(arg).(*ast.CallExpr)
	switch t := s.Info.TypeOf(loop.X).Underlying().(type) {
	case *types.Slice, *types.Array:
	case *types.Pointer:
		if _, isArray := t.Elem().Underlying().(*types.Array); !isArray {
			return false
		}
	default:
		return false // a channel's len is what it holds now; a map's or a string's is not the count of passes
	}
	return ok && isBuiltinNamed(s.Info, n, "len") && len(n.Args) == 1 && types.ExprString(n.Args[0]) == types.ExprString(loop.X) && rootObject(s.Info, n.Args[0]) == rootObject(s.Info, loop.X)
}

// addCall returns the argument of st when it is wg.Add(n): the same
// expression, of the same variable.
func (s *Source) addCall(st ast.Stmt, wg ast.Expr) (ast.Expr, bool) {
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return nil, false
	}
	call, ok := ast.Unparen(es.X).(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return nil, false
	}
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Add" || types.ExprString(ast.Unparen(sel.X)) != types.ExprString(ast.Unparen(wg)) || rootObject(s.Info, sel.X) != rootObject(s.Info, wg) {
		return nil, false
	}
	return call.Args[0], true
}

func isOne(e ast.Expr) bool {
	lit, ok := ast.Unparen(e).(*ast.BasicLit)
	return ok && lit.Kind == token.INT && lit.Value == "1"
}

// countGo counts the go statements in n.
func countGo(n ast.Node) int {
	c := 0
	ast.Inspect(n, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			c++
		}
		return true
	})
	return c
}

// harmless reports whether a deferred call of a sender's body does
// nothing another goroutine can see when the sender returns normally: the
// cancel of a context the body made (what it ends, the body started), or
// a literal that only recovers from a panic (recover() is nil then, as
// long as fn does not close the channel under a send).
func (s *Source) harmless(fn ast.Node, leaks []detect.Leak, call *ast.CallExpr, body ast.Node) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok && isCancel(s.Info, call) {
		v, ok := s.Info.Uses[id].(*types.Var)
		return ok && body.Pos() <= v.Pos() && v.Pos() < body.End()
	}
	lit, ok := ast.Unparen(call.Fun).(*ast.FuncLit)
	if !ok || len(call.Args) != 0 || len(lit.Body.List) != 1 || s.closedBy(fn, leaks) {
		return false // a send on a channel the function closes panics
	}
	// func() { if r := recover(); r != nil { … } }()
	ifs, ok := lit.Body.List[0].(*ast.IfStmt)
	if !ok || ifs.Else != nil {
		return false
	}
	init, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return false
	}
	rec, ok := ast.Unparen(init.Rhs[0]).(*ast.CallExpr)
	if !ok || !isBuiltinNamed(s.Info, rec, "recover") {
		return false
	}
	cond, ok := ifs.Cond.(*ast.BinaryExpr)
	r, isIdent := init.Lhs[0].(*ast.Ident)
	x, isX := ast.Unparen(cond.X).(*ast.Ident)
	return ok && isIdent && isX && cond.Op == token.NEQ && s.Info.Uses[x] == s.Info.Defs[r] && s.isNil(cond.Y)
}

// closesOwn reports whether call closes a channel of leaks, and senders
// are the one goroutine that feeds it, started once for each channel
// made: a loop around the go statement must be around the make too.
// Closing its own channel is then the producer's last word, which nobody
// reads any more.
func (s *Source) closesOwn(fn ast.Node, leaks []detect.Leak, senders []detect.Sender, call *ast.CallExpr) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok || s.Info.Uses[id] != types.Universe.Lookup("close") || len(call.Args) != 1 || len(senders) != 1 {
		return false
	}
	ch := s.argumentFor(senders[0], call.Args[0], true)
	i := slices.IndexFunc(leaks, func(l detect.Leak) bool { return ch != nil && scope.Names(s.Info, ch, l.Chan) })
	if i < 0 {
		return false
	}
	for _, n := range pathTo(fn, senders[0].Start()) {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !(n.Pos() <= leaks[i].Make.Pos() && leaks[i].Make.End() <= n.End()) {
				return false // started more than once for one channel
			}
		}
	}
	return true
}

// isRelease reports whether call releases what the goroutine holds:
// wg.Done() of a sync.WaitGroup, or Unlock or RUnlock of a sync.Mutex or
// RWMutex.
func (s *Source) isRelease(call *ast.CallExpr) bool {
	sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
	if !ok {
		return false
	}
	var names []string
	switch sel.Sel.Name {
	case "Done":
		names = []string{"WaitGroup"}
	case "Unlock":
		names = []string{"Mutex", "RWMutex"}
	case "RUnlock":
		names = []string{"RWMutex"}
	default:
		return false
	}
	fn, ok := s.Info.Uses[sel.Sel].(*types.Func)
	if !ok {
		return false
	}
	recv := fn.Signature().Recv()
	if recv == nil {
		return false
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && slices.Contains(names, n.Obj().Name())
}

// funcAround returns the body of the function declaration that holds n,
// in s's file or, when known, its package; or nil.
func (s *Source) funcAround(n ast.Node) ast.Node {
	if fd := s.declAround(n); fd != nil {
		return fd.Body
	}
	return nil
}

// declAround returns the function declaration whose body holds n, in s's
// file or, when known, its package; or nil.
func (s *Source) declAround(n ast.Node) *ast.FuncDecl {
	files := []*ast.File{s.File}
	if s.Package != nil {
		files = s.Package.Files
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil && fd.Body.Pos() <= n.Pos() && n.End() <= fd.Body.End() {
				return fd
			}
		}
	}
	return nil
}

// oneBody checks that the named functions a sender runs have the body
// the check reads in every build: a file that build constraints exclude
// (fetch_debug.go) may declare another, whose sends and defers a fix
// would have to allow too.
func (s *Source) oneBody(snd detect.Sender) error {
	var decls []*ast.FuncDecl
	if snd.Callee != nil {
		decls = append(decls, snd.Callee)
	}
	for _, send := range snd.Sends {
		if fd := s.declAround(send); fd != nil && fd.Recv == nil {
			decls = append(decls, fd)
		}
	}
	for _, fd := range decls {
		if file := s.declaredUnseen(fd.Name.Name); file != "" {
			return fmt.Errorf("%s declares another %s, which this check does not read", file, fd.Name.Name)
		}
	}
	return nil
}

// endsPath reports whether nothing runs after st in root, a function
// body, but a return or statements skip allows: st is the last statement of its block, or a bare
// return follows it, and so on for the if, switch or select around it.
// A break after st leaves for the statement it ends (see breakTarget):
// what follows that one must end the path too. A loop or a function
// literal around st runs more.
func endsPath(root ast.Node, st ast.Stmt, skip func(ast.Stmt) bool) bool {
	path := pathTo(root, st)
	for i := 0; i+1 < len(path); i++ {
		n, parent := path[i], path[i+1]
		switch n.(type) {
		case *ast.CaseClause, *ast.CommClause:
			continue // clauses do not run on into each other (a fallthrough is a statement after the send)
		}
		switch parent.(type) {
		case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			continue // n is a branch, or the clauses
		case *ast.BlockStmt, *ast.CaseClause, *ast.CommClause:
		default:
			return false // a loop or a label runs more
		}
		list := stmtsOf(parent)
		j := slices.Index(list, n.(ast.Stmt)) + 1
		for j < len(list) && skip(list[j]) {
			j++
		}
		if j < len(list) {
			if br, ok := list[j].(*ast.BranchStmt); ok && br.Tok == token.BREAK {
				if k := breakTarget(path[i+1:], br); k >= 0 {
					i += k // on from the statement the break ends
					continue
				}
			}
			_, ret := list[j].(*ast.ReturnStmt)
			return ret
		}
		if parent == root {
			return true
		}
	}
	return false
}

// breakTarget returns the index in path (a statement's ancestors,
// innermost first) of the statement br leaves: the for, range, switch,
// type switch or select it breaks, or the labelled statement holding it
// when that one is labelled; -1 when it is not on path.
func breakTarget(path []ast.Node, br *ast.BranchStmt) int {
	for k, n := range path {
		switch n.(type) {
		case *ast.FuncLit:
			return -1
		case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			var label *ast.LabeledStmt
			if k+1 < len(path) {
				label, _ = path[k+1].(*ast.LabeledStmt)
			}
			switch {
			case label != nil && (br.Label == nil || label.Label.Name == br.Label.Name):
				return k + 1
			case br.Label == nil:
				return k
			}
		}
	}
	return -1
}

// iteratorAround returns the position of a range over a function (an
// iterator, for x := range seq) around n in root, or token.NoPos.
func (s *Source) iteratorAround(root, n ast.Node) token.Pos {
	for _, p := range pathTo(root, n) {
		if r, ok := p.(*ast.RangeStmt); ok {
			if _, isFunc := s.Info.TypeOf(r.X).Underlying().(*types.Signature); isFunc {
				return r.Pos()
			}
		}
	}
	return token.NoPos
}

// bodies returns the function that makes the channel and the bodies of
// its named senders, where goto and labels are looked for.
func (s *Source) bodies(l detect.Leak) []ast.Node {
	nodes := []ast.Node{scope.Body(l.Func)}
	for _, snd := range l.Senders {
		if snd.Lit == nil {
			nodes = append(nodes, snd.Body())
		}
	}
	return nodes
}

// sizeText writes the size of l as Go source, valid at the make call.
func (s *Source) sizeText(l detect.Leak) (string, error) {
	sc := scope.At(s.Info, l.Func, l.Make.Pos())
	var parts []string
	negative := l.Size.Const < 0
	for _, t := range l.Size.Terms {
		x := types.ExprString(t.X)
		if !s.hasComment(t.X.Pos(), t.X.End()) {
			x = s.text(t.X) // as the user wrote it
		}
		switch {
		case t.Len:
			if err := s.builtin(sc, "len", l.Chan.Name()); err != nil {
				return "", err
			}
			x = "len(" + x + ")"
		case !s.nonNegative(t.X):
			negative = true
		}
		if strings.ContainsAny(x, "\n") {
			return "", fmt.Errorf("the size of %s spans lines", l.Chan.Name())
		}
		parts = append(parts, x)
	}
	size := strings.Join(parts, "+")
	switch {
	case len(parts) == 0:
		size = strconv.Itoa(l.Size.Const)
	case l.Size.Const > 0:
		size += "+" + strconv.Itoa(l.Size.Const)
	case l.Size.Const < 0:
		size += "-" + strconv.Itoa(-l.Size.Const)
	}
	if negative {
		// for i := 0; i < n; i++ starts no sender when n < 0; make(chan T, n) panics.
		if version.Compare(s.fileVersion(), "go1.21") < 0 {
			return "", fmt.Errorf("the size %s may be negative, and max needs Go 1.21", size)
		}
		if err := s.builtin(sc, "max", l.Chan.Name()); err != nil {
			return "", fmt.Errorf("the size %s may be negative, and %v", size, err)
		}
		size = "max(" + size + ", 0)"
	}
	return size, nil
}

// nonNegative reports whether the integer e can never be negative.
func (s *Source) nonNegative(e ast.Expr) bool {
	tv := s.Info.Types[e]
	if tv.Value != nil {
		return constant.Sign(tv.Value) >= 0
	}
	b, ok := tv.Type.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsUnsigned != 0
}

// universal reports whether name means the builtin in sc.
// builtin returns why name, where the channel ch is made (sc), is not
// the builtin in every build, or nil.
func (s *Source) builtin(sc *types.Scope, name, ch string) error {
	if file := s.declaredUnseen(name); file != "" {
		return fmt.Errorf("%s declares %s, which is then not the builtin where %s is made", file, name, ch)
	}
	if sc == nil {
		return fmt.Errorf("no scope where %s is made", ch)
	}
	if _, obj := sc.LookupParent(name, token.NoPos); obj != types.Universe.Lookup(name) {
		return fmt.Errorf("%s is not the builtin where %s is made", name, ch)
	}
	return nil
}

// readsLength returns the position of a len or cap of the channel in the
// function, or of any channel in a named sender, or token.NoPos.
func (s *Source) readsLength(l detect.Leak) token.Pos {
	pos := token.NoPos
	for i, n := range s.bodies(l) {
		ast.Inspect(n, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) != 1 {
				return pos == token.NoPos
			}
			id, ok := ast.Unparen(call.Fun).(*ast.Ident)
			if !ok {
				return true
			}
			if b, ok := s.Info.Uses[id].(*types.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				_, isChan := s.Info.TypeOf(call.Args[0]).Underlying().(*types.Chan)
				if isChan && (i > 0 || scope.Names(s.Info, call.Args[0], l.Chan)) { // a named sender's channel is its parameter
					pos = call.Pos()
				}
			}
			return pos == token.NoPos
		})
	}
	return pos
}
