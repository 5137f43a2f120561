package app

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"iafbot/bot"
	"iafbot/metrics"
	"iafbot/recap"
)

func TestParseServeConfig(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string // error substring; "" = ok
		chk  func(t *testing.T, c serveConfig)
	}{
		{"minimal", map[string]string{"DISCORD_TOKEN": "abc"}, "", func(t *testing.T, c serveConfig) {
			if c.token != "abc" || c.guildID != "" || c.shardID != 0 || c.shardCount != 1 || c.logLevel != slog.LevelInfo || c.logFormat != "text" {
				t.Errorf("%+v", c)
			}
		}},
		{"everything", map[string]string{"DISCORD_TOKEN": " Bot abc ", "DISCORD_GUILD_ID": "123456789012345678", "SYNOPSES_DIR": "/s",
			"LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json", "SHARD_ID": "2", "SHARD_COUNT": "3"}, "", func(t *testing.T, c serveConfig) {
			if c.guildID != "123456789012345678" || c.synopses != "/s" || c.logLevel != slog.LevelDebug || c.logFormat != "json" || c.shardID != 2 || c.shardCount != 3 {
				t.Errorf("%+v", c)
			}
		}},
		{"no token", map[string]string{}, "DISCORD_TOKEN fehlt", nil},
		{"blank token", map[string]string{"DISCORD_TOKEN": "  "}, "DISCORD_TOKEN fehlt", nil},
		{"prefix only", map[string]string{"DISCORD_TOKEN": "Bot "}, "DISCORD_TOKEN fehlt", nil},
		{"token with space", map[string]string{"DISCORD_TOKEN": "a b"}, "Leerzeichen", nil},
		{"guild not snowflake", map[string]string{"DISCORD_TOKEN": "a", "DISCORD_GUILD_ID": "mein-server"}, "DISCORD_GUILD_ID \"mein-server\"", nil},
		{"log level", map[string]string{"DISCORD_TOKEN": "a", "LOG_LEVEL": "verbose"}, "LOG_LEVEL \"verbose\"", nil},
		{"log format", map[string]string{"DISCORD_TOKEN": "a", "LOG_FORMAT": "xml"}, "LOG_FORMAT", nil},
		{"shard id not a number", map[string]string{"DISCORD_TOKEN": "a", "SHARD_ID": "eins"}, "SHARD_ID \"eins\" ist keine ganze Zahl", nil},
		{"shard count zero", map[string]string{"DISCORD_TOKEN": "a", "SHARD_COUNT": "0"}, "SHARD_COUNT 0", nil},
		{"shard id = count", map[string]string{"DISCORD_TOKEN": "a", "SHARD_ID": "2", "SHARD_COUNT": "2"}, "SHARD_ID 2", nil},
		{"negative shard id", map[string]string{"DISCORD_TOKEN": "a", "SHARD_ID": "-1"}, "SHARD_ID -1", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseServeConfig(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok })
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				tt.chk(t, c)
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestParseServeConfigDatabase(t *testing.T) {
	lookup := func(env map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	}
	c, err := parseServeConfig(lookup(map[string]string{"DISCORD_TOKEN": "t"}))
	if err != nil || c.dataDir != "./data" || c.databaseURL != "" {
		t.Errorf("defaults: %+v, %v", c, err)
	}
	c, err = parseServeConfig(lookup(map[string]string{"DISCORD_TOKEN": "t", "DATA_DIR": " /var/lib/iafbot ", "DATABASE_URL": "postgres://bot@db/iafbot"}))
	if err != nil || c.dataDir != "/var/lib/iafbot" || c.databaseURL != "postgres://bot@db/iafbot" {
		t.Errorf("set: %+v, %v", c, err)
	}
}

func TestParseHTTPConfig(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	key := hex.EncodeToString(pub)
	tests := []struct {
		name string
		flag string
		env  map[string]string
		want string // error substring; "" = ok
		chk  func(t *testing.T, c httpConfig)
	}{
		{"gateway mode", "", map[string]string{}, "", func(t *testing.T, c httpConfig) {
			if c.addr != "" || c.publicKey != nil || c.metricsAddr != "" {
				t.Errorf("%+v", c)
			}
		}},
		{"gateway ignores a bad key", "", map[string]string{"DISCORD_PUBLIC_KEY": "nope"}, "", nil},
		{"gateway with metrics", "", map[string]string{"METRICS_ADDR": ":9090"}, "", func(t *testing.T, c httpConfig) {
			if c.metricsAddr != ":9090" || c.addr != "" {
				t.Errorf("%+v", c)
			}
		}},
		{"env", "", map[string]string{"HTTP_ADDR": " :8080 ", "DISCORD_PUBLIC_KEY": " " + strings.ToUpper(key) + " "}, "", func(t *testing.T, c httpConfig) {
			if c.addr != ":8080" || !bytes.Equal(c.publicKey, pub) {
				t.Errorf("%+v", c)
			}
		}},
		{"flag wins", "127.0.0.1:9000", map[string]string{"HTTP_ADDR": ":8080", "DISCORD_PUBLIC_KEY": key, "METRICS_ADDR": "127.0.0.1:9090"}, "", func(t *testing.T, c httpConfig) {
			if c.addr != "127.0.0.1:9000" || c.metricsAddr != "127.0.0.1:9090" {
				t.Errorf("%+v", c)
			}
		}},
		{"key missing", ":8080", map[string]string{}, "DISCORD_PUBLIC_KEY fehlt", nil},
		{"key not hex", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": strings.Repeat("x", 64)}, "DISCORD_PUBLIC_KEY ist kein gültiger", nil},
		{"key too short", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key[:40]}, "DISCORD_PUBLIC_KEY ist kein gültiger", nil},
		{"bad flag address", "8080", map[string]string{"DISCORD_PUBLIC_KEY": key}, `--http "8080"`, nil},
		{"bad env address", "", map[string]string{"HTTP_ADDR": "localhost:http", "DISCORD_PUBLIC_KEY": key}, `HTTP_ADDR "localhost:http"`, nil},
		{"port out of range", "", map[string]string{"HTTP_ADDR": ":70000", "DISCORD_PUBLIC_KEY": key}, "Port", nil},
		{"bad metrics address", "", map[string]string{"METRICS_ADDR": "metrics"}, `METRICS_ADDR "metrics"`, nil},
		{"metrics on the public address only when asked", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key, "METRICS_ADDR": ":8080"}, "", func(t *testing.T, c httpConfig) {
			if !c.metricsPublic || c.metricsAddr != "" {
				t.Errorf("%+v", c)
			}
		}},
		{"no metrics by default", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key}, "", func(t *testing.T, c httpConfig) {
			if c.metricsPublic || c.metricsAddr != "" || c.maxConns != 0 {
				t.Errorf("%+v", c)
			}
		}},
		{"limits", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key, "HTTP_MAX_CONNS": "100", "HTTP_MAX_IN_FLIGHT": "10"}, "", func(t *testing.T, c httpConfig) {
			if c.maxConns != 100 || c.maxInFlight != 10 {
				t.Errorf("%+v", c)
			}
		}},
		{"limit zero", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key, "HTTP_MAX_CONNS": "0"}, "HTTP_MAX_CONNS 0: muss größer als 0 sein", nil},
		{"key one digit short", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": key[:63]}, "64 Hexziffern erwartet, 63 erhalten", nil},
		{"key with a letter", ":8080", map[string]string{"DISCORD_PUBLIC_KEY": "g" + key[1:]}, `Zeichen 1 ('g') ist keine Hexziffer`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseHTTPConfig(func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }, tt.flag)
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tt.chk != nil {
					tt.chk(t, c)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

type countingRecorder struct{ sent, failed int }

func (c *countingRecorder) RecapSent()   { c.sent++ }
func (c *countingRecorder) RecapFailed() { c.failed++ }

type stubSender struct{ err error }

func (s stubSender) SendRecap(context.Context, string, recap.Recap, string) (string, error) {
	if s.err != nil {
		return "", s.err
	}
	return "1", nil
}

type findingSender struct {
	stubSender
	found string
	err   error
}

func (s findingSender) FindRecap(context.Context, string, recap.Post) (string, error) {
	return s.found, s.err
}

func TestMeteredSender(t *testing.T) {
	rec := &countingRecorder{}
	ctx := context.Background()
	meteredSender{stubSender{}, rec}.SendRecap(ctx, "1", recap.Recap{}, "n")                       //nolint:errcheck
	meteredSender{stubSender{recap.ErrMissingAccess}, rec}.SendRecap(ctx, "1", recap.Recap{}, "n") //nolint:errcheck
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	meteredSender{stubSender{errors.New("context canceled")}, rec}.SendRecap(cancelled, "1", recap.Recap{}, "n") //nolint:errcheck
	if rec.sent != 1 || rec.failed != 1 {
		t.Errorf("sent %d, failed %d; want 1, 1 (shutdown is no failure)", rec.sent, rec.failed)
	}
	// A post a resend finds counts as sent; finding none counts nothing,
	// nor does a Sender that cannot search.
	rec = &countingRecorder{}
	for _, tc := range []struct {
		s    recap.Sender
		want string
	}{{findingSender{found: "7"}, "7"}, {findingSender{}, ""}, {stubSender{}, ""}} {
		if id, err := (meteredSender{tc.s, rec}).FindRecap(ctx, "1", recap.Post{}); id != tc.want || err != nil {
			t.Errorf("%+v found %q, %v; want %q", tc.s, id, err, tc.want)
		}
	}
	meteredSender{findingSender{err: errors.New("503")}, rec}.FindRecap(ctx, "1", recap.Post{}) //nolint:errcheck
	if rec.sent != 1 || rec.failed != 1 {
		t.Errorf("after FindRecap: sent %d, failed %d; want 1, 1", rec.sent, rec.failed)
	}
	// Without METRICS_ADDR serve passes nil Metrics, which ignore the counts.
	var none *metrics.Metrics
	if _, err := (meteredSender{stubSender{}, none}).SendRecap(ctx, "1", recap.Recap{}, "n"); err != nil {
		t.Fatal(err)
	}
}

func TestStartErrorNamesTheCause(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("bot: checking the token: %w", &bot.RateLimitedError{Route: "GET /x", Wait: time.Hour, Global: true}),
			"Discord bremst den Bot für alle Anfragen (429 Too Many Requests) und verlangt 1 Std. 0 Min. Wartezeit"},
		{fmt.Errorf("bot: checking the token: %w", &bot.NotJSONError{Status: 502, ContentType: "text/html"}),
			"Discord antwortete mit einer HTML-Seite statt JSON (Status 502 Bad Gateway)"},
	} {
		if got := startError(tc.err); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%v:\n got %q\nwant %q…", tc.err, got, tc.want)
		}
	}
}
