package lsp

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// leaky returns a golden case's input, as package p.
func leaky(t testing.TB, name string) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("../golden/testdata/cases", name, "case.go"))
	if err != nil {
		t.Fatal(err)
	}
	_, body, _ := strings.Cut(string(src), "\n")
	return "package p\n" + body
}

// openOne starts a server on a module whose package p holds a.go and an
// empty b.go, opens a.go, and returns the client, the document's URI and path, and the
// diagnostics first published.
func openOne(t *testing.T, srv *Server, text string) (*client, string, string, []Diagnostic) {
	t.Helper()
	mod := writeModule(t, map[string]string{"p/a.go": text, "p/b.go": "package p\n"})
	path := filepath.Join(mod, "p", "a.go")
	c := start(t, srv)
	c.initialize()
	uri := uriOf(path)
	c.open(uri, text)
	return c, uri, path, c.diagnostics(uri).Diagnostics
}

// A buffer being typed does not parse or type-check. The server keeps
// the leak's diagnostic while the function that holds it type-checks and
// its file parses, publishes an empty list otherwise, answering code
// actions with none, and finds the leak again once the buffer is whole.
func TestHalfTyped(t *testing.T) {
	text := leaky(t, "first_range")
	c, uri, _, diags := openOne(t, &Server{Debounce: time.Millisecond}, text)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics for the leaky file, want 1", len(diags))
	}
	version := 1
	for _, tc := range []struct {
		name, text string
		want       int // diagnostics
	}{
		{"cut mid-function", text[:strings.Index(text, "go func")+5], 0},
		{"unbalanced brace", strings.Replace(text, "}()", "}(", 1), 0},
		{"undefined name", strings.Replace(text, "len(w)", "len(wor)", 1), 0},
		{"type mismatch", strings.Replace(text, "out <- len(w)", `out <- "x"`, 1), 0},
		{"unused variable in another function", text + "\nfunc g() { x := 1 }\n", 1},
		{"missing import", strings.Replace(text, "package p\n", "package p\n\nimport \"example.com/nowhere\"\n\nvar _ = nowhere.X\n", 1), 1},
		{"package clause unlike b.go's", strings.Replace(text, "package p", "package q", 1), 1},
		{"no package clause", text[strings.Index(text, "\n"):], 0},
		{"empty", "", 0},
		{"whole again", text, 1},
	} {
		version++
		c.change(uri, version, tc.text)
		p := c.diagnostics(uri)
		if p.Version == nil || *p.Version != version {
			t.Errorf("%s: published for version %v, want %d", tc.name, p.Version, version)
		}
		if len(p.Diagnostics) != tc.want {
			t.Errorf("%s: %d diagnostics, want %d", tc.name, len(p.Diagnostics), tc.want)
		}
		if tc.want == 0 {
			if actions := c.codeActions(uri, diags); len(actions) != 0 {
				t.Errorf("%s: code actions %v for a broken buffer", tc.name, actions)
			}
		} else if actions := c.codeActions(uri, p.Diagnostics); len(actions) == 0 {
			t.Errorf("%s: no code actions for the leak", tc.name)
		}
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// An error elsewhere in the package, in another file or in a test file
// that does not compile, does not hide the leak: only a finding whose own
// function holds an error is dropped. The command line still reports the
// package as broken (exit code 2); the editor keeps analysing.
func TestErrorsElsewhere(t *testing.T) {
	text := leaky(t, "first_range")
	for _, tc := range []struct {
		name  string
		files map[string]string
		want  int
	}{
		{"unused variable in another file", map[string]string{"p/b.go": "package p\n\nfunc g() { x := 1 }\n"}, 1},
		{"test file with a type error", map[string]string{"p/a_test.go": "package p\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { var n int = \"s\"; _ = n }\n"}, 1},
		{"test file importing what is not there", map[string]string{"p/a_test.go": "package p\n\nimport \"example.com/nowhere\"\n\nvar _ = nowhere.X\n"}, 1},
		{"external test package that does not parse", map[string]string{"p/x_test.go": "package p_test\n\nfunc {\n"}, 1},
		{"type error in the leaky function", map[string]string{"p/b.go": "package p\n", "p/a.go": strings.Replace(text, "len(w)", "len(1)", 1)}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"p/a.go": text, "p/b.go": "package p\n"}
			for name, src := range tc.files {
				files[name] = src
			}
			mod := writeModule(t, files)
			path := filepath.Join(mod, "p", "a.go")
			c := start(t, &Server{Debounce: time.Millisecond})
			c.initialize()
			uri := uriOf(path)
			c.open(uri, files["p/a.go"])
			if got := c.diagnostics(uri).Diagnostics; len(got) != tc.want {
				t.Errorf("%d diagnostics, want %d: %+v", len(got), tc.want, got)
			}
			if err := c.shutdown(); err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
}

// Applying the preferred fix in the buffer, without saving, clears the
// diagnostic: the analysis reads the buffer, not the file on disk. The
// old diagnostic's fixes are then stale and no longer offered.
func TestUnsavedFix(t *testing.T) {
	text := leaky(t, "first_comments")
	c, uri, path, diags := openOne(t, &Server{Debounce: time.Millisecond}, text)
	if len(diags) != 1 {
		t.Fatalf("%d diagnostics, want 1", len(diags))
	}
	actions := c.codeActions(uri, diags)
	if len(actions) == 0 || !actions[0].IsPreferred {
		t.Fatalf("actions %+v, want the preferred one first", actions)
	}
	fixed := applyEdits(t, text, actions[0].Edit.Changes[uri])
	c.change(uri, 2, fixed)
	p := c.diagnostics(uri)
	if len(p.Diagnostics) != 0 || p.Version == nil || *p.Version != 2 {
		t.Errorf("after the fix: %d diagnostics for version %v, want none for version 2", len(p.Diagnostics), p.Version)
	}
	if disk, _ := os.ReadFile(path); string(disk) != text {
		t.Errorf("the file on disk changed")
	}
	if stale := c.codeActions(uri, diags); len(stale) != 0 {
		t.Errorf("fixes of version 1 offered for version 2: %v", stale)
	}
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
	if len(c.pending) != 0 {
		t.Errorf("closing a document without diagnostics published %d times", len(c.pending))
	}
}

// A change is analysed only after the debounce delay; a save is analysed
// at once, and closing a document clears its diagnostics.
func TestSaveAndClose(t *testing.T) {
	text := leaky(t, "first_range")
	clean := leaky(t, "ok_drain_all")
	c, uri, _, diags := openOne(t, &Server{Debounce: time.Hour}, clean)
	if len(diags) != 0 {
		t.Fatalf("%d diagnostics for a clean file", len(diags))
	}
	c.change(uri, 2, text)
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	if len(c.pending) != 0 {
		t.Fatalf("a change was analysed before the debounce delay")
	}
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	p := c.diagnostics(uri)
	if len(p.Diagnostics) != 1 || *p.Version != 2 {
		t.Errorf("after save: %d diagnostics for version %d, want 1 for version 2", len(p.Diagnostics), *p.Version)
	}
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
	if p := c.diagnostics(uri); len(p.Diagnostics) != 0 {
		t.Errorf("after close: %d diagnostics, want none", len(p.Diagnostics))
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// Changes in quick succession are analysed once, for the last version.
func TestDebounce(t *testing.T) {
	text := leaky(t, "first_range")
	clean := leaky(t, "ok_drain_all")
	c, uri, _, _ := openOne(t, &Server{Debounce: 100 * time.Millisecond}, text)
	for v := 2; v <= 6; v++ {
		c.change(uri, v, map[bool]string{true: text, false: clean}[v%2 == 0])
	}
	p := c.diagnostics(uri)
	if *p.Version != 6 || len(p.Diagnostics) != 1 {
		t.Errorf("published %d diagnostics for version %d, want 1 for version 6 only", len(p.Diagnostics), *p.Version)
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
	for _, m := range c.pending {
		t.Errorf("published again: %s", m.Params)
	}
}

// A client that does not send the diagnostics back, or drops their data,
// still gets the fixes of the diagnostics published under the cursor;
// a client that asks only for other kinds gets none.
func TestCodeActionWithoutData(t *testing.T) {
	text := leaky(t, "first_range")
	c, uri, _, diags := openOne(t, &Server{}, text)
	stripped := append([]Diagnostic(nil), diags...)
	stripped[0].Data = nil
	cursor := Range{Start: diags[0].Range.Start, End: diags[0].Range.Start}
	actions := func(rng Range, ctx CodeActionContext) []CodeAction {
		var actions []CodeAction
		raw := c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: rng, Context: ctx})
		if err := json.Unmarshal(raw, &actions); err != nil {
			t.Fatal(err)
		}
		return actions
	}
	// Every fix of the diagnostic, as a client that sends it back gets them.
	all := len(actions(cursor, CodeActionContext{Diagnostics: diags}))
	if all < 2 {
		t.Fatalf("%d actions for a leak every strategy but errgroup fixes", all)
	}
	for _, tc := range []struct {
		name  string
		ctx   CodeActionContext
		rng   Range
		count int
	}{
		{"no diagnostics sent", CodeActionContext{}, cursor, all},
		{"data dropped", CodeActionContext{Diagnostics: stripped}, cursor, all},
		{"elsewhere", CodeActionContext{}, Range{End: Position{Line: 1}}, 0},
		{"only refactorings", CodeActionContext{Diagnostics: diags, Only: []string{"refactor"}}, cursor, 0},
		{"only quick fixes", CodeActionContext{Diagnostics: diags, Only: []string{"quickfix"}}, cursor, all},
	} {
		if got := len(actions(tc.rng, tc.ctx)); got != tc.count {
			t.Errorf("%s: %d actions, want %d", tc.name, got, tc.count)
		}
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// How a session ends: Serve returns, with the right error, and leaves no
// goroutine behind (start's cleanup checks that).
func TestEnd(t *testing.T) {
	text := leaky(t, "first_range")
	for _, tc := range []struct {
		name string
		end  func(c *client, uri string)
		want error
	}{
		{"shutdown and exit", func(c *client, _ string) { c.call("shutdown", nil); c.notify("exit", nil) }, nil},
		{"exit without shutdown", func(c *client, _ string) { c.notify("exit", nil) }, ErrExitBeforeShutdown},
		{"stdin closed", func(c *client, _ string) { c.toSrv.Close() }, nil},
		{"stdin closed during an analysis", func(c *client, uri string) {
			c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
			c.toSrv.Close()
		}, nil},
		{"exit during a debounce", func(c *client, uri string) {
			c.change(uri, 2, text)
			c.call("shutdown", nil)
			c.notify("exit", nil)
		}, nil},
		{"broken frame", func(c *client, _ string) { c.toSrv.Write([]byte("Content-Length: x\r\n\r\n")) }, errFraming},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, uri, _, _ := openOne(t, &Server{}, text)
			tc.end(c, uri)
			if err := c.wait(); !errors.Is(err, tc.want) || (err == nil) != (tc.want == nil) {
				t.Errorf("Serve returned %v, want %v", err, tc.want)
			}
		})
	}
}

// Requests the server cannot answer get JSON-RPC errors, and the server
// goes on.
func TestErrors(t *testing.T) {
	c := start(t, &Server{})
	for _, tc := range []struct {
		name   string
		method string
		params string // raw JSON
		code   int
	}{
		{"before initialize", "textDocument/codeAction", `{}`, codeServerNotInitialized},
		{"initialize", "initialize", `{"capabilities":{}}`, 0},
		{"unknown method", "textDocument/hover", `{}`, codeMethodNotFound},
		{"bad params", "textDocument/codeAction", `{"textDocument":7}`, codeInvalidParams},
		{"not a file", "textDocument/codeAction", `{"textDocument":{"uri":"untitled:1"}}`, codeInvalidParams},
		{"shutdown", "shutdown", `null`, 0},
		{"after shutdown", "textDocument/codeAction", `{}`, codeInvalidRequest},
	} {
		id := json.RawMessage("\"" + tc.name + "\"")
		c.send(&message{ID: id, Method: tc.method, Params: json.RawMessage(tc.params)})
		m := c.response(id)
		switch {
		case tc.code == 0 && m.Error != nil:
			t.Errorf("%s: error %v", tc.name, m.Error)
		case tc.code == 0 && m.Result == nil:
			t.Errorf("%s: response without a result", tc.name)
		case tc.code != 0 && (m.Error == nil || m.Error.Code != tc.code):
			t.Errorf("%s: error %v, want code %d", tc.name, m.Error, tc.code)
		}
	}
	// A body that is not JSON gets a parse error with a null id; a
	// notification with bad params gets nothing.
	c.notify("textDocument/didOpen", map[string]any{"textDocument": 5})
	c.toSrv.Write([]byte("Content-Length: 5\r\n\r\n{oops"))
	m := c.response(json.RawMessage("null"))
	if m.Error == nil || m.Error.Code != codeParseError {
		t.Errorf("not JSON: %+v, want a parse error", m)
	}
	c.notify("exit", nil)
	if err := c.wait(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// Unsaved text reaches the analysis whether the go command must see it
// (a new import, a new constraint, a new file) or only the parser.
func TestUnsavedRoutes(t *testing.T) {
	clean := leaky(t, "ok_drain_all")
	c, uri, path, _ := openOne(t, &Server{Debounce: time.Millisecond}, clean)
	version := 1
	for _, tc := range []struct{ name, text string }{
		{"same imports", leaky(t, "first_range")},
		// unicode/utf8 imports nothing: go/packages type-checks the
		// dependencies of an overlaid package from source, and strings
		// would cost seconds under -race.
		{"new import", strings.Replace(leaky(t, "first_range"), "package p\n", "package p\n\nimport \"unicode/utf8\"\n\nvar _ = utf8.RuneLen\n", 1)},
		{"new constraint", "//go:build !nothing\n\n" + leaky(t, "first_range")},
	} {
		version++
		c.change(uri, version, tc.text)
		if p := c.diagnostics(uri); len(p.Diagnostics) != 1 {
			t.Errorf("%s: %d diagnostics, want 1", tc.name, len(p.Diagnostics))
		}
	}
	c.change(uri, version+1, clean)
	if p := c.diagnostics(uri); len(p.Diagnostics) != 0 {
		t.Errorf("clean again: %d diagnostics, want none", len(p.Diagnostics))
	}
	newURI := uriOf(filepath.Join(filepath.Dir(path), "new.go"))
	c.open(newURI, leaky(t, "first_map"))
	if p := c.diagnostics(newURI); len(p.Diagnostics) != 1 {
		t.Errorf("new file: %d diagnostics, want 1", len(p.Diagnostics))
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// The server keeps the go command's listing between analyses: each save
// must still be analysed as the file is on disk, a body edited, an
// import added, another file of the package changed.
func TestSavedEdits(t *testing.T) {
	leak, clean := leaky(t, "first_range"), leaky(t, "ok_drain_all")
	c, uri, path, diags := openOne(t, &Server{Debounce: time.Hour}, clean)
	if len(diags) != 0 {
		t.Fatalf("%d diagnostics for a clean file", len(diags))
	}
	b := filepath.Join(filepath.Dir(path), "b.go")
	for i, step := range []struct {
		a, b string // what a.go and b.go become on disk
		want int
	}{
		{leak, "package p\n", 1},
		{clean, "package p\n", 0},
		{leak, "package p\n", 1},
		{clean, "package p\n", 0},
		{strings.Replace(leak, "package p\n", "package p\n\nimport _ \"os\"\n", 1), "package p\n", 1},
		{clean + "\nfunc g() { f() }\n", "package p\n\nfunc f() {}\n", 0},
		{leak + "\nfunc g() { f() }\n", "package p\n", 1}, // f is gone: a type error beside the leak
		{clean, "package p\n", 0},
	} {
		if err := os.WriteFile(b, []byte(step.b), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(step.a), 0o644); err != nil {
			t.Fatal(err)
		}
		c.change(uri, i+2, step.a)
		c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
		if got := len(c.diagnostics(uri).Diagnostics); got != step.want {
			t.Errorf("save %d: %d diagnostics, want %d", i+1, got, step.want)
		}
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve: %v", err)
	}
}
