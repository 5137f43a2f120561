package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
		{"unknown flag", []string{"--port", "1"}, nil, "", 2, "unbekannte Option -port"},
		{"flag without value", []string{"--http"}, nil, "", 2, "Option braucht einen Wert: -http"},
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
			if !strings.Contains(stderr.String(), tt.want) || strings.Contains(stderr.String(), "flag") {
				t.Errorf("stderr %q lacks %q (or is English)", stderr.String(), tt.want)
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

// runServe runs `iafbot serve` in-process, as main does.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return run(ctx, append([]string{"serve"}, args...), strings.NewReader(""), stdout, stderr)
}
