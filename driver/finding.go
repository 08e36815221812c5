package driver

import (
	"cmp"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/internal/gomod"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

// findings turns the diagnostics of package p into findings. Positions
// are those of the file on disk, //line directives aside, so that edits,
// diffs and editors agree. Fixes are kept only for files leakfix may edit.
func findings(p *packages.Package, diags []analysis.Diagnostic, cfg Config) []Finding {
	generated := map[string]bool{}
	for _, f := range p.Syntax {
		generated[p.Fset.File(f.Pos()).Name()] = ast.IsGenerated(f)
	}
	var out []Finding
	for _, d := range diags {
		// A cgo file is analysed in the form cgo generated, in the build
		// cache: report it at the user's file and line, and never edit it.
		source := slices.Contains(p.GoFiles, p.Fset.PositionFor(d.Pos, false).Filename)
		at := func(pos token.Pos) token.Position {
			if source {
				return p.Fset.PositionFor(pos, false)
			}
			posn := p.Fset.PositionFor(pos, true)
			posn.Offset = offsetOf(posn) // in the user's file, not in cgo's output
			return posn
		}
		posn := at(d.Pos)
		gen := generated[posn.Filename]
		if !source {
			gen = isGenerated(posn.Filename)
		}
		if gen && !cfg.Generated {
			continue
		}
		f := Finding{
			Posn: posn, File: posn.Filename, Line: posn.Line, Col: posn.Column,
			Offset: posn.Offset, End: at(d.End).Offset,
			Message: d.Message, Generated: gen,
			External: !source || !editable(p, posn.Filename, cfg.Dir),
		}
		for _, r := range d.Related {
			rp := at(r.Pos)
			f.Related = append(f.Related, Related{rp.Filename, rp.Line, rp.Column, rp.Offset, at(r.End).Offset, r.Message})
		}
		if f.Generated || f.External {
			out = append(out, f)
			continue
		}
		for _, sf := range d.SuggestedFixes {
			fix := Fix{Message: sf.Message, File: posn.Filename}
			ok := true
			for _, e := range sf.TextEdits {
				s, t := at(e.Pos), at(e.End)
				ok = ok && s.Filename == posn.Filename && t.Filename == posn.Filename
				fix.Edits = append(fix.Edits, diff.Edit{Start: s.Offset, End: t.Offset, New: string(e.NewText)})
			}
			if ok {
				f.Fixes = append(f.Fixes, fix)
			}
		}
		out = append(out, f)
	}
	return out
}

// offsetOf returns the byte offset of a line and column in the file on
// disk, or -1 if the file cannot be read.
func offsetOf(posn token.Position) int {
	src, err := os.ReadFile(posn.Filename)
	if err != nil {
		return -1
	}
	tf := token.NewFileSet().AddFile(posn.Filename, -1, len(src))
	tf.SetLinesForContent(src)
	if posn.Line < 1 || posn.Line > tf.LineCount() {
		return -1
	}
	return tf.Offset(tf.LineStart(posn.Line)) + max(posn.Column-1, 0)
}

// isGenerated reads the header of a file to tell whether it is generated.
func isGenerated(file string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.PackageClauseOnly|parser.ParseComments)
	return err == nil && ast.IsGenerated(f)
}

// editable reports whether leakfix may write file: it belongs to a main
// module (not the module cache, not GOROOT) and is not vendored. Files
// named on the command line make a package without a module: they belong
// to the main module when their go.mod is that of dir, where the go
// command runs.
func editable(p *packages.Package, file, dir string) bool {
	root := ""
	switch {
	case p.Module != nil && p.Module.Main:
		root = p.Module.Dir
	case p.Module == nil && p.PkgPath == "command-line-arguments":
		mod, ok := gomod.Find(filepath.Dir(file), "go.mod")
		if main, isMain := gomod.Find(cmp.Or(dir, "."), "go.mod"); ok && isMain && mod == main {
			root = mod
		}
	}
	if root == "" {
		return false
	}
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return false
	}
	for _, part := range strings.Split(filepath.ToSlash(rel), "/") {
		if part == "vendor" {
			return false
		}
	}
	return true
}
