// Package rewrite turns a detect.Leak into the source edits of a fix.
//
// Every fix is made on a dst copy of the file, so comments stay with the
// nodes they belong to, and is then reduced to narrow text edits: the file
// stays byte for byte the same outside the nodes a fix replaces.
package rewrite

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/dave/dst"
	"github.com/dave/dst/decorator"
	"github.com/dave/dst/decorator/resolver/gotypes"
	"github.com/dave/dst/decorator/resolver/guess"
	"golang.org/x/tools/go/analysis"
)

// A Strategy names one of the ways to fix a leak.
type Strategy string

// The strategies, in the order users read about them.
const (
	StrategyBuffer   Strategy = "buffer"   // buffer the channel for every send
	StrategyDone     Strategy = "done"     // senders give up when the function returns
	StrategyErrgroup Strategy = "errgroup" // errgroup.Group with a context
)

// A Fix is one way to remove a leak: what it does and the edits that do it.
type Fix struct {
	Strategy Strategy
	Message  string
	Edits    []analysis.TextEdit
}

// A Source is a type-checked file, with the bytes it was parsed from.
type Source struct {
	Fset *token.FileSet
	File *ast.File
	Src  []byte
	Info *types.Info
	Pkg  *types.Package
}

// decorated is a dst copy of a Source, made afresh for each fix.
type decorated struct {
	src  *Source
	dec  *decorator.Decorator
	file *dst.File
}

func (s *Source) decorate() (*decorated, error) {
	dec := decorator.NewDecoratorWithImports(s.Fset, s.Pkg.Path(), gotypes.New(s.Info.Uses))
	f, err := dec.DecorateFile(s.File)
	if err != nil {
		return nil, err
	}
	return &decorated{src: s, dec: dec, file: f}, nil
}

// node returns the dst node made from the ast node n.
func (d *decorated) node(n ast.Node) dst.Node { return d.dec.Dst.Nodes[n] }

// A change replaces the original bytes [from, to) with the restored text of
// the dst nodes first through last, which stand in that order in one list.
type change struct {
	from, to    token.Pos
	first, last dst.Node
	insert      bool // new lines after from: the text starts on a line of its own
}

// edits restores the changed file and cuts out the text of each change.
// Markers in the decorations find each change in the restored text: after
// the comments above the first node, before the comments after the last.
func (d *decorated) edits(changes []change) ([]analysis.TextEdit, error) {
	for i, c := range changes {
		start := &c.first.Decorations().Start
		*start = append(*start, beginMark(i))
		end := &c.last.Decorations().End
		*end = append(dst.Decorations{endMark(i)}, *end...)
	}
	names := map[string]string{}
	for _, p := range d.src.Pkg.Imports() {
		names[p.Path()] = p.Name()
	}
	r := decorator.NewRestorerWithImports(d.src.Pkg.Path(), guess.WithMap(names))
	var out bytes.Buffer
	if err := r.Fprint(&out, d.file); err != nil {
		return nil, err
	}
	text := out.Bytes()
	var edits []analysis.TextEdit
	for i, c := range changes {
		b := bytes.Index(text, []byte(beginMark(i)))
		e := bytes.Index(text, []byte(endMark(i)))
		if b < 0 || e < b {
			return nil, fmt.Errorf("rewrite: change %d lost in the restored file", i)
		}
		restIndent := indentAt(text, b)
		newText := strings.TrimSpace(string(text[b+len(beginMark(i)) : e]))
		origIndent := indentAt(d.src.Src, d.src.offset(c.from))
		newText = strings.ReplaceAll(newText, "\n"+restIndent, "\n"+origIndent)
		if c.insert {
			newText = "\n" + origIndent + newText
		}
		edits = append(edits, analysis.TextEdit{Pos: c.from, End: c.to, NewText: []byte(newText)})
	}
	imports, err := d.importEdits(text)
	if err != nil {
		return nil, err
	}
	edits = append(edits, imports...)
	if bytes.Contains(d.src.Src, []byte("\r\n")) { // keep the file's CRLF line endings
		for i := range edits {
			edits[i].NewText = bytes.ReplaceAll(edits[i].NewText, []byte("\n"), []byte("\r\n"))
		}
	}
	return edits, nil
}

func beginMark(i int) string { return "/*leakfix:" + strconv.Itoa(i) + "{*/" }
func endMark(i int) string   { return "/*}leakfix:" + strconv.Itoa(i) + "*/" }

// fixPrefix starts every fix message; the strategy's words follow it.
const fixPrefix = "Fix goroutine leak: "

// StrategyOf returns the strategy of a fix from its message.
func StrategyOf(message string) Strategy {
	rest := strings.TrimPrefix(message, fixPrefix)
	switch {
	case strings.HasPrefix(rest, "buffer"):
		return StrategyBuffer
	case strings.HasPrefix(rest, "cancel senders"):
		return StrategyDone
	case strings.HasPrefix(rest, "use errgroup"):
		return StrategyErrgroup
	}
	return ""
}
