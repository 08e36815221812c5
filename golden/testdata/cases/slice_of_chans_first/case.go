package slice_of_chans_first

import "strings"

// First asks every query on a channel of its own, kept in a slice, and
// returns the first query's answer: the others are never received.
func First(qs []string) string {
	var chs []chan string
	for _, q := range qs {
		ch := make(chan string)
		chs = append(chs, ch)
		go func() {
			ch <- strings.ToUpper(q)
		}()
	}
	return <-chs[0]
}

func Case() any { return First([]string{"a", "b", "c"}) }
