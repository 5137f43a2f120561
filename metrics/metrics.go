// Package metrics collects the bot's Prometheus metrics in a registry of its
// own (never the global one) and serves them in the text exposition format.
//
// One *Metrics is shared by everything in a process: the command router
// (ObserveInteraction, through commands.Observe: interactions by command,
// kind and outcome, handler latency),
// the HTTP interactions endpoint (refused requests, deferred responses and
// their follow-ups), the knowledge base (size gauges, SetKnowledge) and the
// daily recap (RecapSent, RecapFailed). Every method is safe for concurrent
// use and a nil *Metrics ignores all calls, so optional wiring needs no
// checks at the call sites.
//
// Series (all prefixed iafbot_):
//
//	interactions_total{command,kind,outcome}        counter
//	interaction_duration_seconds{command,kind}      histogram
//	interactions_refused_total{reason}              counter (HTTP mode)
//	interactions_deferred_total{command}            counter
//	interaction_followups_total{result}             counter (ok, failed)
//	knowledge_episodes, knowledge_characters,
//	knowledge_sentences                             gauges
//	recap_posts_total{result}                       counter (sent, failed)
//	ready                                           gauge (1 once serving)
//
// plus the Go runtime and process collectors.
//
// metrics imports no other package of the project: callers pass command
// names and counts in, so every layer may use it.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every metric name.
const Namespace = "iafbot"

// Refusal reasons of the HTTP interactions endpoint (label values of
// interactions_refused_total).
const (
	RefusedSignature = "signature" // missing, malformed or forged signature
	RefusedTimestamp = "timestamp" // missing, too old or in the future
	RefusedTooLarge  = "too_large" // body over the limit
	RefusedMethod    = "method"    // not POST
	RefusedMalformed = "malformed" // not an interaction (bad JSON, unknown type)
	RefusedNotReady  = "not_ready" // command before the knowledge base is built
	RefusedPanic     = "panic"     // recovered panic in the HTTP layer
	RefusedReplay    = "replay"    // an interaction ID already answered (replayed request)
	RefusedBusy      = "busy"      // too many requests in flight
)

// Recorder is what the daily recap reports: one call per channel post.
// *Metrics implements it; the recap side can depend on this interface (or
// declare the same two methods itself) and receive nil-safe *Metrics.
type Recorder interface {
	RecapSent()
	RecapFailed()
}

// Metrics holds the bot's collectors and their registry.
type Metrics struct {
	reg *prometheus.Registry

	interactions *prometheus.CounterVec
	latency      *prometheus.HistogramVec
	refused      *prometheus.CounterVec
	deferred     *prometheus.CounterVec
	followups    *prometheus.CounterVec
	episodes     prometheus.Gauge
	characters   prometheus.Gauge
	sentences    prometheus.Gauge
	recap        *prometheus.CounterVec
	ready        prometheus.Gauge
	reloads      *prometheus.CounterVec
}

var _ Recorder = (*Metrics)(nil)

// New returns Metrics registered in a fresh registry, with the Go runtime
// and process collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		interactions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "interactions_total",
			Help: "Interactions answered by the router, by command, kind (command, autocomplete) and outcome (answered, abstained, invalid, error).",
		}, []string{"command", "kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: Namespace, Name: "interaction_duration_seconds",
			Help:    "Time the router's handlers took per interaction, by command and kind.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2, 3, 5, 10, 30},
		}, []string{"command", "kind"}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "interactions_refused_total",
			Help: "HTTP interaction requests refused before routing, by reason.",
		}, []string{"reason"}),
		deferred: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "interactions_deferred_total",
			Help: "Commands answered with a deferred response (type 5) and finished by editing it.",
		}, []string{"command"}),
		followups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "interaction_followups_total",
			Help: "Edits of deferred responses through Discord's REST API, by result (ok, failed).",
		}, []string{"result"}),
		episodes: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "knowledge_episodes", Help: "Episodes in the knowledge base.",
		}),
		characters: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "knowledge_characters", Help: "Characters in the knowledge base.",
		}),
		sentences: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "knowledge_sentences", Help: "Sentences in the knowledge base.",
		}),
		recap: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "recap_posts_total",
			Help: "Daily recap posts to channels, by result (sent, failed).",
		}, []string{"result"}),
		ready: prometheus.NewGauge(prometheus.GaugeOpts{
			Namespace: Namespace, Name: "ready", Help: "1 once the knowledge base is built and interactions are served.",
		}),
		reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: Namespace, Name: "knowledge_reloads_total",
			Help: "Rebuilds of the knowledge base from SYNOPSES_DIR while running, by result (ok, failed).",
		}, []string{"result"}),
	}
	m.reg.MustRegister(
		m.interactions, m.latency, m.refused, m.deferred, m.followups,
		m.episodes, m.characters, m.sentences, m.recap, m.ready, m.reloads,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	// Make the fixed-label series visible at zero from the start, so rates
	// and alerts work before the first event.
	for _, r := range []string{"sent", "failed"} {
		m.recap.WithLabelValues(r)
	}
	for _, r := range []string{"ok", "failed"} {
		m.followups.WithLabelValues(r)
		m.reloads.WithLabelValues(r)
	}
	for _, r := range []string{RefusedSignature, RefusedTimestamp, RefusedTooLarge, RefusedMethod, RefusedMalformed, RefusedNotReady, RefusedPanic, RefusedReplay, RefusedBusy} {
		m.refused.WithLabelValues(r)
	}
	return m
}

// Registry is the registry holding the metrics, e.g. to add collectors.
func (m *Metrics) Registry() *prometheus.Registry {
	if m == nil {
		return nil
	}
	return m.reg
}

// Handler serves the metrics in Prometheus' text format (GET /metrics).
func (m *Metrics) Handler() http.Handler {
	if m == nil {
		return http.NotFoundHandler()
	}
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{
		ErrorHandling:       promhttp.ContinueOnError,
		MaxRequestsInFlight: 4,
		Timeout:             5 * time.Second,
	})
}

// ObserveInteraction counts one interaction the router answered and its
// handler latency; commands.Observe(m) calls it. command should be a known
// command name or "unknown", so the label set stays bounded.
func (m *Metrics) ObserveInteraction(command, kind, outcome string, took time.Duration) {
	if m == nil {
		return
	}
	m.interactions.WithLabelValues(command, kind, outcome).Inc()
	m.latency.WithLabelValues(command, kind).Observe(took.Seconds())
}

// SetKnowledge sets the knowledge base size gauges. It takes plain counts
// so that metrics stays a leaf package.
func (m *Metrics) SetKnowledge(episodes, characters, sentences int) {
	if m == nil {
		return
	}
	m.episodes.Set(float64(episodes))
	m.characters.Set(float64(characters))
	m.sentences.Set(float64(sentences))
}

// SetReady sets the ready gauge.
func (m *Metrics) SetReady(ready bool) {
	if m == nil {
		return
	}
	if ready {
		m.ready.Set(1)
	} else {
		m.ready.Set(0)
	}
}

// Refused counts an HTTP interaction request refused for reason (one of
// the Refused* constants).
func (m *Metrics) Refused(reason string) {
	if m == nil {
		return
	}
	m.refused.WithLabelValues(reason).Inc()
}

// Deferred counts a command answered with a deferred response. command
// should be a known command name or "unknown".
func (m *Metrics) Deferred(command string) {
	if m == nil {
		return
	}
	m.deferred.WithLabelValues(command).Inc()
}

// Followup counts an edit of a deferred response; err nil is "ok".
func (m *Metrics) Followup(err error) {
	if m == nil {
		return
	}
	if err != nil {
		m.followups.WithLabelValues("failed").Inc()
		return
	}
	m.followups.WithLabelValues("ok").Inc()
}

// RecapSent counts a recap post that reached its channel.
func (m *Metrics) RecapSent() {
	if m == nil {
		return
	}
	m.recap.WithLabelValues("sent").Inc()
}

// RecapFailed counts a recap post that could not be delivered.
func (m *Metrics) RecapFailed() {
	if m == nil {
		return
	}
	m.recap.WithLabelValues("failed").Inc()
}

// KnowledgeReloaded counts a rebuild of the knowledge base while running;
// a failed one kept the old base.
func (m *Metrics) KnowledgeReloaded(ok bool) {
	if m == nil {
		return
	}
	result := "ok"
	if !ok {
		result = "failed"
	}
	m.reloads.WithLabelValues(result).Inc()
}
