package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/metrics"
)

// benchQuestions mixes answerable and unanswerable /ask questions.
var benchQuestions = []string{
	"Wie heißt die Tochter von Herrn Scholze?",
	"Wohin will Lukas ziehen?",
	"Wer ist Katrin?",
	"Wer ist der Bürgermeister von Leipzig?",
	"Was passiert in Wege des Lebens?",
	"Warum ist Maja im Krankenhaus?",
	"Wer operiert Herrn Scholze?",
	"Wie alt ist Dr. Heilmann?",
}

// BenchmarkSignedAsk is a bounded load test: b.N signed /ask interactions,
// sent by benchWorkers goroutines over loopback (keep-alive connections) to
// the endpoint on a real listener with the production http.Server settings,
// the real knowledge base, the commands' Logging middleware (JSON to
// io.Discard, as in production minus the disk) and the metrics middleware.
// It reports throughput and per-request latency percentiles:
//
//	go test -run '^$' -bench BenchmarkSignedAsk -benchtime 20000x ./httpserver/
//
// The requests are signed before the clock starts (Discord signs them, not
// the bot), so the figures are the endpoint's: read, verify, decode, route,
// encode, write. Client and server share the machine's cores.
func BenchmarkSignedAsk(b *testing.B) {
	loadTest(b, func(k int) []byte {
		return interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", benchQuestions[k%len(benchQuestions)]))
	})
}

// BenchmarkSignedPing is the same load with PINGs: the endpoint's own cost
// (HTTP, signature, JSON) without the knowledge engine, for comparison.
func BenchmarkSignedPing(b *testing.B) {
	loadTest(b, func(int) []byte { return interactionJSON(discordgo.InteractionPing, "") })
}

// BenchmarkAskEngine is the router alone answering the same /ask
// interactions (no HTTP, no signature): the knowledge engine's share.
func BenchmarkAskEngine(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rt := commands.New(knowledgeBase(b), logger)
	is := make([]*discordgo.Interaction, len(benchQuestions))
	for k := range is {
		var i discordgo.Interaction
		body := interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", benchQuestions[k]))
		if err := json.Unmarshal(body, &i); err != nil {
			b.Fatal(err)
		}
		is[k] = &i
	}
	b.ReportAllocs()
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		rt.Route(context.Background(), is[k%len(is)])
	}
}

func loadTest(b *testing.B, makeBody func(k int) []byte) {
	const benchWorkers = 8
	pub, priv := keys(b)
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	m := metrics.New()
	rt := commands.New(knowledgeBase(b), logger)
	rt.Use(m.Middleware())
	s, err := httpserver.New(httpserver.Config{PublicKey: pub, Metrics: m, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	s.Enable(rt, discardCompleter{})
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = httpserver.NewHTTPServer(s.Handler(), logger)
	ts.Start()
	defer ts.Close()
	url := ts.URL + "/interactions"

	// A pool of distinct signed interactions, reused round robin (the
	// endpoint keeps no replay state beyond the timestamp window).
	type signed struct {
		body   []byte
		header http.Header
	}
	pool := make([]signed, 256)
	now := time.Now()
	for k := range pool {
		body := makeBody(k)
		pool[k] = signed{body, httpserver.Sign(priv, now, body)}
	}
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: benchWorkers, MaxIdleConnsPerHost: benchWorkers, DisableCompression: true,
	}}
	defer client.CloseIdleConnections()

	// Warm up connections and caches outside the measurement.
	for k := 0; k < 2*benchWorkers; k++ {
		p := pool[k%len(pool)]
		req, _ := http.NewRequest("POST", url, bytes.NewReader(p.body))
		req.Header = p.header
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // warm-up
		resp.Body.Close()
	}

	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	for w := 0; w < benchWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= b.N {
					return
				}
				p := pool[k%len(pool)]
				req, _ := http.NewRequest("POST", url, bytes.NewReader(p.body))
				req.Header = p.header
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				latencies[k] = time.Since(t0)
				if err != nil || resp.StatusCode != 200 {
					failed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed", n, b.N)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		i := int(p * float64(len(latencies)-1))
		return float64(latencies[i].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
}
