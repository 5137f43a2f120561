// Package snowflake checks Discord IDs. Configuration, commands and the
// recap domain accept the same IDs, so the rule lives in one place.
package snowflake

import (
	"strconv"
	"time"
)

// Epoch is where the timestamps in Discord's IDs count from: the first
// millisecond of 2015, UTC.
var Epoch = time.UnixMilli(1420070400000)

// At returns the smallest ID Discord can give at t: the milliseconds since
// Epoch in the upper 42 bits, the rest zero. Asking for messages "after"
// At(t) gets those created at t or later. Times before Epoch give 0.
func At(t time.Time) uint64 {
	ms := t.Sub(Epoch).Milliseconds()
	if ms < 0 {
		return 0
	}
	return uint64(ms) << 22
}

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
