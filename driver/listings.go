package driver

import (
	"crypto/sha256"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/tools/go/packages"
)

// Listings keeps the go command's listings between the runs of a caller
// that runs many over the same packages, as the language server does
// after every save, and reuses one when no file the listing depends on
// changed in a way that could change it. It saves the go command's start,
// module loading and the hashing of every source file: most of a run
// that checks one edited package.
//
// A listing (go list -deps -test -export, forbidden to compile) depends
// on the environment, the working directory and the settings of the run;
// on the go.mod, go.sum, go.work and vendor/modules.txt files that decide
// the modules, and those that could appear in the directories of the
// packages and their parents; on the names of the source files of each
// package's directory, and on whether a directory exists where another
// module that may be edited could provide the package; on the headers of
// its Go files: what go/build reads (build constraints, package clause,
// imports, cgo's preamble); and, for whether a package comes with export
// data, on the whole of its files and its dependencies' files. So a
// listing is reused when
//
//   - its patterns are directories (a pattern with "..." or a name such as
//     "all" could match a new package), its packages are in modules
//     (GOPATH mode has vendor directories in every parent), and no file of
//     it imports "embed" (what a pattern matches is not listed);
//   - it was trusted when kept: every file and directory was exactly as
//     it is now, modification times included, both before the go command
//     ran and after, so that a save during the listing cannot go
//     unnoticed, even one undone (the first listing is kept untrusted, for
//     the next to compare);
//   - the environment and settings are the same, and so are those files
//     and directories (by content outside the module cache and GOROOT, by
//     size and modification time inside, which nothing edits), except Go
//     files of the main modules, not tests and not cgo, whose header is
//     byte for byte what it was.
//
// The package of such a file, and every package that imports it, loses
// its export data, as the go command would say: it has not compiled
// since.
//
// A Listings is safe for concurrent use. The zero value is ready.
type Listings struct {
	mu      sync.Mutex
	entries map[string]*listing // by listingKey
	order   []string            // keys, oldest first
}

// maxListings bounds the listings kept, a few per module open in an
// editor.
const maxListings = 16

// A listing is what one go list gave, settled (settleProbe), with the
// files and directories it depends on as they were after it.
type listing struct {
	roots   []*packages.Package
	trusted bool   // the files and directories were the same before it
	changed string // if not, the first that changed, or "" for none known before
	state
}

// state is what the files and directories of a listing were, or are.
type state struct {
	files map[string]fileState
	dirs  map[string]dirState
}

// fileState is what a listing saw of a file: outside the module cache
// and GOROOT, or in an overlay, its content; inside, which nothing
// edits, its size and modification time. A file that does not exist has
// the zero state.
type fileState struct {
	size   int64
	mod    time.Time
	sum    [sha256.Size]byte
	hashed bool   // kept by content
	local  bool   // a Go file of the main modules: it may change below its header
	header string // of a Go file whose content is kept
	cgo    bool   // the header imports "C"
	embed  bool   // the header imports "embed"
}

// dirState is what a listing saw of a directory: whether it exists, its
// modification time and, outside the module cache and GOROOT, the names
// of its entries that may be source files.
type dirState struct {
	exists bool
	hashed bool
	mod    time.Time
	names  []string
}

// sameInput reports whether the go command sees the same in the file
// states f and g: for a file kept by content, the same content, whatever
// its modification time.
func (f fileState) sameInput(g fileState) bool {
	if f.hashed && g.hashed {
		f.mod, g.mod = time.Time{}, time.Time{}
	}
	return f == g
}

// sameInput reports whether the go command sees the same in the
// directory states d and e: for a directory kept by its names, the same
// names, whatever its modification time (an editor's save that renames a
// file over another changes it).
func (d dirState) sameInput(e dirState) bool {
	if d.hashed && e.hashed {
		d.mod, e.mod = time.Time{}, time.Time{}
	}
	return d.exists == e.exists && d.hashed == e.hashed && d.mod.Equal(e.mod) && slices.Equal(d.names, e.names)
}

// listingKey is what a run's listing depends on besides files: the
// environment, the directory and the settings of the go command.
func listingKey(cfg Config, patterns []string) string {
	dir, _ := filepath.Abs(cfg.Dir) // "" and relative paths depend on the working directory
	var b strings.Builder
	for _, s := range append([]string{dir, cfg.Tags, strconv.FormatBool(cfg.Tests)}, patterns...) {
		b.WriteString(strconv.Quote(s))
	}
	b.WriteString("\x00")
	for _, s := range slices.Sorted(slices.Values(os.Environ())) {
		b.WriteString(strconv.Quote(s))
	}
	return b.String()
}

// reuse returns a copy of the listing kept for key, with the export data
// of the packages whose files changed dropped, if it still holds. If
// not, it returns the state now of what the listing kept depended on, if
// there is one, for store to compare.
func (ls *Listings) reuse(key string, cfg Config) ([]*packages.Package, *state) {
	if ls == nil {
		return nil, nil
	}
	ls.mu.Lock()
	l := ls.entries[key]
	ls.mu.Unlock()
	if l == nil {
		return nil, nil
	}
	now, ok := l.now(cfg)
	if !ok {
		return nil, nil
	}
	if !l.trusted {
		return nil, now
	}
	changed, ok := l.changes(cfg, now)
	if !ok {
		return nil, now
	}
	roots := copyGraph(l.roots)
	stale := map[*packages.Package]bool{}
	packages.Visit(roots, nil, func(p *packages.Package) {
		for _, f := range p.CompiledGoFiles {
			stale[p] = stale[p] || changed[f]
		}
		for _, ip := range p.Imports {
			stale[p] = stale[p] || stale[ip]
		}
		if stale[p] {
			p.ExportFile = ""
		}
	})
	return roots, nil
}

// store keeps a copy of roots, the settled listing for key; trusted if
// before, what reuse found before the go command ran, is what the files
// and directories of roots are now.
func (ls *Listings) store(key string, cfg Config, patterns []string, roots []*packages.Package, before *state) {
	if ls == nil || slices.ContainsFunc(patterns, func(p string) bool { return !directory(p) }) ||
		slices.ContainsFunc(roots, func(p *packages.Package) bool { return p.Module == nil }) {
		return // GOPATH mode, where a vendor directory above a package may appear, is not kept
	}
	l := &listing{roots: copyGraph(roots), state: state{files: map[string]fileState{}, dirs: map[string]dirState{}}}
	if !l.record(cfg) {
		return
	}
	for _, f := range l.files {
		if f.embed {
			return
		}
	}
	if before != nil {
		l.changed = before.changed(l.state)
		l.trusted = l.changed == ""
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.entries == nil {
		ls.entries = map[string]*listing{}
	}
	if _, ok := ls.entries[key]; !ok {
		ls.order = append(ls.order, key)
	}
	ls.entries[key] = l
	if len(ls.order) > maxListings {
		delete(ls.entries, ls.order[0])
		ls.order = ls.order[1:]
	}
}

// changed returns the first file or directory of t that s does not hold
// exactly as t has it, modification times included, or "" if s holds
// them all: then nothing changed between s and t, not even a change
// undone.
func (s *state) changed(t state) string {
	for name, f := range t.files {
		if g, ok := s.files[name]; !ok || g != f {
			return name
		}
	}
	for name, d := range t.dirs {
		if e, ok := s.dirs[name]; !ok || !e.sameInput(d) || !e.mod.Equal(d.mod) {
			return name
		}
	}
	return ""
}

// directory reports whether the pattern p names a directory: an absolute
// path or one relative to the working directory, without "...".
func directory(p string) bool {
	return !strings.Contains(p, "...") && (filepath.IsAbs(p) || p == "." || p == ".." ||
		strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../"))
}

// record records the files and directories the listing depends on, as
// they are; it reports false if that cannot be known.
func (l *listing) record(cfg Config) bool {
	ok := true
	file := func(name string, hashed, local bool) {
		if _, seen := l.files[name]; !seen {
			st, known := stateOf(cfg, name, hashed, local)
			l.files[name], ok = st, ok && known
		}
	}
	dir := func(name string, hashed bool) bool { // reports whether name is new
		_, seen := l.dirs[name]
		if !seen {
			st, known := dirStateOf(name, hashed)
			l.dirs[name], ok = st, ok && known
		}
		return !seen
	}
	parents := func(dir string) { // the files that could make dir or a parent a module or workspace
		for ; ; dir = filepath.Dir(dir) {
			for _, name := range []string{"go.mod", "go.work"} {
				file(filepath.Join(dir, name), true, false)
			}
			if filepath.Dir(dir) == dir {
				return
			}
		}
	}
	names, modules := l.moduleFiles(cfg)
	for _, name := range names {
		file(name, true, false)
	}
	if dir, err := filepath.Abs(cfg.Dir); err == nil { // "" is the working directory
		parents(dir)
	}
	packages.Visit(l.roots, nil, func(p *packages.Package) {
		hashed := !immutable(p)
		local := p.Module != nil && p.Module.Main
		if p.Module != nil && p.Module.GoMod != "" {
			file(p.Module.GoMod, hashed, false)
			file(strings.TrimSuffix(p.Module.GoMod, ".mod")+".sum", hashed, false)
		}
		if local && p.Module.Dir != "" {
			file(filepath.Join(p.Module.Dir, "vendor", "modules.txt"), true, false)
		}
		for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
			for _, f := range list {
				file(f, hashed, local)
			}
		}
		for _, f := range p.GoFiles {
			if !testMain(p) && dir(filepath.Dir(f), hashed) && hashed {
				parents(filepath.Dir(f))
			}
		}
		// Where else the package could be: a directory that appears in
		// another module whose path is a prefix of the package's makes
		// the import ambiguous.
		for root, path := range modules {
			if rest, found := strings.CutPrefix(p.PkgPath, path); found && (rest == "" || rest[0] == '/') {
				dir(filepath.Join(root, filepath.FromSlash(rest)), true)
			}
		}
	})
	return ok
}

// moduleFiles returns the files besides those of the listed modules that
// decide the modules: the go command's environment file, the workspace
// file and the go.mod of each of its modules, and the go.mod of each
// module a main module replaces with a directory; and the modules whose
// files may be edited, the main ones and those replacements, by
// directory, with their paths.
func (l *listing) moduleFiles(cfg Config) ([]string, map[string]string) {
	env := os.Getenv("GOENV")
	if env == "" {
		if dir, err := os.UserConfigDir(); err == nil {
			env = filepath.Join(dir, "go", "env")
		}
	}
	names := []string{env}
	var mods []string
	if work := goWork(cfg.Dir); work != "" {
		names = append(names, work, work+".sum")
		if data, err := os.ReadFile(work); err == nil {
			if wf, err := modfile.ParseWork(work, data, nil); err == nil {
				for _, u := range wf.Use {
					mods = append(mods, filepath.Join(filepath.Dir(work), u.Path, "go.mod"))
				}
			}
		}
	}
	packages.Visit(l.roots, nil, func(p *packages.Package) {
		if p.Module != nil && p.Module.Main && p.Module.GoMod != "" && !slices.Contains(mods, p.Module.GoMod) {
			mods = append(mods, p.Module.GoMod)
		}
	})
	modules := map[string]string{}
	for _, mod := range mods {
		names = append(names, mod)
		data, err := os.ReadFile(mod)
		if err != nil {
			continue
		}
		mf, err := modfile.ParseLax(mod, data, nil)
		if err != nil || mf.Module == nil {
			continue
		}
		modules[filepath.Dir(mod)] = mf.Module.Mod.Path
		for _, r := range mf.Replace {
			if r.New.Version == "" { // a directory
				dir := r.New.Path
				if !filepath.IsAbs(dir) {
					dir = filepath.Join(filepath.Dir(mod), dir)
				}
				names = append(names, filepath.Join(dir, "go.mod"))
				modules[dir] = r.Old.Path
			}
		}
	}
	return names, modules
}

// immutable reports whether nothing edits the files of p: those of
// GOROOT and of the module cache.
func immutable(p *packages.Package) bool {
	if standard(p) {
		return true
	}
	m := p.Module
	return m != nil && !m.Main && m.Replace == nil && m.Version != "" && strings.Contains(m.Dir, "@"+m.Version)
}

// now returns the state of the files and directories of l as they are,
// and whether it can be known.
func (l *listing) now(cfg Config) (*state, bool) {
	now := &state{files: map[string]fileState{}, dirs: map[string]dirState{}}
	for name, was := range l.files {
		st, ok := stateOf(cfg, name, was.hashed, was.local)
		if !ok {
			return nil, false
		}
		now.files[name] = st
	}
	for name, was := range l.dirs {
		st, ok := dirStateOf(name, was.hashed)
		if !ok {
			return nil, false
		}
		now.dirs[name] = st
	}
	return now, true
}

// stateOf returns the state of the file name as the go command sees it:
// the overlay's content, or what is on disk; by content if hashed, else
// by size and modification time. Of a Go file of the main modules, local,
// it keeps the header too.
func stateOf(cfg Config, name string, hashed, local bool) (fileState, bool) {
	st := fileState{hashed: hashed, local: local}
	src, overlaid := cfg.Overlay[name]
	if !overlaid {
		fi, err := os.Stat(name)
		if os.IsNotExist(err) {
			return st, true
		}
		if err != nil || !fi.Mode().IsRegular() {
			return st, false
		}
		st.size, st.mod = fi.Size(), fi.ModTime()
		if !hashed {
			return st, true
		}
		if src, err = os.ReadFile(name); err != nil {
			return st, false
		}
	}
	st.size, st.sum = int64(len(src)), sha256.Sum256(src)
	if strings.HasSuffix(name, ".go") {
		var ok bool
		st.header, st.cgo, st.embed, ok = header(name, src)
		return st, ok || !local
	}
	return st, true
}

// dirStateOf returns the state of the directory dir: by the names of its
// source files if hashed, else by its modification time.
func dirStateOf(dir string, hashed bool) (dirState, bool) {
	st := dirState{hashed: hashed}
	fi, err := os.Stat(dir)
	if os.IsNotExist(err) {
		return st, true
	}
	if err != nil {
		return st, false
	}
	st.exists, st.mod = true, fi.ModTime()
	if !hashed {
		return st, true
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return st, false
	}
	for _, e := range entries {
		if sourceName(e.Name()) {
			st.names = append(st.names, e.Name())
		}
	}
	return st, true
}

// sourceName reports whether a file called name may be a source file of
// the package of its directory, as go/build judges: not hidden, and with
// the extension of a source file. An editor's swap and lock files are
// not.
func sourceName(name string) bool {
	switch filepath.Ext(name) {
	case ".go", ".c", ".h", ".s", ".S", ".sx", ".cc", ".cpp", ".cxx", ".m", ".hh", ".hpp", ".hxx",
		".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx":
		return !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
	}
	return false
}

// changes returns the files of l that changed, as now says, if l still
// holds: see Listings.
func (l *listing) changes(cfg Config, now *state) (map[string]bool, bool) {
	for name := range cfg.Overlay {
		if _, ok := l.files[name]; !ok {
			return nil, false // a new file, or one the go command never read
		}
	}
	for name, was := range l.dirs {
		if !now.dirs[name].sameInput(was) {
			return nil, false
		}
	}
	changed := map[string]bool{}
	for name, was := range l.files {
		is := now.files[name]
		if is.sameInput(was) {
			continue
		}
		if !was.local || strings.HasSuffix(name, "_test.go") || is.header != was.header || is.cgo || is.embed {
			return nil, false
		}
		changed[name] = true
	}
	trimmed := false
	packages.Visit(l.roots, nil, func(p *packages.Package) {
		if p.ExportFile != "" && !trimmed {
			_, err := os.Stat(p.ExportFile)
			trimmed = err != nil // the build cache was trimmed
		}
	})
	return changed, !trimmed
}

// header returns what go/build reads of a Go file: everything up to the
// end of its last import declaration; and whether it imports "C" and
// "embed", of the imports that parse. It reports false, and no header, if
// the file does not parse that far.
func header(name string, src []byte) (h string, cgo, embed, ok bool) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly|parser.ParseComments)
	if f == nil {
		return "", false, false, false
	}
	for _, spec := range f.Imports {
		path, _ := strconv.Unquote(spec.Path.Value)
		cgo, embed = cgo || path == "C", embed || path == "embed"
	}
	if err != nil {
		return "", cgo, embed, false
	}
	end := f.Name.End()
	if n := len(f.Decls); n > 0 {
		end = f.Decls[n-1].End()
	}
	return string(src[:int(end)-int(f.FileStart)]), cgo, embed, true
}

// copyGraph returns a copy of the packages reachable from roots, with
// their Imports pointing at the copies, so that a run may change a
// package without changing the listing kept.
func copyGraph(roots []*packages.Package) []*packages.Package {
	copies := map[*packages.Package]*packages.Package{}
	var cp func(p *packages.Package) *packages.Package
	cp = func(p *packages.Package) *packages.Package {
		if c, ok := copies[p]; ok {
			return c
		}
		c := new(packages.Package)
		*c = *p
		copies[p] = c
		c.Errors = slices.Clone(p.Errors)
		c.CompiledGoFiles = slices.Clone(p.CompiledGoFiles)
		c.Imports = make(map[string]*packages.Package, len(p.Imports))
		for path, ip := range p.Imports {
			c.Imports[path] = cp(ip)
		}
		return c
	}
	out := make([]*packages.Package, len(roots))
	for i, p := range roots {
		out[i] = cp(p)
	}
	return out
}

// testMain reports whether p is the main package the go command
// generates for a test, "p.test", whose file is in the build cache, in a
// directory other builds write to: a main package that imports a package
// of its own test ("p [p.test]" or "p_test [p.test]"). A package of the
// main module whose path merely ends in ".test" imports none.
func testMain(p *packages.Package) bool {
	if p.Name != "main" || !strings.HasSuffix(p.ID, ".test") {
		return false
	}
	for _, ip := range p.Imports {
		if strings.HasSuffix(ip.ID, " ["+p.ID+"]") {
			return true
		}
	}
	return false
}
