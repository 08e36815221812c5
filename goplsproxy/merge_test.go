package goplsproxy

import (
	"encoding/json"
	"io"
	"strings"
	"testing"
)

// TestPublish plays publications of both sides for one document, spelt
// two ways, and checks each union the client gets.
func TestPublish(t *testing.T) {
	r := newRelay(io.Discard, io.Discard, io.Discard, io.Discard)
	const uri = "file:///m/p/a.go"
	steps := []struct {
		from   side
		params string
		want   string // the params the client gets
	}{
		{fromGopls, `{"uri":"` + uri + `","version":1,"diagnostics":[{"message":"g1"}]}`,
			`{"uri":"` + uri + `","version":1,"diagnostics":[{"message":"g1"}]}`},
		{fromLeakfix, `{"uri":"file:///m/p/./a.go","version":1,"diagnostics":[{"message":"l1"}]}`,
			`{"uri":"` + uri + `","version":1,"diagnostics":[{"message":"g1"},{"message":"l1"}]}`},
		// gopls for version 2, leakfix's set still of version 1: no version.
		{fromGopls, `{"uri":"` + uri + `","version":2,"diagnostics":[{"message":"g2"}]}`,
			`{"uri":"` + uri + `","diagnostics":[{"message":"g2"},{"message":"l1"}]}`},
		{fromLeakfix, `{"uri":"` + uri + `","version":2,"diagnostics":[]}`,
			`{"uri":"` + uri + `","version":2,"diagnostics":[{"message":"g2"}]}`},
		{fromGopls, `{"uri":"` + uri + `","diagnostics":[]}`,
			`{"uri":"` + uri + `","diagnostics":[]}`},
		// Forgotten once empty: the next spelling is the publisher's.
		{fromLeakfix, `{"uri":"file:///m/p/./a.go","diagnostics":[{"message":"l3"}]}`,
			`{"uri":"file:///m/p/./a.go","diagnostics":[{"message":"l3"}]}`},
	}
	for i, s := range steps {
		r.publish(&message{Method: "textDocument/publishDiagnostics", Params: json.RawMessage(s.params)}, s.from)
		if len(r.client.queue) != 1 {
			t.Fatalf("step %d: %d messages to the client, want 1", i, len(r.client.queue))
		}
		var m message
		if err := json.Unmarshal(r.client.queue[0], &m); err != nil {
			t.Fatal(err)
		}
		r.client.queue = nil
		if string(m.Params) != s.want {
			t.Errorf("step %d: client got\n%s\nwant\n%s", i, m.Params, s.want)
		}
	}
}

func TestMergeInitialize(t *testing.T) {
	const leakfix = `{"capabilities":{"positionEncoding":"utf-16","textDocumentSync":{"openClose":true,"change":1},"codeActionProvider":{"codeActionKinds":["quickfix"]}},"serverInfo":{"name":"leakfix"}}`
	for _, tt := range []struct {
		name, gopls, want string
	}{
		{"kinds without quickfix",
			`{"capabilities":{"codeActionProvider":{"codeActionKinds":["source.organizeImports"],"resolveProvider":true},"hoverProvider":true,"textDocumentSync":2},"serverInfo":{"name":"gopls","version":"v"}}`,
			`{"capabilities":{"codeActionProvider":{"codeActionKinds":["source.organizeImports","quickfix"],"resolveProvider":true},"hoverProvider":true,"textDocumentSync":2},"serverInfo":{"name":"gopls","version":"v"}}`},
		{"kinds with quickfix",
			`{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"textDocumentSync":2}}`,
			`{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"textDocumentSync":2}}`},
		{"every kind", `{"capabilities":{"codeActionProvider":true,"textDocumentSync":2}}`, `{"capabilities":{"codeActionProvider":true,"textDocumentSync":2}}`},
		{"no code actions", `{"capabilities":{"codeActionProvider":false,"textDocumentSync":2}}`, `{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"textDocumentSync":2}}`},
		{"no capabilities", `{}`, `{"capabilities":{"codeActionProvider":{"codeActionKinds":["quickfix"]},"textDocumentSync":{"openClose":true,"change":1}}}`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := newRelay(io.Discard, io.Discard, io.Discard, io.Discard)
			got, err := r.mergeInitialize(json.RawMessage(tt.gopls), json.RawMessage(leakfix))
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	// leakfix's commands are added, and routed to leakfix.
	r := newRelay(io.Discard, io.Discard, io.Discard, io.Discard)
	got, err := r.mergeInitialize(json.RawMessage(`{"capabilities":{"executeCommandProvider":{"commands":["gopls.tidy"]}}}`),
		json.RawMessage(`{"capabilities":{"executeCommandProvider":{"commands":["leakfix.fix"]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `"commands":["gopls.tidy","leakfix.fix"]`) || !r.commands["leakfix.fix"] || r.commands["gopls.tidy"] {
		t.Errorf("commands: %s, routed to leakfix: %v", got, r.commands)
	}
}

func TestAdmitsQuickFix(t *testing.T) {
	for params, want := range map[string]bool{
		`{"context":{"diagnostics":[]}}`:                       true,
		`{"context":{"only":["quickfix"]}}`:                    true,
		`{"context":{"only":[""]}}`:                            true,
		`{"context":{"only":["source.organizeImports"]}}`:      false,
		`{"context":{"only":["refactor.rewrite","quickfix"]}}`: true,
		`{"context":{"only":["quickfix.leakfix"]}}`:            false,
	} {
		if got := admitsQuickFix(json.RawMessage(params)); got != want {
			t.Errorf("admitsQuickFix(%s) = %v, want %v", params, got, want)
		}
	}
}

func TestConcatLists(t *testing.T) {
	for _, tt := range []struct{ a, b, want string }{
		{`[{"title":"g"}]`, `[{"title":"l"}]`, `[{"title":"g"},{"title":"l"}]`},
		{`null`, `[{"title":"l"}]`, `[{"title":"l"}]`},
		{`[{"title":"g"}]`, `[]`, `[{"title":"g"}]`},
		{`null`, `null`, `null`},
	} {
		got, err := concatLists(json.RawMessage(tt.a), json.RawMessage(tt.b))
		if err != nil || string(got) != tt.want {
			t.Errorf("concatLists(%s, %s) = %s, %v; want %s", tt.a, tt.b, got, err, tt.want)
		}
	}
}

// TestLeakfixEnded checks that a code action request still gets gopls's
// answer when leakfix's server ends before answering, and that a request
// after that is not held for leakfix.
func TestLeakfixEnded(t *testing.T) {
	r := newRelay(io.Discard, io.Discard, io.Discard, io.Discard)
	request := func(id string) {
		body := `{"jsonrpc":"2.0","id":` + id + `,"method":"textDocument/codeAction","params":{"context":{"diagnostics":[]}}}`
		m := &message{body: []byte(body)}
		if err := json.Unmarshal(m.body, m); err != nil {
			t.Fatal(err)
		}
		r.fromClient(m)
	}
	answer := func(id string) string {
		body := `{"jsonrpc":"2.0","id":` + id + `,"result":[{"title":"gopls's"}]}`
		m := &message{body: []byte(body)}
		if err := json.Unmarshal(m.body, m); err != nil {
			t.Fatal(err)
		}
		r.fromGopls(m)
		return body
	}
	request("1")
	r.leakfixEnded()
	want := answer("1")
	request("2")
	want2 := answer("2")
	if len(r.client.queue) != 2 || string(r.client.queue[0]) != want || string(r.client.queue[1]) != want2 {
		t.Errorf("client got %q, want gopls's answers", r.client.queue)
	}
}
