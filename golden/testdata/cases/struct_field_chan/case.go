package struct_field_chan

import "errors"

// call is one request in flight and where its answer arrives.
type call struct {
	name string
	done chan error
}

func run(name string) error {
	if name == "" {
		return errors.New("no name")
	}
	return nil
}

// Do runs the call in a goroutine and stops waiting when told to.
func Do(name string, stop bool) error {
	c := call{name: name, done: make(chan error)}
	go func() {
		c.done <- run(c.name)
	}()
	if stop {
		return errors.New("stopped")
	}
	return <-c.done
}

func Case() any { return Do("a", true) }
