package lsp

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/leakfix/leakfix/internal/testmodule"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// timeout bounds every wait for the server, so that a broken server fails
// the test instead of hanging it.
const timeout = 60 * time.Second

// client is an editor talking to an in-process server through pipes.
type client struct {
	t       testing.TB
	toSrv   *io.PipeWriter
	msgs    chan *message // everything the server sent, in order
	served  chan error    // what Serve returned
	nextID  int
	pending []*message // notifications read while waiting for a response
}

// start runs srv on pipes and returns a client for it. The test fails if
// Serve has not returned, or left goroutines behind, when it ends.
func start(t testing.TB, srv *Server) *client {
	t.Helper()
	before := goleak.IgnoreCurrent() // a benchmark runs in goroutines of its own
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, toSrv: inW, msgs: make(chan *message, 1024), served: make(chan error, 1)}
	go func() {
		err := srv.Serve(inR, outW)
		outW.Close()
		inR.Close() // unblock writes of a test that goes on talking
		c.served <- err
	}()
	go func() {
		defer close(c.msgs)
		r := bufio.NewReader(outR)
		for {
			m, err := readMessage(r)
			if err != nil {
				return
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.served:
		case <-time.After(timeout):
			t.Errorf("Serve did not return after stdin closed")
		}
		for range c.msgs {
		}
		goleak.VerifyNone(t, before)
	})
	return c
}

// initialize does the handshake.
func (c *client) initialize() {
	c.t.Helper()
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}})
	c.notify("initialized", map[string]any{})
}

// send writes a raw message to the server.
func (c *client) send(m *message) {
	c.t.Helper()
	if err := writeMessage(c.toSrv, m); err != nil {
		c.t.Fatalf("writing to the server: %v", err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	b, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(&message{Method: method, Params: b})
}

// request sends a request and returns its id.
func (c *client) request(method string, params any) json.RawMessage {
	c.t.Helper()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	b, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	c.send(&message{ID: id, Method: method, Params: b})
	return id
}

// response waits for the response to id, keeping the notifications that
// come first.
func (c *client) response(id json.RawMessage) *message {
	c.t.Helper()
	for {
		m := c.next()
		if m.Method != "" {
			c.pending = append(c.pending, m)
			continue
		}
		if string(m.ID) != string(id) {
			c.t.Fatalf("response to %s while waiting for %s", m.ID, id)
		}
		return m
	}
}

// call sends a request and returns its result; an error response fails
// the test.
func (c *client) call(method string, params any) json.RawMessage {
	c.t.Helper()
	m := c.response(c.request(method, params))
	if m.Error != nil {
		c.t.Fatalf("%s: %v", method, m.Error)
	}
	return m.Result
}

// next returns the next message from the server.
func (c *client) next() *message {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("the server closed its output")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message from the server in %v", timeout)
	}
	return nil
}

// diagnostics waits for the next diagnostics published for uri. Any
// other message than a publishDiagnostics fails the test: the server
// sends nothing else unasked.
func (c *client) diagnostics(uri string) PublishDiagnosticsParams {
	c.t.Helper()
	for i, m := range c.pending {
		if p := c.publication(m); p.URI == uri {
			c.pending = append(c.pending[:i:i], c.pending[i+1:]...)
			return p
		}
	}
	for {
		m := c.next()
		if p := c.publication(m); p.URI == uri {
			return p
		}
		c.pending = append(c.pending, m) // for another document: later
	}
}

// publication decodes a publishDiagnostics notification.
func (c *client) publication(m *message) PublishDiagnosticsParams {
	c.t.Helper()
	if m.Method != "textDocument/publishDiagnostics" {
		c.t.Fatalf("unexpected message %s %s %s", m.Method, m.Result, m.Error)
	}
	var p PublishDiagnosticsParams
	if err := json.Unmarshal(m.Params, &p); err != nil {
		c.t.Fatal(err)
	}
	if p.Diagnostics == nil {
		c.t.Fatalf("diagnostics for %s are null, want a list", p.URI)
	}
	return p
}

// shutdown ends the session properly and returns what Serve returned.
func (c *client) shutdown() error {
	c.t.Helper()
	c.call("shutdown", nil)
	c.notify("exit", nil)
	return c.wait()
}

// wait returns what Serve returned.
func (c *client) wait() error {
	c.t.Helper()
	select {
	case err := <-c.served:
		c.served <- err // for the cleanup
		return err
	case <-time.After(timeout):
		c.t.Fatalf("Serve did not return")
	}
	return nil
}

func (c *client) open(uri, text string) {
	c.t.Helper()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: text}})
}

func (c *client) change(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument:   VersionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []TextDocumentContentChangeEvent{{Text: text}},
	})
}

// codeActions asks for the actions on the whole document for diags.
func (c *client) codeActions(uri string, diags []Diagnostic) []CodeAction {
	c.t.Helper()
	var actions []CodeAction
	raw := c.call("textDocument/codeAction", CodeActionParams{
		TextDocument: TextDocumentIdentifier{URI: uri},
		Range:        Range{End: Position{Line: 1 << 20}},
		Context:      CodeActionContext{Diagnostics: diags},
	})
	if err := json.Unmarshal(raw, &actions); err != nil {
		c.t.Fatal(err)
	}
	if actions == nil {
		c.t.Fatalf("codeAction returned null, want a list")
	}
	return actions
}

// writeModule copies the leakfix go.mod and go.sum (so that cases may
// import what leakfix imports) and files into a new directory.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	for _, name := range []string{"go.mod", "go.sum"} {
		b, err := os.ReadFile(filepath.Join("..", name))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = string(b)
	}
	return testmodule.Write(t, files)
}

// offsetIn converts an LSP position in text to a byte offset, counting
// UTF-16 units rune by rune: a second implementation, kept naive on
// purpose, so that the server's conversion is checked against it.
func offsetIn(t testing.TB, text string, p Position) int {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	if p.Line >= len(lines) {
		t.Fatalf("position %+v past the last line", p)
	}
	off := 0
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	units := 0
	for _, r := range strings.TrimSuffix(lines[p.Line], "\n") {
		if units == p.Character {
			return off
		}
		units++
		if r >= 0x10000 {
			units++
		}
		off += utf8.RuneLen(r)
	}
	if units != p.Character {
		t.Fatalf("position %+v past the end of its line %q", p, lines[p.Line])
	}
	return off
}

// applyEdits applies LSP text edits, all relative to text, as an editor
// does.
func applyEdits(t testing.TB, text string, edits []TextEdit) string {
	t.Helper()
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offsetIn(t, text, e.Range.Start), offsetIn(t, text, e.Range.End), e.NewText})
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s.start < last {
			t.Fatalf("overlapping edits %+v", edits)
		}
		b.WriteString(text[last:s.start])
		b.WriteString(s.text)
		last = s.end
	}
	b.WriteString(text[last:])
	return b.String()
}
