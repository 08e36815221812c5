package lsp

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/leakfix/leakfix/driver"
)

// publish sends the diagnostics of an analysis: for every file of the
// analysed packages that has findings, that is open, or that had
// diagnostics before (to clear them). A file whose buffer changed since
// the analysis started is skipped: the change queued a newer analysis,
// and these positions would be wrong.
func (s *session) publish(o *outcome) {
	if s.shutdown {
		return
	}
	inJob := map[string]bool{}
	for _, dir := range o.job.dirs {
		inJob[dir] = true
	}
	byFile := map[string][]driver.Finding{}
	for _, fs := range o.findings {
		for _, f := range fs {
			byFile[f.File] = append(byFile[f.File], f)
		}
	}
	files := map[string]bool{}
	for file := range byFile {
		files[file] = true
	}
	for path := range s.docs {
		files[path] = files[path] || inJob[filepath.Dir(path)]
	}
	for path := range s.published {
		files[path] = files[path] || inJob[filepath.Dir(path)]
	}
	for file, want := range files {
		if !want || !s.current(o.job, file) {
			continue
		}
		p := PublishDiagnosticsParams{URI: uriOf(file), Diagnostics: []Diagnostic{}}
		version := 0
		if doc, ok := s.docs[file]; ok {
			p.URI, version = doc.uri, doc.version
			p.Version = &version
		}
		for _, f := range byFile[file] {
			p.Diagnostics = append(p.Diagnostics, s.diagnostic(o, f, version))
		}
		if len(p.Diagnostics) > 0 {
			s.published[file] = published{uri: p.URI, diags: p.Diagnostics}
		} else if _, ok := s.published[file]; ok {
			delete(s.published, file)
		} else if _, open := s.docs[file]; !open {
			continue // nothing to say about a file the client does not show
		}
		s.notify("textDocument/publishDiagnostics", p)
	}
}

// current reports whether the job saw file as the client holds it now.
func (s *session) current(j *job, file string) bool {
	doc, open := s.docs[file]
	version, inOverlay := j.versions[file]
	if open {
		return inOverlay && version == doc.version
	}
	return !inOverlay // closed since: its diagnostics were cleared on close
}

// diagnostic converts a finding to LSP, with its fixes in data.
func (s *session) diagnostic(o *outcome, f driver.Finding, version int) Diagnostic {
	m := s.mapperOf(o, f.File)
	d := Diagnostic{
		Range:    m.rangeOf(f.Offset, f.End),
		Severity: severityWarning,
		Source:   "leakfix",
		Message:  f.Message,
	}
	for _, r := range f.Related {
		rm := m
		if r.File != f.File {
			if rm = s.mapperOf(o, r.File); rm == nil {
				continue
			}
		}
		d.RelatedInformation = append(d.RelatedInformation, DiagnosticRelatedInformation{
			Location: Location{URI: s.uriFor(r.File), Range: rm.rangeOf(r.Offset, r.End)},
			Message:  r.Message,
		})
	}
	data := diagnosticData{Version: version, Fixes: []fixEdits{}}
	for _, fix := range f.Fixes {
		fe := fixEdits{Title: fix.Message, Edits: []TextEdit{}}
		for _, e := range fix.Edits {
			fe.Edits = append(fe.Edits, TextEdit{Range: m.rangeOf(e.Start, e.End), NewText: e.New})
		}
		data.Fixes = append(data.Fixes, fe)
	}
	d.Data, _ = json.Marshal(data) // plain structs: cannot fail
	return d
}

// mapperOf returns a mapper for the content file had in the analysis, or
// nil if it cannot be read.
func (s *session) mapperOf(o *outcome, file string) *mapper {
	if src, ok := o.sources[file]; ok {
		return newMapper(src)
	}
	if src, ok := o.job.buffers[file]; ok {
		return newMapper(src)
	}
	src, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	return newMapper(src)
}

// uriFor returns the URI of file, spelt as the client spells it if open.
func (s *session) uriFor(file string) string {
	if doc, ok := s.docs[file]; ok {
		return doc.uri
	}
	return uriOf(file)
}
