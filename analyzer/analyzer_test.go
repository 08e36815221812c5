package analyzer

import (
	"strings"
	"testing"

	"go.uber.org/goleak"
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

func TestStrategyFlag(t *testing.T) {
	if err := Analyzer.Flags.Set("strategy", "magic"); err == nil {
		t.Error("unknown strategy accepted")
	}
	for _, s := range Strategies {
		if err := Analyzer.Flags.Set("strategy", s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
	Analyzer.Flags.Set("strategy", "auto")
}

func TestDoc(t *testing.T) {
	if !strings.HasPrefix(Analyzer.Doc, "leakfix: find goroutines that block forever") || strings.Contains(Analyzer.Doc, "# Analyzer") {
		t.Errorf("Doc = %q", Analyzer.Doc)
	}
}
