package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/recap"
	"iafbot/sqlite"
)

// openStore opens the child's database from the test process; SQLite in
// WAL mode lets both use it at once.
func openStore(t *testing.T, path string) *sqlite.RecapStore {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return sqlite.NewRecapStore(db)
}

// waitFor polls cond (a database query: there is no event to wait on).
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestRecapCrashProcess is the crash test of the daily recap with the real
// program: `iafbot serve` runs as a child process against a database in a
// temporary DATA_DIR and the local Discord peer (through its HTTPS proxy,
// as it would reach Discord), and is killed with SIGKILL between claiming
// the day and confirming the post. The peer holds the child's POST of the
// message, so the kill lands exactly there:
//
//   - before handling: the message never reached Discord;
//   - after handling: Discord created it, but the child never learnt so.
//
// A second child on the same database and peer must then finish the day
// (once the killed child's lease on the claim has run out), and the peer
// must have exactly one message for it.
func TestRecapCrashProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	for _, point := range []discordtest.HoldPoint{discordtest.BeforeHandling, discordtest.AfterHandling} {
		t.Run("killed "+point.String(), func(t *testing.T) {
			t.Parallel()
			crashAndRestart(t, point)
		})
	}
}

func crashAndRestart(t *testing.T, point discordtest.HoldPoint) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	srv := discordtest.New(t)
	guild, channel := srv.NewSnowflake(), srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	dataDir := t.TempDir()
	dbPath := filepath.Join(dataDir, sqlite.FileName)

	// The subscription exists before the child starts, written through the
	// store API. The child uses the real clock: 00:00 subscribed two days
	// ago is due at once, whatever the time of day in Berlin.
	day := recap.LocalDate(time.Now(), recap.Berlin)
	store := openStore(t, dbPath)
	if err := store.Subscribe(ctx, recap.Subscription{GuildID: guild, ChannelID: channel, Time: 0, Since: time.Now().Add(-48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	nonce := recap.Nonce(guild, day)

	hold := srv.HoldNext("POST", "/channels/"+channel+"/messages", 1, point)
	dotenv := "DISCORD_TOKEN=" + srv.Token() + "\n"
	env := []string{"DATA_DIR=" + dataDir, "DISCORD_GUILD_ID=" + guild}

	first, out := serveProcess(t, srv, dotenv, env...)
	held, err := hold.Wait(ctx)
	if err != nil {
		t.Fatalf("the child never posted: %v\n%s", err, out.String())
	}
	if !strings.Contains(string(held.Body), nonce) {
		t.Fatalf("posted without the day's nonce %q: %s", nonce, held.Body)
	}
	// The request is in flight: the day is claimed, not confirmed.
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if err := first.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("first child: %v", err)
	}
	if err := srv.WaitUntil(ctx, func() bool { return hold.Requests()[0].Done }); err != nil {
		t.Fatal(err)
	}
	if hr := hold.Requests()[0]; !hr.ClientGone {
		t.Fatalf("held request was answered: %+v", hr)
	}
	posts, err := store.Posts(ctx, guild, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 1 || posts[0].LocalDate != day || posts[0].Sent() || posts[0].Nonce != nonce || !posts[0].LeaseUntil.After(time.Now()) {
		t.Fatalf("after the kill, want today's claim pending and leased: %+v", posts)
	}
	// The killed child leased the claim (SendTimeout + 1 min by default);
	// until the lease runs out nobody resends it, in case the sender is
	// merely slow. Instead of waiting that long, the test lets the time
	// pass by ending the lease through the store, as it would have ended.
	if ok, err := store.Lease(ctx, guild, day, posts[0].LeaseUntil, time.Now().Add(-time.Second)); err != nil || !ok {
		t.Fatalf("expire the lease: %v, %v", ok, err)
	}
	wantBefore := 0
	if point == discordtest.AfterHandling {
		wantBefore = 1
	}
	if n := len(srv.Messages(channel)); n != wantBefore {
		t.Fatalf("%d messages after the kill, want %d", n, wantBefore)
	}

	second, out2 := serveProcess(t, srv, dotenv, append(env, "LOG_FORMAT=json", "METRICS_ADDR=127.0.0.1:0")...)
	var sub recap.Subscription
	waitFor(t, 30*time.Second, "the restarted child to confirm the post", func() bool {
		sub, err = store.Subscription(ctx, guild)
		return err == nil && sub.Last.Sent()
	})
	// The restarted child counted its one post (also when it found the
	// message the killed child created).
	metricsAddr := logAddr(t, out2, "metrics endpoint listening", 5*time.Second)
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	exposition, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(exposition), `iafbot_recap_posts_total{result="sent"} 1`+"\n") ||
		!strings.Contains(string(exposition), `iafbot_recap_posts_total{result="failed"} 0`+"\n") {
		t.Errorf("recap metrics:\n%s", grepLines(string(exposition), "recap"))
	}
	if err := second.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, second, 20*time.Second); code != 0 {
		t.Errorf("second child exit code %d\n%s", code, out2.String())
	}
	if d := recap.LocalDate(time.Now(), recap.Berlin); d != day {
		t.Skipf("the test ran across midnight in Europe/Berlin (%s → %s); the day's post is not comparable", day, d)
	}

	// Only this day was ever posted (every POST below carries its nonce).
	msgs := srv.Messages(channel)
	if len(msgs) != 1 {
		t.Fatalf("peer has %d messages for %s; want exactly one", len(msgs), day)
	}
	if sub.Last.LocalDate != day || sub.Last.MessageID != msgs[0].ID || sub.Last.ChannelID != channel {
		t.Errorf("confirmed post %+v, message %s", sub.Last, msgs[0].ID)
	}
	if len(msgs[0].Embeds) != 1 || !strings.HasPrefix(msgs[0].Embeds[0].Title, "Folge ") {
		t.Errorf("message %+v", msgs[0])
	}

	// The restarted child read the channel before resending: after
	// handling, it found the killed child's message and posted nothing;
	// before handling, the killed child's attempt was dropped unrecorded
	// and the restarted child posted. Every POST carried the day's nonce
	// with enforce_nonce.
	if gets := srv.RequestsMatching(discordtest.Match("GET", "/channels/"+channel+"/messages")); len(gets) != 1 {
		t.Errorf("%d reads of the channel, want 1 (by the resend): %v", len(gets), gets)
	}
	reqs := srv.RequestsMatching(discordtest.Match("POST", "/channels/"+channel+"/messages"))
	if len(reqs) != 1 {
		t.Fatalf("%d recorded POSTs, want 1: %v", len(reqs), reqs)
	}
	for _, r := range reqs {
		var body struct {
			Nonce        string `json:"nonce"`
			EnforceNonce bool   `json:"enforce_nonce"`
		}
		if err := json.Unmarshal(r.Body, &body); err != nil || body.Nonce != nonce || !body.EnforceNonce || r.Status != 200 {
			t.Errorf("POST %v: %s", r, r.Body)
		}
	}
}

// TestServeProcessDatabaseLocked: another process holding the database's
// write lock makes serve give up after the busy timeout (5 s) with one
// clear line and exit code 1, instead of hanging or starting half-way.
func TestServeProcessDatabaseLocked(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process and waits for the busy timeout")
	}
	t.Parallel()
	srv := discordtest.New(t)
	dataDir := t.TempDir()
	path := filepath.Join(dataDir, sqlite.FileName)
	openStore(t, path) // an up-to-date database

	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK") //nolint:errcheck // cleanup

	cmd, out := serveProcess(t, srv, "DISCORD_TOKEN="+srv.Token()+"\n", "DATA_DIR="+dataDir)
	if code := exitCode(t, cmd, 30*time.Second); code != 1 {
		t.Errorf("exit code %d", code)
	}
	lines := serveErrorLines(out.String())
	if len(lines) != 1 || !strings.Contains(lines[0], "Datenbank: ") || !strings.Contains(lines[0], path) || !strings.Contains(lines[0], "locked") {
		t.Errorf("error lines %q", lines)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the child talked to Discord (%d requests) with an unusable database", n)
	}
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
