package bot

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/internal/snowflake"
	"iafbot/recap"
)

var _ recap.Sender = (*Bot)(nil)

// recapMessage is the body of POST /channels/{id}/messages for a recap.
// discordgo's MessageSend has no nonce fields, hence a struct of our own.
type recapMessage struct {
	Embeds          []*discordgo.MessageEmbed         `json:"embeds"`
	Nonce           string                            `json:"nonce"`
	EnforceNonce    bool                              `json:"enforce_nonce"`
	AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
}

// SendRecap posts r into channelID as an embed (commands.RecapEmbed) and
// returns the message ID; it implements recap.Sender.
//
// The nonce goes with enforce_nonce, so Discord answers a resend of the
// same day (after a crash between sending and confirming) with the message
// it already created instead of a second one; it does so for a few
// minutes only, later FindRecap finds the message before a resend. The
// embed's footer names r.Date, which is how FindRecap recognises it.
// Mentions are disabled.
//
// Errors: 403 and 404 wrap recap.ErrMissingAccess and
// recap.ErrChannelNotFound (permanent: the scheduler stops and shows the
// problem); everything else, including 5xx and network failures, is
// transient and retried by the scheduler with backoff. A 429 is retried
// here after its Retry-After if that fits MaxRetryAfter and ctx; else its
// *RateLimitedError is returned at once (the scheduler then waits at least
// Retry-After), so a send never outlives ctx.
func (b *Bot) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	msg := recapMessage{
		Embeds:          []*discordgo.MessageEmbed{commands.RecapEmbed(r)},
		Nonce:           nonce,
		EnforceNonce:    true,
		AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	var body []byte
	var err error
	// A short 429 is sat out here (the nonce makes repeating safe); other
	// failures go back to the scheduler, which retries with backoff.
	for attempt := 1; ; attempt++ {
		body, err = b.session.RequestWithBucketID("POST", endpoint, msg, endpoint, discordgo.WithContext(ctx))
		var rl *RateLimitedError
		if err == nil || !errors.As(err, &rl) || attempt == maxAttempts || !b.sleep(ctx, rl.Wait) {
			break
		}
	}
	if err != nil {
		return "", recap.ClassifyHTTP(httpStatus(err), restError("posting the recap in channel "+channelID, err))
	}
	var m discordgo.Message
	if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
		// Resending is safe: the nonce returns the message if it exists.
		return "", fmt.Errorf("bot: posting the recap in channel %s: no message ID in Discord's answer (%d bytes)", channelID, len(body))
	}
	return m.ID, nil
}

// httpStatus is the status of Discord's answer that err reports; 0 if
// there was none (network failure, rate limit).
func httpStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

var _ recap.Finder = (*Bot)(nil)

// recapHistory is how many messages FindRecap reads: Discord's maximum
// for one request.
const recapHistory = 100

// clockSkew is how much earlier than the claim FindRecap starts reading:
// the claim time comes from the scheduler's clock, message IDs from
// Discord's.
const clockSkew = time.Minute

// listedMessage is a message as GET /channels/{id}/messages lists it;
// discordgo's Message has no nonce.
type listedMessage struct {
	ID     string                    `json:"id"`
	Author *discordgo.User           `json:"author"`
	Nonce  any                       `json:"nonce"` // a string or a number; Discord drops it after minutes
	Embeds []*discordgo.MessageEmbed `json:"embeds"`
}

// FindRecap looks in channelID for the message an earlier attempt at p
// created: one by the bot whose embed is the recap of p's day (its footer
// starts with the date, see commands.IsRecapOf) or that still carries p's
// nonce. It implements recap.Finder; the scheduler calls it before every
// resend.
//
// One request reads the first 100 messages after the claim, so the post
// is found unless more than 100 others came between claim and post.
// Without the permission Read Message History Discord lists no messages,
// so nothing is found and the day is sent. A 403 (the bot may not view the
// channel) falls back to sending too, whose own error then says what is
// wrong; it is logged once per channel. Other failures are SendRecap's:
// 404 is permanent, 5xx and network errors are retried here and then
// returned as transient, a 429 is sat out if it fits ctx.
func (b *Bot) FindRecap(ctx context.Context, channelID string, p recap.Post) (string, error) {
	endpoint := discordgo.EndpointChannelMessages(channelID)
	query := url.Values{"limit": {strconv.Itoa(recapHistory)}}
	if !p.ClaimedAt.IsZero() {
		query.Set("after", strconv.FormatUint(snowflake.At(p.ClaimedAt.Add(-clockSkew)), 10))
	}
	var msgs []listedMessage
	err := b.retry(ctx, time.Time{}, "GET "+endpoint, func() error {
		body, err := b.session.RequestWithBucketID("GET", endpoint+"?"+query.Encode(), nil, endpoint, discordgo.WithContext(ctx))
		if err != nil {
			return err
		}
		return decodeJSON(body, &msgs)
	})
	const doing = "reading the recent messages of channel "
	switch status := httpStatus(err); {
	case status == http.StatusForbidden:
		if _, logged := b.noHistory.LoadOrStore(channelID, true); !logged {
			b.log.Warn("recap: may not read the channel's messages; a resend after a crash cannot check whether the day was posted",
				"channel", channelID, "error", restError(doing+channelID, err))
		}
		return "", nil
	case err != nil:
		return "", recap.ClassifyHTTP(status, restError(doing+channelID, err))
	}
	self := b.userIDNow()
	isPost := func(e *discordgo.MessageEmbed) bool { return commands.IsRecapOf(e, p.LocalDate) }
	for _, m := range msgs {
		sameNonce := p.Nonce != "" && m.Nonce == any(p.Nonce)
		if m.Author != nil && m.Author.ID == self && (sameNonce || slices.ContainsFunc(m.Embeds, isPost)) {
			return m.ID, nil
		}
	}
	return "", nil
}

// GuildRemover forgets what is stored about a guild; *recap.Scheduler is
// one.
type GuildRemover interface {
	RemoveGuild(ctx context.Context, guildID string) error
}

// ForgetRemovedGuilds makes the bot call r.RemoveGuild for every guild it
// is removed from (kicked, or the guild was deleted): GUILD_DELETE without
// "unavailable". A GUILD_DELETE with "unavailable" is an outage on
// Discord's side and keeps everything. With sharding, each shard sees only
// its own guilds' events. Register it before Start so that no removal is
// missed; the returned function unregisters the handler. Stop waits for a
// removal in progress.
func (b *Bot) ForgetRemovedGuilds(r GuildRemover) func() {
	return b.session.AddHandler(func(_ *discordgo.Session, gd *discordgo.GuildDelete) {
		if gd == nil || gd.Guild == nil || gd.ID == "" {
			return
		}
		log := b.log.With("guild", gd.ID)
		if gd.Unavailable {
			log.Info("guild unavailable (Discord outage); keeping its data")
			return
		}
		b.mu.Lock()
		if b.stopping {
			b.mu.Unlock()
			log.Warn("removed from guild while shutting down; its data stays until it is deleted by hand")
			return
		}
		b.inflight.Add(1)
		b.mu.Unlock()
		defer b.inflight.Done()

		ctx, cancel := context.WithTimeout(b.baseCtx, 30*time.Second)
		defer cancel()
		if err := r.RemoveGuild(ctx, gd.ID); err != nil {
			log.Error("removed from guild, but could not delete its data", "error", err)
			return
		}
		log.Info("removed from guild; its data is deleted")
	})
}
