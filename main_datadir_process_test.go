package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/sqlite"
)

// TestServeProcessSecondOnSameDataDir: a second process on the same
// DATA_DIR used to start silently (two schedulers, two gateway sessions
// on one file); now it refuses with one line and exit code 1, before it
// talks to Discord, and the first one runs on.
func TestServeProcessSecondOnSameDataDir(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	srv := discordtest.New(t)
	dataDir := t.TempDir()
	dotenv := "DISCORD_TOKEN=" + srv.Token() + "\n"
	first, out := serveProcess(t, srv, dotenv, "DATA_DIR="+dataDir)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := srv.WaitReady(ctx, 1); err != nil {
		t.Fatalf("first child never connected: %v\n%s", err, out.String())
	}
	requests := len(srv.Requests())
	second, out2 := serveProcess(t, srv, dotenv, "DATA_DIR="+dataDir)
	if code := exitCode(t, second, 30*time.Second); code != 1 {
		t.Errorf("second child exit code %d", code)
	}
	lines := serveErrorLines(out2.String())
	if len(lines) != 1 || !strings.Contains(lines[0], "DATA_DIR wird schon von einem anderen iafbot-Prozess benutzt") ||
		!strings.Contains(lines[0], "PID ") {
		t.Errorf("error lines %q", lines)
	}
	if n := len(srv.Requests()); n != requests {
		t.Errorf("the second child sent %d requests to Discord", n-requests)
	}
	if err := first.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, first, 20*time.Second); code != 0 {
		t.Errorf("first child exit code %d", code)
	}
}

// TestServeProcessDatabaseDeleted: the database file deleted while the
// bot runs used to go unnoticed (/healthz 200, "Abonniert", all lost at
// the restart). Now /healthz turns 503, an error is logged, and
// /recap abonnieren answers with an error instead of a false "Abonniert".
func TestServeProcessDatabaseDeleted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	t.Parallel()
	srv := discordtest.New(t)
	guild := srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	dataDir := t.TempDir()
	cmd, out := serveProcess(t, srv, "DISCORD_TOKEN="+srv.Token()+"\n",
		"DATA_DIR="+dataDir, "DISCORD_GUILD_ID="+guild, "LOG_FORMAT=json", "METRICS_ADDR=127.0.0.1:0")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := srv.WaitReady(ctx, 1); err != nil {
		t.Fatalf("the child never connected: %v", err)
	}
	ops := "http://" + logAddr(t, out, "metrics endpoint listening", 10*time.Second)
	healthz := func() int {
		resp, err := http.Get(ops + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body) //nolint:errcheck // status only
		resp.Body.Close()
		return resp.StatusCode
	}
	subscribe := func() string {
		t.Helper()
		ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{
			Name: "recap", GuildID: guild, ChannelID: srv.NewSnowflake(), Locale: discordgo.German,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{
				Name: "subscribe", Type: discordgo.ApplicationCommandOptionSubCommand,
				Options: []*discordgo.ApplicationCommandInteractionDataOption{
					{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: srv.NewSnowflake()},
				},
			}},
			MemberPermissions: discordgo.PermissionManageGuild,
			AppPermissions:    discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks,
		})
		if err != nil {
			t.Fatal(err)
		}
		st, err := srv.WaitResponse(ctx, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		return string(st.Response)
	}
	if code := healthz(); code != 200 {
		t.Fatalf("healthz before: %d", code)
	}
	if reply := subscribe(); !strings.Contains(reply, "Abonniert") {
		t.Fatalf("subscribing with the database in place: %s", reply)
	}
	if err := os.Remove(filepath.Join(dataDir, sqlite.FileName)); err != nil {
		t.Fatal(err)
	}
	if code := healthz(); code != 503 {
		t.Errorf("healthz after the file was deleted: %d", code)
	}
	waitLog(t, out, "database unusable; recap changes are refused until a restart", 5*time.Second)

	if reply := subscribe(); strings.Contains(reply, "Abonniert") {
		t.Errorf("subscription confirmed into a deleted database: %s", reply)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exitCode(t, cmd, 20*time.Second)
}

// TestServeProcessFailedStartLeavesNoDatabase: a start that fails (here:
// the token is refused) used to leave ./data/iafbot.db behind; now it
// removes what it created, and only that.
func TestServeProcessFailedStartLeavesNoDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	t.Parallel()
	srv := discordtest.New(t)
	parent := t.TempDir()
	dataDir := filepath.Join(parent, "data")
	cmd, _ := serveProcess(t, srv, "DISCORD_TOKEN=wrong-token\n", "DATA_DIR="+dataDir)
	if code := exitCode(t, cmd, 30*time.Second); code != 1 {
		t.Errorf("exit code %d", code)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	// An existing directory and database stay.
	if err := os.Mkdir(dataDir, 0o750); err != nil {
		t.Fatal(err)
	}
	openStore(t, filepath.Join(dataDir, sqlite.FileName))
	before, _ := os.ReadDir(dataDir)
	cmd, _ = serveProcess(t, srv, "DISCORD_TOKEN=wrong-token\n", "DATA_DIR="+dataDir)
	if code := exitCode(t, cmd, 30*time.Second); code != 1 {
		t.Errorf("exit code %d", code)
	}
	if _, err := os.Stat(filepath.Join(dataDir, sqlite.FileName)); err != nil {
		t.Errorf("the existing database was removed: %v", err)
	}
	after, _ := os.ReadDir(dataDir)
	if len(after) != len(before) {
		t.Errorf("data directory before %v, after %v", before, after)
	}
}
