package driver

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"flag"
	"fmt"
	"go/types"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leakfix/leakfix/internal/gomod"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// A ResultCache keeps on disk what checking and analysing a package
// found, keyed by everything that can change it, so that a run over
// packages that did not change since an earlier one reads their findings
// instead of type-checking them again, as go vet, staticcheck and
// golangci-lint do.
//
// What the analysis of a package finds depends on: the analyzer's build
// and flags (Salt, and the analyzer's name and flag values); the run's
// directory and whether generated files are reported; the package's
// identity, module and Go version, and the target's sizes; the content of
// every file of its directory (the analyzer reads the files that build
// constraints exclude, and the other files a helper could be named in);
// the go.mod that governs the directory (errgroup is offered only when it
// requires x/sync); and what each of its imports gives: for a package
// that compiled, its export data, which the go command names by its
// content; for one checked from source, the key of its sources
// (sourceKeys). A key hashes all of them. A package checked from source
// only for its errors, which cannot leak, is keyed by its sources alone
// and kept when it has none. A package with an error is never kept; one
// that uses cgo, and any run over an overlay or an editor's buffers, have
// no key.
//
// The findings of a package that was analysed are an entry of their own.
// The keys of the packages checked for their errors alone, most of a
// tree, are listed together, a file for each run that checked some, since
// creating a file costs more system time than checking a small package.
type ResultCache struct {
	Dir  string // where the entries are
	Salt string // identifies the analyzer: its build (the SHA-256 of the executable), and what its flags do not show

	once  sync.Once
	mu    sync.Mutex
	clean map[[sha256.Size]byte]string // keys of packages checked clean, to the file that lists them
	used  map[string]bool              // those files, once a run read a key of theirs
}

// cacheEntry is what an entry holds: a check's findings.
type cacheEntry struct {
	Findings []Finding
}

// maxCacheAge is how long an entry that no run read is kept.
const maxCacheAge = 5 * 24 * time.Hour

// A keyed analysis is the key of a package's analysis, with the content
// of the files that went into it, by name, and their stamps.
type keyed struct {
	key    [sha256.Size]byte
	srcs   map[string][]byte
	stamps stamps
}

// stamps are the sizes and modification times of the files a key read,
// by name: if one is not the same once the analysis is done, the file
// changed meanwhile and the outcome is not kept.
type stamps map[string]stamp

type stamp struct {
	size int64
	mod  time.Time
}

func (s stamps) add(name string, fi os.FileInfo) { s[name] = stamp{fi.Size(), fi.ModTime()} }

// changed reports whether a file of s is not as it was.
func (s stamps) changed() bool {
	for name, was := range s {
		fi, err := os.Stat(name)
		if err != nil || fi.Size() != was.size || !fi.ModTime().Equal(was.mod) {
			return true
		}
	}
	return false
}

// key returns the key of the analysis of p, whose files in full keep
// their bodies; false when p has no key. imported names the types an
// import of p gives: the name of its export data, or the key of its
// sources (sourceKeys).
func (rc *ResultCache) key(cfg Config, a *analysis.Analyzer, p *packages.Package, full map[string]bool, imported func(*packages.Package) (string, bool)) (keyed, bool) {
	if rc == nil || len(cfg.Overlay) > 0 || len(cfg.Buffers) > 0 || !slices.Equal(p.CompiledGoFiles, p.GoFiles) {
		return keyed{}, false
	}
	h := sha256.New()
	fmt.Fprintf(h, "leakfix result cache 1\x00%s\x00%s\x00%s\x00%v\x00", rc.Salt, a.Name, cfg.Dir, cfg.Generated)
	a.Flags.VisitAll(func(f *flag.Flag) { fmt.Fprintf(h, "flag %s=%s\x00", f.Name, f.Value) })
	if !identify(h, p, imported) {
		return keyed{}, false
	}
	for _, f := range p.CompiledGoFiles {
		fmt.Fprintf(h, "file %s %v\x00", f, full[f])
	}
	k := keyed{srcs: map[string][]byte{}, stamps: stamps{}}
	dirs := map[string]bool{}
	for _, f := range p.CompiledGoFiles {
		dirs[filepath.Dir(f)] = true
	}
	for _, dir := range sortedKeys(dirs) {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return keyed{}, false
		}
		for _, e := range entries {
			name := filepath.Join(dir, e.Name())
			fi, err := os.Stat(name) // a symbolic link is read as the go command reads it
			if err != nil {
				fmt.Fprintf(h, "unreadable %s\x00", name)
				continue
			}
			if !fi.Mode().IsRegular() {
				continue
			}
			src, err := os.ReadFile(name)
			if err != nil {
				return keyed{}, false
			}
			k.srcs[name] = src
			k.stamps.add(name, fi)
			fmt.Fprintf(h, "content %s %d %x\x00", name, len(src), sha256.Sum256(src))
		}
		if mod, ok := gomod.Find(dir, "go.mod"); ok {
			name := filepath.Join(mod, "go.mod")
			src, _ := os.ReadFile(name)
			if fi, err := os.Stat(name); err == nil {
				k.stamps.add(name, fi)
			}
			fmt.Fprintf(h, "go.mod %s %x\x00", mod, sha256.Sum256(src))
		}
	}
	for _, f := range p.CompiledGoFiles {
		if _, ok := k.srcs[f]; !ok {
			return keyed{}, false // not in its directory's listing
		}
	}
	h.Sum(k.key[:0])
	return k, true
}

// identify writes what gives p its types to h: its identity, module, Go
// version and sizes, and what each of its imports gives; false if an
// import has no name.
func identify(h io.Writer, p *packages.Package, imported func(*packages.Package) (string, bool)) bool {
	fmt.Fprintf(h, "package %s\x00%s\x00%s\x00", p.ID, p.PkgPath, p.Name)
	if m := p.Module; m != nil {
		fmt.Fprintf(h, "module %s\x00%s\x00%v\x00%s\x00%s\x00", m.Path, m.Version, m.Main, m.Dir, m.GoVersion)
	}
	if s := p.TypesSizes; s != nil {
		fmt.Fprintf(h, "sizes %d %d %d\x00", s.Sizeof(types.Typ[types.Int]), s.Sizeof(types.Typ[types.Uintptr]), s.Alignof(types.Typ[types.Int64]))
	}
	for _, path := range sortedKeys(p.Imports) {
		name, ok := imported(p.Imports[path])
		if !ok {
			return false
		}
		fmt.Fprintf(h, "import %s\x00%s\x00", path, name)
	}
	return true
}

// exported names the types of a package that compiled: its export data,
// which the go command names by its content; or unsafe, which has none.
func exported(ip *packages.Package) (string, bool) {
	if ip.PkgPath == "unsafe" {
		return "unsafe", true
	}
	return filepath.Base(ip.ExportFile), ip.ExportFile != ""
}

// sourceKeys returns, for the nodes of g, keys that change whenever the
// types their check from source gives may: their identity and imports,
// as identify writes them, and their files: by content, or, in GOROOT and
// the module cache, which nothing edits, by size and modification time;
// and the stamps of those files. read reads a file as the node's check
// will.
func sourceKeys(g *graph, read func(*node, string) ([]byte, error)) (map[string]string, stamps) {
	keys, st := map[string]string{}, stamps{}
	imported := func(ip *packages.Package) (string, bool) {
		if cached(ip) || ip.PkgPath == "unsafe" {
			return exported(ip)
		}
		k, ok := keys[ip.ID]
		return k, ok
	}
	for _, n := range g.order { // dependencies first
		h := sha256.New()
		if !identify(h, n.p, imported) {
			continue
		}
		names := n.p.CompiledGoFiles
		if n.fakeC {
			names = n.p.GoFiles
		}
		fmt.Fprintf(h, "fakeC %v\x00", n.fakeC)
		ok := true
		for _, name := range names {
			fi, err := os.Stat(name)
			if ok = ok && err == nil; !ok {
				break
			}
			st.add(name, fi)
			if immutable(n.p) {
				fmt.Fprintf(h, "stat %s %d %d\x00", name, fi.Size(), fi.ModTime().UnixNano())
				continue
			}
			src, err := read(n, name)
			ok = ok && err == nil
			fmt.Fprintf(h, "content %s %d %x\x00", name, len(src), sha256.Sum256(src))
		}
		if ok {
			keys[n.p.ID] = fmt.Sprintf("%x", h.Sum(nil))
		}
	}
	return keys, st
}

// path returns the file of the entry for key.
func (rc *ResultCache) path(key [sha256.Size]byte) string {
	return filepath.Join(rc.Dir, fmt.Sprintf("%x", key[:1]), fmt.Sprintf("%x-r", key))
}

// get returns the findings kept for key, and marks the entry used.
func (rc *ResultCache) get(key [sha256.Size]byte) ([]Finding, bool) {
	name := rc.path(key)
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, false
	}
	var e cacheEntry
	if err := gob.NewDecoder(bytes.NewReader(data)).Decode(&e); err != nil {
		return nil, false
	}
	now := time.Now()
	_ = os.Chtimes(name, now, now)
	return e.Findings, true
}

// put keeps findings for key. A failure to write costs only the next
// run's time. The entry is written in place: a run that reads it half
// written, or cut short, finds a gob stream that does not decode, which is
// a miss.
func (rc *ResultCache) put(key [sha256.Size]byte, findings []Finding) {
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(cacheEntry{findings}); err != nil {
		return
	}
	name := rc.path(key)
	if err := os.WriteFile(name, b.Bytes(), 0o644); os.IsNotExist(err) {
		if os.MkdirAll(filepath.Dir(name), 0o755) == nil {
			_ = os.WriteFile(name, b.Bytes(), 0o644)
		}
	}
}

// isClean reports whether a package checked for its errors alone, under
// key, had none, and marks the file that says so used.
func (rc *ResultCache) isClean(key [sha256.Size]byte) bool {
	rc.once.Do(rc.loadClean)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	file, ok := rc.clean[key]
	if ok && !rc.used[file] {
		rc.used[file] = true
		now := time.Now()
		_ = os.Chtimes(file, now, now)
	}
	return ok
}

// loadClean reads the keys of the packages checked clean.
func (rc *ResultCache) loadClean() {
	rc.clean, rc.used = map[[sha256.Size]byte]string{}, map[string]bool{}
	files, _ := filepath.Glob(filepath.Join(rc.Dir, "clean", "*.keys"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil || len(data)%sha256.Size != 0 { // one cut short: a miss
			continue
		}
		for i := 0; i < len(data); i += sha256.Size {
			rc.clean[[sha256.Size]byte(data[i:i+sha256.Size])] = file
		}
	}
}

// putClean keeps keys, of packages checked clean, in one file.
func (rc *ResultCache) putClean(keys [][sha256.Size]byte) {
	if len(keys) == 0 {
		return
	}
	data := make([]byte, 0, len(keys)*sha256.Size)
	for _, k := range keys {
		data = append(data, k[:]...)
	}
	name := filepath.Join(rc.Dir, "clean", fmt.Sprintf("%x.keys", sha256.Sum256(data)))
	if err := os.WriteFile(name, data, 0o644); os.IsNotExist(err) {
		if os.MkdirAll(filepath.Dir(name), 0o755) == nil {
			_ = os.WriteFile(name, data, 0o644)
		}
	}
	rc.once.Do(rc.loadClean)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, k := range keys { // for the next run of this process
		rc.clean[k] = name
	}
}

// Trim removes the entries no run read for five days, at most once a
// day, as the go command trims its build cache.
func (rc *ResultCache) Trim() {
	if rc == nil {
		return
	}
	mark := filepath.Join(rc.Dir, "trim.txt")
	if fi, err := os.Stat(mark); err == nil && time.Since(fi.ModTime()) < 24*time.Hour {
		return
	}
	if err := os.MkdirAll(rc.Dir, 0o755); err != nil {
		return
	}
	_ = os.WriteFile(mark, []byte(time.Now().Format(time.RFC3339)+"\n"), 0o644)
	_ = filepath.WalkDir(rc.Dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "-r") && !strings.HasSuffix(path, ".keys") {
			return nil
		}
		if fi, err := d.Info(); err == nil && time.Since(fi.ModTime()) > maxCacheAge {
			os.Remove(path)
		}
		return nil
	})
}

// fromCache reads from Config.Cache the outcomes of the roots of the
// graph to check from source, leaky saying which of their files are
// analysed, and returns the graph of what the others need; keep, which
// notes the outcome of a root of it; and flush, which writes those noted
// whose files did not change meanwhile, once the checks are done.
func (c *collector) fromCache(leaky map[string]map[string]bool) (g *graph, keep func(*node, []Finding), flush func()) {
	rc := c.cfg.Cache
	if rc == nil {
		return c.graph, func(*node, []Finding) {}, func() {}
	}
	read := func(n *node, name string) ([]byte, error) {
		if n.root {
			return c.cfg.read(name)
		}
		return c.cfg.readListed(name) // as checkNode reads it
	}
	src, st := sourceKeys(c.graph, read)
	imported := func(ip *packages.Package) (string, bool) {
		if cached(ip) || ip.PkgPath == "unsafe" {
			return exported(ip)
		}
		k, ok := src[ip.ID]
		return k, ok
	}
	hit := map[*node]bool{}
	keys := map[*node][sha256.Size]byte{}
	for _, n := range c.graph.roots() {
		k, ok := keyed{}, false
		if len(leaky[n.p.ID]) > 0 {
			k, ok = rc.key(c.cfg, c.a, n.p, leaky[n.p.ID], imported)
		} else if s, found := src[n.p.ID]; found { // type-checked for its errors, not analysed
			k.key, ok = sha256.Sum256([]byte("checked\x00"+rc.Salt+"\x00"+s)), true
		}
		if !ok {
			continue
		}
		maps.Copy(st, k.stamps)
		var found []Finding
		if len(leaky[n.p.ID]) > 0 {
			found, ok = rc.get(k.key)
		} else {
			ok = rc.isClean(k.key)
		}
		if !ok {
			keys[n] = k.key
			continue
		}
		hit[n] = true
		if len(leaky[n.p.ID]) > 0 {
			path, _ := forTest(n.p, nil)
			c.cached(n.p.ID, path, found, k.srcs)
		} else {
			c.mu.Lock()
			c.stats.Cached = append(c.stats.Cached, n.p.ID)
			c.mu.Unlock()
		}
	}
	var mu sync.Mutex
	kept := map[*node][]Finding{}
	keep = func(n *node, found []Finding) {
		if _, ok := keys[n]; ok {
			mu.Lock()
			kept[n] = found
			mu.Unlock()
		}
	}
	flush = func() {
		if len(kept) == 0 || st.changed() {
			return
		}
		var clean [][sha256.Size]byte
		for n, found := range kept {
			if len(leaky[n.p.ID]) > 0 {
				rc.put(keys[n], found)
			} else {
				clean = append(clean, keys[n])
			}
		}
		slices.SortFunc(clean, func(a, b [sha256.Size]byte) int { return bytes.Compare(a[:], b[:]) })
		rc.putClean(clean)
	}
	return c.graph.without(hit), keep, flush
}

// cached records the outcome of the package of ID id, loaded by path,
// read from Config.Cache; srcs holds the content of its files.
func (c *collector) cached(id, path string, found []Finding, srcs map[string][]byte) {
	o := outcome{path: path, checked: true, findings: found, srcs: map[string][]byte{}}
	for _, f := range found {
		o.srcs[f.File] = srcs[f.File]
	}
	c.mu.Lock()
	c.stats.Checked = append(c.stats.Checked, id)
	c.stats.Cached = append(c.stats.Cached, id)
	c.pending = append(c.pending, o)
	c.mu.Unlock()
}
