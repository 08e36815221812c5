package golden

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/rewrite"
	"github.com/leakfix/leakfix/verify"
	"go.uber.org/goleak"
	"golang.org/x/tools/go/analysis"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// cases lists the case directories, as absolute paths.
func cases(t *testing.T) []string {
	dirs, err := filepath.Glob("testdata/cases/*")
	if err != nil {
		t.Fatal(err)
	}
	for i, d := range dirs {
		if dirs[i], err = filepath.Abs(d); err != nil {
			t.Fatal(err)
		}
	}
	return dirs
}

// analyze runs leakfix over the case packages, with overlay replacing files.
func analyze(t *testing.T, dirs []string, overlay map[string][]byte) *driver.Result {
	t.Helper()
	return analyzeWith(t, analyzer.Analyzer, dirs, overlay)
}

// analyzeWith is analyze with the analyzer a.
func analyzeWith(t *testing.T, a *analysis.Analyzer, dirs []string, overlay map[string][]byte) *driver.Result {
	t.Helper()
	res, err := driver.Run(driver.Config{Patterns: dirs, Overlay: overlay}, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("load: %v", e)
	}
	return res
}

func TestGolden(t *testing.T) {
	dirs := cases(t)
	res := analyze(t, dirs, nil)
	byFile := map[string][]driver.Finding{}
	for _, f := range res.Findings {
		byFile[f.File] = append(byFile[f.File], f)
	}
	// errgroup is offered only when asked for.
	eg, err := analyzer.New(analyzer.Options{Strategy: string(rewrite.StrategyErrgroup)})
	if err != nil {
		t.Fatal(err)
	}
	egByFile := map[string][]driver.Finding{}
	for _, f := range analyzeWith(t, eg, dirs, nil).Findings {
		egByFile[f.File] = append(egByFile[f.File], f)
	}
	fixed := map[rewrite.Strategy]map[string][]byte{} // overlays of every fixed output
	for _, dir := range dirs {
		file := filepath.Join(dir, "case.go")
		findings := byFile[file]
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var diags bytes.Buffer
			for _, f := range findings {
				fmt.Fprintf(&diags, "case.go:%d:%d: %s\n", f.Line, f.Col, f.Message)
			}
			check(t, filepath.Join(dir, "diagnostics.golden"), diags.Bytes())
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone, rewrite.StrategyErrgroup} {
				var edits []diff.Edit
				offered := findings
				if s == rewrite.StrategyErrgroup {
					offered = egByFile[file]
				}
				for _, f := range offered {
					for _, fix := range f.Fixes {
						if rewrite.StrategyOf(fix.Message) != s {
							continue
						}
						for _, e := range fix.Edits {
							if !slices.Contains(edits, e) { // one fix may serve several findings
								edits = append(edits, e)
							}
						}
					}
				}
				var out []byte
				if edits != nil {
					out = diff.Apply(src, edits)
					// Every comment and literal of the input, exactly once.
					if err := verify.Text(src, out); err != nil {
						t.Errorf("%s fix: %v", s, err)
					}
					if fixed[s] == nil {
						fixed[s] = map[string][]byte{}
					}
					fixed[s][file] = out
				}
				check(t, file+"."+string(s)+".golden", out)
			}
		})
	}
	// Every fixed output type-checks, and leakfix finds nothing in it.
	for s, overlay := range fixed {
		t.Run("rerun/"+string(s), func(t *testing.T) {
			var fixedDirs []string
			for file := range overlay {
				fixedDirs = append(fixedDirs, filepath.Dir(file))
			}
			slices.Sort(fixedDirs)
			for _, f := range analyze(t, fixedDirs, overlay).Findings {
				t.Errorf("%s:%d: found again after the %s fix: %s", f.File, f.Line, s, f.Message)
			}
		})
	}
}

// check compares got with the golden file; nil means the file must not
// exist. With -update it writes (or removes) the file instead.
func check(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if got == nil || len(got) == 0 && strings.HasSuffix(golden, "diagnostics.golden") {
			os.Remove(golden)
			return
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if os.IsNotExist(err) {
		if len(got) > 0 {
			t.Errorf("%s does not exist; got:\n%s", filepath.Base(golden), got)
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs; got:\n%s\nwant:\n%s", filepath.Base(golden), got, want)
	}
}
