package recap_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"iafbot/recap"
)

func TestPostTime(t *testing.T) {
	tests := []struct {
		date string
		tod  recap.TimeOfDay
		want time.Time
	}{
		{"2026-01-15", 8 * 60, utc("2026-01-15 07:00")},
		{"2026-07-15", 8 * 60, utc("2026-07-15 06:00")},
		{"2026-03-28", 8 * 60, utc("2026-03-28 07:00")},
		// Spring forward: 02:00 CET jumps to 03:00 CEST at 01:00 UTC.
		{"2026-03-29", 8 * 60, utc("2026-03-29 06:00")},
		{"2026-03-29", 1*60 + 59, utc("2026-03-29 00:59")},
		{"2026-03-29", 2*60 + 30, utc("2026-03-29 01:30")}, // 02:30 does not exist: 03:30 CEST
		{"2026-03-29", 3 * 60, utc("2026-03-29 01:00")},
		// Fall back: 03:00 CEST returns to 02:00 CET at 01:00 UTC.
		{"2026-10-25", 8 * 60, utc("2026-10-25 07:00")},
		{"2026-10-25", 2*60 + 30, utc("2026-10-25 00:30")}, // first of two 02:30s
		{"2026-10-25", 3 * 60, utc("2026-10-25 02:00")},
		{"2026-10-25", 0, utc("2026-10-24 22:00")},
	}
	for _, tt := range tests {
		if got := recap.PostTime(tt.date, tt.tod, recap.Berlin); !got.Equal(tt.want) {
			t.Errorf("PostTime(%s, %s) = %v, want %v", tt.date, tt.tod, got.UTC(), tt.want)
		}
	}
}

// TestPostsOncePerDayAtLocalTime ticks every minute for hours around the
// posting time and checks there is exactly one post, at the right instant.
func TestPostsOncePerDayAtLocalTime(t *testing.T) {
	tests := []struct {
		name string
		day  string
		tod  recap.TimeOfDay
		want time.Time
	}{
		{"normal winter day 08:00", "2026-03-28", 8 * 60, utc("2026-03-28 07:00")},
		{"normal summer day 08:00", "2026-07-01", 8 * 60, utc("2026-07-01 06:00")},
		{"spring forward 08:00", "2026-03-29", 8 * 60, utc("2026-03-29 06:00")},
		{"spring forward 02:30 posts at 03:30", "2026-03-29", 2*60 + 30, utc("2026-03-29 01:30")},
		{"fall back 08:00", "2026-10-25", 8 * 60, utc("2026-10-25 07:00")},
		{"fall back 02:30 posts once", "2026-10-25", 2*60 + 30, utc("2026-10-25 00:30")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dayBefore := berlin(tt.day+" 12:00").AddDate(0, 0, -1)
			e := newEnv(t, dayBefore)
			e.subscribe(guildA, channelA, tt.tod)
			// Every minute near the posting time, every 15 minutes for 3
			// hours either side: covers both 02:30s of the fall-back day.
			for m := -180; m <= 180; m++ {
				if m%15 == 0 || (m >= -5 && m <= 5) {
					e.tick(tt.want.Add(time.Duration(m) * time.Minute))
				}
			}
			calls := e.discord.Calls()
			if len(calls) != 1 {
				t.Fatalf("%d sends, want 1: %v", len(calls), calls)
			}
			if !calls[0].At.Equal(tt.want) {
				t.Errorf("posted at %v, want %v", calls[0].At.UTC(), tt.want)
			}
			if want := recap.Nonce(guildA, tt.day); calls[0].Nonce != want {
				t.Errorf("nonce %q, want %q (date %s)", calls[0].Nonce, want, tt.day)
			}
		})
	}
}

func TestClockJumps(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)

	// Forward over the posting time: posted once, late.
	e.tick(berlin("2026-05-02 07:00"))
	e.tick(berlin("2026-05-02 10:00"))
	e.tick(berlin("2026-05-02 10:01"))
	// Backward within the day, and past the posting time again.
	e.tick(berlin("2026-05-02 07:30"))
	e.tick(berlin("2026-05-02 08:00"))
	e.tick(berlin("2026-05-02 09:00"))
	// Backward to the previous day, past its posting time.
	e.tick(berlin("2026-05-01 09:00"))
	e.tick(berlin("2026-05-01 23:59"))
	if n := len(e.discord.Calls()); n != 1 {
		t.Fatalf("%d sends after clock jumps, want 1", n)
	}
	// Forward over several days: only the current day is posted.
	e.tick(berlin("2026-05-05 09:00"))
	calls := e.discord.Calls()
	if len(calls) != 2 || calls[1].Nonce != recap.Nonce(guildA, "2026-05-05") {
		t.Fatalf("after jumping to 2026-05-05: sends %v, want a second one for that day", calls)
	}
}

func TestCatchUpAfterDowntimeSameDay(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.tick(berlin("2026-05-02 07:59"))
	// Down from 07:59 to 13:17.
	e.tick(berlin("2026-05-02 13:17"))
	calls := e.discord.Calls()
	if len(calls) != 1 || !calls[0].At.Equal(berlin("2026-05-02 13:17")) {
		t.Fatalf("sends %v, want one at 13:17", calls)
	}
}

func TestMissedDayIsNotPostedLater(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.tick(berlin("2026-05-02 08:00"))
	// Down all of 2026-05-03.
	e.tick(berlin("2026-05-04 00:01"))
	e.tick(berlin("2026-05-04 07:59"))
	if n := len(e.discord.Calls()); n != 1 {
		t.Fatalf("%d sends before 08:00 after a missed day, want 1 (only 05-02)", n)
	}
	e.tick(berlin("2026-05-04 08:00"))
	posts, err := e.sched.Store.Posts(context.Background(), guildA, 10)
	if err != nil {
		t.Fatal(err)
	}
	var dates []string
	for _, p := range posts {
		dates = append(dates, p.LocalDate)
	}
	if fmt.Sprint(dates) != "[2026-05-04 2026-05-02]" {
		t.Errorf("posted days %v, want [2026-05-04 2026-05-02]", dates)
	}
}

func TestNewSubscriptionStartsAtNextTime(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 10:00"))
	e.subscribe(guildA, channelA, 8*60)
	if st := e.status(guildA); !st.NextPost.Equal(berlin("2026-05-02 08:00")) {
		t.Errorf("NextPost = %v, want tomorrow 08:00", st.NextPost)
	}
	e.tick(berlin("2026-05-01 10:01"))
	if n := len(e.discord.Calls()); n != 0 {
		t.Errorf("subscribing at 10:00 for 08:00 posted at once (%d sends)", n)
	}
	e.subscribe(guildB, channelB, 11*60)
	e.tick(berlin("2026-05-01 11:00"))
	if calls := e.discord.Calls(); len(calls) != 1 || calls[0].ChannelID != channelB {
		t.Errorf("sends %v, want one to %s the same day", calls, channelB)
	}
}

func TestResubscribeSameDayDoesNotPostTwice(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.tick(berlin("2026-05-02 08:00"))
	e.clock.Set(berlin("2026-05-02 08:30"))
	e.subscribe(guildA, channelB, 9*60)
	e.tick(berlin("2026-05-02 09:00"))
	e.tick(berlin("2026-05-02 23:00"))
	if n := len(e.discord.Calls()); n != 1 {
		t.Fatalf("%d sends, want 1", n)
	}
	e.tick(berlin("2026-05-03 09:00"))
	calls := e.discord.Calls()
	if len(calls) != 2 || calls[1].ChannelID != channelB {
		t.Errorf("next day: sends %v, want the second to the new channel", calls)
	}
}

func TestPermanentErrorBreaksSubscription(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.subscribe(guildB, channelB, 8*60)
	e.discord.SetFail(func(channelID string) error {
		if channelID == channelA {
			return recap.ClassifyHTTP(403, errors.New(`HTTP 403 Forbidden, {"message": "Missing Permissions", "code": 50013}`))
		}
		return nil
	})

	e.tick(berlin("2026-05-02 08:00"))
	st := e.status(guildA)
	if !strings.Contains(st.Problem, "nicht schreiben") || !strings.Contains(st.Problem, channelA) {
		t.Errorf("Problem = %q, want the missing permission explained", st.Problem)
	}
	if !st.NextPost.IsZero() {
		t.Errorf("NextPost = %v while broken, want none", st.NextPost)
	}
	for _, at := range []string{"2026-05-02 08:01", "2026-05-02 09:00", "2026-05-03 08:00", "2026-05-04 08:00"} {
		e.tick(berlin(at))
	}
	var toA, toB int
	for _, c := range e.discord.Calls() {
		if c.ChannelID == channelA {
			toA++
		} else {
			toB++
		}
	}
	if toA != 1 {
		t.Errorf("%d attempts on the broken subscription, want 1 (no retries)", toA)
	}
	if toB != 3 {
		t.Errorf("other guild got %d posts over 3 days, want 3", toB)
	}

	// Fixed by re-subscribing at noon. Nothing is pending today (the
	// failed claim was on 05-02), so the next post is tomorrow 08:00.
	e.discord.SetFail(nil)
	e.clock.Set(berlin("2026-05-04 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	if st := e.status(guildA); st.Problem != "" || !st.NextPost.Equal(berlin("2026-05-05 08:00")) {
		t.Errorf("after re-subscribing: Problem %q, NextPost %v", st.Problem, st.NextPost)
	}
	e.tick(berlin("2026-05-05 08:00"))
	if st := e.status(guildA); st.LastSent.LocalDate != "2026-05-05" {
		t.Errorf("LastSent = %+v, want 2026-05-05", st.LastSent)
	}
}

func TestResubscribeResendsTodaysBrokenPost(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.discord.SetFail(func(string) error {
		return recap.ClassifyHTTP(404, errors.New(`HTTP 404 Not Found, {"message": "Unknown Channel", "code": 10003}`))
	})
	e.tick(berlin("2026-05-02 08:00"))
	if st := e.status(guildA); !strings.Contains(st.Problem, "existiert nicht mehr") {
		t.Fatalf("Problem = %q, want the deleted channel explained", st.Problem)
	}
	e.discord.SetFail(nil)
	e.clock.Set(berlin("2026-05-02 10:00"))
	e.subscribe(guildA, channelB, 8*60)
	e.tick(berlin("2026-05-02 10:00"))
	calls := e.discord.Calls()
	if len(calls) != 2 || calls[1].ChannelID != channelB || calls[1].Nonce != calls[0].Nonce {
		t.Fatalf("sends %v, want today's post resent to the new channel with the same nonce", calls)
	}
	if st := e.status(guildA); st.LastSent.LocalDate != "2026-05-02" || st.LastSent.ChannelID != channelB {
		t.Errorf("LastSent = %+v", st.LastSent)
	}
}

func TestTransientErrorRetriesWithBackoff(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.subscribe(guildB, channelB, 8*60)
	failures := 2
	e.discord.SetFail(func(channelID string) error {
		if channelID == channelA && failures > 0 {
			failures--
			return errors.New("HTTP 503 Service Unavailable")
		}
		return nil
	})

	t0 := berlin("2026-05-02 08:00")
	e.tick(t0)
	if msgs := e.discord.Messages(); len(msgs) != 1 || msgs[0].ChannelID != channelB {
		t.Fatalf("messages %v, want guild B posted despite A failing", msgs)
	}
	st := e.status(guildA)
	if st.Failures != 1 || !st.RetryAt.Equal(t0.Add(time.Second)) || !strings.Contains(st.LastError, "503") {
		t.Fatalf("after first failure: failures %d, retry %v, error %q", st.Failures, st.RetryAt, st.LastError)
	}
	e.tick(t0.Add(500 * time.Millisecond)) // before RetryAt: nothing
	e.tick(t0.Add(time.Second))            // second failure: wait 2 s
	e.tick(t0.Add(2 * time.Second))        // nothing
	if st := e.status(guildA); st.Failures != 2 || !st.RetryAt.Equal(t0.Add(3*time.Second)) {
		t.Fatalf("after second failure: failures %d, retry %v", st.Failures, st.RetryAt)
	}
	e.tick(t0.Add(3 * time.Second)) // succeeds

	var nonces []string
	for _, c := range e.discord.Calls() {
		if c.ChannelID == channelA {
			nonces = append(nonces, c.Nonce)
		}
	}
	if len(nonces) != 3 || nonces[0] != nonces[1] || nonces[1] != nonces[2] {
		t.Errorf("attempts for A: nonces %v, want 3 with the same nonce", nonces)
	}
	st = e.status(guildA)
	if st.Failures != 0 || st.LastError != "" || st.LastSent.LocalDate != "2026-05-02" {
		t.Errorf("after success: %+v", st)
	}
	e.tick(t0.Add(time.Hour))
	if n := len(e.discord.Messages()); n != 2 {
		t.Errorf("%d messages, want 2", n)
	}
}

func TestBackoffIsCapped(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.discord.SetFail(func(string) error { return context.DeadlineExceeded })
	now := berlin("2026-05-02 08:00")
	var delays []time.Duration
	for range 12 {
		e.tick(now)
		st := e.status(guildA)
		delays = append(delays, st.RetryAt.Sub(now))
		now = st.RetryAt
	}
	want := "[1s 2s 4s 8s 16s 32s 1m4s 2m8s 4m16s 5m0s 5m0s 5m0s]"
	if fmt.Sprint(delays) != want {
		t.Errorf("delays %v, want %s", delays, want)
	}
}

func TestRotationCoversAllEpisodesBeforeRepeating(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.subscribe(guildB, channelB, 8*60)
	day := berlin("2026-05-02 08:00")
	for i := range 10 { // two rounds of 5 episodes
		e.tick(day.AddDate(0, 0, i))
	}
	seq := map[string][]string{}
	for _, c := range e.discord.Calls() {
		seq[c.ChannelID] = append(seq[c.ChannelID], c.EpisodeID)
	}
	for _, ch := range []string{channelA, channelB} {
		s := seq[ch]
		if len(s) != 10 {
			t.Fatalf("%s: %d posts, want 10", ch, len(s))
		}
		seen := map[string]bool{}
		for _, id := range s[:5] {
			seen[id] = true
		}
		if len(seen) != 5 {
			t.Errorf("%s: first round %v repeats an episode", ch, s[:5])
		}
		if fmt.Sprint(s[5:]) != fmt.Sprint(s[:5]) {
			t.Errorf("%s: second round %v, want the same order %v", ch, s[5:], s[:5])
		}
	}
	if seq[channelA][0] == seq[channelB][0] {
		t.Errorf("both guilds start at episode %s, want different points", seq[channelA][0])
	}
}

func TestRotationTakesNewEpisodesWithoutEarlyRepeat(t *testing.T) {
	ids := []string{"010", "020", "030", "040"}
	// Shown 010 and 020 so far this round; 025 is added ahead, 005 behind.
	ids = append(ids, "025", "005")
	var got []string
	cursor := "020"
	for range 6 {
		next, err := recap.NextEpisode(ids, cursor, guildA)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, next)
		cursor = next
	}
	if want := "[025 030 040 005 010 020]"; fmt.Sprint(got) != want {
		t.Errorf("rotation %v, want %s", got, want)
	}
	// The cursor episode itself was removed: continue after it.
	if next, _ := recap.NextEpisode([]string{"010", "030"}, "020", guildA); next != "030" {
		t.Errorf("after removed 020: %s, want 030", next)
	}
	if _, err := recap.NextEpisode(nil, "", guildA); !errors.Is(err, recap.ErrNoEpisodes) {
		t.Errorf("empty catalog: err = %v, want ErrNoEpisodes", err)
	}
}

func TestShardFilter(t *testing.T) {
	for _, tt := range []struct {
		guild string
		shard int
	}{{guildA, 0}, {guildB, 1}, {"81384788765712384", int((uint64(81384788765712384) >> 22) % 2)}} {
		if got, err := recap.ShardOf(tt.guild, 2); err != nil || got != tt.shard {
			t.Errorf("ShardOf(%s, 2) = %d, %v, want %d", tt.guild, got, err, tt.shard)
		}
	}
	for _, bad := range []string{"", "abc", "-1", "0", "99999999999999999999"} {
		if _, err := recap.ShardOf(bad, 2); !errors.Is(err, recap.ErrInvalidID) {
			t.Errorf("ShardOf(%q): err = %v, want ErrInvalidID", bad, err)
		}
	}

	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.subscribe(guildB, channelB, 8*60)
	e.sched.ShardID, e.sched.ShardCount = 1, 2
	e.tick(berlin("2026-05-02 08:00"))
	if calls := e.discord.Calls(); len(calls) != 1 || calls[0].ChannelID != channelB {
		t.Errorf("shard 1 of 2 sent %v, want only guild B's", calls)
	}
	if err := e.sched.Subscribe(context.Background(), "not-a-snowflake", channelA, 8*60); !errors.Is(err, recap.ErrInvalidID) {
		t.Errorf("Subscribe with bad guild ID: err = %v, want ErrInvalidID", err)
	}
}

func TestRemoveGuild(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.tick(berlin("2026-05-02 08:00"))
	if err := e.sched.RemoveGuild(context.Background(), guildA); err != nil {
		t.Fatal(err)
	}
	if _, err := e.sched.Status(context.Background(), guildA); !errors.Is(err, recap.ErrNotFound) {
		t.Errorf("Status after RemoveGuild: err = %v, want ErrNotFound", err)
	}
	e.tick(berlin("2026-05-03 08:00"))
	if n := len(e.discord.Calls()); n != 1 {
		t.Errorf("%d sends, want none after removal", n-1)
	}
}

func TestStatus(t *testing.T) {
	e := newEnv(t, berlin("2026-03-28 07:00"))
	if _, err := e.sched.Status(context.Background(), guildA); !errors.Is(err, recap.ErrNotFound) {
		t.Fatalf("Status without subscription: err = %v, want ErrNotFound", err)
	}
	e.subscribe(guildA, channelA, 8*60)
	st := e.status(guildA)
	if st.ChannelID != channelA || st.Time.String() != "08:00" || !st.NextPost.Equal(berlin("2026-03-28 08:00")) || st.LastSent.Sent() {
		t.Errorf("before first post: %+v", st)
	}
	e.tick(berlin("2026-03-28 08:00"))
	st = e.status(guildA)
	// Next morning is the DST switch: 08:00 CEST is 06:00 UTC.
	if !st.NextPost.Equal(utc("2026-03-29 06:00")) {
		t.Errorf("NextPost = %v, want 2026-03-29 06:00 UTC", st.NextPost.UTC())
	}
	want := e.discord.Calls()[0]
	if !st.LastSent.SentAt.Equal(berlin("2026-03-28 08:00")) || st.LastSent.Title != "Folge "+want.EpisodeID || st.LastSent.MessageID != "msg1" {
		t.Errorf("LastSent = %+v", st.LastSent)
	}
}

func TestPreviewDoesNotClaim(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.clock.Set(berlin("2026-05-02 07:00"))
	before, err := e.sched.Preview(context.Background(), guildA)
	if err != nil {
		t.Fatal(err)
	}
	if posts, _ := e.sched.Store.Posts(context.Background(), guildA, 10); len(posts) != 0 {
		t.Fatalf("Preview claimed: %v", posts)
	}
	e.tick(berlin("2026-05-02 08:00"))
	after, err := e.sched.Preview(context.Background(), guildA)
	if err != nil {
		t.Fatal(err)
	}
	posted := e.discord.Calls()[0].EpisodeID
	if before.EpisodeID != posted || after.EpisodeID != posted {
		t.Errorf("preview before %s / after %s, posted %s", before.EpisodeID, after.EpisodeID, posted)
	}
	// Unsubscribed guilds preview where their rotation would start.
	if _, err := e.sched.Preview(context.Background(), guildB); err != nil {
		t.Errorf("preview without subscription: %v", err)
	}
}

func TestParseTimeOfDay(t *testing.T) {
	for in, want := range map[string]string{"8": "08:00", "08:00": "08:00", "8:30": "08:30", "20.15": "20:15", "7 Uhr": "07:00", " 23:59 ": "23:59", "0:00": "00:00"} {
		got, err := recap.ParseTimeOfDay(in)
		if err != nil || got.String() != want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v, want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "24:00", "8:60", "8:5", "abc", "-1", "123", "8:30:00"} {
		if _, err := recap.ParseTimeOfDay(in); err == nil {
			t.Errorf("ParseTimeOfDay(%q) accepted", in)
		}
	}
}

func TestNonce(t *testing.T) {
	n := recap.Nonce(guildA, "2026-05-02")
	if len(n) > 25 || n != recap.Nonce(guildA, "2026-05-02") {
		t.Errorf("nonce %q: want at most 25 chars and deterministic", n)
	}
	if n == recap.Nonce(guildA, "2026-05-03") || n == recap.Nonce(guildB, "2026-05-02") {
		t.Error("nonce does not depend on both guild and date")
	}
}

func TestClassifyHTTP(t *testing.T) {
	cause := errors.New("HTTP error")
	for status, permanent := range map[int]bool{403: true, 404: true, 0: false, 400: false, 429: false, 500: false, 502: false} {
		err := recap.ClassifyHTTP(status, cause)
		if errors.Is(err, recap.ErrPermanent) != permanent || !errors.Is(err, cause) {
			t.Errorf("ClassifyHTTP(%d) = %v: permanent %v, want %v, cause kept", status, err, errors.Is(err, recap.ErrPermanent), permanent)
		}
	}
}
