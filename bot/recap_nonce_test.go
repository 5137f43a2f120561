package bot_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// TestRecapResendAfterCrash states what the design guarantees when a
// process died after Discord created the day's message but before the
// store recorded it (the claim is pending, its lease over). The resend
// first reads the channel's recent messages and finds the day's post by
// its footer, so:
//
//   - resent within Discord's nonce window or after it (every process was
//     down for longer than a few minutes): exactly one message, and the
//     one Discord has is recorded;
//   - if the bot may not read the channel's history (permission "Read
//     Message History" missing: Discord lists nothing; or a 403), the day
//     is still posted, never lost; after the nonce window that makes it
//     twice. At most twice: the resend is confirmed like any post.
//
// The peer's nonce window is set per case, so nothing waits for it.
func TestRecapResendAfterCrash(t *testing.T) {
	for _, tc := range []struct {
		name      string
		window    time.Duration // Discord's nonce window
		access    discordtest.ChannelAccess
		forbidden bool // reading the history answers 403
		want      int
	}{
		{"within the nonce window", time.Hour, discordtest.ChannelOK, false, 1},
		{"after the nonce window", time.Nanosecond, discordtest.ChannelOK, false, 1},
		{"after the nonce window, without Read Message History", time.Nanosecond, discordtest.ChannelNoHistory, false, 2},
		{"after the nonce window, history forbidden", time.Nanosecond, discordtest.ChannelOK, true, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := timeout(t, 20*time.Second)
			srv := discordtest.New(t, discordtest.WithNonceWindow(tc.window))
			logger, logs := testLogger(t)
			r := startRESTLogging(t, srv, logger)
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
			srv.SetChannel(ch, tc.access)
			if tc.forbidden {
				srv.FailNext("GET", "/channels/"+ch+"/messages", 1, discordtest.Fault{Status: 403})
			}
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
			rc.Date = day // as the scheduler sends it
			first, err := r.SendRecap(ctx, ch, rc, p.Nonce)
			if err != nil {
				t.Fatal(err)
			}

			if _, err := sched.Tick(ctx); err != nil {
				t.Fatal(err)
			}
			msgs := srv.Messages(ch)
			if len(msgs) != tc.want {
				t.Fatalf("%d messages, want %d", len(msgs), tc.want)
			}
			if gets := srv.RequestsMatching(discordtest.Match("GET", "/channels/"+ch+"/messages")); len(gets) != 1 {
				t.Errorf("the resend read the history %d times, want once: %v", len(gets), gets)
			}
			sub, err := store.Subscription(ctx, guild)
			if err != nil || !sub.Last.Sent() || sub.Last.LocalDate != day {
				t.Fatalf("not confirmed: %+v %v", sub, err)
			}
			if tc.want == 1 && sub.Last.MessageID != first {
				t.Errorf("confirmed %s, the message Discord had is %s", sub.Last.MessageID, first)
			}
			if warned := strings.Contains(logs.String(), "may not read the channel's messages"); warned != tc.forbidden {
				t.Errorf("logged the missing access: %v, want %v", warned, tc.forbidden)
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
