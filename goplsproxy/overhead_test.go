package goplsproxy

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/lsp"
)

// hovers is how many hover requests each side of TestHoverOverhead times.
const hovers = 100

// TestHoverOverhead measures what the relay adds to a request gopls
// answers: 100 hovers, one at a time, straight to gopls and then through
// the proxy, each session warmed up the same way. It logs both
// distributions (go test -v -run HoverOverhead ./goplsproxy) and fails if
// the proxy adds more than 5ms at the median, five times the 1ms target,
// so that a machine shared with other work does not fail it.
func TestHoverOverhead(t *testing.T) {
	gopls := needGopls(t)
	src, err := os.ReadFile(filepath.Join(goldenCase, "case.go"))
	if err != nil {
		t.Fatal(err)
	}
	direct := func(in io.Reader, out io.Writer) (int, error) {
		cmd := exec.Command(gopls)
		cmd.Stdin, cmd.Stdout = in, out
		return exitCode(cmd.Run()), nil
	}
	proxied := (&Proxy{Gopls: gopls, Leakfix: &lsp.Server{}}).Run
	// Both sessions run at once and take turns, so that whatever else
	// the machine does slows both alike.
	straight := openSession(t, direct, string(src), false)
	relayed := openSession(t, proxied, string(src), true)
	var ds, rs, diffs []time.Duration
	for range hovers {
		d, r := straight.hover(), relayed.hover()
		ds, rs, diffs = append(ds, d), append(rs, r), append(diffs, r-d)
	}
	straight.end()
	relayed.end()
	for _, s := range [][]time.Duration{ds, rs, diffs} {
		slices.Sort(s)
	}
	p50 := func(d []time.Duration) time.Duration { return d[len(d)/2] }
	p90 := func(d []time.Duration) time.Duration { return d[len(d)*9/10] }
	t.Logf("%s, %s %s/%s, %d CPUs: %d hovers each; gopls p50 %v p90 %v; through the proxy p50 %v p90 %v; added, hover by hover: p50 %v p90 %v",
		time.Now().Format("2006-01-02"), runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), hovers,
		p50(ds), p90(ds), p50(rs), p90(rs), p50(diffs), p90(diffs))
	if p50(diffs) > 5*time.Millisecond {
		t.Errorf("the proxy adds %v to a hover at the median, want at most 1ms (5ms on a busy machine)", p50(diffs))
	}
}

// session is a client with a document open, ready to hover.
type session struct {
	t  *testing.T
	c  *client
	at map[string]any // the call of First
}

// openSession opens text in a session with the server run starts and
// waits until it is loaded: gopls's first diagnostics, and leakfix's too
// when withLeakfix (its analysis, which runs the go command, is over).
// Then it warms the session up with 10 hovers.
func openSession(t *testing.T, run func(io.Reader, io.Writer) (int, error), text string, withLeakfix bool) *session {
	mod := writeModule(t, map[string]string{"p/case.go": text})
	uri := uriOf(filepath.Join(mod, "p", "case.go"))
	c := startWith(t, run)
	c.call("initialize", initializeParams(mod))
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: text}})
	c.diagnosticsUntil(uri, func(p publication) bool {
		return !withLeakfix || slices.ContainsFunc(p.Diagnostics, func(d diagnostic) bool { return d.Source == "leakfix" })
	})
	call := strings.Index(text, "First([]string")
	s := &session{t: t, c: c, at: map[string]any{"textDocument": map[string]any{"uri": uri}, "position": lsp.Position{
		Line: strings.Count(text[:call], "\n"), Character: call - strings.LastIndex(text[:call], "\n") - 1,
	}}}
	for range 10 { // gopls's caches, the proxy's buffers
		s.hover()
	}
	return s
}

// hover times one hover request.
func (s *session) hover() time.Duration {
	start := time.Now()
	s.c.call("textDocument/hover", s.at)
	return time.Since(start)
}

// end shuts the session down.
func (s *session) end() {
	s.c.call("shutdown", nil)
	s.c.notify("exit", nil)
	s.c.toSrv.Close() // as an editor does: exec's copy to gopls's stdin ends
	if r := s.c.wait(); r.code != 0 || r.err != nil {
		s.t.Errorf("after exit: %d, %v", r.code, r.err)
	}
}
