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

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/internal/gomod"
	"github.com/leakfix/leakfix/rewrite"
	"github.com/leakfix/leakfix/verify"
	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var doc string

// Options configure an Analyzer.
type Options struct {
	Strategy     string // the fix to offer first, one of Strategies; "" means "auto"
	FirstFixOnly bool   // each diagnostic carries only its first fix (see Batch)
}

// New returns a leakfix Analyzer with its own configuration. Its
// "strategy" flag sets o.Strategy, for drivers that configure analyzers
// by flags (go vet, go fix).
func New(o Options) (*analysis.Analyzer, error) {
	cfg := &o
	if cfg.Strategy == "" {
		cfg.Strategy = "auto"
	}
	a := &analysis.Analyzer{
		Name: "leakfix",
		Doc:  analysisDoc(doc),
		URL:  "https://github.com/leakfix/leakfix",
		Run:  func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
	a.Flags.Var((*strategyFlag)(&cfg.Strategy), "strategy", "fix to suggest first: "+strings.Join(Strategies, ", "))
	if err := a.Flags.Set("strategy", cfg.Strategy); err != nil {
		return nil, err
	}
	return a, nil
}

func must(a *analysis.Analyzer, err error) *analysis.Analyzer {
	if err != nil {
		panic(err)
	}
	return a
}

// Analyzer reports goroutine leaks with all the fixes that remove them,
// in the automatic order. It is for drivers that offer the alternatives,
// such as editors; its strategy flag is the go command's handshake.
var Analyzer = must(New(Options{}))

// Batch is Analyzer for drivers that apply fixes without asking: go vet,
// go fix and golangci-lint. Each diagnostic carries only its first fix.
// Each SuggestedFix is an alternative (buffer the channel, or cancel the
// senders, …). go fix applies the first one and warns about the others;
// golangci-lint's --fix applies every fix of an issue, on top of each
// other. With one fix each, every driver applies what leakfix -w applies.
var Batch = must(New(Options{FirstFixOnly: true}))

// Strategies are the values of the strategy option.
var Strategies = []string{"auto", "buffer", "done", "errgroup"}

// strategyFlag is the flag.Value of -strategy; it refuses unknown names.
type strategyFlag string

func (f *strategyFlag) String() string { return string(*f) }

func (f *strategyFlag) Set(s string) error {
	if !slices.Contains(Strategies, s) {
		return fmt.Errorf("unknown strategy %q: want one of %s", s, strings.Join(Strategies, ", "))
	}
	*f = strategyFlag(s)
	return nil
}

func run(pass *analysis.Pass, o *Options) (any, error) {
	pkg := detect.NewPackage(pass.Fset, pass.TypesInfo, pass.Files)
	rest := packageOf(pass)
	var found []*finding
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
		s := &rewrite.Source{Fset: pass.Fset, File: file, Src: src, Info: pass.TypesInfo, Pkg: pass.Pkg, Package: rest}
		withErrgroup := RequiresXSync(filepath.Dir(name))
		for _, l := range leaks {
			fixes, declined := Fixes(s, l, leaks, withErrgroup, o.Strategy)
			found = append(found, &finding{src: s, leak: l, fixes: fixes, declined: declined})
		}
	}
	choose(&verify.Package{Fset: pass.Fset, Files: pass.Files, Types: pass.Pkg, Sizes: pass.TypesSizes}, found)
	for _, f := range found {
		d := f.diagnostic()
		if o.FirstFixOnly {
			d.SuggestedFixes = d.SuggestedFixes[:min(len(d.SuggestedFixes), 1)]
			if f.overlaps {
				d.SuggestedFixes = nil // go fix would apply it on top of the others
			}
		}
		pass.Report(d)
	}
	return nil, nil
}

// packageOf is the rest of pass's package, for fixes that change the
// functions a goroutine calls, and their callers.
func packageOf(pass *analysis.Pass) *rewrite.Package {
	return &rewrite.Package{
		Files: pass.Files,
		ReadFile: func(name string) ([]byte, error) {
			if b, err := pass.ReadFile(name); err == nil {
				return b, nil
			}
			return os.ReadFile(name) // a test file the pass leaves out
		},
		Unseen: func() []string { return unseen(pass) },
	}
}

// unseen returns the files of pass's package that it does not check:
// every other file of its directory (those build constraints exclude,
// assembly, the test files of a check without them, and of an external
// test package those its tags exclude, which go/packages may not list),
// and its other and ignored files elsewhere.
func unseen(pass *analysis.Pass) []string {
	checked := map[string]bool{}
	for _, f := range pass.Files {
		checked[pass.Fset.File(f.Pos()).Name()] = true
	}
	var files []string
	if len(pass.Files) > 0 {
		dir := filepath.Dir(pass.Fset.File(pass.Files[0].Pos()).Name())
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if name := filepath.Join(dir, e.Name()); e.Type().IsRegular() && buildable(e.Name()) && !checked[name] {
				files = append(files, name)
			}
		}
	}
	for _, name := range slices.Concat(pass.OtherFiles, pass.IgnoredFiles) {
		if !checked[name] && !slices.Contains(files, name) {
			files = append(files, name)
		}
	}
	return files
}

// buildable reports whether the go command may build a file of this
// name into a package: Go, assembly, C and the other sources cgo and
// SWIG compile, unless its name starts with "_" or ".".
func buildable(name string) bool {
	switch filepath.Ext(name) {
	case ".go", ".s", ".S", ".sx", ".c", ".cc", ".cpp", ".cxx", ".h", ".hh", ".hpp", ".hxx", ".m", ".swig", ".swigcxx":
		return !strings.HasPrefix(name, "_") && !strings.HasPrefix(name, ".")
	}
	return false
}

// mayLeak reports whether a declaration of file may hold a leak
// (detect.MayLeak), the test the driver's pre-pass makes too.
func mayLeak(file *ast.File) bool {
	return slices.ContainsFunc(file.Decls, detect.MayLeak)
}

// A finding is a leak with the fixes that apply to it, in the order they
// are offered, and why the others do not apply.
type finding struct {
	src      *rewrite.Source
	leak     detect.Leak
	fixes    []rewrite.Fix
	declined []string // "strategy: reason"
	overlaps bool     // every fix overlaps a first fix of another finding
}

// diagnostic reports the finding with its fixes. A finding without a fix
// says why in its message.
func (f *finding) diagnostic() analysis.Diagnostic {
	l := f.leak
	d := analysis.Diagnostic{
		Pos:      l.Make.Pos(),
		End:      l.Make.End(),
		Category: "leak",
		Message:  l.Message,
	}
	if len(f.fixes) == 0 && len(f.declined) > 0 {
		d.Message += " (no fix: " + strings.Join(f.declined, "; ") + ")"
	}
	for _, snd := range l.Senders {
		start := analysis.RelatedInformation{Pos: snd.Start().Pos(), Message: "sender started here"}
		if snd.Timer != nil {
			start.End = snd.Timer.Fun.End() // time.AfterFunc
		} else {
			start.End = snd.Go.Go + token.Pos(len("go"))
		}
		d.Related = append(d.Related, start)
		for _, send := range snd.Sends {
			d.Related = append(d.Related, analysis.RelatedInformation{Pos: send.Pos(), End: send.End(), Message: "blocks here forever"})
		}
	}
	d.Related = append(d.Related, analysis.RelatedInformation{Pos: l.Exit.Pos, End: l.Exit.Pos, Message: fmt.Sprintf("%s leaves here", l.Name)})
	for _, fix := range f.fixes {
		d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{Message: fix.Message, TextEdits: fix.Edits})
	}
	return d
}

// Fixes returns the fixes that apply to l, in the order of preference for
// the strategy, and why each other strategy does not apply ("done: …").
// all is every leak of l's file: the done fix of l covers the leaks that
// share its goroutines. The named strategy comes first if it applies,
// then the rest in the automatic order:
//
//   - errgroup, only when it is the named strategy, for an error fan-out
//     in a module that requires golang.org/x/sync;
//   - buffer, when the number of sends is a constant (a single sender, the
//     timeout case, included): the fix most maintainers choose;
//   - done, when the count depends on data or the senders are producers;
//   - buffer with a data-dependent size, when done does not apply, or
//     when the senders send from named functions (sendsFromHelper).
//
// Each strategy checks its own preconditions, so the automatic order never
// picks a fix that the strategy named alone would refuse.
func Fixes(s *rewrite.Source, l detect.Leak, all []detect.Leak, withErrgroup bool, strategy string) ([]rewrite.Fix, []string) {
	got := map[rewrite.Strategy]rewrite.Fix{}
	var declined []string
	try := func(st rewrite.Strategy, fix rewrite.Fix, err error) {
		if err != nil {
			declined = append(declined, string(st)+": "+err.Error())
			return
		}
		got[fix.Strategy] = fix
	}
	fix, err := rewrite.Buffer(s, l)
	try(rewrite.StrategyBuffer, fix, err)
	fix, err = rewrite.Done(s, l, all)
	try(rewrite.StrategyDone, fix, err)
	if strategy == string(rewrite.StrategyErrgroup) && withErrgroup {
		// Only when asked for: g.Wait() waits for every goroutine where
		// the function returned at the first error, which can cost
		// latency, and no check can prove a goroutine ends on its own.
		fix, err = rewrite.Errgroup(s, l)
		try(rewrite.StrategyErrgroup, fix, err)
	}
	order := []rewrite.Strategy{rewrite.StrategyErrgroup, rewrite.StrategyDone, rewrite.StrategyBuffer}
	if l.Size != nil && (len(l.Size.Terms) == 0 || slices.ContainsFunc(l.Senders, sendsFromHelper)) {
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
	return fixes, declined
}

// sendsFromHelper reports whether a sender sends from a named function,
// whose signature and callers a done fix changes: buffer, when it
// applies, is the smaller change.
func sendsFromHelper(snd detect.Sender) bool {
	return snd.Callee != nil || len(snd.Helpers) > 0
}

// RequiresXSync reports whether the module holding dir requires
// golang.org/x/sync, so that a fix may import errgroup. leakfix never
// edits go.mod. It reads go.mod each time, so that a running language
// server sees a go get.
func RequiresXSync(dir string) bool {
	d, ok := gomod.Find(dir, "go.mod")
	if !ok {
		return false
	}
	data, err := os.ReadFile(filepath.Join(d, "go.mod"))
	if err != nil {
		return false
	}
	f, err := modfile.ParseLax("go.mod", data, nil)
	return err == nil && slices.ContainsFunc(f.Require, func(r *modfile.Require) bool { return r.Mod.Path == "golang.org/x/sync" })
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
