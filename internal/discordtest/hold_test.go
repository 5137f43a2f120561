package discordtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"iafbot/internal/discordtest"
)

// postMessage posts a message with a nonce (enforce_nonce) and returns the
// status and message ID, or the client error.
func postMessage(ctx context.Context, srv *discordtest.Server, ch, nonce string) (int, string, error) {
	body := `{"content":"hallo","nonce":"` + nonce + `","enforce_nonce":true}`
	req, err := http.NewRequestWithContext(ctx, "POST", "https://discord.com/api/v9/channels/"+ch+"/messages", strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Authorization", "Bot "+srv.Token())
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m struct{ ID string }
	json.Unmarshal(b, &m) //nolint:errcheck // status tells
	return resp.StatusCode, m.ID, nil
}

type postResult struct {
	status int
	id     string
	err    error
}

func postAsync(ctx context.Context, srv *discordtest.Server, ch, nonce string) <-chan postResult {
	out := make(chan postResult, 1)
	go func() {
		st, id, err := postMessage(ctx, srv, ch, nonce)
		out <- postResult{st, id, err}
	}()
	return out
}

func TestHoldAfterHandling(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	ch := srv.NewSnowflake()
	h := srv.HoldNext("POST", "/channels/"+ch+"/messages", 1, discordtest.AfterHandling)

	res := postAsync(ctx(t), srv, ch, "n1")
	got, err := h.Wait(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	// Handled and recorded, answer withheld.
	if got.Seq == 0 || got.Status != 200 || len(srv.Messages(ch)) != 1 {
		t.Fatalf("held %v, %d messages", got, len(srv.Messages(ch)))
	}
	select {
	case r := <-res:
		t.Fatalf("answered while held: %+v", r)
	case <-time.After(100 * time.Millisecond):
	}
	h.Release()
	r := <-res
	if r.err != nil || r.status != 200 || r.id != srv.Messages(ch)[0].ID {
		t.Fatalf("after release: %+v", r)
	}
	if hr := h.Requests(); len(hr) != 1 || !hr[0].Done || hr[0].ClientGone {
		t.Fatalf("held requests %+v", hr)
	}
	// Used up: the next request passes at once.
	if st, _, err := postMessage(ctx(t), srv, ch, "n2"); err != nil || st != 200 {
		t.Fatalf("second post: %d %v", st, err)
	}
}

// TestHoldAfterHandlingClientGone is the crash case: the message exists,
// the client never saw the answer; its retry with the same nonce gets the
// same message back.
func TestHoldAfterHandlingClientGone(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	ch := srv.NewSnowflake()
	h := srv.HoldNext("POST", "/channels/*/messages", 1, discordtest.AfterHandling)

	cctx, cancel := context.WithCancel(ctx(t))
	res := postAsync(cctx, srv, ch, "crash")
	if _, err := h.Wait(ctx(t)); err != nil {
		t.Fatal(err)
	}
	cancel() // the client dies
	if r := <-res; r.err == nil {
		t.Fatalf("client got an answer: %+v", r)
	}
	if err := srv.WaitUntil(ctx(t), func() bool { hr := h.Requests(); return hr[0].Done }); err != nil {
		t.Fatal(err)
	}
	if hr := h.Requests(); !hr[0].ClientGone {
		t.Fatalf("held request %+v", hr[0])
	}
	msgs := srv.Messages(ch)
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	st, id, err := postMessage(ctx(t), srv, ch, "crash")
	if err != nil || st != 200 || id != msgs[0].ID || len(srv.Messages(ch)) != 1 {
		t.Fatalf("retry: %d %q %v, %d messages", st, id, err, len(srv.Messages(ch)))
	}
}

// TestHoldBeforeHandling: a request whose client disappears while it is
// held before handling never happened; a released one is handled normally.
func TestHoldBeforeHandling(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	ch := srv.NewSnowflake()
	h := srv.HoldNext("POST", "/channels/"+ch+"/messages", 2, discordtest.BeforeHandling)

	cctx, cancel := context.WithCancel(ctx(t))
	res := postAsync(cctx, srv, ch, "gone")
	got, err := h.Wait(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if got.Seq != 0 || got.Method != "POST" || !strings.Contains(string(got.Body), `"gone"`) {
		t.Fatalf("held request %v %s", got, got.Body)
	}
	if n := len(srv.RequestsMatching(discordtest.Match("POST", "/channels/*/messages"))); n != 0 || len(srv.Messages(ch)) != 0 {
		t.Fatalf("recorded %d requests, %d messages while held before handling", n, len(srv.Messages(ch)))
	}
	cancel()
	<-res
	if err := srv.WaitUntil(ctx(t), func() bool { return h.Requests()[0].Done }); err != nil {
		t.Fatal(err)
	}
	if !h.Requests()[0].ClientGone || len(srv.Messages(ch)) != 0 || len(srv.RequestsMatching(discordtest.Match("POST", "/channels/*/messages"))) != 0 {
		t.Fatalf("dropped request left traces: %+v, %d messages", h.Requests(), len(srv.Messages(ch)))
	}

	// The second use is released.
	res = postAsync(ctx(t), srv, ch, "kept")
	if err := srv.WaitUntil(ctx(t), func() bool { return len(h.Requests()) == 2 }); err != nil {
		t.Fatal(err)
	}
	h.Release()
	if r := <-res; r.err != nil || r.status != 200 || len(srv.Messages(ch)) != 1 {
		t.Fatalf("released: %+v, %d messages", r, len(srv.Messages(ch)))
	}
}

// TestHoldFaultAndClose: a held fault is answered on release, and Close
// ends requests still held instead of hanging.
func TestHoldFaultAndClose(t *testing.T) {
	t.Parallel()
	srv, err := discordtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	ch := srv.NewSnowflake()
	srv.FailNext("POST", "/channels/*/messages", 1, discordtest.Fault{Status: 500})
	h := srv.HoldNext("POST", "/channels/*/messages", 1, discordtest.AfterHandling)
	res := postAsync(ctx(t), srv, ch, "f")
	got, err := h.Wait(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Fault || got.Status != 500 {
		t.Fatalf("held %v", got)
	}
	h.Release()
	if r := <-res; r.status != 500 {
		t.Fatalf("released fault: %+v", r)
	}

	h2 := srv.HoldNext("POST", "/channels/*/messages", 1, discordtest.BeforeHandling)
	res = postAsync(ctx(t), srv, ch, "c")
	if _, err := h2.Wait(ctx(t)); err != nil {
		t.Fatal(err)
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close hangs on a held request")
	}
	if r := <-res; r.err == nil && r.status == 200 {
		t.Fatalf("held request succeeded after Close: %+v", r)
	}
	if hr := h2.Requests(); !hr[0].Done || !hr[0].ClientGone || len(srv.Messages(ch)) != 0 {
		t.Fatalf("after Close: %+v", hr)
	}
}
