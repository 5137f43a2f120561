package bot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Discord's rate limits are handled here instead of by discordgo: its
// retry sleeps the whole Retry-After (time.Sleep, no context), and its
// buckets sleep before a request whose bucket is exhausted, again without
// a context. A 429 answer of an hour would hang start-up, shutdown and
// recap posts beyond their leases. The bot's HTTP client therefore goes
// through rateLimiter, which
//
//   - turns every 429 into a *RateLimitedError (discordgo never sees one),
//   - strips the X-RateLimit-* headers discordgo's buckets would sleep on,
//   - waits itself before a request whose route or the whole bot is
//     limited, cancellable by the request's context and never longer than
//     the cap (longer waits fail at once with a *RateLimitedError).
//
// Bot.retry then waits out a short Retry-After (bounded the same way) and
// repeats the call.

// DefaultMaxRetryAfter is the longest rate-limit wait the bot sits out by
// itself (Config.MaxRetryAfter); longer ones fail the call.
const DefaultMaxRetryAfter = time.Minute

// ErrRateLimited is wrapped by every *RateLimitedError.
var ErrRateLimited = errors.New("rate limited by Discord (429 Too Many Requests)")

// RateLimitedError is a request Discord answered with 429, or one not sent
// because an earlier 429 or an exhausted bucket still blocks its route
// for longer than the caller can wait.
type RateLimitedError struct {
	Route string        // "METHOD /path"
	Wait  time.Duration // from now until Discord accepts the route again
	// Global: the whole bot is limited, not only this route.
	Global bool
}

func (e *RateLimitedError) Error() string {
	scope := ""
	if e.Global {
		scope = "global "
	}
	return fmt.Sprintf("%s%s on %s, retry after %s", scope, ErrRateLimited, e.Route, e.Wait.Round(time.Millisecond))
}

func (e *RateLimitedError) Unwrap() error { return ErrRateLimited }

// RetryAfter is how long to wait before trying again; the recap scheduler
// does not retry a post earlier.
func (e *RateLimitedError) RetryAfter() time.Duration { return e.Wait }

// maxRoutes bounds the remembered route limits; interaction routes carry
// per-interaction tokens, so the keys never repeat for long.
const maxRoutes = 4096

type rateLimiter struct {
	base    http.RoundTripper
	maxWait time.Duration
	now     func() time.Time

	mu     sync.Mutex
	global time.Time            // nothing is sent before this
	routes map[string]time.Time // route -> not before
}

func newRateLimiter(base http.RoundTripper, maxWait time.Duration) *rateLimiter {
	if base == nil {
		base = http.DefaultTransport
	}
	return &rateLimiter{base: base, maxWait: maxWait, now: time.Now, routes: map[string]time.Time{}}
}

// routeKey is the method and path: finer than Discord's buckets (which
// share a bucket across minor parameters such as message IDs), so it never
// blocks a route Discord did not limit.
func routeKey(r *http.Request) string {
	return r.Method + " " + r.URL.EscapedPath()
}

func (l *rateLimiter) RoundTrip(r *http.Request) (*http.Response, error) {
	route := routeKey(r)
	if err := l.await(r.Context(), route); err != nil {
		return nil, err
	}
	resp, err := l.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		wait, global := retryAfter(resp)
		resp.Body.Close()
		l.block(route, wait, global)
		return nil, &RateLimitedError{Route: route, Wait: wait, Global: global}
	}
	if resp.Header.Get("X-RateLimit-Remaining") == "0" {
		if secs, err := strconv.ParseFloat(resp.Header.Get("X-RateLimit-Reset-After"), 64); err == nil {
			l.block(route, seconds(secs), false)
		}
	}
	for k := range resp.Header {
		if strings.HasPrefix(k, "X-Ratelimit-") {
			resp.Header.Del(k)
		}
	}
	return resp, nil
}

// await waits until route may be used: cancelled by ctx, and refused at
// once when the wait is longer than maxWait or than ctx has left.
func (l *rateLimiter) await(ctx context.Context, route string) error {
	l.mu.Lock()
	now := l.now()
	until := l.routes[route]
	if until.Before(l.global) {
		until = l.global
	}
	global := until.Equal(l.global)
	l.mu.Unlock()
	wait := until.Sub(now)
	if wait <= 0 {
		return nil
	}
	limited := &RateLimitedError{Route: route, Wait: wait, Global: global}
	if !fits(ctx, wait, l.maxWait, now) {
		return limited
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return errors.Join(limited, ctx.Err())
	case <-t.C:
		return nil
	}
}

// fits reports whether waiting d is allowed: at most maxWait, and ending
// before ctx's deadline.
func fits(ctx context.Context, d, maxWait time.Duration, now time.Time) bool {
	if d > maxWait {
		return false
	}
	dl, ok := ctx.Deadline()
	return !ok || now.Add(d).Before(dl)
}

func (l *rateLimiter) block(route string, wait time.Duration, global bool) {
	if wait <= 0 {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	until := now.Add(wait)
	if global {
		if until.After(l.global) {
			l.global = until
		}
		return
	}
	if len(l.routes) >= maxRoutes {
		for k, t := range l.routes {
			if !t.After(now) {
				delete(l.routes, k)
			}
		}
		if len(l.routes) >= maxRoutes {
			return // all still limited; Discord answers 429 again, which is handled
		}
	}
	if until.After(l.routes[route]) {
		l.routes[route] = until
	}
}

// retryAfter reads a 429's delay: the body's fractional retry_after (more
// precise), else the Retry-After header, else one second. A body that is
// not JSON (a proxy's or Cloudflare's HTML page) is fine.
func retryAfter(resp *http.Response) (wait time.Duration, global bool) {
	global = resp.Header.Get("X-RateLimit-Global") != "" || resp.Header.Get("X-RateLimit-Scope") == "global"
	var body struct {
		RetryAfter *float64 `json:"retry_after"`
		Global     bool     `json:"global"`
	}
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if json.Unmarshal(bytes.TrimSpace(raw), &body) == nil && body.RetryAfter != nil {
		return seconds(*body.RetryAfter), global || body.Global
	}
	if secs, err := strconv.ParseFloat(strings.TrimSpace(resp.Header.Get("Retry-After")), 64); err == nil {
		return seconds(secs), global
	}
	return time.Second, global
}

// seconds converts Discord's fractional seconds, clamped to [0, 1 week].
func seconds(s float64) time.Duration {
	if math.IsNaN(s) || s <= 0 {
		return 0
	}
	return time.Duration(min(s, 7*24*3600) * float64(time.Second))
}

// NotJSONError is an answer that should have been Discord's JSON but was
// something else, typically the HTML error page of Cloudflare or of a
// proxy in between.
type NotJSONError struct {
	Status      int
	ContentType string
}

func (e *NotJSONError) Error() string {
	what := "a non-JSON answer"
	if strings.HasPrefix(e.ContentType, "text/html") || e.ContentType == "" {
		what = "an HTML page"
	}
	return fmt.Sprintf("Discord answered %s with status %d %s instead of JSON", what, e.Status, http.StatusText(e.Status))
}

// isHTML: the body is a web page rather than Discord's JSON.
func isHTML(contentType string, body []byte) bool {
	if strings.HasPrefix(strings.ToLower(contentType), "text/html") {
		return true
	}
	b := bytes.TrimSpace(body)
	return len(b) > 0 && b[0] == '<'
}

// decodeJSON decodes Discord's answer, naming a web page for what it is.
func decodeJSON(body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		if isHTML("", body) {
			return &NotJSONError{Status: http.StatusOK, ContentType: "text/html"}
		}
		return fmt.Errorf("Discord's answer is not the expected JSON: %w", err)
	}
	return nil
}
