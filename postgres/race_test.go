package postgres

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/postgres/pgtest"
	"iafbot/recap"
)

// fixedClock stands still until the test moves it; every replica reads the
// same instant, as replicas with synchronized clocks do.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fixedClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// After never fires: the test calls Tick itself.
func (c *fixedClock) After(time.Duration) <-chan time.Time { return make(chan time.Time) }

type catalog []string

func (c catalog) EpisodeIDs() []string { return c }

func (c catalog) Recap(id string) (recap.Recap, error) {
	return recap.Recap{
		EpisodeID:  id,
		Title:      "Folge " + id,
		Summary:    "Zusammenfassung der Folge " + id + ".",
		Characters: []string{"Anna", "Ben"},
		Source:     "Episodenführer",
	}, nil
}

// discordSender is a minimal recap.Sender over discordgo, test-only.
// discordgo's MessageSend has no nonce fields, so it posts its own body.
type discordSender struct{ dg *discordgo.Session }

func (s discordSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	body := map[string]any{
		"embeds": []*discordgo.MessageEmbed{{
			Title:       r.Title,
			Description: r.Summary,
			Footer:      &discordgo.MessageEmbedFooter{Text: "Quelle: " + r.Source},
		}},
		"nonce":         nonce,
		"enforce_nonce": true,
	}
	endpoint := discordgo.EndpointChannelMessages(channelID)
	b, err := s.dg.RequestWithBucketID("POST", endpoint, body, endpoint, discordgo.WithContext(ctx))
	if err != nil {
		var re *discordgo.RESTError
		if errors.As(err, &re) && re.Response != nil {
			return "", recap.ClassifyHTTP(re.Response.StatusCode, err)
		}
		return "", err
	}
	var m discordgo.Message
	if err := discordgo.Unmarshal(b, &m); err != nil {
		return "", err
	}
	return m.ID, nil
}

// countingStore counts won claims, which the peer alone cannot tell apart
// from resends deduplicated by nonce.
type countingStore struct {
	recap.Store
	won *atomic.Int64
}

func (s countingStore) Claim(ctx context.Context, p recap.Post) (bool, error) {
	ok, err := s.Store.Claim(ctx, p)
	if ok {
		s.won.Add(1)
	}
	return ok, err
}

// Several replicas, each with its own connection pool, Discord session and
// scheduler, start together and tick at the same instant on three days
// (including the switch to summer time): every guild gets exactly one
// message a day.
func TestSchedulersRaceForTheDay(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	peer := discordtest.New(t)
	const replicas = 6

	type guild struct{ id, channel string }
	guilds := make([]guild, 3)
	for i := range guilds {
		guilds[i] = guild{peer.NewSnowflake(), peer.NewSnowflake()}
	}
	clock := &fixedClock{now: recap.PostTime("2026-03-27", 12*60, recap.Berlin)}
	var won atomic.Int64
	scheds := startReplicas(t, replicas, dbURL, peer, clock, &won)
	errs := make([]error, replicas)
	for i, g := range guilds {
		if err := scheds[i].Subscribe(ctx, g.id, g.channel, 8*60); err != nil {
			t.Fatal(err)
		}
	}

	posts := func(ch string) int {
		return len(peer.RequestsMatching(discordtest.Match("POST", "/channels/"+ch+"/messages")))
	}
	for day, date := range []string{"2026-03-28", "2026-03-29", "2026-03-30"} {
		clock.Set(recap.PostTime(date, 8*60, recap.Berlin))
		race(replicas, func(i int) { _, errs[i] = scheds[i].Tick(ctx) })
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("%s: Tick: %v", date, err)
		}
		if got, want := won.Load(), int64(len(guilds)*(day+1)); got != want {
			t.Errorf("%s: %d claims won in total, want %d (one per guild and day)", date, got, want)
		}
		for _, g := range guilds {
			msgs := peer.Messages(g.channel)
			if len(msgs) != day+1 {
				t.Errorf("%s: channel %s has %d messages, want %d", date, g.channel, len(msgs), day+1)
			}
			// More than one send a day would be a resend of a claim that
			// another replica is still sending: only Discord's nonce dedup,
			// which lasts minutes, would keep it from being a second post.
			if n := posts(g.channel); n != day+1 {
				t.Errorf("%s: %d sends to channel %s, want %d (no resend of a claim in flight)", date, n, g.channel, day+1)
			}
		}
	}

	store := NewRecapStore(openT(t, dbURL, 0))
	for _, g := range guilds {
		ps, err := store.Posts(ctx, g.id, 10)
		if err != nil {
			t.Fatal(err)
		}
		msgs := peer.Messages(g.channel)
		if len(ps) != 3 || len(msgs) != 3 {
			t.Fatalf("guild %s: %d posts stored, %d messages", g.id, len(ps), len(msgs))
		}
		seen := map[string]bool{}
		for i, p := range ps {
			m := msgs[len(msgs)-1-i] // posts are newest first
			if !p.Sent() || p.MessageID != m.ID || p.ChannelID != g.channel {
				t.Errorf("guild %s %s: post %+v does not record message %s", g.id, p.LocalDate, p, m.ID)
			}
			if len(m.Embeds) != 1 || m.Embeds[0].Title != "Folge "+p.EpisodeID {
				t.Errorf("guild %s %s: message embeds %+v, want episode %s", g.id, p.LocalDate, m.Embeds, p.EpisodeID)
			}
			if seen[p.EpisodeID] {
				t.Errorf("guild %s: episode %s posted twice in three days", g.id, p.EpisodeID)
			}
			seen[p.EpisodeID] = true
		}
	}
}

// startReplicas starts n replicas at once, as after a deployment: each
// opens its own pool (running the migrations) and Discord session.
func startReplicas(t *testing.T, n int, dbURL string, peer *discordtest.Server, clock recap.Clock, won *atomic.Int64) []*recap.Scheduler {
	t.Helper()
	scheds := make([]*recap.Scheduler, n)
	errs := make([]error, n)
	race(n, func(i int) {
		db, err := Open(context.Background(), dbURL)
		if err != nil {
			errs[i] = err
			return
		}
		t.Cleanup(func() { db.Close() })
		dg, err := discordgo.New("Bot " + peer.Token())
		if err != nil {
			errs[i] = err
			return
		}
		dg.Client = peer.Client()
		scheds[i] = &recap.Scheduler{
			Store:   countingStore{NewRecapStore(db), won},
			Catalog: catalog{"001", "002", "003", "004", "005"},
			Sender:  discordSender{dg},
			Clock:   clock,
			Logger:  slog.New(slog.DiscardHandler),
		}
	})
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return scheds
}

// A replica's send is slow (Discord created the message but its answer is
// held): the other replicas, ticking meanwhile, leave the claim alone until
// its lease ends. Then exactly one takes it over and resends with the same
// nonce; Discord answers with the existing message.
func TestSlowSendNotResentByOtherReplicas(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	peer := discordtest.New(t)
	guildID, channelID := peer.NewSnowflake(), peer.NewSnowflake()
	clock := &fixedClock{now: recap.PostTime("2026-03-27", 12*60, recap.Berlin)}
	var won atomic.Int64
	scheds := startReplicas(t, 4, dbURL, peer, clock, &won)
	if err := scheds[0].Subscribe(ctx, guildID, channelID, 8*60); err != nil {
		t.Fatal(err)
	}
	messages := discordtest.Match("POST", "/channels/"+channelID+"/messages")
	hold := peer.HoldNext("POST", "/channels/"+channelID+"/messages", 1, discordtest.AfterHandling)

	t0 := recap.PostTime("2026-03-28", 8*60, recap.Berlin)
	clock.Set(t0)
	done := make(chan error, 1)
	go func() { _, err := scheds[0].Tick(ctx); done <- err }()
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := hold.Wait(wctx); err != nil {
		t.Fatalf("replica 0's send: %v", err)
	}

	others := scheds[1:]
	errs := make([]error, len(others))
	tick := func(at time.Time) {
		t.Helper()
		clock.Set(at)
		race(len(others), func(i int) { _, errs[i] = others[i].Tick(ctx) })
		if err := errors.Join(errs...); err != nil {
			t.Fatalf("Tick at %v: %v", at, err)
		}
	}
	// The default lease: SendTimeout 30 s + 1 min.
	for _, d := range []time.Duration{0, 30 * time.Second, 89 * time.Second} {
		tick(t0.Add(d))
		if n := len(peer.RequestsMatching(messages)); n != 1 {
			t.Fatalf("%v after the claim: %d sends, want only replica 0's", d, n)
		}
	}
	tick(t0.Add(90 * time.Second))
	if n := len(peer.RequestsMatching(messages)); n != 2 {
		t.Fatalf("after the lease ended: %d sends, want 2 (one take-over)", n)
	}

	hold.Release()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	msgs := peer.Messages(channelID)
	if len(msgs) != 1 || won.Load() != 1 {
		t.Fatalf("%d messages from %d claims, want 1 from 1", len(msgs), won.Load())
	}
	posts, err := NewRecapStore(openT(t, dbURL, 0)).Posts(ctx, guildID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || !posts[0].Sent() || posts[0].MessageID != msgs[0].ID {
		t.Errorf("posts %+v, want one confirmed with message %s", posts, msgs[0].ID)
	}
}

// race runs fn(0) … fn(n-1) in goroutines released together, and waits.
func race(n int, fn func(i int)) {
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		ready.Add(1)
		done.Go(func() {
			ready.Done()
			<-start
			fn(i)
		})
	}
	ready.Wait()
	close(start)
	done.Wait()
}
