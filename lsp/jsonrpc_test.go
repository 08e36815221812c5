package lsp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestReadMessage(t *testing.T) {
	for _, tc := range []struct {
		name   string
		in     string
		method string // of the message read
		err    error  // errFraming, io.EOF, or nil
		parse  bool   // a *responseError for a body that is not JSON
	}{
		{"plain", "Content-Length: 30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}", "x", nil, false},
		{"content type", "Content-Type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:30\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"x\"}", "x", nil, false},
		{"end of stream", "", "", io.EOF, false},
		{"no length", "Content-Type: x\r\n\r\n{}", "", errFraming, false},
		{"bad length", "Content-Length: -4\r\n\r\n{}", "", errFraming, false},
		{"huge length", "Content-Length: 99999999999\r\n\r\n{}", "", errFraming, false},
		{"not a header", "hello\r\n\r\n", "", errFraming, false},
		{"short body", "Content-Length: 10\r\n\r\n{}", "", errFraming, false},
		{"cut header", "Content-Len", "", errFraming, false},
		{"not JSON", "Content-Length: 5\r\n\r\n{oops", "", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := readMessage(bufio.NewReader(strings.NewReader(tc.in)))
			var rerr *responseError
			switch {
			case tc.parse:
				if !errors.As(err, &rerr) || rerr.Code != codeParseError {
					t.Errorf("error %v, want a parse error", err)
				}
			case tc.err != nil:
				if !errors.Is(err, tc.err) {
					t.Errorf("error %v, want %v", err, tc.err)
				}
			case err != nil || m.Method != tc.method:
				t.Errorf("got %+v, %v; want method %q", m, err, tc.method)
			}
		})
	}
}

// What writeMessage writes, readMessage reads.
func TestWriteMessage(t *testing.T) {
	var b bytes.Buffer
	if err := writeMessage(&b, &message{Method: "é🙂", Params: []byte(`{"a":"ü"}`)}); err != nil {
		t.Fatal(err)
	}
	body := `{"jsonrpc":"2.0","method":"é🙂","params":{"a":"ü"}}`
	if want := fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body); b.String() != want {
		t.Errorf("frame %q, want %q (the length counts bytes)", b.String(), want)
	}
	m, err := readMessage(bufio.NewReader(&b))
	if err != nil || m.Method != "é🙂" || m.JSONRPC != "2.0" || string(m.Params) != `{"a":"ü"}` {
		t.Errorf("read back %+v, %v", m, err)
	}
}
