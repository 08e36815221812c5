package first_loop_and_one

// Quorum starts a worker per node plus a local one and takes the first vote.
func Quorum(nodes []int) int {
	votes := make(chan int)
	go func() { votes <- 1 }()
	for range nodes {
		go func() { votes <- 1 }()
	}
	return <-votes
}

func Case() any { return Quorum([]int{1, 2}) }
