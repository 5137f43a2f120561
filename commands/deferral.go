package commands

import (
	"context"
	"fmt"
	"runtime/debug"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Deferral is one policy for both transports (gateway and HTTP), so they
// cannot drift apart again: Discord wants the first response within 3
// seconds, so a command whose handler is still running after the defer
// threshold (or at once, when it is marked Slow) is answered with a
// deferred response ("denkt nach …", type 5) that the transport edits once
// the handler is done.
const (
	// DefaultDeferAfter is the defer threshold; it leaves half of Discord's
	// 3 seconds for the network and retries of the first response.
	DefaultDeferAfter = 1500 * time.Millisecond
	// DefaultHandlerTimeout bounds one handler; afterwards the user gets
	// MsgTimeout.
	DefaultHandlerTimeout = 30 * time.Second
)

// Reply is how a transport answers one interaction under the deferral
// policy: send Initial first; if Deferred, the response of Final replaces
// it (the transport's edit of the original response).
type Reply struct {
	// Initial is the handler's response, or a deferred response.
	Initial *discordgo.InteractionResponse
	// Deferred means Initial is a deferred response and Final must be
	// called.
	Deferred bool
	// Slow means the command was deferred at once (for logs).
	Slow bool
	// Ephemeral means the deferred response is visible to the invoker
	// only; the edit must keep private answers private.
	Ephemeral bool

	ctx    context.Context
	result <-chan *discordgo.InteractionResponse
}

// Final waits for the handler of a deferred reply and returns its
// response, or MsgTimeout with timedOut set once ctx (the handler's
// context given to Serve) ends.
func (r *Reply) Final() (resp *discordgo.InteractionResponse, timedOut bool) {
	if !r.Deferred {
		return r.Initial, false
	}
	select {
	case resp = <-r.result:
		return resp, false
	case <-r.ctx.Done():
		return EphemeralMessage(MsgTimeout), true
	}
}

// Serve answers i under the deferral policy. ctx is the handler's context;
// the transport bounds it (DefaultHandlerTimeout) and cancels it after
// Final, or after sending Initial when the reply is not deferred. received
// is when the interaction arrived: the threshold deferAfter (0:
// DefaultDeferAfter) counts from then, so time spent decoding counts too.
// Autocomplete and other interactions are never deferred (Discord does not
// allow it for autocomplete); they are routed and answered as is.
func (rt *Router) Serve(ctx context.Context, i *discordgo.Interaction, received time.Time, deferAfter time.Duration) *Reply {
	if i == nil || i.Type != discordgo.InteractionApplicationCommand {
		return &Reply{Initial: rt.Route(ctx, i)}
	}
	if deferAfter <= 0 {
		deferAfter = DefaultDeferAfter
	}
	if received.IsZero() {
		received = time.Now()
	}
	slow, ephemeral := rt.DeferPolicy(i)
	result := make(chan *discordgo.InteractionResponse, 1)
	go func() {
		defer func() {
			if v := recover(); v != nil { // Route recovers itself; belt and braces
				rt.logger.Error("panic while routing interaction", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				result <- EphemeralMessage(MsgInternalError)
			}
		}()
		result <- rt.Route(ctx, i)
	}()

	if !slow {
		timer := time.NewTimer(deferAfter - time.Since(received))
		select {
		case resp := <-result:
			timer.Stop()
			return &Reply{Initial: resp}
		case <-timer.C:
		}
	}
	deferred := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}
	if ephemeral {
		deferred.Data = &discordgo.InteractionResponseData{Flags: discordgo.MessageFlagsEphemeral}
	}
	return &Reply{Initial: deferred, Deferred: true, Slow: slow, Ephemeral: ephemeral, ctx: ctx, result: result}
}
