package commands_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/metrics"
)

func slashCommand(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "1", Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts},
	}
}

func scrapeMetrics(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func grepLines(body, substr string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestObserveCountsOutcomes: the router reports every interaction to the
// Prometheus metrics with bounded labels.
func TestObserveCountsOutcomes(t *testing.T) {
	m := metrics.New()
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

	want := map[[3]string]float64{
		{"ok", "command", "answered"}:          2,
		{"abstain", "command", "abstained"}:    1,
		{"fail", "command", "error"}:           1,
		{"panic", "command", "error"}:          1,
		{"user", "command", "answered"}:        1,
		{"unknown", "command", "invalid"}:      2,
		{"ok", "autocomplete", "answered"}:     1,
		{"nosuch", "command", "invalid"}:       0, // never a label
		{"abstain", "command", "answered"}:     0,
		{"ok", "autocomplete", "not-an-event"}: 0,
	}
	body := scrapeMetrics(t, m)
	for k, v := range want {
		series := fmt.Sprintf(`iafbot_interactions_total{command=%q,kind=%q,outcome=%q}`, k[0], k[1], k[2])
		has := strings.Contains(body, series+" ")
		switch {
		case v == 0 && has:
			t.Errorf("unexpected series %s", series)
		case v > 0 && !strings.Contains(body, fmt.Sprintf("%s %g\n", series, v)):
			t.Errorf("want %s %g in\n%s", series, v, grepLines(body, "iafbot_interactions_total"))
		}
	}
	if !strings.Contains(body, `iafbot_interaction_duration_seconds_count{command="ok",kind="command"} 2`) {
		t.Errorf("latency histogram missing:\n%s", grepLines(body, "duration_seconds_count"))
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
