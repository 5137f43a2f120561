package discordtest_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
)

const waitFor = 10 * time.Second

// ctx returns a context bounded by waitFor, so a broken wait fails the test
// instead of hanging it.
func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(t.Context(), waitFor)
	t.Cleanup(cancel)
	return c
}

// newSession builds an unopened discordgo session pointed at srv, with the
// Guilds intent only (what the bot uses).
func newSession(t *testing.T, srv *discordtest.Server) *discordgo.Session {
	t.Helper()
	dg, err := discordgo.New("Bot " + srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = srv.Client()
	dg.Identify.Intents = discordgo.IntentGuilds
	return dg
}

// open opens dg and closes it at cleanup (which takes ~1 s: discordgo's
// Close sleeps after sending the close frame).
func open(t *testing.T, dg *discordgo.Session) {
	t.Helper()
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { dg.Close() })
}

// chanOf registers a handler that forwards events of type T to a channel.
func chanOf[T any](dg *discordgo.Session) <-chan T {
	ch := make(chan T, 64)
	dg.AddHandler(func(_ *discordgo.Session, ev T) { ch <- ev })
	return ch
}

func recv[T any](t *testing.T, ch <-chan T) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(waitFor):
		var zero T
		t.Fatalf("timed out waiting for %T", zero)
		return zero
	}
}

// noRecv asserts nothing arrives within a short grace period.
func noRecv[T any](t *testing.T, ch <-chan T, d time.Duration) {
	t.Helper()
	select {
	case v := <-ch:
		t.Fatalf("unexpected event %#v", v)
	case <-time.After(d):
	}
}

// restErr asserts err is a *discordgo.RESTError with the given HTTP status
// and Discord error code.
func restErr(t *testing.T, err error, status, code int) {
	t.Helper()
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		t.Fatalf("error = %v (%T), want *discordgo.RESTError", err, err)
	}
	if re.Response.StatusCode != status {
		t.Fatalf("status = %d, want %d (%s)", re.Response.StatusCode, status, re.ResponseBody)
	}
	if re.Message == nil || re.Message.Code != code {
		t.Fatalf("error code: %+v, want %d (%s)", re.Message, code, re.ResponseBody)
	}
}

func contextWithTimeout(t *testing.T, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(t.Context(), d)
}
