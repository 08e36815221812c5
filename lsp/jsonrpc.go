package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/leakfix/leakfix/internal/jsonrpc"
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

// errFraming is a stream whose frames cannot be read: nothing after it
// can be trusted, so the server stops.
var errFraming = jsonrpc.ErrFraming

// readMessage reads one framed message. It returns io.EOF when the stream
// ends between messages. A body that is not JSON is returned as a
// *responseError so that the caller can answer it and go on.
func readMessage(r *bufio.Reader) (*message, error) {
	body, err := jsonrpc.ReadFrame(r)
	if err != nil {
		return nil, err
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
	return jsonrpc.WriteFrame(w, body)
}
