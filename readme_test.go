package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var updateREADME = flag.Bool("update", false, "rewrite the outputs of the README's examples with what leakfix prints")

// readmeMarker precedes each example of the README that TestREADME runs:
// dir is the directory of this repository it runs in (a copy of it),
// exit the exit code it must end with (0 by default).
var readmeMarker = regexp.MustCompile(`(?m)^<!-- readme-test: (.*) -->\n`)

// A readmeExample is one fenced block after a marker: "$ command" on its
// first line, then the output expected, byte for byte.
type readmeExample struct {
	dir     string
	exit    int
	command string
	output  string
	start   int // offset of the output in the README
	end     int
}

// TestREADME runs the README's marked examples, in the style of
// testscript: leakfix is built once and put first on PATH, each command
// runs with sh in a copy of its directory (the module's go.mod and go.sum
// added when the directory has none), and its output, stdout then
// stderr, must be the README's text byte for byte, with the copy's path
// written as /abs/path. go test -run TestREADME . -update rewrites the
// outputs in the README; review the diff.
func TestREADME(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples, err := parseREADME(string(readme))
	if err != nil {
		t.Fatal(err)
	}
	if len(examples) < 3 {
		t.Fatalf("%d marked examples in README.md, want the intro's, -d's and trace's", len(examples))
	}
	bin := buildLeakfix(t)
	path := filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH")
	updated := string(readme)
	for i := len(examples) - 1; i >= 0; i-- { // from the end: offsets stay valid
		ex := examples[i]
		t.Run(fmt.Sprintf("%d_%s", i, ex.command), func(t *testing.T) {
			dir := copyExampleDir(t, ex.dir)
			cmd := exec.Command("sh", "-c", ex.command)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "PATH="+path)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			got := strings.ReplaceAll(stdout.String()+stderr.String(), dir, "/abs/path")
			if *updateREADME {
				updated = updated[:ex.start] + got + updated[ex.end:]
			} else if got != ex.output {
				t.Errorf("in %s, %s printed (-got +README):\n%s", ex.dir, ex.command, lineDiff(got, ex.output))
			}
			if code != ex.exit {
				t.Errorf("in %s, %s exited %d, the README says %d", ex.dir, ex.command, code, ex.exit)
			}
		})
	}
	if *updateREADME && updated != string(readme) {
		if err := os.WriteFile("README.md", []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// parseREADME returns the marked examples of the README text.
func parseREADME(text string) ([]readmeExample, error) {
	var out []readmeExample
	for _, m := range readmeMarker.FindAllStringSubmatchIndex(text, -1) {
		line := 1 + strings.Count(text[:m[0]], "\n")
		ex := readmeExample{}
		for _, kv := range strings.Fields(text[m[2]:m[3]]) {
			k, v, _ := strings.Cut(kv, "=")
			switch k {
			case "dir":
				ex.dir = v
			case "exit":
				if _, err := fmt.Sscan(v, &ex.exit); err != nil {
					return nil, fmt.Errorf("README.md:%d: exit=%q: %v", line, v, err)
				}
			default:
				return nil, fmt.Errorf("README.md:%d: unknown readme-test key %q", line, k)
			}
		}
		rest := text[m[1]:]
		fence, body, ok := strings.Cut(rest, "\n")
		if !ok || !strings.HasPrefix(fence, "```") {
			return nil, fmt.Errorf("README.md:%d: a readme-test marker must precede a fenced block", line)
		}
		first, _, _ := strings.Cut(body, "\n")
		command, ok := strings.CutPrefix(first, "$ ")
		if !ok || ex.dir == "" {
			return nil, fmt.Errorf("README.md:%d: the block must start with \"$ command\", and the marker name a dir", line)
		}
		ex.command = command
		ex.start = m[1] + len(fence) + 1 + len(first) + 1
		end := strings.Index(text[ex.start:], "```\n")
		if end < 0 || (end > 0 && text[ex.start+end-1] != '\n') {
			return nil, fmt.Errorf("README.md:%d: the block does not end", line)
		}
		ex.end = ex.start + end
		ex.output = text[ex.start:ex.end]
		out = append(out, ex)
	}
	return out, nil
}

// copyExampleDir copies the directory dir of this repository into a new
// temporary directory, with the go.mod and go.sum of the module that
// holds it when it is not a module of its own.
func copyExampleDir(t *testing.T, dir string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(dir))
	if err := os.CopyFS(dst, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dst, "go.mod")); errors.Is(err, fs.ErrNotExist) {
		for _, name := range []string{"go.mod", "go.sum"} {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dst, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dst
}

// lineDiff shows the lines where got and want differ, with diff -u when
// it is there.
func lineDiff(got, want string) string {
	dir, err := os.MkdirTemp("", "readme")
	if err == nil {
		defer os.RemoveAll(dir)
		a, b := filepath.Join(dir, "got"), filepath.Join(dir, "README")
		if os.WriteFile(a, []byte(got), 0o644) == nil && os.WriteFile(b, []byte(want), 0o644) == nil {
			if out, _ := exec.Command("diff", "-u", a, b).Output(); len(out) > 0 {
				return string(out)
			}
		}
	}
	return "got:\n" + got + "\nREADME:\n" + want
}
