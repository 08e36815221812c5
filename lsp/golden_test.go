package lsp

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/rewrite"
)

// goldenCases returns the case directories of the golden tests and of
// this package's own cases (non-ASCII text), by name.
func goldenCases(t testing.TB) map[string]string {
	t.Helper()
	dirs := map[string]string{}
	for _, pattern := range []string{"../golden/testdata/cases/*", "testdata/cases/*"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range matches {
			dirs[filepath.Base(d)] = d
		}
	}
	if len(dirs) < 2 {
		t.Fatalf("no golden cases found")
	}
	return dirs
}

// TestGolden opens every golden case in the server, as copies in a
// module of their own, and checks that the diagnostics are those of
// diagnostics.golden and that applying the code actions of each strategy
// gives case.go.<strategy>.golden, byte for byte.
func TestGolden(t *testing.T) {
	cases := goldenCases(t)
	files := caseFiles(t, cases)
	mod := writeModule(t, files)
	c := start(t, &Server{})
	c.initialize()
	// errgroup is offered only when asked for: a second server does.
	eg, err := analyzer.New(analyzer.Options{Strategy: string(rewrite.StrategyErrgroup)})
	if err != nil {
		t.Fatal(err)
	}
	egc := start(t, &Server{Analyzer: eg})
	egc.initialize()
	uris := map[string]string{}
	for name := range cases {
		uris[name] = uriOf(filepath.Join(mod, name, "case.go"))
		c.open(uris[name], files[name+"/case.go"])
	}
	published := map[string]PublishDiagnosticsParams{}
	for name := range cases {
		published[name] = c.diagnostics(uris[name])
	}
	for name, dir := range cases {
		t.Run(name, func(t *testing.T) {
			text, uri, p := files[name+"/case.go"], uris[name], published[name]
			checkPublishedMatchesGolden(t, p, uri, text, dir)
			byStrategy := checkQuickFixes(t, c.codeActions(uri, p.Diagnostics), uri)
			if byStrategy[rewrite.StrategyErrgroup] != nil {
				t.Errorf("errgroup offered without being asked for")
			}
			if _, err := os.Stat(filepath.Join(dir, "case.go.errgroup.golden")); err == nil {
				egc.open(uri, text)
				ep := egc.diagnostics(uri)
				for _, a := range egc.codeActions(uri, ep.Diagnostics) {
					if s := rewrite.StrategyOf(a.Title); s == rewrite.StrategyErrgroup {
						addEdits(byStrategy, s, a.Edit.Changes[uri])
					}
				}
			}
			checkStrategiesMatchGoldens(t, dir, text, byStrategy)
		})
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// caseFiles reads the Go files of each case, case.go and any file beside
// it, keyed by case name and file name.
func caseFiles(t *testing.T, cases map[string]string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for name, dir := range cases {
		gos, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, g := range gos {
			src, err := os.ReadFile(g)
			if err != nil {
				t.Fatal(err)
			}
			files[name+"/"+filepath.Base(g)] = string(src)
		}
	}
	return files
}

// checkPublishedMatchesGolden checks that p was published for version 1,
// that each diagnostic carries what a leakfix diagnostic must, and that
// the diagnostics, printed as case.go:line:col: message, are those of
// diagnostics.golden in dir.
func checkPublishedMatchesGolden(t *testing.T, p PublishDiagnosticsParams, uri, text, dir string) {
	t.Helper()
	if p.Version == nil || *p.Version != 1 {
		t.Errorf("published for version %v, want 1", p.Version)
	}
	var got bytes.Buffer
	for _, d := range p.Diagnostics {
		checkDiagnostic(t, d, uri)
		start := offsetIn(t, text, d.Range.Start)
		col := start - strings.LastIndex(text[:start], "\n")
		fmt.Fprintf(&got, "case.go:%d:%d: %s\n", d.Range.Start.Line+1, col, d.Message)
	}
	compare(t, filepath.Join(dir, "diagnostics.golden"), got.String())
}

// checkQuickFixes checks that every action is a quickfix of a goroutine
// leak editing uri alone, preferred on the first action of each
// diagnostic only, and returns the actions' edits by strategy.
func checkQuickFixes(t *testing.T, actions []CodeAction, uri string) map[rewrite.Strategy][]TextEdit {
	t.Helper()
	byStrategy := map[rewrite.Strategy][]TextEdit{}
	for i, a := range actions {
		if a.Kind != "quickfix" || !strings.HasPrefix(a.Title, "Fix goroutine leak: ") {
			t.Errorf("action %q of kind %q, want a quickfix fixing a goroutine leak", a.Title, a.Kind)
		}
		first := i == 0 || actions[i-1].Diagnostics[0].Range != a.Diagnostics[0].Range
		if a.IsPreferred != first {
			t.Errorf("action %q: isPreferred %v, want it on the first action of each diagnostic only", a.Title, a.IsPreferred)
		}
		addEdits(byStrategy, rewrite.StrategyOf(a.Title), a.Edit.Changes[uri])
		if len(a.Edit.Changes) != 1 {
			t.Errorf("action %q edits %d documents, want 1", a.Title, len(a.Edit.Changes))
		}
	}
	return byStrategy
}

// addEdits adds to byStrategy[s] the edits it does not hold yet: one fix
// may serve several diagnostics.
func addEdits(byStrategy map[rewrite.Strategy][]TextEdit, s rewrite.Strategy, edits []TextEdit) {
	for _, e := range edits {
		if !slices.Contains(byStrategy[s], e) {
			byStrategy[s] = append(byStrategy[s], e)
		}
	}
}

// checkStrategiesMatchGoldens checks that each case.go.<strategy>.golden
// in dir is text with the edits of its strategy applied, and that every
// strategy of byStrategy has its golden file.
func checkStrategiesMatchGoldens(t *testing.T, dir, text string, byStrategy map[rewrite.Strategy][]TextEdit) {
	t.Helper()
	goldens, _ := filepath.Glob(filepath.Join(dir, "case.go.*.golden"))
	for _, g := range goldens {
		s := rewrite.Strategy(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(g), "case.go."), ".golden"))
		if byStrategy[s] == nil {
			t.Errorf("%s exists but no code action uses strategy %s", filepath.Base(g), s)
			continue
		}
		compare(t, g, applyEdits(t, text, byStrategy[s]))
		delete(byStrategy, s)
	}
	for s := range byStrategy {
		t.Errorf("code actions of strategy %q have no case.go.%s.golden", s, s)
	}
}

// checkDiagnostic checks what every leakfix diagnostic must carry.
func checkDiagnostic(t *testing.T, d Diagnostic, uri string) {
	t.Helper()
	if d.Source != "leakfix" || d.Severity != severityWarning {
		t.Errorf("source %q severity %d, want leakfix and %d (warning)", d.Source, d.Severity, severityWarning)
	}
	var kinds []string
	for _, r := range d.RelatedInformation {
		// In the document, or beside it: a named sender in another file.
		if path.Dir(r.Location.URI) != path.Dir(uri) {
			t.Errorf("related information in %s, want the package of %s", r.Location.URI, uri)
		}
		kind := r.Message
		if strings.HasSuffix(kind, " leaves here") {
			kind = "exit"
		}
		if !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
	}
	slices.Sort(kinds)
	if want := []string{"blocks here forever", "exit", "sender started here"}; !slices.Equal(kinds, want) {
		t.Errorf("related information %v, want %v", kinds, want)
	}
}

// compare compares got with the golden file; a missing file means got
// must be empty.
func compare(t *testing.T, golden, got string) {
	t.Helper()
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		if got != "" {
			t.Errorf("%s does not exist; got:\n%s", filepath.Base(golden), got)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs; got:\n%s\nwant:\n%s", filepath.Base(golden), got, want)
	}
}
