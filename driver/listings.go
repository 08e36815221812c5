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

	"golang.org/x/tools/go/packages"
)

// Listings keeps the go command's listings between the runs of a caller
// that runs many over the same packages, as the language server does
// after every save, and reuses one when no file the listing depends on
// changed in a way that could change it. It saves the go command's start,
// module loading and the hashing of every source file: most of a run
// that checks one edited package.
//
// A listing (go list -deps -test -export, forbidden to compile) is made
// of the go command's settings, the go.mod, go.sum, go.work and
// go.work.sum files, the directory of each package, and the headers of
// its Go files: what go/build reads (build constraints, package clause,
// imports, cgo's preamble); and, for whether a package comes with export
// data, the whole of its files and its dependencies' files. So a listing
// is reused when its patterns name no "..." (a new directory could
// match), the settings and those files are the same (size and
// modification time, or content for an overlay), no directory of the
// main modules gained or lost a file, and every file that changed is a
// Go file of the main modules, not a test, that neither imports "C" nor
// "embed" and whose header is byte for byte what it was. The package of
// such a file, and every package that imports it, loses its export data,
// as the go command would say: it has not compiled since.
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

// A listing is what one go list gave, settled (settleProbe), with what it
// depends on.
type listing struct {
	roots []*packages.Package
	files map[string]fileState // every file of every package listed
	dirs  map[string]dirState  // the directory of every package listed
}

// fileState is what a listing saw of a file: for a file of the main
// modules or an overlay, its content; for another, which no editor
// changes, its size and modification time.
type fileState struct {
	size   int64
	mod    time.Time
	sum    [sha256.Size]byte
	local  bool   // of the main modules
	header string // of a Go file of the main modules or an overlay
}

// dirState is what a listing saw of a directory: of the main modules, the
// names of its entries that may be source files; elsewhere, its
// modification time.
type dirState struct {
	mod   time.Time
	names []string
}

// listingKey is what a run's listing depends on besides files: the
// settings of the go command.
func listingKey(cfg Config, patterns []string) string {
	var b strings.Builder
	for _, s := range append([]string{cfg.Dir, cfg.Tags, strconv.FormatBool(cfg.Tests)}, patterns...) {
		b.WriteString(strconv.Quote(s))
	}
	for _, v := range []string{"GOFLAGS", "GOOS", "GOARCH", "GOWORK", "GOROOT", "GOPATH", "GOENV", "CGO_ENABLED", "GOEXPERIMENT", "GOTOOLCHAIN", "PATH"} {
		b.WriteString(strconv.Quote(os.Getenv(v)))
	}
	return b.String()
}

// reuse returns a copy of the listing kept for key, with the export data
// of the packages whose files changed dropped, if it still holds.
func (ls *Listings) reuse(key string, cfg Config) []*packages.Package {
	if ls == nil {
		return nil
	}
	ls.mu.Lock()
	l := ls.entries[key]
	ls.mu.Unlock()
	if l == nil {
		return nil
	}
	changed, ok := l.changes(cfg)
	if !ok {
		return nil
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
	return roots
}

// store keeps a copy of roots, the settled listing for key.
func (ls *Listings) store(key string, cfg Config, patterns []string, roots []*packages.Package) {
	if ls == nil || slices.ContainsFunc(patterns, func(p string) bool { return strings.Contains(p, "...") }) {
		return
	}
	l := &listing{roots: copyGraph(roots), files: map[string]fileState{}, dirs: map[string]dirState{}}
	ok := true
	packages.Visit(roots, nil, func(p *packages.Package) {
		local := p.Module != nil && p.Module.Main
		if p.Module != nil && p.Module.GoMod != "" {
			ok = l.addFile(cfg, p.Module.GoMod, false) && ok
			ok = l.addFile(cfg, strings.TrimSuffix(p.Module.GoMod, ".mod")+".sum", false) && ok
		}
		for _, list := range [][]string{p.GoFiles, p.CompiledGoFiles, p.OtherFiles, p.IgnoredFiles, p.EmbedFiles} {
			for _, f := range list {
				ok = l.addFile(cfg, f, local) && ok
			}
		}
		for _, f := range p.GoFiles {
			ok = l.addDir(filepath.Dir(f), local) && ok
		}
	})
	if work := goWork(cfg.Dir); work != "" {
		ok = l.addFile(cfg, work, false) && l.addFile(cfg, work+".sum", false) && ok
	}
	if env, err := os.UserConfigDir(); err == nil {
		ok = l.addFile(cfg, filepath.Join(env, "go", "env"), false) && ok
	}
	if !ok {
		return
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

// addFile records the state of the file name, which may not exist; it
// reports false if that cannot be known.
func (l *listing) addFile(cfg Config, name string, local bool) bool {
	if _, ok := l.files[name]; ok {
		return true
	}
	st, ok := stateOf(cfg, name, local)
	l.files[name] = st
	return ok
}

// addDir records the state of the directory dir.
func (l *listing) addDir(dir string, local bool) bool {
	if _, ok := l.dirs[dir]; ok {
		return true
	}
	st, ok := dirStateOf(dir, local)
	l.dirs[dir] = st
	return ok
}

// stateOf returns the state of the file name as the go command sees it:
// the overlay's content, or what is on disk. A file that does not exist
// has the zero state.
func stateOf(cfg Config, name string, local bool) (fileState, bool) {
	st := fileState{local: local}
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
		if !local {
			return st, true
		}
		if src, err = os.ReadFile(name); err != nil {
			return st, false
		}
		st.mod = time.Time{} // the content says it all
	}
	st.size, st.sum = int64(len(src)), sha256.Sum256(src)
	if strings.HasSuffix(name, ".go") {
		var ok bool
		st.header, ok = header(name, src)
		return st, ok || !local
	}
	return st, true
}

// dirStateOf returns the state of the directory dir.
func dirStateOf(dir string, local bool) (dirState, bool) {
	fi, err := os.Stat(dir)
	if err != nil {
		return dirState{}, false
	}
	st := dirState{mod: fi.ModTime()}
	if local {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return st, false
		}
		st.names = []string{} // not nil: local
		for _, e := range entries {
			if sourceName(e.Name()) {
				st.names = append(st.names, e.Name())
			}
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
	case ".go", ".c", ".h", ".s", ".S", ".cc", ".cpp", ".cxx", ".m", ".hh", ".hpp", ".hxx",
		".f", ".F", ".for", ".f90", ".syso", ".swig", ".swigcxx":
		return !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
	}
	return false
}

// changes returns the files that changed since l was listed, if l still
// holds: see Listings.
func (l *listing) changes(cfg Config) (map[string]bool, bool) {
	for name := range cfg.Overlay {
		if _, ok := l.files[name]; !ok {
			return nil, false // a new file, or one the go command never read
		}
	}
	for dir, was := range l.dirs {
		now, ok := dirStateOf(dir, was.names != nil)
		if !ok || !slices.Equal(now.names, was.names) || was.names == nil && !now.mod.Equal(was.mod) {
			return nil, false
		}
	}
	changed := map[string]bool{}
	for name, was := range l.files {
		now, ok := stateOf(cfg, name, was.local)
		if !ok {
			return nil, false
		}
		if now.size == was.size && now.mod.Equal(was.mod) && now.sum == was.sum {
			continue
		}
		if !was.local || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			now.header != was.header || importsAny(now.header, `"C"`, `"embed"`) {
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
// end of its last import declaration. It reports false if the file does
// not parse that far.
func header(name string, src []byte) (string, bool) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return "", false
	}
	end := f.Name.End()
	if n := len(f.Decls); n > 0 {
		end = f.Decls[n-1].End()
	}
	return string(src[:int(end)-int(f.FileStart)]), true
}

// importsAny reports whether the header h imports one of paths, each
// quoted.
func importsAny(h string, paths ...string) bool {
	for _, p := range paths {
		if strings.Contains(h, p) {
			return true
		}
	}
	return false
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
