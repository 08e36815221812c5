package trace

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"golang.org/x/tools/go/analysis"
)

// A Site is a frame of a dump with the file of the module it is in.
type Site struct {
	Frame
	Local string `json:"local,omitempty"` // the file in the module; "" outside it
}

// Status is what leakfix makes of a group.
type Status string

// The statuses of a group.
const (
	Explained   Status = "explained"   // a finding explains it; its fix removes the leak
	Unexplained Status = "unexplained" // blocked in the module, and no finding explains it
	Live        Status = "live"        // the input says which goroutines leaked, and these did not
	Outside     Status = "outside"     // no frame of it is in the module
)

// A Group is the goroutines started by one go statement and blocked at
// one place.
type Group struct {
	Count     int             `json:"count"`
	Leaked    int             `json:"leaked"` // how many the input reports as leaked
	State     string          `json:"state,omitempty"`
	MinWait   int             `json:"min_wait_minutes,omitempty"`
	MaxWait   int             `json:"max_wait_minutes,omitempty"`
	IDs       []int           `json:"goroutines,omitempty"`
	CreatedBy *Site           `json:"created_by,omitempty"` // the go statement
	BlockedAt *Site           `json:"blocked_at,omitempty"` // the innermost frame in the module, or outside the runtime
	Stack     []Site          `json:"stack"`                // the first goroutine's, innermost first
	Status    Status          `json:"status"`
	Match     string          `json:"match,omitempty"` // how Finding was matched: "go statement", "send" or "function"
	Finding   *driver.Finding `json:"finding,omitempty"`
}

// A Report is the groups of a dump and the analysis that explains them.
type Report struct {
	Groups []Group
	Module *Module
	Result *driver.Result // the findings in the packages that started the groups, and their sources
	Config driver.Config  // how those packages were loaded
}

// Options say how to load the packages that started the goroutines.
type Options struct {
	Tags     string             // build tags, comma separated
	Tests    bool               // include test files
	Analyzer *analysis.Analyzer // the leakfix analyzer to run; nil means analyzer.Analyzer
}

// Explain groups the blocked goroutines, runs leakfix on the packages
// whose functions started them, and attributes each group to the finding
// that explains it.
func Explain(m *Module, gs []Goroutine, opt Options) (*Report, error) {
	groups := group(m, gs)
	var dirs []string
	for _, g := range groups {
		if s := g.home(); s != nil {
			dirs = append(dirs, filepath.Dir(s.Local))
		}
	}
	slices.Sort(dirs)
	dirs = slices.Compact(dirs)
	res := &driver.Result{Sources: map[string][]byte{}}
	cfg := driver.Config{Dir: m.Dir, Patterns: dirs, Tags: opt.Tags, Tests: opt.Tests}
	if len(dirs) > 0 {
		var err error
		a := opt.Analyzer
		if a == nil {
			a = analyzer.Analyzer
		}
		res, err = driver.Run(cfg, a)
		if err != nil {
			return nil, err
		}
	}
	es := explanations(res)
	marked := slices.ContainsFunc(gs, func(g Goroutine) bool { return g.Leaked })
	for i := range groups {
		g := &groups[i]
		switch {
		case attribute(g, es):
			g.Status = Explained
		case g.home() == nil:
			g.Status = Outside
		case marked && g.Leaked == 0:
			g.Status = Live
		default:
			g.Status = Unexplained
		}
	}
	rank := map[Status]int{Explained: 0, Unexplained: 1, Live: 2, Outside: 3}
	slices.SortStableFunc(groups, func(a, b Group) int {
		return cmp.Or(b.Count-a.Count, rank[a.Status]-rank[b.Status])
	})
	return &Report{Groups: groups, Module: m, Result: res, Config: cfg}, nil
}

// group puts the blocked goroutines together by go statement, blocking
// place and state, in the order they first appear.
func group(m *Module, gs []Goroutine) []Group {
	var out []Group
	index := map[string]int{}
	for _, g := range gs {
		if !g.Blocked() {
			continue
		}
		stack := make([]Site, len(g.Frames))
		for i, f := range g.Frames {
			stack[i] = Site{f, m.Local(f)}
		}
		var created *Site
		if g.CreatedBy != nil {
			created = &Site{*g.CreatedBy, m.Local(*g.CreatedBy)}
		}
		blocked := blockedAt(stack)
		key := fmt.Sprintf("%v|%v|%s", frameOf(created), frameOf(blocked), g.State)
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, Group{State: g.State, CreatedBy: created, BlockedAt: blocked, Stack: stack, MinWait: g.Wait})
		}
		grp := &out[i]
		grp.Count += g.Count
		if g.Leaked {
			grp.Leaked += g.Count
		}
		if g.ID != 0 {
			grp.IDs = append(grp.IDs, g.ID)
		}
		grp.MinWait, grp.MaxWait = min(grp.MinWait, g.Wait), max(grp.MaxWait, g.Wait)
	}
	return out
}

func frameOf(s *Site) Frame {
	if s == nil {
		return Frame{}
	}
	return s.Frame
}

// blockedAt picks the frame that says where a goroutine waits: the
// innermost one in the module, else the innermost outside the runtime.
func blockedAt(stack []Site) *Site {
	for i := range stack {
		if stack[i].Local != "" {
			return &stack[i]
		}
	}
	for i := range stack {
		if !strings.HasPrefix(stack[i].Func, "runtime.") {
			return &stack[i]
		}
	}
	if len(stack) > 0 {
		return &stack[0]
	}
	return nil
}

// home is the site whose package leakfix analyses for g: the go statement
// when it is in the module, else the place g waits; nil when neither is.
func (g *Group) home() *Site {
	if g.CreatedBy != nil && g.CreatedBy.Local != "" {
		return g.CreatedBy
	}
	if g.BlockedAt != nil && g.BlockedAt.Local != "" {
		return g.BlockedAt
	}
	return nil
}

// lines is a range of lines in a file.
type lines struct {
	file        string
	first, last int
}

func (l lines) has(file string, line int) bool {
	return file == l.file && l.first <= line && line <= l.last
}

// An explanation is a finding with the places a dump can show it at.
type explanation struct {
	finding *driver.Finding
	gos     []lines // the go statements that start the senders
	sends   []lines // the sends that block
	decl    string  // the function holding the make call, as DeclName names it
}

// explanations finds, for every finding, the lines of its go statements
// and sends, and the function it is in.
func explanations(res *driver.Result) []explanation {
	fset := token.NewFileSet()
	files := map[string]*ast.File{}
	var out []explanation
	for i := range res.Findings {
		f := &res.Findings[i]
		af, ok := files[f.File]
		if !ok {
			af, _ = parser.ParseFile(fset, f.File, res.Sources[f.File], parser.SkipObjectResolution)
			files[f.File] = af
		}
		if af == nil {
			continue
		}
		tf := fset.File(af.Pos())
		lineOf := func(off int) int { return tf.Line(tf.Pos(min(off, tf.Size()))) }
		e := explanation{finding: f}
		for _, r := range f.Related {
			switch r.Message {
			case "sender started here":
				e.gos = append(e.gos, goLines(af, tf, r))
			case "blocks here forever":
				e.sends = append(e.sends, lines{r.File, r.Line, lineOf(r.End)})
			}
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && tf.Offset(fd.Pos()) <= f.Offset && f.Offset < tf.Offset(fd.End()) {
				e.decl = declName(fd)
			}
		}
		out = append(out, e)
	}
	return out
}

// goLines returns the lines of the go statement whose go keyword is at
// r: a goroutine's "created by" names the line of the go keyword, but the
// statement may span many.
func goLines(af *ast.File, tf *token.File, r driver.Related) lines {
	l := lines{r.File, r.Line, r.Line}
	ast.Inspect(af, func(n ast.Node) bool {
		if g, ok := n.(*ast.GoStmt); ok && tf.Offset(g.Go) == r.Offset {
			l.last = tf.Line(g.End())
			return false
		}
		return true
	})
	return l
}

// attribute sets g's finding: the one whose go statement started g, else
// the one whose send g blocks on, else — when the source has changed
// since the dump, and no line matches — the one in the function whose
// func literal g is, blocked on a send or a select as a sender is.
func attribute(g *Group, es []explanation) bool {
	set := func(e explanation, how string) bool {
		g.Finding, g.Match = e.finding, how
		return true
	}
	if c := g.CreatedBy; c != nil && c.Local != "" {
		for _, e := range es {
			for _, l := range e.gos {
				if l.has(c.Local, c.Line) {
					return set(e, "go statement")
				}
			}
		}
	}
	for _, e := range es {
		for _, l := range e.sends {
			for _, s := range g.Stack {
				if s.Local != "" && l.has(s.Local, s.Line) {
					return set(e, "send")
				}
			}
		}
	}
	b := g.BlockedAt
	if b == nil || b.Local == "" || !isClosure(b.Func[strings.LastIndexByte(b.Func, '.')+1:]) {
		return false
	}
	if g.State != "" && g.State != "chan send" && g.State != "select" {
		return false
	}
	for _, e := range es {
		if filepath.Dir(e.finding.File) != filepath.Dir(b.Local) || DeclName(b.Func) != e.decl {
			continue
		}
		if c := g.CreatedBy; c != nil && DeclName(c.Func) != e.decl {
			continue
		}
		return set(e, "function")
	}
	return false
}

// Findings returns the findings that explain groups, each once, in the
// order of the analysis.
func (r *Report) Findings() []driver.Finding {
	var out []driver.Finding
	for i := range r.Result.Findings {
		f := &r.Result.Findings[i]
		if slices.ContainsFunc(r.Groups, func(g Group) bool { return g.Finding == f }) {
			out = append(out, *f)
		}
	}
	return out
}
