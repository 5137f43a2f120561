package recap_test

import (
	"bufio"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"iafbot/recap"
	"iafbot/sqlite"
)

// Environment of the crashing child process (see TestCrashChild).
const (
	envCrashDB      = "RECAP_CRASH_DB"
	envCrashPoint   = "RECAP_CRASH_POINT"
	envCrashDiscord = "RECAP_CRASH_DISCORD"
	envCrashNow     = "RECAP_CRASH_NOW"
	crashExitCode   = 3
)

// TestCrashChild is not a test: TestCrashResendsWithSameNonce runs it in a
// child process, which claims the day and then dies (os.Exit, so no
// deferred cleanup runs) either before Discord got the message or after
// Discord created it but before the confirmation was stored.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(envCrashDB)
	if path == "" {
		t.Skip("helper process for TestCrashResendsWithSameNonce")
	}
	now, err := time.Parse(time.RFC3339, os.Getenv(envCrashNow))
	if err != nil {
		t.Fatal(err)
	}
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	sched := &recap.Scheduler{
		Store:   sqlite.NewRecapStore(db),
		Catalog: newCatalog(5),
		Sender:  crashingSender{point: os.Getenv(envCrashPoint), discordLog: os.Getenv(envCrashDiscord)},
		Clock:   newFakeClock(now),
	}
	sched.Tick(context.Background())
	t.Fatal("did not crash")
}

type crashingSender struct {
	point      string
	discordLog string // Discord's side: one created message's nonce per line
}

func (s crashingSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	if s.point == "after-send" {
		f, err := os.OpenFile(s.discordLog, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			return "", err
		}
		f.WriteString(nonce + "\n")
		f.Close()
	}
	os.Exit(crashExitCode)
	return "", nil
}

func TestCrashResendsWithSameNonce(t *testing.T) {
	for _, point := range []string{"before-send", "after-send"} {
		t.Run(point, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			e := newEnv(t, berlin("2026-05-01 12:00"))
			e.subscribe(guildA, channelA, 8*60)
			e.db.Close()

			crashAt := berlin("2026-05-02 08:00")
			discordLog := filepath.Join(t.TempDir(), "discord.log")
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
			cmd.Env = append(os.Environ(),
				envCrashDB+"="+e.path,
				envCrashPoint+"="+point,
				envCrashDiscord+"="+discordLog,
				envCrashNow+"="+crashAt.Format(time.RFC3339),
			)
			out, err := cmd.CombinedOutput()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != crashExitCode {
				t.Fatalf("child did not crash as planned: %v\n%s", err, out)
			}

			// What Discord received from the crashed process.
			var created []string
			if f, err := os.Open(discordLog); err == nil {
				for sc := bufio.NewScanner(f); sc.Scan(); {
					created = append(created, sc.Text())
				}
				f.Close()
			}
			for _, nonce := range created {
				e.discord.byNonce[nonce] = "msg-before-crash"
				e.discord.messages = append(e.discord.messages, send{Nonce: nonce})
			}

			e.restart()
			pending, err := e.sched.Store.Posts(ctx, guildA, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(pending) != 1 || pending[0].Sent() || pending[0].LocalDate != "2026-05-02" {
				t.Fatalf("after the crash: posts %+v, want one pending claim for 2026-05-02", pending)
			}
			// The dead process's claim is in flight until its lease ends
			// (SendTimeout 30 s + 1 min after the claim): a restart cannot
			// tell a crash from a replica still sending.
			e.tick(crashAt.Add(time.Minute))
			if calls := e.discord.Calls(); len(calls) != 0 {
				t.Fatalf("resent within the crashed claim's lease: %v", calls)
			}
			if st := e.status(guildA); !st.NextPost.Equal(crashAt.Add(time.Minute)) {
				t.Errorf("NextPost %v during the lease, want now (being sent)", st.NextPost)
			}
			e.tick(crashAt.Add(2 * time.Minute))

			calls := e.discord.Calls()
			if len(calls) != 1 || calls[0].Nonce != pending[0].Nonce || calls[0].EpisodeID != pending[0].EpisodeID {
				t.Fatalf("after restart: sends %v, want one resend of the claim %+v", calls, pending[0])
			}
			if calls[0].Nonce != recap.Nonce(guildA, "2026-05-02") {
				t.Errorf("nonce %q is not the day's nonce", calls[0].Nonce)
			}
			if n := len(e.discord.Messages()); n != 1 {
				t.Errorf("Discord shows %d messages, want 1", n)
			}
			st := e.status(guildA)
			wantID := "msg1"
			if point == "after-send" {
				wantID = "msg-before-crash" // Discord returned the existing message
			}
			if st.LastSent.LocalDate != "2026-05-02" || st.LastSent.MessageID != wantID {
				t.Errorf("LastSent = %+v, want 2026-05-02 confirmed with message %s", st.LastSent, wantID)
			}

			// Confirmed: another restart the same day sends nothing.
			e.restart()
			e.tick(crashAt.Add(time.Hour))
			if n := len(e.discord.Calls()); n != 1 {
				t.Errorf("%d sends after a confirmed post and restart, want 1", n)
			}
		})
	}
}

// A claim that was never confirmed belongs to its day only: after a crash
// that outlasts the day, it is not sent on the next day.
func TestPendingClaimOfEarlierDayIsNotResent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	p := recap.Post{GuildID: guildA, LocalDate: "2026-05-02", EpisodeID: "003", Title: "Folge 003",
		Nonce: recap.Nonce(guildA, "2026-05-02"), ClaimedAt: berlin("2026-05-02 08:00")}
	if ok, err := e.sched.Store.Claim(ctx, p); err != nil || !ok {
		t.Fatalf("Claim: %v, %v", ok, err)
	}
	e.restart()
	e.tick(berlin("2026-05-03 07:00"))
	if n := len(e.discord.Calls()); n != 0 {
		t.Fatalf("%d sends on 05-03 before 08:00, want the 05-02 claim left alone", n)
	}
	e.tick(berlin("2026-05-03 08:00"))
	calls := e.discord.Calls()
	if len(calls) != 1 || calls[0].Nonce != recap.Nonce(guildA, "2026-05-03") || calls[0].EpisodeID != "004" {
		t.Errorf("sends %v, want 05-03's post with the episode after 003", calls)
	}
}

func TestRunWakesAtDueTimeAndOnNudge(t *testing.T) {
	e := newEnv(t, berlin("2026-05-01 12:00"))
	e.subscribe(guildA, channelA, 8*60)
	e.restart() // without the nudge Subscribe left
	e.clock.Set(berlin("2026-05-02 07:59:30"))

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.sched.Run(ctx) }()

	if d := recv(t, e.clock.waits, "first wait"); d != 30*time.Second {
		t.Errorf("Run waits %v at 07:59:30, want 30s until 08:00", d)
	}
	e.clock.Set(berlin("2026-05-02 08:00"))
	recv(t, e.discord.sent, "send at 08:00")
	if d := recv(t, e.clock.waits, "wait after posting"); d != time.Minute {
		t.Errorf("Run waits %v after posting, want the 1 minute cap", d)
	}

	// A new subscription for 08:01 wakes Run before its minute is over.
	e.clock.Set(berlin("2026-05-02 08:00:10"))
	e.subscribe(guildB, channelB, 8*60+1)
	if d := recv(t, e.clock.waits, "wait after nudge"); d != 50*time.Second {
		t.Errorf("Run waits %v after the nudge, want 50s until 08:01", d)
	}
	e.clock.Set(berlin("2026-05-02 08:01"))
	recv(t, e.discord.sent, "send at 08:01")

	cancel()
	if err := recv(t, done, "Run to return"); !errors.Is(err, context.Canceled) {
		t.Errorf("Run returned %v, want context.Canceled", err)
	}
	if calls := e.discord.Calls(); len(calls) != 2 {
		t.Errorf("sends %v, want 2", calls)
	}
}

// recv waits for one value; the real-time limit only keeps a broken test
// from hanging.
func recv[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
		panic("unreachable")
	}
}
