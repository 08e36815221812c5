package rewrite

import (
	"fmt"
	"go/token"
	"strconv"

	"github.com/dave/dst"
	"github.com/leakfix/leakfix/detect"
)

// Buffer gives the channel a buffer for every send its senders can make.
//
//	out := make(chan T)          =>  out := make(chan T, len(xs))
//	for _, x := range xs {           for _, x := range xs {
//		go func() { out <- f(x) }()      go func() { out <- f(x) }()
//	}                                }
//	return <-out                     return <-out
//
// It is safe when each sender sends at most once and the size is known where
// the channel is made: then no send can block, so every goroutine finishes,
// and receivers see the same values in the same order, since a buffered
// channel is still first in, first out. An existing buffer that is too small
// is enlarged the same way.
func Buffer(s *Source, l detect.Leak) (Fix, error) {
	if l.Size == nil {
		return Fix{}, fmt.Errorf("%s: the number of sends is not known where it is made", l.Chan.Name())
	}
	d, err := s.decorate()
	if err != nil {
		return Fix{}, err
	}
	call := d.node(l.Make).(*dst.CallExpr)
	size := sizeExpr(d, l.Size)
	if len(call.Args) > 1 {
		call.Args[1] = size
	} else {
		call.Args = append(call.Args, size)
	}
	edits, err := d.edits([]change{{from: l.Make.Pos(), to: l.Make.End(), first: call, last: call}})
	if err != nil {
		return Fix{}, err
	}
	return Fix{
		Strategy: StrategyBuffer,
		Message:  fmt.Sprintf(fixPrefix+"buffer %s to %s", l.Chan.Name(), l.Size),
		Edits:    edits,
	}, nil
}

// sizeExpr builds the dst expression for a size, reusing the nodes the
// counts were written with.
func sizeExpr(d *decorated, s *detect.Size) dst.Expr {
	var e dst.Expr
	add := func(x dst.Expr) {
		if e == nil {
			e = x
			return
		}
		e = &dst.BinaryExpr{X: e, Op: token.ADD, Y: x}
	}
	for _, t := range s.Terms {
		x := dst.Clone(d.node(t.X)).(dst.Expr)
		x.Decorations().Start.Clear()
		x.Decorations().End.Clear()
		if t.Len {
			x = &dst.CallExpr{Fun: dst.NewIdent("len"), Args: []dst.Expr{x}}
		}
		add(x)
	}
	if s.Const != 0 || e == nil {
		add(&dst.BasicLit{Kind: token.INT, Value: strconv.Itoa(s.Const)})
	}
	return e
}
