package lsp

import (
	"encoding/json"
	"slices"
)

// codeAction answers textDocument/codeAction with one quickfix per fix of
// each leakfix diagnostic in the request, the first (the fix leakfix
// itself applies) preferred. The fixes come from the diagnostics' data;
// for a client that drops data, from the diagnostics last published for
// the document that overlap the range. Fixes made for another version of
// the document are not offered: their positions no longer hold.
func (s *session) codeAction(raw json.RawMessage) (any, error) {
	var p CodeActionParams
	if err := json.Unmarshal(raw, &p); err != nil {
		return nil, err
	}
	actions := []CodeAction{}
	if len(p.Context.Only) > 0 && !slices.Contains(p.Context.Only, codeActionKindQuickFix) {
		return actions, nil
	}
	path, err := pathOf(p.TextDocument.URI)
	if err != nil {
		return nil, err
	}
	diags := p.Context.Diagnostics
	if !slices.ContainsFunc(diags, hasFixes) {
		diags = nil
		for _, d := range s.published[path].diags {
			if overlaps(d.Range, p.Range) {
				diags = append(diags, d)
			}
		}
	}
	version := 0
	if doc, ok := s.docs[path]; ok {
		version = doc.version
	}
	for _, d := range diags {
		if !hasFixes(d) {
			continue
		}
		var data diagnosticData
		if err := json.Unmarshal(d.Data, &data); err != nil || data.Version != version {
			continue
		}
		for i, fix := range data.Fixes {
			actions = append(actions, CodeAction{
				Title:       fix.Title,
				Kind:        codeActionKindQuickFix,
				Diagnostics: []Diagnostic{d},
				IsPreferred: i == 0,
				Edit:        &WorkspaceEdit{Changes: map[string][]TextEdit{p.TextDocument.URI: fix.Edits}},
			})
		}
	}
	return actions, nil
}

// hasFixes reports whether d is a leakfix diagnostic that carries data.
func hasFixes(d Diagnostic) bool { return d.Source == "leakfix" && len(d.Data) > 0 }

// overlaps reports whether two ranges share a position; an empty range
// (a cursor) overlaps the ranges it touches.
func overlaps(a, b Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(p, q Position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}
