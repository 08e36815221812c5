package driver

import (
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakfix/leakfix/analyzer"
)

// syncBuffer is a strings.Builder safe for the progress line's timer.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestProgressLine checks that a short run draws nothing, and that a long
// one draws its latest state and erases the line when it ends.
func TestProgressLine(t *testing.T) {
	var short syncBuffer
	l := newProgressLine(&short, time.Hour)
	l.update("list", 0, 0)
	l.update("check", 3, 10)
	l.update("", 0, 0)
	if short.String() != "" {
		t.Errorf("a run shorter than the delay drew %q", short.String())
	}

	var long syncBuffer
	l = newProgressLine(&long, time.Millisecond)
	l.update("check", 3, 10)
	for !strings.Contains(long.String(), "check 3/10 packages") {
		time.Sleep(time.Millisecond) // the test's deadline bounds the wait
	}
	l.update("", 0, 0)
	out := long.String()
	if !strings.HasSuffix(out, "\r\033[K") {
		t.Errorf("the line was not erased at the end: %q", out)
	}
	l.update("check", 4, 10)
	time.Sleep(5 * time.Millisecond)
	if long.String() != out {
		t.Errorf("drew after the end: %q", strings.TrimPrefix(long.String(), out))
	}
}

// TestProgressNotATerminal checks that a file that is not a terminal gets
// no progress.
func TestProgressNotATerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if Progress(f, 0) != nil {
		t.Error("Progress on a regular file is not nil")
	}
}

// TestRunProgress checks that Run reports its phases, counts every
// package it checks up to the total, and ends.
func TestRunProgress(t *testing.T) {
	dir := writeModule(t, map[string]string{"a/a.go": leakIn("a"), "b/b.go": "package b\n"})
	var phases []string
	last, lastTotal := -1, 0
	cfg := Config{Dir: dir, Patterns: []string{"./..."}, Progress: func(phase string, done, total int) {
		if len(phases) == 0 || phases[len(phases)-1] != phase {
			phases = append(phases, phase)
		}
		if phase == "check" {
			if done <= last || done > total {
				t.Errorf("check %d/%d after %d", done, total, last)
			}
			last, lastTotal = done, total
		}
	}}
	if _, err := Run(cfg, analyzer.Analyzer); err != nil {
		t.Fatal(err)
	}
	if last <= 0 || last != lastTotal {
		t.Errorf("checked %d packages of %d", last, lastTotal)
	}
	if got := strings.Join(phases, ","); got != "list,scan,check," {
		t.Errorf("phases %q, want list,scan,check and the end", got)
	}
}
