package rewrite

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
)

// fresh returns base, or base2, base3, …: the first name, not among
// taken, that nothing visible at the scope's position refers to, that fn
// declares nowhere, and that no file of the package outside the check
// declares (see declaredUnseen), so that a new variable of that name
// neither shadows nor is shadowed, in any build.
func (s *Source) fresh(fn ast.Node, sc *types.Scope, base string, taken ...string) string {
	declared := map[string]bool{}
	ast.Inspect(fn, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			if s.Info.Defs[id] != nil || s.Info.Uses[id] != nil {
				declared[id.Name] = true
			}
		}
		return true
	})
	for i := 1; ; i++ {
		name := base
		if i > 1 {
			name += strconv.Itoa(i)
		}
		if _, obj := sc.LookupParent(name, token.NoPos); obj == nil && !declared[name] && !slices.Contains(taken, name) && s.declaredUnseen(name) == "" {
			return name
		}
	}
}

// line returns the line of pos.
func (s *Source) line(pos token.Pos) int { return s.Fset.PositionFor(pos, false).Line }

// pathTo returns n and the nodes around it up to root, innermost first,
// as astutil.PathEnclosingInterval does for a whole file; searching only
// root keeps a fix's cost to the size of its function.
func pathTo(root, n ast.Node) []ast.Node {
	var path []ast.Node
	ast.PreorderStack(root, nil, func(x ast.Node, stack []ast.Node) bool {
		if path != nil {
			return false
		}
		if x == n {
			path = append([]ast.Node{x}, stack...)
			slices.Reverse(path[1:])
			return false
		}
		return x.Pos() <= n.Pos() && n.End() <= x.End()
	})
	return path
}
