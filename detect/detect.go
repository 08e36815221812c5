// Package detect finds goroutine leaks of the "unbuffered first result"
// family in type-checked Go code.
//
// A function F makes a channel, starts goroutines that send on it, and can
// leave before it has received every value those goroutines send. Each sender
// left behind blocks forever on its send. Detection knows nothing of how a
// leak is fixed: it reports what leaks, where, and how many sends the channel
// would have to buffer.
package detect

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// A Leak is a channel made in a function whose senders can block forever.
type Leak struct {
	Func    ast.Node      // the *ast.FuncDecl or *ast.FuncLit that makes the channel
	Name    string        // how messages name Func: "find" or "the func literal"
	Chan    *types.Var    // the channel variable; the field, when Holder is set
	Holder  *types.Var    // the local struct variable whose field Chan is, or nil
	Slice   *types.Var    // the local slice that keeps the Chan made on each pass, or nil
	Make    *ast.CallExpr // the make call
	Stmt    ast.Stmt      // the statement holding the make call
	Senders []Sender      // the goroutines that send on Chan
	Exit    Exit          // an exit of Func that leaves senders blocked
	Recvs   int           // receives on the path that reaches Exit
	Last    token.Pos     // the last of those receives, or token.NoPos
	Size    *Size         // the sends Chan must buffer, valid at Make; nil if not countable
	Message string        // the diagnostic, naming the lines that matter
}

// A Sender is a goroutine sending on the channel, started by a go
// statement or by a timer: a function literal, or a function of the
// package (Callee). Start is the statement of the function that starts it.
type Sender struct {
	Go *ast.GoStmt // the go statement that starts it, or nil when Timer does
	// Timer is the call time.AfterFunc(d, Lit) whose timer runs Lit in a
	// goroutine of its own when it fires, and TimerStmt the statement of
	// the function that holds the call; both nil when Go is set.
	Timer     *ast.CallExpr
	TimerStmt ast.Stmt

	Lit     *ast.FuncLit     // the literal go runs, or nil
	Callee  *ast.FuncDecl    // the named function go runs, or nil
	Helpers map[ast.Stmt]int // calls in Lit to functions of the package that send, with their sends
	Sends   []*ast.SendStmt  // the sends that can block, in Lit, Callee or the helpers
	Max     int              // most sends on one path; Many when it sends in a loop
	Endless bool             // it sends in a loop that nothing ends

	// Closure is the literal go runs through a local variable of the
	// function (write := func(…) {…}; go write(x)), or nil; Lit is nil then.
	Closure *ast.FuncLit
	// Starts are the statements of the function that run Go when Go is
	// not one of its own statements but sits in a literal it calls
	// (start := func() { go … }; start()) or defers; nil otherwise.
	Starts []ast.Stmt
}

// chanName is how messages name the channel: "c", or "w.ch" for a field.
func (l *Leak) chanName() string {
	if l.Holder != nil {
		return l.Holder.Name() + "." + l.Chan.Name()
	}
	if l.Slice != nil {
		return l.Chan.Name() + " (one per pass, kept in " + l.Slice.Name() + ")"
	}
	return l.Chan.Name()
}

// Start returns the statement of the function that starts the goroutine:
// the go statement, or the one that calls time.AfterFunc. (When Starts is
// set, those statements run the literal that holds Start.)
func (s *Sender) Start() ast.Stmt {
	if s.Go != nil {
		return s.Go
	}
	return s.TimerStmt
}

// Body is the body of the goroutine's function.
func (s *Sender) Body() *ast.BlockStmt {
	switch {
	case s.Lit != nil:
		return s.Lit.Body
	case s.Closure != nil:
		return s.Closure.Body
	}
	return s.Callee.Body
}

// Rewritable reports whether every send is a statement of the literal,
// where a fix can change it, and the function runs the go statement
// itself.
func (s *Sender) Rewritable() bool {
	return s.Lit != nil && len(s.Helpers) == 0 && len(s.Starts) == 0
}

// Many is the Sender.Max of a goroutine that sends in a loop.
const Many = 1 << 14

// An ExitKind says how a function leaves.
type ExitKind int

// The ways a function can leave while its senders are still blocked.
const (
	Return ExitKind = iota // a return statement
	End                    // falling off the end of the body
	Panic                  // a call to panic
	Stop                   // a call that stops the goroutine: t.Fatal, runtime.Goexit, require.*
	Again                  // a loop makes the channel anew: the old one is abandoned
)

// An Exit is where a function leaves.
type Exit struct {
	Pos  token.Pos
	Kind ExitKind
	Call string // the stopping call as written, for Panic and Stop
}

// Size is the number of sends a channel must buffer so that no sender
// blocks: Const plus the sum of Terms, each valid where the channel is made.
type Size struct {
	Const int
	Terms []Term
}

// A Term is one data-dependent part of a Size: len(X) when Len, else X.
type Term struct {
	X   ast.Expr
	Len bool
}

// String formats s as Go source, as in "len(xs)+1".
func (s *Size) String() string {
	var parts []string
	for _, t := range s.Terms {
		x := types.ExprString(t.X)
		if t.Len {
			x = "len(" + x + ")"
		}
		parts = append(parts, x)
	}
	sum := strings.Join(parts, "+")
	switch {
	case len(parts) == 0:
		return fmt.Sprint(s.Const)
	case s.Const > 0:
		return fmt.Sprintf("%s+%d", sum, s.Const)
	case s.Const < 0:
		return fmt.Sprintf("%s-%d", sum, -s.Const)
	}
	return sum
}

// File reports the leaks in every function of file, except those
// suppressed by a //leakfix:ignore comment on the make line or in the doc
// comment of the function declaration. It follows go statements only
// into functions of file; Package.File follows them across a package.
func File(fset *token.FileSet, info *types.Info, file *ast.File) []Leak {
	return NewPackage(fset, info, []*ast.File{file}).File(file)
}

// File reports the leaks in every function of file, one of the package's.
func (p *Package) File(file *ast.File) []Leak {
	fset := p.fset
	ignored := map[int]bool{}
	for _, cg := range file.Comments {
		if hasIgnore(cg) {
			ignored[fset.PositionFor(cg.Pos(), false).Line] = true
		}
	}
	var leaks []Leak
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Doc != nil && hasIgnore(n.Doc) {
				return true // its function literals are checked on their own
			}
		case *ast.FuncLit:
		default:
			return true
		}
		for _, l := range p.Func(n) {
			if !ignored[fset.PositionFor(l.Make.Pos(), false).Line] {
				leaks = append(leaks, l)
			}
		}
		return true
	})
	return leaks
}

// hasIgnore reports whether a comment group holds //leakfix:ignore.
func hasIgnore(cg *ast.CommentGroup) bool {
	for _, c := range cg.List {
		if strings.HasPrefix(c.Text, "//leakfix:ignore") {
			return true
		}
	}
	return false
}
