package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
)

// TestServeHelperProcess is the child of TestServeProcess: the real main()
// running `iafbot serve`, with its signal handling.
func TestServeHelperProcess(t *testing.T) {
	if os.Getenv("IAFBOT_SERVE_HELPER") != "1" {
		t.Skip("helper process for TestServeProcess")
	}
	os.Args = []string{"iafbot", "serve"}
	main()
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveProcess starts `iafbot serve` as a child process that reaches the
// local Discord peer through HTTPS_PROXY, exactly as it would reach Discord:
// no flag or code path exists for tests. dotenv is written to the child's
// working directory as .env; env is added to its environment.
func serveProcess(t *testing.T, srv *discordtest.Server, dotenv string, env ...string) (*exec.Cmd, *syncBuffer) {
	t.Helper()
	pc, err := srv.EnableProxy()
	if err != nil {
		t.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte(dotenv), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-test.run=^TestServeHelperProcess$")
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DISCORD_TOKEN", "DISCORD_GUILD_ID", "SYNOPSES_DIR", "LOG_LEVEL", "LOG_FORMAT", "SHARD_ID", "SHARD_COUNT", "DATA_DIR", "DATABASE_URL":
			continue // the developer's own settings must not leak in
		}
		cmd.Env = append(cmd.Env, kv)
	}
	cmd.Env = append(cmd.Env, pc.Env()...)
	cmd.Env = append(cmd.Env, "IAFBOT_SERVE_HELPER=1")
	cmd.Env = append(cmd.Env, env...)
	stderr := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill() //nolint:errcheck // cleanup
			cmd.Wait()         //nolint:errcheck // cleanup
		}
		if t.Failed() {
			t.Logf("child output:\n%s", stderr.String())
		}
	})
	return cmd, stderr
}

func exitCode(t *testing.T, cmd *exec.Cmd, within time.Duration) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(within):
		t.Fatalf("child still running after %v", within)
		return -1
	}
}

// TestServeProcess runs the binary's serve command end to end: .env
// loading (real environment wins), JSON logs, guild registration, an
// answered /ask, and SIGTERM leading to a clean exit 0.
func TestServeProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	srv := discordtest.New(t)
	guild := srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	cmd, out := serveProcess(t, srv,
		"DISCORD_TOKEN="+srv.Token()+"\nDISCORD_GUILD_ID=42\nLOG_FORMAT=text\n",
		"DISCORD_GUILD_ID="+guild, "LOG_FORMAT=json")

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := srv.WaitReady(ctx, 1); err != nil {
		t.Fatalf("the child never connected: %v", err)
	}
	if got := srv.Commands(guild); len(got) != 7 { // ask, episode, character, help, Answer question, settings, recap
		t.Fatalf("%d commands registered on the guild from the environment", len(got))
	}
	ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{
		Name: "ask", GuildID: guild, ChannelID: srv.NewSnowflake(), Locale: discordgo.German,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "Wer ist die Tochter von Herrn Scholze?",
		}},
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := srv.WaitResponse(ctx, ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Original == nil || len(st.Original.Embeds) != 1 || !strings.Contains(st.Original.Embeds[0].Description, "Maja") {
		t.Errorf("reply %s", st.Response)
	}

	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 15*time.Second); code != 0 {
		t.Errorf("exit code %d after SIGTERM", code)
	}
	if sess := srv.Sessions(); len(sess) != 1 || !sess[0].Ended {
		t.Errorf("gateway session not closed cleanly: %+v", sess)
	}
	// Every log line is JSON (LOG_FORMAT from the environment beat .env).
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	for _, l := range lines {
		if l == "PASS" || strings.HasPrefix(l, "ok ") {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Errorf("not a JSON log line: %q", l)
		}
	}
	if !strings.Contains(out.String(), `"msg":"commands registered"`) || !strings.Contains(out.String(), `"msg":"bye"`) {
		t.Errorf("logs lack registration or shutdown")
	}
}

// TestServeProcessBadToken: a refused token is one clear line and exit 1.
func TestServeProcessBadToken(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	srv := discordtest.New(t)
	cmd, out := serveProcess(t, srv, "DISCORD_TOKEN=wrong-token\n")
	if code := exitCode(t, cmd, 15*time.Second); code != 1 {
		t.Errorf("exit code %d", code)
	}
	lines := serveErrorLines(out.String())
	if len(lines) != 1 || !strings.Contains(lines[0], "Discord hat DISCORD_TOKEN abgelehnt") {
		t.Errorf("error lines %q", lines)
	}
	if strings.Contains(out.String(), "goroutine ") || strings.Contains(out.String(), "panic") {
		t.Error("stack trace in output")
	}
}
