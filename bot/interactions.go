package bot

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
)

// handleInteraction answers one interaction under the router's deferral
// policy (commands.Router.Serve): it sends the first response and, when
// that was a deferred one, edits it with the handler's result. It blocks
// until the interaction is finished. The session calls it for every
// INTERACTION_CREATE; after Stop began it answers with a short
// "restarting" message instead.
func (b *Bot) handleInteraction(i *discordgo.Interaction) {
	received := time.Now()
	b.mu.Lock()
	if b.stopping {
		b.mu.Unlock()
		if i.Type == discordgo.InteractionApplicationCommand || i.Type == discordgo.InteractionMessageComponent {
			b.send(b.baseCtx, i, commands.EphemeralMessage(commands.MsgShuttingDown), received)
		}
		return
	}
	b.inflight.Add(1)
	b.mu.Unlock()
	defer b.inflight.Done()

	ctx, cancel := context.WithTimeout(b.baseCtx, b.cfg.HandlerTimeout)
	defer cancel()
	reply := b.cfg.Router.Serve(ctx, i, received, b.cfg.DeferAfter)
	if !b.send(ctx, i, reply.Initial, received) || !reply.Deferred {
		return // a lost interaction was logged by send
	}
	b.log.Debug("interaction deferred", "interaction", i.ID, "slow", reply.Slow)

	resp, timedOut := reply.Final()
	if timedOut {
		b.log.Warn("interaction handler timed out", "interaction", i.ID, "timeout", b.cfg.HandlerTimeout)
	}
	// The handler context may be over; the edit gets its own budget.
	ectx, ecancel := context.WithTimeout(context.WithoutCancel(b.baseCtx), 30*time.Second)
	defer ecancel()
	b.complete(ectx, i, resp, reply.Ephemeral) //nolint:errcheck // logged by complete
}

// send posts the initial response, retrying 5xx and network failures while
// Discord's 3-second window lasts. It reports whether it got through.
func (b *Bot) send(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, received time.Time) bool {
	deadline := received.Add(b.callbackWindow)
	err := b.retry(ctx, deadline, "interaction callback", func() error {
		return b.api.InteractionRespond(i, resp, discordgo.WithContext(ctx))
	})
	if err != nil && isAlreadyAcknowledged(err) {
		// An earlier attempt got through although we saw an error.
		return true
	}
	if err != nil {
		b.log.Error("could not answer interaction", "interaction", i.ID, "error", err)
		return false
	}
	return true
}

// complete replaces the deferred "thinking…" message with resp. If resp is
// ephemeral but the deferral was public, the public placeholder is deleted
// and resp sent as an ephemeral follow-up, so private errors stay private.
// Failures are logged; the error is returned for callers that count them.
func (b *Bot) complete(ctx context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, deferredEphemeral bool) error {
	data := resp.Data
	if data == nil {
		data = &discordgo.InteractionResponseData{Content: commands.MsgInternalError}
	}
	if commands.IsEphemeral(resp) && !deferredEphemeral {
		err := b.retry(ctx, time.Time{}, "delete deferred response", func() error {
			return b.api.InteractionResponseDelete(i, discordgo.WithContext(ctx))
		})
		if err != nil {
			b.log.Warn("could not delete deferred response", "interaction", i.ID, "error", err)
		}
		err = b.retry(ctx, time.Time{}, "followup", func() error {
			_, err := b.api.FollowupMessageCreate(i, true, &discordgo.WebhookParams{
				Content: data.Content, Embeds: data.Embeds, Components: data.Components,
				AllowedMentions: data.AllowedMentions, Flags: discordgo.MessageFlagsEphemeral,
			}, discordgo.WithContext(ctx))
			return err
		})
		if err != nil {
			b.log.Error("could not send follow-up", "interaction", i.ID, "error", err)
		}
		return err
	}
	content := data.Content
	embeds := data.Embeds
	if embeds == nil {
		embeds = []*discordgo.MessageEmbed{}
	}
	edit := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, AllowedMentions: data.AllowedMentions}
	if data.Components != nil {
		edit.Components = &data.Components
	}
	err := b.retry(ctx, time.Time{}, "edit deferred response", func() error {
		_, err := b.api.InteractionResponseEdit(i, edit, discordgo.WithContext(ctx))
		return err
	})
	if err != nil {
		b.log.Error("could not edit deferred response", "interaction", i.ID, "error", err)
	}
	return err
}

// maxAttempts bounds retries of one REST call.
const maxAttempts = 4

// retry runs call until it succeeds, fails permanently, maxAttempts are
// used, ctx ends or the next attempt would start after deadline (zero: no
// deadline). 5xx answers and network errors are retried with exponential
// backoff; a 429 after its Retry-After, unless that is longer than
// MaxRetryAfter or than ctx has left (then its *RateLimitedError is
// returned at once).
func (b *Bot) retry(ctx context.Context, deadline time.Time, what string, call func() error) error {
	backoff := b.cfg.RetryBackoff
	var err error
	for attempt := 1; ; attempt++ {
		err = call()
		if err == nil || !retryable(err) || attempt == maxAttempts {
			return err
		}
		if ctx.Err() != nil {
			// Cancelled while the call ran: say so, whatever Discord
			// answered (a 429 would otherwise read as the cause).
			return errors.Join(err, ctx.Err())
		}
		delay := backoff
		var rl *RateLimitedError
		if errors.As(err, &rl) {
			delay = rl.Wait
			if !fits(ctx, delay, b.cfg.MaxRetryAfter, time.Now()) {
				return err
			}
		} else {
			backoff = min(backoff*2, 5*time.Second)
		}
		if !deadline.IsZero() && time.Now().Add(delay).After(deadline) {
			return err
		}
		b.log.Warn("Discord request failed, retrying", "request", what, "attempt", attempt, "delay", delay, "error", err)
		t := time.NewTimer(delay)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
	}
}

// retryable reports whether a failed REST call may succeed when repeated.
func retryable(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, ErrRateLimited) {
		return true
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) {
		return re.Response != nil && re.Response.StatusCode >= http.StatusInternalServerError
	}
	// Transport failures (*url.Error, *net.OpError) implement net.Error.
	var ne net.Error
	return errors.As(err, &ne)
}

// isAlreadyAcknowledged is Discord's answer to a second callback for the
// same interaction (code 40060): the first one got through.
func isAlreadyAcknowledged(err error) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil &&
		re.Message.Code == discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged
}

// sleep waits d for a rate limit if that fits MaxRetryAfter and ctx's
// deadline; it reports false (at once, or when ctx ends) otherwise.
func (b *Bot) sleep(ctx context.Context, d time.Duration) bool {
	if !fits(ctx, d, b.cfg.MaxRetryAfter, time.Now()) {
		return false
	}
	b.log.Warn("rate limited by Discord, waiting", "retry_after", d)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
