package jsonrpc

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestReadFrame(t *testing.T) {
	for _, tc := range []struct {
		name, in, body string
		err            error
	}{
		{"one frame", "Content-Length: 2\r\n\r\n{}", "{}", nil},
		{"other headers", "Content-Type: x\r\ncontent-length:  2 \r\n\r\n{}", "{}", nil},
		{"end between frames", "", "", io.EOF},
		{"no length", "Content-Type: x\r\n\r\n{}", "", ErrFraming},
		{"bad length", "Content-Length: -4\r\n\r\n{}", "", ErrFraming},
		{"huge length", "Content-Length: 99999999999\r\n\r\n{}", "", ErrFraming},
		{"not a header", "hello\r\n\r\n", "", ErrFraming},
		{"short body", "Content-Length: 10\r\n\r\n{}", "", ErrFraming},
		{"cut header", "Content-Len", "", ErrFraming},
	} {
		body, err := ReadFrame(bufio.NewReader(strings.NewReader(tc.in)))
		if string(body) != tc.body || !errors.Is(err, tc.err) || (tc.err == nil) != (err == nil) {
			t.Errorf("%s: got %q, %v; want %q, %v", tc.name, body, err, tc.body, tc.err)
		}
	}
}

// What WriteFrame writes, ReadFrame reads, frame after frame.
func TestRoundTrip(t *testing.T) {
	var b bytes.Buffer
	bodies := []string{`{"a":"é🙂"}`, `{}`, `[1,2]`}
	for _, body := range bodies {
		if err := WriteFrame(&b, []byte(body)); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(&b)
	for _, want := range bodies {
		got, err := ReadFrame(r)
		if err != nil || string(got) != want {
			t.Fatalf("got %q, %v; want %q", got, err, want)
		}
	}
	if _, err := ReadFrame(r); err != io.EOF {
		t.Errorf("after the last frame: %v, want io.EOF", err)
	}
}
