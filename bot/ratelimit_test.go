package bot_test

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/recap"
)

// hangGuard fails the test if f has not returned after limit: the faults
// below used to sleep for the whole Retry-After (an hour) inside
// discordgo, ignoring every context. limit is far above what the fixed
// code needs (it does not wait at all), so it only catches a hang.
func hangGuard(t *testing.T, limit time.Duration, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("%s still running after %v: a rate limit is slept out without a bound", what, limit)
	}
}

// A 429 with an hour's Retry-After at start-up fails Start at once with a
// *RateLimitedError saying how long Discord wants, instead of sleeping.
func TestStartRateLimitedForAnHour(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	srv.FailNext("GET", "/applications/@me", 5, discordtest.Fault{Status: 429, RetryAfter: time.Hour, Global: true})
	r, err := bot.NewREST(bot.Config{Token: srv.Token(), Router: commands.NewRouter(nil), Logger: logger, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var startErr error
	hangGuard(t, 30*time.Second, "Start", func() { startErr = r.Start(context.Background()) })
	var rl *bot.RateLimitedError
	if !errors.As(startErr, &rl) || !errors.Is(startErr, bot.ErrRateLimited) || rl.Wait < 59*time.Minute || !rl.Global {
		t.Fatalf("Start: %v", startErr)
	}
	if errors.Is(startErr, bot.ErrUnreachable) {
		t.Errorf("a rate limit reported as unreachable: %v", startErr)
	}
	if n := len(srv.RequestsMatching(discordtest.Match("GET", "/applications/@me"))); n != 1 {
		t.Errorf("%d token checks, want 1 (no retry of an hour's limit)", n)
	}
}

// A Retry-After within MaxRetryAfter is waited for, but the wait ends with
// the context: shutdown during start-up is not held up by Discord.
func TestStartRateLimitWaitEndsWithContext(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	srv.FailNext("GET", "/applications/@me", 1, discordtest.Fault{Status: 429, RetryAfter: 50 * time.Second})
	r, err := bot.NewREST(bot.Config{Token: srv.Token(), Router: commands.NewRouter(nil), Logger: logger, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		srv.WaitRequests(ctx, 1, discordtest.Match("GET", "/applications/@me")) //nolint:errcheck // cancel either way
		cancel()
	}()
	var startErr error
	hangGuard(t, 30*time.Second, "Start after cancel", func() { startErr = r.Start(ctx) })
	if !errors.Is(startErr, context.Canceled) {
		t.Fatalf("Start: %v", startErr)
	}
}

// startREST starts a REST-only client on srv, closed with the test.
func startREST(t *testing.T, srv *discordtest.Server) *bot.REST {
	t.Helper()
	logger, _ := testLogger(t)
	return startRESTLogging(t, srv, logger)
}

// startRESTLogging is startREST with the bot's logs going to logger.
func startRESTLogging(t *testing.T, srv *discordtest.Server, logger *slog.Logger) *bot.REST {
	t.Helper()
	r, err := bot.NewREST(bot.Config{Token: srv.Token(), Router: commands.NewRouter(nil), Logger: logger, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Close)
	if err := r.Start(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	return r
}

// SendRecap under an hour's 429 returns at once with the delay, which the
// scheduler honours (see "429 for an hour, longer than the lease" in
// TestRecapDiscordErrors).
func TestSendRecapRateLimitedForAnHour(t *testing.T) {
	srv := discordtest.New(t)
	r := startREST(t, srv)
	ch := srv.NewSnowflake()
	srv.FailNext("POST", "/channels/"+ch+"/messages", 1, discordtest.Fault{Status: 429, RetryAfter: time.Hour})
	rc := recap.Recap{EpisodeID: "003", Title: "Wege des Lebens", Summary: "Katrin hilft.", Source: "Zusammenfassung"}
	var sendErr error
	hangGuard(t, 30*time.Second, "SendRecap", func() {
		_, sendErr = r.SendRecap(context.Background(), ch, rc, "nonce-1")
	})
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(sendErr, &ra) || ra.RetryAfter() < 59*time.Minute || errors.Is(sendErr, recap.ErrPermanent) {
		t.Fatalf("SendRecap: %v", sendErr)
	}
	// The route stays blocked: a second attempt is not even sent.
	_, sendErr = r.SendRecap(context.Background(), ch, rc, "nonce-1")
	if !errors.Is(sendErr, bot.ErrRateLimited) {
		t.Fatalf("second SendRecap: %v", sendErr)
	}
	if n := len(srv.RequestsMatching(discordtest.Match("POST", "/channels/"+ch+"/messages"))); n != 1 {
		t.Errorf("%d POSTs, want 1", n)
	}
	if len(srv.Messages(ch)) != 0 {
		t.Error("message created")
	}
}
