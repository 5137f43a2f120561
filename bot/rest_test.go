package bot_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/recap"
)

// The REST-only client of the HTTP interactions mode against the local
// peer: token check, registration, and the edit of a deferred response.
// The peer only knows interactions it dispatched over its gateway, so it
// answers the edit of an HTTP-delivered interaction with 404 Unknown
// Webhook; what matters here is the request it recorded.
func TestRESTStartRegistersWithoutGateway(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	guild := srv.NewSnowflake()
	r, err := bot.NewREST(bot.Config{
		Token: srv.Token(), GuildID: guild, Router: commands.New(knowledgeBase(t), logger),
		Logger: logger, HTTPClient: srv.Client(), ShardID: 3, ShardCount: 4, // ignored
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Start(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if r.ApplicationID() != srv.ApplicationID() {
		t.Errorf("application ID %q", r.ApplicationID())
	}
	if got := srv.Commands(guild); len(got) != 5 {
		t.Errorf("%d commands registered", len(got))
	}
	if n := len(srv.RequestsMatching(discordtest.Match("GET", "/gateway/**"))) +
		len(srv.RequestsMatching(discordtest.Match("GET", "/gateway"))); n != 0 {
		t.Errorf("%d gateway discovery requests", n)
	}
	if len(srv.Sessions()) != 0 {
		t.Error("a gateway session was opened")
	}
	if err := r.Start(timeout(t, time.Second)); err == nil {
		t.Error("second Start succeeded")
	}
	r.Close()
	r.Close()
}

func TestRESTEditOriginal(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	r, err := bot.NewREST(bot.Config{
		Token: srv.Token(), Router: commands.New(knowledgeBase(t), logger),
		Logger: logger, HTTPClient: srv.Client(), RetryBackoff: time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Start(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	i := &discordgo.Interaction{ID: "11", Token: "tok-1", Type: discordgo.InteractionApplicationCommand} // no AppID: ours is used
	srv.FailNext("PATCH", "/webhooks/**", 1, discordtest.Fault{Status: 502})
	err = r.EditOriginal(timeout(t, 10*time.Second), i, commands.Message("Fertig."), false)
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 404 {
		t.Fatalf("err = %v, want the peer's 404 for an unknown webhook", err)
	}
	patches := srv.RequestsMatching(discordtest.Match("PATCH", "/webhooks/**"))
	if len(patches) != 2 || !patches[0].Fault {
		t.Fatalf("want a faulted 502 and a retry, got %v", patches)
	}
	if want := "/webhooks/" + srv.ApplicationID() + "/tok-1/messages/@original"; !strings.HasSuffix(patches[1].Path, want) {
		t.Errorf("path %s, want suffix %s", patches[1].Path, want)
	}
	var body struct {
		Content string `json:"content"`
	}
	if err := patches[1].JSON(&body); err != nil || body.Content != "Fertig." {
		t.Errorf("body %s (%v)", patches[1].Body, err)
	}

	// An ephemeral result after a public deferral: delete + ephemeral followup.
	i2 := &discordgo.Interaction{ID: "12", AppID: srv.ApplicationID(), Token: "tok-2", Type: discordgo.InteractionApplicationCommand}
	r.EditOriginal(timeout(t, 10*time.Second), i2, commands.EphemeralMessage("Privat."), false) //nolint:errcheck // the peer does not know the token
	if n := len(srv.RequestsMatching(discordtest.Match("DELETE", "/webhooks/*/tok-2/messages/@original"))); n != 1 {
		t.Errorf("%d deletes", n)
	}
	posts := srv.RequestsMatching(discordtest.Match("POST", "/webhooks/*/tok-2"))
	if len(posts) != 1 || !strings.Contains(string(posts[0].Body), `"flags":64`) {
		t.Errorf("followups %v", posts)
	}

	if err := r.EditOriginal(timeout(t, time.Second), &discordgo.Interaction{}, commands.Message("x"), false); err == nil {
		t.Error("no error without a token")
	}
}

func TestRESTBadToken(t *testing.T) {
	srv := discordtest.New(t)
	r, err := bot.NewREST(bot.Config{Token: "wrong", Router: commands.NewRouter(nil), HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Start(timeout(t, 10*time.Second)); !errors.Is(err, bot.ErrBadToken) {
		t.Fatalf("err = %v", err)
	}
	if _, err := bot.NewREST(bot.Config{Router: commands.NewRouter(nil)}); err == nil {
		t.Error("NewREST without token")
	}
}

func TestRESTSendRecap(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	r, err := bot.NewREST(bot.Config{Token: srv.Token(), Router: commands.NewRouter(nil), Logger: logger, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if err := r.Start(timeout(t, 10*time.Second)); err != nil {
		t.Fatal(err)
	}
	ch := srv.NewSnowflake()
	rc := recap.Recap{EpisodeID: "003", Title: "Wege des Lebens", Summary: "Katrin hilft.", Source: "Zusammenfassung"}
	id, err := r.SendRecap(timeout(t, 10*time.Second), ch, rc, "nonce-1")
	if err != nil || id == "" {
		t.Fatalf("SendRecap: %q, %v", id, err)
	}
	again, err := r.SendRecap(timeout(t, 10*time.Second), ch, rc, "nonce-1")
	if err != nil || again != id {
		t.Errorf("resend with the same nonce: %q, %v (want %q)", again, err, id)
	}
	if msgs := srv.Messages(ch); len(msgs) != 1 || len(msgs[0].Embeds) != 1 || !strings.Contains(msgs[0].Embeds[0].Title, "Wege des Lebens") {
		t.Errorf("messages %+v", msgs)
	}
}
