// Package jsonrpc reads and writes the frames of the LSP base protocol:
// headers ending in an empty line, of which only Content-Length matters,
// then that many bytes of JSON. leakfix's language server and its gopls
// relay share it; each decodes the bodies as it needs.
package jsonrpc

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// MaxBody bounds the body a header may announce, so that a corrupt
// Content-Length cannot make a reader allocate gigabytes.
const MaxBody = 1 << 28

// ErrFraming is a stream whose frames cannot be read: nothing after it
// can be trusted.
var ErrFraming = errors.New("broken LSP message frame")

// ReadFrame reads one frame and returns its body. It returns io.EOF when
// the stream ends between frames, and an error wrapping ErrFraming for
// anything else that goes wrong.
func ReadFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for first := true; ; first = false {
		line, err := r.ReadString('\n')
		if err != nil {
			if err == io.EOF && first && line == "" {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%w: %w", ErrFraming, err)
		}
		line = strings.TrimRight(line, "\r\n")
		if line == "" {
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: %q", ErrFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > MaxBody {
				return nil, fmt.Errorf("%w: Content-Length %q", ErrFraming, strings.TrimSpace(value))
			}
			length = n
		}
	}
	if length < 0 {
		return nil, fmt.Errorf("%w: no Content-Length", ErrFraming)
	}
	body := make([]byte, length)
	if _, err := io.ReadFull(r, body); err != nil {
		return nil, fmt.Errorf("%w: body: %w", ErrFraming, err)
	}
	return body, nil
}

// WriteFrame writes body as one frame, in one write, so that a reader
// never sees half a header.
func WriteFrame(w io.Writer, body []byte) error {
	frame := fmt.Appendf(nil, "Content-Length: %d\r\n\r\n", len(body))
	_, err := w.Write(append(frame, body...))
	return err
}
