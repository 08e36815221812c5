package diff

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/internal/testenv"
)

// TestUnifiedMatchesDiff checks that Unified prints exactly the patch GNU
// diff -u prints for the same change, labels aside: the hunks, their
// ranges and which lines are context. The edit sets are a table of the
// shapes leakfix's fixes take and a seeded random sample of small edits
// to files with repeated lines, where the choice of hunk is ambiguous.
func TestUnifiedMatchesDiff(t *testing.T) {
	gnu, err := exec.LookPath("diff")
	if out, _ := exec.Command(gnu, "--version").Output(); err != nil || !strings.Contains(string(out), "GNU diffutils") {
		testenv.Need(t, "GNU diff", "install GNU diffutils (apt-get install -y diffutils)")
	}
	for _, tt := range editShapes() {
		t.Run(tt.name, func(t *testing.T) { compareWithDiff(t, gnu, tt.src, tt.edits) })
	}

	// Random edits over lines drawn from a small alphabet, so that
	// identical lines abound next to each edit.
	seed := uint64(1)
	rng := rand.New(rand.NewPCG(seed, seed))
	for n := range 500 {
		src, edits := randomEdits(rng)
		t.Run(fmt.Sprintf("random/%d", n), func(t *testing.T) { compareWithDiff(t, gnu, src, edits) })
	}
}

// editCase is a source and the edits made to it.
type editCase struct {
	name  string
	src   string
	edits []Edit
}

// editShapes returns the shapes of edit leakfix's fixes take, on a file
// holding a leaky function twice, and the corner cases of lines and
// line ends.
func editShapes() []editCase {
	fn := "func First(backends []string, query string) string {\n" +
		"\tout := make(chan string) // one answer per backend\n" +
		"\tfor _, b := range backends {\n" +
		"\t\tgo func(b string) {\n" +
		"\t\t\tout <- search(b, query)\n" +
		"\t\t}(b)\n" +
		"\t}\n" +
		"\treturn <-out\n" +
		"}\n"
	src := "package p\n\n" + strings.Repeat("// padding\n", 10) + fn + strings.Repeat("\n// more\n", 8) + fn
	mk := strings.Index(src, "make(chan string)")
	eol := mk + len("make(chan string) // one answer per backend")
	send := strings.Index(src, "out <- search(b, query)")
	second := strings.LastIndex(src, "make(chan string)")
	return []editCase{
		{"insert at end of line", src, []Edit{{eol, eol, "\n\tdone := make(chan struct{})\n\tdefer close(done)"}}},
		{"done fix", src, []Edit{
			{eol, eol, "\n\tdone := make(chan struct{})\n\tdefer close(done)"},
			{send, send + len("out <- search(b, query)"), "select {\n\t\t\tcase out <- search(b, query):\n\t\t\tcase <-done:\n\t\t\t\treturn\n\t\t\t}"},
		}},
		{"second hunk after insertions", src, []Edit{
			{eol, eol, "\n\tdone := make(chan struct{})\n\tdefer close(done)"},
			{second, second + len("make(chan string)"), "make(chan string, len(backends))"},
		}},
		{"buffer", src, []Edit{{mk, mk + len("make(chan string)"), "make(chan string, len(backends))"}}},
		{"insert at start of line", src, []Edit{{mk - 8, mk - 8, "\tx := 1\n"}}},
		{"insert closing brace beside another", "a\n\t}\n}\nb\n", []Edit{{4, 4, "\t}\n"}}},
		{"delete a repeated line", "}\n}\n}\n", []Edit{{2, 4, ""}}},
		{"no newline at end", "a\nb", []Edit{{2, 3, "B"}}},
		{"add newline at end", "a\nb", []Edit{{3, 3, "\n"}}},
		{"insert at end of file", "a\n", []Edit{{2, 2, "b\n"}}},
		{"insert at start of file", "a\n", []Edit{{0, 0, "b\n"}}},
		{"empty file", "", []Edit{{0, 0, "a\n"}}},
		{"crlf", "a\r\nb\r\nc\r\n", []Edit{{3, 4, "B"}}},
		{"edit changes nothing", "a\nb\n", []Edit{{2, 3, "b"}}},
	}
}

// editWords are the lines random sources and edits are made of.
var editWords = []string{"}\n", "\n", "a\n", "b\n", "\t}\n", "x := 1\n"}

// randomEdits returns a source of up to 29 lines drawn from editWords,
// one time in eight without a newline at its end, and one to four
// ordered, non-overlapping edits to it, each replacing up to 12 bytes.
func randomEdits(rng *rand.Rand) (string, []Edit) {
	var sb strings.Builder
	for range rng.IntN(30) {
		sb.WriteString(editWords[rng.IntN(len(editWords))])
	}
	if rng.IntN(8) == 0 {
		sb.WriteString("tail") // no newline at end
	}
	src := sb.String()
	var edits []Edit
	pos := 0
	for range 1 + rng.IntN(4) {
		if pos > len(src) {
			break
		}
		start := pos + rng.IntN(len(src)-pos+1)
		end := start + rng.IntN(min(len(src)-start, 12)+1)
		var nb strings.Builder
		for range rng.IntN(4) {
			nb.WriteString(editWords[rng.IntN(len(editWords))])
		}
		if rng.IntN(3) == 0 {
			nb.WriteString("y")
		}
		edits = append(edits, Edit{start, end, nb.String()})
		pos = end + 1
	}
	return src, edits
}

// compareWithDiff compares Unified's output for edits to src with diff -u
// of src and Apply(src, edits).
func compareWithDiff(t *testing.T, gnu, src string, edits []Edit) {
	t.Helper()
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.WriteFile(a, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, Apply([]byte(src), edits), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(gnu, "-u", "--label", "a/f.go", "--label", "b/f.go", a, b)
	want, err := cmd.Output()
	if e, ok := err.(*exec.ExitError); err != nil && (!ok || e.ExitCode() != 1) {
		t.Fatalf("diff: %v", err)
	}
	if got := Unified("f.go", []byte(src), edits); got != string(want) {
		t.Errorf("src %q, edits %+v:\nUnified:\n%s\ndiff -u:\n%s", src, edits, got, want)
	}
}
