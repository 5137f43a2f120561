package httpserver_test

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/httpserver"
)

// A signed interaction captured on the way and sent again within the
// timestamp window used to be answered again (200). Now the second copy
// is refused and counted; a new interaction still goes through.
func TestReplayRefused(t *testing.T) {
	e := newEnv(t, true)
	_, priv := keys(t)
	body := interactionJSON(discordgo.InteractionApplicationCommand, "help")
	h := httpserver.Sign(priv, time.Now(), body)
	if r := e.do("POST", "/interactions", bytes.NewReader(body), h); r.status != 200 {
		t.Fatalf("first: %d %s", r.status, r.body)
	}
	r := e.do("POST", "/interactions", bytes.NewReader(body), h)
	if r.status != 401 || !strings.Contains(r.errorText(t), "replay") {
		t.Fatalf("replay: %d %s", r.status, r.body)
	}
	// Re-signed with a later timestamp (only Discord can): still the same
	// interaction, still refused.
	if r := e.post(body); r.status != 401 {
		t.Errorf("re-signed replay: %d %s", r.status, r.body)
	}
	if r := e.post(interactionJSON(discordgo.InteractionApplicationCommand, "help")); r.status != 200 {
		t.Errorf("a new interaction: %d %s", r.status, r.body)
	}
	if m := e.metrics(); !strings.Contains(m, `iafbot_interactions_refused_total{reason="replay"} 2`) {
		t.Errorf("replays not counted:\n%s", grep(m, "refused"))
	}
}

// An unsigned request announcing a 1 MiB body and sending none used to
// make the endpoint allocate the buffer and wait for the body until the
// read timeout; the missing signature is now refused from the headers.
func TestUnsignedRefusedBeforeBody(t *testing.T) {
	pub, _ := keys(t)
	srv, err := httpserver.New(httpserver.Config{PublicKey: pub, Logger: testLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(t.Context(), ln) //nolint:errcheck // ends with the test
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte("POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n")); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body) //nolint:errcheck // checked below
	if resp.StatusCode != 401 || !strings.Contains(b.String(), "missing signature") {
		t.Errorf("%d %s", resp.StatusCode, b.String())
	}
}
