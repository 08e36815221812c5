package goplsproxy

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"syscall"

	"github.com/leakfix/leakfix/lsp"
)

// EnvNested is set in the environment of the gopls the proxy starts, so
// that a "gopls" that turns out to be leakfix gopls again (a wrapper script
// on PATH) fails at once instead of starting proxies without end.
const EnvNested = "LEAKFIX_GOPLS_PROXY"

// ErrNested is returned by Run when the proxy was started by a proxy.
var ErrNested = errors.New("the gopls this proxy found runs leakfix gopls again (a wrapper script on PATH?): set " + EnvGopls + " to the real gopls")

// Proxy is the configuration of one relayed session.
type Proxy struct {
	Gopls   string      // path of the real gopls
	Args    []string    // gopls's arguments, as "leakfix gopls" got them
	Leakfix *lsp.Server // the leakfix side; nil means a zero lsp.Server
	Stderr  io.Writer   // gopls's stderr, and the proxy's own complaints; nil discards them
}

// Run starts gopls with p.Args, relays the session between the client
// (which writes to in and reads from out) and it until gopls exits, and
// returns gopls's exit code (128 plus the signal's number if a signal
// killed it). The session ends when the client sends exit (gopls then
// exits), when in ends (gopls's stdin is closed), or when gopls dies.
//
// Every goroutine Run starts has ended when it returns, but for the one
// reading in when gopls ended on its own: Run then closes in if it is an
// io.Closer, which ends that read for a pipe, but cannot end a blocking
// read of a terminal, and does not wait for it.
func (p *Proxy) Run(in io.Reader, out io.Writer) (int, error) {
	if os.Getenv(EnvNested) != "" {
		return 0, ErrNested
	}
	stderr := p.Stderr
	if stderr == nil {
		stderr = io.Discard
	}
	cmd := exec.Command(p.Gopls, p.Args...)
	cmd.Env = append(os.Environ(), EnvNested+"=1")
	cmd.Stderr = stderr
	toGopls, err := cmd.StdinPipe()
	if err != nil {
		return 0, err
	}
	fromGopls, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}

	leakfix := p.Leakfix
	if leakfix == nil {
		leakfix = &lsp.Server{}
	}
	toLeakfixR, toLeakfixW := io.Pipe()
	fromLeakfixR, fromLeakfixW := io.Pipe()
	r := newRelay(out, toGopls, toLeakfixW, stderr)

	var sides sync.WaitGroup // every goroutine but the client's reader
	for _, o := range []*outbox{r.client, r.gopls, r.leakfix} {
		sides.Go(o.run)
	}
	sides.Go(func() {
		if err := leakfix.Serve(toLeakfixR, fromLeakfixW); err != nil && !errors.Is(err, lsp.ErrExitBeforeShutdown) {
			r.logf("leakfix: %v", err)
		}
		fromLeakfixW.Close()
		toLeakfixR.Close() // unblock writes after an early return
	})
	leakfixDone := make(chan struct{})
	sides.Go(func() {
		defer close(leakfixDone)
		r.read(fromLeakfixR, r.fromLeakfix)
		r.leakfixEnded()
	})
	clientDone := make(chan struct{})
	go func() {
		defer close(clientDone)
		r.read(in, r.fromClient)
		// The client is gone or said exit: gopls and leakfix see their
		// input end and stop, unless they have already.
		r.gopls.close()
		r.leakfix.close()
	}()

	r.read(fromGopls, r.fromGopls)
	code := exitCode(cmd.Wait())
	r.gopls.close()
	r.leakfix.close()
	<-leakfixDone // everything leakfix published is queued for the client
	r.client.close()
	sides.Wait()
	select {
	case <-clientDone:
	default:
		if c, ok := in.(io.Closer); ok {
			c.Close()
		}
	}
	if r.client.err != nil {
		return code, fmt.Errorf("writing to the client: %w", r.client.err)
	}
	return code, nil
}

// exitCode is the exit code of a process that Wait returned err for.
func exitCode(err error) int {
	var exit *exec.ExitError
	if !errors.As(err, &exit) {
		if err != nil {
			return 1 // never started properly, or its output failed
		}
		return 0
	}
	if ws, ok := exit.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return 128 + int(ws.Signal())
	}
	return exit.ExitCode()
}

// read relays the messages of one stream to handle until the stream ends,
// breaks, or a handler says it has read its last message.
func (r *relay) read(in io.Reader, handle func(*message) bool) {
	br := bufio.NewReader(in)
	for {
		m, err := readMessage(br)
		if err != nil {
			if err != io.EOF && !errors.Is(err, io.ErrClosedPipe) && !errors.Is(err, os.ErrClosed) {
				r.logf("%v", err) // not the end of a stream the proxy closed
			}
			return
		}
		if !handle(m) {
			return
		}
	}
}

// relay is the state of one session, shared by the three readers.
type relay struct {
	client, gopls, leakfix *outbox
	log                    io.Writer

	mu         sync.Mutex
	logMu      sync.Mutex
	nextID     int                        // the last ID the proxy gave a message
	merges     map[string]*merge          // client requests that leakfix answers too, by the client's ID
	leakfixIDs map[string]*merge          // the same, by the ID leakfix got
	calls      map[string]json.RawMessage // leakfix's requests to the client: leakfix's ID by the client's
	commands   map[string]bool            // the commands leakfix executes
	leakfixOut bool                       // leakfix's server has ended: gopls answers alone
	diags      map[string]*published      // what each side published, by document
}

// newRelay returns the relay between a client and gopls's and leakfix's
// inputs, which it closes when done with them.
func newRelay(client, gopls, leakfix io.Writer, log io.Writer) *relay {
	return &relay{
		client:     newOutbox(client, false),
		gopls:      newOutbox(gopls, true),
		leakfix:    newOutbox(leakfix, true),
		log:        log,
		merges:     map[string]*merge{},
		leakfixIDs: map[string]*merge{},
		calls:      map[string]json.RawMessage{},
		commands:   map[string]bool{},
		diags:      map[string]*published{},
	}
}

func (r *relay) logf(format string, args ...any) {
	r.logMu.Lock()
	defer r.logMu.Unlock()
	fmt.Fprintf(r.log, "leakfix gopls: "+format+"\n", args...)
}

// merge is a client request that both sides answer, or that leakfix
// alone answers (then gopls is nil and not awaited).
type merge struct {
	clientID  json.RawMessage
	method    string
	leakfixID json.RawMessage // the ID leakfix got
	gopls     *message        // gopls's response, once it came
	leakfix   *message        // leakfix's response, once it came
	ownedBy   string          // "leakfix" when gopls is not asked
}

// fromClient relays a message of the client. It returns false after
// exit: nothing may follow it.
func (r *relay) fromClient(m *message) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if m.isResponse() {
		if id, ok := r.calls[string(m.ID)]; ok {
			delete(r.calls, string(m.ID))
			m.ID = id
			r.leakfix.put(encode(m))
			return true
		}
		r.gopls.put(m.body)
		return true
	}
	switch m.Method {
	case "initialize", "shutdown":
		r.askBoth(m)
	case "textDocument/codeAction":
		if admitsQuickFix(m.Params) {
			r.askBoth(m)
		} else {
			r.gopls.put(m.body)
		}
	case "workspace/executeCommand":
		var p struct {
			Command string `json:"command"`
		}
		if json.Unmarshal(m.Params, &p) == nil && r.commands[p.Command] {
			r.askLeakfix(m, &merge{clientID: m.ID, method: m.Method, ownedBy: "leakfix"})
		} else {
			r.gopls.put(m.body)
		}
	case "initialized", "textDocument/didOpen", "textDocument/didChange", "textDocument/didSave", "textDocument/didClose":
		r.gopls.put(m.body)
		r.leakfix.put(m.body)
	case "exit":
		r.gopls.put(m.body)
		r.leakfix.put(m.body)
		return false
	case "$/cancelRequest":
		r.gopls.put(m.body)
		var p struct {
			ID json.RawMessage `json:"id"`
		}
		if json.Unmarshal(m.Params, &p) == nil {
			if mg, ok := r.merges[string(p.ID)]; ok && mg.leakfix == nil {
				r.leakfix.put(encode(&message{Method: m.Method, Params: mustJSON(map[string]any{"id": mg.leakfixID})}))
			}
		}
	default:
		r.gopls.put(m.body)
	}
	return true
}

// askBoth sends a client request to gopls as it is, and to leakfix with an
// ID of the proxy's, and waits for both answers.
func (r *relay) askBoth(m *message) {
	r.gopls.put(m.body)
	r.askLeakfix(m, &merge{clientID: m.ID, method: m.Method})
}

// askLeakfix sends m to leakfix, to be answered through mg.
func (r *relay) askLeakfix(m *message, mg *merge) {
	r.merges[string(m.ID)] = mg
	if r.leakfixOut {
		mg.leakfix = gone(m.ID)
		r.answer(mg)
		return
	}
	r.nextID++
	id := json.RawMessage(fmt.Sprint(r.nextID))
	mg.leakfixID = id
	r.leakfixIDs[string(id)] = mg
	r.leakfix.put(encode(&message{ID: id, Method: m.Method, Params: m.Params}))
}

// leakfixEnded answers for leakfix's server, which has ended (it does
// when its input does, or on a broken frame), the requests it will not
// answer, so that gopls's answers are not held back for ever.
func (r *relay) leakfixEnded() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.leakfixOut = true
	for id, mg := range r.leakfixIDs {
		delete(r.leakfixIDs, id)
		mg.leakfix = gone(mg.clientID)
		r.answer(mg)
	}
}

// gone is the response of a leakfix server that has ended.
func gone(id json.RawMessage) *message {
	return &message{ID: id, Error: &responseError{Code: codeInternalError, Message: "leakfix's server has ended"}}
}

// codeInternalError is JSON-RPC's code for an error of the server.
const codeInternalError = -32603

// fromGopls relays a message of gopls.
func (r *relay) fromGopls(m *message) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case m.isResponse():
		if mg, ok := r.merges[string(m.ID)]; ok && mg.ownedBy == "" {
			mg.gopls = m
			r.answer(mg)
			return true
		}
		r.client.put(m.body)
	case m.Method == "textDocument/publishDiagnostics":
		r.publish(m, fromGopls)
	default:
		r.client.put(m.body) // a notification or a request: gopls's ID is the client's to answer
	}
	return true
}

// fromLeakfix handles a message of leakfix's server.
func (r *relay) fromLeakfix(m *message) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case m.isResponse():
		mg, ok := r.leakfixIDs[string(m.ID)]
		if !ok {
			r.logf("leakfix answered %s, which it was not asked", m.ID)
			return true
		}
		delete(r.leakfixIDs, string(m.ID))
		mg.leakfix = m
		r.answer(mg)
	case m.Method == "textDocument/publishDiagnostics":
		r.publish(m, fromLeakfix)
	case m.isRequest():
		r.nextID++
		id := json.RawMessage(fmt.Sprintf(`"leakfix-%d"`, r.nextID))
		r.calls[string(id)] = m.ID
		m.ID = id
		r.client.put(encode(m))
	default:
		r.client.put(m.body) // window/logMessage and the like
	}
	return true
}

// answer sends the client the answer to mg once every side asked has
// answered.
func (r *relay) answer(mg *merge) {
	if mg.leakfix == nil || mg.gopls == nil && mg.ownedBy == "" {
		return // the other side's answer is due
	}
	delete(r.merges, string(mg.clientID))
	if mg.ownedBy == "leakfix" {
		mg.leakfix.ID = mg.clientID
		r.client.put(encode(mg.leakfix))
		return
	}
	g, l := mg.gopls, mg.leakfix
	if g.Error != nil || l.Error != nil || len(l.Result) == 0 {
		// gopls's error (a cancellation, say) stands; leakfix's never
		// hides what gopls answered.
		if l.Error != nil {
			r.logf("%s: %s", mg.method, l.Error.Message)
		}
		r.client.put(g.body)
		return
	}
	var result json.RawMessage
	var err error
	switch mg.method {
	case "initialize":
		result, err = r.mergeInitialize(g.Result, l.Result)
	case "textDocument/codeAction":
		result, err = concatLists(g.Result, l.Result)
	default: // shutdown: gopls's answer, now that leakfix has stopped too
		r.client.put(g.body)
		return
	}
	if err != nil {
		r.logf("%s: %v", mg.method, err)
		r.client.put(g.body)
		return
	}
	r.client.put(encode(&message{ID: mg.clientID, Result: result}))
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}
