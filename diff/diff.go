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
	Start, End int
	New        string
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

	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	for i := 0; i < len(edits); {
		// The lines [lo, hi) hold this group of edits.
		lo := lineOf(edits[i].Start)
		hi := max(lineOf(max(edits[i].End-1, edits[i].Start)), lo) + 1
		j := i + 1
		for j < len(edits) && lineOf(edits[j].Start) <= hi+2*context {
			hi = max(hi, lineOf(max(edits[j].End-1, edits[j].Start))+1)
			j++
		}
		lo, hi = min(lo, len(lines)), min(hi, len(lines))
		group := edits[i:j]
		i = j
		clo, chi := max(lo-context, 0), min(hi+context, len(lines))
		// The new text of lines [lo, hi).
		var nb bytes.Buffer
		pos := starts[lo]
		for _, e := range group {
			nb.Write(src[pos:e.Start])
			nb.WriteString(e.New)
			pos = e.End
		}
		nb.Write(src[pos:starts[hi]])
		newLines := splitLines(nb.Bytes())
		oldN := chi - clo
		newN := oldN - (hi - lo) + len(newLines)
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", span(clo, oldN), span(clo, newN))
		for _, l := range lines[clo:lo] {
			line(&b, ' ', l)
		}
		for _, l := range lines[lo:hi] {
			line(&b, '-', l)
		}
		for _, l := range newLines {
			line(&b, '+', l)
		}
		for _, l := range lines[hi:chi] {
			line(&b, ' ', l)
		}
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
