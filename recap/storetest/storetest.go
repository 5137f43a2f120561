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
		{"ClaimsOfDifferentDaysRace", testClaimsOfDifferentDaysRace},
		{"ClaimStoresLease", testClaimStoresLease},
		{"LeaseIsCompareAndSet", testLeaseCompareAndSet},
		{"ConcurrentTakeOversOneWins", testConcurrentTakeOvers},
		{"RecordFailureCounts", testRecordFailureCounts},
		{"ConcurrentFailuresAllCounted", testConcurrentFailures},
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

// retryIn returns a retryAt function for RecordFailure: at plus failures
// times d.
func retryIn(d time.Duration) func(int) time.Time {
	return func(failures int) time.Time { return at.Add(time.Duration(failures) * d) }
}

func recordFailure(t *testing.T, s recap.Store, version int64, msg string, retryAt func(int) time.Time) int {
	t.Helper()
	n, err := s.RecordFailure(context.Background(), guild, version, msg, retryAt)
	if err != nil {
		t.Fatalf("RecordFailure: %v", err)
	}
	return n
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
	for range 3 {
		recordFailure(t, s, first.Version, "boom", retryIn(time.Minute))
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
	recordFailure(t, s, sub.Version, "503", retryIn(time.Second))
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
	called := false
	n, err := s.RecordFailure(ctx, guild, old.Version, "boom", func(int) time.Time { called = true; return at })
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 || called {
		t.Errorf("RecordFailure for version %d of %d: count %d, retryAt called %v; want 0, false", old.Version, cur.Version, n, called)
	}
	if got := get(t, s, guild); got.Problem != "" || got.Failures != 0 || got.LastError != "" {
		t.Errorf("outcome for version %d applied to version %d: %+v", old.Version, cur.Version, got)
	}
	if n := recordFailure(t, s, cur.Version, "boom", retryIn(4*time.Second)); n != 1 {
		t.Errorf("RecordFailure for the current version returned %d, want 1", n)
	}
	if got := get(t, s, guild); got.Failures != 1 || !got.RetryAt.Equal(at.Add(4*time.Second)) || got.LastError != "boom" {
		t.Errorf("RecordFailure for the current version not applied: %+v", got)
	}
	if n, err := s.RecordFailure(ctx, "81384788765712385", 1, "boom", retryIn(time.Second)); n != 0 || err != nil {
		t.Errorf("RecordFailure without subscription = %d, %v; want 0, nil", n, err)
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

// Claims of one guild for different days, and of the same days, racing
// each other (replicas whose clocks disagree about the date, a clock
// set back): the outcome must be one that claims made one after another
// could have had, and no claim may fail with an error (deadlock,
// serialization failure, busy database).
func testClaimsOfDifferentDaysRace(t *testing.T, s recap.Store) {
	ctx := context.Background()
	subscribe(t, s, guild)
	type result struct {
		date       string
		won        bool
		start, end time.Time // monotonic, for real-time order
	}
	const rounds, perDay = 8, 3
	var prev string // the newest day of earlier rounds
	for round := range rounds {
		// Four consecutive days per round, each claimed perDay times at once.
		var days []string
		for i := range 4 {
			days = append(days, at.AddDate(0, 0, 4*round+i).Format("2006-01-02"))
		}
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			results []result
			start   = make(chan struct{})
		)
		for k := range perDay * len(days) {
			date := days[(k*7)%len(days)] // interleave the days
			wg.Go(func() {
				<-start
				p := post(guild, date)
				p.EpisodeID = fmt.Sprint("ep", k)
				r := result{date: date, start: time.Now()}
				ok, err := s.Claim(ctx, p)
				r.end, r.won = time.Now(), ok
				if err != nil {
					t.Errorf("round %d: Claim(%s): %v", round, date, err)
				}
				mu.Lock()
				results = append(results, r)
				mu.Unlock()
			})
		}
		close(start)
		wg.Wait()

		winners := map[string]int{}
		newest := prev
		for _, r := range results {
			if r.won {
				winners[r.date]++
				newest = max(newest, r.date)
			}
		}
		for _, d := range days {
			if winners[d] > 1 {
				t.Errorf("round %d: %d claims won %s", round, winners[d], d)
			}
		}
		// The newest day has no later day that could refuse it.
		if last := days[len(days)-1]; winners[last] != 1 {
			t.Errorf("round %d: newest day %s won by %d claims, want 1", round, last, winners[last])
		}
		for _, r := range results {
			if r.won {
				// Claims that ended before this one started came first: none
				// of them may have won a later day.
				for _, q := range results {
					if q.won && q.date > r.date && q.end.Before(r.start) {
						t.Errorf("round %d: %s was claimed after %s had been claimed", round, r.date, q.date)
					}
				}
			} else if winners[r.date] == 0 && !laterWon(winners, r.date) {
				t.Errorf("round %d: claim of %s refused though no claim of it or a later day won", round, r.date)
			}
		}

		// What is stored is exactly the winners, newest last.
		posts, err := s.Posts(ctx, guild, -1)
		if err != nil {
			t.Fatal(err)
		}
		stored := map[string]bool{}
		for _, p := range posts {
			if p.LocalDate > prev {
				stored[p.LocalDate] = true
			}
		}
		for _, d := range days {
			if stored[d] != (winners[d] == 1) {
				t.Errorf("round %d: %s stored %v, won %d times", round, d, stored[d], winners[d])
			}
		}
		if got := get(t, s, guild).Last.LocalDate; got != newest {
			t.Errorf("round %d: Last is %s, want the newest claimed day %s", round, got, newest)
		}
		prev = newest
	}
}

func laterWon(winners map[string]int, date string) bool {
	for d, n := range winners {
		if n > 0 && d > date {
			return true
		}
	}
	return false
}

func testClaimStoresLease(t *testing.T, s recap.Store) {
	ctx := context.Background()
	subscribe(t, s, guild)
	leased := post(guild, "2026-03-28")
	leased.LeaseUntil = at.Add(90 * time.Second)
	claim(t, s, leased)
	if got := get(t, s, guild).Last.LeaseUntil; !got.Equal(leased.LeaseUntil) {
		t.Errorf("Last.LeaseUntil = %v, want %v", got, leased.LeaseUntil)
	}
	// Without a lease (as claimed before leases existed): zero.
	claim(t, s, post(guild, "2026-03-29"))
	posts, err := s.Posts(ctx, guild, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 2 || !posts[0].LeaseUntil.IsZero() || !posts[1].LeaseUntil.Equal(leased.LeaseUntil) {
		t.Errorf("Posts leases: %+v, want zero for 03-29 and %v for 03-28", posts, leased.LeaseUntil)
	}
}

func testLeaseCompareAndSet(t *testing.T, s recap.Store) {
	ctx := context.Background()
	lease := func(date string, from, to time.Time) bool {
		t.Helper()
		ok, err := s.Lease(ctx, guild, date, from, to)
		if err != nil {
			t.Fatalf("Lease(%s, %v, %v): %v", date, from, to, err)
		}
		return ok
	}
	leaseOf := func() time.Time { return get(t, s, guild).Last.LeaseUntil }

	subscribe(t, s, guild)
	if lease("2026-03-28", time.Time{}, at) {
		t.Error("leased a post that was never claimed")
	}
	// Claimed without a lease: zero stands for none.
	claim(t, s, post(guild, "2026-03-28"))
	// Nanoseconds, as a scheduler computes them: from must match what the
	// store kept of an earlier to, whatever its precision.
	l1 := at.Add(90*time.Second + 987654321)
	if !lease("2026-03-28", time.Time{}, l1) {
		t.Fatal("could not lease a post without lease from zero")
	}
	if lease("2026-03-28", time.Time{}, at) {
		t.Error("leased from zero a post that has a lease")
	}
	if lease("2026-03-28", at.Add(time.Second), at.Add(time.Hour)) {
		t.Error("leased from a value the lease does not have")
	}
	if !leaseOf().Equal(l1.Truncate(time.Microsecond)) && !leaseOf().Equal(l1) {
		t.Errorf("lease %v, want %v", leaseOf(), l1)
	}
	l2 := l1.Add(time.Minute)
	if !lease("2026-03-28", l1, l2) {
		t.Fatal("could not move the lease from the value given before")
	}
	if !lease("2026-03-28", leaseOf(), l1) {
		t.Fatal("could not move the lease from the value read back")
	}
	// Back to zero works too.
	if !lease("2026-03-28", l1, time.Time{}) || !leaseOf().IsZero() {
		t.Errorf("lease %v after setting it to zero", leaseOf())
	}
	// A sent post has no lease to take.
	if err := s.Confirm(ctx, guild, "2026-03-28", channel, "msg-1", at); err != nil {
		t.Fatal(err)
	}
	if lease("2026-03-28", time.Time{}, l2) {
		t.Error("leased a sent post")
	}
	if lease("2026-03-27", time.Time{}, l2) {
		t.Error("leased another day's post")
	}
}

// Several schedulers find the same expired lease and try to take the
// post over: exactly one may resend it.
func testConcurrentTakeOvers(t *testing.T, s recap.Store) {
	subscribe(t, s, guild)
	p := post(guild, "2026-03-28")
	p.LeaseUntil = at.Add(90 * time.Second)
	claim(t, s, p)
	const n = 8
	var wg sync.WaitGroup
	wins := make(chan time.Time, n)
	for i := range n {
		wg.Go(func() {
			to := at.Add(5*time.Minute + time.Duration(i)*time.Second)
			ok, err := s.Lease(context.Background(), guild, p.LocalDate, p.LeaseUntil, to)
			if err != nil {
				t.Errorf("Lease: %v", err)
			}
			if ok {
				wins <- to
			}
		})
	}
	wg.Wait()
	close(wins)
	var won []time.Time
	for to := range wins {
		won = append(won, to)
	}
	if len(won) != 1 {
		t.Fatalf("%d take-overs of one expired lease won, want 1", len(won))
	}
	if got := get(t, s, guild).Last.LeaseUntil; !got.Equal(won[0]) {
		t.Errorf("lease %v, want the winner's %v", got, won[0])
	}
}

func testRecordFailureCounts(t *testing.T, s recap.Store) {
	sub := subscribe(t, s, guild)
	var seen []int
	retryAt := func(failures int) time.Time {
		seen = append(seen, failures)
		return at.Add(time.Duration(failures) * time.Second)
	}
	for i := 1; i <= 3; i++ {
		if n := recordFailure(t, s, sub.Version, fmt.Sprint("err", i), retryAt); n != i {
			t.Errorf("failure %d: count %d", i, n)
		}
	}
	if fmt.Sprint(seen) != "[1 2 3]" {
		t.Errorf("retryAt called with %v, want [1 2 3]", seen)
	}
	got := get(t, s, guild)
	if got.Failures != 3 || !got.RetryAt.Equal(at.Add(3*time.Second)) || got.LastError != "err3" {
		t.Errorf("after 3 failures: %+v", got)
	}
}

// Replicas that fail at the same time all count: the increment is made by
// the store, not computed from a count read earlier.
func testConcurrentFailures(t *testing.T, s recap.Store) {
	sub := subscribe(t, s, guild)
	const n = 8
	var wg sync.WaitGroup
	counts := make(chan int, n)
	for range n {
		wg.Go(func() {
			c, err := s.RecordFailure(context.Background(), guild, sub.Version, "503", retryIn(time.Second))
			if err != nil {
				t.Errorf("RecordFailure: %v", err)
			}
			counts <- c
		})
	}
	wg.Wait()
	close(counts)
	seen := map[int]bool{}
	for c := range counts {
		seen[c] = true
	}
	for i := 1; i <= n; i++ {
		if !seen[i] {
			t.Errorf("no RecordFailure returned count %d; got %v", i, seen)
		}
	}
	got := get(t, s, guild)
	if got.Failures != n || !got.RetryAt.Equal(at.Add(n*time.Second)) {
		t.Errorf("after %d concurrent failures: Failures %d, RetryAt %v; want %d, %v", n, got.Failures, got.RetryAt, n, at.Add(n*time.Second))
	}
}
