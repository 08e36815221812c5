package ok_paced_senders

import "errors"

// A dialer that waits for the test's go-ahead, as net/http's
// TestTransportMaxConnsPerHostIncludeDialInProgress holds its dials.
type dialer struct{ dial func() error }

// Check holds each request in its dial until it sends on stall. When it
// leaves early, both requests are still held there and never reach the
// send on complete: reporting that send would be wrong.
func Check(second bool) error {
	started := make(chan struct{})
	stall := make(chan struct{})
	d := &dialer{dial: func() error {
		started <- struct{}{}
		<-stall
		return nil
	}}
	complete := make(chan error)
	request := func() {
		complete <- d.dial()
	}
	go request()
	<-started
	go request()
	if second {
		select {
		case <-started:
			return errors.New("second dial started while the first is in progress")
		default:
		}
	}
	stall <- struct{}{}
	<-complete
	<-started
	stall <- struct{}{}
	return <-complete
}
