package rewrite

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"

	"golang.org/x/tools/go/analysis"
)

// importEdits returns the edits that add to the original file the imports
// that the restored text has and the original lacks. Each is the insertion
// of one import line: into the first parenthesised import block, before
// the first path that sorts after it; or a new import declaration after
// the last one, or after the package clause.
func (d *decorated) importEdits(restored []byte) ([]analysis.TextEdit, error) {
	rf, err := parser.ParseFile(token.NewFileSet(), "", restored, parser.ImportsOnly)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, spec := range d.src.File.Imports {
		have[importPath(spec)] = true
	}
	var edits []analysis.TextEdit
	for _, spec := range rf.Imports {
		path := importPath(spec)
		if have[path] {
			continue
		}
		edits = append(edits, d.addImport(path))
	}
	return edits, nil
}

func importPath(spec *ast.ImportSpec) string {
	p, _ := strconv.Unquote(spec.Path.Value)
	return p
}

func (d *decorated) addImport(path string) analysis.TextEdit {
	f := d.src.File
	quoted := strconv.Quote(path)
	var last *ast.GenDecl
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		last = gd
		if !gd.Lparen.IsValid() || len(gd.Specs) == 0 {
			continue
		}
		for _, spec := range gd.Specs {
			is := spec.(*ast.ImportSpec)
			if importPath(is) > path {
				pos := is.Pos()
				if is.Doc != nil {
					pos = is.Doc.Pos()
				}
				return analysis.TextEdit{Pos: pos, End: pos, NewText: []byte(quoted + "\n" + indentAt(d.src.Src, d.src.offset(pos)))}
			}
		}
		end := gd.Specs[len(gd.Specs)-1].End()
		return analysis.TextEdit{Pos: end, End: end, NewText: []byte("\n" + indentAt(d.src.Src, d.src.offset(end)) + quoted)}
	}
	if last != nil && len(last.Specs) == 1 {
		// import "a"  =>  import (\n\t"a"\n\t"b"\n)
		old := string(d.src.Src[d.src.offset(last.Specs[0].Pos()):d.src.offset(last.Specs[0].End())])
		specs := []string{old, quoted}
		if importPath(last.Specs[0].(*ast.ImportSpec)) > path {
			specs = []string{quoted, old}
		}
		return analysis.TextEdit{Pos: last.Specs[0].Pos(), End: last.Specs[0].End(), NewText: []byte("(\n\t" + specs[0] + "\n\t" + specs[1] + "\n)")}
	}
	if last != nil {
		return analysis.TextEdit{Pos: last.End(), End: last.End(), NewText: []byte("\nimport " + quoted)}
	}
	return analysis.TextEdit{Pos: f.Name.End(), End: f.Name.End(), NewText: []byte("\n\nimport " + quoted)}
}
