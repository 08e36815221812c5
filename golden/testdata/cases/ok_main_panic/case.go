package main

import (
	"fmt"
	"os"
)

// main's panic ends the process: nothing is left to leak.
func main() {
	c := make(chan int)
	go func() { c <- len(os.Args) }()
	if len(os.Args) > 5 {
		panic("too many arguments")
	}
	fmt.Println(<-c)
}
