package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"iafbot/commands"
)

// call is one request the fake API received.
type call struct {
	kind string // respond, edit, delete, followup
	resp *discordgo.InteractionResponse
	edit *discordgo.WebhookEdit
	fup  *discordgo.WebhookParams
	at   time.Time
}

// fakeAPI records calls and fails the first ones as told.
type fakeAPI struct {
	mu    sync.Mutex
	calls []call
	fail  map[string][]error // kind -> errors to return first, in order
	got   chan call
}

func newFakeAPI() *fakeAPI { return &fakeAPI{fail: map[string][]error{}, got: make(chan call, 100)} }

func (f *fakeAPI) record(c call) error {
	c.at = time.Now()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, c)
	f.got <- c
	if errs := f.fail[c.kind]; len(errs) > 0 {
		f.fail[c.kind] = errs[1:]
		return errs[0]
	}
	return nil
}

func (f *fakeAPI) InteractionRespond(_ *discordgo.Interaction, resp *discordgo.InteractionResponse, _ ...discordgo.RequestOption) error {
	return f.record(call{kind: "respond", resp: resp})
}

func (f *fakeAPI) InteractionResponseEdit(_ *discordgo.Interaction, e *discordgo.WebhookEdit, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, f.record(call{kind: "edit", edit: e})
}

func (f *fakeAPI) InteractionResponseDelete(*discordgo.Interaction, ...discordgo.RequestOption) error {
	return f.record(call{kind: "delete"})
}

func (f *fakeAPI) FollowupMessageCreate(_ *discordgo.Interaction, _ bool, p *discordgo.WebhookParams, _ ...discordgo.RequestOption) (*discordgo.Message, error) {
	return &discordgo.Message{}, f.record(call{kind: "followup", fup: p})
}

func (f *fakeAPI) kinds() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var k []string
	for _, c := range f.calls {
		k = append(k, c.kind)
	}
	return strings.Join(k, ",")
}

func (f *fakeAPI) all() []call {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]call(nil), f.calls...)
}

func restErr(status, code int) error {
	return &discordgo.RESTError{
		Response:     &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))},
		ResponseBody: []byte(fmt.Sprintf(`{"message":"x","code":%d}`, code)),
		Message:      &discordgo.APIErrorMessage{Code: code, Message: "x"},
	}
}

// testRouter has "fast", "sleepy" (sleeps the duration in option "ms"),
// "slow" (marked Slow+Ephemeral), "oops" (sleeps then returns an error).
func testRouter(gate chan struct{}) *commands.Router {
	rt := commands.NewRouter(nil)
	sleep := func(ctx context.Context, r *commands.Request) {
		if n, ok := r.Int("ms"); ok {
			select {
			case <-time.After(time.Duration(n) * time.Millisecond):
			case <-ctx.Done():
			}
		}
		if gate != nil && r.Command == "gated" {
			<-gate
		}
	}
	add := func(name string, slow, eph bool, h commands.HandlerFunc) {
		rt.Add(commands.Command{Definition: &discordgo.ApplicationCommand{Name: name, Description: name}, Handler: h, Slow: slow, Ephemeral: eph})
	}
	answer := func(ctx context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
		sleep(ctx, r)
		return commands.Embeds(&discordgo.MessageEmbed{Title: r.Command}), nil
	}
	add("fast", false, false, answer)
	add("sleepy", false, false, answer)
	add("gated", false, false, answer)
	add("slow", true, true, func(ctx context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
		sleep(ctx, r)
		return commands.EphemeralMessage("privat"), nil
	})
	add("oops", false, false, func(ctx context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
		sleep(ctx, r)
		return nil, commands.NewUserError("Nur für dich.")
	})
	add("forever", false, false, func(ctx context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	return rt
}

func newTestBot(t *testing.T, cfg Config) (*Bot, *fakeAPI, *bytes.Buffer) {
	t.Helper()
	var logs bytes.Buffer
	if cfg.Token == "" {
		cfg.Token = "token"
	}
	if cfg.Router == nil {
		cfg.Router = testRouter(nil)
	}
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = 100 * time.Millisecond
	}
	if cfg.RetryBackoff == 0 {
		cfg.RetryBackoff = 10 * time.Millisecond
	}
	cfg.Logger = slog.New(slog.NewTextHandler(&syncWriter{w: &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	b, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := newFakeAPI()
	b.api = f
	return b, f, &logs
}

type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func interaction(name string, ms int) *discordgo.Interaction {
	var opts []*discordgo.ApplicationCommandInteractionDataOption
	if ms > 0 {
		opts = append(opts, &discordgo.ApplicationCommandInteractionDataOption{Name: "ms", Type: discordgo.ApplicationCommandOptionInteger, Value: float64(ms)})
	}
	return &discordgo.Interaction{ID: "1", AppID: "2", Token: "tok", Type: discordgo.InteractionApplicationCommand,
		Data: discordgo.ApplicationCommandInteractionData{Name: name, Options: opts}}
}

func TestFastHandlerAnswersDirectly(t *testing.T) {
	b, f, _ := newTestBot(t, Config{})
	b.handleInteraction(interaction("fast", 0))
	if got := f.kinds(); got != "respond" {
		t.Fatalf("calls %s", got)
	}
	r := f.all()[0].resp
	if r.Type != discordgo.InteractionResponseChannelMessageWithSource || r.Data.Embeds[0].Title != "fast" {
		t.Errorf("resp %+v", r)
	}
}

func TestSlowHandlerIsDeferredThenEdited(t *testing.T) {
	b, f, _ := newTestBot(t, Config{DeferAfter: 50 * time.Millisecond})
	start := time.Now()
	b.handleInteraction(interaction("sleepy", 300))
	if got := f.kinds(); got != "respond,edit" {
		t.Fatalf("calls %s", got)
	}
	calls := f.all()
	if calls[0].resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || calls[0].resp.Data != nil {
		t.Errorf("deferral %+v", calls[0].resp)
	}
	if d := calls[0].at.Sub(start); d < 40*time.Millisecond || d > 250*time.Millisecond {
		t.Errorf("deferred after %v, want about 50ms", d)
	}
	e := calls[1].edit
	if e.Embeds == nil || len(*e.Embeds) != 1 || (*e.Embeds)[0].Title != "sleepy" || e.Content == nil || *e.Content != "" {
		t.Errorf("edit %+v", e)
	}
}

func TestSlowCommandDefersAtOnceEphemerally(t *testing.T) {
	b, f, _ := newTestBot(t, Config{DeferAfter: time.Hour})
	b.handleInteraction(interaction("slow", 20))
	if got := f.kinds(); got != "respond,edit" {
		t.Fatalf("calls %s", got)
	}
	d := f.all()[0].resp
	if d.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || d.Data == nil || d.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("deferral %+v", d)
	}
	if c := *f.all()[1].edit.Content; c != "privat" {
		t.Errorf("edit content %q", c)
	}
}

func TestLateEphemeralErrorBecomesFollowup(t *testing.T) {
	b, f, _ := newTestBot(t, Config{DeferAfter: 20 * time.Millisecond})
	b.handleInteraction(interaction("oops", 100))
	if got := f.kinds(); got != "respond,delete,followup" {
		t.Fatalf("calls %s", got)
	}
	p := f.all()[2].fup
	if p.Content != "Nur für dich." || p.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("followup %+v", p)
	}
}

func TestHandlerTimeout(t *testing.T) {
	b, f, logs := newTestBot(t, Config{DeferAfter: 10 * time.Millisecond, HandlerTimeout: 100 * time.Millisecond})
	b.handleInteraction(interaction("forever", 0))
	// The timeout message is ephemeral, the deferral was public.
	if got := f.kinds(); got != "respond,delete,followup" {
		t.Fatalf("calls %s", got)
	}
	if c := f.all()[2].fup.Content; c != commands.MsgTimeout {
		t.Errorf("content %q", c)
	}
	if !strings.Contains(logs.String(), "timed out") {
		t.Error("timeout not logged")
	}
}

func TestCallbackRetries(t *testing.T) {
	tests := []struct {
		name    string
		errs    []error
		calls   int
		answers bool
	}{
		{"500 once", []error{restErr(500, 0)}, 2, true},
		{"502 twice", []error{restErr(502, 0), restErr(502, 0)}, 3, true},
		{"network error", []error{&url.Error{Op: "Post", URL: "x", Err: errors.New("connection reset by peer")}}, 2, true},
		{"500 then already acknowledged", []error{restErr(500, 0), restErr(400, discordgo.ErrCodeInteractionHasAlreadyBeenAcknowledged)}, 2, true},
		{"400 is final", []error{restErr(400, 50035)}, 1, false},
		{"404 is final", []error{restErr(404, 10062)}, 1, false},
		{"always 500", []error{restErr(500, 0), restErr(500, 0), restErr(500, 0), restErr(500, 0), restErr(500, 0)}, maxAttempts, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, f, logs := newTestBot(t, Config{})
			f.fail["respond"] = tt.errs
			b.handleInteraction(interaction("fast", 0))
			if n := len(f.all()); n != tt.calls {
				t.Errorf("%d calls, want %d", n, tt.calls)
			}
			if failed := strings.Contains(logs.String(), "could not answer"); failed == tt.answers {
				t.Errorf("answered=%v, logs:\n%s", !failed, logs)
			}
		})
	}
}

func TestRetryStopsAtCallbackDeadline(t *testing.T) {
	b, f, _ := newTestBot(t, Config{RetryBackoff: 200 * time.Millisecond})
	b.callbackWindow = 300 * time.Millisecond // Discord's 3 s, scaled down
	f.fail["respond"] = []error{restErr(500, 0), restErr(500, 0)}
	start := time.Now()
	b.handleInteraction(interaction("fast", 0))
	// 200 ms, then 400 ms more would pass the window: two attempts only.
	if n := len(f.all()); n != 2 {
		t.Errorf("%d calls", n)
	}
	if d := time.Since(start); d > 280*time.Millisecond {
		t.Errorf("took %v", d)
	}
}

func TestEditRetries(t *testing.T) {
	b, f, _ := newTestBot(t, Config{DeferAfter: 10 * time.Millisecond})
	f.fail["edit"] = []error{restErr(503, 0)}
	b.handleInteraction(interaction("sleepy", 60))
	if got := f.kinds(); got != "respond,edit,edit" {
		t.Errorf("calls %s", got)
	}
}

func TestAutocompleteIsNeverDeferred(t *testing.T) {
	rt := commands.NewRouter(nil)
	rt.Add(commands.Command{
		Definition: &discordgo.ApplicationCommand{Name: "x"},
		Handler:    commands.HandlerFunc(func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) { return nil, nil }),
		Autocomplete: commands.HandlerFunc(func(context.Context, *commands.Request) (*discordgo.InteractionResponse, error) {
			time.Sleep(80 * time.Millisecond)
			return commands.Choices([]*discordgo.ApplicationCommandOptionChoice{{Name: "a", Value: "a"}}), nil
		}),
	})
	b, f, _ := newTestBot(t, Config{Router: rt, DeferAfter: 10 * time.Millisecond})
	i := interaction("x", 0)
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	b.handleInteraction(i)
	if got := f.kinds(); got != "respond" || f.all()[0].resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
		t.Errorf("calls %s", got)
	}
}

func TestStopWaitsForInflightAndRefusesNew(t *testing.T) {
	gate := make(chan struct{})
	b, f, _ := newTestBot(t, Config{Router: testRouter(gate), DeferAfter: time.Hour})
	done := make(chan struct{})
	go func() { b.handleInteraction(interaction("gated", 0)); close(done) }()
	time.Sleep(50 * time.Millisecond) // let it start

	stopped := make(chan error, 1)
	go func() { stopped <- b.Stop(context.Background()) }()
	time.Sleep(50 * time.Millisecond)
	select {
	case <-stopped:
		t.Fatal("Stop returned while an interaction was in flight")
	default:
	}
	// New interactions are turned away politely.
	b.handleInteraction(interaction("fast", 0))
	c := <-f.got
	if c.resp.Data == nil || c.resp.Data.Content != commands.MsgShuttingDown || c.resp.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Errorf("during shutdown: %+v", c.resp)
	}
	close(gate)
	<-done
	if err := <-stopped; err != nil {
		t.Errorf("Stop: %v", err)
	}
	if got := f.kinds(); got != "respond,respond" {
		t.Errorf("calls %s", got)
	}
	if err := b.Stop(context.Background()); err != nil {
		t.Errorf("second Stop: %v", err)
	}
}

func TestStopTimeout(t *testing.T) {
	gate := make(chan struct{})
	defer close(gate)
	b, _, _ := newTestBot(t, Config{Router: testRouter(gate), DeferAfter: time.Hour})
	go b.handleInteraction(interaction("gated", 0))
	time.Sleep(30 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := b.Stop(ctx); err == nil || !strings.Contains(err.Error(), "still running") {
		t.Errorf("Stop = %v", err)
	}
}

func TestNewValidates(t *testing.T) {
	rt := testRouter(nil)
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"no token", Config{Router: rt}, "no token"},
		{"only prefix", Config{Token: "Bot ", Router: rt}, "no token"},
		{"space in token", Config{Token: "a b", Router: rt}, "white space"},
		{"no router", Config{Token: "t"}, "no router"},
		{"bad guild", Config{Token: "t", Router: rt, GuildID: "abc"}, "snowflake"},
		{"shard too big", Config{Token: "t", Router: rt, ShardID: 2, ShardCount: 2}, "shard 2 of 2"},
		{"negative shard", Config{Token: "t", Router: rt, ShardID: -1}, "shard -1 of 1"},
		{"ok", Config{Token: "Bot abc", Router: rt, GuildID: "123456789012345678", ShardID: 1, ShardCount: 4}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := New(tt.cfg)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				s := b.session
				if s.Token != "Bot abc" || s.Identify.Intents != discordgo.IntentsGuilds || s.ShardID != 1 || s.ShardCount != 4 {
					t.Errorf("session token=%q intents=%d shard=%d/%d", s.Token, s.Identify.Intents, s.ShardID, s.ShardCount)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestErrorMapping(t *testing.T) {
	if err := restError("checking the token", restErr(401, 0)); !errors.Is(err, ErrBadToken) {
		t.Errorf("401: %v", err)
	}
	if err := gatewayError(&websocket.CloseError{Code: 4004, Text: "Authentication failed."}); !errors.Is(err, ErrBadToken) {
		t.Errorf("4004: %v", err)
	}
	if err := gatewayError(&websocket.CloseError{Code: 4014}); !strings.Contains(err.Error(), "intents") {
		t.Errorf("4014: %v", err)
	}
	err := restError("registering commands", restErr(400, 50035))
	if !strings.Contains(err.Error(), "400 Bad Request: x") || strings.Contains(err.Error(), "\n") {
		t.Errorf("400: %v", err)
	}
}

func TestDialerFollowsClient(t *testing.T) {
	proxyURL, _ := url.Parse("http://proxy.example:3128")
	tr := &http.Transport{Proxy: http.ProxyURL(proxyURL)}
	d := dialerFor(&http.Client{Transport: tr})
	req, _ := http.NewRequest("GET", "https://gateway.discord.gg/", nil)
	if u, _ := d.Proxy(req); u == nil || u.Host != "proxy.example:3128" {
		t.Errorf("proxy %v", u)
	}
	// Default client: Go's defaults, proxy from the environment.
	b, err := New(Config{Token: "t", Router: testRouter(nil)})
	if err != nil {
		t.Fatal(err)
	}
	rl, ok := b.session.Client.Transport.(*rateLimiter)
	if !ok {
		t.Fatalf("REST calls bypass the rate limiter: %T", b.session.Client.Transport)
	}
	tr2, ok := rl.base.(*http.Transport)
	if !ok || tr2.Proxy == nil || b.session.Dialer.Proxy == nil {
		t.Errorf("default client/dialer must honour HTTPS_PROXY")
	}
}
