package ok_uncounted_spawns

// Hammer starts readers in two loops that share their counter, then
// waits for every one of them.
func Hammer(readers int) {
	done := make(chan bool)
	go func() { done <- true }()
	var i int
	for i = 0; i < readers/2; i++ {
		go func() { done <- true }()
	}
	go func() { done <- true }()
	for ; i < readers; i++ {
		go func() { done <- true }()
	}
	for i := 0; i < 2+readers; i++ {
		<-done
	}
}
