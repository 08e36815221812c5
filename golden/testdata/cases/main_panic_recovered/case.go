package main

import (
	"fmt"
	"os"
)

// main recovers from its own panic: the process goes on, the sender stays.
func main() {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	c := make(chan int)
	go func() { c <- len(os.Args) }()
	if len(os.Args) > 5 {
		panic("too many arguments")
	}
	fmt.Println(<-c)
}
