package goplsproxy

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
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

// maxMessage bounds the body a header may announce.
const maxMessage = 1 << 28

// errFraming is a stream whose frames cannot be read.
var errFraming = errors.New("broken LSP message frame")

// readMessage reads one framed message: headers ending in an empty line,
// of which only Content-Length matters, then that many bytes of JSON. It
// returns io.EOF when the stream ends between messages.
func readMessage(r *bufio.Reader) (*message, error) {
	length := -1
	for first := true; ; first = false {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && first && line == "" {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: %w", errFraming, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q", errFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxMessage {
				return nil, fmt.Errorf("%w: Content-Length %q", errFraming, strings.TrimSpace(value))
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: no Content-Length", errFraming)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("%w: body: %w", errFraming, err)
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
			// One write per message, so that a reader never sees half a header.
			frame := fmt.Appendf(make([]byte, 0, len(body)+32), "Content-Length: %d\r\n\r\n", len(body))
			if _, err := o.w.Write(append(frame, body...)); err != nil {
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
