package httpserver_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/metrics"
)

// Load benchmarks. Each is bounded: exactly b.N requests (use -benchtime
// 20000x), sent by benchWorkers goroutines over loopback keep-alive
// connections to the endpoint on a real listener (httptest with the
// production http.Server settings from NewHTTPServer), with the real
// knowledge base, the Logging middleware (JSON into io.Discard, as in
// production minus the disk) and the metrics middleware. They report
// throughput (req/s) and per-request latency percentiles (p50-ms, p99-ms):
//
//	go test -run '^$' -bench 'BenchmarkSignedAsk' -benchtime 20000x ./httpserver/
//
// Requests are signed before the clock starts: Discord signs them, not the
// bot. The load generator shares the machine's cores with the server, so
// client=raw writes pre-serialized HTTP/1.1 requests and parses responses
// with http.ReadResponse (like wrk would, little CPU); client=nethttp uses
// Go's http.Client for comparison.

const benchWorkers = 8

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

func askBody(k int) []byte {
	return interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", benchQuestions[k%len(benchQuestions)]))
}

// BenchmarkSignedAsk: signed /ask interactions through the whole endpoint.
func BenchmarkSignedAsk(b *testing.B) {
	b.Run("client=raw", func(b *testing.B) { loadTest(b, askBody, rawClient) })
	b.Run("client=nethttp", func(b *testing.B) { loadTest(b, askBody, netHTTPClient) })
}

// BenchmarkSignedPing: the same load with PINGs, i.e. the endpoint's own
// cost (HTTP, signature, JSON) without the knowledge engine.
func BenchmarkSignedPing(b *testing.B) {
	loadTest(b, func(int) []byte { return interactionJSON(discordgo.InteractionPing, "") }, rawClient)
}

// BenchmarkAskEngine is the router alone answering the same /ask
// interactions on one goroutine (no HTTP, no signature): the knowledge
// engine's share per request.
func BenchmarkAskEngine(b *testing.B) {
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	rt := commands.New(knowledgeBase(b), logger)
	is := make([]*discordgo.Interaction, len(benchQuestions))
	for k := range is {
		var i discordgo.Interaction
		if err := json.Unmarshal(askBody(k), &i); err != nil {
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

// signedRequest is one pre-signed interaction.
type signedRequest struct {
	body   []byte
	header http.Header
	raw    []byte // the whole HTTP/1.1 request
}

// worker sends requests and returns per-request latencies; it is created
// per goroutine.
type worker func(req *signedRequest) error

type clientKind func(b *testing.B, addr string) (newWorker func() (worker, func()))

// rawClient: one keep-alive connection per worker, pre-serialized requests.
func rawClient(b *testing.B, addr string) func() (worker, func()) {
	return func() (worker, func()) {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			b.Fatal(err)
		}
		br := bufio.NewReaderSize(conn, 16<<10)
		return func(req *signedRequest) error {
			if _, err := conn.Write(req.raw); err != nil {
				return err
			}
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				return err
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
			return err
		}, func() { conn.Close() }
	}
}

// netHTTPClient: Go's http.Client with enough idle connections.
func netHTTPClient(_ *testing.B, addr string) func() (worker, func()) {
	client := &http.Client{Transport: &http.Transport{
		MaxIdleConns: benchWorkers, MaxIdleConnsPerHost: benchWorkers, DisableCompression: true,
	}}
	url := "http://" + addr + "/interactions"
	return func() (worker, func()) {
		return func(req *signedRequest) error {
			r, _ := http.NewRequest("POST", url, bytes.NewReader(req.body))
			r.Header = req.header.Clone()
			resp, err := client.Do(r)
			if err != nil {
				return err
			}
			_, err = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if err == nil && resp.StatusCode != 200 {
				err = fmt.Errorf("status %d", resp.StatusCode)
			}
			return err
		}, client.CloseIdleConnections
	}
}

func loadTest(b *testing.B, makeBody func(k int) []byte, client clientKind) {
	pub, priv := keys(b)
	logger := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	m := metrics.New()
	rt := commands.New(knowledgeBase(b), logger)
	rt.Use(commands.Observe(m))
	s, err := httpserver.New(httpserver.Config{PublicKey: pub, Metrics: m, Logger: logger})
	if err != nil {
		b.Fatal(err)
	}
	s.Enable(rt, discardCompleter{})
	ts := httptest.NewUnstartedServer(nil)
	ts.Config = httpserver.NewHTTPServer(s.Handler(), logger)
	ts.Start()
	defer ts.Close()
	addr := ts.Listener.Addr().String()

	// Distinct signed interactions, reused round robin (the endpoint keeps
	// no replay state beyond the timestamp window).
	pool := make([]signedRequest, 256)
	now := time.Now()
	for k := range pool {
		body := makeBody(k)
		h := httpserver.Sign(priv, now, body)
		var raw bytes.Buffer
		fmt.Fprintf(&raw, "POST /interactions HTTP/1.1\r\nHost: %s\r\nUser-Agent: Discord-Interactions/1.0\r\n", addr)
		h.Write(&raw) //nolint:errcheck // bytes.Buffer
		fmt.Fprintf(&raw, "Content-Length: %d\r\n\r\n", len(body))
		raw.Write(body)
		pool[k] = signedRequest{body: body, header: h, raw: raw.Bytes()}
	}

	newWorker := client(b, addr)
	workers := make([]worker, benchWorkers)
	for w := range workers {
		var closeFn func()
		workers[w], closeFn = newWorker()
		defer closeFn()
		for k := 0; k < 4; k++ { // warm up connections and caches
			if err := workers[w](&pool[(w*4+k)%len(pool)]); err != nil {
				b.Fatal(err)
			}
		}
	}

	latencies := make([]time.Duration, b.N)
	var next, failed atomic.Int64
	var errOnce sync.Once
	var firstErr error
	var wg sync.WaitGroup
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPU()
	start := time.Now()
	for _, send := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= b.N {
					return
				}
				t0 := time.Now()
				err := send(&pool[k%len(pool)])
				latencies[k] = time.Since(t0)
				if err != nil {
					failed.Add(1)
					errOnce.Do(func() { firstErr = err })
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := processCPU() - cpu0
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d requests failed, first: %v", n, b.N, firstErr)
	}
	slices.Sort(latencies)
	pct := func(p float64) float64 {
		return float64(latencies[int(p*float64(len(latencies)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "req/s")
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	// CPU time of the whole process (server and load generator) per
	// request: unlike req/s it hardly depends on other load on the machine.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/req")
}

// processCPU is the user+system CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
