package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

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
