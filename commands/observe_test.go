package commands_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
)

func slashCommand(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "1", Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts},
	}
}

// counts records observations by command, kind and outcome.
type counts map[[3]string]int

func (c counts) ObserveInteraction(command, kind, outcome string, _ time.Duration) {
	c[[3]string{command, kind, outcome}]++
}

// TestObserveCountsOutcomes: the router reports every interaction with
// bounded labels.
func TestObserveCountsOutcomes(t *testing.T) {
	m := counts{}
	rt := commands.NewRouter(nil)
	rt.Use(commands.Observe(m))
	def := func(name string) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{Name: name, Description: name}
	}
	rt.Add(commands.Command{Definition: def("ok"), Handler: commands.HandlerFunc(
		func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
			return commands.Message("ja"), nil
		})})
	rt.Add(commands.Command{Definition: def("abstain"), Handler: commands.HandlerFunc(
		func(_ context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
			r.SetOutcome(commands.OutcomeAbstained)
			return commands.Message("weiß nicht"), nil
		})})
	rt.Add(commands.Command{Definition: def("fail"), Handler: commands.HandlerFunc(
		func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
			return nil, errors.New("boom")
		})})
	rt.Add(commands.Command{Definition: def("panic"), Handler: commands.HandlerFunc(
		func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
			panic("kaputt")
		})})
	rt.Add(commands.Command{Definition: def("user"), Handler: commands.HandlerFunc(
		func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
			return nil, commands.NewUserError("Nein.")
		})})

	for _, name := range []string{"ok", "ok", "abstain", "fail", "panic", "user", "nosuch", "nosuch"} {
		rt.Route(context.Background(), slashCommand(name))
	}
	ac := slashCommand("ok")
	ac.Type = discordgo.InteractionApplicationCommandAutocomplete
	rt.Route(context.Background(), ac)

	want := counts{
		{"ok", "command", "answered"}:       2,
		{"abstain", "command", "abstained"}: 1,
		{"fail", "command", "error"}:        1,
		{"panic", "command", "error"}:       1,
		{"user", "command", "answered"}:     1,
		{"unknown", "command", "invalid"}:   2,
		{"ok", "autocomplete", "answered"}:  1,
	}
	if len(m) != len(want) {
		t.Errorf("observed %v, want %v", m, want)
	}
	for k, v := range want {
		if m[k] != v {
			t.Errorf("%v observed %d times, want %d", k, m[k], v)
		}
	}
}

// TestObserveNil: without an observer the chain is unchanged.
func TestObserveNil(t *testing.T) {
	h := commands.HandlerFunc(func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
		return commands.Message("x"), nil
	})
	if got := commands.Observe(nil)(h); got == nil {
		t.Error("nil middleware")
	}
}
