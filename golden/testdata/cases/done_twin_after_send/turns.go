//go:build !turns

package done_twin_after_send

func acquire() {}
func release() {}
