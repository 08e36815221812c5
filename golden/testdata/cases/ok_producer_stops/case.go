package ok_producer_stops

import "io"

func reader(r io.Reader, c chan int) {
	buf := make([]byte, 64)
	for {
		n, err := r.Read(buf)
		if err == io.EOF {
			c <- 0
			break
		}
		c <- n
	}
}

// Sizes reads five chunks and the end: the producer stops at EOF.
func Sizes(r io.Reader) []int {
	c := make(chan int)
	go reader(r, c)
	var got []int
	for i := 0; i < 5; i++ {
		got = append(got, <-c)
	}
	got = append(got, <-c)
	return got
}
