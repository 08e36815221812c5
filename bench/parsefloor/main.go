// Command parsefloor is the floor of any tool that must look at every Go
// file of a tree: it reads and parses every .go file under the directories
// given, in parallel, and does nothing else. leakfix's benchmark harness
// (scripts/bench.sh) compares leakfix with it.
//
//	parsefloor [-comments] dir...
//
// It prints the number of files, bytes and parse errors, and exits 0 even
// when some files do not parse (GOROOT/src has test data that must not).
package main

import (
	"flag"
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

func main() {
	comments := flag.Bool("comments", false, "parse comments too (gofmt does; leakfix's pre-pass does not)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: parsefloor [-comments] dir...")
		os.Exit(2)
	}
	mode := parser.SkipObjectResolution
	if *comments {
		mode |= parser.ParseComments
	}
	files := make(chan string, 256)
	go func() {
		defer close(files)
		for _, dir := range flag.Args() {
			err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
				if err == nil && d.Type().IsRegular() && strings.HasSuffix(path, ".go") {
					files <- path
				}
				return err
			})
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
			}
		}
	}()
	var nfiles, nbytes, nerrs atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for path := range files {
				src, err := os.ReadFile(path)
				if err != nil {
					nerrs.Add(1)
					continue
				}
				nfiles.Add(1)
				nbytes.Add(int64(len(src)))
				if _, err := parser.ParseFile(token.NewFileSet(), path, src, mode); err != nil {
					nerrs.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Printf("%d files, %d bytes, %d parse errors\n", nfiles.Load(), nbytes.Load(), nerrs.Load())
}
