// Package diff prints edits to a file as a unified diff.
//
// The edits are known, so no difference algorithm is needed: each hunk is
// the lines an edit touches, with three lines of context, merged with its
// neighbours where their contexts overlap.
package diff

import (
	"bytes"
	"fmt"
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
// patch -p1 accept.
func Unified(name string, src []byte, edits []Edit) string {
	if len(edits) == 0 {
		return ""
	}
	edits = sorted(edits)
	lines := splitLines(src)
	// starts[i] is the offset of line i (0-based).
	starts := make([]int, len(lines)+1)
	for i, l := range lines {
		starts[i+1] = starts[i] + len(l)
	}
	lineOf := func(off int) int { return sort.Search(len(lines), func(i int) bool { return starts[i+1] > off }) }

	// A block is the whole lines [lo, hi) that some edits change.
	type block struct {
		lo, hi int
		edits  []Edit
	}
	var blocks []block
	for _, e := range edits {
		lo := min(lineOf(e.Start), len(lines))
		hi := min(max(lineOf(max(e.End-1, e.Start)), lo)+1, len(lines))
		if n := len(blocks); n > 0 && lo < blocks[n-1].hi {
			blocks[n-1].hi = max(blocks[n-1].hi, hi)
			blocks[n-1].edits = append(blocks[n-1].edits, e)
			continue
		}
		blocks = append(blocks, block{lo, hi, []Edit{e}})
	}
	newLines := func(bl block) [][]byte {
		var nb bytes.Buffer
		pos := starts[bl.lo]
		for _, e := range bl.edits {
			nb.Write(src[pos:e.Start])
			nb.WriteString(e.New)
			pos = e.End
		}
		nb.Write(src[pos:starts[bl.hi]])
		return splitLines(nb.Bytes())
	}

	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for i := 0; i < len(blocks); {
		// A hunk holds the blocks whose contexts touch.
		j := i + 1
		for j < len(blocks) && blocks[j].lo-blocks[j-1].hi <= 2*context {
			j++
		}
		hunk := blocks[i:j]
		i = j
		clo, chi := max(hunk[0].lo-context, 0), min(hunk[len(hunk)-1].hi+context, len(lines))
		var body strings.Builder
		oldN, newN := chi-clo, chi-clo
		prev := clo
		for _, bl := range hunk {
			for _, l := range lines[prev:bl.lo] {
				line(&body, ' ', l)
			}
			for _, l := range lines[bl.lo:bl.hi] {
				line(&body, '-', l)
			}
			nl := newLines(bl)
			for _, l := range nl {
				line(&body, '+', l)
			}
			newN += len(nl) - (bl.hi - bl.lo)
			prev = bl.hi
		}
		for _, l := range lines[prev:chi] {
			line(&body, ' ', l)
		}
		fmt.Fprintf(&b, "@@ -%s +%s @@\n%s", span(clo, oldN), span(clo, newN), body.String())
	}
	return b.String()
}

// span formats a hunk range; an empty range names the line before it.
func span(start, n int) string {
	if n == 0 {
		return fmt.Sprintf("%d,0", start)
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
