package discordtest_test

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
)

// TestProxyChildProcess runs an unmodified discordgo session in a child
// process (this test binary re-executed) that knows nothing of the peer
// except the environment from ProxyConfig.Env(): the way a crash test can
// drive the real bot binary.
func TestProxyChildProcess(t *testing.T) {
	if os.Getenv("DISCORDTEST_CHILD") == "1" {
		childBot(t)
		return
	}
	t.Parallel()
	srv := discordtest.New(t)
	cfg, err := srv.EnableProxy()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestProxyChildProcess$", "-test.v")
	cmd.Env = append(os.Environ(), cfg.Env()...)
	cmd.Env = append(cmd.Env, "DISCORDTEST_CHILD=1", "DISCORDTEST_TOKEN="+srv.Token())
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-exited
	})

	if _, err := srv.WaitReady(ctx(t), 1); err != nil {
		t.Fatalf("child never connected: %v\n%s", err, out.String())
	}
	ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{Name: "ping", GuildID: "1", ChannelID: "2"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := srv.WaitResponse(ctx(t), ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Original == nil || st.Original.Content != "pong from child" {
		t.Fatalf("response = %+v", st)
	}
	select {
	case <-exited:
	case <-ctx(t).Done():
		t.Fatal("child did not exit")
	}
	if waitErr != nil {
		t.Fatalf("child: %v\n%s", waitErr, out.String())
	}
	// The child's REST traffic went through TLS to "discord.com".
	if r := srv.RequestsMatching(discordtest.Match("GET", "/gateway")); len(r) != 1 {
		t.Fatalf("GET /gateway via proxy: %v", r)
	}
}

// childBot is the child side: a plain discordgo session, no peer-specific
// configuration at all.
func childBot(t *testing.T) {
	dg, err := discordgo.New("Bot " + os.Getenv("DISCORDTEST_TOKEN"))
	if err != nil {
		t.Fatal(err)
	}
	dg.Identify.Intents = discordgo.IntentGuilds
	ics := chanOf[*discordgo.InteractionCreate](dg)
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	ic := recv(t, ics)
	if err := dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "pong from child"},
	}); err != nil {
		t.Fatal(err)
	}
	// Exit without Close, like a crash: the peer sees a dropped connection.
}

func TestProxyInProcess(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	cfg, err := srv.EnableProxy()
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := srv.EnableProxy(); again.CAFile != cfg.CAFile {
		t.Fatal("EnableProxy not idempotent")
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(cfg.CAPEM) {
		t.Fatal("bad CA PEM")
	}
	proxyURL, _ := url.Parse(cfg.URL)
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxyURL), TLSClientConfig: &tls.Config{RootCAs: pool}}}

	req, _ := http.NewRequest("GET", "https://discord.com/api/v9/users/@me", nil)
	req.Header.Set("Authorization", "Bot "+srv.Token())
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	resp, err = client.Get("https://cdn.discordapp.com/avatars/1/x.png")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 || len(srv.RequestsMatching(discordtest.Match("GET", "/cdn/avatars/**"))) != 1 {
		t.Fatalf("cdn: %d %v", resp.StatusCode, srv.Requests())
	}
	// Only Discord hosts are proxied.
	if _, err := client.Get("https://example.com/"); err == nil {
		t.Fatal("proxied a non-Discord host")
	}
}

// syncBuffer collects the child's output; it is read while the child may
// still write.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
