package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/sarif"
)

// TestSARIF checks the -sarif mode end to end: the exit codes of -l, one
// result per finding named relative to the working directory, an empty
// result list for clean code, and errors for a second mode.
func TestSARIF(t *testing.T) {
	dir := leakyModule(t)
	_, list, _ := runLeakfix(t, dir, "-l", "./...")
	for _, tc := range []struct {
		args    []string
		code    int
		results int
	}{
		{[]string{"-sarif", "./..."}, exitFindings, strings.Count(list, "\n")},
		{[]string{"-sarif", "./clean"}, exitClean, 0},
	} {
		code, out, errs := runLeakfix(t, dir, tc.args...)
		if code != tc.code || errs != "" {
			t.Errorf("%v: exit %d, stderr %q; want exit %d", tc.args, code, errs, tc.code)
		}
		var log sarif.Log
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatalf("%v: %v\n%s", tc.args, err, out)
		}
		if log.Version != "2.1.0" || len(log.Runs) != 1 || log.Runs[0].Results == nil {
			t.Fatalf("%v: not a SARIF 2.1.0 log with one run and its results:\n%s", tc.args, out)
		}
		results := log.Runs[0].Results
		if len(results) != tc.results {
			t.Errorf("%v: %d results, want %d", tc.args, len(results), tc.results)
		}
		for _, r := range results {
			loc := r.Locations[0].PhysicalLocation
			line := loc.ArtifactLocation.URI + ":" + strconv.Itoa(loc.Region.StartLine) + ":"
			if loc.ArtifactLocation.URIBaseID != sarif.SrcRoot || !strings.Contains(list, line) || !strings.Contains(list, r.Message.Text) {
				t.Errorf("result at %+v %+v %q is not among the findings:\n%s", loc.ArtifactLocation, loc.Region, r.Message.Text, list)
			}
		}
	}
	if code, _, errs := runLeakfix(t, dir, "-sarif", "-json"); code != exitError || !strings.Contains(errs, "exclude each other") {
		t.Errorf("-sarif -json: exit %d, stderr %q", code, errs)
	}
}
