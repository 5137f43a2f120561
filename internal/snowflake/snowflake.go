// Package snowflake checks Discord IDs. Configuration, commands and the
// recap domain accept the same IDs, so the rule lives in one place.
package snowflake

import "strconv"

// Parse returns the ID s stands for: a non-zero unsigned 64-bit decimal
// (Discord's snowflakes), without sign or spaces.
func Parse(s string) (uint64, bool) {
	n, err := strconv.ParseUint(s, 10, 64)
	return n, err == nil && n > 0
}

// Valid reports whether s is a Discord ID (see Parse).
func Valid(s string) bool {
	_, ok := Parse(s)
	return ok
}
