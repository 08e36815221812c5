package helper_double_send

import "errors"

// Fetch takes the one reply that reply is meant to send; on failure
// reply sends twice, and the second send blocks forever.
func Fetch(fail bool) any {
	ch := make(chan any)
	go func() { reply(ch, fail) }()
	return <-ch
}

// reply must send one value.
func reply(ch chan any, fail bool) {
	if fail {
		ch <- errors.New("failed") // the return is missing
	}
	ch <- "ok"
}

func Case() any { return Fetch(true) }
