// Package sarif renders leakfix findings as a SARIF 2.1.0 log, the format
// that GitHub code scanning and other review tools read to show findings
// inline in a pull request.
//
// Each finding becomes one result of the rule "leakfix": its location is
// the make call, its related locations are the senders, the blocked sends
// and the early exit, and its fix is the finding's first fix (the one
// leakfix -w and go fix apply) as text replacements.
//
// Columns and character offsets are counted in UTF-16 code units, the
// SARIF default (run.columnKind "utf16CodeUnits"), so they are computed
// from the file contents rather than copied from Go's byte columns.
package sarif

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/internal/textpos"
)

// Version is the SARIF version of the logs this package writes.
const Version = "2.1.0"

// SchemaURI names the SARIF 2.1.0 JSON schema in the log's $schema.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// SrcRoot is the uriBaseId of every artifact below the base directory:
// consumers resolve it to the root of the checkout.
const SrcRoot = "%SRCROOT%"

// ruleID is the id of leakfix's only rule, the analyzer's name.
var ruleID = analyzer.Analyzer.Name

// New returns the SARIF log of findings. sources holds the contents each
// finding's file had when it was analysed (driver.Result.Sources); files
// below base are named relative to it under SrcRoot, others by absolute
// file URI.
func New(findings []driver.Finding, sources map[string][]byte, base string) *Log {
	short, full := describe(analyzer.Analyzer.Doc)
	results := []Result{} // present and empty when nothing was found
	for _, f := range findings {
		results = append(results, result(f, sources[f.File], base))
	}
	return &Log{
		Schema:  SchemaURI,
		Version: Version,
		Runs: []Run{{
			Tool: Tool{Driver: Driver{
				Name:           "leakfix",
				InformationURI: analyzer.Analyzer.URL,
				Rules: []Rule{{
					ID:                   ruleID,
					Name:                 "GoroutineLeak",
					ShortDescription:     &Message{Text: short},
					FullDescription:      &Message{Text: full},
					HelpURI:              analyzer.Analyzer.URL,
					DefaultConfiguration: &Configuration{Level: "warning"},
				}},
			}},
			Invocations: []Invocation{{ExecutionSuccessful: true}},
			ColumnKind:  "utf16CodeUnits",
			Results:     results,
		}},
	}
}

// SetErrors records the run's invocation: executionSuccessful, false when
// there are errors, and one toolExecutionNotification of level "error"
// per package that could not be analysed, at its first error's place
// when it has one. A consumer that reads only results sees the findings
// of the packages that were analysed; one that checks the invocation
// learns that some were not.
func (l *Log) SetErrors(errs []driver.LoadError, base string) {
	inv := Invocation{ExecutionSuccessful: len(errs) == 0}
	for _, e := range errs {
		n := Notification{Level: "error", Message: Message{Text: e.Msg}}
		if e.More > 0 {
			n.Message.Text = fmt.Sprintf("%s (and %d more errors in %s)", e.Msg, e.More, e.Package)
		}
		if posn := e.Position(); posn.Filename != "" && posn.Line > 0 {
			n.Locations = []Location{{PhysicalLocation: &PhysicalLocation{
				ArtifactLocation: artifact(posn.Filename, base),
				Region:           errorRegion(posn.Filename, posn.Line, posn.Column),
			}}}
		} else {
			n.Message.Text = e.Error() // named by its package
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	for i := range l.Runs {
		l.Runs[i].Invocations = []Invocation{inv}
	}
}

// errorRegion is the place of an error, its column converted from Go's
// bytes to UTF-16 code units when the file can be read.
func errorRegion(file string, line, col int) Region {
	r := Region{StartLine: line}
	if col <= 0 {
		return r
	}
	r.StartColumn = col
	src, err := os.ReadFile(file)
	if err != nil {
		return r
	}
	for range line - 1 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return r
		}
		src = src[i+1:]
	}
	if end := bytes.IndexByte(src, '\n'); end >= 0 {
		src = src[:end]
	}
	if col-1 <= len(src) {
		r.StartColumn = 1 + textpos.Len(src[:col-1])
	}
	return r
}

// Encode writes the log to w as indented JSON, with <, > and & as they are.
func (l *Log) Encode(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(l)
}

// describe splits the analyzer's Doc into the rule's short description, its
// first line without the "leakfix: " title, and the full description, the
// rest.
func describe(doc string) (short, full string) {
	first, rest, _ := strings.Cut(doc, "\n")
	_, title, ok := strings.Cut(first, ": ")
	if !ok {
		title = first
	}
	if rest = strings.TrimSpace(rest); rest == "" {
		rest = title
	}
	return title, rest
}

func result(f driver.Finding, src []byte, base string) Result {
	art := artifact(f.File, base)
	r := Result{
		RuleID:    ruleID,
		RuleIndex: 0,
		Level:     "warning",
		Message:   Message{Text: f.Message},
		Locations: []Location{{PhysicalLocation: &PhysicalLocation{
			ArtifactLocation: art,
			Region:           region(src, f.Offset, f.End, f.Line, f.Col),
		}}},
	}
	for i, rel := range f.Related {
		r.RelatedLocations = append(r.RelatedLocations, Location{
			ID: i + 1,
			PhysicalLocation: &PhysicalLocation{
				ArtifactLocation: artifact(rel.File, base),
				Region:           region(sourceFor(rel.File, f.File, src), rel.Offset, rel.End, rel.Line, rel.Col),
			},
			Message: &Message{Text: rel.Message},
		})
	}
	if len(f.Fixes) > 0 && src != nil {
		fix := f.Fixes[0]
		change := ArtifactChange{ArtifactLocation: artifact(fix.File, base)}
		for _, e := range fix.Edits {
			start := textpos.Len(src[:e.Start])
			change.Replacements = append(change.Replacements, Replacement{
				DeletedRegion:   Region{CharOffset: &start, CharLength: ptr(textpos.Len(src[e.Start:e.End]))},
				InsertedContent: &ArtifactContent{Text: e.New},
			})
		}
		r.Fixes = []Fix{{Description: Message{Text: fix.Message}, ArtifactChanges: []ArtifactChange{change}}}
	}
	return r
}

// sourceFor returns the contents of file: src when it is the finding's
// own file, else what is on disk (a named sender in another file of the
// package), or nil when it cannot be read.
func sourceFor(file, findingFile string, src []byte) []byte {
	if file == findingFile {
		return src
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil
	}
	return b
}

// artifact names file relative to base under SrcRoot when it lies below
// base, and by its absolute file URI otherwise.
func artifact(file, base string) ArtifactLocation {
	if rel, err := filepath.Rel(base, file); err == nil && filepath.IsLocal(rel) {
		return ArtifactLocation{URI: (&url.URL{Path: filepath.ToSlash(rel)}).String(), URIBaseID: SrcRoot}
	}
	return ArtifactLocation{URI: (&url.URL{Scheme: "file", Path: filepath.ToSlash(file)}).String()}
}

// region is the text region [start, end) of src, given as byte offsets.
// Without the source it falls back to Go's line and byte column of start.
func region(src []byte, start, end, line, col int) Region {
	if src == nil || start < 0 || end < start || end > len(src) {
		return Region{StartLine: line, StartColumn: col}
	}
	sl, sc := lineCol(src, start)
	el, ec := lineCol(src, end)
	return Region{StartLine: sl, StartColumn: sc, EndLine: el, EndColumn: ec}
}

// lineCol returns the 1-based line and UTF-16 column of the byte offset
// off in src.
func lineCol(src []byte, off int) (line, col int) {
	line, col = textpos.New(src).Position(off)
	return line + 1, col + 1
}

func ptr(n int) *int { return &n }
