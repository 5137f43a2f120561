package httpserver

import (
	"bufio"
	"crypto/ed25519"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A Content-Length of 1 MiB with ten bytes behind it must not cost a
// 1 MiB buffer: the buffer follows the bytes that arrive.
func TestReadBodyDoesNotPreallocate(t *testing.T) {
	r := httptest.NewRequest("POST", "/interactions", io.LimitReader(strings.NewReader(strings.Repeat("x", 100)), 10))
	r.ContentLength = DefaultMaxBodyBytes
	buf, status, err := readBody(httptest.NewRecorder(), r, DefaultMaxBodyBytes)
	if err != nil {
		t.Fatalf("%d %v", status, err)
	}
	defer putBuffer(buf)
	if buf.Len() != 10 || buf.Cap() > 64<<10 {
		t.Errorf("read %d bytes into a buffer of %d", buf.Len(), buf.Cap())
	}
}

func TestSeenIDsBoundedAndExpiring(t *testing.T) {
	s := newSeenIDs(3)
	now := time.Now()
	if !s.add("a", now, now) || s.add("a", now, now) {
		t.Fatal("a: first must pass, second is a replay")
	}
	// After the window the ID is forgotten (its signature is refused as
	// too old anyway).
	later := now.Add(replayWindow + time.Second)
	if !s.add("a", later, later) {
		t.Error("a after its window")
	}
	for _, id := range []string{"b", "c", "d"} {
		s.add(id, later, later)
	}
	if len(s.until) > 3 {
		t.Errorf("%d IDs remembered, limit 3", len(s.until))
	}
	if s.add("d", later, later) {
		t.Error("d: the newest ID must stay remembered")
	}
}

// TestSlowSignedLookingConnections measures what hostile connections
// cost: each sends well-formed (but unverifiable) signature headers and
// announces a 1 MiB body it never sends, which used to reserve the whole
// MiB per connection (400 connections: 27 MB → 440 MB RSS). Now a
// connection costs its goroutine and small buffers, and requests beyond
// MaxInFlight are answered 503 at once. The figures are logged; the test
// fails only far above them (heap over 64 MiB for 300 connections).
func TestSlowSignedLookingConnections(t *testing.T) {
	if testing.Short() {
		t.Skip("opens 300 connections")
	}
	pub, _, _ := ed25519.GenerateKey(nil)
	srv, err := New(Config{PublicKey: pub, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(t.Context(), ln) //nolint:errcheck // ends with the test

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	const n = 300
	head := fmt.Sprintf("POST /interactions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"+
		"X-Signature-Ed25519: %s\r\nX-Signature-Timestamp: %d\r\nContent-Length: %d\r\n\r\n",
		strings.Repeat("ab", ed25519.SignatureSize), time.Now().Unix(), DefaultMaxBodyBytes)
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		if _, err := c.Write([]byte(head)); err != nil {
			t.Fatal(err)
		}
		return c
	}
	// First as many as may be in flight; each is held reading its body.
	for range DefaultMaxInFlight {
		dial()
	}
	for len(srv.inFlight) < DefaultMaxInFlight {
		time.Sleep(10 * time.Millisecond)
	}
	// The rest are answered 503 at once.
	busy := 0
	for range n - DefaultMaxInFlight {
		resp, err := http.ReadResponse(bufio.NewReader(dial()), nil)
		if err == nil && resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
			busy++
		}
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapInuse) - int64(before.HeapInuse)
	t.Logf("%d connections: %d held reading their body, %d answered 503; heap in use grew by %.1f MiB (%.1f KiB per connection)",
		n, len(srv.inFlight), busy, float64(grown)/(1<<20), float64(grown)/1024/n)
	if busy != n-DefaultMaxInFlight {
		t.Errorf("%d connections answered 503, want %d", busy, n-DefaultMaxInFlight)
	}
	if grown > 64<<20 {
		t.Errorf("heap grew by %d bytes for %d connections", grown, n)
	}

}
