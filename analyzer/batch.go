package analyzer

import "golang.org/x/tools/go/analysis"

// Batch is Analyzer for drivers that apply fixes without asking: go vet,
// go fix and golangci-lint. Each diagnostic carries only its first fix,
// the one the strategy flag chose.
//
// Each SuggestedFix is an alternative (buffer the channel, or cancel the
// senders, …). go fix applies the first one and warns about the others;
// golangci-lint's --fix applies every fix of an issue, on top of each
// other. With one fix each, every driver applies what leakfix -w applies.
var Batch = firstFixOnly(Analyzer)

func firstFixOnly(a *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:             a.Name,
		Doc:              a.Doc,
		URL:              a.URL,
		Flags:            a.Flags,
		Requires:         a.Requires,
		ResultType:       a.ResultType,
		FactTypes:        a.FactTypes,
		RunDespiteErrors: a.RunDespiteErrors,
		Run: func(pass *analysis.Pass) (any, error) {
			inner := *pass
			inner.Report = func(d analysis.Diagnostic) {
				d.SuggestedFixes = d.SuggestedFixes[:min(len(d.SuggestedFixes), 1)]
				pass.Report(d)
			}
			return a.Run(&inner)
		},
	}
}
