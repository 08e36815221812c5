package buffer_send_in_switch

// First's senders send from either arm of a switch, once each.
func First(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() {
			switch x % 2 {
			case 0:
				out <- 0
			default:
				out <- x * 0
			}
		}()
	}
	return <-out
}

func Case() any { return First([]int{1, 2, 3}) }
