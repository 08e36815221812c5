// Package diff renders known edits to a file as a unified diff.
//
// It is not a tool to compare two arbitrary files, though it compares
// lines to do its job: the edits give the new text, and the hunks are then
// those that GNU `diff -u` prints for the same change, byte for byte. An
// insertion at the end of a line shows as added lines after it, not as
// the line removed and added again; a hunk's new-file start counts the
// lines earlier hunks added; where several shortest patches exist, the
// one diff picks (its Myers search, its discarding of lines that match
// nothing, its sliding of changes over identical lines). Hunks have three
// lines of context and merge where contexts overlap.
package diff

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"strings"
)

// An Edit replaces the bytes [Start, End) of a file with New.
type Edit struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	New   string `json:"new"`
}

// Apply returns src with edits applied. Edits must not overlap.
func Apply(src []byte, edits []Edit) []byte {
	edits = sorted(edits)
	var out bytes.Buffer
	last := 0
	for _, e := range edits {
		out.Write(src[last:e.Start])
		out.WriteString(e.New)
		last = e.End
	}
	out.Write(src[last:])
	return out.Bytes()
}

func sorted(edits []Edit) []Edit {
	edits = append([]Edit(nil), edits...)
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].Start < edits[j].Start })
	return edits
}

const context = 3

// Unified returns the unified diff that turns src into Apply(src, edits),
// with the headers "--- a/name" and "+++ b/name" that git apply and
// patch -p1 accept. It is empty when the edits change nothing.
func Unified(name string, src []byte, edits []Edit) string {
	if len(edits) == 0 {
		return ""
	}
	old, new := splitLines(src), splitLines(Apply(src, edits))
	// changed marks the lines of each file not in the common subsequence,
	// with one more element, false, as a sentinel.
	oldChanged, newChanged := make([]bool, len(old)+1), make([]bool, len(new)+1)
	discard(classes(old, new), oldChanged, newChanged)
	shift(old, oldChanged, newChanged)
	shift(new, newChanged, oldChanged)
	changes := script(oldChanged, newChanged, len(old), len(new))
	if len(changes) == 0 {
		return ""
	}

	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for i := 0; i < len(changes); {
		// A hunk holds the changes whose contexts touch.
		j := i + 1
		for j < len(changes) && changes[j].old-changes[j-1].oldEnd() <= 2*context {
			j++
		}
		hunk := changes[i:j]
		i = j
		first, last := hunk[0], hunk[len(hunk)-1]
		before := min(first.old, context)
		after := min(len(old)-last.oldEnd(), context)
		o0, n0 := first.old-before, first.new-before
		o1, n1 := last.oldEnd()+after, last.newEnd()+after
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", span(o0, o1-o0), span(n0, n1-n0))
		o, n := o0, n0
		for _, c := range hunk {
			for ; o < c.old; o, n = o+1, n+1 {
				line(&b, ' ', old[o])
			}
			for ; o < c.oldEnd(); o++ {
				line(&b, '-', old[o])
			}
			for ; n < c.newEnd(); n++ {
				line(&b, '+', new[n])
			}
		}
		for ; o < o1; o++ {
			line(&b, ' ', old[o])
		}
	}
	return b.String()
}

// lines is the two files to compare, each line as the number of its
// equivalence class: equal lines, final newline included, share one.
type lines struct{ x, y []int }

func classes(old, new [][]byte) lines {
	ids := map[string]int{}
	id := func(l []byte) int {
		n, ok := ids[string(l)]
		if !ok {
			n = len(ids)
			ids[string(l)] = n
		}
		return n
	}
	var ls lines
	for _, l := range old {
		ls.x = append(ls.x, id(l))
	}
	for _, l := range new {
		ls.y = append(ls.y, id(l))
	}
	return ls
}

// discard marks the lines of either file that match no line of the
// other as changed, and compares the rest. GNU diff does the same before
// its search, which makes it faster and changes which of several shortest
// scripts it finds; so does its treatment of lines that match many lines
// of the other file (provisional), dropped too when they sit inside a run
// of lines that match nothing.
func discard(ls lines, xChanged, yChanged []bool) {
	count := func(s []int) map[int]int {
		m := map[int]int{}
		for _, c := range s {
			m[c]++
		}
		return m
	}
	// Like GNU diff, leave out the lines both files start and end with,
	// but for a horizon of context lines.
	pre := 0
	for pre < len(ls.x) && pre < len(ls.y) && ls.x[pre] == ls.y[pre] {
		pre++
	}
	suf := 0
	for suf < len(ls.x)-pre && suf < len(ls.y)-pre && ls.x[len(ls.x)-1-suf] == ls.y[len(ls.y)-1-suf] {
		suf++
	}
	pre, suf = max(pre-context, 0), max(suf-context, 0)
	x, y := ls.x[pre:len(ls.x)-suf], ls.y[pre:len(ls.y)-suf]
	inX, inY := count(x), count(y)
	kx, xIndex := discardable(x, inY, xChanged[pre:])
	ky, yIndex := discardable(y, inX, yChanged[pre:])
	kc, yc := make([]bool, len(kx)), make([]bool, len(ky))
	compare(lines{kx, ky}, kc, yc)
	for i, c := range kc {
		xChanged[pre+xIndex[i]] = c
	}
	for i, c := range yc {
		yChanged[pre+yIndex[i]] = c
	}
}

// The marks of discardable.
const (
	keep = iota
	drop
	provisional
)

// discardable marks in changed the lines of s to leave out of the search,
// given how often each class occurs in the other file, and returns the
// lines kept and the index in s of each. It is GNU diff's
// discard_confusing_lines: a line the other file lacks is dropped, one it
// has many times is dropped provisionally, and runs decide.
func discardable(s []int, other map[int]int, changed []bool) (kept, index []int) {
	many := 5
	for tem := len(s) / 64; ; {
		if tem >>= 2; tem <= 0 {
			break
		}
		many *= 2
	}
	marks := make([]int, len(s))
	for i, c := range s {
		switch n := other[c]; {
		case n == 0:
			marks[i] = drop
		case n > many:
			marks[i] = provisional
		}
	}
	for i := 0; i < len(marks); i++ {
		switch marks[i] {
		case provisional:
			marks[i] = keep // not inside a run of dropped lines
		case drop:
			i = settleRun(marks, i)
		}
	}
	for i, m := range marks {
		if m == keep {
			kept, index = append(kept, s[i]), append(index, i)
		} else {
			changed[i] = true
		}
	}
	return kept, index
}

// settleRun decides the provisional lines of the run of lines to drop or
// provisional ones that starts at i with one to drop, and returns the
// index of the last line settled. The run ends with a line to drop too.
func settleRun(marks []int, i int) int {
	j, prov := i, 0
	for ; j < len(marks) && marks[j] != keep; j++ {
		if marks[j] == provisional {
			prov++
		}
	}
	for j > i && marks[j-1] == provisional {
		j--
		marks[j] = keep
		prov--
	}
	run := marks[i:j]
	if prov*4 > len(run) {
		// Too many provisional lines: keep them all.
		for k := range run {
			if run[k] == provisional {
				run[k] = keep
			}
		}
		return i // as GNU diff, go on from the next line
	}
	keepLongRuns(run)
	// Keep the provisional lines at each end, up to three lines to drop in
	// a row or one to drop at least eight lines in.
	keepEnd(len(run), func(k int) *int { return &run[k] })
	keepEnd(len(run), func(k int) *int { return &run[len(run)-1-k] })
	return i + len(run) - 1
}

// keepLongRuns keeps every stretch of run of a minimum length or more of
// provisional lines, the minimum growing with the run's length.
func keepLongRuns(run []int) {
	minimum := 1
	for tem := len(run) >> 2; ; {
		if tem >>= 2; tem <= 0 {
			break
		}
		minimum <<= 1
	}
	minimum++
	for k, consec := 0, 0; k < len(run); k++ {
		switch {
		case run[k] != provisional:
			consec = 0
		case minimum == consec+1:
			consec++
			k -= consec
		case minimum < consec+1:
			consec++
			run[k] = keep
		default:
			consec++
		}
	}
}

// keepEnd keeps the provisional lines at one end of a run of length n,
// the k-th from that end at at(k), until three lines to drop in a row or
// one to drop at least eight lines in.
func keepEnd(n int, at func(k int) *int) {
	for k, consec := 0, 0; k < n; k++ {
		m := at(k)
		if k >= 8 && *m == drop {
			break
		}
		switch *m {
		case provisional:
			consec = 0
			*m = keep
		case keep:
			consec = 0
		default:
			consec++
		}
		if consec == 3 {
			break
		}
	}
}

// compare marks the lines of x and y that are not in a shortest edit
// script between them, found as Myers's O(ND) algorithm with its
// linear-space refinement finds it ("An O(ND) Difference Algorithm and
// Its Variations", 1986, section 4.2): the middle snake of a forward and a
// backward search splits the problem in two. GNU diff searches the same
// way, so where several scripts are shortest, this picks the one diff -u
// prints.
func compare(ls lines, xChanged, yChanged []bool) {
	n := len(ls.x) + len(ls.y) + 3
	fd, bd := make([]int, 2*n), make([]int, 2*n) // indexed by diagonal x-y, offset by n
	var rec func(xoff, xlim, yoff, ylim int)
	rec = func(xoff, xlim, yoff, ylim int) {
		for xoff < xlim && yoff < ylim && ls.x[xoff] == ls.y[yoff] {
			xoff, yoff = xoff+1, yoff+1
		}
		for xoff < xlim && yoff < ylim && ls.x[xlim-1] == ls.y[ylim-1] {
			xlim, ylim = xlim-1, ylim-1
		}
		switch {
		case xoff == xlim:
			for ; yoff < ylim; yoff++ {
				yChanged[yoff] = true
			}
		case yoff == ylim:
			for ; xoff < xlim; xoff++ {
				xChanged[xoff] = true
			}
		default:
			xmid, ymid := middleSnake(ls, xoff, xlim, yoff, ylim, fd, bd, n)
			rec(xoff, xmid, yoff, ymid)
			rec(xmid, xlim, ymid, ylim)
		}
	}
	rec(0, len(ls.x), 0, len(ls.y))
}

// middleSnake returns a point on a shortest edit script from (xoff, yoff)
// to (xlim, ylim) where a forward search from the start and a backward
// search from the end meet. Diagonal k is stored at index k+off.
func middleSnake(ls lines, xoff, xlim, yoff, ylim int, fd, bd []int, off int) (int, int) {
	dmin, dmax := xoff-ylim, xlim-yoff
	fmid, bmid := xoff-yoff, xlim-ylim
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0
	fd[fmid+off] = xoff
	bd[bmid+off] = xlim
	for {
		// One more edit forward, on every diagonal it can reach.
		if fmin > dmin {
			fmin--
			fd[fmin-1+off] = -1
		} else {
			fmin++
		}
		if fmax < dmax {
			fmax++
			fd[fmax+1+off] = -1
		} else {
			fmax--
		}
		for d := fmax; d >= fmin; d -= 2 {
			lo, hi := fd[d-1+off], fd[d+1+off]
			x := lo + 1
			if lo < hi {
				x = hi
			}
			y := x - d
			for x < xlim && y < ylim && ls.x[x] == ls.y[y] {
				x, y = x+1, y+1
			}
			fd[d+off] = x
			if odd && bmin <= d && d <= bmax && bd[d+off] <= x {
				return x, y
			}
		}
		// And one more backward.
		if bmin > dmin {
			bmin--
			bd[bmin-1+off] = math.MaxInt
		} else {
			bmin++
		}
		if bmax < dmax {
			bmax++
			bd[bmax+1+off] = math.MaxInt
		} else {
			bmax--
		}
		for d := bmax; d >= bmin; d -= 2 {
			lo, hi := bd[d-1+off], bd[d+1+off]
			x := hi - 1
			if lo < hi {
				x = lo
			}
			y := x - d
			for x > xoff && y > yoff && ls.x[x-1] == ls.y[y-1] {
				x, y = x-1, y-1
			}
			bd[d+off] = x
			if !odd && fmin <= d && d <= fmax && x <= fd[d+off] {
				return x, y
			}
		}
	}
}

// shift slides each run of changed lines of one file over identical
// lines as GNU diff's shift_boundaries does, so that the hunks are the
// ones diff -u prints: a run moves back to merge with an earlier run,
// then forward as far as it goes, merging with later runs, and then back
// again to line up with a run of changes in the other file, if it can.
// changed and other have one more element than their files, false.
func shift(lines [][]byte, changed, other []bool) {
	at := func(c []bool, i int) bool { return i >= 0 && c[i] }
	end := len(lines)
	i, j := 0, 0
	for {
		for i < end && !changed[i] {
			for at(other, j) {
				j++
			}
			j++
			i++
		}
		if i == end {
			return
		}
		start := i
		for i++; changed[i]; i++ {
		}
		for other[j] {
			j++
		}
		var corresponding int
		for {
			runLength := i - start
			for start > 0 && bytes.Equal(lines[start-1], lines[i-1]) {
				start--
				changed[start] = true
				i--
				changed[i] = false
				for at(changed, start-1) {
					start--
				}
				for j--; at(other, j); j-- {
				}
			}
			corresponding = end
			if at(other, j-1) {
				corresponding = i
			}
			for i != end && bytes.Equal(lines[start], lines[i]) {
				changed[start] = false
				start++
				changed[i] = true
				i++
				for changed[i] {
					i++
				}
				for j++; other[j]; j++ {
					corresponding = i
				}
			}
			if runLength == i-start {
				break
			}
		}
		for corresponding < i {
			start--
			changed[start] = true
			i--
			changed[i] = false
			for j--; at(other, j); j-- {
			}
		}
	}
}

// A change removes the old lines [old, old+del) and adds the new lines
// [new, new+ins) in their place.
type change struct{ old, del, new, ins int }

func (c change) oldEnd() int { return c.old + c.del }
func (c change) newEnd() int { return c.new + c.ins }

// script pairs the runs of changed lines of the two files into changes.
func script(oldChanged, newChanged []bool, nOld, nNew int) []change {
	var out []change
	i, j := 0, 0
	for i < nOld || j < nNew {
		if !oldChanged[i] && !newChanged[j] {
			i, j = i+1, j+1
			continue
		}
		c := change{old: i, new: j}
		for oldChanged[i] {
			i++
		}
		for newChanged[j] {
			j++
		}
		c.del, c.ins = i-c.old, j-c.new
		out = append(out, c)
	}
	return out
}

// span formats a hunk range as diff -u does: "start,n", or "start" for a
// single line; an empty range names the line before it.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}

func line(b *strings.Builder, op byte, l []byte) {
	b.WriteByte(op)
	b.Write(l)
	if len(l) == 0 || l[len(l)-1] != '\n' {
		b.WriteString("\n\\ No newline at end of file\n")
	}
}

// splitLines splits src after each newline; the last line may lack one.
func splitLines(src []byte) [][]byte {
	var lines [][]byte
	for len(src) > 0 {
		i := bytes.IndexByte(src, '\n') + 1
		if i == 0 {
			i = len(src)
		}
		lines = append(lines, src[:i])
		src = src[i:]
	}
	return lines
}
