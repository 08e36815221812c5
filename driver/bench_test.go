package driver

import (
	"golang.org/x/tools/go/packages"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/analyzer"
)

// BenchmarkPrefilter runs the pre-pass over every .go file under
// GOROOT/src, read beforehand, on one core: what the byte filter and the
// syntactic check cost per byte of source.
func BenchmarkPrefilter(b *testing.B) {
	var names []string
	var srcs [][]byte
	var size int64
	root := filepath.Join(runtime.GOROOT(), "src")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() || !strings.HasSuffix(path, ".go") {
			return err
		}
		src, err := os.ReadFile(path)
		names, srcs, size = append(names, path), append(srcs, src), size+int64(len(src))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ResetTimer()
	kept := 0
	for b.Loop() {
		kept = 0
		for i, src := range srcs {
			if mayLeak(names[i], src) {
				kept++
			}
		}
	}
	b.ReportMetric(float64(len(srcs)), "files")
	b.ReportMetric(float64(kept), "kept")
}

// BenchmarkRunStd runs leakfix over the standard library and its tests,
// as "leakfix -l std" does, with the pre-pass and without it. One run
// takes seconds: use -benchtime=1x.
func BenchmarkRunStd(b *testing.B) {
	for _, bb := range []struct {
		name      string
		prefilter bool
	}{{"prepass", true}, {"full", false}} {
		b.Run(bb.name, func(b *testing.B) {
			var res *Result
			var st stats
			for b.Loop() {
				var err error
				res, st, err = run(Config{Patterns: []string{"std"}, Tests: true}, analyzer.Analyzer, bb.prefilter)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(res.Findings)), "findings")
			b.ReportMetric(float64(len(st.Checked)), "checked")
		})
	}
}

// BenchmarkRunColdXTools runs leakfix over golang.org/x/tools v0.52.0 in
// the module cache, if it is there, as "leakfix -l ./..." there does on
// an empty build cache: every package checked from source. The go
// command's listing is warm; scripts/bench.sh measures a truly cold run.
func BenchmarkRunColdXTools(b *testing.B) {
	dir := filepath.Join(os.Getenv("GOMODCACHE"), "golang.org/x/tools@v0.52.0")
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		dir = filepath.Join(strings.TrimSpace(string(out)), "golang.org/x/tools@v0.52.0")
	}
	if _, err := os.Stat(dir); err != nil {
		b.Skip("golang.org/x/tools@v0.52.0 is not in the module cache")
	}
	var res *Result
	for b.Loop() {
		c := newCollector(Config{Dir: dir, Patterns: []string{"./..."}, Tests: true}, analyzer.Analyzer)
		c.forget = func(*packages.Package) bool { return true }
		var err error
		if res, _, err = c.run(true); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(res.Findings)), "findings")
	b.ReportMetric(float64(len(res.Errors)), "errors")
}
