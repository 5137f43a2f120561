package bot_test

import (
	"path/filepath"
	"testing"
	"time"

	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// TestRecapResendAndNonceWindow states what the design guarantees when a
// process died after Discord created the day's message but before the
// store recorded it (the claim is pending, its lease over):
//
//   - resent within Discord's nonce window (the lease is 90 s, so any
//     running replica, or a restart within minutes, resends in time):
//     Discord answers with the message it already has; exactly one;
//   - resent only after the window (every process was down longer):
//     the day is still posted, never lost, but Discord no longer knows
//     the nonce, so the channel has the day twice. At most twice: the
//     resend is confirmed like any post.
//
// The peer's nonce window is shortened so the test need not wait minutes.
func TestRecapResendAndNonceWindow(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after time.Duration // from the lost send to the resend
		want  int
	}{
		{"within the window", 0, 1},
		{"after the window", 300 * time.Millisecond, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := timeout(t, 20*time.Second)
			srv := discordtest.New(t, discordtest.WithNonceWindow(200*time.Millisecond))
			logger, _ := testLogger(t)
			r := startREST(t, srv)
			db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), sqlite.FileName))
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			store := sqlite.NewRecapStore(db)
			clock := &manualClock{now: time.Date(2025, 3, 4, 7, 0, 0, 0, recap.Berlin)}
			catalog := commands.RecapCatalog(knowledgeBase(t))
			sched := &recap.Scheduler{Store: store, Catalog: catalog, Sender: r, Clock: clock, Logger: logger}
			guild, ch := srv.NewSnowflake(), srv.NewSnowflake()
			if err := store.Subscribe(ctx, recap.Subscription{GuildID: guild, ChannelID: ch, Since: clock.Now().Add(-48 * time.Hour)}); err != nil {
				t.Fatal(err)
			}
			day := recap.LocalDate(clock.Now(), recap.Berlin)
			episode := catalog.EpisodeIDs()[0]
			rc, err := catalog.Recap(episode)
			if err != nil {
				t.Fatal(err)
			}
			// The process that died: it claimed the day and Discord created
			// the message; the confirmation never happened.
			p := recap.Post{GuildID: guild, LocalDate: day, EpisodeID: episode, Title: rc.Title, Nonce: recap.Nonce(guild, day),
				ClaimedAt: clock.Now().Add(-2 * time.Minute), LeaseUntil: clock.Now().Add(-time.Minute)}
			if ok, err := store.Claim(ctx, p); err != nil || !ok {
				t.Fatalf("claim: %v %v", ok, err)
			}
			first, err := r.SendRecap(ctx, ch, rc, p.Nonce)
			if err != nil {
				t.Fatal(err)
			}
			time.Sleep(tc.after)

			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages(ch)
			if len(msgs) != tc.want {
				t.Fatalf("%d messages, want %d", len(msgs), tc.want)
			}
			sub, err := store.Subscription(ctx, guild)
			if err != nil || !sub.Last.Sent() || sub.Last.LocalDate != day {
				t.Fatalf("not confirmed: %+v %v", sub, err)
			}
			if tc.want == 1 && sub.Last.MessageID != first {
				t.Errorf("confirmed %s, the message Discord had is %s", sub.Last.MessageID, first)
			}
			// Confirmed: no further send that day.
			clock.Add(time.Hour)
			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.Messages(ch)); n != tc.want {
				t.Errorf("%d messages after another tick", n)
			}
		})
	}
}
