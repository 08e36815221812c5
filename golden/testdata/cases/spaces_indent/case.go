package spaces_indent

// First is indented with spaces.
func First(xs []int) int {
    out := make(chan int)
    for _, x := range xs {
        go func() {
            out <- x * 0
        }()
    }
    return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
