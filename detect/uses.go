package detect

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/types/typeutil"
)

// uses is what a channel's uses show, when every one of them is understood.
type uses struct {
	senders map[ast.Stmt]*Sender  // by the statement that starts them
	order   []ast.Stmt            // senders in source order
	aliases map[types.Object]bool // the channel and the go literals' parameters bound to it
	// starts maps statements of f that run go statements of literals
	// they call to the senders started; deferred does the same for the
	// defer statements, which start them when f leaves.
	starts   map[ast.Node][]*Sender
	deferred map[ast.Node][]*Sender
	// nested holds, per sender, the literals it calls as statements
	// that send (func() { c <- v }()); their counts become Helpers.
	nested map[*Sender]map[ast.Stmt]*ast.FuncLit
	// holder and field are the struct variable and the field when the
	// channel is a field of a local struct: holder.field names it.
	holder, field types.Object
	// slice is the local slice that keeps the channel made on each pass,
	// and store the statement that puts it there (see sliceOf), or nil.
	slice *types.Var
	store ast.Stmt
}

// classify sorts every use of c in f. It fails (ok is false) when the
// channel escapes or is used in a way the check does not model: stored,
// passed to a function, returned, received from in another goroutine or a
// deferred function, or sent on by f itself. Then the channel may have
// receivers we cannot see, and we say nothing.
func (f *fn) classify(c channel) (u uses, ok bool) {
	u = uses{
		senders: map[ast.Stmt]*Sender{}, aliases: map[types.Object]bool{},
		starts: map[ast.Node][]*Sender{}, deferred: map[ast.Node][]*Sender{},
		nested: map[*Sender]map[ast.Stmt]*ast.FuncLit{},
	}
	if c.holder != nil {
		u.holder, u.field = c.holder, c.obj
	} else {
		u.aliases[c.obj] = true
	}
	if u.slice, u.store = f.sliceOf(c); u.slice != nil {
		f.rangeAliases(&u)
	}
	ok = true
	// go func(ch chan<- T) { ... }(c): the parameter is the channel too.
	// Parameters are visited before arguments, so find them first.
	inspectOwn(f.body, func(n ast.Node) {
		g, isGo := n.(*ast.GoStmt)
		if !isGo {
			return
		}
		fl, isLit := g.Call.Fun.(*ast.FuncLit)
		for i, arg := range g.Call.Args {
			if isLit && f.isChan(arg, &u) {
				if param := paramAt(f.info, fl, i); param != nil {
					u.aliases[param] = true
				}
			}
		}
	})
	ast.PreorderStack(f.body, nil, func(n ast.Node, stack []ast.Node) bool {
		id, isIdent := n.(*ast.Ident)
		if !ok || !isIdent {
			return ok
		}
		obj := f.info.Uses[id]
		if obj == nil {
			obj = f.info.Defs[id]
		}
		switch {
		case u.aliases[obj]:
			ok = f.use(c, &u, append(slices.Clip(stack), id))
		case obj != nil && obj == u.holder:
			ok = f.holderUse(c, &u, stack, id)
		case u.slice != nil && obj == u.slice:
			ok = f.sliceUse(&u, stack, id)
		}
		return ok
	})
	for snd, calls := range u.nested {
		if snd.Helpers == nil {
			snd.Helpers = map[ast.Stmt]int{}
		}
		for stmt, lit := range calls {
			snd.Helpers[stmt] = f.maxSends(lit.Body, sendsIn(lit, snd.Sends), nil)
		}
	}
	return u, ok && len(u.order) > 0
}

// holderUse classifies a use of the struct variable that holds the
// channel, id with its ancestors on stack: its definition, a field of
// another name, or holder.field, a use of the channel. Anything else
// (a copy, a method call, its address) may let the channel escape.
func (f *fn) holderUse(c channel, u *uses, stack []ast.Node, id *ast.Ident) bool {
	switch p := stack[len(stack)-1].(type) {
	case *ast.AssignStmt:
		return p == c.stmt && f.own(stack)
	case *ast.ValueSpec:
		return p == c.stmt && f.own(stack)
	case *ast.SelectorExpr:
		sel := f.info.Selections[p]
		if p.X != id || sel == nil || sel.Kind() != types.FieldVal {
			return false
		}
		if f.info.Uses[p.Sel] != u.field {
			return true // another field
		}
		return f.use(c, u, stack)
	}
	return false
}

// use classifies the use of the channel at the top of stack: an
// identifier, or holder.field.
func (f *fn) use(c channel, u *uses, stack []ast.Node) bool {
	id := stack[len(stack)-1].(ast.Expr)
	parent := stack[len(stack)-2]
	lit, _ := innermostLit(stack)
	switch p := parent.(type) {
	case *ast.AssignStmt:
		return (p == c.stmt || p == u.store) && lit == nil // the make itself, or s[i] = c
	case *ast.ValueSpec:
		return (p == c.stmt || len(p.Values) == 0) && lit == nil
	case *ast.SendStmt:
		if p.Chan != id || lit == nil {
			return false // sent as a value, or f sends itself
		}
		return f.sendIn(u, stack, p)
	case *ast.UnaryExpr:
		return p.Op == token.ARROW && lit == nil // f's own receive
	case *ast.RangeStmt:
		return (p.X == id || u.slice != nil && p.Value == id) && lit == nil // over the channel, or for _, c := range s
	case *ast.CallExpr:
		return f.callUse(c, u, stack, p, id)
	case *ast.Field:
		return true // a parameter of a go literal that aliases the channel
	}
	return false
}

// callUse classifies the channel id as an argument of call: to close,
// len or cap; to a function of the package that only sends on it; to a
// go literal whose parameter is bound to it.
func (f *fn) callUse(c channel, u *uses, stack []ast.Node, call *ast.CallExpr, id ast.Expr) bool {
	lit, litIndex := innermostLit(stack)
	if len(stack) >= 3 && stack[len(stack)-3] == u.store {
		return true // s = append(s, c)
	}
	if isBuiltin(f.info, call.Fun, "close") || isBuiltin(f.info, call.Fun, "len") || isBuiltin(f.info, call.Fun, "cap") {
		return true
	}
	fl, isLit := call.Fun.(*ast.FuncLit)
	if !isLit {
		return f.callSends(c, u, stack, call, id, lit, litIndex)
	}
	// go func(ch chan<- T) { ... }(c), when the parameter was bound.
	if len(stack) < 3 || lit != nil {
		return false
	}
	if g, isGo := stack[len(stack)-3].(*ast.GoStmt); !isGo || g.Call != call {
		return false
	}
	for i, arg := range call.Args {
		if arg == id && !u.aliases[paramAt(f.info, fl, i)] {
			return false
		}
	}
	return true
}

// callSends classifies the channel passed to a function of the package
// that does nothing with it but send: go worker(c, x) starts a named
// sender; send(c, v) inside a go literal is a send of that goroutine.
func (f *fn) callSends(c channel, u *uses, stack []ast.Node, call *ast.CallExpr, id ast.Expr, lit *ast.FuncLit, litIndex int) bool {
	k := slices.IndexFunc(call.Args, func(a ast.Expr) bool { return ast.Unparen(a) == id })
	if k < 0 || f.pkg == nil {
		return false
	}
	decl, sends, ok := f.pkg.sender(typeutil.StaticCallee(f.info, call), k)
	if !ok {
		return false
	}
	if lit == nil { // go worker(c, x)
		g, isGo := stack[len(stack)-3].(*ast.GoStmt)
		if !isGo || g.Call != call {
			return false
		}
		u.add(&Sender{Go: g, Callee: decl, Sends: sends})
		return true
	}
	// send(c, v) as a statement of a literal f starts (go, time.AfterFunc)
	started := f.started(stack, litIndex, lit)
	stmt, isStmt := stack[len(stack)-3].(*ast.ExprStmt)
	if started == nil || !isStmt {
		return false
	}
	s := u.add(started)
	if s.Helpers == nil {
		s.Helpers = map[ast.Stmt]int{}
	}
	s.Helpers[stmt] = f.maxSends(decl.Body, sends, nil)
	s.Sends = append(s.Sends, sends...)
	return true
}

// add records the sender s started by s.Start(), or returns the one
// already there.
func (u *uses) add(s *Sender) *Sender {
	if old := u.senders[s.Start()]; old != nil {
		return old
	}
	u.senders[s.Start()] = s
	u.order = append(u.order, s.Start())
	return s
}

// innermostLit returns the innermost function literal on stack and its index.
func innermostLit(stack []ast.Node) (*ast.FuncLit, int) {
	for i := len(stack) - 1; i >= 0; i-- {
		if l, ok := stack[i].(*ast.FuncLit); ok {
			return l, i
		}
	}
	return nil, -1
}

// goOf returns the go statement that calls the literal at stack[i], if any.
func goOf(stack []ast.Node, i int) *ast.GoStmt {
	if i < 2 {
		return nil
	}
	call, ok := stack[i-1].(*ast.CallExpr)
	if !ok || call.Fun != stack[i] {
		return nil
	}
	g, _ := stack[i-2].(*ast.GoStmt)
	return g
}

// own reports whether stack reaches its end without entering a function
// literal: the node after it belongs to f itself.
func (f *fn) own(stack []ast.Node) bool {
	lit, _ := innermostLit(stack)
	return lit == nil
}

// guarded reports whether the send at the top of stack is a case of a
// select that has another way out: a default, a done channel, a context.
// Such a send does not block forever as far as we can tell.
func guarded(stack []ast.Node) bool {
	send := stack[len(stack)-2]
	for i := len(stack) - 3; i >= 2; i-- {
		cc, ok := stack[i].(*ast.CommClause)
		if !ok {
			continue
		}
		if cc.Comm != send {
			return false
		}
		sel := stack[i-2].(*ast.SelectStmt)
		return len(sel.Body.List) > 1
	}
	return false
}

// paramAt returns the parameter of lit that receives argument i.
func paramAt(info *types.Info, lit *ast.FuncLit, i int) types.Object {
	sig, ok := info.Types[lit].Type.(*types.Signature)
	if !ok || sig.Variadic() && i >= sig.Params().Len()-1 || i >= sig.Params().Len() {
		return nil
	}
	return sig.Params().At(i)
}
