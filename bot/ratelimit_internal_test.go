package bot

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// An exhausted bucket (X-RateLimit-Remaining 0, an hour to reset) made
// discordgo sleep before the next request on it, without a context. The
// limiter hides the headers from discordgo and refuses the next request at
// once instead; other routes are unaffected.
func TestRateLimiterExhaustedBucket(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/limited" {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset-After", "3600")
			w.Header().Set("X-RateLimit-Bucket", "abc")
		}
		w.Write([]byte(`{}`)) //nolint:errcheck // test server
	}))
	defer ts.Close()
	l := newRateLimiter(ts.Client().Transport, time.Minute)
	c := &http.Client{Transport: l}

	resp, err := c.Get(ts.URL + "/limited")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k := range resp.Header {
		if strings.HasPrefix(k, "X-Ratelimit") {
			t.Errorf("header %s reaches discordgo", k)
		}
	}
	_, err = c.Get(ts.URL + "/limited")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.Wait < 59*time.Minute || rl.Global {
		t.Fatalf("second request: %v", err)
	}
	if resp, err := c.Get(ts.URL + "/other"); err != nil {
		t.Fatalf("other route: %v", err)
	} else {
		resp.Body.Close()
	}
}

// A 429 whose body is an HTML page (Cloudflare) still yields the delay
// from Retry-After; a global one blocks every route.
func TestRateLimiterHTML429Global(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Retry-After", "120")
		w.Header().Set("X-RateLimit-Global", "true")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte("<html>banned</html>")) //nolint:errcheck // test server
	}))
	defer ts.Close()
	c := &http.Client{Transport: newRateLimiter(ts.Client().Transport, time.Minute)}
	_, err := c.Get(ts.URL + "/a")
	var rl *RateLimitedError
	if !errors.As(err, &rl) || rl.Wait != 120*time.Second || !rl.Global {
		t.Fatalf("429: %v", err)
	}
	// 2 minutes is over the 1 minute cap: refused without being sent.
	_, err = c.Get(ts.URL + "/b")
	if !errors.As(err, &rl) || !rl.Global {
		t.Fatalf("other route during a global limit: %v", err)
	}
}

// A wait within the cap is sat out, but ends with the request's context,
// and one past the context's deadline is refused at once.
func TestRateLimiterWaitBoundedByContext(t *testing.T) {
	calls := 0
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset-After", "30")
	}))
	defer ts.Close()
	c := &http.Client{Transport: newRateLimiter(ts.Client().Transport, time.Minute)}
	resp, err := c.Get(ts.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", ts.URL, nil)
	if _, err := c.Do(req); !errors.Is(err, ErrRateLimited) || errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("past the deadline: %v", err)
	}
	ctx2, cancel2 := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel2)
	req, _ = http.NewRequestWithContext(ctx2, "GET", ts.URL, nil)
	if _, err := c.Do(req); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled wait: %v", err)
	}
	if calls != 1 {
		t.Errorf("%d calls reached the server, want 1", calls)
	}
}

func TestNotJSONAnswer(t *testing.T) {
	var v struct{ ID string }
	err := decodeJSON([]byte("<!DOCTYPE html><html>Cloudflare</html>"), &v)
	var nj *NotJSONError
	if !errors.As(err, &nj) || !strings.Contains(err.Error(), "HTML page") {
		t.Errorf("HTML: %v", err)
	}
}

// FuzzRetryAfter: whatever a 429 carries (body, headers), the delay is
// between 0 and a week and reading it does not panic.
func FuzzRetryAfter(f *testing.F) {
	f.Add([]byte(`{"message":"You are being rate limited.","retry_after":3600.5,"global":true}`), "3601", "true")
	f.Add([]byte("<html>Cloudflare</html>"), "120", "")
	f.Add([]byte(`{"retry_after":-1}`), "NaN", "")
	f.Add([]byte(`{"retry_after":1e308}`), "1e308", "")
	f.Fuzz(func(t *testing.T, body []byte, header, global string) {
		resp := &http.Response{Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(body))}
		resp.Header.Set("Retry-After", header)
		resp.Header.Set("X-RateLimit-Global", global)
		wait, _ := retryAfter(resp)
		if wait < 0 || wait > 7*24*time.Hour {
			t.Fatalf("wait %v", wait)
		}
	})
}
