// Package testenv says how thoroughly leakfix's slow end-to-end tests run.
//
// By default they run in a short form that still checks each property
// they exist for, on fewer inputs: fewer kills of leakfix -w, a sample of
// the golden cases for go vet and go fix, so that go test ./... stays
// within a few minutes on a laptop. With CI set (as CI services and
// .ci/run set it) or LEAKFIX_FULL=1 they run in full, and tests that need
// a tool that is missing (Neovim) fail instead of skipping.
package testenv

import (
	"os"
	"testing"
)

// Full reports whether the slow tests run in full.
func Full() bool {
	return os.Getenv("CI") != "" || os.Getenv("LEAKFIX_FULL") == "1"
}

// Need skips t, saying why and how to install what is missing, unless the
// tests run in full: then it fails t, since CI must not skip silently.
func Need(t testing.TB, what, install string) {
	t.Helper()
	if Full() {
		t.Fatalf("%s not found: this test needs it; %s (.ci/run does)", what, install)
	}
	t.Skipf("%s not found: %s to run this test; with CI or LEAKFIX_FULL=1 set it fails instead", what, install)
}

// Sample returns every item when the tests run in full, and otherwise
// those keep selects. A short form runs on the sample.
func Sample[T any](items []T, keep func(i int, item T) bool) []T {
	if Full() {
		return items
	}
	var out []T
	for i, it := range items {
		if keep(i, it) {
			out = append(out, it)
		}
	}
	return out
}
