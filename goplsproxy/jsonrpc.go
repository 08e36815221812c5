package goplsproxy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/leakfix/leakfix/internal/jsonrpc"
)

// message is a JSON-RPC 2.0 message: a request has an ID and a Method, a
// notification only a Method, a response an ID and a Result or an Error.
// body is the message as it was read, relayed as is unless the proxy
// changes it.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *responseError  `json:"error,omitempty"`

	body []byte
}

func (m *message) isRequest() bool  { return m.ID != nil && m.Method != "" }
func (m *message) isResponse() bool { return m.Method == "" }

// responseError is the error of a response.
type responseError struct {
	Code    int             `json:"code"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// errFraming is a stream whose frames cannot be read.
var errFraming = jsonrpc.ErrFraming

// readMessage reads one framed message. It returns io.EOF when the stream
// ends between messages; a body that is not JSON is a framing error.
func readMessage(r *bufio.Reader) (*message, error) {
	body, err := jsonrpc.ReadFrame(r)
	if err != nil {
		return nil, err
	}
	m := &message{body: body}
	if err := json.Unmarshal(body, m); err != nil {
		return nil, fmt.Errorf("%w: %v", errFraming, err)
	}
	return m, nil
}

// encode returns m's JSON, for a message the proxy made or changed.
func encode(m *message) []byte {
	m.JSONRPC = "2.0"
	b, err := json.Marshal(m)
	if err != nil {
		panic(err) // raw messages that were valid JSON, and plain structs
	}
	return b
}

// outbox writes message bodies to a stream in the order they are put, from
// a goroutine of its own, so that a reader relaying a message never waits
// for a slow writer, and the proxy never deadlocks on two full pipes.
type outbox struct {
	w     io.Writer
	owned bool          // close w once everything is written: the reader sees the end
	wake  chan struct{} // a put or a close since the writer last looked
	ended chan struct{} // closed when the writer has written everything

	mu     sync.Mutex
	queue  [][]byte
	closed bool
	err    error // the first failed write; nothing is written after it
}

// newOutbox returns an outbox for w; run closes w at the end if owned.
func newOutbox(w io.Writer, owned bool) *outbox {
	return &outbox{w: w, owned: owned, wake: make(chan struct{}, 1), ended: make(chan struct{})}
}

// put queues body; after close it is dropped.
func (o *outbox) put(body []byte) {
	o.mu.Lock()
	if !o.closed {
		o.queue = append(o.queue, body)
	}
	o.mu.Unlock()
	o.poke()
}

// close makes run return once the queue is written.
func (o *outbox) close() {
	o.mu.Lock()
	o.closed = true
	o.mu.Unlock()
	o.poke()
}

func (o *outbox) poke() {
	select {
	case o.wake <- struct{}{}:
	default: // the writer is already due to look
	}
}

// run writes what is put until close, then returns.
func (o *outbox) run() {
	defer close(o.ended)
	for {
		o.mu.Lock()
		queue, closed := o.queue, o.closed
		o.queue = nil
		o.mu.Unlock()
		for _, body := range queue {
			if o.err != nil {
				break
			}
			if err := jsonrpc.WriteFrame(o.w, body); err != nil {
				o.err = err
			}
		}
		if closed {
			if c, ok := o.w.(io.Closer); ok && o.owned {
				c.Close()
			}
			return
		}
		if len(queue) == 0 {
			<-o.wake
		}
	}
}
