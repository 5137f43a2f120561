// Package bot connects the command router to Discord through the gateway.
// It is the only package that holds a *discordgo.Session: it opens the
// gateway with the Guilds intent only, registers the router's commands with
// one bulk overwrite, turns INTERACTION_CREATE events into router calls and
// sends the responses, deferring them when a handler is slow (Discord wants
// the first answer within 3 seconds). It also posts the daily recaps
// (SendRecap, the recap scheduler's Sender) and reports removed guilds
// (ForgetRemovedGuilds).
package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"iafbot/commands"
	"iafbot/internal/defaults"
	"iafbot/internal/snowflake"
)

// Defaults for Config fields left zero (DeferAfter and HandlerTimeout
// default to commands.DefaultDeferAfter and commands.DefaultHandlerTimeout,
// the same as in HTTP mode).
const (
	DefaultShutdownTimeout = 10 * time.Second
	DefaultRetryBackoff    = 250 * time.Millisecond
	// callbackWindow is how long Discord accepts the first response.
	callbackWindow = 3 * time.Second
)

// Config configures a Bot. Production (iafbot serve) and the tests build it
// the same way; tests only swap HTTPClient for one that reaches a local peer.
type Config struct {
	// Token is the bot token, with or without the "Bot " prefix.
	Token string
	// GuildID, when set, registers the commands on that server only
	// (instant, for development); otherwise they are registered globally.
	GuildID string
	// ShardID and ShardCount select the gateway shard (defaults 0 of 1).
	// Only shard 0 registers commands.
	ShardID, ShardCount int

	// Router answers the interactions; its Definitions are registered.
	Router *commands.Router
	// Logger receives structured logs (nil: slog.Default()).
	Logger *slog.Logger
	// HTTPClient carries every REST call (nil: Go's defaults, which honour
	// HTTPS_PROXY and use the system CAs). When its Transport is an
	// *http.Transport, the gateway websocket uses the same proxy and TLS
	// settings; otherwise it uses the proxy from the environment.
	HTTPClient *http.Client

	// DeferAfter is how long a command handler may run before the bot sends
	// a deferred response and edits it later (default
	// commands.DefaultDeferAfter). Commands marked Slow are deferred at once.
	DeferAfter time.Duration
	// HandlerTimeout bounds one handler (default
	// commands.DefaultHandlerTimeout); after it the user gets a German
	// timeout message.
	HandlerTimeout time.Duration
	// ShutdownTimeout bounds the wait for in-flight interactions in Run
	// (default 10 s).
	ShutdownTimeout time.Duration
	// RetryBackoff is the first delay before retrying a REST call that got
	// a 5xx answer or a network error (default 250 ms, doubled per retry).
	RetryBackoff time.Duration
	// MaxRetryAfter is the longest rate-limit wait (429 Retry-After, or an
	// exhausted bucket) the bot sits out before repeating a call (default
	// DefaultMaxRetryAfter). A longer one, or one past the call's context
	// deadline, fails the call at once with a *RateLimitedError; every wait
	// ends with the call's context.
	MaxRetryAfter time.Duration
}

// ErrBadToken means Discord refused the token (HTTP 401 or gateway close
// code 4004).
var ErrBadToken = errors.New("Discord rejected the bot token (401 Unauthorized)")

// ErrUnreachable means Discord could not be reached at all (DNS, TCP,
// TLS, proxy).
var ErrUnreachable = errors.New("cannot reach Discord")

// Bot is a gateway connection serving one Router.
type Bot struct {
	cfg     Config
	log     *slog.Logger
	session *discordgo.Session
	api     api // the session, as far as interactions need it

	baseCtx    context.Context // handlers' parent; cancelled after shutdown
	cancelBase context.CancelFunc

	mu       sync.Mutex
	started  bool
	stopping bool
	stopped  bool
	closing  bool // the session is being closed for good
	inflight sync.WaitGroup
	appID    string
	userID   string // the bot user, author of its messages
	removeH  []func()

	noHistory sync.Map // channel IDs whose history FindRecap may not read (logged once)

	callbackWindow time.Duration // Discord's limit for the first response
}

// api is the part of *discordgo.Session used to answer interactions;
// unit tests substitute a fake.
type api interface {
	InteractionRespond(i *discordgo.Interaction, resp *discordgo.InteractionResponse, options ...discordgo.RequestOption) error
	InteractionResponseEdit(i *discordgo.Interaction, newresp *discordgo.WebhookEdit, options ...discordgo.RequestOption) (*discordgo.Message, error)
	InteractionResponseDelete(i *discordgo.Interaction, options ...discordgo.RequestOption) error
	FollowupMessageCreate(i *discordgo.Interaction, wait bool, data *discordgo.WebhookParams, options ...discordgo.RequestOption) (*discordgo.Message, error)
}

// New checks cfg and prepares the session; nothing touches the network
// until Start.
func New(cfg Config) (*Bot, error) {
	fields := strings.Fields(cfg.Token)
	if len(fields) > 0 && fields[0] == "Bot" {
		fields = fields[1:]
	}
	if len(fields) == 0 {
		return nil, errors.New("bot: no token")
	}
	if len(fields) > 1 {
		return nil, errors.New("bot: the token contains white space")
	}
	token := fields[0]
	if cfg.Router == nil {
		return nil, errors.New("bot: no router")
	}
	if cfg.GuildID != "" && !snowflake.Valid(cfg.GuildID) {
		return nil, fmt.Errorf("bot: guild ID %q is not a Discord snowflake", cfg.GuildID)
	}
	defaults.Set(&cfg.ShardCount, 1)
	if cfg.ShardCount < 1 || cfg.ShardID < 0 || cfg.ShardID >= cfg.ShardCount {
		return nil, fmt.Errorf("bot: shard %d of %d: need 0 <= shard ID < shard count", cfg.ShardID, cfg.ShardCount)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	defaults.Set(&cfg.HandlerTimeout, commands.DefaultHandlerTimeout)
	defaults.Set(&cfg.ShutdownTimeout, DefaultShutdownTimeout)
	defaults.Set(&cfg.RetryBackoff, DefaultRetryBackoff)
	defaults.Set(&cfg.MaxRetryAfter, DefaultMaxRetryAfter)
	client := cfg.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 20 * time.Second, Transport: http.DefaultTransport.(*http.Transport).Clone()}
	}
	dialer := dialerFor(client)
	// Rate limits are ours (ratelimit.go): discordgo's would sleep without
	// a context.
	limited := *client
	limited.Transport = newRateLimiter(client.Transport, cfg.MaxRetryAfter)
	client = &limited

	s, err := discordgo.New("Bot " + token)
	if err != nil {
		return nil, fmt.Errorf("bot: %w", err)
	}
	s.Client = client
	s.Dialer = dialer
	s.ShouldRetryOnRateLimit = false
	s.Identify.Intents = discordgo.IntentsGuilds
	s.ShardID, s.ShardCount = cfg.ShardID, cfg.ShardCount
	s.StateEnabled = false // nothing reads the cache; keep memory flat on big servers
	s.LogLevel = discordgoLevel(cfg.Logger)
	routeDiscordgoLogs(cfg.Logger)

	b := &Bot{cfg: cfg, log: cfg.Logger, session: s, api: s, callbackWindow: callbackWindow}
	b.baseCtx, b.cancelBase = context.WithCancel(context.Background())
	// discordgo's reconnect loop does not look at ShouldReconnectOnError
	// again once it runs; if it gets through after Stop, hang up again.
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Connect) {
		b.mu.Lock()
		closing := b.closing
		b.mu.Unlock()
		if closing {
			go s.Close() //nolint:errcheck // best effort
		}
	})
	b.removeH = append(b.removeH,
		s.AddHandler(func(_ *discordgo.Session, ic *discordgo.InteractionCreate) {
			if ic != nil && ic.Interaction != nil {
				b.handleInteraction(ic.Interaction)
			}
		}),
		s.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
			b.log.Info("gateway ready", "session", r.SessionID, "user", userName(r.User), "guilds", len(r.Guilds), "shard", cfg.ShardID)
		}),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Resumed) { b.log.Info("gateway session resumed") }),
		s.AddHandler(func(_ *discordgo.Session, _ *discordgo.Disconnect) { b.log.Warn("gateway disconnected") }),
	)
	return b, nil
}

func userName(u *discordgo.User) string {
	if u == nil {
		return ""
	}
	return u.Username
}

// dialerFor makes the websocket dialer follow the HTTP client's proxy and
// TLS settings, or the environment's proxy (HTTPS_PROXY, NO_PROXY).
func dialerFor(c *http.Client) *websocket.Dialer {
	d := &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 45 * time.Second}
	if t, ok := c.Transport.(*http.Transport); ok {
		if t.Proxy != nil {
			d.Proxy = t.Proxy
		}
		if t.TLSClientConfig != nil {
			d.TLSClientConfig = t.TLSClientConfig.Clone()
		}
		if t.DialContext != nil {
			d.NetDialContext = t.DialContext
		}
	}
	return d
}

// ApplicationID is the bot's application ID, known after Start.
func (b *Bot) ApplicationID() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID
}

// userIDNow is the bot user's ID, known after Start.
func (b *Bot) userIDNow() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.userID
}

// AddHandler registers a discordgo event handler (e.g. for GUILD_DELETE)
// on the bot's session, so other features need no Session of their own.
// It returns a function that removes the handler.
func (b *Bot) AddHandler(handler any) func() { return b.session.AddHandler(handler) }

// begin marks the bot started (once only), checks the token by fetching the
// application and remembers its ID: the first steps of both Start methods.
func (b *Bot) begin(ctx context.Context) (string, error) {
	b.mu.Lock()
	if b.started {
		b.mu.Unlock()
		return "", errors.New("bot: already started")
	}
	b.started = true
	b.mu.Unlock()

	appID, userID, err := b.application(ctx)
	if err != nil {
		return "", err
	}
	b.mu.Lock()
	b.appID, b.userID = appID, userID
	b.mu.Unlock()
	return appID, nil
}

// Start checks the token, registers the commands (shard 0 only) and opens
// the gateway. A rejected token gives an error wrapping ErrBadToken.
func (b *Bot) Start(ctx context.Context) error {
	appID, err := b.begin(ctx)
	if err != nil {
		return err
	}

	if b.cfg.ShardID == 0 {
		if err := b.register(ctx, appID); err != nil {
			return err
		}
	}
	if err := b.session.Open(); err != nil {
		return gatewayError(err)
	}
	b.log.Info("connected to Discord", "application", appID, "shard", b.cfg.ShardID, "shards", b.cfg.ShardCount)
	return nil
}

// restError turns a REST failure into one clean line.
func restError(doing string, err error) error {
	var rl *RateLimitedError
	if errors.As(err, &rl) {
		return fmt.Errorf("bot: %s: %w", doing, rl)
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		if re.Response.StatusCode == http.StatusUnauthorized {
			return fmt.Errorf("bot: %s: %w", doing, ErrBadToken)
		}
		if isHTML(re.Response.Header.Get("Content-Type"), re.ResponseBody) {
			return fmt.Errorf("bot: %s: %w", doing, &NotJSONError{Status: re.Response.StatusCode, ContentType: re.Response.Header.Get("Content-Type")})
		}
		msg := strings.TrimSpace(string(re.ResponseBody))
		if re.Message != nil && re.Message.Message != "" {
			msg = re.Message.Message
		}
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return fmt.Errorf("bot: %s: Discord answered %s: %s", doing, re.Response.Status, msg)
	}
	if errors.Is(err, discordgo.ErrUnauthorized) {
		return fmt.Errorf("bot: %s: %w", doing, ErrBadToken)
	}
	var ne net.Error
	if errors.As(err, &ne) && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("bot: %s: %w: %v", doing, ErrUnreachable, err)
	}
	return fmt.Errorf("bot: %s: %w", doing, err)
}

// gatewayError explains gateway close codes.
func gatewayError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return fmt.Errorf("bot: opening the gateway: %w", ErrBadToken)
		case 4010, 4011:
			return fmt.Errorf("bot: opening the gateway: invalid sharding (close code %d): check SHARD_ID/SHARD_COUNT", ce.Code)
		case 4013, 4014:
			return fmt.Errorf("bot: opening the gateway: intents not allowed (close code %d)", ce.Code)
		}
		return fmt.Errorf("bot: opening the gateway: closed with code %d %s", ce.Code, ce.Text)
	}
	return restError("opening the gateway", err)
}

// Stop stops taking interactions, waits for the ones in flight (until ctx
// ends) and closes the gateway. It is safe to call more than once.
func (b *Bot) Stop(ctx context.Context) error {
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return nil
	}
	b.stopping = true
	b.mu.Unlock()

	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	var waitErr error
	select {
	case <-done:
	case <-ctx.Done():
		waitErr = fmt.Errorf("bot: interactions still running at shutdown: %w", ctx.Err())
	}
	b.cancelBase()

	// Keep discordgo from reconnecting while (or after) we close.
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	b.session.Lock()
	b.session.ShouldReconnectOnError = false
	b.session.Unlock()
	for _, rm := range b.removeH {
		rm()
	}
	err := b.session.Close()
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
	b.log.Info("disconnected from Discord")
	return errors.Join(waitErr, err)
}

// Run starts the bot, serves until ctx is done and shuts down gracefully,
// waiting at most ShutdownTimeout for interactions in flight.
func (b *Bot) Run(ctx context.Context) error {
	if err := b.Start(ctx); err != nil {
		b.closeQuietly()
		return err
	}
	<-ctx.Done()
	b.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), b.cfg.ShutdownTimeout)
	defer cancel()
	return b.Stop(sctx)
}

// closeQuietly releases the session after a failed Start.
func (b *Bot) closeQuietly() {
	b.mu.Lock()
	b.closing = true
	b.mu.Unlock()
	b.session.Lock()
	b.session.ShouldReconnectOnError = false
	b.session.Unlock()
	b.cancelBase()
	for _, rm := range b.removeH {
		rm()
	}
	b.session.Close() //nolint:errcheck // nothing useful to do
}

// discordgoLevel maps our log level to discordgo's.
func discordgoLevel(l *slog.Logger) int {
	if l.Enabled(context.Background(), slog.LevelDebug) {
		return discordgo.LogInformational
	}
	return discordgo.LogWarning
}

var (
	dgLogOnce sync.Once
	dgLogMu   sync.RWMutex
	dgLogger  *slog.Logger
)

// routeDiscordgoLogs sends discordgo's package-level log output to the most
// recently configured logger.
func routeDiscordgoLogs(l *slog.Logger) {
	dgLogMu.Lock()
	dgLogger = l.With("component", "discordgo")
	dgLogMu.Unlock()
	dgLogOnce.Do(func() {
		discordgo.Logger = func(msgL, _ int, format string, a ...any) {
			dgLogMu.RLock()
			lg := dgLogger
			dgLogMu.RUnlock()
			level := slog.LevelDebug
			switch msgL {
			case discordgo.LogError:
				level = slog.LevelError
			case discordgo.LogWarning:
				level = slog.LevelWarn
			case discordgo.LogInformational:
				level = slog.LevelDebug
			}
			lg.Log(context.Background(), level, strings.TrimSpace(fmt.Sprintf(format, a...)))
		}
	})
}
