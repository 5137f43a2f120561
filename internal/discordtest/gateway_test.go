package discordtest_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"iafbot/internal/discordtest"
)

func TestOpenReadyAndGuilds(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	guildID := srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guildID, Name: "Test Guild"})

	dg := newSession(t, srv)
	// discordgo's State overwrites the guilds of the READY event in place
	// when their GUILD_CREATE arrives, so reading Ready.Guilds from an
	// asynchronous handler races; SyncEvents makes copying them safe.
	dg.SyncEvents = true
	type readyInfo struct {
		sessionID, userID, appID string
		bot                      bool
		guilds                   []string
	}
	ready := make(chan readyInfo, 1)
	dg.AddHandler(func(_ *discordgo.Session, r *discordgo.Ready) {
		ri := readyInfo{sessionID: r.SessionID}
		if r.User != nil {
			ri.userID, ri.bot = r.User.ID, r.User.Bot
		}
		if r.Application != nil {
			ri.appID = r.Application.ID
		}
		for _, g := range r.Guilds {
			ri.guilds = append(ri.guilds, g.ID)
		}
		ready <- ri
	})
	created := chanOf[*discordgo.GuildCreate](dg)
	deleted := chanOf[*discordgo.GuildDelete](dg)
	open(t, dg)

	r := recv(t, ready)
	if r.sessionID == "" || r.userID != srv.BotUser().ID || !r.bot || r.appID != srv.ApplicationID() {
		t.Fatalf("READY = %+v", r)
	}
	if len(r.guilds) != 1 || r.guilds[0] != guildID {
		t.Fatalf("READY guilds = %+v", r.guilds)
	}
	if dg.State.User == nil || dg.State.User.ID != srv.BotUser().ID {
		t.Fatalf("state user = %+v", dg.State.User)
	}
	if gc := recv(t, created); gc.ID != guildID || gc.Name != "Test Guild" || gc.Unavailable {
		t.Fatalf("GUILD_CREATE = %+v", gc.Guild)
	}

	ids := srv.Identifies()
	if len(ids) != 1 {
		t.Fatalf("identifies = %+v", ids)
	}
	id := ids[0]
	if id.Intents != discordgo.IntentGuilds || id.Shard != [2]int{0, 1} || id.ShardSent || id.CloseCode != 0 || id.SessionID != r.sessionID {
		t.Fatalf("identify = %+v", id)
	}
	if id.Token != "Bot "+srv.Token() {
		t.Fatalf("identify token = %q", id.Token)
	}
	if got := srv.RequestsMatching(discordtest.Match("GET", "/gateway")); len(got) != 1 {
		t.Fatalf("GET /gateway requests = %v", got)
	}

	// The bot joins a guild, then is removed from it.
	g2 := srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: g2, Name: "Second"})
	if gc := recv(t, created); gc.ID != g2 {
		t.Fatalf("GUILD_CREATE = %+v", gc.Guild)
	}
	srv.RemoveGuild(guildID)
	gd := recv(t, deleted)
	if gd.ID != guildID || gd.Unavailable {
		t.Fatalf("GUILD_DELETE = %+v", gd.Guild)
	}
	if gd.BeforeDelete == nil || gd.BeforeDelete.Name != "Test Guild" {
		t.Fatalf("BeforeDelete (from discordgo state) = %+v", gd.BeforeDelete)
	}
	if gs := srv.Guilds(); len(gs) != 1 || gs[0].ID != g2 {
		t.Fatalf("guilds = %+v", gs)
	}

	// Generic dispatch: an outage marks the guild unavailable.
	n, err := srv.Dispatch("GUILD_DELETE", map[string]any{"id": g2, "unavailable": true})
	if err != nil || n != 1 {
		t.Fatalf("Dispatch = %d, %v", n, err)
	}
	if gd := recv(t, deleted); gd.ID != g2 || !gd.Unavailable {
		t.Fatalf("GUILD_DELETE = %+v", gd.Guild)
	}
}

func TestBadTokenOpenFails(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	dg, err := discordgo.New("Bot wrong-token")
	if err != nil {
		t.Fatal(err)
	}
	dg.Client = srv.Client()
	dg.Identify.Intents = discordgo.IntentGuilds

	err = dg.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != discordtest.CloseAuthenticationFailed || ce.Text != "Authentication failed." {
		t.Fatalf("Open error = %v (%T), want *websocket.CloseError 4004", err, err)
	}
	if ids := srv.Identifies(); len(ids) != 1 || ids[0].CloseCode != 4004 || ids[0].SessionID != "" {
		t.Fatalf("identifies = %+v", ids)
	}

	// REST with the wrong token: 401, surfaced as *discordgo.RESTError.
	_, err = dg.User("@me")
	restErr(t, err, 401, 0)
}

func TestIdentifyRejections(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	for _, tc := range []struct {
		name  string
		setup func(*discordgo.Session)
		code  int
	}{
		{"privileged intent", func(dg *discordgo.Session) { dg.Identify.Intents |= discordgo.IntentMessageContent }, discordtest.CloseDisallowedIntents},
		{"shard out of range", func(dg *discordgo.Session) {
			// discordgo refuses ShardID >= ShardCount itself, but with
			// ShardCount 1 it sends Identify.Shard as set.
			dg.Identify.Shard = &[2]int{3, 2}
		}, discordtest.CloseInvalidShard},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dg := newSession(t, srv)
			tc.setup(dg)
			err := dg.Open()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tc.code {
				t.Fatalf("Open error = %v, want close code %d", err, tc.code)
			}
		})
	}
}

func TestShardingRoutesGuildEvents(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	// Two guild IDs owned by different shards: (id >> 22) % 2.
	g0 := strconv.FormatUint(10<<22, 10)
	g1 := strconv.FormatUint(11<<22, 10)

	var ics [2]<-chan *discordgo.InteractionCreate
	var gcs [2]<-chan *discordgo.GuildCreate
	for shard := range 2 {
		dg := newSession(t, srv)
		dg.ShardID, dg.ShardCount = shard, 2
		ics[shard] = chanOf[*discordgo.InteractionCreate](dg)
		gcs[shard] = chanOf[*discordgo.GuildCreate](dg)
		open(t, dg)
	}
	if _, err := srv.WaitReady(ctx(t), 2); err != nil {
		t.Fatal(err)
	}
	ids := srv.Identifies()
	if len(ids) != 2 || ids[0].Shard != [2]int{0, 2} || ids[1].Shard != [2]int{1, 2} || !ids[0].ShardSent {
		t.Fatalf("identifies = %+v", ids)
	}

	srv.AddGuild(discordgo.Guild{ID: g1, Name: "odd"})
	if gc := recv(t, gcs[1]); gc.ID != g1 {
		t.Fatalf("shard 1 GUILD_CREATE = %+v", gc.Guild)
	}
	ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{Name: "ping", GuildID: g0, ChannelID: "5"})
	if err != nil {
		t.Fatal(err)
	}
	if ic := recv(t, ics[0]); ic.ID != ref.ID {
		t.Fatalf("shard 0 got %s, want %s", ic.ID, ref.ID)
	}
	noRecv(t, gcs[0], 50*time.Millisecond)
	noRecv(t, ics[1], 0)
}

func TestDropResumesAndReplays(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	dg := newSession(t, srv)
	ics := chanOf[*discordgo.InteractionCreate](dg)
	resumed := chanOf[*discordgo.Resumed](dg)
	ready := chanOf[*discordgo.Ready](dg)
	open(t, dg)
	first := recv(t, ready)
	spec := discordtest.InteractionSpec{Name: "ping", GuildID: srv.NewSnowflake(), ChannelID: srv.NewSnowflake()}

	if _, err := srv.SendSlashCommand(spec); err != nil {
		t.Fatal(err)
	}
	recv(t, ics)

	if err := srv.WaitHeartbeat(ctx(t)); err != nil {
		t.Fatal(err)
	}
	if n := srv.DropConnections(); n != 1 {
		t.Fatalf("dropped %d connections", n)
	}
	// Dispatched while the client is away: replayed on RESUME.
	missed, err := srv.SendSlashCommand(spec)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := srv.WaitReady(ctx(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	recv(t, resumed)
	if ic := recv(t, ics); ic.ID != missed.ID {
		t.Fatalf("replayed interaction %s, want %s", ic.ID, missed.ID)
	}
	rs := srv.Resumes()
	if len(rs) != 1 || !rs[0].Accepted || rs[0].SessionID != first.SessionID || rs[0].Replayed != 1 {
		t.Fatalf("resumes = %+v", rs)
	}
	if sess[0].ID != first.SessionID || sess[0].Resumes != 1 {
		t.Fatalf("session = %+v", sess[0])
	}

	// The resumed session keeps working, REST included.
	after, err := srv.SendSlashCommand(spec)
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, ics)
	if ic.ID != after.ID {
		t.Fatalf("interaction %s, want %s", ic.ID, after.ID)
	}
	if err := dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "pong"},
	}); err != nil {
		t.Fatal(err)
	}
	if len(srv.Identifies()) != 1 {
		t.Fatalf("client re-identified instead of resuming: %+v", srv.Identifies())
	}
}

func TestInvalidatedSessionReidentifies(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.WithLogf(t.Logf))
	dg := newSession(t, srv)
	ready := chanOf[*discordgo.Ready](dg)
	open(t, dg)
	r1 := recv(t, ready)
	if err := srv.WaitHeartbeat(ctx(t)); err != nil {
		t.Fatal(err)
	}

	srv.InvalidateSessions()
	r2 := recv(t, ready)
	if r2.SessionID == r1.SessionID {
		t.Fatal("same session after invalidation")
	}
	rs := srv.Resumes()
	if len(rs) != 1 || rs[0].Accepted {
		t.Fatalf("resumes = %+v", rs)
	}
	if ids := srv.Identifies(); len(ids) != 2 {
		t.Fatalf("identifies = %+v", ids)
	}
	if _, err := srv.WaitReady(ctx(t), 1); err != nil {
		t.Fatal(err)
	}
}

func TestHeartbeatAckAndCleanClose(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.WithHeartbeatInterval(100*time.Millisecond))
	dg := newSession(t, srv)
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	opened := time.Now()
	if err := srv.WaitUntil(ctx(t), func() bool { return srv.Heartbeats() >= 3 }); err != nil {
		t.Fatal(err)
	}
	if err := dg.UpdateCustomStatus("testing"); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitUntil(ctx(t), func() bool { return len(srv.ClientOps()) == 1 }); err != nil {
		t.Fatal(err)
	}
	if op := srv.ClientOps()[0]; op.Op != 3 {
		t.Fatalf("client op = %+v", op)
	}

	// ACKs reach the client. (discordgo's HeartbeatLatency reads these
	// fields without the lock, a data race; read under RLock instead.) The
	// condition is re-checked at each further heartbeat.
	if err := srv.WaitUntil(ctx(t), func() bool {
		dg.RLock()
		defer dg.RUnlock()
		return dg.LastHeartbeatAck.After(opened)
	}); err != nil {
		t.Fatal(err)
	}

	// A deliberate Close (code 1000) ends the session: not resumable.
	if err := dg.Close(); err != nil {
		t.Fatal(err)
	}
	if err := srv.WaitUntil(ctx(t), func() bool {
		ss := srv.Sessions()
		return len(ss) == 1 && ss[0].Ended && !ss[0].Connected
	}); err != nil {
		t.Fatal(err, srv.Sessions())
	}
	if _, err := srv.Dispatch("GUILD_DELETE", map[string]any{"id": "1"}); !errors.Is(err, discordtest.ErrNoSession) {
		t.Fatalf("Dispatch after close: %v", err)
	}
}
