package httpserver_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/httpserver"
)

func TestParsePublicKey(t *testing.T) {
	pub, _ := keys(t)
	hexKey := strings.ToUpper(hexString(pub))
	if k, err := httpserver.ParsePublicKey("  " + hexKey + "\n"); err != nil || !bytes.Equal(k, pub) {
		t.Errorf("ParsePublicKey(upper, spaces) = %x, %v", k, err)
	}
	for _, bad := range []string{"", "   ", "xyz", hexKey[:62], hexKey + "00", "zz" + hexKey[2:]} {
		if _, err := httpserver.ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
	if _, err := httpserver.New(httpserver.Config{}); err == nil {
		t.Error("New without key")
	}
}

func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestPing(t *testing.T) {
	e := newEnv(t, true)
	r := e.post(interactionJSON(discordgo.InteractionPing, ""))
	if r.status != 200 || strings.TrimSpace(string(r.body)) != `{"type":1}` || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("PING: %d %q %v", r.status, r.body, r.header)
	}
}

func TestRefusals(t *testing.T) {
	e := newEnv(t, true)
	pub, priv := keys(t)
	_, otherKey, _ := ed25519.GenerateKey(nil)
	ping := interactionJSON(discordgo.InteractionPing, "")
	signed := func(ts time.Time, body []byte) http.Header { return httpserver.Sign(priv, ts, body) }
	now := time.Now()
	with := func(h http.Header, k, v string) http.Header {
		h = h.Clone()
		if v == "" {
			h.Del(k)
		} else {
			h.Set(k, v)
		}
		return h
	}
	good := signed(now, ping)
	flipped := []byte(good.Get(httpserver.HeaderSignature))
	if flipped[0] == 'a' {
		flipped[0] = 'b'
	} else {
		flipped[0] = 'a'
	}
	big := bytes.Repeat([]byte(" "), httpserver.DefaultMaxBodyBytes+1)
	copy(big, ping)

	tests := []struct {
		name   string
		method string
		body   []byte
		header http.Header
		status int
		want   string // error text substring
	}{
		{"unsigned", "POST", ping, http.Header{"Content-Type": {"application/json"}}, 401, "missing signature"},
		{"forged with another key", "POST", ping, httpserver.Sign(otherKey, now, ping), 401, "invalid request signature"},
		{"signature of other body", "POST", []byte(`{"type":1,"id":"1"}`), good, 401, "invalid request signature"},
		{"flipped signature", "POST", ping, with(good, httpserver.HeaderSignature, string(flipped)), 401, "invalid request signature"},
		{"bad hex", "POST", ping, with(good, httpserver.HeaderSignature, strings.Repeat("zz", 64)), 401, "malformed signature"},
		{"short signature", "POST", ping, with(good, httpserver.HeaderSignature, good.Get(httpserver.HeaderSignature)[:100]), 401, "malformed signature"},
		{"missing timestamp", "POST", ping, with(good, httpserver.HeaderTimestamp, ""), 401, "missing signature timestamp"},
		{"timestamp not a number", "POST", ping, with(good, httpserver.HeaderTimestamp, "gestern"), 401, "malformed signature timestamp"},
		{"timestamp swapped after signing", "POST", ping, with(good, httpserver.HeaderTimestamp, strconv.FormatInt(now.Unix()-1, 10)), 401, "invalid request signature"},
		{"old timestamp (replay)", "POST", ping, signed(now.Add(-httpserver.MaxTimestampAge-10*time.Second), ping), 401, "too old"},
		{"future timestamp", "POST", ping, signed(now.Add(httpserver.MaxTimestampSkew+10*time.Second), ping), 401, "in the future"},
		{"body over 1 MiB", "POST", big, signed(now, big), 413, "body larger than"},
		{"GET", "GET", nil, nil, 405, "method not allowed"},
		{"PUT signed", "PUT", ping, good, 405, "method not allowed"},
		{"malformed JSON", "POST", []byte(`{"type":1`), signed(now, []byte(`{"type":1`)), 400, "malformed interaction JSON"},
		{"JSON array", "POST", []byte(`[1]`), signed(now, []byte(`[1]`)), 400, "malformed"},
		{"trailing garbage", "POST", []byte(`{"type":1} x`), signed(now, []byte(`{"type":1} x`)), 400, "malformed"},
		{"command without data", "POST", []byte(`{"type":2,"id":"1"}`), signed(now, []byte(`{"type":2,"id":"1"}`)), 400, "malformed"},
		{"unknown type", "POST", []byte(`{"type":42}`), signed(now, []byte(`{"type":42}`)), 400, "unknown interaction type"},
		{"type 0", "POST", []byte(`{}`), signed(now, []byte(`{}`)), 400, "unknown interaction type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != nil {
				body = bytes.NewReader(tt.body)
			}
			r := e.do(tt.method, "/interactions", body, tt.header)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.body)
			}
			if msg := r.errorText(t); !strings.Contains(msg, tt.want) {
				t.Errorf("error %q lacks %q", msg, tt.want)
			}
			if tt.status == 405 && r.header.Get("Allow") != "POST" {
				t.Errorf("Allow %q", r.header.Get("Allow"))
			}
		})
	}

	t.Run("slightly in the future is fine", func(t *testing.T) {
		r := e.do("POST", "/interactions", bytes.NewReader(ping), signed(now.Add(10*time.Second), ping))
		if r.status != 200 {
			t.Errorf("status %d %s", r.status, r.body)
		}
	})
	t.Run("exactly the limit is fine", func(t *testing.T) {
		body := bytes.Repeat([]byte(" "), httpserver.DefaultMaxBodyBytes)
		copy(body, interactionJSON(discordgo.InteractionPing, "")) // a new ID: ping's was answered
		r := e.do("POST", "/interactions", bytes.NewReader(body), signed(now, body))
		if r.status != 200 {
			t.Errorf("status %d %s", r.status, r.body)
		}
	})
	t.Run("chunked body over the limit", func(t *testing.T) {
		// No Content-Length: the limit applies while reading.
		r := e.do("POST", "/interactions", io.MultiReader(bytes.NewReader(big)), signed(now, big))
		if r.status != 413 {
			t.Errorf("status %d", r.status)
		}
	})
	t.Run("refusals are counted", func(t *testing.T) {
		m := e.metrics()
		for _, want := range []string{
			`iafbot_interactions_refused_total{reason="signature"} 7`,
			`iafbot_interactions_refused_total{reason="timestamp"} 4`,
			`iafbot_interactions_refused_total{reason="too_large"} 2`,
			`iafbot_interactions_refused_total{reason="method"} 2`,
			`iafbot_interactions_refused_total{reason="malformed"} 6`,
		} {
			if !strings.Contains(m, want+"\n") {
				t.Errorf("metrics lack %s:\n%s", want, grep(m, "refused"))
			}
		}
	})
	_ = pub
}

func TestOtherRoutes(t *testing.T) {
	e := newEnv(t, true)
	if r := e.do("GET", "/nope", nil, nil); r.status != 404 || r.errorText(t) != "not found" {
		t.Errorf("unknown path: %d %s", r.status, r.body)
	}
	for _, p := range []string{"/healthz", "/metrics"} {
		r := e.do("POST", p, nil, nil)
		if r.status != 405 || r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("POST %s: %d Allow %q", p, r.status, r.header.Get("Allow"))
		}
	}
	if r := e.do("HEAD", "/healthz", nil, nil); r.status != 200 {
		t.Errorf("HEAD /healthz: %d", r.status)
	}
}

// TestCommands: every command over HTTP gives exactly what the router gives
// the gateway mode for the same interaction.
func TestCommands(t *testing.T) {
	e := newEnv(t, true)
	gateway := commands.New(knowledgeBase(t), nil) // a second router, as bot would use it
	gateway.SetComponentKey(componentKey)          //nolint:errcheck // not empty
	same := func(t *testing.T, body []byte, got *discordgo.InteractionResponse) {
		t.Helper()
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(gateway.Route(context.Background(), &i))
		have, _ := json.Marshal(got)
		if !bytes.Equal(want, have) {
			t.Errorf("HTTP response differs from the router's:\nhttp:    %s\nrouter:  %s", have, want)
		}
	}
	run := func(t *testing.T, name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.InteractionResponse {
		t.Helper()
		body := interactionJSON(discordgo.InteractionApplicationCommand, name, opts...)
		resp := e.post(body).response(t)
		same(t, body, resp)
		return resp
	}

	t.Run("ask answerable", func(t *testing.T) {
		resp := run(t, "ask", str("question", "Wer ist die Tochter von Herrn Scholze?"))
		em := embed(t, resp)
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || ephemeral(resp) ||
			!strings.Contains(em.Description, "Maja") || em.Title == "" || em.Footer == nil || em.Footer.Text != commands.FooterText {
			t.Errorf("type %d embed %+v", resp.Type, em)
		}
	})
	t.Run("ask unanswerable", func(t *testing.T) {
		resp := run(t, "ask", str("question", "Wer ist der Bürgermeister von Leipzig?"))
		em := embed(t, resp)
		if ephemeral(resp) || !strings.HasPrefix(em.Description, commands.MsgNotInSynopses) {
			t.Errorf("embed %+v", em)
		}
	})
	t.Run("ask too long", func(t *testing.T) {
		resp := run(t, "ask", str("question", strings.Repeat("Warum? ", 50)))
		if !ephemeral(resp) || !strings.Contains(resp.Data.Content, "zu lang") {
			t.Errorf("%+v", resp.Data)
		}
	})
	t.Run("character kathrin", func(t *testing.T) {
		resp := run(t, "character", str("name", "kathrin"))
		if em := embed(t, resp); !strings.Contains(em.Title, "Katrin") || !strings.Contains(fieldValue(em, "Folgen"), "Wege des Lebens") {
			t.Errorf("embed %+v", em)
		}
	})
	t.Run("episode", func(t *testing.T) {
		resp := run(t, "episode", str("query", "Wege des Lebens"))
		if em := embed(t, resp); !strings.Contains(em.Title, "Wege des Lebens") || !strings.Contains(fieldValue(em, "Figuren"), "Katrin") {
			t.Errorf("embed %+v", em)
		}
	})
	t.Run("help", func(t *testing.T) {
		resp := run(t, "help")
		if em := embed(t, resp); !ephemeral(resp) || em.Title != "Was ich kann" || fieldValue(em, "/frage") == "" {
			t.Errorf("flags %d embed %+v", resp.Data.Flags, em)
		}
	})
	t.Run("unknown command", func(t *testing.T) {
		resp := run(t, "teleport")
		if !ephemeral(resp) || resp.Data.Content != commands.MsgUnknownCommand {
			t.Errorf("%+v", resp.Data)
		}
	})
	t.Run("component with a forged custom ID", func(t *testing.T) {
		body := []byte(`{"type":3,"id":"7","token":"t","data":{"custom_id":"x","component_type":2}}`)
		resp := e.post(body).response(t)
		if !ephemeral(resp) || resp.Data.Content != commands.MsgStaleComponent {
			t.Errorf("%+v", resp.Data)
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		for _, tc := range []struct{ cmd, opt, typed, first string }{
			{"episode", "query", "wege", "Wege des Lebens"},
			{"character", "name", "kath", "Katrin"},
		} {
			body := interactionJSON(discordgo.InteractionApplicationCommandAutocomplete, tc.cmd, focused(tc.opt, tc.typed))
			resp := e.post(body).response(t)
			same(t, body, resp)
			if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || resp.Data == nil {
				t.Fatalf("%s: %+v", tc.cmd, resp)
			}
			ch := resp.Data.Choices
			if len(ch) == 0 || len(ch) > 25 || !strings.Contains(ch[0].Name, tc.first) {
				t.Errorf("%s %q: choices %+v", tc.cmd, tc.typed, ch)
			}
		}
	})

	t.Run("metrics", func(t *testing.T) {
		m := e.metrics()
		for _, want := range []string{
			`iafbot_interactions_total{command="ask",kind="command",outcome="answered"} 1`,
			`iafbot_interactions_total{command="ask",kind="command",outcome="abstained"} 1`,
			`iafbot_interactions_total{command="ask",kind="command",outcome="invalid"} 1`,
			`iafbot_interactions_total{command="character",kind="command",outcome="answered"} 1`,
			`iafbot_interactions_total{command="episode",kind="autocomplete",outcome="answered"} 1`,
			`iafbot_interactions_total{command="unknown",kind="command",outcome="invalid"} 1`,
			`iafbot_interaction_duration_seconds_count{command="ask",kind="command"} 3`,
			`iafbot_interaction_duration_seconds_bucket{command="help",kind="command",le="+Inf"} 1`,
		} {
			if !strings.Contains(m, want+"\n") {
				t.Errorf("metrics lack %s:\n%s", want, grep(m, "iafbot_interactions_total"))
			}
		}
	})
}

// slowCommand adds /slow, whose handler waits for release (or its context)
// and answers "fertig"; Slow marks it for immediate deferral.
func slowCommand(slow, eph bool, release <-chan struct{}, started chan<- struct{}) envOption {
	return func(_ *httpserver.Config, rt *commands.Router) {
		rt.Add(commands.Command{
			Definition: &discordgo.ApplicationCommand{Name: "slow", Description: "langsam"},
			Slow:       slow, Ephemeral: eph,
			Handler: commands.HandlerFunc(func(ctx context.Context, _ *commands.Request) (*discordgo.InteractionResponse, error) {
				if started != nil {
					started <- struct{}{}
				}
				select {
				case <-release:
					return commands.Message("fertig"), nil
				case <-ctx.Done():
					return nil, ctx.Err()
				}
			}),
		})
	}
}

func withTimes(deferAfter, handler time.Duration) envOption {
	return func(c *httpserver.Config, _ *commands.Router) {
		c.DeferAfter, c.HandlerTimeout = deferAfter, handler
	}
}

func TestDeferral(t *testing.T) {
	t.Run("fast enough: direct answer", func(t *testing.T) {
		release := make(chan struct{})
		close(release)
		e := newEnv(t, true, slowCommand(false, false, release, nil), withTimes(time.Second, time.Minute))
		resp := e.post(interactionJSON(discordgo.InteractionApplicationCommand, "slow")).response(t)
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.Content != "fertig" {
			t.Errorf("%+v", resp)
		}
	})
	t.Run("overruns DeferAfter: deferred, then edited", func(t *testing.T) {
		release := make(chan struct{})
		e := newEnv(t, true, slowCommand(false, false, release, nil), withTimes(50*time.Millisecond, time.Minute))
		body := interactionJSON(discordgo.InteractionApplicationCommand, "slow")
		start := time.Now()
		resp := e.post(body).response(t)
		if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || ephemeral(resp) {
			t.Fatalf("%+v", resp)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("deferral took %v", d)
		}
		close(release)
		ed := e.c.next(t)
		var i discordgo.Interaction
		json.Unmarshal(body, &i) //nolint:errcheck // our own JSON
		if ed.i.Token != i.Token || ed.i.AppID != i.AppID || ed.resp.Data.Content != "fertig" || ed.ephemeral {
			t.Errorf("edit %+v resp %+v", ed, ed.resp.Data)
		}
		waitMetric(t, e, `iafbot_interaction_followups_total{result="ok"} 1`)
		waitMetric(t, e, `iafbot_interactions_deferred_total{command="slow"} 1`)
	})
	t.Run("slow command: deferred at once, ephemeral", func(t *testing.T) {
		release := make(chan struct{})
		e := newEnv(t, true, slowCommand(true, true, release, nil), withTimes(time.Hour, time.Minute))
		resp := e.post(interactionJSON(discordgo.InteractionApplicationCommand, "slow")).response(t)
		if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || !ephemeral(resp) {
			t.Fatalf("%+v", resp)
		}
		close(release)
		if ed := e.c.next(t); ed.resp.Data.Content != "fertig" || !ed.ephemeral {
			t.Errorf("edit %+v", ed)
		}
	})
	t.Run("handler timeout: German timeout message", func(t *testing.T) {
		e := newEnv(t, true, slowCommand(true, false, nil, nil), withTimes(time.Hour, 100*time.Millisecond))
		resp := e.post(interactionJSON(discordgo.InteractionApplicationCommand, "slow")).response(t)
		if resp.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("%+v", resp)
		}
		ed := e.c.next(t)
		if ed.resp.Data.Content != commands.MsgTimeout && ed.resp.Data.Content != commands.MsgInternalError {
			t.Errorf("edit %+v", ed.resp.Data)
		}
	})
	t.Run("failed edit is counted", func(t *testing.T) {
		release := make(chan struct{})
		close(release)
		e := newEnv(t, true, slowCommand(true, false, release, nil))
		e.c.err = errors.New("404 Unknown Webhook")
		e.post(interactionJSON(discordgo.InteractionApplicationCommand, "slow")).response(t)
		e.c.next(t)
		waitMetric(t, e, `iafbot_interaction_followups_total{result="failed"} 1`)
	})
	t.Run("autocomplete is never deferred", func(t *testing.T) {
		e := newEnv(t, true, withTimes(time.Nanosecond, time.Minute))
		resp := e.post(interactionJSON(discordgo.InteractionApplicationCommandAutocomplete, "character", focused("name", "kath"))).response(t)
		if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Errorf("%+v", resp)
		}
	})
}

// waitMetric polls /metrics for a line (the follow-up is counted after the
// completer returns).
func waitMetric(t *testing.T, e *env, line string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		m := e.metrics()
		if strings.Contains(m, line+"\n") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %s:\n%s", line, grep(m, "iafbot_"))
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func grep(body, substr string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, substr) && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

func TestHealthz(t *testing.T) {
	e := newEnv(t, false)
	if r := e.do("GET", "/healthz", nil, nil); r.status != 503 || !strings.Contains(string(r.body), "unavailable") {
		t.Errorf("before Enable: %d %s", r.status, r.body)
	}
	if !strings.Contains(e.metrics(), "iafbot_ready 0\n") {
		t.Error("ready gauge not 0")
	}
	// Discord may verify the endpoint before the knowledge base is built.
	if r := e.post(interactionJSON(discordgo.InteractionPing, "")); r.status != 200 || !strings.Contains(string(r.body), `"type":1`) {
		t.Errorf("PING before Enable: %d %s", r.status, r.body)
	}
	resp := e.post(interactionJSON(discordgo.InteractionApplicationCommand, "help")).response(t)
	if !ephemeral(resp) || resp.Data.Content != commands.MsgShuttingDown {
		t.Errorf("command before Enable: %+v", resp.Data)
	}
	resp = e.post(interactionJSON(discordgo.InteractionApplicationCommandAutocomplete, "character", focused("name", "k"))).response(t)
	if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(resp.Data.Choices) != 0 {
		t.Errorf("autocomplete before Enable: %+v", resp)
	}

	e.srv.Enable(e.rt, e.c)
	if r := e.do("GET", "/healthz", nil, nil); r.status != 200 || strings.TrimSpace(string(r.body)) != `{"status":"ok"}` || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("after Enable: %d %s %v", r.status, r.body, r.header)
	}
	m := e.metrics()
	if !strings.Contains(m, "iafbot_ready 1\n") || !strings.Contains(m, `iafbot_interactions_refused_total{reason="not_ready"} 2`) {
		t.Errorf("metrics:\n%s", grep(m, "ready"))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := e.srv.Shutdown(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if r := e.do("GET", "/healthz", nil, nil); r.status != 503 {
		t.Errorf("while stopping: %d", r.status)
	}
}

func TestHideMetricsAndOpsHandler(t *testing.T) {
	e := newEnv(t, true, func(c *httpserver.Config, _ *commands.Router) { c.HideMetrics = true })
	if r := e.do("GET", "/metrics", nil, nil); r.status != 404 {
		t.Errorf("/metrics with HideMetrics: %d", r.status)
	}
	e.post(interactionJSON(discordgo.InteractionApplicationCommand, "help")).response(t)

	var ready atomic.Bool
	ops := httpserver.OpsHandler(e.m, ready.Load, nil)
	get := func(path string) (int, string) {
		w := &recorder{header: http.Header{}}
		ops.ServeHTTP(w, mustRequest(t, "GET", path))
		return w.status, w.body.String()
	}
	if code, _ := get("/healthz"); code != 503 {
		t.Errorf("ops healthz before ready: %d", code)
	}
	ready.Store(true)
	if code, _ := get("/healthz"); code != 200 {
		t.Errorf("ops healthz: %d", code)
	}
	code, body := get("/metrics")
	if code != 200 || !strings.Contains(body, `iafbot_interactions_total{command="help",kind="command",outcome="answered"} 1`) {
		t.Errorf("ops metrics %d:\n%s", code, grep(body, "iafbot_interactions_total"))
	}
	if code, _ := get("/interactions"); code != 404 {
		t.Errorf("ops /interactions: %d", code)
	}
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(c int) {
	if r.status == 0 {
		r.status = c
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}

func mustRequest(t *testing.T, method, path string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, "http://x"+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestServeGracefulShutdown: Serve on a real listener drains an in-flight
// request and a deferred interaction before it returns.
func TestServeGracefulShutdown(t *testing.T) {
	pub, priv := keys(t)
	logger := testLogger(t)
	rt := commands.New(knowledgeBase(t), logger)
	release := make(chan struct{})
	started := make(chan struct{}, 2)
	slowCommand(false, false, release, started)(nil, rt)
	s, err := httpserver.New(httpserver.Config{PublicKey: pub, Logger: logger, DeferAfter: 300 * time.Millisecond, ShutdownTimeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	c := newFakeCompleter()
	s.Enable(rt, c)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String() + "/interactions"

	send := func() <-chan *http.Response {
		out := make(chan *http.Response, 1)
		body := interactionJSON(discordgo.InteractionApplicationCommand, "slow")
		req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
		req.Header = httpserver.Sign(priv, time.Now(), body)
		go func() {
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("request: %v", err)
				close(out)
				return
			}
			out <- resp
		}()
		return out
	}
	// First request: still running when shutdown begins, then deferred.
	first := send()
	<-started
	cancel()
	time.Sleep(50 * time.Millisecond)
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("listener still accepts after shutdown began")
	}
	resp := <-first
	if resp == nil {
		t.FailNow()
	}
	var ir discordgo.InteractionResponse
	json.NewDecoder(resp.Body).Decode(&ir) //nolint:errcheck // checked below
	resp.Body.Close()
	if resp.StatusCode != 200 || ir.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("in-flight request: %d type %d", resp.StatusCode, ir.Type)
	}
	select {
	case err := <-served:
		t.Fatalf("Serve returned before the deferred interaction finished: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if ed := c.next(t); ed.resp.Data.Content != "fertig" {
		t.Errorf("edit %+v", ed.resp.Data)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
	if s.Ready() {
		t.Error("still ready after shutdown")
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	hs := httpserver.NewHTTPServer(http.NotFoundHandler(), nil)
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= commands.DefaultDeferAfter || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("timeouts %+v", hs)
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- httpserver.Run(ctx, ln, http.NotFoundHandler(), time.Second, nil) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	// A listener that fails at once is an error.
	ln2, _ := net.Listen("tcp", "127.0.0.1:0")
	ln2.Close()
	if err := httpserver.Run(context.Background(), ln2, http.NotFoundHandler(), time.Second, nil); err == nil {
		t.Error("Run on a closed listener returned nil")
	}
}
