package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// The done fix ends a blocked sender, but not what waits for it: a
// goroutine in wg.Wait() for the sender's wg.Done(), a feeder blocked on
// the jobs a worker would have received, or the function's own deferred
// wg.Wait(), which runs before close(done). Those stay blocked after the
// fix as they were before it, so the leak is not fixed, and the fix is
// not offered. syncOp finds what can make another goroutine proceed or
// wait: the operations on channels and on the sync package's types.

// syncOp returns the first operation in n by which a goroutine may wait
// for another or let another proceed, or nil:
//
//   - a send, a receive (in a select too), a range over a channel, or
//     close;
//   - a method of sync.WaitGroup, Mutex, RWMutex or Cond, or any method
//     named as one of syncMethods, through an interface too;
//   - a call of a function value that takes and returns nothing (unlock,
//     cancel, release), or any of these in the body of a local closure
//     assigned once (finish := func(err error) { wg.Done() });
//   - a call of another package's function with an argument that holds a
//     channel or a sync value, or a pointer to one;
//   - any of these in a function of the package that n calls, or any
//     call of one that another build declares again (declaredUnseen).
//
// skip exempts nodes that are known to do neither. The bodies of go
// statements are left out: they run on their own. Other function values,
// and other packages' functions given nothing that holds a channel or a
// sync value, are taken to do neither: what they do is not known.
func (s *Source) syncOp(n ast.Node, skip func(ast.Node) bool) ast.Node {
	return s.syncOpIn(n, skip, map[types.Object]bool{})
}

func (s *Source) syncOpIn(n ast.Node, skip func(ast.Node) bool, seen map[types.Object]bool) ast.Node {
	var found ast.Node
	ast.Inspect(n, func(x ast.Node) bool {
		if found != nil || x == nil || skip(x) {
			return false
		}
		switch x := x.(type) {
		case *ast.GoStmt:
			return false
		case *ast.SendStmt:
			found = x
		case *ast.UnaryExpr:
			if x.Op == token.ARROW {
				found = x
			}
		case *ast.RangeStmt:
			if _, ok := s.Info.TypeOf(x.X).Underlying().(*types.Chan); ok {
				found = x
			}
		case *ast.CallExpr:
			if s.syncCall(x, skip, seen) {
				found = x
			}
		}
		return found == nil
	})
	return found
}

// syncCall reports whether call is one of syncOp's operations, or a call
// of a function of the package whose body holds one.
func (s *Source) syncCall(call *ast.CallExpr, skip func(ast.Node) bool, seen map[types.Object]bool) bool {
	if isBuiltinClose(s.Info, call) {
		return true
	}
	fn := typeutil.Callee(s.Info, call)
	f, ok := fn.(*types.Func)
	if !ok {
		// A function value: a signal such as unlock := mu.Unlock,
		// a context's cancel or a release callback takes and returns
		// nothing; one that computes is taken as it is.
		if _, lit := ast.Unparen(call.Fun).(*ast.FuncLit); lit {
			return false // its body is looked at as it is
		}
		v, isVar := fn.(*types.Var)
		if lit := s.closureOf(v); isVar && lit != nil {
			if seen[v] {
				return false
			}
			seen[v] = true
			return s.syncOpIn(lit.Body, skip, seen) != nil // finish := func(err error) { wg.Done() }
		}
		sig, isFunc := s.Info.TypeOf(call.Fun).Underlying().(*types.Signature)
		return (fn == nil || isVar) && isFunc && sig.Params().Len() == 0 && sig.Results().Len() == 0
	}
	f = f.Origin()
	if recv := f.Signature().Recv(); recv != nil {
		if syncMethods[f.Name()] || isSyncType(recv.Type()) {
			return true // also through an interface: l.Unlock() of a sync.Locker
		}
	}
	if f.Pkg() == s.Pkg {
		if seen[f] {
			return false
		}
		seen[f] = true
		if s.declaredUnseen(twinName(f)) != "" {
			return true // another build has another body
		}
		if decl := s.declOf(f); decl != nil && decl.Body != nil {
			return s.syncOpIn(decl.Body, skip, seen) != nil
		}
		return false
	}
	for _, arg := range call.Args {
		if holdsSync(s.Pkg, s.Info.TypeOf(arg)) {
			return true
		}
	}
	return false
}

// closureOf returns the literal that v, a local variable of s's file,
// holds: defined as v := func(…) {…} (or var v = …) and never assigned
// again; nil otherwise.
func (s *Source) closureOf(v *types.Var) *ast.FuncLit {
	if v == nil || v.Parent() == nil || v.Parent() == s.Pkg.Scope() {
		return nil
	}
	var lit *ast.FuncLit
	assigned := 0
	ast.Inspect(s.File, func(n ast.Node) bool {
		var lhs, rhs []ast.Expr
		switch n := n.(type) {
		case *ast.AssignStmt:
			lhs, rhs = n.Lhs, n.Rhs
		case *ast.ValueSpec:
			for _, id := range n.Names {
				lhs = append(lhs, id)
			}
			rhs = n.Values
		default:
			return true
		}
		for i, e := range lhs {
			id, ok := ast.Unparen(e).(*ast.Ident)
			if !ok || s.Info.Defs[id] != v && s.Info.Uses[id] != v {
				continue
			}
			assigned++
			if len(rhs) == len(lhs) {
				lit, _ = ast.Unparen(rhs[i]).(*ast.FuncLit)
			}
		}
		return true
	})
	if assigned != 1 {
		return nil
	}
	return lit
}

// syncMethods are the names of methods that wait for another goroutine
// or let one proceed, whatever the type: sync's, io.PipeWriter's Close,
// a sync.Locker's, a context's or a semaphore's.
var syncMethods = map[string]bool{
	"Wait": true, "Lock": true, "RLock": true, "Unlock": true, "RUnlock": true,
	"Done": true, "Signal": true, "Broadcast": true, "Release": true, "Acquire": true,
	"Close": true, "CloseWithError": true, "Cancel": true,
}

// twinName is how declaredUnseen knows f: its name, or Recv.Name for a
// method.
func twinName(f *types.Func) string {
	recv := f.Signature().Recv()
	if recv == nil {
		return f.Name()
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name() + "." + f.Name()
	}
	return f.Name()
}

// declOf returns the declaration of fn, a function of the package, or nil.
func (s *Source) declOf(fn *types.Func) *ast.FuncDecl {
	files := []*ast.File{s.File}
	if s.Package != nil {
		files = s.Package.Files
	}
	for _, f := range files {
		for _, d := range f.Decls {
			if decl, ok := d.(*ast.FuncDecl); ok && s.Info.Defs[decl.Name] == fn {
				return decl
			}
		}
	}
	return nil
}

// isSyncType reports whether t, or what it points to, is sync.WaitGroup,
// Mutex, RWMutex or Cond.
func isSyncType(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	switch n.Obj().Name() {
	case "WaitGroup", "Mutex", "RWMutex", "Cond":
		return true
	}
	return false
}

// holdsSync reports whether a value of type t holds a channel or a sync
// value: itself, through pointers, or in its elements, or in the fields
// of a struct type of pkg. Other packages' types keep their fields to
// themselves: an *os.File holds a mutex that no goroutine of pkg waits on.
func holdsSync(pkg *types.Package, t types.Type) bool {
	return holds(pkg, t, func(t types.Type) bool {
		_, isChan := t.Underlying().(*types.Chan)
		return isChan || isSyncType(t)
	}, map[types.Type]bool{})
}

// holds reports whether a value of type t holds one that is: itself,
// through pointers, in its elements, or in the fields of a struct type of
// pkg.
func holds(pkg *types.Package, t types.Type, is func(types.Type) bool, seen map[types.Type]bool) bool {
	if t == nil || seen[t] {
		return false
	}
	seen[t] = true
	if is(t) {
		return true
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != pkg {
		if _, isStruct := n.Underlying().(*types.Struct); isStruct {
			return false
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Pointer:
		return holds(pkg, u.Elem(), is, seen)
	case *types.Slice:
		return holds(pkg, u.Elem(), is, seen)
	case *types.Array:
		return holds(pkg, u.Elem(), is, seen)
	case *types.Map:
		return holds(pkg, u.Key(), is, seen) || holds(pkg, u.Elem(), is, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			if holds(pkg, u.Field(i).Type(), is, seen) {
				return true
			}
		}
	}
	return false
}

// afterSends returns the first of syncOp's operations in body that can
// run after one of sends: later in the source, or anywhere in a loop
// around a send. A sender that gives up at the send skips it.
func (s *Source) afterSends(body ast.Node, sends []*ast.SendStmt, skip func(ast.Node) bool) ast.Node {
	pairs := s.criticalSections(body)
	quiet := func(n ast.Node) bool { return skip(n) || pairs[n] }
	return afterRegion(body, sends, func(x ast.Node) ast.Node { return s.syncOp(x, quiet) })
}

// afterRegion returns the first non-nil check(x) of the nodes x of body
// that can run after one of sends: later in the source, or a loop around
// a send, as a whole.
func afterRegion(body ast.Node, sends []*ast.SendStmt, check func(ast.Node) ast.Node) ast.Node {
	from := token.NoPos
	var loops []ast.Node
	for _, send := range sends {
		if send.Pos() < body.Pos() || send.End() > body.End() {
			continue
		}
		if !from.IsValid() || send.End() < from {
			from = send.End()
		}
		for _, n := range pathTo(body, send) {
			switch n.(type) {
			case *ast.ForStmt, *ast.RangeStmt:
				loops = append(loops, n)
			}
		}
	}
	if !from.IsValid() {
		return nil
	}
	var found ast.Node
	ast.Inspect(body, func(x ast.Node) bool {
		switch {
		case found != nil || x == nil:
			return false
		case x.Pos() >= from || slices.Contains(loops, x):
			found = check(x)
			return false
		}
		return true
	})
	return found
}

// effectAfterSends returns the first node of body, after one of sends,
// whose effect another goroutine could see, or nil: a call (but a
// builtin that only computes, or a conversion), an assignment to
// anything but a variable of body, a send the fix does not guard, a
// receive, a go, defer or select statement. On a buffered channel a
// sender that gives up may skip a send that would have found room after
// the function returned, and all that follows it; that is unseen only
// when nothing that follows has an effect.
func (s *Source) effectAfterSends(body ast.Node, sends []*ast.SendStmt, guarded func(ast.Node) bool) ast.Node {
	local := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		obj := s.Info.ObjectOf(id)
		return id.Name == "_" || obj != nil && body.Pos() <= obj.Pos() && obj.Pos() < body.End()
	}
	return afterRegion(body, sends, func(x ast.Node) ast.Node {
		var found ast.Node
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case nil:
				return false
			case *ast.SendStmt:
				if !guarded(n) {
					found = n
				}
			case *ast.GoStmt, *ast.DeferStmt, *ast.SelectStmt, *ast.FuncLit:
				found = n
			case *ast.UnaryExpr:
				if n.Op == token.ARROW {
					found = n
				}
			case *ast.AssignStmt:
				if !slices.ContainsFunc(n.Lhs, func(e ast.Expr) bool { return !local(e) }) {
					break
				}
				found = n
			case *ast.IncDecStmt:
				if !local(n.X) {
					found = n
				}
			case *ast.CallExpr:
				if tv, ok := s.Info.Types[n.Fun]; ok && tv.IsType() {
					break // a conversion
				}
				if !slices.ContainsFunc([]string{"len", "cap", "min", "max"}, func(b string) bool { return isBuiltinNamed(s.Info, n, b) }) {
					found = n
				}
			}
			return found == nil
		})
		return found
	})
}

// criticalSections returns the Lock and Unlock calls of the balanced
// critical sections in body: mu.Lock() and, later in the same block,
// mu.Unlock(), with nothing between that waits or releases, a guarded
// send included. A sender that gives up before such a section never
// holds the lock, so skipping it leaves nobody waiting; one that gives up
// inside it would hold the lock for ever.
func (s *Source) criticalSections(body ast.Node) map[ast.Node]bool {
	none := func(ast.Node) bool { return false }
	pairs := map[ast.Node]bool{}
	lockCall := func(st ast.Stmt, names ...string) (*ast.CallExpr, string) {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			return nil, ""
		}
		call, ok := ast.Unparen(es.X).(*ast.CallExpr)
		if !ok || len(call.Args) != 0 {
			return nil, ""
		}
		sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr)
		if !ok || !slices.Contains(names, sel.Sel.Name) {
			return nil, ""
		}
		if f, ok := s.Info.Uses[sel.Sel].(*types.Func); !ok || f.Signature().Recv() == nil || !isSyncType(f.Signature().Recv().Type()) {
			return nil, ""
		}
		return call, sel.Sel.Name + " " + types.ExprString(sel.X)
	}
	ast.Inspect(body, func(n ast.Node) bool {
		list := stmtsOf(n)
		for i, st := range list {
			lock, key := lockCall(st, "Lock", "RLock")
			if lock == nil {
				continue
			}
			want := "Unlock" + strings.TrimPrefix(key, "Lock")
			if strings.HasPrefix(key, "RLock") {
				want = "RUnlock" + strings.TrimPrefix(key, "RLock")
			}
			for j := i + 1; j < len(list); j++ {
				if unlock, k := lockCall(list[j], "Unlock", "RUnlock"); unlock != nil && k == want {
					pairs[lock], pairs[unlock] = true, true
					break
				}
				if s.syncOp(list[j], none) != nil {
					break
				}
			}
		}
		return true
	})
	return pairs
}

// describe says what op, one of syncOp's operations, does.
func describe(op ast.Node) string {
	switch op := op.(type) {
	case *ast.SendStmt:
		return "sends on " + types.ExprString(op.Chan)
	case *ast.UnaryExpr:
		return "receives from " + types.ExprString(op.X)
	case *ast.RangeStmt:
		return "ranges over " + types.ExprString(op.X)
	case *ast.CallExpr:
		return "calls " + types.ExprString(op.Fun)
	}
	return "waits"
}

// isBuiltinClose reports whether call calls the builtin close.
func isBuiltinClose(info *types.Info, call *ast.CallExpr) bool {
	return isBuiltinNamed(info, call, "close")
}

// isBuiltinNamed reports whether call calls the builtin name.
func isBuiltinNamed(info *types.Info, call *ast.CallExpr, name string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	return ok && info.Uses[id] == types.Universe.Lookup(name)
}

// isCancel reports whether call calls a context.CancelFunc, which never
// waits.
func isCancel(info *types.Info, call *ast.CallExpr) bool {
	n, ok := types.Unalias(info.TypeOf(call.Fun)).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "CancelFunc"
}
