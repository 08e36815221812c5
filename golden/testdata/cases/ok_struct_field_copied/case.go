package ok_struct_field_copied

import "errors"

// call is one request in flight and where its answer arrives.
type call struct {
	name string
	done chan error
}

var pending []call

// Do keeps a copy of the call, and with it the channel.
func Do(name string, stop bool) error {
	c := call{name: name, done: make(chan error)}
	go func() {
		c.done <- nil
	}()
	if stop {
		pending = append(pending, c)
		return errors.New("stopped")
	}
	return <-c.done
}
