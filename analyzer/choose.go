package analyzer

import (
	"cmp"
	"go/ast"
	"go/token"
	"slices"

	"github.com/leakfix/leakfix/rewrite"
	"github.com/leakfix/leakfix/verify"
	"golang.org/x/tools/go/analysis"
)

// choose keeps the fixes that pass verify and orders each finding's so
// that the first ones, those that go fix and leakfix -w apply, can be
// applied all together:
//
//   - in source order, each finding's first fix is the first of its
//     alternatives whose edits do not overlap those already chosen (one
//     fix shared by several findings is the same edits, not an overlap);
//   - the chosen fixes are checked together; a fix that breaks the batch
//     is dropped, with the reason, and the choice is made again;
//   - every other alternative is checked on the unfixed package, in
//     batches of fixes that do not overlap, for editors that offer them
//     one by one. A finding all of whose fixes overlap those chosen is
//     marked: drivers that apply every first fix must wait for the next
//     run to fix it.
func choose(pkg *verify.Package, found []*finding) {
	for {
		first := make([]int, len(found)) // index of each finding's first fix, or -1
		var chosen []*verify.Fix
		var owner []int
		taken := occupied{}
		for i, f := range found {
			first[i] = -1
			for j, fix := range f.fixes {
				if taken.add(f.src.File, fix.Edits) {
					first[i] = j
					chosen = append(chosen, &verify.Fix{File: f.src.File, Src: f.src.Src, Edits: fix.Edits})
					owner = append(owner, i)
					break
				}
			}
		}
		bad, err := culprit(pkg, chosen)
		if err == nil {
			for i, f := range found {
				f.overlaps = first[i] < 0 && len(f.fixes) > 0
				if j := first[i]; j > 0 {
					fix := f.fixes[j]
					f.fixes = append([]rewrite.Fix{fix}, slices.Delete(f.fixes, j, j+1)...)
				}
			}
			break
		}
		f := found[owner[bad]]
		f.refuse(first[owner[bad]], err)
	}
	// The alternatives, rank by rank.
	for rank := 1; ; rank++ {
		var batch []*verify.Fix
		var owner []*finding
		more := false
		for _, f := range found {
			if rank >= len(f.fixes) {
				continue
			}
			more = true
			batch = append(batch, &verify.Fix{File: f.src.File, Src: f.src.Src, Edits: f.fixes[rank].Edits})
			owner = append(owner, f)
		}
		if !more {
			return
		}
		for len(batch) > 0 {
			// Each fix alone on the unfixed package: split off those that
			// overlap an earlier one of the batch for the next round.
			var now, later []*verify.Fix
			var nowOwner, laterOwner []*finding
			taken := occupied{}
			for i, fx := range batch {
				if !taken.add(fx.File, fx.Edits) {
					later, laterOwner = append(later, fx), append(laterOwner, owner[i])
					continue
				}
				now, nowOwner = append(now, fx), append(nowOwner, owner[i])
			}
			for {
				bad, err := culprit(pkg, now)
				if err == nil {
					break
				}
				f := nowOwner[bad]
				f.refuse(slices.IndexFunc(f.fixes, func(x rewrite.Fix) bool { return sameEdits(x.Edits, now[bad].Edits) }), err)
				now, nowOwner = slices.Delete(now, bad, bad+1), slices.Delete(nowOwner, bad, bad+1)
			}
			batch, owner = later, laterOwner
		}
	}
}

// refuse drops fix j of f, recording why.
func (f *finding) refuse(j int, err error) {
	f.declined = append(f.declined, string(f.fixes[j].Strategy)+": "+err.Error())
	f.fixes = slices.Delete(f.fixes, j, j+1)
}

// culprit checks fixes together. When they fail it returns the index of
// the first fix whose addition to those before it fails, and the reason.
func culprit(pkg *verify.Package, fixes []*verify.Fix) (int, error) {
	if len(fixes) == 0 {
		return -1, nil
	}
	check := func(n int) error {
		batch := make([]verify.Fix, n)
		for i := range n {
			batch[i] = *fixes[i]
		}
		return pkg.Check(batch)
	}
	err := check(len(fixes))
	if err == nil {
		return -1, nil
	}
	// The shortest failing prefix: binary search, one check per step.
	lo, hi := 0, len(fixes) // check(lo) passes (nothing applied), check(hi) fails
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if e := check(mid); e != nil {
			hi, err = mid, e
		} else {
			lo = mid
		}
	}
	return hi - 1, err
}

// occupied holds the edits of the fixes chosen so far, per file, sorted
// by position.
type occupied map[*ast.File][]analysis.TextEdit

// add adds edits unless one overlaps an edit already there, and reports
// whether it did. Identical edits do not overlap: they are applied once.
// Two different edits that start at one place do, since drivers may
// order them either way.
func (o occupied) add(file *ast.File, edits []analysis.TextEdit) bool {
	have := o[file]
	for _, a := range edits {
		i, _ := slices.BinarySearchFunc(have, a.Pos, func(e analysis.TextEdit, pos token.Pos) int { return cmp.Compare(e.Pos, pos) })
		for _, b := range have[max(i-1, 0):] {
			if b.Pos > a.End || b.Pos == a.End && a.Pos != a.End {
				break
			}
			if sameEdit(a, b) {
				continue
			}
			if a.Pos < b.End && b.Pos < a.End || a.Pos == b.Pos {
				return false
			}
		}
	}
	for _, a := range edits {
		i, found := slices.BinarySearchFunc(have, a, func(e, a analysis.TextEdit) int { return cmp.Compare(e.Pos, a.Pos) })
		if !found || !sameEdit(have[i], a) {
			have = slices.Insert(have, i, a)
		}
	}
	o[file] = have
	return true
}

// sameEdits reports whether a and b are the same edits in the same order.
func sameEdits(a, b []analysis.TextEdit) bool { return slices.EqualFunc(a, b, sameEdit) }

// sameEdit reports whether a and b replace the same bytes with the same text.
func sameEdit(a, b analysis.TextEdit) bool {
	return a.Pos == b.Pos && a.End == b.End && string(a.NewText) == string(b.NewText)
}
