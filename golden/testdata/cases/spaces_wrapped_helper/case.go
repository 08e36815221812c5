package spaces_wrapped_helper

import "time"

// Gen returns the first value or -1.
func Gen(n int, d time.Duration) int {
    c := make(chan int)
    go produce(c, n)
    select {
    case v := <-c:
        return v
    case <-time.After(d):
        return -1
    }
}

func produce(out chan<- int,
    n int) {
    for i := range n {
        out <- i
    }
}

func Case() any { return Gen(3, time.Second) }
