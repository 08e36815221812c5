package gcpace

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// TestStart checks that Start sets the pace and that the limit follows
// the live heap after a collection: twice a live heap above the floor.
func TestStart(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	Start()
	if got := debug.SetGCPercent(400); got != 400 {
		t.Errorf("GC percent %d, want 400", got)
	}
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("memory limit %d, want the floor %d", got, floor)
	}
	// Each collection sets the limit: twice a live heap over the floor,
	// then, with the heap freed, the floor again. The finalizer runs on
	// its own goroutine after the collection that finds the sentinel.
	live := make([]byte, 200<<20)
	if got := limitOnceGC(func(l int64) bool { return l >= 2*200<<20 }); got < 2*200<<20 {
		t.Errorf("memory limit %d with 200 MiB live, want at least twice that", got)
	}
	runtime.KeepAlive(live)
	if got := limitOnceGC(func(l int64) bool { return l == floor }); got != floor {
		t.Errorf("memory limit %d once the heap is freed, want the floor %d", got, floor)
	}
}

// limitOnceGC collects until the memory limit is what ok wants, for up
// to ten seconds, and returns the limit.
func limitOnceGC(ok func(int64) bool) int64 {
	var got int64
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		runtime.GC()
		if got = debug.SetMemoryLimit(-1); ok(got) {
			break
		}
	}
	return got
}

// TestUserChose checks that Start leaves GOGC and GOMEMLIMIT to the user.
func TestUserChose(t *testing.T) {
	t.Setenv("GOGC", "100")
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	Start()
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d with GOGC set, want 100", got)
	}
}
