package rewrite

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

func importPath(spec *ast.ImportSpec) string {
	p, _ := strconv.Unquote(spec.Path.Value)
	return p
}

// isStd reports whether path is in the standard library, as goimports
// tells: its first element has no dot.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// addImport returns the edit that imports path, a module's package, where
// goimports would put it: in the first parenthesised import block, into
// the group of other modules' packages before the first path that sorts
// after it, or as a new group at the block's end; a lone import becomes a
// block; without imports, a declaration after the package clause.
func (s *Source) addImport(path string) analysis.TextEdit {
	f := s.File
	quoted := strconv.Quote(path)
	nl := s.newline()
	var first *ast.GenDecl
	for _, decl := range f.Decls {
		if gd, ok := decl.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			first = gd
			break
		}
	}
	switch {
	case first == nil:
		return insert(f.Name.End(), nl+nl+"import "+quoted)
	case !first.Lparen.IsValid():
		// import "a"  =>  import (\n\t"a"\n\n\t"b"\n)
		spec := first.Specs[0]
		return analysis.TextEdit{Pos: spec.Pos(), End: spec.End(),
			NewText: []byte("(" + nl + "\t" + s.text(spec) + nl + nl + "\t" + quoted + nl + ")")}
	}
	var inGroup *ast.ImportSpec // the last spec of the non-standard group
	for _, spec := range first.Specs {
		is := spec.(*ast.ImportSpec)
		if isStd(importPath(is)) {
			continue
		}
		if importPath(is) > path {
			pos := is.Pos()
			if is.Doc != nil {
				pos = is.Doc.Pos()
			}
			return insert(pos, quoted+nl+s.indentOf(pos))
		}
		inGroup = is
	}
	if inGroup != nil {
		end := s.lineEnd(inGroup.End())
		return insert(end, nl+s.indentOf(inGroup.Pos())+quoted)
	}
	if len(first.Specs) == 0 {
		return insert(first.Lparen+1, nl+"\t"+quoted+nl)
	}
	last := first.Specs[len(first.Specs)-1]
	return insert(s.lineEnd(last.End()), nl+nl+s.indentOf(last.Pos())+quoted)
}
