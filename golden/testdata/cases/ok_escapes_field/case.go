package ok_escapes_field

// Server keeps its results channel.
type Server struct {
	results chan int
}

// Run stores the channel, so others may read it.
func (s *Server) Run(xs []int) int {
	out := make(chan int)
	s.results = out
	for _, x := range xs {
		go func() { out <- x }()
	}
	return <-out
}
