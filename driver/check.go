package driver

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// parseFunc parses one file, as packages.Config.ParseFile does; full
// says whether the function bodies are needed.
type parseFunc func(fset *token.FileSet, name string, src []byte, full bool) (*ast.File, error)

// check type-checks ch.p, a package that compiled, as go/packages would,
// but with its imports from export data and the function bodies only of
// the files in ch.full, and analyses it. A test variant is checked against
// the export data of the package it extends, so only the files it adds
// cost anything beyond their declarations.
//
// p compiled, so an error here comes from the stripping (explained) or
// from a disagreement between go/types and the compiler: then p's import
// path goes to be loaded by go/packages with every body, and reported as
// it would be without the pre-pass.
func (c *collector) check(ch check) {
	p := ch.p
	path, _ := forTest(p, nil)
	read := c.cfg.read
	k, keyed := c.cfg.Cache.key(c.cfg, c.a, p, ch.full, exported)
	if keyed {
		if found, ok := c.cfg.Cache.get(k.key); ok {
			c.cached(p.ID, path, found, k.srcs)
			return
		}
		read = func(name string) ([]byte, error) { return k.srcs[name], nil } // what the key says: it holds every file of p
	}
	fset := c.exports.fset
	files, errs := c.parse(p.CompiledGoFiles, ch.full, read)
	pkg := types.NewPackage(p.PkgPath, p.Name)
	info := newInfo()
	var terrs []error
	tc := &types.Config{
		Importer: c.exports.importer(p),
		Sizes:    p.TypesSizes,
		Error:    func(err error) { terrs = append(terrs, err) },
	}
	if p.Module != nil && p.Module.GoVersion != "" {
		tc.GoVersion = "go" + p.Module.GoVersion
	}
	if len(errs) == 0 { // the go command compiled p: any parse error is ours
		_ = types.NewChecker(tc, fset, pkg, info).Files(files) // errors went to tc.Error
	}
	if len(errs) > 0 || !explained(terrs, files, ch.full) {
		c.retry(path)
		return
	}
	c.mu.Lock()
	c.stats.Checked = append(c.stats.Checked, p.ID)
	c.mu.Unlock()
	o := c.analyze(&packages.Package{
		ID: p.ID, Name: p.Name, PkgPath: p.PkgPath,
		GoFiles: p.GoFiles, CompiledGoFiles: p.CompiledGoFiles, Module: p.Module,
		OtherFiles: p.OtherFiles, IgnoredFiles: p.IgnoredFiles,
		Fset: fset, Syntax: files, Types: pkg, TypesInfo: info, TypesSizes: p.TypesSizes,
	}, path, true)
	c.exports.release(files)
	if keyed && o.err == nil && !k.stamps.changed() { // no file changed while it was analysed
		c.cfg.Cache.put(k.key, o.findings)
	}
}

// exports reads the export data of the packages checks import, for a
// whole run. A package that is not a test variant has one export file per
// path in a run, so one view of them serves every check and each is read
// once. A test variant, such as "p [p.test]", has its package's path and
// other contents: a check whose imports reach one reads into a view of
// its own, a copy of the shared one without those paths. Reading may
// fill in packages that other checks already use, so it is done under a
// lock, as go/packages does.
//
// A package checked from source is published to its importers
// (publish): itself on the shared view, or, if it is a test variant or
// reaches one, as export data written from its check (built), read back
// as the others are.
type exports struct {
	mu     sync.Mutex
	fset   *token.FileSet
	shared map[string]*types.Package
	built  map[string][]byte // export data of packages checked from source, by ID
}

// publish makes pkg, the package p checked from source without error,
// importable. On the shared view it is pkg itself: its types are made of
// that view's packages, as every importer's are, so nothing is written
// or read again, though pkg keeps the scopes of the functions it checked
// for as long as the run; and its constants keep their exact values,
// which export data rounds to 512 bits (1.0/3). A test variant, or a
// package reaching one, was checked on a view of its own: its importers
// read the export data written from pkg, which holds its declarations
// alone. Handing test variants over too would keep the rounding out, but
// std's listing has 1,887 of them, and kept as packages while their
// importers wait they took a cold run of std from 330 to 640 MB.
func (x *exports) publish(p *packages.Package, pkg *types.Package) error {
	if strings.Contains(p.ID, " [") || len(variants(p)) > 0 {
		return x.build(p.ID, pkg)
	}
	x.mu.Lock()
	x.shared[p.PkgPath] = pkg
	x.mu.Unlock()
	return nil
}

// build writes the export data of pkg, which the package of ID id
// declares, for its importers.
func (x *exports) build(id string, pkg *types.Package) error {
	var b bytes.Buffer
	if err := gcexportdata.Write(&b, x.fset, pkg); err != nil {
		return err
	}
	x.mu.Lock()
	x.built[id] = b.Bytes()
	x.mu.Unlock()
	return nil
}

// drop forgets the export data of the package of ID id: it has no
// importer left to check.
func (x *exports) drop(id string) {
	x.mu.Lock()
	delete(x.built, id)
	x.mu.Unlock()
}

// release removes files from the file set once their package is
// checked, analysed and, when checked from source, published: their line
// tables are tens of MB for std. Importers see the positions that export
// data records, or, of a package published on the shared view, none: the
// file set no longer has its files. Only an error could show an imported
// position, and a package with errors is loaded again by go/packages.
func (x *exports) release(files []*ast.File) {
	for _, f := range files {
		if tf := x.fset.File(f.FileStart); tf != nil {
			x.fset.RemoveFile(tf)
		}
	}
}

// data returns the export data of ip. Called with x.mu held.
func (x *exports) data(ip *packages.Package) ([]byte, error) {
	if data, ok := x.built[ip.ID]; ok {
		return data, nil
	}
	if ip.ExportFile == "" {
		return nil, fmt.Errorf("no export data for %s", ip.ID)
	}
	data, err := exportData(ip.ExportFile)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %v", ip.ExportFile, err)
	}
	return data, nil
}

// variants returns the paths of the test variants p's imports reach.
func variants(p *packages.Package) map[string]bool {
	variants := map[string]bool{}
	var visit func(*packages.Package)
	visit = func(q *packages.Package) {
		for _, ip := range q.Imports {
			if strings.Contains(ip.ID, " [") && !variants[ip.PkgPath] {
				variants[ip.PkgPath] = true
				visit(ip)
			}
		}
	}
	visit(p)
	return variants
}

// importer imports the packages p imports.
func (x *exports) importer(p *packages.Package) types.Importer {
	variants := variants(p)
	var view map[string]*types.Package
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		ip := p.Imports[path]
		if ip == nil {
			return nil, fmt.Errorf("no metadata for %s", path)
		}
		x.mu.Lock()
		defer x.mu.Unlock()
		if view == nil {
			view = x.shared
			if len(variants) > 0 {
				view = maps.Clone(x.shared)
				for path := range variants {
					delete(view, path)
				}
			}
		}
		if pkg := view[ip.PkgPath]; pkg != nil && pkg.Complete() {
			return pkg, nil
		}
		data, err := x.data(ip)
		if err != nil {
			return nil, err
		}
		return gcexportdata.Read(bytes.NewReader(data), x.fset, view, ip.PkgPath)
	})
}

// exportData returns the export data in the file name, which go list
// -export gives: the output of cmd/export, export data alone, or (before
// Go 1.28) the compiler's archive, whose __.PKGDEF member holds it after
// the object header, between "$$B\n" and "\n$$\n".
func exportData(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	const magic, headerSize = "!<arch>\n", 60
	ar, ok := bytes.CutPrefix(data, []byte(magic))
	if !ok {
		return data, nil
	}
	if len(ar) < headerSize || strings.TrimSpace(string(ar[:16])) != "__.PKGDEF" {
		return nil, fmt.Errorf("archive without __.PKGDEF first")
	}
	size, err := strconv.Atoi(strings.TrimSpace(string(ar[48:58])))
	if err != nil || size < 0 || headerSize+size > len(ar) {
		return nil, fmt.Errorf("bad __.PKGDEF header %q", ar[:headerSize])
	}
	def := ar[headerSize : headerSize+size]
	_, body, ok := bytes.Cut(def, []byte("\n$$B\n"))
	if !ok {
		return nil, fmt.Errorf("no export data in __.PKGDEF")
	}
	body, ok = bytes.CutSuffix(body, []byte("\n$$\n"))
	if !ok {
		return nil, fmt.Errorf("export data without its end marker")
	}
	return body, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// stripBodies parses a file as go/packages does, and, unless full,
// empties its function bodies and the composite literals that initialise
// its package-level variables: they are most of what type-checking costs,
// and nothing in them is to be reported. Declarations stay, so the
// package's types are what they are with the bodies. The bodies are
// blanked before parsing, so that parsing them costs next to nothing too.
func stripBodies(fset *token.FileSet, name string, src []byte, full bool) (*ast.File, error) {
	if full {
		return parser.ParseFile(fset, name, src, parser.AllErrors|parser.ParseComments)
	}
	f, err := parser.ParseFile(fset, name, blankBodies(src), parser.AllErrors|parser.SkipObjectResolution)
	if f != nil {
		emptyBodies(f)
		emptyLiterals(f)
	}
	return f, err
}

// emptyBodies replaces the body of every function declaration of f with
// "for {}", which needs no name and ends the function for the "missing
// return" check. Without the bodies, go/types reports the imports only
// they used; explained tells those errors apart.
func emptyBodies(f *ast.File) {
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
			at := fd.Body.Lbrace
			loop := &ast.ForStmt{For: at, Body: &ast.BlockStmt{Lbrace: at, Rbrace: at}}
			fd.Body = &ast.BlockStmt{Lbrace: at, List: []ast.Stmt{loop}, Rbrace: fd.Body.Rbrace}
		}
	}
}

// emptyLiterals removes the elements of every composite literal, or
// address of one, that initialises a package-level variable, such as the
// tables of unicode or golang.org/x/text: a literal has the type it
// names whatever its elements, unless that is an array whose length they
// give ([...]T). Like emptyBodies, it leaves imports that only the
// elements used, which explained tells apart.
func emptyLiterals(f *ast.File) {
	for _, d := range f.Decls {
		d, ok := d.(*ast.GenDecl)
		if !ok || d.Tok != token.VAR {
			continue
		}
		for _, spec := range d.Specs {
			for _, v := range spec.(*ast.ValueSpec).Values {
				if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
					v = u.X
				}
				lit, ok := v.(*ast.CompositeLit)
				if !ok || lit.Type == nil {
					continue
				}
				if at, ok := lit.Type.(*ast.ArrayType); ok {
					if _, ok := at.Len.(*ast.Ellipsis); ok {
						continue
					}
				}
				lit.Elts = nil
			}
		}
	}
}
