package leaks

import (
	"errors"
	"time"
)

// First returns the length of the first word that is measured.
func First(words []string) int {
	out := make(chan int) // want `out: len\(words\)-1 of len\(words\) senders started at line 12 can block forever on the send at line 13: First returns after the first receive at line 16`
	for _, w := range words {
		go func() {
			out <- len(w)
		}()
	}
	return <-out
}

func slow() string {
	time.Sleep(50 * time.Millisecond)
	return "slow"
}

// Fetch gives up after d.
func Fetch(d time.Duration) string {
	ch := make(chan string) // want `ch: the sender started at line 27 can block forever on the send at line 28: Fetch returns at line 34 without receiving`
	go func() {
		ch <- slow()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return "timeout"
	}
}

func check(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// Validate checks every item concurrently and returns the first error.
func Validate(items []string) error {
	errc := make(chan error) // want `errc: len\(items\)-1 of len\(items\) senders started at line 49 can block forever on the send at line 50: Validate returns at line 55 after the first receive at line 54`
	for _, it := range items {
		go func() {
			errc <- check(it)
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Sum receives once per sender: nothing leaks.
func Sum(xs []int) int {
	parts := make(chan int)
	for _, x := range xs {
		go func() { parts <- x * x }()
	}
	sum := 0
	for range xs {
		sum += <-parts
	}
	return sum
}
