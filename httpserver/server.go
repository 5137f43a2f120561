// Package httpserver is the bot's HTTP interactions endpoint: instead of a
// gateway connection, Discord POSTs every interaction to the "Interactions
// Endpoint URL" of the application, signed with the application's Ed25519
// key. The Server verifies the signature, answers PING with PONG and hands
// commands and autocomplete to the same commands.Router the gateway mode
// uses, so any number of identical replicas can run behind a load balancer.
//
// Routes of Handler:
//
//	POST /interactions  signed interactions (401 unsigned, forged, stale or
//	                    replayed, 413 over MaxBodyBytes, 503 over
//	                    MaxInFlight, 405 other methods, 400 not an
//	                    interaction; 500 JSON if anything panics)
//	GET  /healthz       200 once Enable was called (knowledge base built),
//	                    503 before and while shutting down
//	GET  /metrics       Prometheus text format (when Config.Metrics is set
//	                    and Config.HideMetrics is not)
//
// Discord wants the HTTP answer within 3 seconds. The router's deferral
// policy (commands.Router.Serve, the same as in gateway mode) decides when a
// command is answered with a deferred response (type 5); the handler keeps
// running and its result replaces the "thinking…" message through the
// Completer (Discord's REST API, PATCH /webhooks/{app}/{token}/messages/
// @original), which package bot provides without opening a gateway.
// Autocomplete is never deferred (Discord does not allow it).
//
// Serve runs the endpoint on a listener with read, write and idle timeouts
// and shuts down gracefully: it stops accepting, waits for requests in
// flight and for deferred interactions to be finished.
package httpserver

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/net/netutil"

	"iafbot/commands"
	"iafbot/internal/defaults"
	"iafbot/metrics"
)

// Defaults and limits.
const (
	// DefaultMaxBodyBytes bounds a request body (1 MiB); larger bodies get 413.
	DefaultMaxBodyBytes = 1 << 20
	// DefaultFollowupTimeout bounds the edit of a deferred response,
	// retries included.
	DefaultFollowupTimeout = 30 * time.Second
	// DefaultShutdownTimeout bounds the graceful shutdown in Serve.
	DefaultShutdownTimeout = 10 * time.Second
	// DefaultMaxConns and DefaultMaxInFlight bound connections and
	// requests (Config.MaxConns, Config.MaxInFlight): Discord sends one
	// request per interaction, so these leave room for bursts of a big
	// server while an attacker's connections cannot exhaust memory.
	DefaultMaxConns    = 512
	DefaultMaxInFlight = 128
	// MaxTimestampAge refuses requests signed longer ago (replays).
	MaxTimestampAge = 5 * time.Minute
	// MaxTimestampSkew refuses requests signed further in the future.
	MaxTimestampSkew = 1 * time.Minute
)

// Header names of Discord's request signature.
const (
	HeaderSignature = "X-Signature-Ed25519"
	HeaderTimestamp = "X-Signature-Timestamp"
)

// Timeouts of the http.Server built by NewHTTPServer.
const (
	ReadHeaderTimeout = 5 * time.Second
	ReadTimeout       = 10 * time.Second
	WriteTimeout      = 15 * time.Second // > commands.DefaultDeferAfter, so a deferral can still be written
	IdleTimeout       = 120 * time.Second
	MaxHeaderBytes    = 64 << 10
)

// Completer finishes an interaction that was answered with a deferred
// response: it replaces the "thinking…" message with resp (or, when resp is
// ephemeral but the deferral was public, deletes it and sends resp as an
// ephemeral follow-up). *bot.REST implements it.
type Completer interface {
	EditOriginal(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, deferredEphemeral bool) error
}

// Config configures a Server.
type Config struct {
	// PublicKey is the application's Ed25519 public key (Developer Portal →
	// General Information → Public Key; see ParsePublicKey). Required.
	PublicKey ed25519.PublicKey
	// Metrics receives refusals, deferrals and follow-up results and is
	// served on /metrics (nil: no metrics). Add Metrics.Middleware to the
	// router for the per-command series.
	Metrics *metrics.Metrics
	// HideMetrics keeps /metrics off Handler, e.g. when it is served on a
	// separate internal address (OpsHandler).
	HideMetrics bool
	// Logger receives structured logs (nil: slog.Default()).
	Logger *slog.Logger

	// MaxBodyBytes bounds a request body (default 1 MiB).
	MaxBodyBytes int64
	// MaxConns bounds the open connections Serve accepts (default
	// DefaultMaxConns); more wait in the kernel's backlog until one
	// closes. MaxInFlight bounds the interaction requests handled at once
	// (default DefaultMaxInFlight); more are answered 503 at once.
	MaxConns    int
	MaxInFlight int
	// ReplayMemory bounds the interaction IDs remembered to refuse replays
	// (default DefaultReplayMemory).
	ReplayMemory int
	// DeferAfter and HandlerTimeout default to commands.DefaultDeferAfter
	// and commands.DefaultHandlerTimeout (as in gateway mode),
	// FollowupTimeout and ShutdownTimeout to the Default* constants.
	DeferAfter      time.Duration
	HandlerTimeout  time.Duration
	FollowupTimeout time.Duration
	ShutdownTimeout time.Duration
}

// Server is the HTTP interactions endpoint. Create it with New, serve
// Handler (or call Serve), and call Enable once the router is ready.
type Server struct {
	cfg Config
	log *slog.Logger
	m   *metrics.Metrics
	mux http.Handler

	state    atomic.Pointer[state] // nil until Enable
	stopping atomic.Bool

	base       context.Context // parent of handler contexts; cancelled at the end of shutdown
	cancelBase context.CancelFunc

	seen     *seenIDs      // interaction IDs answered, against replays
	inFlight chan struct{} // one token per /interactions request being handled

	mu     sync.Mutex
	active int           // deferred interactions being finished
	idle   chan struct{} // closed when active drops to 0; nil while 0
}

type state struct {
	rt *commands.Router
	c  Completer
}

// ParsePublicKey decodes the hex Ed25519 public key shown in the Developer
// Portal (64 hex digits).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("empty public key")
	}
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, errors.New("public key is not hexadecimal")
	}
	if len(b) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("public key has %d bytes, want %d (64 hex digits)", len(b), ed25519.PublicKeySize)
	}
	return ed25519.PublicKey(b), nil
}

// New checks cfg and returns a Server that is not ready yet: /healthz
// answers 503 and commands get a short "starting" message until Enable.
// PINGs are answered at once, so Discord can verify the endpoint early.
func New(cfg Config) (*Server, error) {
	if len(cfg.PublicKey) != ed25519.PublicKeySize {
		return nil, errors.New("httpserver: no valid Ed25519 public key")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	defaults.Set(&cfg.MaxBodyBytes, DefaultMaxBodyBytes)
	defaults.Set(&cfg.HandlerTimeout, commands.DefaultHandlerTimeout)
	defaults.Set(&cfg.FollowupTimeout, DefaultFollowupTimeout)
	defaults.Set(&cfg.ShutdownTimeout, DefaultShutdownTimeout)
	defaults.Set(&cfg.MaxConns, DefaultMaxConns)
	defaults.Set(&cfg.MaxInFlight, DefaultMaxInFlight)
	defaults.Set(&cfg.ReplayMemory, DefaultReplayMemory)
	s := &Server{cfg: cfg, log: cfg.Logger, m: cfg.Metrics,
		seen: newSeenIDs(cfg.ReplayMemory), inFlight: make(chan struct{}, cfg.MaxInFlight)}
	s.base, s.cancelBase = context.WithCancel(context.Background())

	mux := http.NewServeMux()
	mux.HandleFunc("/interactions", s.serveInteraction)
	mux.Handle("/healthz", HealthHandler(s.Ready))
	if cfg.Metrics != nil && !cfg.HideMetrics {
		mux.Handle("/metrics", MetricsHandler(cfg.Metrics))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not found")
	})
	s.mux = recoverer(s.log, s.m, mux)
	return s, nil
}

// Enable installs the router that answers interactions and the completer
// that finishes deferred ones, and marks the server ready (/healthz 200).
// Call it once the knowledge base is built and the commands are registered;
// calling it again replaces both.
func (s *Server) Enable(rt *commands.Router, c Completer) {
	if rt == nil || c == nil {
		panic("httpserver: Enable needs a router and a completer")
	}
	s.state.Store(&state{rt: rt, c: c})
	s.m.SetReady(!s.stopping.Load())
}

// Ready reports whether the server answers commands: Enable was called and
// shutdown has not begun.
func (s *Server) Ready() bool {
	return s.state.Load() != nil && !s.stopping.Load()
}

// Handler is the server's HTTP handler (see the package documentation).
func (s *Server) Handler() http.Handler { return s.mux }

// ServeHTTP serves Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// NewHTTPServer returns an http.Server for h with the package's timeouts
// (ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout,
// MaxHeaderBytes) and its error log routed to logger.
func NewHTTPServer(h http.Handler, logger *slog.Logger) *http.Server {
	if logger == nil {
		logger = slog.Default()
	}
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelDebug),
	}
}

// Serve serves Handler on ln until ctx ends, then shuts down gracefully:
// /healthz turns 503, the listener closes, requests in flight finish and
// deferred interactions are completed, all within ShutdownTimeout. It
// returns nil after a clean shutdown. At most MaxConns connections are
// open at once.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	ln = netutil.LimitListener(ln, s.cfg.MaxConns)
	hs := NewHTTPServer(s.mux, s.log)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		s.stopping.Store(true)
		s.cancelBase()
		return fmt.Errorf("httpserver: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	err := s.Shutdown(sctx, hs)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}

// Shutdown marks the server as stopping (/healthz 503), shuts hs down (if
// not nil) and waits until the deferred interactions are finished or ctx
// ends. Afterwards handlers still running are cancelled.
func (s *Server) Shutdown(ctx context.Context, hs *http.Server) error {
	s.stopping.Store(true)
	s.m.SetReady(false)
	s.log.Info("HTTP server shutting down")
	var err error
	if hs != nil {
		if e := hs.Shutdown(ctx); e != nil {
			err = fmt.Errorf("httpserver: requests still running at shutdown: %w", e)
		}
	}
	if e := s.Drain(ctx); e != nil {
		err = errors.Join(err, e)
	}
	s.cancelBase()
	return err
}

// Drain waits until every deferred interaction has been completed (or
// given up), or ctx ends.
func (s *Server) Drain(ctx context.Context) error {
	s.mu.Lock()
	if s.active == 0 {
		s.mu.Unlock()
		return nil
	}
	idle := s.idle
	n := s.active
	s.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("httpserver: %d deferred interactions still running: %w", n, ctx.Err())
	}
}

func (s *Server) track() {
	s.mu.Lock()
	if s.active == 0 {
		s.idle = make(chan struct{})
	}
	s.active++
	s.mu.Unlock()
}

func (s *Server) untrack() {
	s.mu.Lock()
	s.active--
	if s.active == 0 {
		close(s.idle)
	}
	s.mu.Unlock()
}

// refuse answers an invalid request with status and a JSON error.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, status int, reason, msg string) {
	s.m.Refused(reason)
	s.log.Debug("interaction request refused", "status", status, "reason", reason, "detail", msg, "remote", r.RemoteAddr)
	writeError(w, status, msg)
}

func (s *Server) serveInteraction(w http.ResponseWriter, r *http.Request) {
	received := time.Now()
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.refuse(w, r, http.StatusMethodNotAllowed, metrics.RefusedMethod, "method not allowed")
		return
	}
	select {
	case s.inFlight <- struct{}{}:
		defer func() { <-s.inFlight }()
	default:
		// Waiting would hold the connection and its memory; Discord
		// shows the user a failure either way.
		w.Header().Set("Retry-After", "1")
		s.refuse(w, r, http.StatusServiceUnavailable, metrics.RefusedBusy, "too many requests in flight")
		return
	}
	i, status, reason, err := s.decode(w, r, received)
	if err != nil {
		s.refuse(w, r, status, reason, err.Error())
		return
	}
	switch i.Type {
	case discordgo.InteractionPing:
		writeJSON(w, http.StatusOK, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
		return
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete,
		discordgo.InteractionMessageComponent, discordgo.InteractionModalSubmit:
	default:
		s.refuse(w, r, http.StatusBadRequest, metrics.RefusedMalformed, "unknown interaction type")
		return
	}

	st := s.state.Load()
	if st == nil {
		s.m.Refused(metrics.RefusedNotReady)
		if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
			writeJSON(w, http.StatusOK, commands.Choices(nil))
		} else {
			writeJSON(w, http.StatusOK, commands.EphemeralMessage(commands.MsgShuttingDown))
		}
		return
	}
	s.answer(w, i, st, received)
}

// decode checks the signature headers, then reads, verifies and decodes
// the interaction; on failure it gives the status and the metrics reason
// of the refusal. The headers are checked before a byte of the body is
// read, so unsigned requests cost no body buffer; a replayed interaction
// (an ID already seen within the timestamp window) is refused.
func (s *Server) decode(w http.ResponseWriter, r *http.Request, received time.Time) (i *discordgo.Interaction, status int, reason string, err error) {
	sh, reason, err := signatureHeaders(r.Header, received)
	if err != nil {
		return nil, http.StatusUnauthorized, reason, err
	}
	buf, status, err := readBody(w, r, s.cfg.MaxBodyBytes)
	if err != nil {
		reason := metrics.RefusedMalformed
		if status == http.StatusRequestEntityTooLarge {
			reason = metrics.RefusedTooLarge
		}
		return nil, status, reason, err
	}
	defer putBuffer(buf) // json.Unmarshal copies what it keeps
	body := buf.Bytes()
	if !sh.valid(s.cfg.PublicKey, body) {
		return nil, http.StatusUnauthorized, metrics.RefusedSignature, errors.New("invalid request signature")
	}
	i = new(discordgo.Interaction)
	if err := json.Unmarshal(body, i); err != nil {
		return nil, http.StatusBadRequest, metrics.RefusedMalformed, errors.New("malformed interaction JSON")
	}
	if i.ID != "" && !s.seen.add(i.ID, sh.signed, received) {
		return nil, http.StatusUnauthorized, metrics.RefusedReplay, errors.New("interaction already received (replay)")
	}
	return i, 0, "", nil
}

// answer routes i under the router's deferral policy and writes the first
// response; a deferred one is finished in the background through the
// Completer, and Drain waits for it.
func (s *Server) answer(w http.ResponseWriter, i *discordgo.Interaction, st *state, received time.Time) {
	ctx, cancel := context.WithTimeout(s.base, s.cfg.HandlerTimeout)
	reply := st.rt.Serve(ctx, i, received, s.cfg.DeferAfter)
	if !reply.Deferred {
		cancel()
		writeJSON(w, http.StatusOK, reply.Initial)
		return
	}
	s.m.Deferred(st.rt.CommandLabel(i))
	s.log.Debug("interaction deferred", "interaction", i.ID, "slow", reply.Slow)
	s.track()
	go s.finish(cancel, i, st.c, reply)
	writeJSON(w, http.StatusOK, reply.Initial)
}

// finish waits for a deferred handler and edits the deferred response.
func (s *Server) finish(cancel context.CancelFunc, i *discordgo.Interaction, c Completer, reply *commands.Reply) {
	defer s.untrack()
	defer cancel()
	defer func() {
		if v := recover(); v != nil {
			s.m.Followup(errors.New("panic"))
			s.log.Error("panic while finishing a deferred interaction", "interaction", i.ID,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	resp, timedOut := reply.Final()
	if timedOut {
		s.log.Warn("interaction handler timed out", "interaction", i.ID, "timeout", s.cfg.HandlerTimeout)
	}
	// The handler context may be over; the edit gets its own budget.
	ectx, ecancel := context.WithTimeout(context.WithoutCancel(s.base), s.cfg.FollowupTimeout)
	defer ecancel()
	err := c.EditOriginal(ectx, i, resp, reply.Ephemeral)
	s.m.Followup(err)
	if err != nil {
		s.log.Error("could not finish deferred interaction", "interaction", i.ID, "error", err)
	}
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooledBuffer keeps buffers of unusually large bodies out of the pool.
const maxPooledBuffer = 64 << 10

// readBody reads at most limit bytes into a pooled buffer; the caller
// returns it with putBuffer once done with the bytes. status tells 413
// from 400. The buffer grows with the bytes that arrive, never ahead of
// them from Content-Length: a client announcing a large body and sending
// nothing must not cost that much memory.
func readBody(w http.ResponseWriter, r *http.Request, limit int64) (*bytes.Buffer, int, error) {
	if r.ContentLength > limit {
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", limit)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		putBuffer(buf)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", limit)
		}
		return nil, http.StatusBadRequest, errors.New("cannot read body")
	}
	return buf, 0, nil
}

func putBuffer(buf *bytes.Buffer) {
	if buf.Cap() <= maxPooledBuffer {
		bufPool.Put(buf)
	}
}

// sigHeaders is a well-formed signature header pair in a fresh window.
type sigHeaders struct {
	sig    [ed25519.SignatureSize]byte
	ts     string
	signed time.Time
}

// signatureHeaders checks Discord's signature headers before the body is
// read: present, well formed, and the timestamp (Unix seconds) no older
// than MaxTimestampAge and no further than MaxTimestampSkew in the
// future. reason is the metrics label.
func signatureHeaders(h http.Header, now time.Time) (sh sigHeaders, reason string, err error) {
	sigHex := h.Get(HeaderSignature)
	sh.ts = h.Get(HeaderTimestamp)
	if sigHex == "" {
		return sh, metrics.RefusedSignature, errors.New("missing signature")
	}
	if sh.ts == "" {
		return sh, metrics.RefusedTimestamp, errors.New("missing signature timestamp")
	}
	if len(sigHex) != 2*ed25519.SignatureSize {
		return sh, metrics.RefusedSignature, errors.New("malformed signature")
	}
	if _, err := hex.Decode(sh.sig[:], []byte(sigHex)); err != nil {
		return sh, metrics.RefusedSignature, errors.New("malformed signature")
	}
	sec, err := strconv.ParseInt(sh.ts, 10, 64)
	if err != nil || len(sh.ts) > 12 {
		return sh, metrics.RefusedTimestamp, errors.New("malformed signature timestamp")
	}
	sh.signed = time.Unix(sec, 0)
	if now.Sub(sh.signed) > MaxTimestampAge {
		return sh, metrics.RefusedTimestamp, errors.New("signature timestamp too old")
	}
	if sh.signed.Sub(now) > MaxTimestampSkew {
		return sh, metrics.RefusedTimestamp, errors.New("signature timestamp in the future")
	}
	return sh, "", nil
}

// valid checks the Ed25519 signature over timestamp + body.
func (sh sigHeaders) valid(key ed25519.PublicKey, body []byte) bool {
	msg := make([]byte, 0, len(sh.ts)+len(body))
	msg = append(append(msg, sh.ts...), body...)
	return ed25519.Verify(key, msg, sh.sig[:])
}

// Sign returns the headers Discord would send for body at ts, signed with
// priv: for tests, load generators and fuzzing.
func Sign(priv ed25519.PrivateKey, ts time.Time, body []byte) http.Header {
	sec := strconv.FormatInt(ts.Unix(), 10)
	msg := append([]byte(sec), body...)
	h := http.Header{}
	h.Set(HeaderSignature, hex.EncodeToString(ed25519.Sign(priv, msg)))
	h.Set(HeaderTimestamp, sec)
	h.Set("Content-Type", "application/json")
	return h
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b = []byte(`{"error":"cannot encode response"}`)
	}
	hd := w.Header()
	hd.Set("Content-Type", "application/json")
	hd.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b) //nolint:errcheck // the client may be gone; nothing to do
}

type errorBody struct {
	Error string `json:"error"`
}

func writeError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, errorBody{Error: msg})
}

// statusWriter remembers whether the header was written, so the recoverer
// knows whether a 500 can still be sent.
type statusWriter struct {
	http.ResponseWriter
	wrote bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.wrote = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// recoverer turns a panic in h into a logged 500 with a JSON body.
func recoverer(logger *slog.Logger, m *metrics.Metrics, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { //nolint:errorlint // sentinel panic value, compared as net/http does
				panic(v)
			}
			m.Refused(metrics.RefusedPanic)
			logger.Error("panic in HTTP handler", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !sw.wrote {
				writeError(sw, http.StatusInternalServerError, "internal error")
			}
		}()
		h.ServeHTTP(sw, r)
	})
}

// HealthHandler answers GET/HEAD with 200 {"status":"ok"} when ready()
// and 503 {"status":"unavailable"} otherwise.
func HealthHandler(ready func() bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		if ready == nil || !ready() {
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
}

// MetricsHandler serves m on GET/HEAD (405 otherwise).
func MetricsHandler(m *metrics.Metrics) http.Handler {
	h := m.Handler()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method not allowed")
			return
		}
		h.ServeHTTP(w, r)
	})
}

// OpsHandler serves /metrics and /healthz only: for METRICS_ADDR, an
// internal address next to the gateway bot or the public endpoint.
func OpsHandler(m *metrics.Metrics, ready func() bool, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", MetricsHandler(m))
	mux.Handle("/healthz", HealthHandler(ready))
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeError(w, http.StatusNotFound, "not found")
	})
	return recoverer(logger, m, mux)
}

// Run serves h on ln with NewHTTPServer's timeouts until ctx ends, then
// shuts down gracefully within shutdownTimeout (default
// DefaultShutdownTimeout). It returns nil after a clean shutdown.
func Run(ctx context.Context, ln net.Listener, h http.Handler, shutdownTimeout time.Duration, logger *slog.Logger) error {
	if shutdownTimeout <= 0 {
		shutdownTimeout = DefaultShutdownTimeout
	}
	hs := NewHTTPServer(h, logger)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("httpserver: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
