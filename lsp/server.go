package lsp

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// DefaultDebounce is how long the server waits after the last change to a
// document before it analyses the document's package again.
const DefaultDebounce = 300 * time.Millisecond

// ErrExitBeforeShutdown is returned by Serve when the client sent exit
// without asking for shutdown first, which the specification counts as an
// abnormal end.
var ErrExitBeforeShutdown = errors.New("lsp: exit notification before shutdown request")

// Server is the configuration of the language server. Its zero value is
// ready to use.
type Server struct {
	Tags     string        // build tags, comma separated, as for "leakfix -tags"
	Debounce time.Duration // wait after the last change before analysing; 0 means DefaultDebounce
	Log      io.Writer     // where analysis problems are logged; nil discards them
	Version  string        // reported to the client in serverInfo
}

// Serve runs one session: it reads messages from in and writes messages to
// out until the client sends exit or in ends. It returns nil after
// shutdown and exit or at the end of in, ErrExitBeforeShutdown after an
// exit without shutdown, and an error when in holds a message whose
// header cannot be read or out cannot be written. Every goroutine it
// starts has ended when it returns.
func (srv *Server) Serve(in io.Reader, out io.Writer) error {
	s := &session{
		srv:       srv,
		out:       out,
		docs:      map[string]*document{},
		published: map[string]published{},
		changed:   map[string]bool{},
		debounce:  time.NewTimer(time.Hour),
		results:   make(chan *outcome, 1), // never blocks: one analysis runs at a time
	}
	s.debounce.Stop()
	defer s.debounce.Stop()
	msgs := make(chan incoming)
	var reader sync.WaitGroup
	reader.Go(func() { readLoop(in, msgs) })
	defer reader.Wait()
	defer s.analyses.Wait()
	for {
		select {
		case in, ok := <-msgs:
			if !ok {
				return cmp.Or(s.writeErr, s.err)
			}
			s.handle(in)
		case <-s.debounce.C:
			for dir := range s.changed {
				s.enqueue(dir)
			}
			clear(s.changed)
			s.startNext()
		case o := <-s.results:
			s.running = false
			s.publish(o)
			s.startNext()
		}
	}
}

// incoming is what the reader read: a message, or why it could not.
type incoming struct {
	msg *message
	err error
}

// readLoop sends the messages of in to msgs and closes msgs after exit,
// at the end of in, or at a header it cannot read.
func readLoop(in io.Reader, msgs chan<- incoming) {
	defer close(msgs)
	r := bufio.NewReader(in)
	for {
		m, err := readMessage(r)
		if err == io.EOF {
			return
		}
		msgs <- incoming{m, err}
		if errors.Is(err, errFraming) || err == nil && m.Method == "exit" {
			return
		}
	}
}

// session is the state of one Serve call. Only Serve's goroutine touches
// it; an analysis works on a snapshot and hands back an outcome.
type session struct {
	srv      *Server
	out      io.Writer
	err      error // why the session ended: a broken header, exit before shutdown
	writeErr error // the first failed write; nothing is written after it
	logMu    sync.Mutex

	initialized bool // initialize was answered
	shutdown    bool // shutdown was answered

	docs      map[string]*document // open documents by absolute path
	published map[string]published // non-empty diagnostics last published, by path

	changed  map[string]bool // directories changed since the debounce timer started
	debounce *time.Timer
	queue    []string // directories due for analysis, oldest first
	running  bool
	results  chan *outcome
	analyses sync.WaitGroup
}

// document is an open document: what the editor shows, saved or not.
type document struct {
	uri     string // as the client spells it
	version int
	text    []byte // replaced, never modified in place: snapshots share it
}

// published is what the client holds for a file.
type published struct {
	uri   string
	diags []Diagnostic
}

func (s *session) logf(format string, args ...any) {
	if s.srv.Log != nil {
		s.logMu.Lock() // analyses log too
		defer s.logMu.Unlock()
		fmt.Fprintf(s.srv.Log, "leakfix lsp: "+format+"\n", args...)
	}
}

// send writes a message; after a failed write it writes nothing more but
// keeps reading, so that the reader ends with the stream.
func (s *session) send(m *message) {
	if s.writeErr != nil {
		return
	}
	if err := writeMessage(s.out, m); err != nil {
		s.writeErr = fmt.Errorf("lsp: writing to the client: %w", err)
	}
}

func (s *session) reply(id json.RawMessage, result any, rerr *responseError) {
	m := &message{ID: id, Error: rerr}
	if rerr == nil {
		b, err := json.Marshal(result)
		if err != nil {
			m.Error = &responseError{Code: codeInvalidRequest, Message: err.Error()}
		} else {
			m.Result = b // "null" for a nil result: a response needs one of result or error
		}
	}
	if m.ID == nil {
		m.ID = json.RawMessage("null")
	}
	s.send(m)
}

func (s *session) notify(method string, params any) {
	b, err := json.Marshal(params)
	if err != nil {
		s.logf("%s: %v", method, err)
		return
	}
	s.send(&message{Method: method, Params: b})
}

// handle answers one message.
func (s *session) handle(in incoming) {
	var rerr *responseError
	switch {
	case errors.As(in.err, &rerr):
		s.reply(nil, nil, rerr) // a body that is not JSON has no usable id
		return
	case in.err != nil:
		s.err = in.err
		return
	}
	m := in.msg
	if m.Method == "" {
		return // a response: the server sends no requests
	}
	if m.Method == "exit" {
		if !s.shutdown {
			s.err = ErrExitBeforeShutdown
		}
		return
	}
	if !s.initialized && m.Method != "initialize" {
		if m.isRequest() {
			s.reply(m.ID, nil, &responseError{Code: codeServerNotInitialized, Message: "initialize first"})
		}
		return
	}
	if s.shutdown && m.isRequest() {
		s.reply(m.ID, nil, &responseError{Code: codeInvalidRequest, Message: "the server is shutting down"})
		return
	}
	h, ok := handlers[m.Method]
	if !ok {
		if m.isRequest() {
			s.reply(m.ID, nil, &responseError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method})
		}
		return // notifications nobody needs ($/setTrace, $/cancelRequest, …)
	}
	result, err := h(s, m.Params)
	if !m.isRequest() {
		if err != nil {
			s.logf("%s: %v", m.Method, err)
		}
		return
	}
	if err != nil {
		s.reply(m.ID, nil, &responseError{Code: codeInvalidParams, Message: err.Error()})
		return
	}
	s.reply(m.ID, result, nil)
}

// handlers maps each method the server knows to its handler; the result
// of a notification's handler is dropped.
var handlers = map[string]func(*session, json.RawMessage) (any, error){
	"initialize":              (*session).initialize,
	"initialized":             func(*session, json.RawMessage) (any, error) { return nil, nil },
	"shutdown":                (*session).shutdownRequest,
	"textDocument/didOpen":    (*session).didOpen,
	"textDocument/didChange":  (*session).didChange,
	"textDocument/didSave":    (*session).didSave,
	"textDocument/didClose":   (*session).didClose,
	"textDocument/codeAction": (*session).codeAction,
}

func (s *session) initialize(json.RawMessage) (any, error) {
	s.initialized = true
	return InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding:   "utf-16",
			TextDocumentSync:   TextDocumentSyncOptions{OpenClose: true, Change: textDocumentSyncFull, Save: SaveOptions{}},
			CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{codeActionKindQuickFix}},
		},
		ServerInfo: ServerInfo{Name: "leakfix", Version: s.srv.Version},
	}, nil
}

func (s *session) shutdownRequest(json.RawMessage) (any, error) {
	s.shutdown = true
	s.debounce.Stop()
	clear(s.changed)
	s.queue = nil
	return nil, nil
}

// goFile returns the path of a document the server analyses, or "" for
// one it leaves alone (go.mod, a non-file URI).
func goFile(uri string) (string, error) {
	path, err := pathOf(uri)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(path, ".go") {
		return "", nil
	}
	return path, nil
}

func (s *session) didOpen(raw json.RawMessage) (any, error) {
	var p DidOpenTextDocumentParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path, err := goFile(p.TextDocument.URI)
	if path == "" {
		return nil, err
	}
	s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, text: []byte(p.TextDocument.Text)}
	s.analyseNow(filepath.Dir(path))
	return nil, nil
}

func (s *session) didChange(raw json.RawMessage) (any, error) {
	var p DidChangeTextDocumentParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path, err := goFile(p.TextDocument.URI)
	if path == "" {
		return nil, err
	}
	doc, ok := s.docs[path]
	if !ok {
		return nil, fmt.Errorf("%s: changed but not open", p.TextDocument.URI)
	}
	text := doc.text
	for _, c := range p.ContentChanges {
		if text, err = applyChange(text, c); err != nil {
			return nil, fmt.Errorf("%s: %v", p.TextDocument.URI, err)
		}
	}
	doc.text, doc.version = text, p.TextDocument.Version
	if s.shutdown {
		return nil, nil
	}
	s.changed[filepath.Dir(path)] = true
	s.debounce.Reset(s.debounceDelay())
	return nil, nil
}

func (s *session) debounceDelay() time.Duration {
	if s.srv.Debounce > 0 {
		return s.srv.Debounce
	}
	return DefaultDebounce
}

// applyChange returns text with one content change applied: the whole
// text, or, from clients that send ranges despite the full sync the
// server asks for, a replaced range.
func applyChange(text []byte, c TextDocumentContentChangeEvent) ([]byte, error) {
	if c.Range == nil {
		return []byte(c.Text), nil
	}
	m := newMapper(text)
	start, err := m.offset(c.Range.Start)
	if err != nil {
		return nil, err
	}
	end, err := m.offset(c.Range.End)
	if err != nil {
		return nil, err
	}
	if end < start {
		return nil, fmt.Errorf("change range ends before it starts")
	}
	out := make([]byte, 0, len(text)-(end-start)+len(c.Text))
	out = append(append(append(out, text[:start]...), c.Text...), text[end:]...)
	return out, nil
}

func (s *session) didSave(raw json.RawMessage) (any, error) {
	var p DidSaveTextDocumentParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path, err := goFile(p.TextDocument.URI)
	if path == "" {
		return nil, err
	}
	if doc, ok := s.docs[path]; ok && p.Text != nil {
		doc.text = []byte(*p.Text)
	}
	delete(s.changed, filepath.Dir(path)) // analysed now, with the same text
	s.analyseNow(filepath.Dir(path))
	return nil, nil
}

func (s *session) didClose(raw json.RawMessage) (any, error) {
	var p DidCloseTextDocumentParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	path, err := goFile(p.TextDocument.URI)
	if path == "" {
		return nil, err
	}
	delete(s.docs, path)
	if _, ok := s.published[path]; ok {
		delete(s.published, path)
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []Diagnostic{}})
	}
	// The package's other open files were analysed with this buffer's
	// unsaved text; what is on disk holds now.
	dir := filepath.Dir(path)
	for other := range s.docs {
		if filepath.Dir(other) == dir {
			s.analyseNow(dir)
			break
		}
	}
	return nil, nil
}

// analyseNow queues dir and starts an analysis if none is running.
func (s *session) analyseNow(dir string) {
	if s.shutdown {
		return
	}
	s.enqueue(dir)
	s.startNext()
}

func (s *session) enqueue(dir string) {
	for _, d := range s.queue {
		if d == dir {
			return
		}
	}
	s.queue = append(s.queue, dir)
}
