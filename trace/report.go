package trace

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
)

// WriteText prints the explained and the unexplained groups, most
// goroutines first, as "#" lines, each explained group with what plan
// does to its finding, then the plan's diff, as leakfix -d prints it.
// Paths are relative to dir where they lie below it. With written (after
// -w) it says which findings were fixed instead of printing the diff.
// Live groups and groups outside the module are counted at the end.
func (r *Report) WriteText(w io.Writer, dir string, plan *driver.Plan, written bool) {
	name := func(s *Site) string {
		if s.Local != "" {
			return fmt.Sprintf("%s:%d", driver.Rel(dir, s.Local), s.Line)
		}
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	hidden := map[Status][2]int{}
	for _, g := range r.Groups {
		if g.Status == Live || g.Status == Outside {
			h := hidden[g.Status]
			hidden[g.Status] = [2]int{h[0] + 1, h[1] + g.Count}
			continue
		}
		fmt.Fprintf(w, "# %s", g.headline())
		if g.Status == Unexplained {
			fmt.Fprint(w, ": observed, not explained")
		}
		fmt.Fprintln(w)
		if c := g.CreatedBy; c != nil {
			fmt.Fprintf(w, "#   started at %s by %s\n", name(c), c.Func)
		}
		if b := g.BlockedAt; b != nil {
			fmt.Fprintf(w, "#   blocked at %s in %s\n", name(b), b.Func)
		}
		if g.Status == Unexplained {
			fmt.Fprintln(w, "#   stack:")
			for i := range g.Stack {
				fmt.Fprintf(w, "#     %s\n#         %s\n", g.Stack[i].Func, name(&g.Stack[i]))
			}
			if c := g.CreatedBy; c != nil {
				fmt.Fprintf(w, "#     created by %s\n#         %s\n", c.Func, name(c))
			}
			fmt.Fprintln(w)
			continue
		}
		f := g.Finding
		file := driver.Rel(dir, f.File)
		fmt.Fprintf(w, "#   explained by %s:%d:%d: %s\n", file, f.Line, f.Col, f.Message)
		fmt.Fprintf(w, "#   matched by the %s\n", g.Match)
		fixed, why := planned(plan, f)
		switch {
		case fixed && written:
			fmt.Fprintf(w, "#   fixed: %s, written to %s\n", f.Fixes[0].Message, file)
		case fixed:
			fmt.Fprintf(w, "#   fix: %s\n", f.Fixes[0].Message)
		default:
			fmt.Fprintf(w, "#   not fixed: %s\n", why)
		}
		fmt.Fprintln(w)
	}
	if !written {
		for _, ff := range plan.Files {
			fmt.Fprint(w, diff.Unified(driver.Rel(dir, ff.File), ff.Old, ff.Edits))
		}
	}
	if h := hidden[Live]; h[0] > 0 {
		fmt.Fprintf(w, "# not shown: %s in %s that the input does not report as leaked\n", plural(h[1], "goroutine"), plural(h[0], "group"))
	}
	if h := hidden[Outside]; h[0] > 0 {
		fmt.Fprintf(w, "# not shown: %s in %s with no frame in %s\n", plural(h[1], "goroutine"), plural(h[0], "group"), r.Module.Path)
	}
	if len(r.Groups) == 0 {
		fmt.Fprintln(w, "# no blocked goroutines")
	}
}

// planned reports whether plan fixes f, or why not.
func planned(plan *driver.Plan, f *driver.Finding) (bool, string) {
	same := func(o driver.Finding) bool { return o.File == f.File && o.Offset == f.Offset && o.Message == f.Message }
	for _, ff := range plan.Files {
		if slices.ContainsFunc(ff.Fixed, same) {
			return true, ""
		}
	}
	for _, u := range plan.Unfixed {
		if same(u.Finding) {
			return false, u.Reason
		}
	}
	return false, "no automatic fix"
}

// headline says how many goroutines wait, on what, and for how long:
// "3 goroutines leaked in chan send for 5 minutes".
func (g *Group) headline() string {
	var b strings.Builder
	b.WriteString(plural(g.Count, "goroutine"))
	switch {
	case g.Leaked == g.Count:
		b.WriteString(" leaked")
	case g.Leaked > 0:
		fmt.Fprintf(&b, " blocked (%d leaked)", g.Leaked)
	default:
		b.WriteString(" blocked")
	}
	if g.State != "" {
		b.WriteString(" in " + g.State)
	}
	switch {
	case g.MaxWait == 0:
	case g.MinWait == g.MaxWait:
		fmt.Fprintf(&b, " for %s", plural(g.MaxWait, "minute"))
	case g.MinWait == 0: // dumps leave out waits under a minute
		fmt.Fprintf(&b, " for up to %s", plural(g.MaxWait, "minute"))
	default:
		fmt.Fprintf(&b, " for %d to %d minutes", g.MinWait, g.MaxWait)
	}
	return b.String()
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// WriteJSON prints every group, whatever its status, as a JSON array.
func (r *Report) WriteJSON(w io.Writer) error {
	groups := r.Groups
	if groups == nil {
		groups = []Group{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "\t")
	return enc.Encode(groups)
}
