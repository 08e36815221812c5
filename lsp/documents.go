package lsp

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// The text document notifications: they keep the open documents and
// queue their packages for analysis.

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
