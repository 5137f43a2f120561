package httpserver_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/internal/discordtest"
	"iafbot/knowledge"
	"iafbot/metrics"
)

var (
	kbOnce sync.Once
	kb     *knowledge.Base
	kbErr  error

	keyOnce sync.Once
	pubKey  ed25519.PublicKey
	privKey ed25519.PrivateKey
)

func knowledgeBase(tb testing.TB) *knowledge.Base {
	tb.Helper()
	kbOnce.Do(func() { kb, kbErr = knowledge.Default() })
	if kbErr != nil {
		tb.Fatalf("knowledge.Default: %v", kbErr)
	}
	return kb
}

// componentKey signs custom IDs in every router of these tests, as the
// token does for all replicas of one application.
var componentKey = []byte("test component key")

// keys is the application's key pair, generated once per test binary.
func keys(tb testing.TB) (ed25519.PublicKey, ed25519.PrivateKey) {
	tb.Helper()
	keyOnce.Do(func() {
		var err error
		pubKey, privKey, err = ed25519.GenerateKey(nil)
		if err != nil {
			panic(err)
		}
	})
	return pubKey, privKey
}

// lockedBuffer collects logs, printed when a test fails.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func testLogger(tb testing.TB) *slog.Logger {
	buf := &lockedBuffer{}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("logs:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// edit is one EditOriginal call seen by fakeCompleter.
type edit struct {
	i         *discordgo.Interaction
	resp      *discordgo.InteractionResponse
	ephemeral bool
}

// fakeCompleter records EditOriginal calls.
type fakeCompleter struct {
	edits chan edit
	err   error
}

func newFakeCompleter() *fakeCompleter { return &fakeCompleter{edits: make(chan edit, 16)} }

func (f *fakeCompleter) EditOriginal(_ context.Context, i *discordgo.Interaction, resp *discordgo.InteractionResponse, ephemeral bool) error {
	f.edits <- edit{i, resp, ephemeral}
	return f.err
}

func (f *fakeCompleter) next(t *testing.T) edit {
	t.Helper()
	select {
	case e := <-f.edits:
		return e
	case <-time.After(10 * time.Second):
		t.Fatal("no EditOriginal call")
		return edit{}
	}
}

// env is a Server on an httptest listener with the real commands.
type env struct {
	t   *testing.T
	srv *httpserver.Server
	ts  *httptest.Server
	rt  *commands.Router
	m   *metrics.Metrics
	c   *fakeCompleter
}

type envOption func(*httpserver.Config, *commands.Router)

// newEnv starts a Server whose router has the bot's commands (and the
// metrics middleware), enabled with a fake completer unless disabled.
func newEnv(t *testing.T, enable bool, opts ...envOption) *env {
	t.Helper()
	logger := testLogger(t)
	return newEnvRouter(t, enable, commands.New(knowledgeBase(t), logger), logger, opts...)
}

// newEnvRouter is newEnv with the given router.
func newEnvRouter(t *testing.T, enable bool, rt *commands.Router, logger *slog.Logger, opts ...envOption) *env {
	t.Helper()
	pub, _ := keys(t)
	m := metrics.New()
	rt.Use(commands.Observe(m))
	rt.SetComponentKey(componentKey) //nolint:errcheck // not empty
	cfg := httpserver.Config{PublicKey: pub, Metrics: m, Logger: logger}
	for _, o := range opts {
		o(&cfg, rt)
	}
	s, err := httpserver.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: s, rt: rt, m: m, c: newFakeCompleter()}
	if enable {
		s.Enable(rt, e.c)
	}
	e.ts = httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		e.ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx, nil); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	})
	return e
}

// result is a decoded HTTP answer.
type result struct {
	status int
	header http.Header
	body   []byte
}

func (r result) response(t *testing.T) *discordgo.InteractionResponse {
	t.Helper()
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	resp, err := discordtest.DecodeResponse(r.body)
	if err != nil {
		t.Fatalf("response %s: %v", r.body, err)
	}
	return resp
}

func (r result) errorText(t *testing.T) string {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("error content type %q", ct)
	}
	var b struct {
		Error string `json:"error"`
	}
	if err := json.Unmarshal(r.body, &b); err != nil || b.Error == "" {
		t.Errorf("error body %q (%v)", r.body, err)
	}
	return b.Error
}

// do sends a request to the env's server.
func (e *env) do(method, path string, body io.Reader, h http.Header) result {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := e.ts.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

// post sends body signed now with the application's key.
func (e *env) post(body []byte) result {
	e.t.Helper()
	_, priv := keys(e.t)
	return e.do("POST", "/interactions", bytes.NewReader(body), httpserver.Sign(priv, time.Now(), body))
}

func (e *env) metrics() string {
	e.t.Helper()
	r := e.do("GET", "/metrics", nil, nil)
	if r.status != 200 {
		e.t.Fatalf("GET /metrics: %d %s", r.status, r.body)
	}
	return string(r.body)
}

var seq atomic.Int64

// nextID returns a fresh snowflake-like ID.
func nextID() string { return strconv.FormatInt(900000000000000000+seq.Add(1), 10) }

// interactionJSON is a payload as Discord sends it to the endpoint.
func interactionJSON(typ discordgo.InteractionType, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) []byte {
	p := map[string]any{
		"id":              nextID(),
		"application_id":  "100000000000000001",
		"type":            typ,
		"token":           "aW50ZXJhY3Rpb24" + nextID(),
		"version":         1,
		"guild_id":        "200000000000000002",
		"channel_id":      "300000000000000003",
		"app_permissions": "2147483648",
		"locale":          "de",
		"member": map[string]any{
			"user":        map[string]any{"id": "400000000000000004", "username": "tester"},
			"roles":       []string{},
			"permissions": "2048",
			"joined_at":   "2024-01-01T00:00:00Z",
		},
	}
	if typ != discordgo.InteractionPing {
		d := map[string]any{"id": "500000000000000005", "name": name, "type": 1}
		if opts != nil {
			d["options"] = opts
		}
		p["data"] = d
	}
	b, err := json.Marshal(p)
	if err != nil {
		panic(err)
	}
	return b
}

func str(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

func focused(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	o := str(name, value)
	o.Focused = true
	return o
}

func embed(t *testing.T, resp *discordgo.InteractionResponse) *discordgo.MessageEmbed {
	t.Helper()
	if resp.Data == nil || len(resp.Data.Embeds) != 1 {
		t.Fatalf("want one embed, got %+v", resp.Data)
	}
	return resp.Data.Embeds[0]
}

func fieldValue(e *discordgo.MessageEmbed, name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func ephemeral(resp *discordgo.InteractionResponse) bool {
	return resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}
