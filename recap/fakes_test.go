package recap_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"iafbot/recap"
	"iafbot/sqlite"
)

// fakeClock only moves when the test sets it.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []fakeTimer
	waits  chan time.Duration // every After call, so tests can see what Run waits for
}

type fakeTimer struct {
	at time.Time
	ch chan time.Time
}

func newFakeClock(t time.Time) *fakeClock {
	return &fakeClock{now: t, waits: make(chan time.Duration, 100)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.timers = append(c.timers, fakeTimer{c.now.Add(d), ch})
	c.fire()
	select {
	case c.waits <- d:
	default:
	}
	return ch
}

// Set moves the clock, backward or forward, and fires due timers.
func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
	c.fire()
}

func (c *fakeClock) fire() {
	c.timers = slices.DeleteFunc(c.timers, func(t fakeTimer) bool {
		if t.at.After(c.now) {
			return false
		}
		t.ch <- c.now
		return true
	})
}

// fakeDiscord records every SendRecap call and, like Discord with
// enforce_nonce, creates a message only for a nonce it has not seen.
type fakeDiscord struct {
	mu       sync.Mutex
	clock    *fakeClock
	calls    []send
	messages []send // what users see
	byNonce  map[string]string
	fail     func(channelID string) error // injected failure, checked per call
	sent     chan struct{}                // signalled after each call
}

type send struct {
	At        time.Time
	ChannelID string
	EpisodeID string
	Date      string
	Nonce     string
	ID        string // of the message, in messages
}

func newFakeDiscord(clock *fakeClock) *fakeDiscord {
	return &fakeDiscord{clock: clock, byNonce: map[string]string{}, sent: make(chan struct{}, 100)}
}

func (d *fakeDiscord) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	defer func() { d.sent <- struct{}{} }()
	d.mu.Lock()
	defer d.mu.Unlock()
	s := send{At: d.clock.Now(), ChannelID: channelID, EpisodeID: r.EpisodeID, Date: r.Date, Nonce: nonce}
	d.calls = append(d.calls, s)
	if d.fail != nil {
		if err := d.fail(channelID); err != nil {
			return "", err
		}
	}
	if id, ok := d.byNonce[nonce]; ok {
		return id, nil
	}
	s.ID = fmt.Sprint("msg", len(d.messages)+1)
	d.byNonce[nonce] = s.ID
	d.messages = append(d.messages, s)
	return s.ID, nil
}

func (d *fakeDiscord) Calls() []send {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.calls)
}

func (d *fakeDiscord) Messages() []send {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.messages)
}

func (d *fakeDiscord) SetFail(f func(channelID string) error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fail = f
}

// catalog is a fixed list of episodes.
type catalog struct {
	mu  sync.Mutex
	ids []string
}

func newCatalog(n int) *catalog {
	c := &catalog{}
	for i := range n {
		c.ids = append(c.ids, fmt.Sprintf("%03d", i))
	}
	return c
}

func (c *catalog) EpisodeIDs() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	// Unsorted on purpose: the scheduler must not rely on the order.
	ids := slices.Clone(c.ids)
	slices.Reverse(ids)
	return ids
}

func (c *catalog) Add(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.ids = append(c.ids, id)
}

func (c *catalog) Recap(id string) (recap.Recap, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !slices.Contains(c.ids, id) {
		return recap.Recap{}, fmt.Errorf("unknown episode %q", id)
	}
	return recap.Recap{EpisodeID: id, Title: "Folge " + id, Summary: "…", Source: "test"}, nil
}

// Guild IDs: realistic snowflakes. guildA and guildB are on different
// shards of 2 ((id>>22)%2 is 0 and 1) and start at different episodes.
const (
	guildA   = "1100000000001179648"
	guildB   = "1100000000005373952" // guildA + 1<<22
	channelA = "1200000000000000001"
	channelB = "1200000000000000002"
)

// env is a scheduler on a real SQLite file with fake time and Discord.
type env struct {
	t       *testing.T
	path    string
	db      *sqlite.DB
	clock   *fakeClock
	discord *fakeDiscord
	catalog *catalog
	sched   *recap.Scheduler
}

func newEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	clock := newFakeClock(now)
	e := &env{
		t:       t,
		path:    filepath.Join(t.TempDir(), sqlite.FileName),
		clock:   clock,
		discord: newFakeDiscord(clock),
		catalog: newCatalog(5),
	}
	e.restart()
	return e
}

// restart drops the scheduler and database handle and opens them anew, as
// a restarted process would.
func (e *env) restart() {
	e.t.Helper()
	if e.db != nil {
		e.db.Close()
	}
	db, err := sqlite.Open(context.Background(), e.path)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	e.db = db
	e.sched = &recap.Scheduler{
		Store:   sqlite.NewRecapStore(db),
		Catalog: e.catalog,
		Sender:  e.discord,
		Clock:   e.clock,
		Logger:  slog.New(slog.DiscardHandler),
	}
}

func (e *env) subscribe(guildID, channelID string, tod recap.TimeOfDay) {
	e.t.Helper()
	if err := e.sched.Subscribe(context.Background(), guildID, channelID, tod); err != nil {
		e.t.Fatal(err)
	}
}

// tick runs the scheduler at t.
func (e *env) tick(t time.Time) {
	e.t.Helper()
	e.clock.Set(t)
	if _, err := e.sched.Tick(context.Background()); err != nil {
		e.t.Fatalf("Tick at %v: %v", t, err)
	}
}

func (e *env) status(guildID string) recap.Status {
	e.t.Helper()
	st, err := e.sched.Status(context.Background(), guildID)
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// berlin parses "2006-01-02 15:04[:05]" as Berlin wall time (not for
// ambiguous or skipped times; use UTC for those).
func berlin(s string) time.Time {
	layout := "2006-01-02 15:04"
	if len(s) > len(layout) {
		layout += ":05"
	}
	t, err := time.ParseInLocation(layout, s, recap.Berlin)
	if err != nil {
		panic(err)
	}
	return t
}

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}
