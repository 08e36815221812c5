package named_method_sender

import "time"

// Client talks to a slow backend.
type Client struct{ gate chan struct{} }

func (c *Client) call(reply chan<- string) {
	<-c.gate
	reply <- "pong"
}

// Ping gives up after d; the method it starts is left blocked.
func (c *Client) Ping(d time.Duration) string {
	reply := make(chan string)
	go c.call(reply)
	select {
	case r := <-reply:
		return r
	case <-time.After(d):
		return "timeout"
	}
}

func Case() any {
	c := &Client{gate: make(chan struct{})}
	defer close(c.gate)
	return c.Ping(time.Millisecond)
}
