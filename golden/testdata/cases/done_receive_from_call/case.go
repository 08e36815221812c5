package done_receive_from_call

type gate struct{ c chan struct{} }

func (g *gate) ready() <-chan struct{} { return g.c }

// First returns the first result; each sender then waits at a gate that a
// feeder opens once per sender. A sender that gave up would leave the
// feeder blocked, though it receives through a call.
func First(xs []int) int {
	g := &gate{c: make(chan struct{})}
	go func() {
		for range xs {
			g.c <- struct{}{}
		}
	}()
	out := make(chan int)
	for _, x := range xs {
		go func() {
			out <- x * 2
			<-g.ready()
		}()
	}
	return <-out
}
