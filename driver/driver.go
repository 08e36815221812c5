// Package driver runs the leakfix analyzer over packages that the go
// command loads, and turns its diagnostics into findings whose positions
// and edits are plain file offsets, ready to print, diff or write.
package driver

import (
	"fmt"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/leakfix/leakfix/diff"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// Config says which packages to analyse and how to load them.
type Config struct {
	Dir       string            // where patterns are resolved; "" is the current directory
	Patterns  []string          // package patterns, as the go command takes them
	Tags      string            // build tags, comma separated
	Tests     bool              // include test files
	Generated bool              // report findings in generated files too
	Overlay   map[string][]byte // file contents that replace what is on disk, by absolute path

	// DespiteErrors analyses packages that do not type-check too, as an
	// editor needs while the user types: a finding is kept when the
	// top-level declaration that holds it has no type error and its file
	// parses; the package's error is still in Result.Errors. Without it,
	// a package with any error has no findings.
	DespiteErrors bool

	// Buffers also replaces file contents, but only where files are parsed
	// and analysed: the go command lists packages from disk. It is right
	// for a file that exists with the same package clause, imports and
	// build constraints, and fast: go/packages type-checks every
	// dependency from source when there is any Overlay, from export data
	// otherwise (2s against 0.3s for a package importing net/http).
	Buffers map[string][]byte

	// Cache, when set, keeps the findings of packages that compiled, for
	// the next run to read while nothing they depend on changed.
	Cache *ResultCache

	// Listings, when set, keeps the go command's listing for the next run
	// with the same settings, which reuses it if it still holds: for a
	// caller that runs again after every save.
	Listings *Listings

	// Progress, when set, is told how a run advances: its phase ("list",
	// "scan", "check") and, while checking, how many packages of total
	// are done; the phase "" ends the run. It is called from several
	// goroutines, one at a time. See the function Progress.
	Progress func(phase string, done, total int)
}

// A Finding is one diagnostic of the analyzer.
type Finding struct {
	Posn      token.Position `json:"-"`
	File      string         `json:"file"`
	Line      int            `json:"line"`
	Col       int            `json:"col"`
	Offset    int            `json:"offset"`
	End       int            `json:"end"`
	Message   string         `json:"message"`
	Generated bool           `json:"generated,omitempty"` // in a generated file: never fixed
	External  bool           `json:"external,omitempty"`  // outside the main modules, vendored, or cgo: never fixed
	Related   []Related      `json:"related,omitempty"`
	Fixes     []Fix          `json:"fixes,omitempty"`
}

// Related is a place that explains a finding: a sender, a send, an exit.
type Related struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Offset  int    `json:"offset"`
	End     int    `json:"end"`
	Message string `json:"message"`
}

// A Fix is one way to remove a finding's leak.
type Fix struct {
	Message string      `json:"message"`
	Edits   []diff.Edit `json:"edits"`
	File    string      `json:"file"` // the file all edits apply to
}

// A LoadError is a package that could not be loaded or type-checked,
// reported by its first error: a syntax error before a type error before
// an error of the go command.
type LoadError struct {
	Package string
	Pos     string // "file:line:col", or "" when the error has no place
	Msg     string
	More    int      // how many more errors the package has
	Files   []string // the package's files
}

// Error formats the error as "file:line:col: message", or with the
// package path when it has no place.
func (e LoadError) Error() string {
	var b strings.Builder
	if e.Pos != "" {
		b.WriteString(e.Pos + ": ")
	} else {
		b.WriteString(e.Package + ": ")
	}
	b.WriteString(e.Msg)
	if e.More > 0 {
		fmt.Fprintf(&b, " (and %d more errors in %s)", e.More, e.Package)
	}
	return b.String()
}

// Position parses e.Pos: the file, and the line and column when it has
// them (0 otherwise). It is the zero Position when e has no place.
func (e LoadError) Position() token.Position {
	var posn token.Position
	rest := e.Pos
	// The file name may itself hold colons: take numbers from the right.
	for range 2 {
		i := strings.LastIndexByte(rest, ':')
		if i < 0 {
			break
		}
		n, err := strconv.Atoi(rest[i+1:])
		if err != nil {
			break
		}
		posn.Column, posn.Line = posn.Line, n
		rest = rest[:i]
	}
	if posn.Line == 0 {
		posn.Column = 0
	}
	posn.Filename = rest
	return posn
}

// loadError picks the error that best names what is wrong with p.
func loadError(p *packages.Package) LoadError {
	errs := append([]packages.Error(nil), p.Errors...)
	rank := map[packages.ErrorKind]int{packages.ParseError: 0, packages.TypeError: 1, packages.ListError: 2, packages.UnknownError: 3}
	sort.SliceStable(errs, func(i, j int) bool { return rank[errs[i].Kind] < rank[errs[j].Kind] })
	e := errs[0]
	pos := e.Pos
	if pos == "-" {
		pos = ""
	}
	return LoadError{Package: p.PkgPath, Pos: pos, Msg: e.Msg, More: len(errs) - 1, Files: append(p.GoFiles, p.OtherFiles...)}
}

// Result is what Run found: findings sorted by file and offset, the
// contents each finding's file had when it was analysed, and the packages
// that could not be analysed.
type Result struct {
	Findings []Finding
	Sources  map[string][]byte
	Errors   []LoadError
}

// Run loads the packages and runs analyzer on each one that loaded cleanly.
// Only packages that may hold a leak are type-checked (see load.go); the
// result is the same as if every package had been.
func Run(cfg Config, analyzer *analysis.Analyzer) (*Result, error) {
	if err := standalone(analyzer); err != nil {
		return nil, err
	}
	res, _, err := run(cfg, analyzer, true)
	return res, err
}

// standalone returns an error unless a can run on its own: the driver
// runs no other analyzer for a pass's ResultOf and keeps no facts between
// packages, so an analyzer that needs either would run half-configured.
func standalone(a *analysis.Analyzer) error {
	if len(a.Requires) > 0 {
		names := make([]string, len(a.Requires))
		for i, r := range a.Requires {
			names[i] = r.Name
		}
		return fmt.Errorf("analyzer %s requires %s: this driver runs no other analyzer", a.Name, strings.Join(names, ", "))
	}
	if len(a.FactTypes) > 0 {
		return fmt.Errorf("analyzer %s uses facts: this driver keeps none", a.Name)
	}
	return nil
}

func uniqErrors(errs []LoadError) []LoadError {
	var out []LoadError
	for i, e := range errs {
		if i == 0 || e.Error() != errs[i-1].Error() {
			out = append(out, e)
		}
	}
	return out
}

// analyze runs analyzer on one package.
func analyze(p *packages.Package, a *analysis.Analyzer, cfg Config) ([]Finding, map[string][]byte, error) {
	srcs := map[string][]byte{}
	readFile := func(name string) ([]byte, error) {
		if b, ok := srcs[name]; ok {
			return b, nil
		}
		b, ok := cfg.Overlay[name]
		if !ok {
			b, ok = cfg.Buffers[name]
		}
		if !ok {
			var err error
			if b, err = os.ReadFile(name); err != nil {
				return nil, err
			}
		}
		srcs[name] = b
		return b, nil
	}
	var diags []analysis.Diagnostic
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         p.Fset,
		Files:        p.Syntax,
		OtherFiles:   p.OtherFiles,
		IgnoredFiles: p.IgnoredFiles,
		Pkg:          p.Types,
		TypesInfo:    p.TypesInfo,
		TypesSizes:   p.TypesSizes,
		ResultOf:     map[*analysis.Analyzer]any{},
		Report:       func(d analysis.Diagnostic) { diags = append(diags, d) },
		ReadFile:     readFile,
		Module:       module(p),
	}
	pass.ImportObjectFact = func(types.Object, analysis.Fact) bool { return false }
	pass.ImportPackageFact = func(*types.Package, analysis.Fact) bool { return false }
	pass.ExportObjectFact = func(types.Object, analysis.Fact) {}
	pass.ExportPackageFact = func(analysis.Fact) {}
	if _, err := a.Run(pass); err != nil {
		return nil, nil, err
	}
	return findings(p, diags, cfg), srcs, nil
}

func module(p *packages.Package) *analysis.Module {
	if p.Module == nil {
		return nil
	}
	return &analysis.Module{Path: p.Module.Path, Version: p.Module.Version, GoVersion: p.Module.GoVersion}
}

// Rel returns path relative to dir when it lies below it.
func Rel(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}
