package ok_struct_field_method

// call is one request in flight and where its answer arrives.
type call struct {
	name string
	done chan error
}

// wait receives the answer: the channel is used beyond the function.
func (c call) wait() error { return <-c.done }

// Do hands the call to a method, which may receive from it.
func Do(name string, stop bool) error {
	c := call{name: name, done: make(chan error)}
	go func() {
		c.done <- nil
	}()
	if stop {
		return c.wait()
	}
	return <-c.done
}
