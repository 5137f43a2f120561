package bot_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// End-to-end tests of the daily recap: the scheduler, with the bot as its
// Sender and a real SQLite store, posts through the real discordgo session
// to the local Discord peer. A manual clock drives the scheduler; Tick is
// called by the test, so every post happens at a known moment.

// manualClock only moves when the test moves it.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *manualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *manualClock) Add(d time.Duration) { c.Set(c.Now().Add(d)) }

// After is only used by Scheduler.Run, which these tests do not call.
func (c *manualClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

type recapHarness struct {
	*harness
	store *sqlite.RecapStore
	sched *recap.Scheduler
	clock *manualClock
}

// startRecapBot wires store, scheduler and bot as `iafbot serve` does.
// The clock starts on Tuesday, 4 March 2025, 07:00 in Berlin.
func startRecapBot(t *testing.T) *recapHarness {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rh := &recapHarness{store: sqlite.NewRecapStore(db), clock: &manualClock{now: time.Date(2025, 3, 4, 7, 0, 0, 0, recap.Berlin)}}
	rh.sched = &recap.Scheduler{Store: rh.store, Catalog: commands.RecapCatalog(knowledgeBase(t)), Clock: rh.clock}
	rh.harness = startBot(t, true,
		func(cfg *bot.Config) {
			commands.RegisterRecap(cfg.Router, rh.sched, commands.RecapConfig{Now: rh.clock.Now})
			rh.sched.Logger = cfg.Logger.With("component", "recap")
		},
		func(b *bot.Bot) {
			rh.sched.Sender = b
			b.ForgetRemovedGuilds(rh.sched)
		})
	return rh
}

// recap sends /recap <sub> for guild, by a member with perms.
func (rh *recapHarness) recap(guild, sub string, perms int64, opts ...*discordgo.ApplicationCommandInteractionDataOption) callback {
	rh.t.Helper()
	ref, err := rh.srv.SendSlashCommand(discordtest.InteractionSpec{
		Name: "recap", GuildID: guild, ChannelID: rh.channel, Locale: discordgo.German,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{
			Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts,
		}},
		MemberPermissions: perms,
		AppPermissions:    discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks,
	})
	if err != nil {
		rh.t.Fatal(err)
	}
	cb, _ := rh.wait(ref.ID)
	if !cb.ephemeral() {
		rh.t.Errorf("/recap %s reply is public: %+v", sub, cb.Data)
	}
	return cb
}

func (rh *recapHarness) tick(t *testing.T) time.Time {
	t.Helper()
	next, err := rh.sched.Tick(timeout(t, 20*time.Second))
	if err != nil {
		t.Fatalf("Tick: %v", err)
	}
	return next
}

func (rh *recapHarness) posts(ch string) []discordtest.Request {
	return rh.srv.RequestsMatching(discordtest.Match("POST", "/channels/"+ch+"/messages"))
}

func (rh *recapHarness) subscription(t *testing.T, guild string) recap.Subscription {
	t.Helper()
	sub, err := rh.store.Subscription(context.Background(), guild)
	if err != nil {
		t.Fatalf("subscription of %s: %v", guild, err)
	}
	return sub
}

// dueSubscription subscribes a fresh guild and channel for the next full
// minute and moves the clock there, so the next Tick posts.
func (rh *recapHarness) dueSubscription(t *testing.T) (guild, channel string) {
	t.Helper()
	guild, channel = rh.srv.NewSnowflake(), rh.srv.NewSnowflake()
	at := rh.clock.Now().Truncate(time.Minute).Add(time.Minute).In(recap.Berlin)
	if err := rh.sched.Subscribe(context.Background(), guild, channel, recap.TimeOfDay(at.Hour()*60+at.Minute())); err != nil {
		t.Fatal(err)
	}
	rh.clock.Set(at)
	return guild, channel
}

// sentMessage is the body of a recap POST.
type sentMessage struct {
	Embeds          []*discordgo.MessageEmbed `json:"embeds"`
	Nonce           string                    `json:"nonce"`
	EnforceNonce    bool                      `json:"enforce_nonce"`
	AllowedMentions struct {
		Parse *[]string `json:"parse"`
	} `json:"allowed_mentions"`
}

func decodePost(t *testing.T, r discordtest.Request) sentMessage {
	t.Helper()
	var m sentMessage
	if err := r.JSON(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRecapEndToEnd(t *testing.T) {
	rh := startRecapBot(t)
	srv, guild := rh.srv, rh.guild
	ch := srv.NewSnowflake()

	t.Run("registration", func(t *testing.T) {
		var def *discordgo.ApplicationCommand
		for _, c := range srv.Commands(guild) {
			if c.Name == "recap" {
				def = c
			}
		}
		if def == nil || def.DefaultMemberPermissions == nil || *def.DefaultMemberPermissions != discordgo.PermissionManageGuild || len(def.Options) != 4 {
			t.Fatalf("recap registered as %+v", def)
		}
	})

	t.Run("status before subscribing", func(t *testing.T) {
		cb := rh.recap(guild, "status", 0)
		if !strings.Contains(cb.Data.Content, "kein täglicher Recap abonniert") {
			t.Errorf("reply %q", cb.Data.Content)
		}
	})

	chOpt := &discordgo.ApplicationCommandInteractionDataOption{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: ch}
	timeOpt := stringOpt("time", "08:00", false)

	t.Run("subscribe refused without Manage Server", func(t *testing.T) {
		cb := rh.recap(guild, "subscribe", discordgo.PermissionSendMessages|discordgo.PermissionManageMessages, chOpt, timeOpt)
		if cb.Data.Content != commands.MsgRecapNeedsManage {
			t.Errorf("reply %q", cb.Data.Content)
		}
		if _, err := rh.store.Subscription(context.Background(), guild); !errors.Is(err, recap.ErrNotFound) {
			t.Errorf("subscription after refusal: %v", err)
		}
	})

	t.Run("subscribe", func(t *testing.T) {
		cb := rh.recap(guild, "subscribe", discordgo.PermissionManageGuild, chOpt, timeOpt)
		for _, w := range []string{"Abonniert", "<#" + ch + ">", "08:00 Uhr", "Der erste kommt Dienstag, 4. März 2025, 08:00 Uhr"} {
			if !strings.Contains(cb.Data.Content, w) {
				t.Errorf("reply %q lacks %q", cb.Data.Content, w)
			}
		}
		if sub := rh.subscription(t, guild); sub.ChannelID != ch || sub.Time != 8*60 {
			t.Errorf("stored %+v", sub)
		}
	})

	t.Run("status", func(t *testing.T) {
		e := rh.recap(guild, "status", 0).embed(t)
		if fieldValue(e, "Kanal") != "<#"+ch+">" || !strings.Contains(fieldValue(e, "Uhrzeit"), "08:00 Uhr") ||
			!strings.HasPrefix(fieldValue(e, "Nächster Recap"), "Dienstag, 4. März 2025, 08:00 Uhr") ||
			fieldValue(e, "Letzter Recap") != "noch keiner" {
			t.Errorf("status %+v", e.Fields)
		}
	})

	var posted *discordgo.Message
	t.Run("tick posts exactly one message at 08:00", func(t *testing.T) {
		if next := rh.tick(t); !next.Equal(time.Date(2025, 3, 4, 8, 0, 0, 0, recap.Berlin)) || len(rh.posts(ch)) != 0 {
			t.Fatalf("at 07:00: next %v, %d posts", next, len(rh.posts(ch)))
		}
		rh.clock.Set(time.Date(2025, 3, 4, 8, 0, 0, 0, recap.Berlin))
		next := rh.tick(t)
		if !next.Equal(time.Date(2025, 3, 5, 8, 0, 0, 0, recap.Berlin)) {
			t.Errorf("next %v", next)
		}
		reqs := rh.posts(ch)
		if len(reqs) != 1 || reqs[0].Status != 200 {
			t.Fatalf("requests %v", reqs)
		}
		m := decodePost(t, reqs[0])
		if m.Nonce != recap.Nonce(guild, "2025-03-04") || !m.EnforceNonce {
			t.Errorf("nonce %q enforce %v", m.Nonce, m.EnforceNonce)
		}
		if m.AllowedMentions.Parse == nil || len(*m.AllowedMentions.Parse) != 0 {
			t.Errorf("allowed_mentions %s", reqs[0].Body)
		}
		msgs := srv.Messages(ch)
		if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
			t.Fatalf("messages %+v", msgs)
		}
		posted = msgs[0]
		e := posted.Embeds[0]
		sub := rh.subscription(t, guild)
		if !sub.Last.Sent() || sub.Last.MessageID != posted.ID || sub.Last.Title != e.Title {
			t.Errorf("stored post %+v", sub.Last)
		}
		// The embed carries the knowledge engine's summary of the episode.
		kb := knowledgeBase(t)
		ep, ok := kb.Episode(sub.Last.EpisodeID)
		if !ok {
			t.Fatalf("episode %q", sub.Last.EpisodeID)
		}
		if e.Title != fmt.Sprintf("Folge %d: %s", ep.Number, ep.Title) || e.Description != kb.Summary(ep.ID, 3) ||
			fieldValue(e, "Hauptfiguren") != strings.Join(ep.Characters[:min(3, len(ep.Characters))], ", ") ||
			e.Footer == nil || e.Footer.Text != "Dienstag, 4. März 2025 · Quelle: "+commands.RecapSource {
			t.Errorf("embed %+v (fields %+v)", e, e.Fields)
		}

		rh.clock.Add(30 * time.Second)
		rh.tick(t)
		if n := len(rh.posts(ch)); n != 1 {
			t.Errorf("%d posts after a second tick the same day", n)
		}
	})
	if posted == nil {
		t.FailNow()
	}

	t.Run("status after the post", func(t *testing.T) {
		e := rh.recap(guild, "status", 0).embed(t)
		last := fieldValue(e, "Letzter Recap")
		if !strings.HasPrefix(last, "Dienstag, 4. März 2025, 08:00 Uhr: "+posted.Embeds[0].Title) || !strings.Contains(last, posted.ID) ||
			!strings.HasPrefix(fieldValue(e, "Nächster Recap"), "Mittwoch, 5. März 2025, 08:00 Uhr") {
			t.Errorf("status %+v", e.Fields)
		}
	})

	t.Run("preview shows today's recap to the caller only", func(t *testing.T) {
		cb := rh.recap(guild, "preview", 0)
		if e := cb.embed(t); e.Title != posted.Embeds[0].Title || e.Description != posted.Embeds[0].Description {
			t.Errorf("preview %+v", e)
		}
		if len(srv.Messages(ch)) != 1 {
			t.Error("preview posted into the channel")
		}
	})

	t.Run("unsubscribe", func(t *testing.T) {
		if cb := rh.recap(guild, "unsubscribe", 0); cb.Data.Content != commands.MsgRecapNeedsManage {
			t.Errorf("without permission: %q", cb.Data.Content)
		}
		cb := rh.recap(guild, "unsubscribe", discordgo.PermissionAdministrator)
		if !strings.Contains(cb.Data.Content, "Abbestellt") {
			t.Errorf("reply %q", cb.Data.Content)
		}
		if _, err := rh.store.Subscription(context.Background(), guild); !errors.Is(err, recap.ErrNotFound) {
			t.Errorf("after unsubscribe: %v", err)
		}
	})
}

// TestRecapDiscordErrors: each subtest has its own guild and channel on
// one bot and scheduler, and the clock only moves forward.
func TestRecapDiscordErrors(t *testing.T) {
	rh := startRecapBot(t)
	srv := rh.srv

	t.Run("429 with Retry-After, then success", func(t *testing.T) {
		guild, ch := rh.dueSubscription(t)
		srv.FailNext("POST", "/channels/"+ch+"/messages", 1, discordtest.Fault{Status: 429, RetryAfter: 300 * time.Millisecond})
		start := time.Now()
		rh.tick(t)
		elapsed := time.Since(start)
		reqs := rh.posts(ch)
		if len(reqs) != 2 || !reqs[0].Fault || reqs[0].Status != 429 || reqs[1].Status != 200 {
			t.Fatalf("requests %v", reqs)
		}
		if elapsed < 300*time.Millisecond {
			t.Errorf("retried after %v, before Retry-After", elapsed)
		}
		if len(srv.Messages(ch)) != 1 {
			t.Errorf("%d messages", len(srv.Messages(ch)))
		}
		if sub := rh.subscription(t, guild); !sub.Last.Sent() || sub.Failures != 0 {
			t.Errorf("stored %+v", sub)
		}
	})

	// Retry-After longer than the lease: the send gives up at once (it
	// used to sleep the hour inside discordgo, past its timeout and its
	// lease, so another replica could post the day a second time); the
	// claim is handed back for after the hour, and only then resent.
	t.Run("429 for an hour, longer than the lease", func(t *testing.T) {
		guild, ch := rh.dueSubscription(t)
		srv.FailNext("POST", "/channels/"+ch+"/messages", 1, discordtest.Fault{Status: 429, RetryAfter: time.Hour})
		failedAt := rh.clock.Now()
		hangGuard(t, 30*time.Second, "Tick", func() { rh.tick(t) })
		if reqs := rh.posts(ch); len(reqs) != 1 || reqs[0].Status != 429 {
			t.Fatalf("requests %v", reqs)
		}
		sub := rh.subscription(t, guild)
		if sub.Failures != 1 || sub.RetryAt.Before(failedAt.Add(time.Hour)) || sub.Last.Sent() ||
			sub.Last.LeaseUntil.Before(failedAt.Add(time.Hour)) {
			t.Fatalf("after the 429: %+v", sub)
		}
		rh.clock.Add(30 * time.Minute)
		rh.tick(t)
		if n := len(rh.posts(ch)); n != 1 {
			t.Fatalf("%d requests before Retry-After was over", n)
		}
		rh.clock.Add(31 * time.Minute)
		// The bot's own block of the route is on the real clock: end it
		// as the hour would have.
		bot.ForgetRateLimits(rh.b)
		rh.tick(t)
		if reqs := rh.posts(ch); len(reqs) != 2 || reqs[1].Status != 200 || len(srv.Messages(ch)) != 1 {
			t.Fatalf("requests %v, %d messages", reqs, len(srv.Messages(ch)))
		}
	})

	t.Run("500, then success after backoff", func(t *testing.T) {
		guild, ch := rh.dueSubscription(t)
		srv.FailNext("POST", "/channels/"+ch+"/messages", 1, discordtest.Fault{Status: 500})
		failedAt := rh.clock.Now()
		rh.tick(t)
		if reqs := rh.posts(ch); len(reqs) != 1 || reqs[0].Status != 500 || len(srv.Messages(ch)) != 0 {
			t.Fatalf("requests %v", reqs)
		}
		sub := rh.subscription(t, guild)
		if sub.Failures != 1 || !sub.RetryAt.Equal(failedAt.Add(time.Second)) || sub.Last.Sent() || sub.Problem != "" {
			t.Fatalf("after 500: %+v", sub)
		}
		e := rh.recap(guild, "status", 0).embed(t)
		if !strings.Contains(fieldValue(e, "Letzter Fehler"), "500") || fieldValue(e, "Nächster Versuch") == "" {
			t.Errorf("status %+v", e.Fields)
		}

		rh.tick(t) // backoff not over: nothing
		if n := len(rh.posts(ch)); n != 1 {
			t.Fatalf("%d requests during backoff", n)
		}
		rh.clock.Add(time.Second)
		rh.tick(t)
		reqs := rh.posts(ch)
		if len(reqs) != 2 || reqs[1].Status != 200 || len(srv.Messages(ch)) != 1 {
			t.Fatalf("requests %v, %d messages", reqs, len(srv.Messages(ch)))
		}
		if a, b := decodePost(t, reqs[0]), decodePost(t, reqs[1]); a.Nonce != b.Nonce || !b.EnforceNonce {
			t.Errorf("retry nonce %q vs %q", b.Nonce, a.Nonce)
		}
		if sub := rh.subscription(t, guild); !sub.Last.Sent() || sub.Failures != 0 || sub.LastError != "" {
			t.Errorf("after success: %+v", sub)
		}
	})

	for _, tc := range []struct {
		name    string
		access  discordtest.ChannelAccess
		problem string
	}{
		{"403 permission removed", discordtest.ChannelForbidden, "nicht schreiben"},
		{"403 channel hidden", discordtest.ChannelNoAccess, "nicht schreiben"},
		{"404 channel deleted", discordtest.ChannelUnknown, "existiert nicht mehr"},
	} {
		t.Run(tc.name+" breaks the subscription", func(t *testing.T) {
			guild, ch := rh.dueSubscription(t)
			srv.SetChannel(ch, tc.access)
			rh.tick(t)
			if reqs := rh.posts(ch); len(reqs) != 1 || reqs[0].Status/100 != 4 {
				t.Fatalf("requests %v", reqs)
			}
			sub := rh.subscription(t, guild)
			if !strings.Contains(sub.Problem, tc.problem) || !strings.Contains(sub.Problem, "<#"+ch+">") {
				t.Fatalf("problem %q", sub.Problem)
			}
			e := rh.recap(guild, "status", 0).embed(t)
			if fieldValue(e, "Problem") != sub.Problem || !strings.Contains(fieldValue(e, "Nächster Recap"), "keiner") {
				t.Errorf("status %+v", e.Fields)
			}
			// No more attempts, that day or later, until subscribed again.
			for _, d := range []time.Duration{time.Minute, time.Hour, 24 * time.Hour} {
				rh.clock.Add(d)
				rh.tick(t)
			}
			if n := len(rh.posts(ch)); n != 1 {
				t.Errorf("%d attempts after the subscription broke", n)
			}
		})
	}
}

// TestRecapGuildDelete: being removed from a guild deletes its
// subscription; an outage (unavailable) keeps it.
func TestRecapGuildDelete(t *testing.T) {
	rh := startRecapBot(t)
	srv := rh.srv
	gone, _ := rh.dueSubscription(t)
	outage, _ := rh.dueSubscription(t)

	if _, err := srv.Dispatch("GUILD_DELETE", map[string]any{"id": outage, "unavailable": true}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the outage to be logged", func() bool {
		for _, l := range strings.Split(rh.logs.String(), "\n") {
			if strings.Contains(l, "guild unavailable") && strings.Contains(l, "guild="+outage) {
				return true
			}
		}
		return false
	})
	rh.subscription(t, outage)

	srv.RemoveGuild(gone) // GUILD_DELETE without "unavailable"
	eventually(t, "the subscription to be deleted", func() bool {
		_, err := rh.store.Subscription(context.Background(), gone)
		return errors.Is(err, recap.ErrNotFound)
	})
	rh.subscription(t, outage)
	eventually(t, "the removal to be logged", func() bool {
		return strings.Contains(rh.logs.String(), "removed from guild; its data is deleted")
	})
}

// A GuildRemover that fails is logged, not fatal.
type failingRemover struct{}

func (failingRemover) RemoveGuild(context.Context, string) error {
	return errors.New("database is closed")
}

func TestRecapGuildDeleteFailureIsLogged(t *testing.T) {
	h := startBot(t, false, nil, func(b *bot.Bot) { b.ForgetRemovedGuilds(failingRemover{}) })
	g := h.srv.NewSnowflake()
	if _, err := h.srv.Dispatch("GUILD_DELETE", map[string]any{"id": g}); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the failure to be logged", func() bool {
		return strings.Contains(h.logs.String(), "could not delete its data") && strings.Contains(h.logs.String(), "database is closed")
	})
}
