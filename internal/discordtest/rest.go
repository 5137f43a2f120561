package discordtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Request is one recorded REST request and the status the peer answered.
type Request struct {
	Seq         int // 1-based position in the record
	Time        time.Time
	Method      string
	Path        string // raw URL path, e.g. "/api/v9/channels/1/messages"
	Query       url.Values
	Header      http.Header
	ContentType string
	// Body is the JSON payload: the raw body, or the payload_json part of a
	// multipart request (discordgo sends multipart when files are attached).
	Body   []byte
	Files  []File
	Status int  // status the peer answered
	Fault  bool // answered by an injected Fault rather than the emulation
}

// File is an uploaded multipart file.
type File struct {
	Field, Name, ContentType string
	Data                     []byte
}

// JSON decodes the request body into v.
func (r Request) JSON(v any) error {
	if err := json.Unmarshal(r.Body, v); err != nil {
		return fmt.Errorf("discordtest: %s %s body %q: %w", r.Method, r.Path, r.Body, err)
	}
	return nil
}

// String is a compact description for test failure messages.
func (r Request) String() string {
	q := ""
	if len(r.Query) > 0 {
		q = "?" + r.Query.Encode()
	}
	return fmt.Sprintf("#%d %s %s%s -> %d", r.Seq, r.Method, r.Path, q, r.Status)
}

// Match returns a predicate for requests with the given method ("" or "*"
// for any) whose path matches pattern. A pattern is a slash-separated path in
// which "*" matches exactly one segment and a final "**" matches the rest;
// without a leading "/api/" it is taken relative to /api/v9, so
// Match("POST", "/interactions/*/*/callback") works.
func Match(method, pattern string) func(Request) bool {
	return func(r Request) bool {
		return (method == "" || method == "*" || strings.EqualFold(method, r.Method)) &&
			pathMatches(pattern, r.Path)
	}
}

func pathMatches(pattern, path string) bool {
	if !strings.HasPrefix(pattern, "/api/") && !strings.HasPrefix(pattern, "/cdn/") {
		pattern = apiPrefix + strings.TrimPrefix(pattern, "/")
	}
	ps := strings.Split(strings.Trim(pattern, "/"), "/")
	xs := strings.Split(strings.Trim(path, "/"), "/")
	for i, p := range ps {
		if p == "**" && i == len(ps)-1 {
			return true
		}
		if i >= len(xs) || (p != "*" && p != xs[i]) {
			return false
		}
	}
	return len(ps) == len(xs)
}

const apiPrefix = "/api/v9/"

// Requests returns a copy of every recorded REST request in arrival order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// RequestsMatching returns the recorded requests for which match is true.
func (s *Server) RequestsMatching(match func(Request) bool) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if match(r) {
			out = append(out, r)
		}
	}
	return out
}

// NextRequest waits for the earliest recorded request that matches and has
// not been returned by an earlier NextRequest call, so consecutive calls
// with the same predicate walk through matching requests one by one. A
// request that arrived before the call is found too: there is no race
// between triggering an action and waiting for its request.
func (s *Server) NextRequest(ctx context.Context, match func(Request) bool) (Request, error) {
	var got Request
	err := s.WaitUntil(ctx, func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, r := range s.requests {
			if !s.consumed[r.Seq] && match(r) {
				s.consumed[r.Seq] = true
				got = r
				return true
			}
		}
		return false
	})
	return got, err
}

// WaitRequests waits until at least n recorded requests match and returns
// all matching ones. It does not affect NextRequest.
func (s *Server) WaitRequests(ctx context.Context, n int, match func(Request) bool) ([]Request, error) {
	var got []Request
	err := s.WaitUntil(ctx, func() bool {
		got = s.RequestsMatching(match)
		return len(got) >= n
	})
	return got, err
}

// Fault describes an injected error response.
type Fault struct {
	Status int
	// Body is encoded as the JSON response body. Nil means Discord's usual
	// body for Status (for 429: message, retry_after and global).
	Body any
	// RetryAfter is the 429 delay (default 100 ms); it goes to the body's
	// retry_after (seconds, fractional) and to a Retry-After header.
	RetryAfter time.Duration
	// Global marks a 429 as the global rate limit.
	Global bool
}

type fault struct {
	method, pattern string
	left            int
	f               Fault
}

// FailNext makes the next n requests matching method and pattern (see
// Match) answer with f instead of being emulated. Faulted attempts are
// recorded with Fault set, so tests can count retries. Faults are consumed in
// the order they were added.
func (s *Server) FailNext(method, pattern string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{method: method, pattern: pattern, left: n, f: f})
}

// ClearFaults removes all pending faults.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFaultLocked returns the first pending fault matching r and consumes one
// use of it.
func (s *Server) takeFaultLocked(r Request) (Fault, bool) {
	for i, f := range s.faults {
		if f.left > 0 && Match(f.method, f.pattern)(r) {
			f.left--
			if f.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
			return f.f, true
		}
	}
	return Fault{}, false
}

// response is what a route handler produces.
type response struct {
	status int
	body   any // JSON-encoded unless nil
	header http.Header
}

func jsonResp(status int, body any) response { return response{status: status, body: body} }

// apiError is Discord's JSON error shape.
func apiError(status, code int, message string) response {
	return jsonResp(status, map[string]any{"message": message, "code": code})
}

// formError is Discord's 50035 "Invalid Form Body" with one field error.
func formError(field, code, message string) response {
	errs := map[string]any{}
	cur := errs
	parts := strings.Split(field, ".")
	for i, p := range parts {
		if i == len(parts)-1 {
			cur[p] = map[string]any{"_errors": []any{map[string]any{"code": code, "message": message}}}
		} else {
			next := map[string]any{}
			cur[p] = next
			cur = next
		}
	}
	return jsonResp(http.StatusBadRequest, map[string]any{"message": "Invalid Form Body", "code": 50035, "errors": errs})
}

var (
	errUnauthorized = func() response { return apiError(401, 0, "401: Unauthorized") }
	errNotFound     = func() response { return apiError(404, 0, "404: Not Found") }
)

func faultResponse(f Fault) response {
	if f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	r := response{status: f.Status, body: f.Body, header: http.Header{}}
	if f.Status == http.StatusTooManyRequests {
		if f.RetryAfter <= 0 {
			f.RetryAfter = 100 * time.Millisecond
		}
		secs := f.RetryAfter.Seconds()
		if r.body == nil {
			r.body = map[string]any{"message": "You are being rate limited.", "retry_after": secs, "global": f.Global}
		}
		r.header.Set("Retry-After", strconv.Itoa(int(math.Ceil(secs))))
		if f.Global {
			r.header.Set("X-RateLimit-Global", "true")
		}
		r.header.Set("X-RateLimit-Scope", "user")
	}
	if r.body == nil {
		switch f.Status {
		case 401:
			r.body = map[string]any{"message": "401: Unauthorized", "code": 0}
		case 403:
			r.body = map[string]any{"message": "Missing Permissions", "code": 50013}
		case 404:
			r.body = map[string]any{"message": "404: Not Found", "code": 0}
		default:
			r.body = map[string]any{"message": fmt.Sprintf("%d: %s", f.Status, http.StatusText(f.Status)), "code": 0}
		}
	}
	return r
}

// serveHTTP is the single entry point: gateway upgrades, proxy CONNECTs and
// REST calls.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	// Every handler is counted so Close can wait for it (no logging or
	// state changes after Close returns).
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		http.Error(w, "discordtest: server closed", http.StatusServiceUnavailable)
		return
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	switch {
	case r.Method == http.MethodConnect:
		s.serveConnect(w, r)
		return
	case r.URL.Path == "/gw" || r.URL.Path == "/gw/":
		s.serveGateway(w, r)
		return
	}
	s.serveREST(w, r)
}

func (s *Server) serveREST(w http.ResponseWriter, r *http.Request) {
	rec, err := readRequest(r)
	var resp response
	if err != nil {
		resp = apiError(400, 50109, "The request body contains invalid JSON.")
	}

	var hold *Hold
	if err == nil {
		s.mu.Lock()
		hold = s.takeHoldLocked(rec)
		s.mu.Unlock()
	}
	if hold != nil && hold.point == BeforeHandling && !hold.wait(r.Context(), rec) {
		dropHeld(w)
		return
	}

	s.mu.Lock()
	rec.Seq = len(s.requests) + 1
	if err == nil {
		if f, ok := s.takeFaultLocked(rec); ok {
			rec.Fault = true
			resp = faultResponse(f)
		} else {
			resp = s.routeLocked(rec)
		}
	}
	rec.Status = resp.status
	s.requests = append(s.requests, rec)
	s.notifyLocked()
	s.mu.Unlock()
	if resp.status == 404 && !rec.Fault && resp.body != nil {
		s.debugf("404 for %s", rec)
	}
	if hold != nil && hold.point == AfterHandling && !hold.wait(r.Context(), rec) {
		dropHeld(w)
		return
	}

	for k, v := range resp.header {
		w.Header()[k] = v
	}
	if resp.body == nil || resp.status == http.StatusNoContent {
		w.WriteHeader(resp.status)
		return
	}
	b, err := json.Marshal(resp.body)
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(resp.status)
	w.Write(b) //nolint:errcheck // client gone
}

func readRequest(r *http.Request) (Request, error) {
	rec := Request{
		Time:        time.Now(),
		Method:      r.Method,
		Path:        r.URL.Path,
		Query:       r.URL.Query(),
		Header:      r.Header.Clone(),
		ContentType: r.Header.Get("Content-Type"),
	}
	raw, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		return rec, err
	}
	rec.Body = raw
	mt, params, _ := mime.ParseMediaType(rec.ContentType)
	if mt == "multipart/form-data" {
		rec.Body = nil
		mr := multipart.NewReader(bytes.NewReader(raw), params["boundary"])
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				return rec, err
			}
			data, err := io.ReadAll(p)
			if err != nil {
				return rec, err
			}
			if p.FormName() == "payload_json" {
				rec.Body = data
				continue
			}
			rec.Files = append(rec.Files, File{Field: p.FormName(), Name: p.FileName(), ContentType: p.Header.Get("Content-Type"), Data: data})
		}
	}
	if len(rec.Body) > 0 && !json.Valid(rec.Body) {
		return rec, fmt.Errorf("invalid JSON body")
	}
	return rec, nil
}

// authorizedLocked reports whether the request carries the bot token.
func (s *Server) authorized(r Request) bool {
	return r.Header.Get("Authorization") == "Bot "+s.token
}

// routeLocked dispatches a REST request to its emulation. Routes are matched
// on the path below /api/v{N}.
func (s *Server) routeLocked(r Request) response {
	if s.closed {
		return apiError(503, 0, "server closed")
	}
	rest, ok := apiPath(r.Path)
	if !ok {
		return errNotFound()
	}
	seg := strings.Split(strings.Trim(rest, "/"), "/")
	m := r.Method

	// Routes authenticated by the token in the URL, and the gateway URL,
	// need no Authorization header (as on Discord).
	switch {
	case m == "GET" && len(seg) == 1 && seg[0] == "gateway":
		return jsonResp(200, map[string]any{"url": s.GatewayURL()})
	case len(seg) == 4 && seg[0] == "interactions" && seg[3] == "callback" && m == "POST":
		return s.interactionCallbackLocked(seg[1], seg[2], r)
	case len(seg) >= 3 && seg[0] == "webhooks":
		return s.webhookLocked(seg[1:], r)
	}

	if !s.authorized(r) {
		return errUnauthorized()
	}
	switch {
	case m == "GET" && len(seg) == 2 && seg[0] == "gateway" && seg[1] == "bot":
		return jsonResp(200, map[string]any{
			"url":    s.GatewayURL(),
			"shards": 1,
			"session_start_limit": map[string]any{
				"total": 1000, "remaining": 999, "reset_after": 86400000, "max_concurrency": 1,
			},
		})
	case m == "GET" && len(seg) == 2 && seg[0] == "users" && seg[1] == "@me":
		return jsonResp(200, s.bot)
	case m == "GET" && len(seg) == 2 && seg[0] == "applications" && seg[1] == "@me":
		return jsonResp(200, map[string]any{"id": s.appID, "name": s.bot.Username, "bot": s.bot, "flags": 0})
	case len(seg) >= 3 && seg[0] == "applications" && (seg[2] == "commands" || seg[2] == "guilds"):
		return s.commandsLocked(seg[1:], r)
	case len(seg) >= 2 && seg[0] == "channels":
		return s.channelLocked(seg[1:], r)
	}
	return errNotFound()
}

// apiPath strips "/api/v{N}" (or a bare "/api") from a path.
func apiPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, "/api/")
	if !ok {
		return "", false
	}
	if strings.HasPrefix(rest, "v") {
		v, after, _ := strings.Cut(rest[1:], "/")
		if _, err := strconv.Atoi(v); err == nil {
			return after, true
		}
	}
	return rest, true
}

// Client returns an *http.Client whose requests to https://discord.com (and
// discordapp.com, cdn.discordapp.com) go to the peer instead. Assign it to
// discordgo.Session.Client; the gateway needs nothing more because GET
// /gateway answers with the peer's ws:// URL. Requests to other hosts fail.
func (s *Server) Client() *http.Client {
	return &http.Client{Timeout: 20 * time.Second, Transport: &rewriteTransport{srv: s, base: http.DefaultTransport}}
}

type rewriteTransport struct {
	srv  *Server
	base http.RoundTripper
}

func (t *rewriteTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	host := req.URL.Hostname()
	prefix := ""
	switch host {
	case "discord.com", "discordapp.com", "www.discord.com", "canary.discord.com", "ptb.discord.com":
	case "cdn.discordapp.com", "media.discordapp.net":
		prefix = "/cdn"
	default:
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, fmt.Errorf("discordtest: refusing request to non-Discord host %q", req.URL.Host)
	}
	out := req.Clone(req.Context())
	u := *req.URL
	u.Scheme = "http"
	u.Host = t.srv.ln.Addr().String()
	u.Path = prefix + u.Path
	if u.RawPath != "" {
		u.RawPath = prefix + u.RawPath
	}
	out.URL = &u
	out.Host = u.Host
	return t.base.RoundTrip(out)
}

// decodeObject unmarshals a JSON object body, or returns a 50109 error.
func decodeObject(body []byte) (map[string]any, *response) {
	var m map[string]any
	if len(body) == 0 {
		return map[string]any{}, nil
	}
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if err := d.Decode(&m); err != nil || m == nil {
		r := apiError(400, 50109, "The request body contains invalid JSON.")
		return nil, &r
	}
	return m, nil
}
