package driver

// Loading is where the time goes on a big tree: type-checking a package
// costs many times what parsing it does, compiling it more still, and
// almost no function both makes a channel and starts a goroutine. So Run
// compiles nothing and works in three steps.
//
//  1. list: the go command lists the packages, their files and their
//     dependencies (go list -deps -export), forbidden to compile
//     (probe.go): a package comes back with export data if it compiled
//     before, and so has no error, and without if not. Every file of the
//     packages asked for is read once, and mayLeak keeps the packages
//     that may hold a leak.
//  2. check, for the packages that compiled: each one kept is
//     type-checked on its own (check.go), its imports read from export
//     data, the function bodies of its files that cannot leak dropped,
//     and analysed. A test variant is checked only for the test files it
//     adds.
//  3. check, for the packages that did not (source.go): each one asked
//     for is type-checked from source with its bodies, for its errors,
//     once its imports are; their dependencies that did not compile
//     either are checked for their declarations only; those kept are
//     analysed. Importers see a package checked from source as go/types
//     made it, or, for test variants, read it from the export data its
//     check writes, as they read one that compiled.
//
// Packages are checked GOMAXPROCS at a time, and each is analysed as soon
// as it is checked and then dropped, so memory holds a few packages' syntax, not
// the tree's. A package with an error the go command reports, or whose
// check has an error that dropping bodies does not explain, is loaded by
// go/packages exactly as a load of every package would, so that its
// errors read the same.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

const (
	// listMode is what the pre-pass and the checks need: files, imports
	// with their export data where the build cache has it.
	listMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
		packages.NeedImports | packages.NeedDeps | packages.NeedExportFile |
		packages.NeedModule | packages.NeedTypesSizes
	// loadMode is what the analyzer needs, for packages go/packages loads.
	loadMode = packages.LoadSyntax | packages.NeedModule
)

// stats says what a run type-checked, for tests and benchmarks.
type stats struct {
	Checked []string // IDs of the packages type-checked
	Retried []string // import paths loaded again by go/packages, with every body
	Reused  bool     // the listing came from Config.Listings
	Cached  []string // IDs of the packages whose findings came from Config.Cache
}

// run is Run. Without prefilter it loads every package with go/packages,
// which is what the pre-pass must agree with.
func run(cfg Config, a *analysis.Analyzer, prefilter bool) (*Result, stats, error) {
	return newCollector(cfg, a).run(prefilter)
}

// A collector type-checks and analyses packages and gathers what they
// give, from several goroutines.
type collector struct {
	cfg Config
	a   *analysis.Analyzer
	sem chan struct{} // bounds the packages type-checked or analysed at once
	// strip parses the files of packages that compiled: stripBodies.
	strip   parseFunc
	exports *exports
	graph   *graph // the packages to check from source
	// forget, when set, says which packages to check from source even if
	// they compiled before, as if the build cache were empty: for tests.
	forget func(*packages.Package) bool

	mu      sync.Mutex
	res     *Result
	pending []outcome       // what analyses gave, committed at the end
	retried map[string]bool // import paths to load again with go/packages
	stats   stats
	checked int // packages checked so far, for Config.Progress
}

// An outcome is what analysing one package gave.
type outcome struct {
	path     string // the import path that loads the package: forTest
	checked  bool   // from a check, not a load by go/packages
	findings []Finding
	srcs     map[string][]byte
	err      *LoadError
}

func newCollector(cfg Config, a *analysis.Analyzer) *collector {
	c := &collector{
		cfg:     cfg,
		a:       a,
		sem:     make(chan struct{}, runtime.GOMAXPROCS(0)),
		res:     &Result{Sources: map[string][]byte{}},
		retried: map[string]bool{},
		graph:   &graph{nodes: map[string]*node{}},
	}
	c.strip = stripBodies
	c.exports = &exports{fset: token.NewFileSet(), shared: map[string]*types.Package{}, built: map[string][]byte{}}
	return c
}

func (c *collector) run(prefilter bool) (*Result, stats, error) {
	defer c.progress("", 0, 0)
	given := c.cfg.Patterns
	if len(given) == 0 {
		given = []string{"./..."}
	}
	patterns := workspacePatterns(c.cfg.Dir, given)
	none := fmt.Errorf("%s matched no packages", strings.Join(given, " "))
	if !prefilter || filePatterns(patterns) {
		if err := c.load(patterns); err != nil {
			return nil, stats{}, err
		}
		if len(c.stats.Checked) == 0 {
			return nil, stats{}, none
		}
		return c.result(nil), c.stats, nil
	}
	c.progress("list", 0, 0)
	listed, err := c.list(patterns)
	if err != nil {
		return nil, stats{}, err
	}
	if len(listed) == 0 {
		return nil, stats{}, none
	}
	c.graph = newGraph(listed)
	if err := c.graph.compileCgo(c.cfg); err != nil {
		return nil, stats{}, err
	}
	c.progress("scan", 0, 0)
	broken, checks := plan(listed, scan(listed, c.cfg.read))
	if err := c.work(broken, checks); err != nil {
		return nil, stats{}, err
	}
	retried := slices.Sorted(maps.Keys(c.retried))
	c.stats.Retried = retried
	if len(retried) > 0 {
		if err := c.load(retried); err != nil {
			return nil, stats{}, err
		}
	}
	return c.result(c.retried), c.stats, nil
}

// list lists the packages of patterns, with their dependencies and the
// export data the build cache has, settled (settleProbe); or reuses the
// listing of an earlier run that still holds (Config.Listings).
func (c *collector) list(patterns []string) ([]*packages.Package, error) {
	key := listingKey(c.cfg, patterns)
	listed, before := c.cfg.Listings.reuse(key, c.cfg)
	if listed != nil {
		c.stats.Reused = true
		return listed, nil
	}
	pcfg := c.cfg.packages(listMode)
	pcfg.BuildFlags = append(pcfg.BuildFlags, probeFlags()...)
	listed, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, err
	}
	settleProbe(listed, c.forget)
	if c.forget == nil && len(probeFlags()) > 0 {
		c.cfg.Listings.store(key, c.cfg, patterns, listed, before)
	}
	return listed, nil
}

// result gathers the outcomes, but those of checks of packages that were
// loaded again, and sorts them.
func (c *collector) result(retried map[string]bool) *Result {
	seen := map[string]bool{} // findings already reported, by file, offset and message
	for _, o := range c.pending {
		if o.checked && retried[o.path] {
			continue
		}
		if o.err != nil {
			c.res.Errors = append(c.res.Errors, *o.err)
		}
		for _, f := range o.findings {
			key := fmt.Sprintf("%s:%d:%s", f.File, f.Offset, f.Message)
			if seen[key] { // a file shared by a package and its test variant
				continue
			}
			seen[key] = true
			c.res.Findings = append(c.res.Findings, f)
			c.res.Sources[f.File] = o.srcs[f.File]
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
	sort.Strings(c.stats.Checked)
	return c.res
}

// progress reports a phase's progress to Config.Progress, if any.
func (c *collector) progress(phase string, done, total int) {
	if c.cfg.Progress != nil {
		c.cfg.Progress(phase, done, total)
	}
}

// retry marks the package loaded by path to be loaded again by
// go/packages, with every body, and reported as a load of every package
// would: its check found an error.
func (c *collector) retry(path string) {
	c.mu.Lock()
	c.retried[path] = true
	c.mu.Unlock()
}

// packages is the go/packages configuration for mode.
func (cfg Config) packages(mode packages.LoadMode) *packages.Config {
	pcfg := &packages.Config{Mode: mode, Dir: cfg.Dir, Tests: cfg.Tests, Overlay: cfg.Overlay}
	if cfg.Tags != "" {
		pcfg.BuildFlags = []string{"-tags=" + cfg.Tags}
	}
	if len(cfg.Buffers) > 0 {
		pcfg.ParseFile = func(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
			if b, ok := cfg.Buffers[filename]; ok {
				src = b
			}
			return parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments)
		}
	}
	return pcfg
}

// read returns the contents of the file name as the analysis sees them:
// an editor's buffer, or as go/packages reads them: from the overlay when
// one of its entries is that file, else from disk.
func (cfg Config) read(name string) ([]byte, error) {
	if b, ok := cfg.Buffers[name]; ok {
		return b, nil
	}
	if b, ok := cfg.Overlay[name]; ok {
		return b, nil
	}
	for f, b := range cfg.Overlay {
		if sameFile(f, name) {
			return b, nil
		}
	}
	return os.ReadFile(name)
}

// readListed returns the contents of the file name as the go command
// sees them: from the overlay, else from disk; never an editor's buffer.
func (cfg Config) readListed(name string) ([]byte, error) {
	cfg.Buffers = nil
	return cfg.read(name)
}

// sameFile reports whether x and y name one file, as go/packages judges.
func sameFile(x, y string) bool {
	if !strings.EqualFold(filepath.Base(x), filepath.Base(y)) {
		return false
	}
	xi, err := os.Stat(x)
	if err != nil {
		return false
	}
	yi, err := os.Stat(y)
	return err == nil && os.SameFile(xi, yi)
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

// A scanned file is what the pre-pass learnt of a file.
type scanned struct {
	leaky bool // mayLeak
	sends bool // holds "<-": a function that may send on a channel it is given
	size  int
}

// scan runs mayLeak on every file of the listed packages once, in
// parallel, and measures it. A file that cannot be read may leak: its
// check reports why.
func scan(listed []*packages.Package, read func(string) ([]byte, error)) map[string]scanned {
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
	sends := make([]bool, len(files))
	sizes := make([]int, len(files))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := range work {
				src, err := read(files[i])
				may[i], sizes[i] = err != nil || mayLeak(files[i], src), len(src)
				sends[i] = err != nil || bytes.Contains(src, []byte("<-"))
			}
		})
	}
	for i := range files {
		work <- i
	}
	close(work)
	wg.Wait()
	out := make(map[string]scanned, len(files))
	for i, f := range files {
		out[f] = scanned{may[i], sends[i], sizes[i]}
	}
	return out
}

// A check is a package to type-check and analyse on its own, and the
// files whose function bodies it must keep: those that may leak.
type check struct {
	p    *packages.Package
	full map[string]bool
}

// plan sorts the listed packages. broken is the import paths of those
// with an error the go command reports (a syntax error in the imports, an
// import it cannot find), or that have export data but no files:
// go/packages loads them all at once, with their tests when they have
// any, so that each one sees the others type-checked from source and its
// errors read as in a load of every package. checks is
// the packages that hold a file that may leak; a test variant counts only
// the files it adds to its package, the others are its package's to
// report. The largest come first, so that the last to finish is a small
// one.
func plan(listed []*packages.Package, files map[string]scanned) (broken []string, checks []check) {
	byID := map[string]*packages.Package{}
	for _, p := range listed {
		byID[p.ID] = p
	}
	isBroken := map[string]bool{}
	for _, p := range listed {
		// A package without files has no export data, unless go/packages
		// is to report its sources missing.
		if len(p.Errors) > 0 || cached(p) && len(p.CompiledGoFiles) == 0 {
			path, _ := forTest(p, byID)
			isBroken[path] = true
		}
	}
	weight := map[*packages.Package]int{}
	for _, p := range listed {
		path, test := forTest(p, byID)
		if isBroken[path] || test && strings.HasSuffix(p.ID, ".test") {
			continue // loaded whole, or the generated test main, never analysed
		}
		inBase := map[string]bool{} // a test variant's files that its package has too
		if base := byID[path]; test && base != nil {
			for _, f := range base.CompiledGoFiles {
				inBase[f] = true
			}
		}
		full := map[string]bool{}
		for _, f := range p.CompiledGoFiles {
			if files[f].leaky && !inBase[f] {
				full[f] = true
			}
			weight[p] += files[f].size
		}
		if len(full) > 0 {
			// The detector follows go worker(c) into the package's other
			// files: keep the bodies of those that may send.
			for _, f := range p.CompiledGoFiles {
				full[f] = full[f] || files[f].sends
			}
			checks = append(checks, check{p, full})
		}
	}
	for path := range isBroken {
		broken = append(broken, path)
	}
	sort.Strings(broken)
	sort.Slice(checks, func(i, j int) bool {
		if wi, wj := weight[checks[i].p], weight[checks[j].p]; wi != wj {
			return wi > wj
		}
		return checks[i].p.ID < checks[j].p.ID
	})
	return broken, checks
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

// work loads the broken packages, checks the candidates that compiled
// before against export data, and the packages that did not from source,
// GOMAXPROCS at a time, and returns the first error of the go command, if
// any.
func (c *collector) work(broken []string, checks []check) error {
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	jobs := make(chan func())
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for job := range jobs {
				job()
			}
		})
	}
	if len(broken) > 0 {
		jobs <- func() {
			if err := c.load(broken); err != nil {
				errs <- err
			}
		}
	}
	leaky := map[string]map[string]bool{} // files to analyse, by ID of a package checked from source
	var compiled []check
	for _, ch := range checks {
		if c.graph.nodes[ch.p.ID] != nil {
			leaky[ch.p.ID] = ch.full
		} else {
			compiled = append(compiled, ch)
		}
	}
	graph, keep, flush := c.fromCache(leaky)
	total := len(compiled) + len(graph.order)
	wg.Go(func() {
		c.checkGraph(graph, func(p *packages.Package) map[string]bool { return leaky[p.ID] }, func(sc sourceCheck) {
			c.tick(total)
			if !sc.n.root {
				return
			}
			path, _ := forTest(sc.n.p, nil)
			switch {
			case !sc.clean:
				c.retry(path)
			case sc.p != nil:
				c.mu.Lock()
				c.stats.Checked = append(c.stats.Checked, sc.p.ID)
				c.mu.Unlock()
				if o := c.analyze(sc.p, path, true); o.err == nil {
					keep(sc.n, o.findings)
				}
			default:
				keep(sc.n, nil)
			}
		})
	})
	for _, ch := range compiled {
		jobs <- func() {
			c.check(ch)
			c.tick(total)
		}
	}
	close(jobs)
	wg.Wait()
	flush()
	close(errs)
	return <-errs // nil when there is none
}

// tick counts one more package checked, of total.
func (c *collector) tick(total int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.checked++
	c.progress("check", c.checked, total)
}

// load loads the packages that patterns name with go/packages, function
// bodies and all, and analyses those that loaded cleanly.
func (c *collector) load(patterns []string) error {
	pkgs, err := packages.Load(c.cfg.packages(loadMode), patterns...)
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	for _, p := range pkgs {
		c.mu.Lock()
		c.stats.Checked = append(c.stats.Checked, p.ID)
		if len(p.Errors) > 0 {
			e := loadError(p)
			c.pending = append(c.pending, outcome{err: &e})
		}
		c.mu.Unlock()
		if p.Types == nil || p.TypesInfo == nil || strings.HasSuffix(p.ID, ".test") {
			continue // not type-checked, or the generated test main
		}
		if len(p.Errors) > 0 && !c.cfg.DespiteErrors {
			continue
		}
		wg.Go(func() { c.analyze(p, p.PkgPath, false) })
	}
	wg.Wait()
	return nil
}

// analyze runs the analyzer on p, which path loads, and keeps what it
// finds; checked says that p comes from a check, not a load.
func (c *collector) analyze(p *packages.Package, path string, checked bool) outcome {
	c.sem <- struct{}{}
	o := outcome{path: path, checked: checked}
	var err error
	if len(p.Errors) > 0 {
		o.findings, o.srcs, err = analyzeDespiteErrors(p, c.a, c.cfg)
	} else {
		o.findings, o.srcs, err = analyze(p, c.a, c.cfg)
	}
	<-c.sem
	if err != nil {
		o.findings, o.err = nil, &LoadError{Package: p.PkgPath, Msg: err.Error()}
	}
	c.mu.Lock()
	c.pending = append(c.pending, o)
	c.mu.Unlock()
	return o
}

// analyzeDespiteErrors analyses p, which has errors, as gopls runs its
// analyzers: on the syntax and types go/types made of it all the same.
// Only the findings in a file that parsed, in a top-level declaration
// that holds no type error, are kept: elsewhere the types the detector
// reads may be invalid, and the finding or its fix wrong. The analyzer
// does not expect invalid types, so a panic costs the package its
// findings, not the process.
func analyzeDespiteErrors(p *packages.Package, a *analysis.Analyzer, cfg Config) (fs []Finding, srcs map[string][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			fs, srcs, err = nil, nil, fmt.Errorf("analysis of a package with errors failed: %v", r)
		}
	}()
	fs, srcs, err = analyze(p, a, cfg)
	if err != nil {
		return nil, nil, err
	}
	broken := map[string]bool{} // files that did not parse
	for _, e := range p.Errors {
		if e.Kind == packages.ParseError {
			broken[LoadError{Pos: e.Pos}.Position().Filename] = true
		}
	}
	var bad []token.Position // declarations holding a type error: their start and end
	for _, te := range p.TypeErrors {
		tf := p.Fset.File(te.Pos)
		if tf == nil {
			continue
		}
		for _, f := range p.Syntax {
			if f.FileStart > te.Pos || te.Pos > f.FileEnd {
				continue
			}
			for _, d := range f.Decls {
				if d.Pos() <= te.Pos && te.Pos <= d.End() {
					bad = append(bad, p.Fset.PositionFor(d.Pos(), false), p.Fset.PositionFor(d.End(), false))
				}
			}
		}
	}
	kept := fs[:0]
	for _, f := range fs {
		ok := !broken[f.File]
		for i := 0; ok && i < len(bad); i += 2 {
			ok = f.File != bad[i].Filename || f.Offset < bad[i].Offset || f.Offset > bad[i+1].Offset
		}
		if ok {
			kept = append(kept, f)
		}
	}
	return kept, srcs, nil
}
