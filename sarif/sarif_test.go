package sarif

import (
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/diff"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/internal/testmodule"
	"github.com/leakfix/leakfix/rewrite"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.uber.org/goleak"
)

var update = flag.Bool("update", false, "rewrite testdata/intl.sarif")

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// schemaFile is the official SARIF 2.1.0 JSON schema of the OASIS SARIF TC
// ($id https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json),
// taken from the npm package @datadog/datadog-ci@2.48.0, file
// dist/commands/sarif/json-schema/sarif-schema-2.1.0.json (sha256
// 10666d46649b52e262001e70d43e6c52f7c0279ca3dbdfe9a7dc2e4071556454).
const schemaFile = "testdata/sarif-schema-2.1.0.json"

// load analyses dirs and returns the findings and their SARIF log, with
// base as the source root.
func load(t *testing.T, base string, dirs ...string) (*driver.Result, *Log) {
	t.Helper()
	a, err := analyzer.New(analyzer.Options{Strategy: "buffer"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(driver.Config{Patterns: dirs}, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("load: %v", e)
	}
	if len(res.Findings) == 0 {
		t.Fatalf("no findings in %v", dirs)
	}
	return res, New(res.Findings, res.Sources, base)
}

// goldenCases returns the root of the golden cases and their directories.
func goldenCases(t *testing.T) (string, []string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", "golden", "testdata", "cases"))
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob(filepath.Join(root, "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	return root, dirs
}

func intl(t *testing.T) (string, string) {
	t.Helper()
	base, err := filepath.Abs(filepath.Join("testdata", "src"))
	if err != nil {
		t.Fatal(err)
	}
	return base, filepath.Join(base, "intl")
}

// TestSchema validates logs against the SARIF 2.1.0 schema: the log of
// every golden case, of the non-ASCII case, and of no findings.
func TestSchema(t *testing.T) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	schema, err := c.Compile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	root, dirs := goldenCases(t)
	_, cases := load(t, root, dirs...)
	base, dir := intl(t)
	_, unicode := load(t, base, dir)
	broken, _ := brokenLog(t)
	for name, log := range map[string]*Log{"golden cases": cases, "intl": unicode, "no findings": New(nil, nil, root), "errors": broken} {
		b, err := json.Marshal(log)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: the log is not valid SARIF 2.1.0: %v", name, err)
		}
	}
	// The validator must reject what the schema forbids, or the test proves nothing.
	bad := `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "leakfix"}}, "results": [{"message": {"text": "m"}, "level": "warn"}]}]}`
	doc, _ := jsonschema.UnmarshalJSON(strings.NewReader(bad))
	if err := schema.Validate(doc); err == nil {
		t.Error("the schema accepts an invalid level")
	}
}

// brokenLog is the log of a module with a package that does not
// type-check, its error after a non-ASCII string, and one that is sound;
// it returns the log and the module's directory.
func brokenLog(t *testing.T) (*Log, string) {
	t.Helper()
	dir := testmodule.Write(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.22\n",
		"a/a.go": "package a\n\nfunc f() int { s := \"héllo\"; return s }\n",
		"b/b.go": "package b\n",
	})
	res, err := driver.Run(driver.Config{Dir: dir, Patterns: []string{"./..."}}, analyzer.Analyzer)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Errors) != 1 {
		t.Fatalf("errors %v, want a/a.go's", res.Errors)
	}
	log := New(res.Findings, res.Sources, dir)
	log.SetErrors(res.Errors, dir)
	return log, dir
}

// TestErrors checks that a package that could not be analysed is in the
// log: the invocation failed, with a notification at the error, its
// column in UTF-16 code units; and that a clean run says it succeeded.
func TestErrors(t *testing.T) {
	log, _ := brokenLog(t)
	inv := log.Runs[0].Invocations
	if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 1 {
		t.Fatalf("invocations %+v, want one, unsuccessful, with one notification", inv)
	}
	n := inv[0].ToolExecutionNotifications[0]
	// The s of "return s" is at byte column 38; "é" is two bytes, one
	// UTF-16 code unit.
	want := Region{StartLine: 3, StartColumn: 37}
	if n.Level != "error" || !strings.Contains(n.Message.Text, "cannot use s") || len(n.Locations) != 1 ||
		n.Locations[0].PhysicalLocation.ArtifactLocation != (ArtifactLocation{URI: "a/a.go", URIBaseID: SrcRoot}) ||
		n.Locations[0].PhysicalLocation.Region != want {
		b, _ := json.Marshal(n)
		t.Errorf("notification %s, want an error at a/a.go %+v", b, want)
	}
	clean := New(nil, nil, "/").Runs[0].Invocations
	if len(clean) != 1 || !clean[0].ExecutionSuccessful || clean[0].ToolExecutionNotifications != nil {
		t.Errorf("clean run: invocations %+v, want one, successful", clean)
	}
}

// TestLocationsAndFixes reads each result back the way a consumer does,
// in UTF-16 code units: the region holds the make call, every related
// place is there, and applying the fix gives the file the first fix gives.
func TestLocationsAndFixes(t *testing.T) {
	root, dirs := goldenCases(t)
	base, dir := intl(t)
	for _, tc := range []struct {
		name string
		base string
		dirs []string
	}{
		{"golden cases", root, dirs},
		{"intl", base, []string{dir}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, log := load(t, tc.base, tc.dirs...)
			results := log.Runs[0].Results
			if len(results) != len(res.Findings) {
				t.Fatalf("%d results for %d findings", len(results), len(res.Findings))
			}
			reps := map[string][]Replacement{} // by file: the replacements of every fix
			edits := map[string][]diff.Edit{}
			for i, f := range res.Findings {
				r := results[i]
				src := utf16.Encode([]rune(string(res.Sources[f.File])))
				loc := r.Locations[0].PhysicalLocation
				if want := filepath.ToSlash(mustRel(t, tc.base, f.File)); loc.ArtifactLocation.URI != want || loc.ArtifactLocation.URIBaseID != SrcRoot {
					t.Errorf("artifact %+v, want %s under %s", loc.ArtifactLocation, want, SrcRoot)
				}
				if got, want := text(src, loc.Region), string(res.Sources[f.File][f.Offset:f.End]); got != want || !strings.HasPrefix(got, "make(") {
					t.Errorf("%s:%d: region %+v holds %q, want the make call %q", f.File, f.Line, loc.Region, got, want)
				}
				if r.RuleID != "leakfix" || r.Level != "warning" || r.Message.Text != f.Message {
					t.Errorf("result %+v", r)
				}
				if len(r.RelatedLocations) != len(f.Related) {
					t.Fatalf("%d related locations, want %d", len(r.RelatedLocations), len(f.Related))
				}
				for j, rel := range f.Related {
					got := r.RelatedLocations[j]
					relSrc, relText := src, res.Sources[f.File]
					if rel.File != f.File { // a named sender in another file
						relText, _ = os.ReadFile(rel.File)
						relSrc = utf16.Encode([]rune(string(relText)))
					}
					if want := string(relText[rel.Offset:rel.End]); text(relSrc, got.PhysicalLocation.Region) != want || got.Message.Text != rel.Message {
						t.Errorf("related %d: %q at %+v, want %q: %q", j, got.Message.Text, got.PhysicalLocation.Region, rel.Message, want)
					}
				}
				if len(f.Fixes) == 0 {
					if len(r.Fixes) != 0 {
						t.Errorf("%s:%d: a fix for a finding without one", f.File, f.Line)
					}
					continue
				}
				if len(r.Fixes) != 1 || r.Fixes[0].Description.Text != f.Fixes[0].Message {
					t.Fatalf("%s:%d: fixes %+v, want the first fix %q", f.File, f.Line, r.Fixes, f.Fixes[0].Message)
				}
				reps[f.File] = append(reps[f.File], r.Fixes[0].ArtifactChanges[0].Replacements...)
				edits[f.File] = append(edits[f.File], f.Fixes[0].Edits...)
			}
			if len(reps) == 0 {
				t.Fatal("no fixes")
			}
			for file, rs := range reps {
				got := replace(t, utf16.Encode([]rune(string(res.Sources[file]))), rs)
				want := diff.Apply(res.Sources[file], edits[file])
				if g := string(utf16.Decode(got)); g != string(want) {
					t.Errorf("%s: the SARIF fixes give\n%s\nwant\n%s", file, g, want)
				}
				golden := file + "." + string(rewrite.StrategyBuffer) + ".golden"
				if b, err := os.ReadFile(golden); err == nil && !bytes.Equal(b, want) {
					t.Errorf("%s: the first fixes differ from %s", file, golden)
				}
			}
		})
	}
}

// TestGolden compares the whole log of the non-ASCII case with
// testdata/intl.sarif.
func TestGolden(t *testing.T) {
	base, dir := intl(t)
	_, log := load(t, base, dir)
	var buf bytes.Buffer
	if err := log.Encode(&buf); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	name := filepath.Join("testdata", "intl.sarif")
	if *update {
		if err := os.WriteFile(name, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("log differs from %s (go test ./sarif -update rewrites it):\n%s", name, got)
	}
}

// text is the text a region spans in src, read in UTF-16 code units by
// lines and columns.
func text(src []uint16, r Region) string {
	offset := func(line, col int) int {
		off := 0
		for l := 1; l < line; l++ {
			for src[off] != '\n' {
				off++
			}
			off++
		}
		return off + col - 1
	}
	return string(utf16.Decode(src[offset(r.StartLine, r.StartColumn):offset(r.EndLine, r.EndColumn)]))
}

// replace applies replacements, whose regions refer to src and do not
// overlap, to src. It works from the end so that each region is still
// where the replacements before it put it.
func replace(t *testing.T, src []uint16, reps []Replacement) []uint16 {
	t.Helper()
	reps = slices.Clone(reps)
	slices.SortStableFunc(reps, func(a, b Replacement) int {
		return cmp.Compare(*b.DeletedRegion.CharOffset, *a.DeletedRegion.CharOffset)
	})
	out := slices.Clone(src)
	for _, rep := range reps {
		start, end := *rep.DeletedRegion.CharOffset, *rep.DeletedRegion.CharOffset+*rep.DeletedRegion.CharLength
		out = slices.Replace(out, start, end, utf16.Encode([]rune(rep.InsertedContent.Text))...)
	}
	return out
}

func mustRel(t *testing.T, base, path string) string {
	t.Helper()
	rel, err := filepath.Rel(base, path)
	if err != nil {
		t.Fatal(err)
	}
	return rel
}
