package lsp

import (
	"cmp"
	"path/filepath"
	"slices"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/internal/gomod"
)

// job is one analysis: the package directories to load, and the open
// documents as they were when it started.
type job struct {
	dirs     []string
	tags     string
	buffers  map[string][]byte // every open document, by path
	versions map[string]int    // their versions
	unsaved  map[string][]byte // unsaved buffers only the parser must see: driver.Config.Buffers
	overlay  map[string][]byte // unsaved buffers the go command must see too: driver.Config.Overlay
}

// outcome is what a job found, per directory.
type outcome struct {
	job      *job
	findings map[string][]driver.Finding // by directory; absent when the package did not load
	sources  map[string][]byte           // the analysed content of each file with a finding
}

// analyseNow queues dir and starts an analysis if none is running.
func (s *session) analyseNow(dir string) {
	if s.shutdown {
		return
	}
	s.enqueue(dir)
	s.startNext()
}

func (s *session) enqueue(dir string) {
	if !slices.Contains(s.queue, dir) {
		s.queue = append(s.queue, dir)
	}
}

// startNext starts an analysis of the oldest queued directory, together
// with every other queued directory of the same module so that one
// "go list" serves them all, unless an analysis is running: its outcome
// starts the next one.
func (s *session) startNext() {
	if s.running || len(s.queue) == 0 {
		return
	}
	root := moduleRoot(s.queue[0])
	j := &job{tags: s.srv.Tags, buffers: map[string][]byte{}, versions: map[string]int{}}
	rest := s.queue[:0]
	for _, dir := range s.queue {
		if len(j.dirs) == 0 || root != "" && moduleRoot(dir) == root {
			j.dirs = append(j.dirs, dir)
		} else {
			rest = append(rest, dir)
		}
	}
	s.queue = rest
	for path, doc := range s.docs {
		j.buffers[path] = doc.text
		j.versions[path] = doc.version
	}
	s.running = true
	s.analyses.Go(func() { s.results <- s.run(j) })
}

// moduleRoot returns the directory of the go.mod that governs dir, or ""
// when there is none.
func moduleRoot(dir string) string {
	d, _ := gomod.Find(dir, "go.mod")
	return d
}

// run analyses the job's packages. A package with syntax or type errors
// (a buffer being typed) keeps the findings of its declarations that
// type-check, in its files that parse (driver.Config.DespiteErrors); one
// the go command cannot load gets none. When several were loaded together
// and one failed, each is loaded again on its own, as the driver's errors
// do not say which directory they belong to.
func (s *session) run(j *job) *outcome {
	j.unsaved, j.overlay = unsaved(j.buffers)
	o := &outcome{job: j, findings: map[string][]driver.Finding{}, sources: map[string][]byte{}}
	if ok := s.load(o, j.dirs); ok || len(j.dirs) == 1 {
		return o
	}
	for _, dir := range j.dirs {
		s.load(o, []string{dir})
	}
	return o
}

// load runs the driver on dirs and records their findings in o if every
// package loaded; it reports whether they did. Syntax and type errors do
// not stop a package from loading.
func (s *session) load(o *outcome, dirs []string) bool {
	res, err := driver.Run(driver.Config{
		Dir:           dirs[0],
		Patterns:      dirs,
		Tags:          o.job.tags,
		Tests:         true,
		DespiteErrors: true,
		Buffers:       o.job.unsaved,
		Overlay:       o.job.overlay,
		Listings:      &s.listings,
	}, cmp.Or(s.srv.Analyzer, analyzer.Analyzer))
	if err != nil {
		s.logf("%s: %v", dirs[0], err)
		return false
	}
	loaded := true
	for _, e := range res.Errors {
		// Syntax and type errors have a place, come with every
		// keystroke, and gopls shows them; errors of the go command
		// (no go.mod, say) explain missing diagnostics.
		if e.Pos == "" {
			s.logf("%v", e)
			loaded = false
		}
	}
	if !loaded {
		return false
	}
	for _, dir := range dirs {
		o.findings[dir] = []driver.Finding{}
	}
	for _, f := range res.Findings {
		dir := filepath.Dir(f.File)
		o.findings[dir] = append(o.findings[dir], f)
	}
	for file, src := range res.Sources {
		o.sources[file] = src
	}
	return true
}
