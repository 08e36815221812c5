package driver

// Loading is where the time goes on a big tree: type-checking a package
// costs many times what parsing it does, and almost no function both
// makes a channel and starts a goroutine. So Run works in two passes.
//
//  1. list: the go command lists the packages with their files and
//     compiles them through the build cache (go list -export), which says
//     which packages have errors without type-checking any of them here.
//     Every file is read once, and mayLeak keeps the packages that may
//     hold a leak. Packages with an error are kept too, so that their
//     errors are reported exactly as a load of every package reports them.
//  2. load: the kept packages are loaded with go/packages by import path,
//     a batch at a time and GOMAXPROCS batches at once. Their syntax and
//     types come from source, their dependencies' from export data. In a
//     package that compiled, the function bodies of files that cannot
//     leak are dropped before type-checking (stripBodies). Each batch is
//     analysed as it arrives and dropped afterwards, so memory holds a few
//     batches, not the tree.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

const (
	// listMode is what the pre-pass needs: files, and whether the package compiles.
	listMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedExportFile
	// loadMode is what the analyzer needs.
	loadMode = packages.LoadSyntax | packages.NeedModule
	// batchBytes is about how much source one load takes. Each load runs
	// the go command once, which costs a fraction of a second however
	// small the batch; a larger batch holds more syntax and types at once.
	batchBytes = 4 << 20
)

// A batch is a set of patterns loaded and analysed together.
type batch struct {
	patterns []string
	tests    bool
	strip    bool // its packages compiled: parse them with stripBodies
}

// stats says what a run type-checked, for tests and benchmarks.
type stats struct {
	Loaded  []string // IDs of the packages type-checked
	Retried []string // import paths type-checked again with every body
}

// run is Run. Without prefilter it loads every package at once, which is
// what the pre-pass must agree with.
func run(cfg Config, a *analysis.Analyzer, prefilter bool) (*Result, stats, error) {
	return newCollector(cfg, a).run(prefilter)
}

func newCollector(cfg Config, a *analysis.Analyzer) *collector {
	c := &collector{
		cfg:  cfg,
		a:    a,
		sem:  make(chan struct{}, runtime.GOMAXPROCS(0)),
		res:  &Result{Sources: map[string][]byte{}},
		seen: map[string]bool{},
	}
	c.strip = c.stripBodies
	return c
}

func (c *collector) run(prefilter bool) (*Result, stats, error) {
	patterns := c.cfg.Patterns
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	batches := []batch{{patterns: patterns, tests: c.cfg.Tests}}
	if prefilter && !filePatterns(patterns) {
		listed, err := packages.Load(c.cfg.packages(listMode, c.cfg.Tests), patterns...)
		if err != nil {
			return nil, stats{}, err
		}
		var size map[string]int
		c.leaky, size = scan(listed, c.cfg.Overlay)
		batches = plan(listed, c.leaky, size)
	}
	if err := c.loadAll(batches); err != nil {
		return nil, stats{}, err
	}
	if len(c.stats.Retried) > 0 {
		sort.Strings(c.stats.Retried)
		c.stats.Retried = uniq(c.stats.Retried)
		if err := c.loadAll([]batch{{patterns: c.stats.Retried, tests: c.cfg.Tests}}); err != nil {
			return nil, stats{}, err
		}
	}
	sort.Slice(c.res.Findings, func(i, j int) bool {
		a, b := c.res.Findings[i], c.res.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Offset < b.Offset
	})
	sort.SliceStable(c.res.Errors, func(i, j int) bool { return c.res.Errors[i].Error() < c.res.Errors[j].Error() })
	c.res.Errors = uniqErrors(c.res.Errors)
	sort.Strings(c.stats.Loaded)
	return c.res, c.stats, nil
}

// packages is the go/packages configuration for mode.
func (cfg Config) packages(mode packages.LoadMode, tests bool) *packages.Config {
	pcfg := &packages.Config{Mode: mode, Dir: cfg.Dir, Tests: tests, Overlay: cfg.Overlay}
	if cfg.Tags != "" {
		pcfg.BuildFlags = []string{"-tags=" + cfg.Tags}
	}
	return pcfg
}

// filePatterns reports whether patterns name files: the go command makes
// them one package, command-line-arguments, which no import path names.
func filePatterns(patterns []string) bool {
	for _, p := range patterns {
		if strings.HasSuffix(p, ".go") {
			return true
		}
	}
	return false
}

// scan runs mayLeak on every file of the listed packages once, in
// parallel, and measures it. A file that cannot be read may leak: its
// load reports why.
func scan(listed []*packages.Package, overlay map[string][]byte) (leaky map[string]bool, size map[string]int) {
	var files []string
	index := map[string]int{}
	for _, p := range listed {
		for _, f := range p.CompiledGoFiles {
			if _, ok := index[f]; !ok {
				index[f] = len(files)
				files = append(files, f)
			}
		}
	}
	may := make([]bool, len(files))
	sizes := make([]int, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				src, ok := overlay[files[i]]
				if !ok {
					var err error
					if src, err = os.ReadFile(files[i]); err != nil {
						may[i] = true
						continue
					}
				}
				may[i], sizes[i] = mayLeak(files[i], src), len(src)
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	leaky, size = make(map[string]bool, len(files)), make(map[string]int, len(files))
	for i, f := range files {
		leaky[f], size[f] = may[i], sizes[i]
	}
	return leaky, size
}

// plan picks the listed packages that a load must see, as batches of
// import paths. A package is kept when one of its files may hold a leak,
// or when it has an error or did not compile: then its load reports the
// error as it would without the pre-pass. A package that did not compile
// because a package it imports did not either is kept for the same reason;
// all such packages go into one batch, so that each one sees the others
// type-checked from source, as in a load of every package at once.
//
// Loading a package with its tests when only the package itself needs it
// changes nothing but the cost, so a batch's tests flag is the union of
// its packages'. The largest packages are loaded first, so that the last
// batch to finish is a small one.
func plan(listed []*packages.Package, leaky map[string]bool, size map[string]int) []batch {
	byID := map[string]*packages.Package{}
	for _, p := range listed {
		byID[p.ID] = p
	}
	need := map[string]bool{}   // import path -> with tests
	broken := map[string]bool{} // import paths that have an error
	files := map[string]map[string]bool{}
	for _, p := range listed {
		base, test := forTest(p, byID)
		if files[base] == nil {
			files[base] = map[string]bool{}
		}
		for _, f := range p.CompiledGoFiles {
			files[base][f] = true
		}
		if len(p.Errors) > 0 || p.ExportFile == "" && len(p.CompiledGoFiles) > 0 {
			need[base] = need[base] || test
			broken[base] = true
			continue
		}
		if test && strings.HasSuffix(p.ID, ".test") {
			continue // the generated test main, never analysed
		}
		inBase := map[string]bool{} // a test variant's files that its package has too
		if base := byID[base]; test && base != nil {
			for _, f := range base.CompiledGoFiles {
				inBase[f] = true
			}
		}
		for _, f := range p.CompiledGoFiles {
			if leaky[f] && !inBase[f] {
				need[base] = need[base] || test
				break
			}
		}
	}
	var out []batch
	if len(broken) > 0 {
		b := batch{}
		for path := range broken {
			b.patterns = append(b.patterns, path)
			b.tests = b.tests || need[path]
			delete(need, path)
		}
		sort.Strings(b.patterns)
		out = append(out, b)
	}
	weight := map[string]int{}
	for path := range need {
		for f := range files[path] {
			weight[path] += size[f]
		}
	}
	for _, tests := range []bool{true, false} {
		var paths []string
		for path, t := range need {
			if t == tests {
				paths = append(paths, path)
			}
		}
		sort.Slice(paths, func(i, j int) bool {
			if wi, wj := weight[paths[i]], weight[paths[j]]; wi != wj {
				return wi > wj
			}
			return paths[i] < paths[j]
		})
		for len(paths) > 0 {
			n, w := 1, weight[paths[0]]
			for n < len(paths) && w+weight[paths[n]] <= batchBytes {
				w += weight[paths[n]]
				n++
			}
			out = append(out, batch{patterns: paths[:n], tests: tests, strip: true})
			paths = paths[n:]
		}
	}
	return out
}

// forTest returns the import path that loads p, and whether p is part of
// a test: "p [p.test]" and "p_test [p.test]" are loaded by "p" with tests,
// and so is the generated test main "p.test", a main package whose path
// is that of a listed package plus ".test" (byID nil: of any package).
func forTest(p *packages.Package, byID map[string]*packages.Package) (string, bool) {
	if i := strings.Index(p.ID, " ["); i >= 0 && strings.HasSuffix(p.ID, ".test]") {
		return strings.TrimSuffix(p.ID[i+len(" ["):], ".test]"), true
	}
	base, ok := strings.CutSuffix(p.ID, ".test")
	if ok && p.Name == "main" && (byID == nil || byID[base] != nil) {
		return base, true
	}
	return p.PkgPath, false
}

// A collector loads batches and gathers what they give, from several
// goroutines.
type collector struct {
	cfg   Config
	a     *analysis.Analyzer
	leaky map[string]bool // mayLeak of every listed file
	sem   chan struct{}   // bounds the packages analysed at once
	// strip parses the files of packages that compiled: stripBodies.
	strip func(fset *token.FileSet, name string, src []byte) (*ast.File, error)

	mu    sync.Mutex
	res   *Result
	seen  map[string]bool // findings already reported, by file, offset and message
	stats stats
}

// loadAll loads and analyses the batches, GOMAXPROCS at a time, and
// returns the first error of the go command, if any.
func (c *collector) loadAll(batches []batch) error {
	work := make(chan batch)
	errs := make(chan error, len(batches))
	var wg sync.WaitGroup
	for range min(len(batches), runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for b := range work {
				pcfg := c.cfg.packages(loadMode, b.tests)
				if b.strip {
					pcfg.ParseFile = c.strip
				}
				pkgs, err := packages.Load(pcfg, b.patterns...)
				if err != nil {
					errs <- err
					continue
				}
				c.analyzeAll(pkgs, b.strip)
			}
		})
	}
	for _, b := range batches {
		work <- b
	}
	close(work)
	wg.Wait()
	close(errs)
	return <-errs // nil when there is none
}

// stripBodies parses a file of a package that compiled, as go/packages
// does, and empties the function bodies of a file that mayLeak rejected:
// they are most of what type-checking costs, and nothing in them can be
// reported. Declarations stay, so the package's types are what they are
// with the bodies. Each body becomes "for {}", which needs no name and
// ends the function for the "missing return" check. Without the bodies,
// go/types reports the imports only they used; spurious tells those
// errors apart.
func (c *collector) stripBodies(fset *token.FileSet, name string, src []byte) (*ast.File, error) {
	if leaky, known := c.leaky[name]; leaky || !known {
		return parser.ParseFile(fset, name, src, parser.AllErrors|parser.ParseComments)
	}
	f, err := parser.ParseFile(fset, name, src, parser.AllErrors|parser.SkipObjectResolution)
	if f == nil {
		return f, err
	}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			at := fd.Body.Lbrace
			loop := &ast.ForStmt{For: at, Body: &ast.BlockStmt{Lbrace: at, Rbrace: at}}
			fd.Body = &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{loop}, Rbrace: fd.Body.Rbrace}
		}
	}
	return f, err
}

// spurious reports whether every error of p, a package that compiled, is
// one that stripping function bodies causes: an import only they used.
// Any other error sends p's import path to be loaded again with every
// body, so that it is reported, or not, as without the pre-pass.
func spurious(p *packages.Package) bool {
	for _, e := range p.Errors {
		unused := strings.HasPrefix(e.Msg, `"`) && strings.Contains(e.Msg, `" imported `) && strings.HasSuffix(e.Msg, " and not used")
		if e.Kind != packages.TypeError || !unused {
			return false
		}
	}
	return true
}

// analyzeAll analyses the packages of one load in parallel. In a stripped
// load, p.Errors are the spurious ones: p compiled.
func (c *collector) analyzeAll(pkgs []*packages.Package, stripped bool) {
	var wg sync.WaitGroup
	for _, p := range pkgs {
		c.mu.Lock()
		if stripped && !spurious(p) {
			path, _ := forTest(p, nil)
			c.stats.Retried = append(c.stats.Retried, path)
			c.mu.Unlock()
			continue
		}
		c.stats.Loaded = append(c.stats.Loaded, p.ID)
		broken := len(p.Errors) > 0 && !stripped
		if broken {
			c.res.Errors = append(c.res.Errors, loadError(p))
		}
		c.mu.Unlock()
		if broken || p.Types == nil || strings.HasSuffix(p.ID, ".test") {
			continue // broken, or the generated test main
		}
		c.sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-c.sem }()
			fs, srcs, err := analyze(p, c.a, c.cfg)
			c.add(p, fs, srcs, err)
		})
	}
	wg.Wait()
}

// add records what analysing p gave.
func (c *collector) add(p *packages.Package, fs []Finding, srcs map[string][]byte, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.res.Errors = append(c.res.Errors, LoadError{Package: p.PkgPath, Msg: err.Error()})
		return
	}
	for _, f := range fs {
		key := fmt.Sprintf("%s:%d:%s", f.File, f.Offset, f.Message)
		if c.seen[key] { // a file shared by a package and its test variant
			continue
		}
		c.seen[key] = true
		c.res.Findings = append(c.res.Findings, f)
		c.res.Sources[f.File] = srcs[f.File]
	}
}

func uniq(s []string) []string {
	var out []string
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}
