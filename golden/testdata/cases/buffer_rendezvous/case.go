package buffer_rendezvous

import "time"

// F answers 1, and tells report what it saw once its answer was taken:
// a buffer would let the sender run on before the receiver.
func F(fast bool, report func(string)) int {
	out := make(chan int)
	state := "starting"
	go func() {
		out <- 1
		report(state) // the receiver has taken the answer: state is final
	}()
	if fast {
		return 0
	}
	time.Sleep(20 * time.Millisecond)
	state = "final"
	return <-out
}

func Case() any { return F(true, func(string) { panic("reported") }) }
