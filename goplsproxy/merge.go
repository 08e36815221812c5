package goplsproxy

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
)

// side is who published a set of diagnostics.
type side int

const (
	fromGopls side = iota
	fromLeakfix
)

// published is what each side last published for one document.
type published struct {
	uri      string               // as first published: one spelling, so that the client never keeps a stale set under another
	diags    [2][]json.RawMessage // by side
	versions [2]*int              // by side; nil when unversioned
}

// publish records the diagnostics a side published and sends the client
// the union of both sides' last sets for the document.
func (r *relay) publish(m *message, from side) {
	var p struct {
		URI         string            `json:"uri"`
		Version     *int              `json:"version,omitempty"`
		Diagnostics []json.RawMessage `json:"diagnostics"`
	}
	if err := json.Unmarshal(m.Params, &p); err != nil {
		r.logf("publishDiagnostics: %v", err)
		r.client.put(m.body) // the client may know better
		return
	}
	key := documentKey(p.URI)
	doc, ok := r.diags[key]
	if !ok {
		doc = &published{uri: p.URI}
		r.diags[key] = doc
	}
	doc.diags[from], doc.versions[from] = p.Diagnostics, p.Version
	other := 1 - from
	union := append(slices.Clip(doc.diags[fromGopls]), doc.diags[fromLeakfix]...)
	if union == nil {
		union = []json.RawMessage{} // null is not a list: the client would keep the old set
	}
	// The version is the publisher's, unless the other side's set is for
	// another version: then the union belongs to no single version.
	version := p.Version
	if len(doc.diags[other]) > 0 && !sameVersion(doc.versions[other], p.Version) {
		version = nil
	}
	r.client.put(encode(&message{
		Method: "textDocument/publishDiagnostics",
		Params: mustJSON(struct {
			URI         string            `json:"uri"`
			Version     *int              `json:"version,omitempty"`
			Diagnostics []json.RawMessage `json:"diagnostics"`
		}{doc.uri, version, union}),
	}))
	if len(union) == 0 {
		delete(r.diags, key) // the client holds nothing: forget the spelling too
	}
}

func sameVersion(a, b *int) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// documentKey identifies a document however a side spells its URI: a
// file URI by its cleaned path, any other by the URI itself.
func documentKey(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return uri
	}
	return "file:" + filepath.Clean(filepath.FromSlash(u.Path))
}

// admitsQuickFix reports whether a codeAction request's context.only
// filter, if any, admits quick fixes: "quickfix" or a prefix of it such
// as "" (LSP kinds are hierarchical, dot-separated).
func admitsQuickFix(params json.RawMessage) bool {
	var p struct {
		Context struct {
			Only []string `json:"only"`
		} `json:"context"`
	}
	if err := json.Unmarshal(params, &p); err != nil || len(p.Context.Only) == 0 {
		return true // let leakfix judge a request it can read
	}
	return slices.ContainsFunc(p.Context.Only, func(kind string) bool { return kind == "" || kind == "quickfix" })
}

// concatLists concatenates two JSON arrays, either of which may be null.
func concatLists(a, b json.RawMessage) (json.RawMessage, error) {
	var x, y []json.RawMessage
	if err := json.Unmarshal(a, &x); err != nil {
		return nil, fmt.Errorf("gopls's result: %v", err)
	}
	if err := json.Unmarshal(b, &y); err != nil {
		return nil, fmt.Errorf("leakfix's result: %v", err)
	}
	if x == nil && y == nil {
		return a, nil // null stays null
	}
	return mustJSON(append(x, y...)), nil
}

// mergeInitialize returns gopls's InitializeResult with leakfix's
// capabilities added where gopls lacks them, every other field of gopls's
// as it was, and records leakfix's commands.
func (r *relay) mergeInitialize(gopls, leakfix json.RawMessage) (json.RawMessage, error) {
	var g, l map[string]json.RawMessage
	if err := json.Unmarshal(gopls, &g); err != nil {
		return nil, fmt.Errorf("gopls's result: %v", err)
	}
	if err := json.Unmarshal(leakfix, &l); err != nil {
		return nil, fmt.Errorf("leakfix's result: %v", err)
	}
	var gc, lc map[string]json.RawMessage
	if err := json.Unmarshal(g["capabilities"], &gc); err != nil || gc == nil {
		gc = map[string]json.RawMessage{}
	}
	if err := json.Unmarshal(l["capabilities"], &lc); err != nil {
		return nil, fmt.Errorf("leakfix's capabilities: %v", err)
	}
	gc["codeActionProvider"] = mergeCodeActionProvider(gc["codeActionProvider"], lc["codeActionProvider"])
	commands := commandsOf(lc["executeCommandProvider"])
	for _, c := range commands {
		r.commands[c] = true
	}
	if len(commands) > 0 {
		gc["executeCommandProvider"] = mergeCommands(gc["executeCommandProvider"], commands)
	}
	if _, ok := gc["textDocumentSync"]; !ok {
		gc["textDocumentSync"] = lc["textDocumentSync"] // leakfix needs the documents
	}
	g["capabilities"] = mustJSON(gc)
	return mustJSON(g), nil
}

// mergeCodeActionProvider adds leakfix's kinds to gopls's provider: a
// missing or false provider becomes leakfix's, true (every kind) stays,
// and a list of kinds gets the kinds it lacks.
func mergeCodeActionProvider(gopls, leakfix json.RawMessage) json.RawMessage {
	var enabled bool
	if len(gopls) == 0 || json.Unmarshal(gopls, &enabled) == nil && !enabled {
		return leakfix
	}
	if enabled {
		return gopls
	}
	var g map[string]json.RawMessage
	var gk, lk struct {
		Kinds []string `json:"codeActionKinds"`
	}
	if json.Unmarshal(gopls, &g) != nil || json.Unmarshal(gopls, &gk) != nil || json.Unmarshal(leakfix, &lk) != nil {
		return gopls
	}
	if gk.Kinds == nil {
		return gopls // options without kinds: every kind
	}
	for _, k := range lk.Kinds {
		if !slices.Contains(gk.Kinds, k) {
			gk.Kinds = append(gk.Kinds, k)
		}
	}
	g["codeActionKinds"] = mustJSON(gk.Kinds)
	return mustJSON(g)
}

// commandsOf returns the commands of an ExecuteCommandOptions.
func commandsOf(provider json.RawMessage) []string {
	var o struct {
		Commands []string `json:"commands"`
	}
	if len(provider) == 0 || json.Unmarshal(provider, &o) != nil {
		return nil
	}
	return o.Commands
}

// mergeCommands adds commands to gopls's ExecuteCommandOptions.
func mergeCommands(gopls json.RawMessage, commands []string) json.RawMessage {
	g := map[string]json.RawMessage{}
	if len(gopls) > 0 && json.Unmarshal(gopls, &g) != nil {
		return gopls
	}
	all := commandsOf(gopls)
	for _, c := range commands {
		if !slices.Contains(all, c) {
			all = append(all, c)
		}
	}
	g["commands"] = mustJSON(all)
	return mustJSON(g)
}
