package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

// serveEnv clears the serve variables for one test (and restores them).
func serveEnv(t *testing.T, kv ...string) {
	t.Helper()
	for _, k := range []string{"DISCORD_TOKEN", "DISCORD_GUILD_ID", "SYNOPSES_DIR", "LOG_LEVEL", "LOG_FORMAT", "SHARD_ID", "SHARD_COUNT", "DATA_DIR", "DATABASE_URL"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		t.Setenv(kv[i], kv[i+1])
	}
}

func TestRunServeConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		env    []string
		dotenv string // contents of .env; "" = no file
		code   int
		want   string
	}{
		{"missing token", nil, nil, "", 1, "iafbot serve: DISCORD_TOKEN fehlt"},
		{"malformed .env", nil, nil, "DISCORD_TOKEN=\"abc\nX", 1, "iafbot serve: .env: "},
		{"real env wins over .env", nil, []string{"DISCORD_TOKEN", "t", "DISCORD_GUILD_ID", "nope"}, "DISCORD_GUILD_ID=123\n", 1, "DISCORD_GUILD_ID \"nope\""},
		{".env supplies values", nil, nil, "DISCORD_TOKEN=t\nSHARD_COUNT=0\n", 1, "SHARD_COUNT 0"},
		{"bad synopses dir", []string{"--synopses", "/does/not/exist"}, []string{"DISCORD_TOKEN", "t"}, "", 1, "Zusammenfassungen laden: "},
		{"stray argument", []string{"now"}, []string{"DISCORD_TOKEN", "t"}, "", 2, "unerwartetes Argument \"now\""},
		{"unknown flag", []string{"--port", "1"}, nil, "", 2, "flag provided but not defined"},
		{"help", []string{"-h"}, nil, "", 0, "Aufruf: iafbot serve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Chdir(dir)
			serveEnv(t, tt.env...)
			if tt.dotenv != "" {
				if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(tt.dotenv), 0o600); err != nil {
					t.Fatal(err)
				}
				// godotenv.Load sets what it reads; undo that after the test.
				t.Cleanup(func() { serveEnv(t) })
			}
			var stdout, stderr bytes.Buffer
			code := runServe(context.Background(), tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr %q", code, tt.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr %q lacks %q", stderr.String(), tt.want)
			}
			if tt.code == 1 && strings.Count(stderr.String(), "\n") != 1 {
				t.Errorf("want exactly one line, got %q", stderr.String())
			}
			if strings.Contains(stderr.String(), "goroutine ") {
				t.Error("stack trace")
			}
		})
	}
}
