package driver

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/packages"
)

// A node is a package that did not compile before, type-checked from
// source. A package asked for (a root) is checked with every body, since
// its errors are to be reported; a dependency only for its declarations,
// which is all an importer sees.
type node struct {
	p    *packages.Package
	root bool
	deps []*node // the nodes it imports
	done chan struct{}

	// fakeC: n is a dependency in the standard library; if it uses cgo,
	// it is checked from its own files with C's declarations left out
	// (types.Config.FakeImportC): no exported declaration of std uses a C
	// type, and running cgo would cost more than all the rest of a cold
	// run.
	fakeC bool

	// importers is how many nodes import n and are not checked yet: n's
	// export data is kept for them, and dropped after the last.
	importers atomic.Int32

	// Set before done closes. bad: it has errors, and importing it is an
	// error of the importer; or its export data could not be written, and
	// the importer is loaded again by go/packages, which needs none.
	bad bool
}

// A graph is the packages of a run to check from source: the roots that
// did not compile before and their dependencies that did not either (the
// others come from export data, and a package compiled only if its
// dependencies did).
type graph struct {
	nodes map[string]*node // by ID
	order []*node          // dependencies first
}

func newGraph(listed []*packages.Package) *graph {
	g := &graph{nodes: map[string]*node{}}
	var visit func(p *packages.Package) *node
	visit = func(p *packages.Package) *node {
		if n, ok := g.nodes[p.ID]; ok {
			return n
		}
		n := &node{p: p, done: make(chan struct{})}
		g.nodes[p.ID] = n
		for _, path := range sortedKeys(p.Imports) {
			if ip := p.Imports[path]; !cached(ip) && ip.PkgPath != "unsafe" {
				d := visit(ip)
				d.importers.Add(1)
				n.deps = append(n.deps, d)
			}
		}
		g.order = append(g.order, n)
		return n
	}
	for _, p := range listed {
		// unsafe is types.Unsafe, never checked: its file only documents it.
		if !cached(p) && len(p.CompiledGoFiles) > 0 && len(p.Errors) == 0 && p.PkgPath != "unsafe" {
			visit(p).root = true
		}
	}
	return g
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// without returns the graph of the nodes that the roots not in hit need:
// those roots and their dependencies.
func (g *graph) without(hit map[*node]bool) *graph {
	if len(hit) == 0 {
		return g
	}
	need := map[*node]bool{}
	var visit func(n *node)
	visit = func(n *node) {
		if !need[n] {
			need[n] = true
			for _, d := range n.deps {
				visit(d)
			}
		}
	}
	for _, n := range g.order {
		if n.root && !hit[n] {
			visit(n)
		}
	}
	out := &graph{nodes: map[string]*node{}}
	for _, n := range g.order {
		if need[n] {
			out.nodes[n.p.ID] = n
			out.order = append(out.order, n)
			n.importers.Store(0)
		}
	}
	for _, n := range out.order {
		for _, d := range n.deps {
			d.importers.Add(1)
		}
	}
	return out
}

// roots returns the nodes asked for.
func (g *graph) roots() []*node {
	var out []*node
	for _, n := range g.order {
		if n.root {
			out = append(out, n)
		}
	}
	return out
}

// compileCgo replaces the file lists of the nodes that use cgo with the
// files cgo generates, which are what go/types can check: the go command
// runs cgo for those packages only (go list -compiled), compiling none.
// A cgo package is known by its import "C", read from its files' imports.
// A dependency in the standard library is checked without cgo (fakeC).
func (g *graph) compileCgo(cfg Config) error {
	var paths []string
	for _, n := range g.order {
		switch {
		case !n.root && standard(n.p):
			n.fakeC = true // without effect if it does not use cgo
		case usesCgo(n.p.GoFiles, cfg.read):
			path, _ := forTest(n.p, nil)
			paths = append(paths, path)
		}
	}
	if len(paths) == 0 {
		return nil
	}
	slices.Sort(paths)
	pcfg := cfg.packages(packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles)
	compiled, err := packages.Load(pcfg, slices.Compact(paths)...)
	if err != nil {
		return err
	}
	for _, p := range compiled {
		if n := g.nodes[p.ID]; n != nil && len(p.CompiledGoFiles) > 0 {
			n.p.CompiledGoFiles = p.CompiledGoFiles
		}
	}
	return nil
}

// standard reports whether p is a package of the standard library: of no
// module, with no dot in its path's first element.
func standard(p *packages.Package) bool {
	first, _, _ := strings.Cut(p.PkgPath, "/")
	return p.Module == nil && !strings.Contains(first, ".")
}

// usesCgo reports whether one of files imports "C".
func usesCgo(files []string, read func(string) ([]byte, error)) bool {
	for _, name := range files {
		src, err := read(name)
		if err != nil {
			continue
		}
		if _, cgo, _, _ := header(name, src); cgo {
			return true
		}
	}
	return false
}

// A sourceCheck is what checking a root from source gave.
type sourceCheck struct {
	n     *node
	p     *packages.Package // ready to analyse when ok
	clean bool              // no error that the blanked bodies do not explain
	files []*ast.File       // n's syntax, released once done has seen the check
}

// checkGraph type-checks every node, each once its dependencies are,
// GOMAXPROCS at a time, and calls done with each node's check, from
// several goroutines. leaky says which files of a root to analyse: their
// bodies are recorded in the types.Info.
func (c *collector) checkGraph(g *graph, leaky func(*packages.Package) map[string]bool, done func(sourceCheck)) {
	var wg sync.WaitGroup
	for _, n := range g.order {
		wg.Go(func() {
			for _, d := range n.deps {
				<-d.done
			}
			c.sem <- struct{}{}
			sc := c.checkNode(n, leaky)
			<-c.sem
			close(n.done)
			for _, d := range n.deps {
				if d.importers.Add(-1) == 0 {
					c.exports.drop(d.p.ID)
				}
			}
			done(sc)
			c.exports.release(sc.files)
		})
	}
	wg.Wait()
}

// checkNode type-checks n. A root keeps the bodies of every file but
// those its package (of which it is the test variant) has too: that
// package is itself a root, checked whole; unless the files the variant
// adds change what those mean (changesBase). A dependency keeps none.
//
// The check is published to n's importers (exports.publish).
func (c *collector) checkNode(n *node, leaky func(*packages.Package) map[string]bool) sourceCheck {
	p := n.p
	full, record := map[string]bool{}, map[string]bool{}
	if n.root {
		shared := c.sharedWithBase(p)
		for _, f := range p.CompiledGoFiles {
			full[f] = !shared[f]
		}
		record = leaky(p)
		for f := range record {
			full[f] = true
		}
	}
	names := p.CompiledGoFiles
	if n.fakeC {
		names = p.GoFiles
	}
	read := c.cfg.read
	if !n.root {
		read = c.cfg.readListed // as go/packages, whose dependencies are the go command's
	}
	files, errs := c.parse(names, full, read)
	if n.root && changesBase(c.exports.fset, files, full) {
		c.exports.release(files)
		for _, f := range names {
			full[f] = true
		}
		files, errs = c.parse(names, full, read)
	}
	info := &types.Info{}
	if len(record) > 0 {
		info = newInfo()
	}
	pkg, errs := c.typeCheck(n, files, info, !n.root, errs)
	clean := explained(errs, files, full)
	n.bad = !clean || n.importers.Load() > 0 && c.exports.publish(p, pkg) != nil
	sc := sourceCheck{n: n, clean: clean, files: files}
	if clean && len(record) > 0 {
		sc.p = &packages.Package{
			ID: p.ID, Name: p.Name, PkgPath: p.PkgPath,
			GoFiles: p.GoFiles, CompiledGoFiles: p.CompiledGoFiles, Module: p.Module,
			OtherFiles: p.OtherFiles, IgnoredFiles: p.IgnoredFiles,
			Fset: c.exports.fset, Syntax: files, Types: pkg, TypesInfo: info, TypesSizes: p.TypesSizes,
		}
	}
	return sc
}

// typeCheck type-checks files, those of n, recording into info, with the
// function bodies unless declsOnly, and returns the package and errs with
// the check's errors added.
func (c *collector) typeCheck(n *node, files []*ast.File, info *types.Info, declsOnly bool, errs []error) (*types.Package, []error) {
	p := n.p
	imp := c.exports.importer(p)
	tc := &types.Config{
		Importer: importerFunc(func(path string) (*types.Package, error) {
			if ip := p.Imports[path]; ip != nil {
				if d := c.graph.nodes[ip.ID]; d != nil {
					if d.bad {
						return nil, fmt.Errorf("%s has errors", ip.ID)
					}
				}
			}
			return imp.Import(path)
		}),
		Sizes:            p.TypesSizes,
		IgnoreFuncBodies: declsOnly,
		FakeImportC:      n.fakeC,
		Error:            func(err error) { errs = append(errs, err) },
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	pkg := types.NewPackage(p.PkgPath, p.Name)
	_ = types.NewChecker(tc, c.exports.fset, pkg, info).Files(files) // errors went to tc.Error
	return pkg, errs
}

// changesBase reports whether, of files, a root's, those whose name full
// holds (the files a test variant adds to its package) can change what
// the others mean (the package's own files, stripped): a check of the
// package alone, without them, would miss an error in the others. They
// can with a method on a type they do not define, which can make a
// selector of the package's files ambiguous or pick another method; or
// with a package-level name that hides a predeclared one, such as len or
// error. In no other way can the package's files refer to the test
// files' declarations: in the package alone every name they use
// resolved, to a declaration of theirs, an import or a predeclared name.
func changesBase(fset *token.FileSet, files []*ast.File, full map[string]bool) bool {
	var added []*ast.File
	for _, f := range files {
		if full[fset.File(f.FileStart).Name()] {
			added = append(added, f)
		}
	}
	if len(added) == len(files) {
		return false // nothing stripped
	}
	defined, names, receivers := declared(added)
	for _, name := range names {
		if types.Universe.Lookup(name) != nil {
			return true
		}
	}
	for _, recv := range receivers {
		if !defined[recv] {
			return true
		}
	}
	return false
}

// declared returns what files declare at package level: the types they
// define (not aliases), the other names, and the receiver types of their
// methods (receiverBase).
func declared(files []*ast.File) (defined map[string]bool, names, receivers []string) {
	defined = map[string]bool{}
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					receivers = append(receivers, receiverBase(d))
				} else {
					names = append(names, d.Name.Name)
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					switch spec := spec.(type) {
					case *ast.TypeSpec:
						defined[spec.Name.Name] = !spec.Assign.IsValid()
						names = append(names, spec.Name.Name)
					case *ast.ValueSpec:
						for _, id := range spec.Names {
							names = append(names, id.Name)
						}
					}
				}
			}
		}
	}
	return defined, names, receivers
}

// receiverBase returns the name of the type of d's receiver, without
// pointer or type parameters, or "" if it is no name.
func receiverBase(d *ast.FuncDecl) string {
	if len(d.Recv.List) != 1 {
		return ""
	}
	t := ast.Unparen(d.Recv.List[0].Type)
	if star, ok := t.(*ast.StarExpr); ok {
		t = ast.Unparen(star.X)
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// sharedWithBase returns the files that p, a test variant "q [q.test]",
// has in common with q, when q is checked whole from source too.
func (c *collector) sharedWithBase(p *packages.Package) map[string]bool {
	path, test := forTest(p, nil)
	shared := map[string]bool{}
	if !test {
		return shared
	}
	base := c.graph.nodes[path]
	if base == nil || !base.root {
		return shared
	}
	for _, f := range base.p.CompiledGoFiles {
		shared[f] = true
	}
	return shared
}

// parse reads and parses the files names, with their bodies where full
// says so, and returns them and the errors of reading and parsing them.
func (c *collector) parse(names []string, full map[string]bool, read func(string) ([]byte, error)) ([]*ast.File, []error) {
	var files []*ast.File
	var errs []error
	for _, name := range names {
		src, err := read(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		f, err := c.strip(c.exports.fset, name, src, full[name])
		if f != nil {
			files = append(files, f)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errs
}

func newInfo() *types.Info {
	return &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
}

// explained reports whether every error is one that blanking bodies
// causes: an import that only the blanked bodies used, which go/types
// reports as a soft error at the import's declaration. The files whose
// name full does not hold had their bodies blanked.
func explained(errs []error, files []*ast.File, full map[string]bool) bool {
	for _, err := range errs {
		te, ok := err.(types.Error)
		if !ok || !te.Soft || !atBlankedImport(te, files, full) {
			return false
		}
	}
	return true
}

// atBlankedImport reports whether the error e sits on an import
// declaration of a file whose bodies were blanked.
func atBlankedImport(e types.Error, files []*ast.File, full map[string]bool) bool {
	for _, f := range files {
		if e.Pos < f.FileStart || e.Pos > f.FileEnd {
			continue
		}
		if full[e.Fset.File(f.FileStart).Name()] {
			return false
		}
		for _, imp := range f.Imports {
			if imp.Pos() <= e.Pos && e.Pos < imp.End() {
				return true
			}
		}
		return false
	}
	return false
}
