package slice_of_chans_ordered

import "errors"

type result struct {
	v   int
	err error
}

func square(x int) result {
	if x < 0 {
		return result{err: errors.New("negative")}
	}
	return result{v: x * x}
}

// Squares computes in the background and collects the results in order,
// and returns at the first error: the later results are never received.
func Squares(xs []int) ([]int, error) {
	results := make([]chan result, len(xs))
	for i, x := range xs {
		ch := make(chan result)
		results[i] = ch
		go func() { ch <- square(x) }()
	}
	var out []int
	for _, ch := range results {
		r := <-ch
		if r.err != nil {
			return nil, r.err
		}
		out = append(out, r.v)
	}
	return out, nil
}

func Case() any {
	out, err := Squares([]int{-1, 2, 3})
	return []any{out, err}
}
