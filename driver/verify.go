package driver

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// Verify checks the planned files before anything is written: each new
// file parses and keeps every declaration it does not edit byte for byte,
// and every package with a changed file still type-checks with the new
// contents. It returns why each refused file must not be written; all
// files of a package that fails are refused.
func Verify(cfg Config, a *analysis.Analyzer, plan []FileFix) map[string]error {
	refused := map[string]error{}
	overlay := map[string][]byte{}
	var dirs []string
	for _, ff := range plan {
		if err := untouched(ff); err != nil {
			refused[ff.File] = err
			continue
		}
		overlay[ff.File] = ff.New
		if dir := filepath.Dir(ff.File); !slices.Contains(dirs, dir) {
			dirs = append(dirs, dir)
		}
	}
	if len(dirs) == 0 {
		return refused
	}
	res, err := Run(Config{Dir: cfg.Dir, Patterns: dirs, Tags: cfg.Tags, Tests: cfg.Tests, Overlay: overlay}, a)
	if err != nil {
		for file := range overlay {
			refused[file] = err
		}
		return refused
	}
	for _, e := range res.Errors {
		for _, file := range e.Files {
			if _, changed := overlay[file]; changed {
				refused[file] = fmt.Errorf("the fixed package does not type-check: %s", e.Error())
			}
		}
	}
	return refused
}

// untouched checks that ff.New parses and that every top-level
// declaration no edit touches stands in it unchanged, moved only by the
// edits before it.
func untouched(ff FileFix) error {
	fset := token.NewFileSet()
	old, err := parser.ParseFile(fset, ff.File, ff.Old, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return err
	}
	if _, err := parser.ParseFile(token.NewFileSet(), ff.File, ff.New, parser.SkipObjectResolution); err != nil {
		return fmt.Errorf("the fixed file does not parse: %v", err)
	}
	tf := fset.File(old.Pos())
	for _, decl := range old.Decls {
		start, end := tf.Offset(decl.Pos()), tf.Offset(decl.End())
		shift, touched := 0, false
		for _, e := range ff.Edits {
			switch {
			case e.End <= start:
				shift += len(e.New) - (e.End - e.Start)
			case e.Start < end:
				touched = true
			}
		}
		if touched {
			continue
		}
		if start+shift < 0 || end+shift > len(ff.New) || !bytes.Equal(ff.Old[start:end], ff.New[start+shift:end+shift]) {
			return fmt.Errorf("the fix would change code it does not own at line %d", tf.Line(decl.Pos()))
		}
	}
	return nil
}
