//go:build never

package helper_unseen_callers

func tagged() {
	tag(nil, 1)
}
