package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// serveErrorLines are the child's "iafbot serve:" lines.
func serveErrorLines(out string) []string {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if strings.HasPrefix(l, "iafbot serve:") {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestServeProcessRateLimitedAtStart: Discord answering the token check
// with 429 and an hour's Retry-After used to put the child to sleep for
// the hour (discordgo's retry), deaf to SIGTERM. Now it gives up at once
// with one German line and exit code 1, in both modes.
func TestServeProcessRateLimitedAtStart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	pub, _, _ := ed25519.GenerateKey(nil)
	for _, mode := range []struct {
		name string
		env  []string
	}{
		{"gateway", nil},
		{"http", []string{"HTTP_ADDR=127.0.0.1:0", "DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub)}},
	} {
		t.Run(mode.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.New(t)
			srv.FailNext("GET", "/applications/@me", 10, discordtest.Fault{Status: 429, RetryAfter: time.Hour, Global: true})
			cmd, out := serveProcess(t, srv, "DISCORD_TOKEN="+srv.Token()+"\n", append(mode.env, "DATA_DIR="+t.TempDir())...)
			if code := exitCode(t, cmd, 30*time.Second); code != 1 {
				t.Errorf("exit code %d", code)
			}
			lines := serveErrorLines(out.String())
			if len(lines) != 1 || !strings.Contains(lines[0], "Discord bremst den Bot") || !strings.Contains(lines[0], "1 Std. 0 Min.") {
				t.Errorf("error lines %q", lines)
			}
		})
	}
}

// TestRecapProcessRateLimitedPost: the day's post answered with 429 and an
// hour's Retry-After (longer than the send timeout and the lease). The
// child gives the attempt up at once, keeps the claim for after the hour,
// and SIGTERM ends it with exit code 0 (it used to sleep the hour inside
// the send, past its lease, and ignore SIGTERM). A second process taking
// the day over then posts exactly one message.
func TestRecapProcessRateLimitedPost(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := discordtest.New(t)
	guild, channel := srv.NewSnowflake(), srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	dataDir := t.TempDir()
	store := openStore(t, filepath.Join(dataDir, sqlite.FileName))
	day := recap.LocalDate(time.Now(), recap.Berlin)
	if err := store.Subscribe(ctx, recap.Subscription{GuildID: guild, ChannelID: channel, Time: 0, Since: time.Now().Add(-48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	posts := discordtest.Match("POST", "/channels/"+channel+"/messages")
	srv.FailNext("POST", "/channels/"+channel+"/messages", 1, discordtest.Fault{Status: 429, RetryAfter: time.Hour})
	dotenv := "DISCORD_TOKEN=" + srv.Token() + "\n"
	env := []string{"DATA_DIR=" + dataDir, "DISCORD_GUILD_ID=" + guild}

	first, out := serveProcess(t, srv, dotenv, env...)
	if _, err := srv.WaitRequests(ctx, 1, posts); err != nil {
		t.Fatalf("the child never posted: %v\n%s", err, out.String())
	}
	var sub recap.Subscription
	// The failure is recorded first and the lease handed back right after,
	// in a second write: wait for both.
	waitFor(t, 30*time.Second, "the failed attempt to be recorded and the claim kept", func() bool {
		var err error
		sub, err = store.Subscription(ctx, guild)
		return err == nil && sub.Failures == 1 && !sub.Last.LeaseUntil.Before(time.Now().Add(59*time.Minute))
	})
	if sub.Last.LocalDate != day || sub.Last.Sent() || sub.RetryAt.Before(time.Now().Add(59*time.Minute)) ||
		sub.Last.LeaseUntil.Before(time.Now().Add(59*time.Minute)) || !strings.Contains(sub.LastError, "429") {
		t.Fatalf("after the 429: %+v", sub)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, first, 20*time.Second); code != 0 {
		t.Fatalf("first child exit code %d\n%s", code, out.String())
	}

	// The hour passes (through the store, as the crash test does).
	if _, err := store.RecordFailure(ctx, guild, sub.Version, sub.LastError, func(int) time.Time { return time.Now().Add(-time.Second) }); err != nil {
		t.Fatal(err)
	}
	if ok, err := store.Lease(ctx, guild, day, sub.Last.LeaseUntil, time.Now().Add(-time.Second)); err != nil || !ok {
		t.Fatalf("expire the lease: %v, %v", ok, err)
	}
	second, out2 := serveProcess(t, srv, dotenv, env...)
	waitFor(t, 30*time.Second, "the second child to confirm the post", func() bool {
		s, err := store.Subscription(ctx, guild)
		return err == nil && s.Last.Sent()
	})
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, second, 20*time.Second); code != 0 {
		t.Errorf("second child exit code %d\n%s", code, out2.String())
	}
	if n := len(srv.Messages(channel)); n != 1 {
		t.Errorf("%d messages, want exactly one", n)
	}
	if n := len(srv.RequestsMatching(posts)); n != 2 {
		t.Errorf("%d POSTs, want 2 (the 429 and the one that went through)", n)
	}
}
