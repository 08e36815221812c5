package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/goplsproxy"
)

// realGopls returns the gopls "leakfix gopls" runs, or skips the test
// saying how to install it; with CI set it fails instead.
func realGopls(t *testing.T) string {
	t.Helper()
	path, err := goplsproxy.Find()
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v (CI is set: this test must run)", err)
		}
		t.Skipf("%v; skipping", err)
	}
	return path
}

// TestGoplsPassThrough checks that the command lines that are not an LSP
// session on stdio are gopls's own: same output, same exit code.
func TestGoplsPassThrough(t *testing.T) {
	gopls := realGopls(t)
	for _, args := range [][]string{{"version"}, {"-v", "version"}, {"no-such-command"}, {"help", "version"}, {"-h"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			want := exec.Command(gopls, args...)
			var wantOut, wantErr bytes.Buffer
			want.Stdout, want.Stderr = &wantOut, &wantErr
			wantCode := 0
			if err := want.Run(); err != nil {
				wantCode = err.(*exec.ExitError).ExitCode()
			}
			code, stdout, stderr := runLeakfix(t, t.TempDir(), append([]string{"gopls"}, args...)...)
			if code != wantCode || stdout != wantOut.String() || stderr != wantErr.String() {
				t.Errorf("leakfix gopls %s: exit %d\n%s\n%s\nwant exit %d\n%s\n%s", args, code, stdout, stderr, wantCode, wantOut.String(), wantErr.String())
			}
		})
	}
}

// TestGoplsNotFound checks the one-line error without a gopls.
func TestGoplsNotFound(t *testing.T) {
	t.Setenv(goplsproxy.EnvGopls, "")
	t.Setenv("PATH", t.TempDir())
	code, stdout, stderr := runLeakfix(t, t.TempDir(), "gopls", "version")
	if code != exitError || stdout != "" || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "go install golang.org/x/tools/gopls@v0.23.0") {
		t.Errorf("exit %d, stdout %q, stderr %q: want exit 2 and one line saying how to install gopls", code, stdout, stderr)
	}
}

// TestGoplsWrapper runs leakfix gopls the way the README tells VS Code
// to: through a wrapper script, "exec leakfix gopls", that the Go
// extension starts as its gopls with -mode=stdio. The session's initialize
// must be gopls's with leakfix's quick fixes, and shutdown and exit must
// end it with 0. A wrapper named gopls first on PATH would make leakfix
// run itself: that fails at once, saying so.
func TestGoplsWrapper(t *testing.T) {
	realGopls(t)
	bin, wrapper := installWrapper(t)
	s := startStdio(t, wrapper)
	var init struct {
		Capabilities struct {
			CodeActionProvider struct {
				Kinds []string `json:"codeActionKinds"`
			} `json:"codeActionProvider"`
		} `json:"capabilities"`
		ServerInfo struct{ Name string } `json:"serverInfo"`
	}
	result := s.ask(t, 1, "initialize", `{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"codeAction":{"codeActionLiteralSupport":{"codeActionKind":{"valueSet":["quickfix","source"]}}}}}}`)
	if err := json.Unmarshal([]byte(result), &init); err != nil {
		t.Fatal(err)
	}
	if init.ServerInfo.Name != "gopls" || !slices.Contains(init.Capabilities.CodeActionProvider.Kinds, "quickfix") {
		t.Errorf("initialize answered %s, want gopls's with quickfix", result)
	}
	if got := s.ask(t, 2, "shutdown", "null"); got != "null" {
		t.Errorf("shutdown answered %s", got)
	}
	fmt.Fprintf(s.toServer, "Content-Length: 33\r\n\r\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}")
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("after exit: %v\n%s", err, s.stderr.String())
	}

	// The wrapper as the gopls on PATH.
	if err := os.Rename(wrapper, filepath.Join(bin, "gopls")); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(filepath.Join(bin, "leakfix"), "gopls", "version")
	got, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); code != exitError || !strings.Contains(string(got), goplsproxy.EnvGopls) {
		t.Errorf("with the wrapper as gopls on PATH: exit %d, %v\n%s\nwant exit 2 naming %s", code, err, got, goplsproxy.EnvGopls)
	}
}

// installWrapper builds leakfix into a new directory first on PATH, beside
// the wrapper script leakfix-gopls that execs "leakfix gopls", and returns
// the directory and the wrapper.
func installWrapper(t *testing.T) (bin, wrapper string) {
	t.Helper()
	bin = t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "leakfix"), ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	wrapper = filepath.Join(bin, "leakfix-gopls")
	if err := os.WriteFile(wrapper, []byte("#!/bin/sh\nexec leakfix gopls \"$@\"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin+string(filepath.ListSeparator)+os.Getenv("PATH"))
	return bin, wrapper
}

// stdioSession is an LSP server started as an editor starts it, talking
// on its stdin and stdout.
type stdioSession struct {
	cmd      *exec.Cmd
	toServer io.WriteCloser
	r        *bufio.Reader
	stderr   *bytes.Buffer
}

// startStdio starts server -mode=stdio in a fresh directory.
func startStdio(t *testing.T, server string) *stdioSession {
	t.Helper()
	s := &stdioSession{cmd: exec.Command(server, "-mode=stdio"), stderr: new(bytes.Buffer)}
	s.cmd.Dir = t.TempDir()
	s.cmd.Stderr = s.stderr
	var err error
	if s.toServer, err = s.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	fromServer, err := s.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.r = bufio.NewReader(fromServer)
	return s
}

// ask sends a request, as an editor does, and returns the result of its
// response, skipping the server's notifications.
func (s *stdioSession) ask(t *testing.T, id int, method, params string) string {
	t.Helper()
	m := fmt.Sprintf(`{"jsonrpc":"2.0","id":%d,"method":%q,"params":%s}`, id, method, params)
	fmt.Fprintf(s.toServer, "Content-Length: %d\r\n\r\n%s", len(m), m)
	for {
		var length int
		if _, err := fmt.Fscanf(s.r, "Content-Length: %d\r\n\r\n", &length); err != nil {
			t.Fatalf("%s: reading the answer: %v\n%s", method, err, s.stderr.String())
		}
		body := make([]byte, length)
		if _, err := io.ReadFull(s.r, body); err != nil {
			t.Fatal(err)
		}
		var resp struct {
			ID     int             `json:"id"`
			Method string          `json:"method"`
			Result json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(body, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.Method == "" && resp.ID == id {
			return string(resp.Result)
		}
	}
}
