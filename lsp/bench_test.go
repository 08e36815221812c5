package lsp

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// benchFile is one file of a package of n: a type with methods, and a
// fan-out that drains every result, importing what such code imports.
// File 0 also holds a leak, so that every analysis finds something.
func benchFile(i int) string {
	src := fmt.Sprintf(benchSource, i)
	if i == 0 {
		src += benchLeak
	}
	return src
}

// benchSource is benchFile's file i, with %[1]d for i.
const benchSource = `package big

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// Store%[1]d keeps named values.
type Store%[1]d struct {
	mu     sync.Mutex
	values map[string]int
	client *http.Client
}

// Put stores v under k.
func (s *Store%[1]d) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]int{}
	}
	s.values[strings.ToLower(k)] = v
}

// Keys returns the keys in order.
func (s *Store%[1]d) Keys() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// FetchAll%[1]d fetches every URL and waits for all of them.
func FetchAll%[1]d(ctx context.Context, c *http.Client, urls []string) ([]int, error) {
	type result struct {
		code int
		err  error
	}
	out := make(chan result)
	for _, u := range urls {
		go func() {
			code, err := fetch%[1]d(ctx, c, u)
			out <- result{code, err}
		}()
	}
	var codes []int
	var errs []error
	for range urls {
		r := <-out
		if r.err != nil {
			errs = append(errs, r.err)
			continue
		}
		codes = append(codes, r.code)
	}
	return codes, errors.Join(errs...)
}

func fetch%[1]d(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	resp.Body.Close()
	return resp.StatusCode, nil
}

// Describe%[1]d formats a duration for people.
func Describe%[1]d(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%%dms", d.Milliseconds())
	}
	return d.Round(time.Second).String()
}
`

// benchLeak is the leak that file 0 adds.
const benchLeak = `
// First returns the first status code.
func First(ctx context.Context, c *http.Client, urls []string) int {
	out := make(chan int)
	for _, u := range urls {
		go func() {
			codes, _ := FetchAll0(ctx, c, []string{u})
			out <- len(codes)
		}()
	}
	return <-out
}
`

// BenchmarkReanalyse measures how long the server takes from a
// notification about one file of a 50-file package (which imports
// net/http and friends) to the diagnostics for it: after a save (the
// buffer equals the file), after an unsaved change to a function body
// (driver.Config.Buffers), and after an unsaved new import (an overlay,
// which makes go/packages type-check net/http and the rest from source);
// the changes with a 1ms debounce.
func BenchmarkReanalyse(b *testing.B) {
	files := map[string]string{}
	for i := range 50 {
		files[fmt.Sprintf("big/f%02d.go", i)] = benchFile(i)
	}
	mod := writeModule(b, files)
	path := filepath.Join(mod, "big", "f00.go")
	uri := uriOf(path)
	text := files["big/f00.go"]
	for _, tc := range []struct {
		name   string
		notify func(c *client, i int)
	}{
		{"save", func(c *client, _ int) {
			c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
		}},
		{"save-after-edit", func(c *client, i int) {
			// The file on disk changed: the go command compiles it again.
			if err := os.WriteFile(path, []byte(text+fmt.Sprintf("\n// saved edit %d\n", i)), 0o644); err != nil {
				b.Fatal(err)
			}
			c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: uri}})
		}},
		{"unsaved-change", func(c *client, i int) {
			c.change(uri, i+2, text+fmt.Sprintf("\n// edit %d\n", i))
		}},
		{"unsaved-new-import", func(c *client, i int) {
			c.change(uri, i+2, strings.Replace(text, "import (\n", "import (\n\t_ \"os\"\n", 1)+fmt.Sprintf("\n// edit %d\n", i))
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := start(b, &Server{Debounce: time.Millisecond})
			c.initialize()
			c.open(uri, text)
			if p := c.diagnostics(uri); len(p.Diagnostics) != 1 {
				b.Fatalf("%d diagnostics, want 1", len(p.Diagnostics))
			}
			b.ResetTimer()
			for i := range b.N {
				tc.notify(c, i)
				if p := c.diagnostics(uri); len(p.Diagnostics) != 1 {
					b.Fatalf("%d diagnostics, want 1", len(p.Diagnostics))
				}
			}
			b.StopTimer()
			if err := c.shutdown(); err != nil {
				b.Errorf("Serve: %v", err)
			}
		})
	}
}
