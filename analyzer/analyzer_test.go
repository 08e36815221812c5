package analyzer

import (
	"strings"
	"testing"

	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestAnalyzer(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, "a")
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) == 0 {
				t.Errorf("%s: no fix", d.Message)
			}
			for i, f := range d.SuggestedFixes {
				if !strings.HasPrefix(f.Message, "Fix goroutine leak: ") {
					t.Errorf("fix %d: %q", i, f.Message)
				}
			}
		}
	}
}

// TestOrder checks the automatic order: done first for a data-dependent
// count, buffer first for a single sender.
func TestOrder(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), Analyzer, "a")
	var first []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			first = append(first, d.SuggestedFixes[0].Message)
		}
	}
	want := []string{"Fix goroutine leak: cancel senders with a done channel", "Fix goroutine leak: buffer c to 1"}
	if strings.Join(first, "|") != strings.Join(want, "|") {
		t.Errorf("first fixes %q, want %q", first, want)
	}
}

// TestNew checks that each analyzer has its own strategy, set by its
// option or its flag, and that unknown strategies are refused.
func TestNew(t *testing.T) {
	if _, err := New(Options{Strategy: "magic"}); err == nil {
		t.Error("unknown strategy accepted")
	}
	a, err := New(Options{Strategy: "buffer"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := New(Options{FirstFixOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Flags.Set("strategy", "magic"); err == nil {
		t.Error("unknown strategy accepted by the flag")
	}
	if err := b.Flags.Set("strategy", "done"); err != nil {
		t.Fatal(err)
	}
	if got := a.Flags.Lookup("strategy").Value.String(); got != "buffer" {
		t.Errorf("a's strategy is %q after b's was set, want buffer", got)
	}
	// The buffer strategy puts buffer first even for a data-dependent
	// count; FirstFixOnly keeps one fix.
	for _, r := range analysistest.Run(t, analysistest.TestData(), a, "a") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) < 2 || !strings.HasPrefix(d.SuggestedFixes[0].Message, "Fix goroutine leak: buffer") {
				t.Errorf("buffer first: %v", d.SuggestedFixes)
			}
		}
	}
	for _, r := range analysistest.Run(t, analysistest.TestData(), b, "a") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) != 1 || !strings.HasPrefix(d.SuggestedFixes[0].Message, "Fix goroutine leak: cancel senders") {
				t.Errorf("one fix, done first: %v", d.SuggestedFixes)
			}
		}
	}
}

func TestDoc(t *testing.T) {
	if !strings.HasPrefix(Analyzer.Doc, "leakfix: find goroutines that block forever") || strings.Contains(Analyzer.Doc, "# Analyzer") {
		t.Errorf("Doc = %q", Analyzer.Doc)
	}
}

// TestHelperCallers checks that a producer helper keeps its signature
// when code the check cannot edit may call it: a go:linkname directive,
// and a test file of an external test package that only a build tag
// builds, which go/packages does not list among the ignored files.
func TestHelperCallers(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), Analyzer, "linkname", "xtest") {
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 0 {
				t.Errorf("%s: fixes %v", d.Message, d.SuggestedFixes)
			}
		}
	}
}

// TestBatchFixesDoNotOverlap checks that the fixes Batch offers, one per
// diagnostic, can all be applied together, as go fix does: a finding
// whose fixes all overlap an earlier finding's first fix (here, the done
// fix of X lays out the one-line literal where Y's helper fix would add
// an argument) waits for the next run.
func TestBatchFixesDoNotOverlap(t *testing.T) {
	for _, r := range analysistest.Run(t, analysistest.TestData(), Batch, "a", "overlap") {
		var edits []analysis.TextEdit
		for _, d := range r.Diagnostics {
			if len(d.SuggestedFixes) > 1 {
				t.Errorf("%s: %d fixes, want at most 1", d.Message, len(d.SuggestedFixes))
			}
			for _, f := range d.SuggestedFixes {
				for _, e := range f.TextEdits {
					for _, o := range edits {
						if !sameEdit(e, o) && (e.Pos < o.End && o.Pos < e.End || e.Pos == o.Pos) {
							t.Errorf("%s: an edit at %d overlaps one at %d", d.Message, e.Pos, o.Pos)
						}
					}
					edits = append(edits, e)
				}
			}
		}
		if r.Pass.Pkg.Name() == "overlap" && len(r.Diagnostics) != 2 {
			t.Errorf("overlap: %d diagnostics, want 2", len(r.Diagnostics))
		}
	}
}
