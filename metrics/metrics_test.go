package metrics_test

import (
	"errors"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"iafbot/metrics"
)

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

// TestObserveInteraction: one call is one count and one latency sample.
func TestObserveInteraction(t *testing.T) {
	m := metrics.New()
	m.ObserveInteraction("ask", "command", "answered", time.Millisecond)
	m.ObserveInteraction("ask", "command", "answered", time.Millisecond)
	m.ObserveInteraction("unknown", "command", "invalid", 0)
	body := scrape(t, m)
	for _, want := range []string{
		`iafbot_interactions_total{command="ask",kind="command",outcome="answered"} 2`,
		`iafbot_interactions_total{command="unknown",kind="command",outcome="invalid"} 1`,
		`iafbot_interaction_duration_seconds_count{command="ask",kind="command"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, grep(body, "iafbot_interaction"))
		}
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

	m.SetKnowledge(3, 42, 517)
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
	m.SetKnowledge(1, 0, 0)
	m.ObserveInteraction("ask", "command", "answered", time.Second)
	m.SetReady(true)
	m.Refused(metrics.RefusedMethod)
	m.Deferred("ask")
	m.Followup(nil)
	if m.Registry() != nil {
		t.Error("nil Metrics has a registry")
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
