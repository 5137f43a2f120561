package recap

import "time"

// Clock is the scheduler's source of time, replaceable so tests can drive
// it without sleeping.
type Clock interface {
	Now() time.Time
	// After behaves like time.After: the channel receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

// SystemClock is the real clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time                         { return time.Now() }
func (SystemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
