// Package golangci makes leakfix a golangci-lint v2 module plugin: a
// blank import of this package in a custom golangci-lint build (see
// `golangci-lint custom`) registers the linter "leakfix".
package golangci

import (
	"fmt"

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
type Plugin struct{}

// New decodes the settings golangci-lint passes and returns the plugin.
// Unknown settings are an error, so a misspelt key does not go unnoticed.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, err // golangci-lint names the plugin
	}
	if s.Strategy != "" {
		// The analyzer reads its strategy from its flag; a golangci-lint
		// process builds one instance of each plugin, so setting it here
		// is setting it for the run.
		if err := analyzer.Analyzer.Flags.Set("strategy", s.Strategy); err != nil {
			return nil, fmt.Errorf("strategy %q: %w", s.Strategy, err)
		}
	}
	return &Plugin{}, nil
}

// BuildAnalyzers returns the leakfix analyzer, trimmed to one fix per
// diagnostic.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.Batch}, nil
}

// GetLoadMode asks for type information: the detector needs it.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
