package bot

import "time"

// ForgetRateLimits ends every rate limit the bot remembers, for tests
// whose clock jumps past a Retry-After that the limiter counts in real
// time.
func ForgetRateLimits(b *Bot) {
	l := b.session.Client.Transport.(*rateLimiter)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.global = time.Time{}
	clear(l.routes)
}
