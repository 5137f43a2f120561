package bot

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/recap"
)

var _ recap.Sender = (*REST)(nil)

// REST is a connection to Discord's REST API without a gateway, for the
// HTTP interactions mode: Discord POSTs the interactions to the bot's
// endpoint, so the bot only needs REST to check the token, register the
// commands (one bulk overwrite at start, as in gateway mode) and finish
// deferred responses. It shares Bot's session setup, retry policy and
// deferred-response logic; its Session never opens a gateway connection
// and stays inside this package.
type REST struct {
	b *Bot
}

// NewREST checks cfg like New (Token and Router are required) and prepares
// the session; nothing touches the network until Start. ShardID and
// ShardCount are ignored: there is no gateway to shard. HTTPClient,
// Logger and RetryBackoff mean what they mean for New.
func NewREST(cfg Config) (*REST, error) {
	cfg.ShardID, cfg.ShardCount = 0, 1
	b, err := New(cfg)
	if err != nil {
		return nil, err
	}
	return &REST{b: b}, nil
}

// Start checks the token (GET /applications/@me) and registers the
// router's commands with one bulk overwrite. A rejected token gives an
// error wrapping ErrBadToken, an unreachable Discord one wrapping
// ErrUnreachable.
func (r *REST) Start(ctx context.Context) error {
	b := r.b
	appID, err := b.begin(ctx)
	if err != nil {
		return err
	}
	if err := b.register(ctx, appID); err != nil {
		return err
	}
	b.log.Info("connected to Discord (REST only)", "application", appID)
	return nil
}

// ApplicationID is the bot's application ID, known after Start.
func (r *REST) ApplicationID() string { return r.b.ApplicationID() }

// EditOriginal finishes an interaction that was answered with a deferred
// response (type 5): it replaces the "thinking…" message with resp through
// PATCH /webhooks/{application}/{token}/messages/@original, retrying 5xx
// answers and network errors. If resp is ephemeral but the deferral was
// public (deferredEphemeral false), the public placeholder is deleted and
// resp sent as an ephemeral follow-up instead, as in gateway mode. The
// interaction's token is valid for 15 minutes. Failures are logged and
// returned.
func (r *REST) EditOriginal(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, deferredEphemeral bool) error {
	if i == nil || i.Token == "" {
		return errors.New("bot: interaction without a token")
	}
	if i.AppID == "" {
		// Discord always sends application_id; fall back to ours.
		cp := *i
		cp.AppID = r.ApplicationID()
		if cp.AppID == "" {
			return errors.New("bot: no application ID (call Start first)")
		}
		i = &cp
	}
	if resp == nil {
		resp = &discordgo.InteractionResponse{}
	}
	return r.b.complete(ctx, i, resp, deferredEphemeral)
}

// Close releases the session. REST holds no connection, so Close only
// stops background work; it is safe to call more than once.
func (r *REST) Close() {
	b := r.b
	b.mu.Lock()
	if b.stopped {
		b.mu.Unlock()
		return
	}
	b.stopped = true
	b.mu.Unlock()
	b.closeQuietly()
}

// SendRecap posts a daily recap exactly like Bot.SendRecap (embed, nonce
// with enforce_nonce, no mentions, 403/404 as permanent errors), so the
// recap scheduler can use REST as its Sender in HTTP mode. There is no
// gateway, hence no GUILD_DELETE: posts to a guild the bot has left fail
// with recap.ErrMissingAccess or recap.ErrChannelNotFound instead.
func (r *REST) SendRecap(ctx context.Context, channelID string, rc recap.Recap, nonce string) (string, error) {
	return r.b.SendRecap(ctx, channelID, rc, nonce)
}

// FindRecap looks for the message an earlier attempt at p created, like
// Bot.FindRecap, so that REST is a recap.Finder too.
func (r *REST) FindRecap(ctx context.Context, channelID string, p recap.Post) (string, error) {
	return r.b.FindRecap(ctx, channelID, p)
}

// application asks Discord who we are; this is the token check. It
// returns the application's ID and its bot user's, the author of the
// bot's messages (usually the same ID, which stands in if Discord leaves
// the user out).
func (b *Bot) application(ctx context.Context) (appID, userID string, err error) {
	var app struct {
		discordgo.Application
		Bot *discordgo.User `json:"bot"` // not in discordgo v0.29.0's Application
	}
	err = b.retry(ctx, time.Time{}, "GET /applications/@me", func() error {
		body, err := b.session.RequestWithBucketID("GET", discordgo.EndpointApplication("@me"), nil,
			discordgo.EndpointApplications, discordgo.WithContext(ctx))
		if err != nil {
			return err
		}
		return decodeJSON(body, &app)
	})
	if err != nil {
		return "", "", restError("checking the token", err)
	}
	if app.ID == "" {
		return "", "", errors.New("bot: Discord sent no application ID")
	}
	if app.Bot == nil || app.Bot.ID == "" {
		return app.ID, app.ID, nil
	}
	return app.ID, app.Bot.ID, nil
}

// register overwrites the commands in one request (idempotent).
func (b *Bot) register(ctx context.Context, appID string) error {
	defs := b.cfg.Router.Definitions()
	var got []*discordgo.ApplicationCommand
	err := b.retry(ctx, time.Time{}, "PUT commands", func() error {
		var err error
		got, err = b.session.ApplicationCommandBulkOverwrite(appID, b.cfg.GuildID, defs, discordgo.WithContext(ctx))
		return err
	})
	if err != nil {
		return restError("registering commands", err)
	}
	b.cfg.Router.SetCommandIDs(got) // for clickable mentions in /help
	scope := "global"
	if b.cfg.GuildID != "" {
		scope = "guild " + b.cfg.GuildID
	}
	b.log.Info("commands registered", "scope", scope, "count", len(got))
	return nil
}
