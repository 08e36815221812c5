package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"go/version"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/internal/scope"
	"golang.org/x/tools/go/analysis"
)

// ErrgroupPath is the import path of the errgroup package.
const ErrgroupPath = "golang.org/x/sync/errgroup"

// Errgroup rewrites an error fan-out to errgroup.
//
//	errc := make(chan error)             var g errgroup.Group
//	for _, u := range urls {             for _, u := range urls {
//		go func() {                  =>      g.Go(func() error {
//			errc <- fetch(ctx, u)                return fetch(ctx, u)
//		}()                                  })
//	}                                    }
//	for range urls {                     if err := g.Wait(); err != nil {
//		if err := <-errc; err != nil {       return err
//			return err                   }
//		}
//	}
//
// It accepts one go statement in a loop whose literal ends by sending an
// error on every path, and a receive loop whose body is only
// "if err := <-errc; err != nil { … }" (see errgroupShape and firstError
// for every condition). The function still returns the first error; what
// changes is that it waits for every goroutine before it returns, so
// latency becomes the slowest goroutine's. It never uses
// errgroup.WithContext, which would rebind a context others read.
// Goroutine parameters become captures where the file's Go version gives
// each iteration its own variable, else copies before g.Go.
//
// Like the other fixes it edits text around the original bytes: the
// headers it replaces hold no comments (else it is not offered), and the
// if statement that leaves the loop is dedented one level, except inside
// its raw strings and block comments.
func Errgroup(s *Source, l detect.Leak) (Fix, error) {
	shape, err := s.errgroupShape(l)
	if err != nil {
		return Fix{}, err
	}
	pkgName, importEdit, err := s.errgroupName(l)
	if err != nil {
		return Fix{}, err
	}
	sc := scope.At(s.Info, l.Func, l.Make.Pos())
	g := s.fresh(l.Func, sc, "g")
	e := &editor{s: s}
	if importEdit != nil {
		e.edits = append(e.edits, *importEdit)
	}
	// errc := make(chan error)  =>  var g errgroup.Group
	e.replace(l.Stmt.Pos(), l.Stmt.End(), "var "+g+" "+pkgName+".Group")
	if err := s.errgroupGo(e, l, shape, sc, g); err != nil {
		return Fix{}, err
	}
	// for … { if err := <-errc; err != nil { … } }  =>  if err := g.Wait(); err != nil { … }
	recv := shape.check.Init.(*ast.AssignStmt).Rhs[0]
	e.replace(shape.loop.Pos(), shape.check.Pos(), "")
	e.replace(recv.Pos(), recv.End(), g+".Wait()")
	e.replace(shape.check.End(), shape.loop.End(), "")
	dedent, err := s.dedent(shape.check, loopBody(shape.loop))
	if err != nil {
		return Fix{}, err
	}
	if e.err != nil {
		return Fix{}, e.err
	}
	return Fix{
		Strategy: StrategyErrgroup,
		Message:  fixPrefix + "use errgroup (g.Wait waits for every goroutine: the slowest one sets the latency)",
		Edits:    append(e.edits, dedent...),
	}, nil
}

// An editor collects the edits of a fix that replaces code, and the first
// reason it cannot: a comment inside what it would replace.
type editor struct {
	s     *Source
	edits []analysis.TextEdit
	err   error
}

// replace replaces [from, to) with text, unless a comment lies there.
func (e *editor) replace(from, to token.Pos, text string) {
	if e.err == nil && e.s.hasComment(from, to) {
		e.err = fmt.Errorf("not an error fan-out it can rewrite: a comment at line %d inside the code it replaces", e.s.line(from))
	}
	e.edits = append(e.edits, analysis.TextEdit{Pos: from, End: to, NewText: []byte(text)})
}

// errgroupGo turns the go statement into g.Go, and its sends into
// returns:
//
//	go func(p T) {          =>  p2 := a
//		…                       g.Go(func() error {
//		errc <- X                   …
//		return                      return X
//	}(a)                        })
func (s *Source) errgroupGo(e *editor, l detect.Leak, shape *errgroupFit, sc *types.Scope, g string) error {
	snd := l.Senders[0]
	copies, err := s.paramCopies(l, snd, shape, sc)
	if err != nil {
		return err
	}
	nl, ind := s.newline(), s.indentOf(snd.Go.Pos())
	header := ""
	for _, c := range copies {
		header += c + nl + ind
	}
	e.replace(snd.Go.Pos(), snd.Lit.Body.Lbrace+1, header+g+".Go(func() error {")
	e.replace(snd.Lit.Body.Rbrace, snd.Go.Call.End(), "})")
	for _, r := range shape.renames {
		e.edits = append(e.edits, analysis.TextEdit{Pos: r.Pos(), End: r.End(), NewText: []byte(shape.renamed[r])})
	}
	for _, send := range snd.Sends {
		e.replace(send.Pos(), send.Value.Pos(), "return ")
		ret := shape.after[send]
		if ret == nil {
			continue
		}
		// The bare return after the send goes, with its line.
		if !s.startsLine(ret.Pos()) || s.lineEnd(ret.End()) != ret.End() || !s.endsLine(ret.End()) {
			return fmt.Errorf("not an error fan-out it can rewrite: the return at line %d shares its line", s.line(ret.Pos()))
		}
		from := s.lineStart(ret.Pos()) - 1 // the end of the line before
		if s.Src[s.offset(from)-1] == '\r' {
			from--
		}
		e.edits = append(e.edits, analysis.TextEdit{Pos: from, End: ret.End()})
	}
	return nil
}

// errgroupName returns the name the file knows errgroup by, with the
// edit that imports it when the file does not yet.
func (s *Source) errgroupName(l detect.Leak) (string, *analysis.TextEdit, error) {
	for _, spec := range s.File.Imports {
		if importPath(spec) != ErrgroupPath {
			continue
		}
		if spec.Name == nil {
			return "errgroup", nil, nil
		}
		if spec.Name.Name == "_" || spec.Name.Name == "." {
			return "", nil, fmt.Errorf("errgroup is imported as %s", spec.Name.Name)
		}
		return spec.Name.Name, nil, nil
	}
	e := s.addImport(ErrgroupPath)
	return "errgroup", &e, nil
}

// paramCopies returns the statements that copy the goroutine's arguments
// before g.Go: go func(p T) {…}(a) evaluates a when the go statement
// runs, so it becomes p := a, under a name nothing else in the function
// uses (the body is renamed to match), or nothing at all when p is unused
// or the same per-iteration variable as a.
func (s *Source) paramCopies(l detect.Leak, snd detect.Sender, shape *errgroupFit, sc *types.Scope) ([]string, error) {
	var copies []string
	shape.renamed = map[*ast.Ident]string{}
	for i, p := range shape.params {
		arg := snd.Go.Call.Args[i]
		if s.hasComment(arg.Pos(), arg.End()) || strings.Contains(s.text(arg), "\n") {
			return nil, fmt.Errorf("not an error fan-out it can rewrite: the goroutine's argument at line %d spans lines or holds a comment", s.line(arg.Pos()))
		}
		var lhs string
		switch obj := s.Info.Defs[p]; {
		case shape.captured[i]:
			continue
		case p.Name == "_" || !s.usedIn(snd.Lit.Body, obj):
			if pure(arg) {
				continue
			}
			lhs = "_" // keep what evaluating the argument does
		case !s.nameTaken(l.Func, snd.Lit, p.Name) || isIdentNamed(arg, p.Name) && !s.namedAfter(snd.Go, p.Name):
			// p := a neither shadows nor is shadowed: nothing else in the
			// function has that name, or p := p where nothing after the go
			// statement in its block names p (it would now see the copy).
			lhs = p.Name
		default:
			lhs = s.fresh(l.Func, sc, p.Name)
			ast.Inspect(snd.Lit.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && s.Info.Uses[id] == obj {
					shape.renames = append(shape.renames, id)
					shape.renamed[id] = lhs
				}
				return true
			})
		}
		tok := " := "
		if lhs == "_" {
			tok = " = "
		}
		copies = append(copies, lhs+tok+s.text(arg))
	}
	return copies, nil
}

// namedAfter reports whether an identifier called name follows the go
// statement in the block that holds it, where a copy declared before the
// go statement would be in scope.
func (s *Source) namedAfter(g *ast.GoStmt, name string) bool {
	path := pathTo(s.File, g)
	if len(path) < 2 {
		return true
	}
	found := false
	ast.Inspect(path[1], func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Pos() > g.End() && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// waitsForReturn returns why a goroutine may wait for something that
// happens only once the function has returned, or "". errgroup's Wait
// waits for every goroutine where the function returned at the first
// error, so such a goroutine would hang it: one that reads a context, a
// channel, a lock or a function value from outside its literal (a caller
// cancelling ctx after the return, say), or a value of the package's
// types that holds one (c.fetch(u), where c holds the context). Calls of
// named functions with plain values are taken to end on their own.
func (s *Source) waitsForReturn(l detect.Leak, snd detect.Sender) string {
	var why string
	ast.Inspect(snd.Lit.Body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || why != "" {
			return why == ""
		}
		v, ok := s.Info.Uses[id].(*types.Var)
		if !ok || v.Pos() >= snd.Lit.Pos() && v.Pos() < snd.Lit.End() || v == l.Chan {
			return true // declared in the goroutine, or the error channel
		}
		switch v.Type().Underlying().(type) {
		case *types.Chan, *types.Signature:
			why = fmt.Sprintf("the goroutine uses %s, so it may wait for the function to return, and g.Wait() would wait for it", v.Name())
		case *types.Interface:
			if isContext(v.Type()) {
				why = fmt.Sprintf("the goroutine uses %s, which may end only once the function has returned, and g.Wait() would wait for it", v.Name())
			}
		case *types.Pointer, *types.Struct:
			if sync := typeFrom(v.Type(), "sync"); sync != "" {
				why = fmt.Sprintf("the goroutine uses the %s %s, so it may wait for the function to return", sync, v.Name())
			} else if holdsSync(s.Pkg, v.Type()) || holds(s.Pkg, v.Type(), isContext, map[types.Type]bool{}) {
				why = fmt.Sprintf("the goroutine uses %s, which holds a channel, a lock or a context that may end only once the function has returned, and g.Wait() would wait for it", v.Name())
			}
		}
		return why == ""
	})
	return why
}

// isContext reports whether t is context.Context.
func isContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// typeFrom returns the name of the type of package path that t is or
// points to, or "".
func typeFrom(t types.Type, path string) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == path {
		return path + "." + n.Obj().Name()
	}
	return ""
}

// dedent returns the edits that move the lines of st after its first one
// level out of block: each loses the indentation block's statements have
// over block's own line. Lines that start inside a raw string or a block
// comment are left alone; st must not begin such a line's token.
func (s *Source) dedent(st ast.Stmt, block *ast.BlockStmt) ([]analysis.TextEdit, error) {
	unit := s.indentUnit(st.Pos(), block)
	from, to := s.offset(st.Pos()), s.offset(st.End())
	// Offsets covered by tokens that span lines.
	var multi [][2]int
	var sc scanner.Scanner
	fset := token.NewFileSet()
	tf := fset.AddFile("", -1, to-from)
	sc.Init(tf, s.Src[from:to], nil, scanner.ScanComments)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if strings.Contains(lit, "\n") && (tok == token.STRING || tok == token.COMMENT) {
			start := from + tf.Offset(pos)
			multi = append(multi, [2]int{start, start + len(lit)})
		}
	}
	var edits []analysis.TextEdit
	for off := from; off < to; off++ {
		if s.Src[off] != '\n' {
			continue
		}
		line := off + 1
		if slices.ContainsFunc(multi, func(r [2]int) bool { return r[0] < line && line < r[1] }) {
			continue
		}
		if !bytes.HasPrefix(s.Src[line:], []byte(unit)) {
			if len(bytes.TrimLeft(s.Src[line:bytes.IndexByte(s.Src[line:], '\n')+line], " \t\r")) == 0 {
				continue // a blank line
			}
			return nil, fmt.Errorf("not an error fan-out it can rewrite: line %d is not indented as the loop's body", s.line(st.Pos())+bytes.Count(s.Src[from:line], []byte("\n")))
		}
		pos := st.Pos() + token.Pos(line-from)
		edits = append(edits, analysis.TextEdit{Pos: pos, End: pos + token.Pos(len(unit))})
	}
	return edits, nil
}

// errgroupFit is what Errgroup needs to know of an error fan-out.
type errgroupFit struct {
	params   []*ast.Ident                      // the go literal's parameters, one per argument
	captured []bool                            // parameter i can be dropped: its argument is the same per-iteration variable
	loop     ast.Stmt                          // the receive loop
	check    *ast.IfStmt                       // its only statement
	after    map[*ast.SendStmt]*ast.ReturnStmt // the bare return right after a send
	renames  []*ast.Ident                      // uses of parameters copied under another name
	renamed  map[*ast.Ident]string             // their new names
}

// errgroupShape reports whether l is an error fan-out Errgroup can
// rewrite, each step a property with its reason.
func (s *Source) errgroupShape(l detect.Leak) (*errgroupFit, error) {
	no := func(why string) (*errgroupFit, error) { return nil, fmt.Errorf("not an error fan-out: %s", why) }
	snd, why := s.errorSender(l)
	if why != "" {
		return no(why)
	}
	after, why := s.sendsEndPaths(snd)
	if why != "" {
		return no(why)
	}
	spawn, why := s.spawnLoop(l, snd)
	if why != "" {
		return no(why)
	}
	// The make statement is replaced whole: it must do nothing else.
	if as, ok := l.Stmt.(*ast.AssignStmt); !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 || as.Rhs[0] != ast.Expr(l.Make) {
		return no("the statement that makes the channel does more")
	}
	if why := s.waitsForReturn(l, snd); why != "" {
		return no(why)
	}
	fit := &errgroupFit{after: after}
	if fit.loop, fit.check, why = s.receiveLoop(l, snd); why != "" {
		return no(why)
	}
	if why := s.firstError(l, spawn, fit); why != "" {
		return no(why)
	}
	if why := s.params(snd, spawn, fit); why != "" {
		return no(why)
	}
	return fit, nil
}

// errorSender returns the one goroutine literal that sends one error on
// l's channel and returns no values, or why there is none.
func (s *Source) errorSender(l detect.Leak) (detect.Sender, string) {
	ch, ok := l.Chan.Type().Underlying().(*types.Chan)
	if !ok || !types.Identical(ch.Elem(), types.Universe.Lookup("error").Type()) {
		return detect.Sender{}, "the channel does not carry errors"
	}
	if len(l.Senders) != 1 || l.Senders[0].Max != 1 || !l.Senders[0].Rewritable() {
		return detect.Sender{}, "not one goroutine literal that sends one error"
	}
	if r := l.Senders[0].Lit.Type.Results; r != nil && len(r.List) > 0 {
		return detect.Sender{}, "the goroutine returns values"
	}
	if l.Senders[0].Go == nil {
		return detect.Sender{}, "a timer starts the goroutine, when it fires: g.Go would run it at once"
	}
	return l.Senders[0], ""
}

// sendsEndPaths checks that each send ends a path of the goroutine (it
// is the literal's last statement, or a bare return follows it) and that
// each path sends (the literal ends with a send, and a send comes right
// before each of its returns), so that every send can become a return.
// It returns the bare returns that follow sends.
func (s *Source) sendsEndPaths(snd detect.Sender) (map[*ast.SendStmt]*ast.ReturnStmt, string) {
	after := map[*ast.SendStmt]*ast.ReturnStmt{}
	for _, send := range snd.Sends {
		path := pathTo(snd.Lit, send)
		if len(path) < 2 {
			return nil, "a send is not in the goroutine's literal"
		}
		list := stmtsOf(path[1])
		i := slices.Index(list, ast.Stmt(send))
		switch {
		case i < 0:
			return nil, "a send is not a statement of a block"
		case i == len(list)-1 && path[1] == snd.Lit.Body:
		case i+1 < len(list) && isBareReturn(list[i+1]):
			after[send] = list[i+1].(*ast.ReturnStmt)
		default:
			return nil, "the goroutine keeps working after a send"
		}
	}
	body := snd.Lit.Body.List
	if len(body) == 0 || !slices.Contains(snd.Sends, asSend(body[len(body)-1])) {
		return nil, "the goroutine can end without sending"
	}
	sendsFirst := true
	ast.Inspect(snd.Lit.Body, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			return false
		}
		list := stmtsOf(n)
		for i, st := range list {
			if _, ok := st.(*ast.ReturnStmt); ok && (i == 0 || !slices.Contains(snd.Sends, asSend(list[i-1]))) {
				sendsFirst = false
			}
		}
		return true
	})
	if !sendsFirst {
		return nil, "the goroutine can return without sending"
	}
	return after, ""
}

// spawnLoop returns the loop whose body starts the goroutine, as one of
// its statements, or why there is none. The loop runs once per run of
// the function: a loop around it that is not also around the make would
// start more goroutines than the receive loop counts.
func (s *Source) spawnLoop(l detect.Leak, snd detect.Sender) (ast.Stmt, string) {
	path := pathTo(l.Func, snd.Go)
	if len(path) < 3 {
		return nil, "the goroutine is not started by a loop"
	}
	var spawn ast.Stmt
	if _, isBlock := path[1].(*ast.BlockStmt); isBlock {
		switch loop := path[2].(type) {
		case *ast.RangeStmt, *ast.ForStmt:
			spawn = loop.(ast.Stmt)
		}
	}
	if spawn == nil {
		return nil, "the goroutine is not started by a loop"
	}
	for _, n := range path[3:] {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			if !(n.Pos() <= l.Stmt.Pos() && l.Stmt.End() <= n.End()) {
				return nil, "the loop that starts the goroutines is inside another loop"
			}
		}
	}
	return spawn, ""
}

// receiveLoop returns the loop whose body is only
// "if err := <-errc; err != nil { … }" and its if statement, or why there
// is none. The make, the sends and that receive are the channel's only
// uses.
func (s *Source) receiveLoop(l detect.Leak, snd detect.Sender) (ast.Stmt, *ast.IfStmt, string) {
	var loop ast.Stmt
	var check *ast.IfStmt
	uses := 0
	ast.Inspect(scope.Body(l.Func), func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.Info.Uses[id] == l.Chan {
			uses++
		}
		if st, ok := n.(ast.Stmt); ok {
			if ifs := s.receiveCheck(st, l); ifs != nil {
				loop, check = st, ifs
			}
		}
		return true
	})
	if loop == nil || uses != 1+len(snd.Sends) {
		return nil, nil, "the channel is used beyond one send and one receive loop"
	}
	return loop, check, ""
}

// receiveCheck returns the if statement of st when st is a loop whose
// body is only "if err := <-errc; err != nil { … }" with no else, or nil.
func (s *Source) receiveCheck(st ast.Stmt, l detect.Leak) *ast.IfStmt {
	body := loopBody(st)
	if body == nil || len(body.List) != 1 {
		return nil
	}
	ifs, ok := body.List[0].(*ast.IfStmt)
	if !ok || ifs.Else != nil {
		return nil
	}
	init, ok := ifs.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return nil
	}
	recv, ok := init.Rhs[0].(*ast.UnaryExpr)
	if !ok || recv.Op != token.ARROW || !scope.Names(s.Info, recv.X, l.Chan) {
		return nil
	}
	return ifs
}

// params records the goroutine's parameters, and which of them can be
// dropped: the argument is the same per-iteration loop variable (Go 1.22
// and later) and the goroutine leaves it alone, since writes to it would
// be writes to the loop's variable, which the loop body may read.
func (s *Source) params(snd detect.Sender, spawn ast.Stmt, fit *errgroupFit) string {
	for _, f := range snd.Lit.Type.Params.List {
		if len(f.Names) == 0 {
			return "a goroutine parameter has no name"
		}
		fit.params = append(fit.params, f.Names...)
	}
	if len(fit.params) != len(snd.Go.Call.Args) {
		return "variadic goroutine arguments"
	}
	perIteration := version.Compare(s.fileVersion(), "go1.22") >= 0
	for i, p := range fit.params {
		arg, ok := ast.Unparen(snd.Go.Call.Args[i]).(*ast.Ident)
		fit.captured = append(fit.captured, ok && perIteration && arg.Name == p.Name && s.loopVar(spawn, s.Info.Uses[arg]) &&
			!s.assignedIn(snd.Lit.Body, s.Info.Defs[p]))
	}
	return ""
}

// firstError returns why g.Wait() would not return what the receive loop
// returns, or "". g.Wait() waits for every goroutine and returns the first
// non-nil error, so the loop must receive once per goroutine and stop at
// the first non-nil error, unchanged:
//
//   - the check is exactly err != nil (a filter such as
//     !errors.Is(err, ErrSkip) would skip errors g.Wait() returns);
//   - its body leaves the loop for good (return, panic, t.Fatal*, t.FailNow)
//     and holds no break, continue or goto, nor any use of the loop's
//     variables, which g.Wait() has no iteration for;
//   - the receive loop runs as often as the spawn loop (same range, same
//     bound, unchanged in between), and the spawn loop starts a goroutine
//     on every iteration (no break, continue, goto or label in it);
//   - the name errgroup is free for the import: nothing in the package or
//     the function declares it.
func (s *Source) firstError(l detect.Leak, spawn ast.Stmt, fit *errgroupFit) string {
	if pos := branches(scope.Body(l.Func)); pos.IsValid() {
		return fmt.Sprintf("a goto or label at line %d", s.line(pos))
	}
	errVar := s.Info.Defs[fit.check.Init.(*ast.AssignStmt).Lhs[0].(*ast.Ident)]
	cond, ok := ast.Unparen(fit.check.Cond).(*ast.BinaryExpr)
	if !ok || cond.Op != token.NEQ || !(scope.Names(s.Info, cond.X, errVar) && s.isNil(cond.Y) || scope.Names(s.Info, cond.Y, errVar) && s.isNil(cond.X)) {
		return "the receive loop checks more than err != nil"
	}
	body := fit.check.Body
	if len(body.List) == 0 || !s.leaves(body.List[len(body.List)-1]) {
		return "the error's handling does not leave the loop: every error is handled, g.Wait() returns only the first"
	}
	if hasBranch(body) || hasBranch(loopBody(spawn)) {
		return "a break, continue or goto in the loops"
	}
	for _, v := range s.loopVars(fit.loop) {
		if s.usedIn(body, v) {
			return fmt.Sprintf("the error's handling uses the loop variable %s", v.Name())
		}
	}
	recvTrip, ok1 := s.trip(fit.loop)
	spawnTrip, ok2 := s.trip(spawn)
	if !ok1 || !ok2 || types.ExprString(recvTrip) != types.ExprString(spawnTrip) || fit.loop.Pos() < spawn.End() {
		return "the receive loop may not receive once per goroutine"
	}
	if why := s.changes(l.Func, recvTrip, spawn.Pos(), fit.loop.Pos()); why != "" {
		return why
	}
	if s.Pkg.Scope().Lookup("errgroup") != nil || s.declaredUnseen("errgroup") != "" || s.nameTaken(l.Func, nil, "errgroup") {
		return "the name errgroup is taken"
	}
	if _, obj := scope.At(s.Info, l.Func, l.Stmt.Pos()).LookupParent("errgroup", token.NoPos); obj != nil {
		if pn, ok := obj.(*types.PkgName); !ok || pn.Imported().Path() != ErrgroupPath {
			return "the name errgroup is taken"
		}
	}
	return ""
}

// leaves reports whether st ends the loop and the function's work for
// good: a return, a panic, or a test's Fatal, Fatalf or FailNow.
func (s *Source) leaves(st ast.Stmt) bool {
	if _, ok := st.(*ast.ReturnStmt); ok {
		return true
	}
	es, ok := st.(*ast.ExprStmt)
	if !ok {
		return false
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		b, ok := s.Info.Uses[fun].(*types.Builtin)
		return ok && b.Name() == "panic"
	case *ast.SelectorExpr:
		switch fun.Sel.Name {
		case "Fatal", "Fatalf", "FailNow":
			obj, _, _ := types.LookupFieldOrMethod(s.Info.TypeOf(fun.X), true, nil, "FailNow")
			return obj != nil
		}
	}
	return false
}

// isNil reports whether e is the predeclared nil.
func (s *Source) isNil(e ast.Expr) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && s.Info.Uses[id] == types.Universe.Lookup("nil")
}

// hasBranch reports whether n holds a break, continue, goto or label
// outside its function literals.
func hasBranch(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BranchStmt, *ast.LabeledStmt:
			found = true
		}
		return !found
	})
	return found
}

// loopBody returns the body of a for or range loop.
func loopBody(loop ast.Stmt) *ast.BlockStmt {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		return l.Body
	case *ast.ForStmt:
		return l.Body
	}
	return nil
}

// loopVars returns the variables a loop declares.
func (s *Source) loopVars(loop ast.Stmt) []types.Object {
	var decl []ast.Expr
	switch l := loop.(type) {
	case *ast.RangeStmt:
		decl = []ast.Expr{l.Key, l.Value}
	case *ast.ForStmt:
		if init, ok := l.Init.(*ast.AssignStmt); ok {
			decl = init.Lhs
		}
	}
	var vars []types.Object
	for _, e := range decl {
		if id, ok := e.(*ast.Ident); ok && s.Info.Defs[id] != nil {
			vars = append(vars, s.Info.Defs[id])
		}
	}
	return vars
}

// trip returns how many times loop runs, as an expression evaluated when
// it starts: len(X) for a range over a slice, array or map, N for a range
// over an integer or for i := 0; i < N; i++ with i left alone in the body.
func (s *Source) trip(loop ast.Stmt) (ast.Expr, bool) {
	switch l := loop.(type) {
	case *ast.RangeStmt:
		switch t := s.Info.TypeOf(l.X).Underlying().(type) {
		case *types.Slice, *types.Array, *types.Map:
			return &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{l.X}}, true
		case *types.Pointer:
			if _, ok := t.Elem().Underlying().(*types.Array); ok {
				return &ast.CallExpr{Fun: ast.NewIdent("len"), Args: []ast.Expr{l.X}}, true
			}
		case *types.Basic:
			if t.Info()&types.IsInteger != 0 {
				return l.X, true
			}
		}
	case *ast.ForStmt:
		init, ok := l.Init.(*ast.AssignStmt)
		if !ok || init.Tok != token.DEFINE || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
			return nil, false
		}
		i := s.Info.Defs[init.Lhs[0].(*ast.Ident)]
		zero, ok := s.Info.Types[init.Rhs[0]]
		cond, okCond := ast.Unparen(l.Cond).(*ast.BinaryExpr)
		post, okPost := l.Post.(*ast.IncDecStmt)
		if !ok || zero.Value == nil || zero.Value.String() != "0" || !okCond || cond.Op != token.LSS || !scope.Names(s.Info, cond.X, i) ||
			!okPost || post.Tok != token.INC || !scope.Names(s.Info, post.X, i) || s.assignedIn(l.Body, i) {
			return nil, false
		}
		return cond.Y, true
	}
	return nil, false
}

// asSend returns st as a send statement, or nil.
func asSend(st ast.Stmt) *ast.SendStmt {
	send, _ := st.(*ast.SendStmt)
	return send
}

// pure reports whether evaluating e does nothing but read: dropping it
// changes nothing.
func pure(e ast.Expr) bool {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return pure(e.X)
	}
	return false
}

func isIdentNamed(e ast.Expr, name string) bool {
	id, ok := ast.Unparen(e).(*ast.Ident)
	return ok && id.Name == name
}

// usedIn reports whether n refers to obj.
func (s *Source) usedIn(n ast.Node, obj types.Object) bool {
	used := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && s.Info.Uses[id] == obj {
			used = true
		}
		return !used
	})
	return used
}

// nameTaken reports whether fn, outside lit, declares or refers to name.
func (s *Source) nameTaken(fn ast.Node, lit *ast.FuncLit, name string) bool {
	taken := false
	ast.Inspect(fn, func(n ast.Node) bool {
		if n == lit {
			return false
		}
		if id, ok := n.(*ast.Ident); ok && id.Name == name && (s.Info.Defs[id] != nil || s.Info.Uses[id] != nil) {
			taken = true
		}
		return !taken
	})
	return taken
}

// stmtsOf returns the statements of a block or clause.
func stmtsOf(n ast.Node) []ast.Stmt {
	switch n := n.(type) {
	case *ast.BlockStmt:
		return n.List
	case *ast.CaseClause:
		return n.Body
	case *ast.CommClause:
		return n.Body
	}
	return nil
}

func isBareReturn(s ast.Stmt) bool {
	r, ok := s.(*ast.ReturnStmt)
	return ok && len(r.Results) == 0
}

// loopVar reports whether obj is a variable the loop declares for each
// iteration and does not assign in its body.
func (s *Source) loopVar(loop ast.Stmt, obj types.Object) bool {
	var decl []ast.Expr
	var body *ast.BlockStmt
	switch l := loop.(type) {
	case *ast.RangeStmt:
		if l.Tok == token.DEFINE {
			decl = []ast.Expr{l.Key, l.Value}
		}
		body = l.Body
	case *ast.ForStmt:
		if init, ok := l.Init.(*ast.AssignStmt); ok && init.Tok == token.DEFINE {
			decl = init.Lhs
		}
		body = l.Body
	}
	declared := false
	for _, e := range decl {
		if id, ok := e.(*ast.Ident); ok && s.Info.Defs[id] == obj {
			declared = true
		}
	}
	return declared && !s.assignedIn(body, obj)
}

// assignedIn reports whether n assigns obj, or part of it, or takes its
// address (see assigns and addressTaken).
func (s *Source) assignedIn(n ast.Node, obj types.Object) bool {
	v, ok := obj.(*types.Var)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		found = found || n != nil && (s.assigns(n, v) || s.addressTaken(n, v) != "")
		return !found
	})
	return found
}

// fileVersion is the Go version the file is compiled with.
func (s *Source) fileVersion() string {
	if v := s.Info.FileVersions[s.File]; v != "" {
		return v
	}
	return s.Pkg.GoVersion()
}
