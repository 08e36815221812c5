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
// findings its // want comments expect, senders, sends and exit folded
// into the message; the fixes its .golden expects; and each diagnostic
// the analyzer's, with no related information (golangci-lint would make
// each related place an issue) and the analyzer's first fix alone.
func TestAnalyzers(t *testing.T) {
	a := plugin(t, map[string]any{"strategy": "buffer"})[0]
	res := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), a, "leaks")
	// The want comments hold the plugin's messages: the analyzer's own
	// run is compared below, not against them.
	buffer, err := analyzer.New(analyzer.Options{Strategy: "buffer"})
	if err != nil {
		t.Fatal(err)
	}
	plain := analysistest.Run(quiet{}, analysistest.TestData(), buffer, "leaks")
	got, want := describe(res, -1), describe(plain, 1)
	if len(got) == 0 || len(got) != len(want) {
		t.Fatalf("%d plugin diagnostics, %d of the analyzer: want one issue per finding", len(got), len(want))
	}
	for i := range got {
		// The analyzer's message, then the places, then the same fix.
		msg, fix, _ := strings.Cut(want[i], "\n")
		if !strings.HasPrefix(got[i], msg+": senders at ") || !strings.HasSuffix(got[i], "\n"+fix) {
			t.Errorf("plugin diagnostic:\n%s\nwant the analyzer's, places folded in:\n%s", got[i], want[i])
		}
	}
	for _, r := range res {
		for _, d := range r.Action.Diagnostics {
			if len(d.Related) > 0 {
				t.Errorf("%s: %d related locations, want none", d.Message, len(d.Related))
			}
			if len(d.SuggestedFixes) != 1 {
				t.Errorf("%s: %d fixes, want 1", d.Message, len(d.SuggestedFixes))
			}
		}
	}
}

// quiet is an analysistest.Testing that ignores the want comments.
type quiet struct{}

func (quiet) Errorf(string, ...any) {}

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

func TestRelatedText(t *testing.T) {
	fset := token.NewFileSet()
	a := fset.AddFile("/src/p/a.go", -1, 100)
	a.SetLines([]int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90})
	b := fset.AddFile("/src/p/b.go", -1, 100)
	b.SetLines([]int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90})
	at := func(f *token.File, line int) token.Pos { return f.LineStart(line) + 1 }
	rel := func(pos token.Pos, msg string) analysis.RelatedInformation {
		return analysis.RelatedInformation{Pos: pos, End: pos, Message: msg}
	}
	for _, tc := range []struct {
		related []analysis.RelatedInformation
		want    string
	}{
		{nil, ""},
		{[]analysis.RelatedInformation{
			rel(at(a, 2), "sender started here"), rel(at(a, 3), "blocks here forever"), rel(at(a, 5), "F leaves here"),
		}, ": senders at a.go:2, sends at a.go:3, leaves at a.go:5"},
		{[]analysis.RelatedInformation{ // two senders, the second in another file, two sends on one line
			rel(at(a, 2), "sender started here"), rel(at(b, 7), "blocks here forever"),
			rel(at(a, 4), "sender started here"), rel(at(b, 7), "blocks here forever"),
			rel(at(a, 9), "(*T).F leaves here"),
		}, ": senders at a.go:2 and a.go:4, sends at b.go:7, leaves at a.go:9"},
	} {
		if got := relatedText(fset, tc.related); got != tc.want {
			t.Errorf("relatedText(%v) = %q, want %q", tc.related, got, tc.want)
		}
	}
}
