package commands

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// FuzzRoute drives the interaction-to-response path with arbitrary command
// names, option names and option values, as command invocations and as
// autocomplete requests. It must never panic, always answer with the right
// response type, and stay within Discord's limits.
func FuzzRoute(f *testing.F) {
	f.Add(false, "ask", "question", "Wer ist Maja?", "de")
	f.Add(false, "ask", "question", "", "de")
	f.Add(false, "ask", "question", strings.Repeat("ä", 301), "en-US")
	f.Add(false, "episode", "query", "Wege des Lebens", "de")
	f.Add(false, "episode", "query", "3", "de")
	f.Add(false, "character", "name", "kathrin", "de")
	f.Add(false, "character", "name", "\xff\xfe", "de")
	f.Add(false, "help", "", "", "en-GB")
	f.Add(false, "recap", "channel", "123", "de")
	f.Add(true, "character", "name", "Kat", "de")
	f.Add(true, "episode", "query", "", "de")
	f.Add(true, "episode", "query", strings.Repeat("🙂", 120), "de")
	f.Add(true, "nope", "x", "y", "")

	rt := New(newFake(), nil)
	f.Fuzz(func(t *testing.T, auto bool, command, option, value, locale string) {
		i := slash(command, str(option, value))
		i.Locale = discordgo.Locale(locale)
		want := discordgo.InteractionResponseChannelMessageWithSource
		if auto {
			i.Type = discordgo.InteractionApplicationCommandAutocomplete
			i.Data.(discordgo.ApplicationCommandInteractionData).Options[0].Focused = true
			want = discordgo.InteractionApplicationCommandAutocompleteResult
		}
		resp := rt.Route(context.Background(), i)
		if resp == nil {
			t.Fatal("nil response")
		}
		if resp.Type != want {
			t.Fatalf("type %d, want %d", resp.Type, want)
		}
		if err := CheckResponse(resp); err != nil {
			t.Fatalf("limits: %v", err)
		}
		if _, err := json.Marshal(resp); err != nil {
			t.Fatalf("marshal: %v", err)
		}
	})
}

// FuzzRouteJSON decodes arbitrary interaction JSON the way discordgo does
// and routes whatever decodes, including odd option shapes (nested
// subcommands, wrong value types, missing data).
func FuzzRouteJSON(f *testing.F) {
	f.Add([]byte(`{"id":"1","type":2,"token":"t","data":{"name":"ask","options":[{"name":"question","type":3,"value":"Wer ist Maja?"}]}}`))
	f.Add([]byte(`{"id":"1","type":4,"data":{"name":"character","options":[{"name":"name","type":3,"value":"kat","focused":true}]}}`))
	f.Add([]byte(`{"id":"1","type":2,"data":{"name":"ask","options":[{"name":"question","type":4,"value":12}]}}`))
	f.Add([]byte(`{"id":"1","type":2,"data":{"name":"recap","options":[{"name":"g","type":2,"options":[{"name":"s","type":1,"options":[{"name":"x","type":3,"value":"y"}]}]}]}}`))
	f.Add([]byte(`{"id":"1","type":2,"member":{"permissions":"8","user":{"id":"5"}},"guild_id":"9","data":{"name":"help"}}`))
	f.Add([]byte(`{"type":1}`))
	f.Add([]byte(`{"type":3,"data":{"custom_id":"x","component_type":2}}`))
	f.Add([]byte(`{"type":2}`))

	rt := New(newFake(), nil)
	f.Fuzz(func(t *testing.T, raw []byte) {
		var i discordgo.Interaction
		if err := json.Unmarshal(raw, &i); err != nil {
			return
		}
		resp := rt.Route(context.Background(), &i)
		if resp == nil {
			t.Fatal("nil response")
		}
		if resp.Type == discordgo.InteractionResponsePong && i.Type != discordgo.InteractionPing {
			t.Fatalf("pong for type %d", i.Type)
		}
		if err := CheckResponse(resp); err != nil {
			t.Fatalf("limits: %v", err)
		}
	})
}
