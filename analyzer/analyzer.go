package analyzer

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/rewrite"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutine leaks with the fixes that remove them.
var Analyzer = newAnalyzer()

func newAnalyzer() *analysis.Analyzer {
	a := &analysis.Analyzer{
		Name: "leakfix",
		Doc:  analysisDoc(doc),
		URL:  "https://github.com/leakfix/leakfix",
		Run:  run,
	}
	a.Flags.Var(strategyFlag{}, "strategy", "fix to suggest first: "+strings.Join(Strategies, ", "))
	return a
}

// Strategies are the values of the strategy flag.
var Strategies = []string{"auto", "buffer", "done", "errgroup"}

// strategy is the -strategy flag: which fix comes first.
var strategy = "auto"

// strategyFlag is the flag.Value of -strategy; it refuses unknown names.
type strategyFlag struct{}

func (strategyFlag) String() string { return strategy }

func (strategyFlag) Set(s string) error {
	for _, ok := range Strategies {
		if s == ok {
			strategy = s
			return nil
		}
	}
	return fmt.Errorf("unknown strategy %q: want one of %s", s, strings.Join(Strategies, ", "))
}

func run(pass *analysis.Pass) (any, error) {
	pkg := detect.NewPackage(pass.Fset, pass.TypesInfo, pass.Files)
	for _, file := range pass.Files {
		if !mayLeak(file) {
			continue
		}
		leaks := pkg.File(file)
		if len(leaks) == 0 {
			continue
		}
		name := pass.Fset.File(file.Pos()).Name()
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s := &rewrite.Source{Fset: pass.Fset, File: file, Src: src, Info: pass.TypesInfo, Pkg: pass.Pkg}
		withErrgroup := RequiresXSync(filepath.Dir(name))
		for _, l := range leaks {
			pass.Report(diagnostic(s, l, together(l, leaks), withErrgroup))
		}
	}
	return nil, nil
}

// mayLeak is a cheap test that file has both a go statement and a make.
func mayLeak(file *ast.File) bool {
	gos, makes := false, false
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GoStmt:
			gos = true
		case *ast.Ident:
			makes = makes || n.Name == "make"
		}
		return !(gos && makes)
	})
	return gos && makes
}

// together returns the leaks that share a goroutine with l, l among them,
// in source order: one fix must cancel their senders together.
func together(l detect.Leak, leaks []detect.Leak) []detect.Leak {
	var group []detect.Leak
	for _, o := range leaks {
		if o.Func == l.Func && slices.ContainsFunc(o.Senders, func(a detect.Sender) bool {
			return slices.ContainsFunc(l.Senders, func(b detect.Sender) bool { return a.Go == b.Go })
		}) {
			group = append(group, o)
		}
	}
	return group
}

// diagnostic reports l with its fixes, the chosen strategy first.
func diagnostic(s *rewrite.Source, l detect.Leak, group []detect.Leak, withErrgroup bool) analysis.Diagnostic {
	d := analysis.Diagnostic{
		Pos:      l.Make.Pos(),
		End:      l.Make.End(),
		Category: "leak",
		Message:  l.Message,
	}
	for _, snd := range l.Senders {
		d.Related = append(d.Related, analysis.RelatedInformation{Pos: snd.Go.Pos(), End: snd.Go.Go + token.Pos(len("go")), Message: "sender started here"})
		for _, send := range snd.Sends {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: send.Pos(), End: send.End(), Message: "blocks here forever"})
		}
	}
	d.Related = append(d.Related, analysis.RelatedInformation{Pos: l.Exit.Pos, End: l.Exit.Pos, Message: fmt.Sprintf("%s leaves here", l.Name)})
	for _, fix := range Fixes(s, l, group, withErrgroup, strategy) {
		d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{Message: fix.Message, TextEdits: fix.Edits})
	}
	return d
}

// Fixes returns the fixes that apply to l, in the order of preference for
// the strategy (group is the leaks whose senders the done fix must cancel
// with l's: l and those sharing a goroutine with it)
// the strategy: the named one first if it applies, then the rest in the
// automatic order. The automatic order is:
//
//   - errgroup, for an error fan-out in a module that requires golang.org/x/sync;
//   - buffer, when the number of sends is a constant (a single sender, the
//     timeout case, included): the fix most maintainers choose;
//   - done, when the count depends on data or the senders are producers;
//   - buffer with a data-dependent size, when done does not apply.
func Fixes(s *rewrite.Source, l detect.Leak, group []detect.Leak, withErrgroup bool, strategy string) []rewrite.Fix {
	got := map[rewrite.Strategy]rewrite.Fix{}
	try := func(fix rewrite.Fix, err error) {
		if err == nil {
			got[fix.Strategy] = fix
		}
	}
	try(rewrite.Buffer(s, l))
	try(rewrite.Done(s, group...))
	if withErrgroup {
		try(rewrite.Errgroup(s, l))
	}
	order := []rewrite.Strategy{rewrite.StrategyErrgroup, rewrite.StrategyDone, rewrite.StrategyBuffer}
	if l.Size != nil && len(l.Size.Terms) == 0 {
		order = []rewrite.Strategy{rewrite.StrategyErrgroup, rewrite.StrategyBuffer, rewrite.StrategyDone}
	}
	if strategy != "auto" {
		order = append([]rewrite.Strategy{rewrite.Strategy(strategy)}, order...)
	}
	var fixes []rewrite.Fix
	for _, st := range order {
		if fix, ok := got[st]; ok {
			fixes = append(fixes, fix)
			delete(got, st)
		}
	}
	return fixes
}

var xsync sync.Map // directory => whether its module requires golang.org/x/sync

// RequiresXSync reports whether the module holding dir requires
// golang.org/x/sync, so that a fix may import errgroup. leakfix never
// edits go.mod.
func RequiresXSync(dir string) bool {
	if v, ok := xsync.Load(dir); ok {
		return v.(bool)
	}
	ok := false
	for d := dir; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			if f, err := modfile.ParseLax("go.mod", data, nil); err == nil {
				for _, r := range f.Require {
					ok = ok || r.Mod.Path == "golang.org/x/sync"
				}
			}
			break
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	xsync.Store(dir, ok)
	return ok
}

// analysisDoc turns the package comment of doc.go into the Analyzer's Doc:
// the text after the "# Analyzer leakfix" heading.
func analysisDoc(src string) string {
	var lines []string
	in := false
	for _, line := range strings.Split(src, "\n") {
		if !strings.HasPrefix(line, "//") {
			if in {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		if text == "# Analyzer leakfix" {
			in = true
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
