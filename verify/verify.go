// Package verify checks fixes before any driver sees them. A fix passes
// when the files it changes
//
//   - parse;
//   - hold every comment and every string or rune literal of the input,
//     each exactly as often as before (fixes add none and must lose none);
//   - are gofmt-clean where the input was, and indented with spaces only
//     where the input was;
//   - type-check with the rest of their package.
//
// Fixes are checked in batches, one type-check for many, since a sound
// fix is the rule and a refused one the exception.
package verify

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"github.com/leakfix/leakfix/diff"
	"golang.org/x/tools/go/analysis"
)

// A Package is a type-checked package whose files fixes edit.
type Package struct {
	Fset  *token.FileSet
	Files []*ast.File
	Types *types.Package
	Sizes types.Sizes

	once   sync.Once
	before map[string]int     // errors of the unfixed package, by typeError.key
	looks  map[*ast.File]look // of the unfixed files, as checks need them
}

// lookOf returns the look of the unfixed file f, src its bytes, once for
// all the checks of fixes to it.
func (p *Package) lookOf(f *ast.File, src []byte) (look, error) {
	if l, ok := p.looks[f]; ok {
		return l, nil
	}
	l, err := lookOf(src)
	if err != nil {
		return look{}, err
	}
	if p.looks == nil {
		p.looks = map[*ast.File]look{}
	}
	p.looks[f] = l
	return l, nil
}

// A Fix is edits to one file of the package, with the file's bytes.
type Fix struct {
	File  *ast.File
	Src   []byte
	Edits []analysis.TextEdit
}

// Check applies fixes together, each file's edits merged, and returns why
// the result fails a check, or nil. Edits of different fixes that are
// identical are applied once; overlapping ones are an error.
func (p *Package) Check(fixes []Fix) error {
	type key struct {
		pos, end token.Pos
		text     string
	}
	type change struct {
		src   []byte
		edits []analysis.TextEdit
		seen  map[key]bool
	}
	changed := map[*ast.File]*change{}
	var order []*ast.File
	for _, fx := range fixes {
		c := changed[fx.File]
		if c == nil {
			c = &change{src: fx.Src, seen: map[key]bool{}}
			changed[fx.File] = c
			order = append(order, fx.File)
		}
		for _, e := range fx.Edits {
			if k := (key{e.Pos, e.End, string(e.NewText)}); !c.seen[k] {
				c.seen[k] = true
				c.edits = append(c.edits, e)
			}
		}
	}
	files := slices.Clone(p.Files)
	var names []string
	for _, f := range order {
		c := changed[f]
		tf := p.Fset.File(f.FileStart)
		out, err := Apply(tf, c.src, c.edits)
		if err != nil {
			return err
		}
		nf, err := parser.ParseFile(p.Fset, tf.Name(), out, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return fmt.Errorf("the fixed file does not parse: %v", err)
		}
		before, err := p.lookOf(f, c.src)
		if err != nil {
			return err
		}
		if err := text(before, out, addedImports(f.Imports, nf.Imports)); err != nil {
			return err
		}
		files[slices.Index(files, f)] = nf
		names = append(names, tf.Name())
	}
	return p.typeCheck(files, names)
}

// Apply returns src with edits applied. Edits must not overlap nor start
// at the same place: drivers may apply two insertions at one place in
// either order.
func Apply(tf *token.File, src []byte, edits []analysis.TextEdit) ([]byte, error) {
	var out []diff.Edit
	for _, e := range edits {
		out = append(out, diff.Edit{Start: tf.Offset(e.Pos), End: tf.Offset(e.End), New: string(e.NewText)})
	}
	slices.SortStableFunc(out, func(a, b diff.Edit) int { return a.Start - b.Start })
	last, lastStart := 0, -1
	for _, e := range out {
		if e.Start < last || e.Start == lastStart || e.End < e.Start || e.End > len(src) {
			return nil, fmt.Errorf("edits overlap at %s", tf.Position(tf.Pos(e.Start)))
		}
		last, lastStart = e.End, e.Start
	}
	return diff.Apply(src, out), nil
}

// Text checks what a fix did to the bytes of a file, old before and new
// after it (see text). Both must parse.
func Text(old, new []byte) error {
	of, err := parser.ParseFile(token.NewFileSet(), "", old, parser.ImportsOnly)
	if err != nil {
		return err
	}
	nf, err := parser.ParseFile(token.NewFileSet(), "", new, parser.ImportsOnly)
	if err != nil {
		return fmt.Errorf("the fixed file does not parse: %v", err)
	}
	before, err := lookOf(old)
	if err != nil {
		return err
	}
	return text(before, new, addedImports(of.Imports, nf.Imports))
}

// addedImports returns the quoted paths new imports and old does not.
func addedImports(old, new []*ast.ImportSpec) []string {
	var added []string
	for _, spec := range new {
		if !slices.ContainsFunc(old, func(o *ast.ImportSpec) bool { return o.Path.Value == spec.Path.Value }) {
			added = append(added, spec.Path.Value)
		}
	}
	return added
}

// A look is what text compares of a file before and after a fix: its
// comments and literals, sorted by kind, and its layout.
type look struct {
	tokens    map[token.Token][]string
	formatted bool // gofmt-clean
	tabbed    bool // a line starts with a tab
}

// lookOf returns the look of src.
func lookOf(src []byte) (look, error) {
	toks, err := tokens(src)
	for _, t := range toks {
		slices.Sort(t)
	}
	return look{toks, formatted(src), tabIndented(src)}, err
}

// text checks what a fix may do to the bytes of a file: keep every
// comment and literal of before (it may add import paths), its
// gofmt-cleanliness and its indentation style.
func text(before look, new []byte, imports []string) error {
	after, err := lookOf(new)
	if err != nil {
		return fmt.Errorf("the fixed file does not scan: %v", err)
	}
	for _, path := range imports {
		if i := slices.Index(after.tokens[token.STRING], path); i >= 0 {
			after.tokens[token.STRING] = slices.Delete(after.tokens[token.STRING], i, i+1)
		}
	}
	for _, kind := range []token.Token{token.COMMENT, token.STRING, token.CHAR} {
		if a, b := before.tokens[kind], after.tokens[kind]; !slices.Equal(a, b) {
			return fmt.Errorf("the fix would change the %ss of the file: %s", strings.ToLower(kind.String()), firstDiff(a, b))
		}
	}
	if before.formatted && !after.formatted {
		return fmt.Errorf("the fixed file would not be gofmt-clean")
	}
	if !before.tabbed && after.tabbed {
		return fmt.Errorf("the fix would indent a space-indented file with tabs")
	}
	return nil
}

// tokens returns the text of the comments, strings and runes of src.
func tokens(src []byte) (map[token.Token][]string, error) {
	var s scanner.Scanner
	var errs scanner.ErrorList
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), src, func(pos token.Position, msg string) { errs.Add(pos, msg) }, scanner.ScanComments)
	out := map[token.Token][]string{}
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.COMMENT, token.STRING, token.CHAR:
			out[tok] = append(out[tok], strings.ReplaceAll(lit, "\r", ""))
		}
	}
	return out, errs.Err()
}

// firstDiff names one text that a and b (sorted) hold a different number
// of times.
func firstDiff(a, b []string) string {
	for i := 0; i < max(len(a), len(b)); i++ {
		switch {
		case i >= len(a):
			return fmt.Sprintf("%q added", b[i])
		case i >= len(b) || a[i] < b[i]:
			return fmt.Sprintf("%q lost", a[i])
		case a[i] > b[i]:
			return fmt.Sprintf("%q added", b[i])
		}
	}
	return ""
}

func formatted(src []byte) bool {
	out, err := format.Source(src)
	return err == nil && bytes.Equal(out, src)
}

// tabIndented reports whether a line of src starts with a tab.
func tabIndented(src []byte) bool {
	return bytes.HasPrefix(src, []byte("\t")) || bytes.Contains(src, []byte("\n\t"))
}

// typeCheck type-checks files as the package, with its imports, and
// returns the first error in a changed file that the unfixed package does
// not have too. Fixes edit function bodies and import lists only, so they
// cannot cause an error elsewhere; drivers may hand over other files with
// their bodies blanked, where imports then look unused; and an editor's
// buffer may have errors of its own (an unused variable) before any fix.
func (p *Package) typeCheck(files []*ast.File, changed []string) error {
	var after []typeError
	for _, e := range p.errors(files) {
		if slices.Contains(changed, e.file) {
			after = append(after, e)
		}
	}
	if len(after) == 0 {
		return nil // the common case: no need to check the unfixed package
	}
	p.once.Do(func() {
		p.before = map[string]int{}
		for _, e := range p.errors(p.Files) {
			p.before[e.key()]++
		}
	})
	count := map[string]int{}
	for _, e := range after {
		count[e.key()]++
		if count[e.key()] > p.before[e.key()] {
			return fmt.Errorf("the fixed package does not type-check: %v", e.err)
		}
	}
	return nil
}

// A typeError is an error of a type-check, by file.
type typeError struct {
	file string
	err  types.Error
}

// key identifies an error across fixes, which move its position.
func (e typeError) key() string { return e.file + "\x00" + e.err.Msg }

// errors type-checks files as the package and returns its errors.
func (p *Package) errors(files []*ast.File) []typeError {
	var errs []typeError
	conf := types.Config{
		Importer:  imports(p.Types),
		Sizes:     p.Sizes,
		GoVersion: p.Types.GoVersion(),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				errs = append(errs, typeError{te.Fset.Position(te.Pos).Filename, te})
			}
		},
	}
	conf.Check(p.Types.Path(), p.Fset, files, nil)
	return errs
}
