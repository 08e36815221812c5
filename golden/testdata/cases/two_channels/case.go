package two_channels

import (
	"errors"
	"time"
)

var gate = make(chan struct{})

func load() (int, error) {
	<-gate
	return 0, errors.New("no data")
}

// Load waits for a result or an error, but not for long.
func Load(d time.Duration) (int, error) {
	resc := make(chan int)
	errc := make(chan error)
	go func() {
		v, err := load()
		if err != nil {
			errc <- err
			return
		}
		resc <- v
	}()
	select {
	case v := <-resc:
		return v, nil
	case err := <-errc:
		return 0, err
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

func Case() any {
	defer close(gate)
	_, err := Load(time.Millisecond)
	return err.Error()
}
