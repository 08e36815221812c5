package golangci

import (
	"fmt"
	"go/token"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakfix/leakfix/analyzer"
	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// plugin builds the analyzers the way golangci-lint does: the registered
// constructor, with settings as decoded from .golangci.yml.
func plugin(t *testing.T, settings any) []*analysis.Analyzer {
	t.Helper()
	newPlugin, err := register.GetPlugin("leakfix")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		t.Fatal(err)
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", mode, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 1 || as[0].Name != "leakfix" {
		t.Fatalf("BuildAnalyzers() = %v, want the leakfix analyzer", as)
	}
	return as
}

// TestAnalyzers runs the plugin's analyzer on testdata/src/leaks: the
// findings its // want comments expect, the fixes its .golden expects, and
// each diagnostic exactly the analyzer's, with the analyzer's first fix
// alone.
func TestAnalyzers(t *testing.T) {
	a := plugin(t, map[string]any{"strategy": "buffer"})[0]
	got := describe(analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "leaks"), -1)
	want := describe(analysistest.Run(t, analysistest.TestData(), analyzer.Analyzer, "leaks"), 1)
	if len(got) == 0 {
		t.Fatal("no diagnostics")
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("plugin diagnostics:\n%s\nwant the analyzer's with its first fix:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, d := range got {
		if n := strings.Count(d, "\n\tfix "); n != 1 {
			t.Errorf("%d fixes, want 1: %s", n, d)
		}
	}
}

func TestNew(t *testing.T) {
	for _, tc := range []struct {
		settings any
		err      string // "" when New must succeed
	}{
		{nil, ""},
		{map[string]any{}, ""},
		{map[string]any{"strategy": "buffer"}, ""},
		{map[string]any{"strategy": "buffer", "stratgy": "done"}, `unknown field "stratgy"`},
		{map[string]any{"strategy": 1}, "cannot unmarshal number"},
	} {
		_, err := New(tc.settings)
		switch {
		case tc.err == "" && err != nil:
			t.Errorf("New(%v): %v", tc.settings, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("New(%v) = %v, want an error with %q", tc.settings, err, tc.err)
		}
	}
}

// describe prints each diagnostic of res with its position and at most
// maxFixes of its fixes (all when maxFixes < 0), in a form to compare.
func describe(res []*analysistest.Result, maxFixes int) []string {
	var out []string
	for _, r := range res {
		fset := r.Action.Package.Fset
		for _, d := range r.Action.Diagnostics {
			var b strings.Builder
			fmt.Fprintf(&b, "%s: %s", fset.Position(d.Pos), d.Message)
			fixes := d.SuggestedFixes
			if maxFixes >= 0 && len(fixes) > maxFixes {
				fixes = fixes[:maxFixes]
			}
			for _, f := range fixes {
				fmt.Fprintf(&b, "\n\tfix %s", f.Message)
				for _, e := range f.TextEdits {
					fmt.Fprintf(&b, " [%s-%s %q]", pos(fset, e.Pos), pos(fset, e.End), e.NewText)
				}
			}
			out = append(out, b.String())
		}
	}
	return out
}

func pos(fset *token.FileSet, p token.Pos) string {
	posn := fset.Position(p)
	return fmt.Sprintf("%d:%d", posn.Line, posn.Column)
}
