package main

import (
	"context"
	"encoding/json"
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
	"iafbot/internal/uxtest"
)

// logLines returns the JSON log lines with the message msg.
func logLines(out *syncBuffer, msg string) []map[string]any {
	var found []map[string]any
	for _, l := range strings.Split(out.String(), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == msg {
			found = append(found, m)
		}
	}
	return found
}

// waitLogCount waits until the child has logged msg n times.
func waitLogCount(t *testing.T, out *syncBuffer, msg string, n int) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if found := logLines(out, msg); len(found) >= n {
			return found[n-1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("log line %q not seen %d times", msg, n)
	return nil
}

// TestServeReloadProcess runs the binary with SYNOPSES_DIR: a synopsis
// dropped into the folder answers without a restart; a broken file keeps
// the old base answering and is logged once by name; SIGHUP reloads too;
// /metrics counts the reloads.
func TestServeReloadProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	dir := t.TempDir()
	seeds, _ := filepath.Glob(filepath.Join("knowledge", "synopses", "*.txt"))
	for _, s := range seeds {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, filepath.Base(s)), b, 0o600) //nolint:errcheck // checked by the start
	}
	srv := discordtest.New(t)
	guild := srv.NewSnowflake()
	srv.AddGuild(discordgo.Guild{ID: guild, Name: "Sachsenklinik"})
	cmd, out := serveProcess(t, srv, "DISCORD_TOKEN="+srv.Token()+"\n",
		"DISCORD_GUILD_ID="+guild, "LOG_FORMAT=json", "SYNOPSES_DIR="+dir, "METRICS_ADDR=127.0.0.1:0")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := srv.WaitReady(ctx, 1); err != nil {
		t.Fatalf("the child never connected: %v", err)
	}
	metricsAddr := logAddr(t, out, "metrics endpoint listening", 20*time.Second)
	var last *discordgo.Message
	ask := func(q string) string {
		t.Helper()
		ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{
			Name: "ask", GuildID: guild, ChannelID: srv.NewSnowflake(), Locale: discordgo.German,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: q}},
		})
		if err != nil {
			t.Fatal(err)
		}
		st, err := srv.WaitResponse(ctx, ref.ID)
		if err != nil || st.Original == nil || len(st.Original.Embeds) != 1 {
			t.Fatalf("no answer to %q: %v", q, err)
		}
		last = st.Original
		return st.Original.Embeds[0].Description
	}
	const q = "Wo war die Krankenschwester Maja Berger ein Jahr lang?"
	if a := ask(q); strings.Contains(a, "Hamburg") {
		t.Fatalf("answered before the synopsis exists: %q", a)
	}

	// A new synopsis answers without a restart.
	if err := os.WriteFile(filepath.Join(dir, "003_berger.txt"), []byte(uxtest.BergerEpisode), 0o600); err != nil {
		t.Fatal(err)
	}
	if l := waitLogCount(t, out, "synopses reloaded", 1); l["trigger"] != "file" || l["episodes"] != 4.0 {
		t.Errorf("reload %v", l)
	}
	if a := ask(q); !strings.Contains(a, "Hamburg") {
		t.Errorf("after the reload: %q", a)
	}
	// A button under it works in the real binary (gateway mode).
	var more string
	for _, row := range last.Components {
		for _, c := range row.(*discordgo.ActionsRow).Components {
			if b, ok := c.(*discordgo.Button); ok && b.Label == "Weitere Treffer" {
				more = b.CustomID
			}
		}
	}
	ref, err := srv.SendInteraction(discordtest.InteractionSpec{
		Type: discordgo.InteractionMessageComponent, GuildID: guild, ChannelID: srv.NewSnowflake(), Locale: discordgo.German,
		Data: map[string]any{"custom_id": more, "component_type": 2}, Message: last,
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := srv.WaitResponse(ctx, ref.ID); err != nil || !strings.Contains(string(st.Response), "Weitere Treffer") {
		t.Errorf("click on Weitere Treffer: %v %s", err, st.Response)
	}

	// A broken file keeps the old base, with one line naming the file.
	if err := os.WriteFile(filepath.Join(dir, "004_kaputt.txt"), []byte{0xff, 0xfe, 0x00, 0x01}, 0o600); err != nil {
		t.Fatal(err)
	}
	failed := waitLogCount(t, out, "synopses reload failed, keeping the previous knowledge base", 1)
	if e, _ := failed["error"].(string); !strings.Contains(e, "004_kaputt.txt") {
		t.Errorf("error does not name the file: %v", failed)
	}
	if a := ask(q); !strings.Contains(a, "Hamburg") {
		t.Errorf("old base lost after a broken file: %q", a)
	}

	// SIGHUP reloads as well (the broken file is gone by then).
	os.Remove(filepath.Join(dir, "004_kaputt.txt")) //nolint:errcheck // checked by the reload
	waitLogCount(t, out, "synopses reloaded", 2)
	if err := cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if l := waitLogCount(t, out, "synopses reloaded", 3); l["trigger"] != "signal" {
		t.Errorf("SIGHUP reload %v", l)
	}
	resp, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`iafbot_knowledge_reloads_total{result="ok"} 3`, `iafbot_knowledge_reloads_total{result="failed"} 1`, "iafbot_knowledge_episodes 4"} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := exitCode(t, cmd, 15*time.Second); code != 0 {
		t.Errorf("exit code %d", code)
	}
}
