package goplsproxy

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakfix/leakfix/internal/testmodule"
	"github.com/leakfix/leakfix/lsp"
	"go.uber.org/goleak"
)

// timeout bounds every wait for the proxy: gopls loads a workspace in a
// few seconds, leakfix runs the go command.
const timeout = 90 * time.Second

// needGopls returns the real gopls as "leakfix gopls" finds it, or skips
// the test, saying how to install it; under CI (the variable CI set) it
// fails instead.
func needGopls(t testing.TB) string {
	t.Helper()
	path, err := Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (CI is set: this test must run)", err)
		}
		t.Skipf("%v; skipping the test with the real gopls", err)
	}
	return path
}

// client is an editor talking to a Proxy through pipes. It answers the
// requests the proxy relays from gopls, as an editor does, and keeps a log
// of their methods.
type client struct {
	t      testing.TB
	mu     sync.Mutex // serialises writes
	toSrv  *io.PipeWriter
	msgs   chan *message // everything else the proxy sent, in order
	ran    chan result   // what Run returned
	nextID int

	asked     chan string // methods of the requests relayed from gopls
	pending   []*message  // notifications read while waiting for a response
	askedSeen map[string]bool
}

type result struct {
	code int
	err  error
}

// start runs the proxy on pipes and returns a client for it. The test
// fails if Run has not returned, or left goroutines behind, when it ends.
func start(t testing.TB, p *Proxy) *client {
	t.Helper()
	return startWith(t, p.Run)
}

// startWith is start for any server run on the client's streams.
func startWith(t testing.TB, run func(in io.Reader, out io.Writer) (int, error)) *client {
	t.Helper()
	before := goleak.IgnoreCurrent()
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	c := &client{t: t, toSrv: inW, msgs: make(chan *message, 4096), ran: make(chan result, 1), asked: make(chan string, 1024), askedSeen: map[string]bool{}}
	go func() {
		code, err := run(inR, outW)
		outW.Close()
		c.ran <- result{code, err}
	}()
	go func() {
		defer close(c.msgs)
		r := bufio.NewReader(outR)
		for {
			m, err := readMessage(r)
			if err != nil {
				return
			}
			if m.isRequest() {
				c.answer(m)
				continue
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() {
		inW.Close()
		select {
		case <-c.ran:
		case <-time.After(timeout):
			t.Errorf("Run did not return after stdin closed")
		}
		outR.Close()
		for range c.msgs {
		}
		goleak.VerifyNone(t, before)
	})
	return c
}

// answer answers a request relayed from gopls: one null per item for
// workspace/configuration (the defaults), null for every other.
func (c *client) answer(m *message) {
	var result any
	if m.Method == "workspace/configuration" {
		var p struct {
			Items []json.RawMessage `json:"items"`
		}
		json.Unmarshal(m.Params, &p)
		result = make([]any, len(p.Items))
	}
	c.write(&message{ID: m.ID, Result: mustJSON(result)})
	c.asked <- m.Method
}

func (c *client) write(m *message) {
	c.mu.Lock()
	defer c.mu.Unlock()
	body := encode(m)
	// A write error means the proxy is gone; the test notices elsewhere.
	fmt.Fprintf(c.toSrv, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *client) notify(method string, params any) {
	c.write(&message{Method: method, Params: mustJSON(params)})
}

// request sends a request and returns its ID.
func (c *client) request(method string, params any) json.RawMessage {
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	c.write(&message{ID: id, Method: method, Params: mustJSON(params)})
	return id
}

// response waits for the response to id, keeping the notifications that
// come first.
func (c *client) response(id json.RawMessage) *message {
	c.t.Helper()
	for {
		m := c.next()
		if !m.isResponse() {
			c.pending = append(c.pending, m)
			continue
		}
		if string(m.ID) != string(id) {
			c.t.Fatalf("response to %s while waiting for %s", m.ID, id)
		}
		return m
	}
}

// call sends a request and returns its result; an error fails the test.
func (c *client) call(method string, params any) json.RawMessage {
	c.t.Helper()
	m := c.response(c.request(method, params))
	if m.Error != nil {
		c.t.Fatalf("%s: %s (code %d)", method, m.Error.Message, m.Error.Code)
	}
	return m.Result
}

func (c *client) next() *message {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("the proxy closed its output")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("nothing from the proxy in %v", timeout)
	}
	return nil
}

// publication is the params of textDocument/publishDiagnostics, with
// the diagnostic fields the tests read.
type publication struct {
	URI         string       `json:"uri"`
	Version     *int         `json:"version"`
	Diagnostics []diagnostic `json:"diagnostics"`
}

type diagnostic struct {
	lsp.Diagnostic
	Code any `json:"code"`
}

// diagnosticsUntil waits for a publication for uri that satisfies ok and
// returns it; every other message is kept for later.
func (c *client) diagnosticsUntil(uri string, ok func(publication) bool) publication {
	c.t.Helper()
	deadline := time.After(timeout)
	var last publication
	for {
		if p, found := c.takePublication(uri); found {
			if ok(p) {
				return p
			}
			last = p
			continue
		}
		select {
		case m, open := <-c.msgs:
			if !open {
				c.t.Fatalf("the proxy closed its output; last diagnostics %+v", last)
			}
			c.pending = append(c.pending, m)
		case <-deadline:
			c.t.Fatalf("no wanted diagnostics for %s in %v; last: %+v", uri, timeout, last)
		}
	}
}

// takePublication removes the first publication for uri from the
// messages kept for later, and returns it.
func (c *client) takePublication(uri string) (publication, bool) {
	c.t.Helper()
	for i, m := range c.pending {
		if m.Method != "textDocument/publishDiagnostics" {
			continue
		}
		var p publication
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		if p.URI != uri {
			continue
		}
		c.pending = append(c.pending[:i:i], c.pending[i+1:]...)
		if p.Diagnostics == nil {
			c.t.Fatalf("diagnostics for %s are null, want a list", uri)
		}
		return p, true
	}
	return publication{}, false
}

// wait returns what Run returned.
func (c *client) wait() result {
	c.t.Helper()
	select {
	case r := <-c.ran:
		c.ran <- r // for the cleanup
		return r
	case <-time.After(timeout):
		c.t.Fatalf("Run did not return")
	}
	return result{}
}

// writeModule writes a module of files, with a go.mod, for gopls and
// leakfix to load.
func writeModule(t testing.TB, files map[string]string) string {
	t.Helper()
	files["go.mod"] = "module example.com/m\n\ngo 1.22\n"
	dir := testmodule.Write(t, files)
	real, err := filepath.EvalSymlinks(dir) // gopls reports resolved paths
	if err != nil {
		t.Fatal(err)
	}
	return real
}

// applyEdits applies LSP text edits, all relative to text, as an editor
// does. The text is ASCII, so UTF-16 units are bytes.
func applyEdits(t testing.TB, text string, edits []lsp.TextEdit) string {
	t.Helper()
	lines := strings.SplitAfter(text, "\n")
	offset := func(p lsp.Position) int {
		off := 0
		for _, l := range lines[:p.Line] {
			off += len(l)
		}
		return off + p.Character
	}
	sorted := append([]lsp.TextEdit(nil), edits...)
	sort.SliceStable(sorted, func(i, j int) bool { return offset(sorted[i].Range.Start) < offset(sorted[j].Range.Start) })
	var b strings.Builder
	last := 0
	for _, e := range sorted {
		start, end := offset(e.Range.Start), offset(e.Range.End)
		if start < last {
			t.Fatalf("overlapping edits %+v", edits)
		}
		b.WriteString(text[last:start] + e.NewText)
		last = end
	}
	return b.String() + text[last:]
}
