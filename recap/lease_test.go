package recap_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"iafbot/recap"
	"iafbot/sqlite"
)

// replica is another scheduler process on the same database file: its own
// connection pool, the shared fake clock, and the given sender and catalog
// (nil: the env's).
func (e *env) replica(sender recap.Sender, catalog recap.Catalog) *recap.Scheduler {
	e.t.Helper()
	db, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	if sender == nil {
		sender = e.discord
	}
	if catalog == nil {
		catalog = e.catalog
	}
	return &recap.Scheduler{
		Store:   sqlite.NewRecapStore(db),
		Catalog: catalog,
		Sender:  sender,
		Clock:   e.clock,
		Logger:  slog.New(slog.DiscardHandler),
	}
}

// slowSender holds every send until release is closed (a slow or hung
// Discord request), then passes it on. With ctx ending first it returns
// ctx's error, as an HTTP client does.
type slowSender struct {
	recap.Sender
	started chan struct{} // one value per send that began
	release chan struct{}
}

func newSlowSender(next recap.Sender) *slowSender {
	return &slowSender{Sender: next, started: make(chan struct{}, 10), release: make(chan struct{})}
}

func (s *slowSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	s.started <- struct{}{}
	select {
	case <-s.release:
		return s.Sender.SendRecap(ctx, channelID, r, nonce)
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func tickAt(t *testing.T, clock *fakeClock, at time.Time, scheds ...*recap.Scheduler) {
	t.Helper()
	clock.Set(at)
	var wg sync.WaitGroup
	errs := make([]error, len(scheds))
	for i, s := range scheds {
		wg.Go(func() { _, errs[i] = s.Tick(context.Background()) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatalf("Tick at %v: %v", at, err)
		}
	}
}

// A replica whose send is slow keeps its claim: the others do not resend
// it while it may still get through (which only Discord's short-lived
// nonce dedup would absorb). Once the lease has run out, as when the
// sender was killed or hangs, exactly one of them resends, with the same
// nonce.
func TestSlowSendIsNotResentByOtherReplicas(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	slow := newSlowSender(e.discord)
	a := e.replica(slow, nil)
	b, c := e.replica(nil, nil), e.replica(nil, nil)

	t0 := berlin("2026-05-02 08:00")
	e.clock.Set(t0)
	done := make(chan error, 1)
	go func() { _, err := a.Tick(context.Background()); done <- err }()
	recv(t, slow.started, "replica A's send")

	// The default lease is SendTimeout (30 s) + 1 min.
	for _, d := range []time.Duration{0, time.Second, 30 * time.Second, 89 * time.Second} {
		tickAt(t, e.clock, t0.Add(d), b, c)
		if calls := e.discord.Calls(); len(calls) != 0 {
			t.Fatalf("%v after A claimed: replicas sent %v while A is still sending", d, calls)
		}
		st, err := b.Status(context.Background(), guildA)
		if err != nil {
			t.Fatal(err)
		}
		if !st.NextPost.Equal(t0.Add(d)) {
			t.Errorf("%v after the claim: NextPost %v, want now (being sent)", d, st.NextPost)
		}
	}

	tickAt(t, e.clock, t0.Add(90*time.Second), b, c)
	calls := e.discord.Calls()
	if len(calls) != 1 || calls[0].Nonce != recap.Nonce(guildA, "2026-05-02") {
		t.Fatalf("after the lease expired: sends %v, want one resend with the day's nonce", calls)
	}
	tickAt(t, e.clock, t0.Add(91*time.Second), b, c)
	if n := len(e.discord.Calls()); n != 1 {
		t.Errorf("%d sends after the take-over confirmed, want 1", n)
	}

	// A's request finally returns: Discord knows the nonce, no second message.
	close(slow.release)
	if err := recv(t, done, "replica A's tick"); err != nil {
		t.Fatal(err)
	}
	if msgs := e.discord.Messages(); len(msgs) != 1 {
		t.Errorf("Discord shows %d messages, want 1", len(msgs))
	}
	if st := e.status(guildA); st.LastSent.LocalDate != "2026-05-02" || st.LastSent.MessageID != "msg1" {
		t.Errorf("LastSent = %+v", st.LastSent)
	}
}

// The lease is stored with the claim, so every replica honours the
// claimer's, whatever its own setting.
func TestLeaseIsConfigurableAndStored(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	hung := newSlowSender(e.discord) // never released: a hung or killed sender
	a := e.replica(hung, nil)
	a.Lease = 5 * time.Minute
	b := e.replica(nil, nil) // default lease, 90 s

	t0 := berlin("2026-05-02 08:00")
	e.clock.Set(t0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { a.Tick(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	recv(t, hung.started, "replica A's send")

	posts, err := b.Store.Posts(context.Background(), guildA, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || !posts[0].LeaseUntil.Equal(t0.Add(5*time.Minute)) {
		t.Fatalf("claim %+v, want LeaseUntil %v", posts, t0.Add(5*time.Minute))
	}
	tickAt(t, e.clock, t0.Add(4*time.Minute+59*time.Second), b)
	if n := len(e.discord.Calls()); n != 0 {
		t.Fatalf("%d sends within A's 5-minute lease, want 0", n)
	}
	tickAt(t, e.clock, t0.Add(5*time.Minute), b)
	if n := len(e.discord.Messages()); n != 1 {
		t.Fatalf("%d messages after A's lease ended, want 1", n)
	}

	// A lease shorter than the send timeout is raised to it.
	b.SendTimeout, b.Lease = time.Minute, time.Second
	e.subscribe(guildB, channelB, 8*60)
	c := e.replica(newSlowSender(e.discord), nil)
	c.SendTimeout, c.Lease = time.Minute, time.Second
	cctx, ccancel := context.WithCancel(context.Background())
	cdone := make(chan struct{})
	e.clock.Set(berlin("2026-05-03 08:00"))
	go func() { c.Tick(cctx); close(cdone) }()
	t.Cleanup(func() { ccancel(); <-cdone })
	for range 2 { // guild A's post of the day too
		recv(t, c.Sender.(*slowSender).started, "replica C's sends")
	}
	posts, err = b.Store.Posts(context.Background(), guildB, 1)
	if err != nil {
		t.Fatal(err)
	}
	if want := berlin("2026-05-03 08:01"); len(posts) != 1 || !posts[0].LeaseUntil.Equal(want) {
		t.Errorf("claim with Lease 1s and SendTimeout 1m: %+v, want LeaseUntil %v", posts, want)
	}
}

// A replica shutting down in the middle of a send hands the claim back:
// another one resends at once instead of waiting for the lease to end.
func TestShutdownHandsTheClaimBack(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	slow := newSlowSender(e.discord)
	a, b := e.replica(slow, nil), e.replica(nil, nil)

	t0 := berlin("2026-05-02 08:00")
	e.clock.Set(t0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := a.Tick(ctx); done <- err }()
	recv(t, slow.started, "replica A's send")
	cancel()
	recv(t, done, "replica A's tick")

	tickAt(t, e.clock, t0.Add(time.Second), b)
	calls := e.discord.Calls()
	if len(calls) != 1 || calls[0].Nonce != recap.Nonce(guildA, "2026-05-02") {
		t.Fatalf("sends %v, want B to resend the day at once", calls)
	}
	if st := e.status(guildA); st.Failures != 0 || st.LastSent.LocalDate != "2026-05-02" {
		t.Errorf("status %+v, want sent without a failure counted", st)
	}
}

// barrierCatalog has no episodes, and answers EpisodeIDs only once n
// callers are waiting: n replicas fail at the same time.
type barrierCatalog struct {
	mu      sync.Mutex
	waiting int
	n       int
	open    chan struct{}
}

func (c *barrierCatalog) EpisodeIDs() []string {
	c.mu.Lock()
	c.waiting++
	if c.waiting == c.n {
		close(c.open)
	}
	c.mu.Unlock()
	<-c.open
	return nil
}

func (c *barrierCatalog) Recap(string) (recap.Recap, error) {
	return recap.Recap{}, recap.ErrNoEpisodes
}

// Replicas failing at the same time all count: none overwrites the others'
// count with one computed from what it read before.
func TestConcurrentFailuresAllCount(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	const n = 3
	cat := &barrierCatalog{n: n, open: make(chan struct{})}
	var scheds []*recap.Scheduler
	for range n {
		scheds = append(scheds, e.replica(nil, cat))
	}
	t0 := berlin("2026-05-02 08:00")
	tickAt(t, e.clock, t0, scheds...)
	st := e.status(guildA)
	if st.Failures != n || !st.RetryAt.Equal(t0.Add(4*time.Second)) {
		t.Errorf("after %d replicas failed at once: Failures %d, RetryAt %v; want %d, %v",
			n, st.Failures, st.RetryAt, n, t0.Add(4*time.Second))
	}
}

// A post claimed by a version without leases (schema version 2) has no
// LeaseUntil; its lease is reckoned from ClaimedAt, so a send of the old
// version still in flight during a rolling upgrade is not doubled either.
func TestClaimWithoutLeaseIsInFlightFromClaimedAt(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	p := recap.Post{GuildID: guildA, LocalDate: "2026-05-02", EpisodeID: "003", Title: "Folge 003",
		Nonce: recap.Nonce(guildA, "2026-05-02"), ClaimedAt: berlin("2026-05-02 08:00")}
	if ok, err := e.sched.Store.Claim(ctx, p); err != nil || !ok {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	e.tick(berlin("2026-05-02 08:01:29"))
	if n := len(e.discord.Calls()); n != 0 {
		t.Fatalf("%d sends within 90 s of the claim, want 0", n)
	}
	e.tick(berlin("2026-05-02 08:01:30"))
	if calls := e.discord.Calls(); len(calls) != 1 || calls[0].Nonce != p.Nonce || calls[0].EpisodeID != "003" {
		t.Fatalf("sends %v, want the claim resent once its lease ended", calls)
	}
}

// After a restart, Run wakes when the dead process's lease ends, not a
// minute later.
func TestRunWakesWhenLeaseEnds(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	claimed := berlin("2026-05-02 08:00")
	p := recap.Post{GuildID: guildA, LocalDate: "2026-05-02", EpisodeID: "003", Title: "Folge 003",
		Nonce: recap.Nonce(guildA, "2026-05-02"), ClaimedAt: claimed, LeaseUntil: claimed.Add(90 * time.Second)}
	if ok, err := e.sched.Store.Claim(context.Background(), p); err != nil || !ok {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	e.restart()
	e.clock.Set(berlin("2026-05-02 08:01:00"))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.sched.Run(ctx) }()
	if d := recv(t, e.clock.waits, "first wait"); d != 30*time.Second {
		t.Errorf("Run waits %v at 08:01:00, want 30s until the lease ends", d)
	}
	e.clock.Set(berlin("2026-05-02 08:01:30"))
	recv(t, e.discord.sent, "resend at 08:01:30")
	cancel()
	recv(t, done, "Run to return")
	if calls := e.discord.Calls(); len(calls) != 1 || calls[0].Nonce != p.Nonce {
		t.Errorf("sends %v, want one resend of the claim", calls)
	}
}
