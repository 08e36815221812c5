package slice_of_chans_no_fix

import "sync/atomic"

var sent atomic.Int64

// First asks every query on a channel of its own and returns the first
// answer. Each sender counts its send once it is taken: with a buffer it
// would count values nobody takes, so no buffer; and the channels are made
// in a loop, where done does not apply yet.
func First(qs []string) string {
	var chs []chan string
	for _, q := range qs {
		ch := make(chan string)
		chs = append(chs, ch)
		go func() {
			ch <- q
			sent.Add(1)
		}()
	}
	return <-chs[0]
}

func Case() any { return First([]string{"a", "b", "c"}) }
