package discordtest

import (
	"context"
	"net/http"
	"sync"
)

// HoldPoint says at which point a held request waits; see HoldNext.
type HoldPoint int

const (
	// BeforeHandling holds a request before the peer acts on it: nothing is
	// stored or recorded yet. If the client disconnects (or the process
	// making the request is killed) while it is held, the request is dropped
	// unhandled, as if it had never reached Discord.
	BeforeHandling HoldPoint = iota
	// AfterHandling lets the peer handle and record the request (a message
	// is stored, a fault consumed) and holds only the response. If the
	// client disconnects while it is held, the effect stays but the client
	// never learns of it: the case that a nonce must make safe to retry.
	AfterHandling
)

func (p HoldPoint) String() string {
	if p == AfterHandling {
		return "after handling"
	}
	return "before handling"
}

// HeldRequest is a request a Hold caught.
type HeldRequest struct {
	// Request as read from the client. With AfterHandling, Seq and Status
	// are set as in Requests; with BeforeHandling they are zero, and the
	// request shows up in Requests only once it is let through.
	Request
	// Done is set once the request is no longer held.
	Done bool
	// ClientGone is set if it ended because the client disconnected (or the
	// server closed) instead of Release.
	ClientGone bool
}

// Hold holds matching requests until Release; see HoldNext. All methods are
// safe for concurrent use.
type Hold struct {
	srv             *Server
	method, pattern string
	point           HoldPoint
	left            int // guarded by srv.mu

	released    chan struct{}
	releaseOnce sync.Once

	mu   sync.Mutex
	held []*HeldRequest
}

// HoldNext makes the next n requests matching method and pattern (see
// Match) wait at point until Release is called, the client disconnects, or
// the server is closed. Tests use it to make "the bot is killed while its
// request is in flight" deterministic: wait for the request with Wait, then
// kill the client.
//
// A request can be held and faulted (FailNext) at once: with
// AfterHandling the fault's answer is what is held back. Holds are used in
// the order they were added.
func (s *Server) HoldNext(method, pattern string, n int, point HoldPoint) *Hold {
	h := &Hold{srv: s, method: method, pattern: pattern, point: point, left: n, released: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds = append(s.holds, h)
	return h
}

// Release lets every request held by h proceed, and the remaining uses of
// h pass without waiting. It is idempotent.
func (h *Hold) Release() {
	h.releaseOnce.Do(func() { close(h.released) })
}

// Requests returns the requests h has caught so far, in arrival order.
func (h *Hold) Requests() []HeldRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]HeldRequest, len(h.held))
	for i, r := range h.held {
		out[i] = *r
	}
	return out
}

// Wait blocks until h has caught a request and returns the first one.
func (h *Hold) Wait(ctx context.Context) (Request, error) {
	var got Request
	err := h.srv.WaitUntil(ctx, func() bool {
		rs := h.Requests()
		if len(rs) == 0 {
			return false
		}
		got = rs[0].Request
		return true
	})
	return got, err
}

// takeHoldLocked returns the first hold with uses left that matches r, and
// consumes one use.
func (s *Server) takeHoldLocked(r Request) *Hold {
	for _, h := range s.holds {
		if h.left > 0 && Match(h.method, h.pattern)(r) {
			h.left--
			return h
		}
	}
	return nil
}

// wait holds r until release (true) or until the client is gone or the
// server closes (false).
func (h *Hold) wait(ctx context.Context, r Request) bool {
	hr := &HeldRequest{Request: r}
	h.mu.Lock()
	h.held = append(h.held, hr)
	h.mu.Unlock()
	h.srv.changedNow()

	proceed := true
	select {
	case <-h.released:
	case <-ctx.Done():
		proceed = false
	case <-h.srv.done:
		proceed = false
	}
	h.mu.Lock()
	hr.Done, hr.ClientGone = true, !proceed
	h.mu.Unlock()
	if !proceed {
		h.srv.debugf("held request %s %s dropped (%s): client gone or server closed", r.Method, r.Path, h.point)
	}
	h.srv.changedNow()
	return proceed
}

// changedNow wakes the waiters of WaitUntil.
func (s *Server) changedNow() {
	s.mu.Lock()
	s.notifyLocked()
	s.mu.Unlock()
}

// dropHeld answers a held request that will not proceed; the client is
// normally gone already.
func dropHeld(w http.ResponseWriter) {
	http.Error(w, "discordtest: held request dropped", http.StatusServiceUnavailable)
}
