// Package gcpace paces the garbage collector of a leakfix process: a run
// allocates much (syntax, types) and keeps little for long, so collecting
// at the default pace (GOGC=100: when the heap doubles) costs about a
// sixth of its CPU time on std.
package gcpace

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
)

// floor is the memory below which the collector runs only when the heap
// has grown to five times its live part.
const floor = 300 << 20

// Start lets the heap grow to five times its live part (GOGC=400) while
// the process uses less than 300 MiB, and to about twice above that: a
// limit on the process's memory, raised after every collection to twice
// what it found live, so that a large heap is collected about as often
// as at the default pace, and a small one much less often. It does
// nothing when GOGC or GOMEMLIMIT is set: the user has chosen.
func Start() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(floor)
	watch()
}

// A sentinel is garbage from birth: its finalizer runs after the first
// collection that follows its allocation, and sets the limit.
type sentinel struct{ _ [16]byte } // not a tiny object, which could share a block with live ones

// watch arms a sentinel for the next collection.
func watch() {
	runtime.SetFinalizer(new(sentinel), func(*sentinel) {
		live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 {
			debug.SetMemoryLimit(max(floor, int64(live[0].Value.Uint64())*2))
		}
		watch()
	})
}
