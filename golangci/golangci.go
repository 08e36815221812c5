// Package golangci makes leakfix a golangci-lint v2 module plugin: a
// blank import of this package in a custom golangci-lint build (see
// `golangci-lint custom`) registers the linter "leakfix".
package golangci

import (
	"fmt"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"github.com/leakfix/leakfix/analyzer"
	"golang.org/x/tools/go/analysis"
)

func init() { register.Plugin("leakfix", New) }

// Settings are the plugin's settings in .golangci.yml, under
// linters.settings.custom.leakfix.settings.
type Settings struct {
	// Strategy picks the fix that --fix applies, as the analyzer's
	// strategy flag does; empty means the analyzer's default.
	Strategy string `json:"strategy"`
}

// Plugin is the leakfix linter as golangci-lint sees it.
type Plugin struct {
	analyzer *analysis.Analyzer
}

// New decodes the settings golangci-lint passes and returns the plugin.
// Unknown settings are an error, so a misspelt key does not go unnoticed.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, err // golangci-lint names the plugin
	}
	a, err := analyzer.New(analyzer.Options{Strategy: s.Strategy, FirstFixOnly: true})
	if err != nil {
		return nil, fmt.Errorf("strategy %q: %w", s.Strategy, err)
	}
	return &Plugin{analyzer: foldRelated(a)}, nil
}

// BuildAnalyzers returns the leakfix analyzer, trimmed to one fix per
// diagnostic, with its related information folded into the message.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{p.analyzer}, nil
}

// foldRelated returns a as golangci-lint must see it: one issue per
// finding. golangci-lint turns each related location into an issue of its
// own ("leakfix(related information)"), so a finding counted as four
// issues, //nolint:leakfix on the make line hid only the first, and after
// run --fix the others stayed behind, pointing at lines that had moved,
// and made the run fail. Here the senders, sends and exit are named in the
// message instead, and Related is left empty.
func foldRelated(a *analysis.Analyzer) *analysis.Analyzer {
	folded := *a
	folded.Run = func(pass *analysis.Pass) (any, error) {
		inner := *pass
		inner.Report = func(d analysis.Diagnostic) {
			d.Message += relatedText(pass.Fset, d.Related)
			d.Related = nil
			pass.Report(d)
		}
		return a.Run(&inner)
	}
	return &folded
}

// relatedText names the related places of a diagnostic as ": senders at
// a.go:7, sends at a.go:8 and a.go:9, leaves at a.go:11", each kind in
// the order the analyzer reports them, each place once.
func relatedText(fset *token.FileSet, related []analysis.RelatedInformation) string {
	var kinds []string
	places := map[string][]string{}
	for _, r := range related {
		kind := r.Message
		switch {
		case kind == "sender started here":
			kind = "senders at"
		case kind == "blocks here forever":
			kind = "sends at"
		case strings.HasSuffix(kind, " leaves here"):
			kind = "leaves at"
		}
		posn := fset.Position(r.Pos)
		place := fmt.Sprintf("%s:%d", filepath.Base(posn.Filename), posn.Line)
		if _, ok := places[kind]; !ok {
			kinds = append(kinds, kind)
		}
		if !slices.Contains(places[kind], place) {
			places[kind] = append(places[kind], place)
		}
	}
	var parts []string
	for _, k := range kinds {
		parts = append(parts, k+" "+strings.Join(places[k], " and "))
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

// GetLoadMode asks for type information: the detector needs it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
