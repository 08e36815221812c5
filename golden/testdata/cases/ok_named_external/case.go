package ok_named_external

import (
	"os"
	"os/signal"
)

// Wait passes the channel out of the package: others may read it.
func Wait() os.Signal {
	c := make(chan os.Signal)
	signal.Notify(c, os.Interrupt)
	go func() { c <- os.Interrupt }()
	return <-c
}
