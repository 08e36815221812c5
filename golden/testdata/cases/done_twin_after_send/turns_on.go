//go:build turns

package done_twin_after_send

func acquire() { mu.Lock() }
func release() { mu.Unlock() }
