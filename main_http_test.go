package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"iafbot/httpserver"
	"iafbot/internal/discordtest"

	"github.com/bwmarrin/discordgo"
)

// httpEnv clears the HTTP mode's variables for one test.
func httpEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"HTTP_ADDR", "DISCORD_PUBLIC_KEY", "METRICS_ADDR"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
}

func TestRunServeHTTPConfigErrors(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	pub, _, _ := ed25519.GenerateKey(nil)
	key := hex.EncodeToString(pub)
	tests := []struct {
		name string
		args []string
		env  []string
		want string
	}{
		{"key missing", []string{"--http", "127.0.0.1:0"}, []string{"DISCORD_TOKEN", "t"}, "iafbot serve: DISCORD_PUBLIC_KEY fehlt"},
		{"key malformed (env mode)", nil, []string{"DISCORD_TOKEN", "t", "HTTP_ADDR", "127.0.0.1:0", "DISCORD_PUBLIC_KEY", "abc"}, "DISCORD_PUBLIC_KEY ist kein gültiger"},
		{"token still required", []string{"--http", "127.0.0.1:0"}, []string{"DISCORD_PUBLIC_KEY", key}, "DISCORD_TOKEN fehlt"},
		{"address in use", []string{"--http", busy.Addr().String()}, []string{"DISCORD_TOKEN", "t", "DISCORD_PUBLIC_KEY", key}, "HTTP-Adresse " + busy.Addr().String() + ": "},
		{"metrics address in use", []string{"--http", "127.0.0.1:0"}, []string{"DISCORD_TOKEN", "t", "DISCORD_PUBLIC_KEY", key, "METRICS_ADDR", busy.Addr().String()}, "METRICS_ADDR " + busy.Addr().String() + ": "},
		{"bad synopses dir", []string{"--http", "127.0.0.1:0", "--synopses", "/does/not/exist"}, []string{"DISCORD_TOKEN", "t", "DISCORD_PUBLIC_KEY", key}, "Zusammenfassungen laden: "},
		{"gateway: metrics address in use", nil, []string{"DISCORD_TOKEN", "t", "METRICS_ADDR", busy.Addr().String()}, "METRICS_ADDR " + busy.Addr().String() + ": "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			serveEnv(t, tt.env...)
			httpEnv(t)
			for i := 0; i+1 < len(tt.env); i += 2 {
				t.Setenv(tt.env[i], tt.env[i+1])
			}
			var stdout, stderr bytes.Buffer
			code := runServe(context.Background(), tt.args, &stdout, &stderr)
			lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
			var errs []string
			for _, l := range lines {
				if strings.HasPrefix(l, "iafbot serve:") {
					errs = append(errs, l)
				}
			}
			if code != 1 || len(errs) != 1 || !strings.Contains(errs[0], tt.want) {
				t.Errorf("exit %d, error lines %q, want one with %q\nstderr: %s", code, errs, tt.want, stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Error("stack trace")
			}
		})
	}
}

// logAddr waits for a JSON log line with msg and returns its addr.
func logAddr(t *testing.T, out *syncBuffer, msg string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		for _, l := range strings.Split(out.String(), "\n") {
			var m map[string]any
			if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == msg {
				a, _ := m["addr"].(string)
				return a
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no log line %q within %v", msg, within)
	return ""
}

func waitLog(t *testing.T, out *syncBuffer, msg string, within time.Duration) {
	t.Helper()
	logAddr(t, out, msg, within)
}

// TestServeHTTPProcess runs `iafbot serve` in HTTP mode as a child process
// that reaches the local Discord peer through HTTPS_PROXY: REST-only
// registration of the same commands as gateway mode (no gateway session),
// signed interactions over loopback, metrics on METRICS_ADDR, the recap
// scheduler, SIGTERM and exit 0.
func TestServeHTTPProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	srv := discordtest.New(t)
	guild := srv.NewSnowflake()
	pub, priv, _ := ed25519.GenerateKey(nil)
	cmd, out := serveProcess(t, srv,
		"DISCORD_TOKEN="+srv.Token()+"\nDISCORD_PUBLIC_KEY="+hex.EncodeToString(pub)+"\n",
		"DISCORD_GUILD_ID="+guild, "LOG_FORMAT=json",
		"HTTP_ADDR=127.0.0.1:0", "METRICS_ADDR=127.0.0.1:0")

	addr := logAddr(t, out, "HTTP interactions endpoint listening", 20*time.Second)
	opsAddr := logAddr(t, out, "metrics endpoint listening", 5*time.Second)
	waitLog(t, out, "ready for interactions", 20*time.Second)
	base := "http://" + addr

	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	post := func(body []byte, signed bool) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/interactions", bytes.NewReader(body))
		if signed {
			req.Header = httpserver.Sign(priv, time.Now(), body)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}

	if code, body := get(base + "/healthz"); code != 200 {
		t.Errorf("healthz %d %s", code, body)
	}
	if code, body := post([]byte(`{"type":1}`), true); code != 200 || body != `{"type":1}` {
		t.Errorf("PING: %d %s", code, body)
	}
	if code, _ := post([]byte(`{"type":1}`), false); code != 401 {
		t.Errorf("unsigned: %d", code)
	}
	ask, _ := json.Marshal(map[string]any{
		"id": srv.NewSnowflake(), "application_id": srv.ApplicationID(), "type": 2, "token": "tok", "version": 1,
		"guild_id": guild, "channel_id": srv.NewSnowflake(), "locale": "de",
		"data": map[string]any{"id": srv.NewSnowflake(), "name": "ask", "type": 1,
			"options": []map[string]any{{"name": "question", "type": 3, "value": "Wer ist die Tochter von Herrn Scholze?"}}},
		"member": map[string]any{"user": map[string]any{"id": srv.NewSnowflake(), "username": "tester"}, "permissions": "0", "roles": []string{}},
	})
	code, body := post(ask, true)
	resp, err := discordtest.DecodeResponse([]byte(body))
	if code != 200 || err != nil || resp.Data == nil || len(resp.Data.Embeds) != 1 ||
		!strings.Contains(resp.Data.Embeds[0].Description, "Maja") {
		t.Errorf("/ask: %d %s", code, body)
	}
	// A click on the answer's vote button, as Discord POSTs it with the
	// message: the custom ID signed by the process answers.
	if err == nil && len(resp.Data.Components) == 2 {
		vote := resp.Data.Components[1].(*discordgo.ActionsRow).Components[0].(*discordgo.Button).CustomID
		click, _ := json.Marshal(map[string]any{
			"id": srv.NewSnowflake(), "application_id": srv.ApplicationID(), "type": 3, "token": "tok2", "version": 1,
			"guild_id": guild, "channel_id": srv.NewSnowflake(), "locale": "de",
			"data":    map[string]any{"custom_id": vote, "component_type": 2},
			"message": map[string]any{"id": srv.NewSnowflake(), "embeds": resp.Data.Embeds, "components": resp.Data.Components},
			"member":  map[string]any{"user": map[string]any{"id": srv.NewSnowflake(), "username": "tester"}, "permissions": "0", "roles": []string{}},
		})
		if code, body := post(click, true); code != 200 || !strings.Contains(body, "ist gespeichert") {
			t.Errorf("vote: %d %s", code, body)
		}
	} else {
		t.Errorf("answer without vote buttons: %s", body)
	}
	if code, _ := get(base + "/metrics"); code != 404 {
		t.Errorf("/metrics on the public address with METRICS_ADDR set: %d", code)
	}
	code, metricsText := get("http://" + opsAddr + "/metrics")
	for _, want := range []string{
		`iafbot_interactions_total{command="ask",kind="command",outcome="answered"} 1`,
		`iafbot_interactions_total{command="component:vote",kind="component",outcome="answered"} 1`,
		`iafbot_interactions_refused_total{reason="signature"} 1`,
		"iafbot_knowledge_episodes ",
		"iafbot_ready 1",
	} {
		if code != 200 || !strings.Contains(metricsText, want) {
			t.Errorf("metrics (%d) lack %q", code, want)
		}
	}
	if code, _ := get("http://" + opsAddr + "/healthz"); code != 200 {
		t.Errorf("ops healthz %d", code)
	}

	var names []string
	for _, c := range srv.Commands(guild) {
		names = append(names, c.Name)
	}
	if strings.Join(names, ",") != "ask,episode,character,help,Answer question,settings,recap" {
		t.Errorf("commands registered on the guild: %v", names)
	}
	if !strings.Contains(out.String(), `"msg":"recap database ready"`) {
		t.Error("no recap database in HTTP mode")
	}
	if sess := srv.Sessions(); len(sess) != 0 {
		t.Errorf("HTTP mode opened %d gateway sessions", len(sess))
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 15*time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM", code)
	}
	if !strings.Contains(out.String(), `"msg":"bye"`) || !strings.Contains(out.String(), `"msg":"recap scheduler stopped"`) {
		t.Error("no clean shutdown of the scheduler and the process")
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("endpoint still listening after exit")
	}
}

// TestServeHTTPProcessBadToken: a refused token in HTTP mode is one clear
// line and exit 1, after the endpoint was already listening.
func TestServeHTTPProcessBadToken(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	srv := discordtest.New(t)
	pub, _, _ := ed25519.GenerateKey(nil)
	cmd, out := serveProcess(t, srv, "DISCORD_TOKEN=wrong-token\n",
		"HTTP_ADDR=127.0.0.1:0", "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub))
	if code := exitCode(t, cmd, 20*time.Second); code != 1 {
		t.Errorf("exit code %d", code)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.HasPrefix(l, "iafbot serve:") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || !strings.Contains(lines[0], "Discord hat DISCORD_TOKEN abgelehnt") {
		t.Errorf("error lines %q", lines)
	}
	if strings.Contains(out.String(), "goroutine ") || strings.Contains(out.String(), "panic") {
		t.Error("stack trace in output")
	}
}
