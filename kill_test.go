package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/leakfix/leakfix/internal/testenv"
)

// killScale is the size of the tree TestKillDuringWrite rewrites, and
// how often it kills leakfix: in full, 300 packages and 16 kills; in the
// short form, a tree a third as large, so that writes still take a
// while, and 6 kills, two aimed anywhere and four at the writes.
func killScale() (packages, kills int) {
	if testenv.Full() {
		return 300, 16
	}
	return 100, 6
}

// killCases are golden inputs that -w fixes completely in a go 1.22
// module, one leak each.
var killCases = []string{
	"first_range", "first_comments", "nogofmt", "timeout_after", "producer",
	"first_for_i", "first_generic", "first_method", "early_error_loop",
	"spawn_in_switch", "timeout_ctx", "small_buffer",
}

// TestKillDuringWrite kills `leakfix -w ./...` with SIGKILL at random
// points of its run over a large tree, again and again, and checks that
// every file is then byte for byte either the original or the complete
// fixed version, and that what an interrupted write leaves behind is
// ignored by the go command and by the next run.
//
// One kill in three is spread over the whole run; the others aim at the
// window in which files are written: at first the one the modification
// times of a complete run show, then the one between the latest kill that
// found nothing written and the earliest that found everything written,
// so that most land while files are being written, however short that
// phase is on this machine.
func TestKillDuringWrite(t *testing.T) {
	killPackages, kills := killScale()
	start := time.Now()
	bin := buildLeakfix(t)
	dir, names, files := killTree(t, killPackages)

	// The first run, cold, gives the fixed files; the second, warm, must
	// give the same and measures how long a run takes.
	t.Logf("build: %v", time.Since(start).Round(time.Millisecond))
	cold := leakfixW(t, bin, dir, names, files, nil)
	fixed := fixedFiles(t, dir, names, files)
	restore(t, dir, files)
	warm := time.Now()
	run := leakfixW(t, bin, dir, names, files, fixed)
	// The files' modification times say when the warm run wrote them.
	first, last := writeWindow(t, dir, names, warm)

	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("tree of %d packages; the first run took %v, a run takes %v and wrote its files in [%v, %v]; random seed %d",
		killPackages, cold.Round(time.Millisecond), run.Round(time.Millisecond), first.Round(time.Millisecond), last.Round(time.Millisecond), seed)
	w := &killWindow{run: run, lo: first, hi: last}
	strays := map[string]bool{}
	for i := range kills {
		restore(t, dir, files)
		delay := w.delay(rng, i, kills)
		killed, took := killAfter(t, bin, dir, delay)
		written := check(t, dir, names, files, fixed, strays)
		if !killed && written != len(names) {
			t.Errorf("run %d finished with %d of %d files fixed", i, written, len(names))
		}
		w.record(killed, took, delay, written, len(names))
		if t.Failed() {
			t.Fatalf("run %d, killed after %v", i, delay)
		}
	}
	t.Logf("%d kills: %d before any file was written, %d while files were being written, %d after all were; %d runs finished first; write phase within [%v, %v]",
		kills, w.before, w.during, w.after, w.finished, w.lo, w.hi)
	t.Logf("%d temporary files left by killed writes, e.g. %s", len(strays), slices.Sorted(maps.Keys(strays))[:min(len(strays), 3)])

	// The go command ignores the temporary files, and a run over the tree
	// the last kill left, temporary files and all, fixes every file.
	checkGoListIgnoresStrays(t, dir)
	leakfixW(t, bin, dir, names, files, fixed)
	t.Logf("test took %v", time.Since(start).Round(time.Millisecond))
}

// killTree writes a module of packages packages, each holding one of
// killCases as a.go, and returns its directory, the files' names, sorted,
// and their contents by name.
func killTree(t *testing.T, packages int) (dir string, names []string, files map[string]string) {
	t.Helper()
	files = map[string]string{}
	for i := range packages {
		files[fmt.Sprintf("p%03d/a.go", i)] = caseFile(t, killCases[i%len(killCases)])
	}
	dir = module(t, files)
	delete(files, "go.mod")
	return dir, slices.Sorted(maps.Keys(files)), files
}

// fixedFiles returns the files as a complete run left them in dir; each
// must differ from its original.
func fixedFiles(t *testing.T, dir string, names []string, files map[string]string) map[string]string {
	t.Helper()
	fixed := map[string]string{}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if string(b) == files[name] {
			t.Fatalf("%s: not fixed by leakfix -w", name)
		}
		fixed[name] = string(b)
	}
	return fixed
}

// killWindow aims the kills at the write phase and counts where they
// landed.
type killWindow struct {
	run    time.Duration // how long a complete run takes, at least
	lo, hi time.Duration // nothing was written by lo, everything by hi

	before, during, after, finished int
}

// delay returns when to kill run i of kills: one run in three at a point
// of its own slice of a whole run, the others within [lo, hi].
func (w *killWindow) delay(rng *rand.Rand, i, kills int) time.Duration {
	if i%3 == 0 {
		n := time.Duration(kills+2) / 3
		return between(rng, w.run*time.Duration(i/3)/n, w.run*time.Duration(i/3+1)/n)
	}
	// At least a fifth of a run wide: runs vary, and lo may pass hi.
	mid, width := (w.lo+w.hi)/2, max(w.hi-w.lo, w.lo-w.hi, w.run/5)
	return between(rng, max(0, mid-width/2), mid+width/2)
}

// record counts a run that was killed after delay, or finished in took,
// having left written of total files fixed, and narrows the window by it.
func (w *killWindow) record(killed bool, took, delay time.Duration, written, total int) {
	switch {
	case !killed:
		w.finished++
		w.run, w.hi = min(w.run, took), min(w.hi, took)
	case written == 0:
		w.before++
		w.lo = max(w.lo, delay)
	case written == total:
		w.after++
		w.hi = min(w.hi, delay)
	default:
		w.during++
	}
}

// checkGoListIgnoresStrays checks that go list, with the temporary files
// of killed writes present in dir, sees a.go as each package's only file.
func checkGoListIgnoresStrays(t *testing.T, dir string) {
	t.Helper()
	list := exec.Command("go", "list", "-f", "{{.Dir}}: {{.GoFiles}} {{.IgnoredGoFiles}} {{.InvalidGoFiles}} {{.IgnoredOtherFiles}}", "./...")
	list.Dir = dir
	var stderr bytes.Buffer
	list.Stderr = &stderr
	out, err := list.Output()
	if err != nil {
		t.Fatalf("go list with temporary files present: %v\n%s", err, stderr.Bytes())
	}
	for line := range strings.Lines(string(out)) {
		if _, sets, _ := strings.Cut(line, ": "); sets != "[a.go] [] [] []\n" {
			t.Errorf("go list: %s", line)
		}
	}
}

// writeWindow returns when, after start, the first and the last of the
// files were last modified.
func writeWindow(t *testing.T, dir string, names []string, start time.Time) (first, last time.Duration) {
	t.Helper()
	first = time.Duration(1<<63 - 1)
	for _, name := range names {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		d := fi.ModTime().Sub(start)
		first, last = min(first, d), max(last, d)
	}
	return max(first, 0), max(last, 0)
}

// between returns a random duration in [lo, hi).
func between(rng *rand.Rand, lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(rng.Int64N(int64(hi-lo)))
}

// leakfixW runs leakfix -w ./... in dir to the end and returns how long it
// took. It must exit 0, having fixed every file, into fixed if given.
func leakfixW(t *testing.T, bin, dir string, names []string, files, fixed map[string]string) time.Duration {
	t.Helper()
	cmd := exec.Command(bin, "-w", "./...")
	cmd.Dir = dir
	start := time.Now()
	out, err := cmd.CombinedOutput()
	took := time.Since(start)
	if err != nil {
		t.Fatalf("leakfix -w ./...: %v\n%s", err, out)
	}
	if fixed != nil {
		if n := check(t, dir, names, files, fixed, map[string]bool{}); n != len(names) {
			t.Fatalf("leakfix -w ./... fixed %d of %d files", n, len(names))
		}
	}
	return took
}

// killAfter starts leakfix -w ./... in dir and kills it, with its
// children, after delay. It reports false if leakfix exited first, which
// it must do with status 0, and how long it ran.
func killAfter(t *testing.T, bin, dir string, delay time.Duration) (killed bool, took time.Duration) {
	t.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, "-w", "./...")
	cmd.Dir = dir
	cmd.Stderr = &stderr
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its go list children die with it
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	timer := time.NewTimer(delay)
	defer timer.Stop()
	select {
	case err := <-exited:
		if err != nil {
			t.Fatalf("leakfix -w ./...: %v\n%s", err, stderr.Bytes())
		}
		return false, time.Since(start)
	case <-timer.C:
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL); err != nil && !errors.Is(err, syscall.ESRCH) {
			t.Fatal(err)
		}
		<-exited
		return true, time.Since(start)
	}
}

// check compares each file with its original and fixed versions and
// returns how many are fixed. Anything else in the tree must be a
// temporary file of an interrupted write, named so that the go command
// ignores it; it is added to strays.
func check(t *testing.T, dir string, names []string, files, fixed map[string]string, strays map[string]bool) int {
	t.Helper()
	n := 0
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		switch {
		case err != nil:
			t.Errorf("%s: %v", name, err)
		case string(b) == fixed[name]:
			n++
		case string(b) != files[name]:
			t.Errorf("%s is neither the original nor the fixed file (%d bytes, original %d, fixed %d):\n%s", name, len(b), len(files[name]), len(fixed[name]), b)
		}
		entries, err := os.ReadDir(filepath.Join(dir, filepath.Dir(name)))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			switch base := e.Name(); {
			case base == filepath.Base(name):
			case strings.HasPrefix(base, ".") && !strings.HasSuffix(base, ".go"):
				strays[filepath.Join(filepath.Dir(name), base)] = true
			default:
				t.Errorf("%s: unexpected file %s", filepath.Dir(name), base)
			}
		}
	}
	return n
}

// restore writes the original files back.
func restore(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
