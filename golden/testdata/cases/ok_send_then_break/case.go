package ok_send_then_break

import "errors"

var errDone = errors.New("done")

// Wait starts a worker that sends its error once and stops, and waits for it.
func Wait(steps int) error {
	ch := make(chan error)
	go func() {
		i := 0
		for {
			if i++; i > steps {
				ch <- errDone
				break
			}
		}
	}()
	return <-ch
}
