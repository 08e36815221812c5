package driver

import (
	"io/fs"
	"os"
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
