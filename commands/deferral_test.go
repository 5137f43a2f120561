package commands

import (
	"context"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestServeDeferral: the one deferral policy of both transports.
func TestServeDeferral(t *testing.T) {
	gate := make(chan struct{})
	rt := NewRouter(nil)
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "wait"},
		Handler: HandlerFunc(func(ctx context.Context, _ *Request) (*discordgo.InteractionResponse, error) {
			select {
			case <-gate:
				return Message("fertig"), nil
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}),
	})
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "slow"},
		Slow:       true, Ephemeral: true,
		Handler: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			return EphemeralMessage("privat"), nil
		}),
	})
	hang := make(chan struct{})
	t.Cleanup(func() { close(hang) })
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "hang"},
		Handler: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			<-hang // ignores its context, so only the timeout can answer
			return Message("zu spät"), nil
		}),
	})
	ctx := context.Background()

	t.Run("fast: answered directly", func(t *testing.T) {
		close(gate)
		defer func() { gate = make(chan struct{}) }()
		r := rt.Serve(ctx, slash("wait"), time.Now(), time.Hour)
		if r.Deferred || r.Initial.Data.Content != "fertig" {
			t.Fatalf("%+v", r)
		}
	})
	t.Run("overrun: deferred, then the handler's answer", func(t *testing.T) {
		r := rt.Serve(ctx, slash("wait"), time.Now(), 10*time.Millisecond)
		if !r.Deferred || r.Slow || r.Ephemeral || r.Initial.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("%+v", r)
		}
		close(gate)
		defer func() { gate = make(chan struct{}) }()
		if resp, timedOut := r.Final(); timedOut || resp.Data.Content != "fertig" {
			t.Errorf("final %+v, timed out %v", resp, timedOut)
		}
	})
	t.Run("threshold counts from arrival", func(t *testing.T) {
		r := rt.Serve(ctx, slash("wait"), time.Now().Add(-time.Hour), time.Second)
		if !r.Deferred {
			t.Fatalf("%+v", r)
		}
		close(gate)
		defer func() { gate = make(chan struct{}) }()
		r.Final()
	})
	t.Run("slow: deferred at once, ephemeral", func(t *testing.T) {
		r := rt.Serve(ctx, slash("slow"), time.Now(), time.Hour)
		if !r.Deferred || !r.Slow || !r.Ephemeral || r.Initial.Data == nil || r.Initial.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("%+v", r)
		}
		if resp, _ := r.Final(); resp.Data.Content != "privat" {
			t.Errorf("final %+v", resp)
		}
	})
	t.Run("timeout: German message", func(t *testing.T) {
		tctx, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
		defer cancel()
		r := rt.Serve(tctx, slash("hang"), time.Now(), time.Millisecond)
		resp, timedOut := r.Final()
		if !timedOut || resp.Data.Content != MsgTimeout {
			t.Errorf("final %+v, timed out %v", resp, timedOut)
		}
	})
	t.Run("autocomplete is never deferred", func(t *testing.T) {
		r := rt.Serve(ctx, autocomplete("wait", "x", "a"), time.Now().Add(-time.Hour), time.Millisecond)
		if r.Deferred || r.Initial.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("%+v", r)
		}
	})
}
