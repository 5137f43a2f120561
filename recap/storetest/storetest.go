// Package storetest is the behaviour every recap.Store must have, as a test
// suite that each implementation runs against itself:
//
//	func TestRecapStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) recap.Store { return openEmptyStore(t) })
//	}
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"iafbot/recap"
)

// Run runs the suite. open must return a new, empty store each call and
// arrange its cleanup with t.Cleanup.
func Run(t *testing.T, open func(t *testing.T) recap.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s recap.Store)
	}{
		{"SubscribeRoundTrip", testSubscribeRoundTrip},
		{"ResubscribeReplacesAndClearsProblems", testResubscribe},
		{"ClaimOncePerDay", testClaimOncePerDay},
		{"ClaimNotBeforeLaterDay", testClaimNotBeforeLaterDay},
		{"ClaimNeedsSubscription", testClaimNeedsSubscription},
		{"ConcurrentClaimsOneWins", testConcurrentClaims},
		{"ConfirmMarksSentAndResetsFailures", testConfirm},
		{"StaleVersionIgnored", testStaleVersion},
		{"DeleteGuild", testDeleteGuild},
		{"SubscriptionsWithLastPost", testSubscriptions},
		{"PostsNewestFirst", testPosts},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
}

const guild, channel = "81384788765712384", "81384788765712999"

// at is a fixed instant with sub-second precision, which must survive
// storage. Microseconds, not nanoseconds: PostgreSQL's timestamptz
// resolution.
var at = time.Date(2026, 3, 28, 7, 0, 0, 123456000, time.UTC)

func subscribe(t *testing.T, s recap.Store, guildID string) recap.Subscription {
	t.Helper()
	ctx := context.Background()
	if err := s.Subscribe(ctx, recap.Subscription{GuildID: guildID, ChannelID: channel, Time: 8 * 60, Since: at}); err != nil {
		t.Fatalf("Subscribe: %v", err)
	}
	return get(t, s, guildID)
}

func get(t *testing.T, s recap.Store, guildID string) recap.Subscription {
	t.Helper()
	sub, err := s.Subscription(context.Background(), guildID)
	if err != nil {
		t.Fatalf("Subscription(%s): %v", guildID, err)
	}
	return sub
}

func post(guildID, date string) recap.Post {
	return recap.Post{
		GuildID:   guildID,
		LocalDate: date,
		EpisodeID: "ep-" + date,
		Title:     "Titel " + date,
		Nonce:     recap.Nonce(guildID, date),
		ClaimedAt: at,
	}
}

func claim(t *testing.T, s recap.Store, p recap.Post) bool {
	t.Helper()
	ok, err := s.Claim(context.Background(), p)
	if err != nil {
		t.Fatalf("Claim(%s): %v", p.LocalDate, err)
	}
	return ok
}

func testSubscribeRoundTrip(t *testing.T, s recap.Store) {
	if _, err := s.Subscription(context.Background(), guild); !errors.Is(err, recap.ErrNotFound) {
		t.Fatalf("Subscription before Subscribe: err = %v, want ErrNotFound", err)
	}
	sub := subscribe(t, s, guild)
	want := recap.Subscription{GuildID: guild, ChannelID: channel, Time: 8 * 60, Since: at, Version: sub.Version}
	if !sub.Since.Equal(at) {
		t.Errorf("Since = %v, want %v", sub.Since, at)
	}
	sub.Since = at
	if sub != want {
		t.Errorf("Subscription = %+v, want %+v", sub, want)
	}
	if sub.Version == 0 {
		t.Error("Version = 0, want a positive version")
	}
}

func testResubscribe(t *testing.T, s recap.Store) {
	ctx := context.Background()
	first := subscribe(t, s, guild)
	claim(t, s, post(guild, "2026-03-28"))
	if err := s.RecordFailure(ctx, guild, first.Version, 3, at.Add(time.Minute), "boom"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkBroken(ctx, guild, first.Version, "kaputt"); err != nil {
		t.Fatal(err)
	}
	broken := get(t, s, guild)
	if broken.Problem != "kaputt" || broken.LastError != "boom" || broken.Failures != 3 {
		t.Fatalf("after failures: %+v", broken)
	}

	later := at.Add(time.Hour)
	if err := s.Subscribe(ctx, recap.Subscription{GuildID: guild, ChannelID: "999", Time: 20 * 60, Since: later}); err != nil {
		t.Fatal(err)
	}
	sub := get(t, s, guild)
	if sub.ChannelID != "999" || sub.Time != 20*60 || !sub.Since.Equal(later) {
		t.Errorf("not replaced: %+v", sub)
	}
	if sub.Version <= first.Version {
		t.Errorf("Version = %d, want > %d", sub.Version, first.Version)
	}
	if sub.Problem != "" || sub.Failures != 0 || !sub.RetryAt.IsZero() || sub.LastError != "" {
		t.Errorf("problems not cleared: %+v", sub)
	}
	if sub.Last.LocalDate != "2026-03-28" {
		t.Errorf("history lost on re-subscribe: Last = %+v", sub.Last)
	}
}

func testClaimOncePerDay(t *testing.T, s recap.Store) {
	subscribe(t, s, guild)
	p := post(guild, "2026-03-28")
	if !claim(t, s, p) {
		t.Fatal("first claim of the day failed")
	}
	again := p
	again.EpisodeID, again.Nonce = "other", "other"
	if claim(t, s, again) {
		t.Fatal("second claim of the same day succeeded")
	}
	last := get(t, s, guild).Last
	if last.EpisodeID != p.EpisodeID || last.Nonce != p.Nonce || last.Title != p.Title || !last.ClaimedAt.Equal(at) {
		t.Errorf("Last = %+v, want the first claim %+v", last, p)
	}
	if last.Sent() {
		t.Error("a fresh claim reads as sent")
	}
	if !claim(t, s, post(guild, "2026-03-29")) {
		t.Error("claim of the next day failed")
	}
}

func testClaimNotBeforeLaterDay(t *testing.T, s recap.Store) {
	subscribe(t, s, guild)
	claim(t, s, post(guild, "2026-03-29"))
	// The clock went back a day: that day must not be posted as well.
	if claim(t, s, post(guild, "2026-03-28")) {
		t.Error("claimed a day before an already claimed day")
	}
}

func testClaimNeedsSubscription(t *testing.T, s recap.Store) {
	if claim(t, s, post(guild, "2026-03-28")) {
		t.Error("claimed without a subscription")
	}
}

func testConcurrentClaims(t *testing.T, s recap.Store) {
	subscribe(t, s, guild)
	const n = 8
	var wg sync.WaitGroup
	wins := make(chan int, n)
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			p := post(guild, "2026-03-28")
			p.EpisodeID = fmt.Sprint("ep", i)
			ok, err := s.Claim(context.Background(), p)
			if err != nil {
				errs <- err
			}
			if ok {
				wins <- i
			}
		})
	}
	wg.Wait()
	close(wins)
	close(errs)
	for err := range errs {
		t.Errorf("Claim: %v", err)
	}
	var winners []int
	for i := range wins {
		winners = append(winners, i)
	}
	if len(winners) != 1 {
		t.Fatalf("%d claims won the same day, want 1", len(winners))
	}
	if got, want := get(t, s, guild).Last.EpisodeID, fmt.Sprint("ep", winners[0]); got != want {
		t.Errorf("stored episode %q, want the winner's %q", got, want)
	}
}

func testConfirm(t *testing.T, s recap.Store) {
	ctx := context.Background()
	sub := subscribe(t, s, guild)
	claim(t, s, post(guild, "2026-03-28"))
	if err := s.RecordFailure(ctx, guild, sub.Version, 2, at.Add(2*time.Second), "503"); err != nil {
		t.Fatal(err)
	}
	sentAt := at.Add(3 * time.Second)
	if err := s.Confirm(ctx, guild, "2026-03-28", channel, "msg-1", sentAt); err != nil {
		t.Fatal(err)
	}
	got := get(t, s, guild)
	if !got.Last.Sent() || got.Last.MessageID != "msg-1" || got.Last.ChannelID != channel || !got.Last.SentAt.Equal(sentAt) {
		t.Errorf("Last after Confirm = %+v", got.Last)
	}
	if got.Failures != 0 || !got.RetryAt.IsZero() || got.LastError != "" {
		t.Errorf("failures not reset: %+v", got)
	}
	if err := s.Confirm(ctx, guild, "2026-03-27", channel, "msg-0", sentAt); !errors.Is(err, recap.ErrNotFound) {
		t.Errorf("Confirm of an unclaimed day: err = %v, want ErrNotFound", err)
	}
}

func testStaleVersion(t *testing.T, s recap.Store) {
	ctx := context.Background()
	old := subscribe(t, s, guild)
	cur := subscribe(t, s, guild) // re-subscribed while a send was in flight
	if err := s.MarkBroken(ctx, guild, old.Version, "kaputt"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordFailure(ctx, guild, old.Version, 5, at, "boom"); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, guild); got.Problem != "" || got.Failures != 0 || got.LastError != "" {
		t.Errorf("outcome for version %d applied to version %d: %+v", old.Version, cur.Version, got)
	}
	retry := at.Add(4 * time.Second)
	if err := s.RecordFailure(ctx, guild, cur.Version, 5, retry, "boom"); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, guild); got.Failures != 5 || !got.RetryAt.Equal(retry) || got.LastError != "boom" {
		t.Errorf("RecordFailure for the current version not applied: %+v", got)
	}
}

func testDeleteGuild(t *testing.T, s recap.Store) {
	ctx := context.Background()
	const other = "81384788765712385"
	subscribe(t, s, guild)
	subscribe(t, s, other)
	claim(t, s, post(guild, "2026-03-28"))
	claim(t, s, post(other, "2026-03-28"))
	if err := s.DeleteGuild(ctx, guild); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Subscription(ctx, guild); !errors.Is(err, recap.ErrNotFound) {
		t.Errorf("after DeleteGuild: err = %v, want ErrNotFound", err)
	}
	if posts, err := s.Posts(ctx, guild, 10); err != nil || len(posts) != 0 {
		t.Errorf("history kept after DeleteGuild: %v, %v", posts, err)
	}
	if posts, _ := s.Posts(ctx, other, 10); len(posts) != 1 {
		t.Errorf("other guild's history touched: %v", posts)
	}
	if err := s.DeleteGuild(ctx, guild); err != nil {
		t.Errorf("deleting again: %v", err)
	}
	// Re-added later, the guild starts fresh and may post today again.
	subscribe(t, s, guild)
	if !claim(t, s, post(guild, "2026-03-28")) {
		t.Error("claim after re-adding failed")
	}
}

func testSubscriptions(t *testing.T, s recap.Store) {
	ctx := context.Background()
	const other = "81384788765712385"
	subscribe(t, s, guild)
	subscribe(t, s, other)
	claim(t, s, post(guild, "2026-03-27"))
	claim(t, s, post(guild, "2026-03-28"))
	subs, err := s.Subscriptions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	last := map[string]string{}
	for _, sub := range subs {
		last[sub.GuildID] = sub.Last.LocalDate
	}
	want := map[string]string{guild: "2026-03-28", other: ""}
	if fmt.Sprint(last) != fmt.Sprint(want) {
		t.Errorf("guild -> newest post = %v, want %v", last, want)
	}
}

func testPosts(t *testing.T, s recap.Store) {
	subscribe(t, s, guild)
	for _, d := range []string{"2026-03-26", "2026-03-27", "2026-03-28"} {
		claim(t, s, post(guild, d))
	}
	posts, err := s.Posts(context.Background(), guild, 2)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, p := range posts {
		dates = append(dates, p.LocalDate)
	}
	if fmt.Sprint(dates) != "[2026-03-28 2026-03-27]" {
		t.Errorf("Posts(limit 2) dates = %v, want [2026-03-28 2026-03-27]", dates)
	}
}
