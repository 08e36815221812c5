// Command shop leaks goroutines, waits a minute, and prints them as
// /debug/pprof/goroutine?debug=2 would. dump.txt is its output, from a
// build in another place than this checkout:
//
//	cp -r . /build/src/github.com/acme/shop && cd /build/src/github.com/acme/shop
//	go build -o /tmp/shop . && /tmp/shop > dump.txt
package main

import (
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/acme/shop/search"
)

func main() {
	search.First([]string{"eu", "us", "asia"}, "shoes")
	subscribe()
	time.Sleep(10 * time.Millisecond)
	runtime.GC()
	runtime.GC()                 // the second notes since when the blocked goroutines wait
	time.Sleep(61 * time.Second) // the dump says how long they waited, in minutes
	pprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
}

// subscribe starts a reader on a channel nobody writes to or closes: a
// leak, but not one leakfix explains.
func subscribe() {
	updates := make(chan string)
	go func() {
		for u := range updates {
			_ = u
		}
	}()
}
