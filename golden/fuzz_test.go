package golden

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/detect"
	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/rewrite"
	"github.com/leakfix/leakfix/verify"
	"golang.org/x/tools/go/analysis"
)

// Bounds on one fuzz input: bigger inputs are skipped, and the detector,
// every fix and the checks of their outputs must finish within the
// deadline. The golden inputs are under 1 KiB and take milliseconds.
const (
	maxFuzzInput = 8 << 10
	fuzzDeadline = 10 * time.Second
)

// fuzzStrategies are the rewrites FuzzFix tries on every leak.
var fuzzStrategies = []struct {
	name rewrite.Strategy
	fix  func(*rewrite.Source, detect.Leak, []detect.Leak) (rewrite.Fix, error)
}{
	{rewrite.StrategyBuffer, func(s *rewrite.Source, l detect.Leak, _ []detect.Leak) (rewrite.Fix, error) {
		return rewrite.Buffer(s, l)
	}},
	{rewrite.StrategyDone, rewrite.Done},
	{rewrite.StrategyErrgroup, func(s *rewrite.Source, l detect.Leak, _ []detect.Leak) (rewrite.Fix, error) {
		return rewrite.Errgroup(s, l)
	}},
}

// fuzzImports are packages a mutated input may import besides those of
// the golden inputs; errgroup is what the errgroup fix adds.
var fuzzImports = []string{
	"context", "errors", "fmt", "io", "log", "os", "runtime", "strconv",
	"strings", "sync", "testing", "time", rewrite.ErrgroupPath,
}

// FuzzFix runs the detector and every rewrite strategy on arbitrary Go
// files, seeded with the golden inputs and outputs. On a file that parses and
// type-checks, nothing may panic or hang, and each fix a strategy offers
// and verify passes (as every route does) must produce a file that parses,
// type-checks, and in which the detector no longer finds the leak that was
// fixed nor any leak whose make call was not already reported in the input.
//
//	go test ./golden -run '^$' -fuzz FuzzFix -fuzztime 10m
func FuzzFix(f *testing.F) {
	seeds, err := filepath.Glob("testdata/cases/*/case.go")
	if err != nil || len(seeds) == 0 {
		f.Fatalf("no golden inputs: %v", err)
	}
	// The fixed outputs too: a mutation that undoes part of a fix is a
	// leak of a shape the inputs do not have.
	outputs, err := filepath.Glob("testdata/cases/*/case.go.*.golden")
	if err != nil {
		f.Fatal(err)
	}
	seeds = append(seeds, outputs...)
	var srcs [][]byte
	for _, name := range seeds {
		src, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		srcs = append(srcs, src)
		f.Add(src)
	}
	imp, err := exportImporter(srcs)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > maxFuzzInput {
			t.Skip("input too large")
		}
		done := make(chan error, 1) // buffered: a late result must not block
		go func() {
			defer func() {
				if r := recover(); r != nil {
					done <- fmt.Errorf("panic: %v\n%s", r, debug.Stack())
				}
			}()
			done <- checkFixes(imp, src)
		}()
		timer := time.NewTimer(fuzzDeadline)
		defer timer.Stop()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("%v\ninput:\n%s", err, src)
			}
		case <-timer.C:
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("no result after %v\ninput:\n%s\ngoroutines:\n%s", fuzzDeadline, src, buf)
		}
	})
}

// exportImporter returns an importer that reads the compiler's export
// data of the imports of srcs and of fuzzImports, as the go command
// builds them in this module (which requires golang.org/x/sync). Other
// paths fail to import, so inputs that use them are skipped. Fuzzing
// calls the importer from one goroutine at a time, and it keeps what it
// imported across inputs.
func exportImporter(srcs [][]byte) (types.Importer, error) {
	paths := slices.Clone(fuzzImports)
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if err != nil {
			return nil, err
		}
		for _, spec := range f.Imports {
			p, _ := strconv.Unquote(spec.Path.Value)
			paths = append(paths, p)
		}
	}
	slices.Sort(paths)
	paths = slices.Compact(paths)
	cmd := exec.Command("go", append([]string{"list", "-export", "-deps", "-f", "{{.ImportPath}}\t{{.Export}}"}, paths...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list -export: %v\n%s", err, stderr.Bytes())
	}
	exports := map[string]string{}
	for line := range strings.Lines(string(out)) {
		path, file, _ := strings.Cut(strings.TrimSpace(line), "\t")
		exports[path] = file
	}
	if exports[rewrite.ErrgroupPath] == "" {
		return nil, fmt.Errorf("go list -export found no export data for %s", rewrite.ErrgroupPath)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		file, ok := exports[path]
		if !ok || file == "" {
			return nil, fmt.Errorf("%s is not among the fuzz imports", path)
		}
		f, err := os.Open(file)
		if err != nil {
			return nil, err
		}
		return struct {
			io.Reader
			io.Closer
		}{bufio.NewReader(f), f}, nil
	}
	return importer.ForCompiler(token.NewFileSet(), "gc", lookup), nil
}

// typeCheck parses and type-checks src as a package of its own, as
// go/packages would in a module at go 1.26.
func typeCheck(imp types.Importer, src []byte) (*rewrite.Source, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "case.go", src, parser.AllErrors|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Instances:    map[*ast.Ident]types.Instance{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: imp, GoVersion: "go1.26"}
	pkg, err := conf.Check("example.com/fuzz/"+file.Name.Name, fset, []*ast.File{file}, info)
	if err != nil {
		return nil, err
	}
	return &rewrite.Source{Fset: fset, File: file, Src: src, Info: info, Pkg: pkg}, nil
}

// checkFixes applies each fix of each leak in src on its own and returns
// the first property that does not hold. Input that does not parse or
// type-check holds nothing.
func checkFixes(imp types.Importer, src []byte) error {
	in, err := typeCheck(imp, src)
	if err != nil {
		return nil
	}
	leaks := detect.File(in.Fset, in.Info, in.File)
	for _, l := range leaks {
		for _, s := range fuzzStrategies {
			fix, err := s.fix(in, l, leaks)
			if err != nil {
				continue // the strategy does not apply
			}
			what := fmt.Sprintf("%s fix of the leak at %s", s.name, in.Fset.Position(l.Make.Pos()))
			if got := rewrite.StrategyOf(fix.Message); got != s.name {
				return fmt.Errorf("%s: message %q maps to strategy %q", what, fix.Message, got)
			}
			edits, err := offsets(in, fix.Edits)
			if err != nil {
				return fmt.Errorf("%s: %v", what, err)
			}
			// What every route checks before it offers a fix: a fix it
			// refuses is not offered.
			pkg := &verify.Package{Fset: in.Fset, Files: []*ast.File{in.File}, Types: in.Pkg}
			if err := pkg.Check([]verify.Fix{{File: in.File, Src: src, Edits: fix.Edits}}); err != nil {
				continue
			}
			out := diff.Apply(src, edits)
			fixed, err := typeCheck(imp, out)
			if err != nil {
				return fmt.Errorf("%s: the output does not compile: %v\noutput:\n%s", what, err, out)
			}
			if err := stable(in, leaks, l, fixed, edits); err != nil {
				return fmt.Errorf("%s: %v\noutput:\n%s", what, err, out)
			}
		}
	}
	return nil
}

// offsets converts the edits of a fix to byte offsets in the input, and
// checks that they lie in it, in order, and do not overlap.
func offsets(s *rewrite.Source, edits []analysis.TextEdit) ([]diff.Edit, error) {
	if len(edits) == 0 {
		return nil, errors.New("a fix without edits")
	}
	tf := s.Fset.File(s.File.Pos())
	var out []diff.Edit
	for _, e := range edits {
		if s.Fset.File(e.Pos) != tf || s.Fset.File(e.End) != tf {
			return nil, fmt.Errorf("edit [%d, %d) %q lies outside the file", e.Pos, e.End, e.NewText)
		}
		start, end := tf.Offset(e.Pos), tf.Offset(e.End)
		if end < start {
			return nil, fmt.Errorf("edit at offset %d ends before it starts, at %d", start, end)
		}
		out = append(out, diff.Edit{Start: start, End: end, New: string(e.NewText)})
	}
	slices.SortStableFunc(out, func(a, b diff.Edit) int { return a.Start - b.Start })
	for i := 1; i < len(out); i++ {
		if out[i].Start < out[i-1].End {
			return nil, fmt.Errorf("edits [%d, %d) and [%d, %d) overlap", out[i-1].Start, out[i-1].End, out[i].Start, out[i].End)
		}
	}
	return out, nil
}

// stable checks a second run of the detector on the fixed output: fewer
// leaks than in the input, the fixed one gone, and every leak left made
// where the input already had one. A make call outside the edits is
// traced back to its offset in the input; one inside an edit's new text
// stands for any leak the edit's span held.
func stable(in *rewrite.Source, leaks []detect.Leak, fixed detect.Leak, out *rewrite.Source, edits []diff.Edit) error {
	again := detect.File(out.Fset, out.Info, out.File)
	if len(again) >= len(leaks) {
		return fmt.Errorf("%d leaks after the fix, %d before", len(again), len(leaks))
	}
	offset := func(s *rewrite.Source, l detect.Leak) int { return s.Fset.Position(l.Make.Pos()).Offset }
	for _, a := range again {
		from, to := origin(edits, offset(out, a))
		var was []detect.Leak
		for _, l := range leaks {
			if off := offset(in, l); from <= off && off <= to {
				was = append(was, l)
			}
		}
		switch {
		case len(was) == 0:
			return fmt.Errorf("a new leak at %s: %s", out.Fset.Position(a.Make.Pos()), a.Message)
		case len(was) == 1 && was[0].Make == fixed.Make:
			return fmt.Errorf("the fixed leak is found again at %s: %s", out.Fset.Position(a.Make.Pos()), a.Message)
		}
	}
	return nil
}

// origin returns the span of the input that the output offset off comes
// from: one offset outside the edits, an edit's replaced span inside its
// new text. edits are sorted and do not overlap.
func origin(edits []diff.Edit, off int) (from, to int) {
	shift := 0 // output offset minus input offset, before the current edit
	for _, e := range edits {
		start := e.Start + shift // where the edit's new text starts in the output
		if off < start {
			break
		}
		if off < start+len(e.New) {
			return e.Start, e.End
		}
		shift += len(e.New) - (e.End - e.Start)
	}
	return off - shift, off - shift
}
