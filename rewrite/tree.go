package rewrite

import (
	"fmt"
	"go/ast"

	"github.com/dave/dst"
	"golang.org/x/tools/go/ast/astutil"
)

// stmtList returns, in the dst copy, the statement list that holds the
// ast statement stmt, and its index there.
func (d *decorated) stmtList(stmt ast.Stmt) (*[]dst.Stmt, int, error) {
	path, _ := astutil.PathEnclosingInterval(d.src.File, stmt.Pos(), stmt.End())
	for i, n := range path {
		if n != stmt || i+1 >= len(path) {
			continue
		}
		var list *[]dst.Stmt
		switch p := d.node(path[i+1]).(type) {
		case *dst.BlockStmt:
			list = &p.List
		case *dst.CaseClause:
			list = &p.Body
		case *dst.CommClause:
			list = &p.Body
		default:
			return nil, 0, fmt.Errorf("the statement at %s is not in a block", d.src.Fset.Position(stmt.Pos()))
		}
		target := d.node(stmt)
		for j, s := range *list {
			if s == target {
				return list, j, nil
			}
		}
	}
	return nil, 0, fmt.Errorf("the statement at %s is not in a block", d.src.Fset.Position(stmt.Pos()))
}

// replace puts new in the place of the ast statement old.
func (d *decorated) replace(old ast.Stmt, new dst.Stmt) error {
	list, i, err := d.stmtList(old)
	if err != nil {
		return err
	}
	(*list)[i] = new
	return nil
}

// insertAfter puts stmts right after the ast statement at.
func (d *decorated) insertAfter(at ast.Stmt, stmts ...dst.Stmt) error {
	list, i, err := d.stmtList(at)
	if err != nil {
		return err
	}
	*list = append((*list)[:i+1], append(stmts, (*list)[i+1:]...)...)
	return nil
}
