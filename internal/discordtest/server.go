package discordtest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/snowflake"
)

// Defaults used when no Option overrides them.
const (
	DefaultToken = "test-bot-token"
	// DefaultHeartbeatInterval is what real Discord sends (41.25 s); tests
	// that want to see heartbeats use WithHeartbeatInterval.
	DefaultHeartbeatInterval = 41250 * time.Millisecond
	// DefaultNonceWindow approximates Discord's "past few minutes" for
	// enforce_nonce deduplication.
	DefaultNonceWindow = 5 * time.Minute
	// DefaultCallbackDeadline is Discord's 3 s limit for the first response
	// to an interaction.
	DefaultCallbackDeadline = 3 * time.Second
)

// Server is a local Discord peer: REST API under /api/v9 and a gateway
// websocket under /gw, both on one 127.0.0.1 port. All methods are safe for
// concurrent use.
type Server struct {
	token            string
	appID            string
	bot              discordgo.User
	heartbeat        time.Duration
	nonceWindow      time.Duration
	callbackDeadline time.Duration
	privileged       discordgo.Intent
	logf             func(format string, args ...any)

	ln      net.Listener
	httpSrv *http.Server
	baseURL string
	proxy   *proxyState // nil until EnableProxy

	lastID atomic.Uint64
	wg     sync.WaitGroup // HTTP handlers and gateway connection goroutines

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	closed   bool
	requests []Request
	consumed map[int]bool // Request.Seq values returned by NextRequest
	faults   []*fault
	holds    []*Hold
	done     chan struct{} // closed by Close; ends held requests

	channels map[string]ChannelAccess
	messages map[string][]*storedMessage // by channel, creation order
	nonces   map[nonceKey]nonceEntry

	commands map[string][]map[string]any // by guild ID, "" = global
	guilds   []*discordgo.Guild

	interactions map[string]*interaction // by interaction ID
	byToken      map[string]*interaction

	sessions   map[string]*gwSession
	sessOrder  []*gwSession
	conns      map[*gwConn]struct{}
	identifies []Identify
	resumes    []Resume
	clientOps  []GatewayOp
	heartbeats int
	tester     discordgo.User // default invoking user
}

// Option configures a Server.
type Option func(*Server)

// WithToken sets the bot token the peer accepts (without the "Bot " prefix).
func WithToken(token string) Option { return func(s *Server) { s.token = token } }

// WithApplicationID sets the application ID (default: a generated snowflake).
func WithApplicationID(id string) Option { return func(s *Server) { s.appID = id } }

// WithBotUser sets the bot user returned by READY and GET /users/@me. Its ID
// defaults to the application ID, as for real bots.
func WithBotUser(u discordgo.User) Option { return func(s *Server) { s.bot = u } }

// WithHeartbeatInterval sets the interval sent in HELLO; short intervals let
// tests exercise heartbeat ACKs.
func WithHeartbeatInterval(d time.Duration) Option {
	return func(s *Server) { s.heartbeat = d }
}

// WithNonceWindow sets how long a message nonce is remembered for
// enforce_nonce deduplication.
func WithNonceWindow(d time.Duration) Option { return func(s *Server) { s.nonceWindow = d } }

// WithCallbackDeadline sets how long after dispatch an interaction can still
// get its initial callback; 0 disables the limit. Default: Discord's 3 s.
func WithCallbackDeadline(d time.Duration) Option {
	return func(s *Server) { s.callbackDeadline = d }
}

// WithPrivilegedIntents enables privileged intents for the application
// (GuildMembers, GuildPresences, MessageContent). Without it an IDENTIFY
// requesting them is closed with 4014, as on Discord.
func WithPrivilegedIntents(i discordgo.Intent) Option {
	return func(s *Server) { s.privileged = i }
}

// WithLogf routes the peer's diagnostic log (unknown routes, gateway events)
// to logf, e.g. t.Logf.
func WithLogf(logf func(format string, args ...any)) Option {
	return func(s *Server) { s.logf = logf }
}

// Start starts a peer on 127.0.0.1 with a random port. Call Close when done.
func Start(opts ...Option) (*Server, error) {
	s := &Server{
		token:            DefaultToken,
		heartbeat:        DefaultHeartbeatInterval,
		nonceWindow:      DefaultNonceWindow,
		callbackDeadline: DefaultCallbackDeadline,
		changed:          make(chan struct{}),
		done:             make(chan struct{}),
		consumed:         map[int]bool{},
		channels:         map[string]ChannelAccess{},
		messages:         map[string][]*storedMessage{},
		nonces:           map[nonceKey]nonceEntry{},
		commands:         map[string][]map[string]any{},
		interactions:     map[string]*interaction{},
		byToken:          map[string]*interaction{},
		sessions:         map[string]*gwSession{},
		conns:            map[*gwConn]struct{}{},
	}
	for _, o := range opts {
		o(s)
	}
	if s.appID == "" {
		s.appID = s.NewSnowflake()
	}
	if s.bot.ID == "" {
		s.bot.ID = s.appID
	}
	if s.bot.Username == "" {
		s.bot.Username = "iafbot-test"
	}
	if s.bot.Discriminator == "" {
		s.bot.Discriminator = "0"
	}
	s.bot.Bot = true
	s.tester = discordgo.User{ID: s.NewSnowflake(), Username: "tester", GlobalName: "Tester", Discriminator: "0"}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("discordtest: listen: %w", err)
	}
	s.ln = ln
	s.baseURL = "http://" + ln.Addr().String()
	s.httpSrv = &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go s.httpSrv.Serve(ln) //nolint:errcheck // returns ErrServerClosed on Close
	return s, nil
}

// New starts a peer for a test and closes it in t.Cleanup. Because cleanups
// run last-in first-out, sessions opened after New are closed before it.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Close stops the listener, drops all gateway connections and waits for
// the peer's goroutines. It is idempotent.
func (s *Server) Close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.notifyLocked()
	p := s.proxy
	s.mu.Unlock()

	s.httpSrv.Close()
	if p != nil {
		p.close()
	}
	for _, c := range conns {
		c.kill()
	}
	s.wg.Wait()
}

// URL is the peer's base URL, "http://127.0.0.1:PORT"; REST lives under
// URL()+"/api/v9". It is reachable from any local process.
func (s *Server) URL() string { return s.baseURL }

// APIBase is URL()+"/api/v9/", the local counterpart of discordgo.EndpointAPI.
func (s *Server) APIBase() string { return s.baseURL + "/api/v" + discordgo.APIVersion + "/" }

// GatewayURL is the websocket URL the peer hands out from GET /gateway.
func (s *Server) GatewayURL() string { return "ws://" + s.ln.Addr().String() + "/gw" }

// Token is the bot token the peer accepts, without the "Bot " prefix;
// sessions are created with discordgo.New("Bot " + srv.Token()).
func (s *Server) Token() string { return s.token }

// ApplicationID is the bot's application ID.
func (s *Server) ApplicationID() string { return s.appID }

// BotUser returns a copy of the bot's user object.
func (s *Server) BotUser() discordgo.User { return s.bot }

// NewSnowflake returns a fresh, increasing snowflake ID for tests that need
// IDs for guilds, channels or users.
func (s *Server) NewSnowflake() string {
	for {
		last := s.lastID.Load()
		next := snowflake.At(time.Now())
		if next <= last {
			next = last + 1
		}
		if s.lastID.CompareAndSwap(last, next) {
			return strconv.FormatUint(next, 10)
		}
	}
}

// notifyLocked wakes every waiter; callers hold s.mu.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// ErrClosed is returned by waits and dispatches once the Server is closed.
var ErrClosed = errors.New("discordtest: server closed")

// WaitUntil blocks until cond returns true, re-evaluating it after every
// state change of the peer (request recorded, gateway event, message
// stored...). cond runs without the peer's lock held, so it may call any
// Server method. It returns ctx.Err() if ctx ends first.
func (s *Server) WaitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch, closed := s.changed, s.closed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		if closed {
			return ErrClosed
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("discordtest: wait: %w", ctx.Err())
		}
	}
}

func (s *Server) debugf(format string, args ...any) {
	if s.logf != nil {
		s.logf("discordtest: "+format, args...)
	}
}
