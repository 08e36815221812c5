package goplsproxy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakfix/leakfix/lsp"
	"github.com/leakfix/leakfix/rewrite"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	if code := os.Getenv(envFakeExit); code != "" {
		fakeGopls(code) // this binary, started by a test as a gopls that dies
	}
	goleak.VerifyTestMain(m)
}

// goldenCase is the golden case the session test opens: a leak whose
// preferred fix is the buffer.
const goldenCase = "../golden/testdata/cases/first_range"

// unusedVar is appended to the case: gopls reports it as a compiler error
// with code UnusedVar; it leaves the package's types whole, so leakfix
// still reports the leak.
const unusedVar = "\nfunc unused() {\n\tx := 1\n}\n"

// uriOf returns the file URI of an absolute path.
func uriOf(path string) string { return "file://" + filepath.ToSlash(path) }

// initializeParams are those of an editor that supports what gopls asks
// for: configuration, progress, code action literals.
func initializeParams(root string) map[string]any {
	return map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          uriOf(root),
		"workspaceFolders": []any{map[string]any{"uri": uriOf(root), "name": "m"}},
		"capabilities": map[string]any{
			"workspace": map[string]any{"configuration": true, "workspaceFolders": true},
			"window":    map[string]any{"workDoneProgress": true},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{"relatedInformation": true},
				"hover":              map[string]any{"contentFormat": []string{"plaintext"}},
				"codeAction": map[string]any{"codeActionLiteralSupport": map[string]any{
					"codeActionKind": map[string]any{"valueSet": []string{"", "quickfix", "refactor", "source", "source.organizeImports"}},
				}},
			},
		},
	}
}

// TestSession runs a session against the real gopls through the proxy:
// the capabilities are gopls's plus leakfix's quick fixes; gopls's
// compiler error and leakfix's leak are published together for the same
// document; hover and definition are gopls's; leakfix's preferred quick
// fix, applied to the buffer, gives the golden output; context.only keeps
// leakfix out; shutdown and exit end gopls with code 0.
func TestSession(t *testing.T) {
	gopls := needGopls(t)
	src, err := os.ReadFile(filepath.Join(goldenCase, "case.go"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(src) + unusedVar
	mod := writeModule(t, map[string]string{"p/case.go": text})
	uri := uriOf(filepath.Join(mod, "p", "case.go"))
	c := start(t, &Proxy{Gopls: gopls, Leakfix: &lsp.Server{}, Stderr: testLog{t}})

	checkCapabilitiesMerged(t, c, mod)
	c.notify("initialized", map[string]any{})
	c.notify("textDocument/didOpen", lsp.DidOpenTextDocumentParams{TextDocument: lsp.TextDocumentItem{URI: uri, LanguageID: "go", Version: 1, Text: text}})
	leak, unused := checkPublishedTogether(t, c, uri, string(src))
	checkGoplsTrafficReached(t, c)
	checkGoplsAnswers(t, c, uri, text)
	fixed := checkPreferredFixIsGolden(t, c, uri, text, leak, unused)
	checkCancelledAnswered(t, c, uri, leak)
	for _, a := range c.codeActions(uri, leak.Range, []diagnostic{*leak}, []string{"source.organizeImports"}) {
		if strings.HasPrefix(a.Title, "Fix goroutine leak") {
			t.Errorf("context.only source.organizeImports: leakfix offered %q", a.Title)
		}
	}

	// The fix applied in the buffer clears leakfix's diagnostic and
	// leaves gopls's.
	c.notify("textDocument/didChange", lsp.DidChangeTextDocumentParams{
		TextDocument:   lsp.VersionedTextDocumentIdentifier{URI: uri, Version: 2},
		ContentChanges: []lsp.TextDocumentContentChangeEvent{{Text: fixed}},
	})
	c.diagnosticsUntil(uri, func(p publication) bool {
		return len(p.Diagnostics) == 1 && p.Diagnostics[0].Code == "UnusedVar"
	})

	if res := c.call("shutdown", nil); string(res) != "null" {
		t.Errorf("shutdown: %s, want null", res)
	}
	c.notify("exit", nil)
	if r := c.wait(); r.code != 0 || r.err != nil {
		t.Errorf("Run after shutdown and exit: %d, %v; want 0, nil", r.code, r.err)
	}
}

// checkCapabilitiesMerged initializes the session rooted at mod and
// checks that the server, hover and definition are gopls's, and that the
// code action kinds are gopls's with quickfix among them.
func checkCapabilitiesMerged(t *testing.T, c *client, mod string) {
	t.Helper()
	var init struct {
		Capabilities struct {
			HoverProvider      json.RawMessage `json:"hoverProvider"`
			DefinitionProvider json.RawMessage `json:"definitionProvider"`
			CodeActionProvider struct {
				Kinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	if err := json.Unmarshal(c.call("initialize", initializeParams(mod)), &init); err != nil {
		t.Fatal(err)
	}
	caps := init.Capabilities
	if init.ServerInfo.Name != "gopls" || string(caps.HoverProvider) != "true" || string(caps.DefinitionProvider) != "true" {
		t.Errorf("initialize: server %q, hover %s, definition %s: want gopls's", init.ServerInfo.Name, caps.HoverProvider, caps.DefinitionProvider)
	}
	if !slices.Contains(caps.CodeActionProvider.Kinds, "quickfix") || !slices.Contains(caps.CodeActionProvider.Kinds, "source.organizeImports") {
		t.Errorf("code action kinds %q, want gopls's with quickfix", caps.CodeActionProvider.Kinds)
	}
}

// checkPublishedTogether waits for a publication on uri that holds both
// leakfix's leak and gopls's UnusedVar, so neither side erased the
// other's, and returns the two. It checks the leak's message against
// diagnostics.golden and the UnusedVar's line against the function
// appended to src.
func checkPublishedTogether(t *testing.T, c *client, uri, src string) (leak, unused *diagnostic) {
	t.Helper()
	c.diagnosticsUntil(uri, func(p publication) bool {
		leak, unused = nil, nil
		for i, d := range p.Diagnostics {
			switch {
			case d.Source == "leakfix":
				leak = &p.Diagnostics[i]
			case d.Code == "UnusedVar":
				unused = &p.Diagnostics[i]
			}
		}
		return leak != nil && unused != nil
	})
	wantDiag, err := os.ReadFile(filepath.Join(goldenCase, "diagnostics.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(strings.TrimSpace(string(wantDiag)), ": "+leak.Message) {
		t.Errorf("leakfix's diagnostic %q, want the one of diagnostics.golden:\n%s", leak.Message, wantDiag)
	}
	if got := unused.Range.Start.Line; got != strings.Count(src, "\n")+2 {
		t.Errorf("UnusedVar on line %d, want the appended function's", got)
	}
	return leak, unused
}

// checkGoplsTrafficReached checks that gopls's requests for configuration
// and progress, and its $/progress notifications, reached the client.
func checkGoplsTrafficReached(t *testing.T, c *client) {
	t.Helper()
	for _, method := range []string{"workspace/configuration", "window/workDoneProgress/create"} {
		if !seen(c, method) {
			t.Errorf("gopls's %s request did not reach the client", method)
		}
	}
	if !slices.ContainsFunc(c.pending, func(m *message) bool { return m.Method == "$/progress" }) {
		t.Errorf("gopls's $/progress notifications did not reach the client")
	}
}

// checkGoplsAnswers checks that gopls answers, through the proxy, what
// leakfix does not know: hover and definition on the call of First in
// text.
func checkGoplsAnswers(t *testing.T, c *client, uri, text string) {
	t.Helper()
	call := strings.Index(text, "First([]string")
	callPos := lsp.Position{Line: strings.Count(text[:call], "\n"), Character: call - strings.LastIndex(text[:call], "\n") - 1}
	at := map[string]any{"textDocument": map[string]any{"uri": uri}, "position": callPos}
	var hover struct {
		Contents struct{ Value string } `json:"contents"`
	}
	if err := json.Unmarshal(c.call("textDocument/hover", at), &hover); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hover.Contents.Value, "func First(words []string) int") {
		t.Errorf("hover on First: %q, want its signature", hover.Contents.Value)
	}
	var defs []lsp.Location
	if err := json.Unmarshal(c.call("textDocument/definition", at), &defs); err != nil {
		t.Fatal(err)
	}
	if len(defs) != 1 || defs[0].URI != uri || defs[0].Range.Start.Line != strings.Count(text[:strings.Index(text, "func First")], "\n") {
		t.Errorf("definition of First: %+v, want its declaration in %s", defs, uri)
	}
}

// checkPreferredFixIsGolden asks for the quick fixes of both sides on the
// leak, checks that leakfix's preferred one, applied to text, gives the
// golden output with the unused function, and returns the fixed text.
func checkPreferredFixIsGolden(t *testing.T, c *client, uri, text string, leak, unused *diagnostic) string {
	t.Helper()
	actions := c.codeActions(uri, leak.Range, []diagnostic{*leak, *unused}, nil)
	var preferred *codeAction
	for i, a := range actions {
		if a.IsPreferred && strings.HasPrefix(a.Title, "Fix goroutine leak") {
			preferred = &actions[i]
		}
	}
	if preferred == nil || preferred.Edit == nil {
		t.Fatalf("code actions %+v: no preferred leakfix fix", actions)
	}
	fixed := applyEdits(t, text, preferred.Edit.Changes[uri])
	strategy := rewrite.StrategyOf(preferred.Title)
	golden, err := os.ReadFile(filepath.Join(goldenCase, "case.go."+string(strategy)+".golden"))
	if err != nil {
		t.Fatalf("preferred action %q: %v", preferred.Title, err)
	}
	if want := string(golden) + unusedVar; fixed != want {
		t.Errorf("after %q:\n%s\nwant case.go.%s.golden with the unused function:\n%s", preferred.Title, fixed, strategy, want)
	}
	return fixed
}

// checkCancelledAnswered checks that a cancelled code action request is
// still answered, once: a result or gopls's cancellation error, never
// held back waiting for leakfix. gopls answers a cancellation with
// RequestCancelled, or, when its handler saw the cancelled context
// first, with "context canceled"; the proxy passes either on.
func checkCancelledAnswered(t *testing.T, c *client, uri string, leak *diagnostic) {
	t.Helper()
	id := c.request("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": leak.Range, "context": map[string]any{"diagnostics": []diagnostic{*leak}}})
	c.notify("$/cancelRequest", map[string]any{"id": json.RawMessage(id)})
	if m := c.response(id); m.Error != nil && m.Error.Code != -32800 && !strings.Contains(m.Error.Message, "context canceled") {
		t.Errorf("cancelled code action: error %s (code %d), want a result or a cancellation", m.Error.Message, m.Error.Code)
	}
}

// seen reports whether the client has answered a request of method.
func seen(c *client, method string) bool {
	for {
		select {
		case m := <-c.asked:
			c.askedSeen[m] = true
		default:
			return c.askedSeen[method]
		}
	}
}

// codeAction is a code action as gopls and leakfix send it.
type codeAction struct {
	Title       string             `json:"title"`
	Kind        string             `json:"kind"`
	IsPreferred bool               `json:"isPreferred"`
	Edit        *lsp.WorkspaceEdit `json:"edit"`
}

// codeActions asks for the code actions on rng, as an editor does with
// the diagnostics it shows there.
func (c *client) codeActions(uri string, rng lsp.Range, diags []diagnostic, only []string) []codeAction {
	c.t.Helper()
	var actions []codeAction
	ctx := map[string]any{"diagnostics": diags}
	if only != nil {
		ctx["only"] = only
	}
	raw := c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": rng, "context": ctx})
	if err := json.Unmarshal(raw, &actions); err != nil {
		c.t.Fatal(err)
	}
	return actions
}

// testLog writes gopls's stderr and the proxy's complaints to the test
// log.
type testLog struct{ t testing.TB }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Logf("%s", strings.TrimRight(string(b), "\n"))
	return len(b), nil
}

// envFakeExit makes the test binary a gopls that exits at once with the
// code it holds.
const envFakeExit = "GOPLSPROXY_TEST_FAKE_EXIT"

func fakeGopls(code string) {
	time.Sleep(100 * time.Millisecond) // long enough for the client to have started talking
	if code == "kill" {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		time.Sleep(time.Minute) // the signal is on its way
	}
	var n int
	json.Unmarshal([]byte(code), &n)
	os.Exit(n)
}
