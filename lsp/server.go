package lsp

import (
	"bufio"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/leakfix/leakfix/driver"
	"golang.org/x/tools/go/analysis"
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

	// Analyzer is the leakfix analyzer to run, with its strategy; nil
	// means analyzer.Analyzer (the automatic order).
	Analyzer *analysis.Analyzer
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
	listings driver.Listings // the go command's listings, for the next analysis
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
			m.Error = &responseError{Code: codeInternalError, Message: err.Error()}
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
