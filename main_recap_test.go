package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iafbot/metrics"
	"iafbot/recap"
)

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

// TestRunServeDatabaseErrors: a database that cannot be used stops serve
// before it connects to Discord, with one line naming the database and
// exit code 1. (A locked file is TestServeProcessDatabaseLocked.)
func TestRunServeDatabaseErrors(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string) []string // returns env key/value pairs
		want  []string
		not   string // must not appear (a password)
	}{
		{"corrupt SQLite file", func(t *testing.T, dir string) []string {
			data := filepath.Join(dir, "state")
			if err := os.MkdirAll(data, 0o750); err != nil {
				t.Fatal(err)
			}
			junk := bytes.Repeat([]byte("keine Datenbank\x00\xff"), 512)
			if err := os.WriteFile(filepath.Join(data, "iafbot.db"), junk, 0o600); err != nil {
				t.Fatal(err)
			}
			return []string{"DATA_DIR", data}
		}, []string{"iafbot serve: Datenbank: ", "iafbot.db", "not an SQLite database"}, ""},
		{"DATA_DIR is a file", func(t *testing.T, dir string) []string {
			f := filepath.Join(dir, "datei")
			if err := os.WriteFile(f, []byte("x"), 0o600); err != nil {
				t.Fatal(err)
			}
			return []string{"DATA_DIR", f}
		}, []string{"iafbot serve: Datenbank: ", "datei"}, ""},
		{"malformed DATABASE_URL", func(t *testing.T, dir string) []string {
			return []string{"DATABASE_URL", "postgres://bot:geheim@db:notaport/iafbot"}
		}, []string{"iafbot serve: Datenbank: postgres: invalid database URL"}, "geheim"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			serveEnv(t, append([]string{"DISCORD_TOKEN", "t", "DATA_DIR", "", "DATABASE_URL", ""}, tt.setup(t, dir)...)...)
			var stdout, stderr bytes.Buffer
			// The token is never checked: the database comes first.
			code := runServe(context.Background(), nil, &stdout, &stderr)
			out := stderr.String()
			if code != 1 {
				t.Errorf("exit %d; stderr %q", code, out)
			}
			var lines []string
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				if strings.HasPrefix(l, "iafbot serve:") {
					lines = append(lines, l)
				}
			}
			if len(lines) != 1 {
				t.Fatalf("want one error line, got %q", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(lines[0], w) {
					t.Errorf("%q lacks %q", lines[0], w)
				}
			}
			if tt.not != "" && strings.Contains(out, tt.not) {
				t.Errorf("output shows %q: %q", tt.not, out)
			}
			if strings.Contains(out, "goroutine ") || strings.Contains(out, "connected to Discord") {
				t.Errorf("unexpected output %q", out)
			}
		})
	}
}

func TestEnvExampleDocumentsDatabase(t *testing.T) {
	b, err := os.ReadFile(".env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"\nDATA_DIR=", "\nDATABASE_URL="} {
		if !strings.Contains(string(b), k) {
			t.Errorf(".env.example lacks %s", strings.TrimSpace(k))
		}
	}
	if i := strings.Index(string(b), "NICHT implementiert"); i >= 0 && strings.Contains(string(b)[i:], "DATABASE_URL") {
		t.Error(".env.example still lists DATABASE_URL as not implemented")
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
	// Without METRICS_ADDR serve passes nil Metrics, which ignore the counts.
	var none *metrics.Metrics
	if _, err := (meteredSender{stubSender{}, none}).SendRecap(ctx, "1", recap.Recap{}, "n"); err != nil {
		t.Fatal(err)
	}
}
