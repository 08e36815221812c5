package analyzer

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/rewrite"
	"golang.org/x/tools/go/analysis"
)

//go:embed doc.go
var doc string

// Analyzer reports goroutine leaks with the fixes that remove them.
var Analyzer = &analysis.Analyzer{
	Name:     "leakfix",
	Doc:      analysisDoc(doc),
	URL:      "https://github.com/leakfix/leakfix",
	Run:      run,
}

// strategy is the -strategy flag: which fix comes first.
var strategy = "auto"

func init() {
	Analyzer.Flags.StringVar(&strategy, "strategy", strategy, "fix to suggest first: auto or buffer")
}

func run(pass *analysis.Pass) (any, error) {
	for _, file := range pass.Files {
		if !mayLeak(file) {
			continue
		}
		leaks := detect.File(pass.Fset, pass.TypesInfo, file)
		if len(leaks) == 0 {
			continue
		}
		name := pass.Fset.File(file.Pos()).Name()
		src, err := pass.ReadFile(name)
		if err != nil {
			return nil, err
		}
		s := &rewrite.Source{Fset: pass.Fset, File: file, Src: src, Info: pass.TypesInfo, Pkg: pass.Pkg}
		for _, l := range leaks {
			pass.Report(diagnostic(s, l))
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

// diagnostic reports l with its fixes, the chosen strategy first.
func diagnostic(s *rewrite.Source, l detect.Leak) analysis.Diagnostic {
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
	if fix, err := rewrite.Buffer(s, l); err == nil {
		d.SuggestedFixes = append(d.SuggestedFixes, analysis.SuggestedFix{Message: fix.Message, TextEdits: fix.Edits})
	}
	return d
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
