package paced_senders_released

import "errors"

// Check lets both requests through their hold, then may fail before it
// reads their results: both are then blocked on the send to complete.
func Check(fail bool) error {
	stall := make(chan struct{})
	hold := func() error {
		<-stall
		return nil
	}
	complete := make(chan error)
	request := func() {
		complete <- hold()
	}
	go request()
	go request()
	stall <- struct{}{}
	stall <- struct{}{}
	if fail {
		return errors.New("failed")
	}
	<-complete
	return <-complete
}

func Case() any { return Check(true) }
