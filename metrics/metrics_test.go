package metrics_test

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
	"iafbot/knowledge"
	"iafbot/metrics"
)

func command(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "1", Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts},
	}
}

func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /metrics: %d", rec.Code)
	}
	body, _ := io.ReadAll(rec.Body)
	return string(body)
}

func TestMiddlewareCountsOutcomes(t *testing.T) {
	m := metrics.New()
	rt := commands.NewRouter(nil)
	rt.Use(m.Middleware())
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
		rt.Route(context.Background(), command(name))
	}
	ac := command("ok")
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
	body := scrape(t, m)
	for k, v := range want {
		series := fmt.Sprintf(`iafbot_interactions_total{command=%q,kind=%q,outcome=%q}`, k[0], k[1], k[2])
		has := strings.Contains(body, series+" ")
		switch {
		case v == 0 && has:
			t.Errorf("unexpected series %s", series)
		case v > 0 && !strings.Contains(body, fmt.Sprintf("%s %g\n", series, v)):
			t.Errorf("want %s %g in\n%s", series, v, grep(body, "iafbot_interactions_total"))
		}
	}
	if !strings.Contains(body, `iafbot_interaction_duration_seconds_count{command="ok",kind="command"} 2`) {
		t.Errorf("latency histogram missing:\n%s", grep(body, "duration_seconds_count"))
	}
}

func grep(body, substr string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestGaugesCountersAndZeroSeries(t *testing.T) {
	m := metrics.New()
	body := scrape(t, m)
	for _, s := range []string{
		`iafbot_recap_posts_total{result="sent"} 0`,
		`iafbot_recap_posts_total{result="failed"} 0`,
		`iafbot_interactions_refused_total{reason="signature"} 0`,
		`iafbot_interaction_followups_total{result="ok"} 0`,
		`iafbot_ready 0`,
		`go_goroutines `,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("fresh registry lacks %q", s)
		}
	}

	m.SetKnowledge(knowledge.Stats{Episodes: 3, Characters: 42, Sentences: 517, Terms: 9})
	m.SetReady(true)
	var rec metrics.Recorder = m
	rec.RecapSent()
	rec.RecapSent()
	rec.RecapFailed()
	m.Refused(metrics.RefusedTimestamp)
	m.Deferred("ask")
	m.Followup(nil)
	m.Followup(errors.New("404"))
	body = scrape(t, m)
	for _, s := range []string{
		"iafbot_knowledge_episodes 3\n",
		"iafbot_knowledge_characters 42\n",
		"iafbot_knowledge_sentences 517\n",
		"iafbot_ready 1\n",
		`iafbot_recap_posts_total{result="sent"} 2` + "\n",
		`iafbot_recap_posts_total{result="failed"} 1` + "\n",
		`iafbot_interactions_refused_total{reason="timestamp"} 1` + "\n",
		`iafbot_interactions_deferred_total{command="ask"} 1` + "\n",
		`iafbot_interaction_followups_total{result="ok"} 1` + "\n",
		`iafbot_interaction_followups_total{result="failed"} 1` + "\n",
	} {
		if !strings.Contains(body, s) {
			t.Errorf("metrics lack %q", s)
		}
	}
	mfs, err := m.Registry().Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, mf := range mfs {
		found = found || mf.GetName() == "iafbot_knowledge_episodes"
	}
	if !found {
		t.Error("Registry().Gather lacks iafbot_knowledge_episodes")
	}
}

// TestNilMetrics: optional wiring needs no nil checks.
func TestNilMetrics(t *testing.T) {
	var m *metrics.Metrics
	m.RecapSent()
	m.RecapFailed()
	m.SetKnowledge(knowledge.Stats{Episodes: 1})
	m.SetReady(true)
	m.Refused(metrics.RefusedMethod)
	m.Deferred("ask")
	m.Followup(nil)
	if m.Registry() != nil {
		t.Error("nil Metrics has a registry")
	}
	h := commands.HandlerFunc(func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
		return commands.Message("x"), nil
	})
	if got := m.Middleware()(h); got == nil {
		t.Error("nil middleware")
	}
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != 404 {
		t.Errorf("nil Metrics handler: %d", rec.Code)
	}
}

// TestRegistriesAreIndependent: two Metrics in one process (tests, or two
// servers) never clash in a global registry.
func TestRegistriesAreIndependent(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.RecapSent()
	if strings.Contains(scrape(t, b), `iafbot_recap_posts_total{result="sent"} 1`) {
		t.Error("registries share state")
	}
}
