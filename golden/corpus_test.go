package golden

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/leakfix/leakfix/analyzer"
	"github.com/leakfix/leakfix/driver"
	"github.com/leakfix/leakfix/rewrite"
)

// leakProfileCorpus lists the programs of the Go runtime's goroutine leak
// profile tests ($GOROOT/src/runtime/testdata/testgoroutineleakprofile)
// that leak in leakfix's family: a function makes a channel, starts
// goroutines that send on it, and leaves before it has received what they
// send. Each must be found, with the fixes listed.
//
// The runtime's test expects 30 goroutines blocked on a channel send
// (goroutineleakprofile_test.go). These are in the family; every one is
// found. The others are not:
//   - ChanSend, Select, NilSend: a send on a channel made in the send
//     itself, or on nil; no function leaves early.
//   - Mixed: the sender blocks before wg.Done, and the receiver waits for
//     it in wg.Wait: a deadlock of two goroutines, not an early exit.
//   - noCloseRange: the function itself sends, to workers that are gone.
//   - cockroach1462, 24808, 35073, 35931, etcd6857, 7492, istio16224,
//     17860, 18454, kubernetes6632, 10182, 25331, 38669, moby21233, 28462,
//     serving2137: the channel is a field of a long-lived object (a
//     stopper, a watcher, a manager) sent on by its methods, or received
//     by another goroutine that quits; its lifetime is not one function's.
//
// moby17176 is listed by the runtime as blocked on a mutex its test
// leaves locked; once the lock is free, the sender blocks on its send
// after the one-millisecond timeout, which is what leakfix reports.
var leakProfileCorpus = []corpusLeak{
	{"commonpatterns.go", "ch", "DoubleSend", []rewrite.Strategy{rewrite.StrategyDone}}, // a helper sends twice: it takes done
	{"commonpatterns.go", "ch", "earlyReturn", []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone}},
	{"commonpatterns.go", "ch", "nCastLeak", []rewrite.Strategy{rewrite.StrategyDone, rewrite.StrategyBuffer}},
	{"commonpatterns.go", "ch", "timeout", []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone}},
	{"goker/cockroach18101.go", "readyForImportCh", "restore_cockroach18101", []rewrite.Strategy{rewrite.StrategyDone}}, // a producer helper: it takes done
	{"goker/grpc660.go", "done", "doCloseLoopUnary", []rewrite.Strategy{rewrite.StrategyBuffer}},                        // made in a loop: no deferred close
	{"goker/kubernetes5316.go", "ch", "finishRequest_kubernetes5316", []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone}},
	{"goker/kubernetes5316.go", "errCh", "finishRequest_kubernetes5316", []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone}},
	{"goker/moby17176.go", "doneChan", "testDevmapperLockReleasedDeviceDeletion_moby17176", []rewrite.Strategy{rewrite.StrategyBuffer, rewrite.StrategyDone}},
	{"goker/moby33781.go", "results", "monitor_moby33781", []rewrite.Strategy{rewrite.StrategyBuffer}}, // made in a loop: no deferred close
}

// A corpusLeak is a leak in a file of the corpus: the channel, the
// function that makes it, and the fixes offered, the preferred first.
type corpusLeak struct {
	file, channel, fn string
	fixes             []rewrite.Strategy
}

// TestLeakProfileCorpus runs leakfix over a copy of the runtime's leak
// programs: every leak of the family must be found with the fixes listed,
// and nothing else may be reported.
func TestLeakProfileCorpus(t *testing.T) {
	mod, res := loadCorpus(t)
	found := make([]bool, len(leakProfileCorpus))
	fixed := 0
	for _, f := range res.Findings {
		rel, i := corpusIndex(mod, f)
		if i < 0 {
			t.Errorf("%s:%d: not a leak of the family: %s", rel, f.Line, f.Message)
			continue
		}
		found[i] = true
		var got []rewrite.Strategy
		for _, fix := range f.Fixes {
			got = append(got, rewrite.StrategyOf(fix.Message))
		}
		if !slices.Equal(got, leakProfileCorpus[i].fixes) {
			t.Errorf("%s:%d: fixes %v, want %v", rel, f.Line, got, leakProfileCorpus[i].fixes)
		}
		if len(got) > 0 {
			fixed++
		}
	}
	n := 0
	for i, ok := range found {
		if ok {
			n++
		} else {
			c := leakProfileCorpus[i]
			t.Errorf("%s: %s in %s not found", c.file, c.channel, c.fn)
		}
	}
	t.Logf("leak profile corpus: %d of %d leaks of the family found, %d with a fix", n, len(leakProfileCorpus), fixed)
}

// loadCorpus copies the runtime's leak programs into a module and runs
// leakfix over it. It skips t when the Go distribution has no corpus.
func loadCorpus(t *testing.T) (mod string, res *driver.Result) {
	t.Helper()
	src := filepath.Join(runtime.GOROOT(), "src", "runtime", "testdata", "testgoroutineleakprofile")
	if _, err := os.Stat(src); err != nil {
		t.Skipf("no leak profile corpus in this Go distribution: %v", err)
	}
	mod = t.TempDir()
	if err := os.CopyFS(mod, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := driver.Run(driver.Config{Dir: mod, Patterns: []string{"./..."}}, analyzer.Analyzer)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range res.Errors {
		t.Errorf("load: %v", e)
	}
	return mod, res
}

// corpusIndex returns the path of f's file in the corpus module mod, and
// the index of its leak in leakProfileCorpus, or -1.
func corpusIndex(mod string, f driver.Finding) (rel string, i int) {
	rel, _ = filepath.Rel(mod, f.File)
	rel = filepath.ToSlash(rel)
	return rel, slices.IndexFunc(leakProfileCorpus, func(c corpusLeak) bool {
		return rel == c.file && strings.HasPrefix(f.Message, c.channel+": ") && strings.Contains(f.Message, ": "+c.fn+" ")
	})
}
