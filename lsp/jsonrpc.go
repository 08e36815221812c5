package lsp

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// message is a JSON-RPC 2.0 request, notification or response. A request
// has an ID and a Method, a notification only a Method, a response an ID
// and a Result or an Error.
type message struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *responseError  `json:"error,omitempty"`
}

// isRequest reports whether the sender waits for an answer.
func (m *message) isRequest() bool { return m.ID != nil && m.Method != "" }

// responseError is the error of a response.
type responseError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

func (e *responseError) Error() string { return fmt.Sprintf("%s (code %d)", e.Message, e.Code) }

// JSON-RPC and LSP error codes.
const (
	codeParseError           = -32700
	codeInvalidRequest       = -32600
	codeMethodNotFound       = -32601
	codeInvalidParams        = -32602
	codeInternalError        = -32603
	codeServerNotInitialized = -32002
)

// maxMessage bounds the body a header may announce, so that a corrupt
// Content-Length cannot make the server allocate gigabytes.
const maxMessage = 1 << 28

// errFraming is a stream whose frames cannot be read: nothing after it
// can be trusted, so the server stops.
var errFraming = errors.New("lsp: broken message frame")

// readMessage reads one framed message: headers ending in an empty line,
// of which only Content-Length matters, then that many bytes of JSON. It
// returns io.EOF when the stream ends between messages. A body that is
// not JSON is returned as a *responseError so that the caller can answer
// it and go on.
func readMessage(r *bufio.Reader) (*message, error) {
	length := -1
	for first := true; ; first = false {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && first && line == "" {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: %v", errFraming, err)
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
		return nil, fmt.Errorf("%w: body: %v", errFraming, err)
	}
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, &responseError{Code: codeParseError, Message: err.Error()}
	}
	return &m, nil
}

// writeMessage frames m onto w.
func writeMessage(w io.Writer, m *message) error {
	m.JSONRPC = "2.0"
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	// One write per message, so that a reader never sees half a header.
	frame := fmt.Appendf(nil, "Content-Length: %d\r\n\r\n", len(body))
	_, err = w.Write(append(frame, body...))
	return err
}
