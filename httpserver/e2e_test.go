package httpserver_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/internal/discordtest"
	"iafbot/metrics"
)

// TestEndToEndDeferredThroughPeer plays Discord's part around the endpoint
// with the local Discord peer: the bot's REST client (package bot, as
// `iafbot serve --http` builds it) registers the commands; the peer creates
// an interaction; the test POSTs it, signed, to the endpoint and forwards
// the endpoint's HTTP answer (deferred, type 5) to the peer as Discord
// would; then the slow handler finishes and its result must reach the peer
// as PATCH /webhooks/{app}/{token}/messages/@original.
func TestEndToEndDeferredThroughPeer(t *testing.T) {
	if testing.Short() {
		t.Skip("opens a gateway session to create interactions on the peer")
	}
	peer := discordtest.New(t)
	_, priv := keys(t)
	logger := testLogger(t)
	m := metrics.New()
	rt := commands.New(knowledgeBase(t), logger)
	rt.Use(commands.Observe(m))
	release := make(chan struct{})
	slowCommand(true, false, release, nil)(nil, rt)

	guild := peer.NewSnowflake()
	peer.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	rest, err := bot.NewREST(bot.Config{Token: peer.Token(), GuildID: guild, Router: rt, Logger: logger, HTTPClient: peer.Client()})
	if err != nil {
		t.Fatal(err)
	}
	defer rest.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := rest.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if got := peer.Commands(guild); len(got) != 6 {
		t.Fatalf("%d commands registered", len(got))
	}

	pub, _ := keys(t)
	s, err := httpserver.New(httpserver.Config{PublicKey: pub, Metrics: m, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	s.Enable(rt, rest)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()

	// The peer only hands out interactions over a gateway session; this
	// one stands for Discord's side and answers nothing itself.
	dg, err := discordgo.New("Bot " + peer.Token())
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = peer.Client()
	dg.Identify.Intents = discordgo.IntentsGuilds
	dg.LogLevel = -1
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	defer dg.Close()
	if _, err := peer.WaitReady(ctx, 1); err != nil {
		t.Fatal(err)
	}
	channel := peer.NewSnowflake()
	ref, err := peer.SendSlashCommand(discordtest.InteractionSpec{Name: "slow", GuildID: guild, ChannelID: channel, Locale: discordgo.German})
	if err != nil {
		t.Fatal(err)
	}

	// Discord → endpoint: the same interaction, signed.
	body, _ := json.Marshal(map[string]any{
		"id": ref.ID, "application_id": peer.ApplicationID(), "type": 2, "token": ref.Token, "version": 1,
		"guild_id": guild, "channel_id": channel, "locale": "de", "app_permissions": "0",
		"data":   map[string]any{"id": peer.NewSnowflake(), "name": "slow", "type": 1},
		"member": map[string]any{"user": map[string]any{"id": peer.NewSnowflake(), "username": "tester"}, "permissions": "0", "roles": []string{}},
	})
	req, _ := http.NewRequest("POST", ts.URL+"/interactions", bytes.NewReader(body))
	req.Header = httpserver.Sign(priv, time.Now(), body)
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(answer), `"type":5`) {
		t.Fatalf("endpoint answered %d %s", resp.StatusCode, answer)
	}

	// Discord takes the HTTP answer as the interaction's callback.
	cb, _ := http.NewRequest("POST", discordgo.EndpointInteractionResponse(ref.ID, ref.Token), bytes.NewReader(answer))
	cb.Header.Set("Content-Type", "application/json")
	cbResp, err := peer.Client().Do(cb)
	if err != nil {
		t.Fatal(err)
	}
	cbResp.Body.Close()
	if cbResp.StatusCode != 204 {
		t.Fatalf("peer refused the deferred callback: %d", cbResp.StatusCode)
	}

	close(release)
	patch, err := peer.NextRequest(ctx, discordtest.Match("PATCH", "/webhooks/*/*/messages/@original"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "/webhooks/" + peer.ApplicationID() + "/" + ref.Token + "/messages/@original"; !strings.HasSuffix(patch.Path, want) || patch.Status != 200 {
		t.Errorf("PATCH %s → %d, want …%s → 200", patch.Path, patch.Status, want)
	}
	st, _ := peer.Interaction(ref.ID)
	if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource || st.Original == nil || st.Original.Content != "fertig" {
		t.Errorf("peer state: type %d original %+v", st.ResponseType, st.Original)
	}
	if n := len(peer.RequestsMatching(discordtest.Match("POST", "/interactions/*/*/callback"))); n != 1 {
		t.Errorf("%d callbacks via REST; the endpoint must answer over HTTP only", n)
	}
	e := &env{t: t, ts: httptest.NewServer(s.Handler())}
	defer e.ts.Close()
	waitMetric(t, e, `iafbot_interaction_followups_total{result="ok"} 1`)
	waitMetric(t, e, `iafbot_interactions_total{command="slow",kind="command",outcome="answered"} 1`)

	sctx, scancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer scancel()
	if err := s.Shutdown(sctx, nil); err != nil {
		t.Error(err)
	}
}
