package httpserver_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/internal/discordtest"
)

// fuzzServer is one enabled Server shared by a fuzz worker's iterations
// (logs discarded: the fuzzer calls it millions of times).
var (
	fuzzOnce sync.Once
	fuzzSrv  *httpserver.Server
)

func fuzzHandler(tb testing.TB) http.Handler {
	tb.Helper()
	pub, _ := keys(tb)
	base := knowledgeBase(tb)
	fuzzOnce.Do(func() {
		logger := slog.New(slog.DiscardHandler)
		s, err := httpserver.New(httpserver.Config{PublicKey: pub, Logger: logger})
		if err != nil {
			panic(err)
		}
		s.Enable(commands.New(base, logger), discardCompleter{})
		fuzzSrv = s
	})
	return fuzzSrv.Handler()
}

type discardCompleter struct{}

func (discardCompleter) EditOriginal(context.Context, *discordgo.Interaction, *discordgo.InteractionResponse, bool) error {
	return nil
}

func addSeeds(f *testing.F, add func(body []byte)) {
	opt := func(v any) []*discordgo.ApplicationCommandInteractionDataOption {
		return []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: v}}
	}
	for _, b := range [][]byte{
		interactionJSON(discordgo.InteractionPing, ""),
		interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", "Wie heißt die Tochter von Herrn Scholze?")),
		interactionJSON(discordgo.InteractionApplicationCommand, "ask", opt(42.5)...),
		interactionJSON(discordgo.InteractionApplicationCommand, "ask", opt(nil)...),
		interactionJSON(discordgo.InteractionApplicationCommand, "character", str("name", "kathrin")),
		interactionJSON(discordgo.InteractionApplicationCommand, "episode", str("query", "3")),
		interactionJSON(discordgo.InteractionApplicationCommand, "help"),
		interactionJSON(discordgo.InteractionApplicationCommand, "nope"),
		interactionJSON(discordgo.InteractionApplicationCommandAutocomplete, "episode", focused("query", "weg")),
		interactionJSON(discordgo.InteractionApplicationCommandAutocomplete, "character", focused("name", "")),
		[]byte(`{"type":2,"data":{"name":"ask","options":[{"name":"x","type":1,"options":[{"name":"question","type":3,"value":"?"}]}]}}`),
		[]byte(`{"type":2,"data":null}`),
		[]byte(`{"type":3,"data":{"custom_id":"a","component_type":2}}`),
		[]byte(`{"type":5,"data":{"custom_id":"m","components":[]}}`),
		[]byte(`{"type":2,"app_permissions":12}`),
		[]byte(`{"type":"2"}`),
		[]byte(`{"type":1,"member":{"permissions":"x"}}`),
		[]byte(`[]`),
		[]byte(`null`),
		[]byte(``),
		[]byte("{\"type\":2,\"data\":{\"name\":\"ask\",\"options\":[{\"name\":\"question\",\"type\":3,\"value\":\"\xff\xfe\"}]}}"),
	} {
		add(b)
	}
}

// FuzzSignedInteraction signs whatever body it gets (at a fuzzed clock
// skew), so inputs pass the signature check and reach the JSON decoder and
// the router. The endpoint must never fail with 5xx, and every 200 must be
// a well-formed interaction response of a type Discord accepts.
func FuzzSignedInteraction(f *testing.F) {
	addSeeds(f, func(b []byte) { f.Add(b, int16(0), "application/json") })
	f.Add([]byte(`{"type":1}`), int16(-400), "")
	f.Add([]byte(`{"type":1}`), int16(120), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, skew int16, contentType string) {
		if len(body) > 64<<10 {
			return
		}
		_, priv := keys(t)
		h := fuzzHandler(t)
		now := time.Now()
		req := httptest.NewRequest("POST", "/interactions", bytes.NewReader(body))
		req.Header = httpserver.Sign(priv, now.Add(time.Duration(skew)*time.Second), body)
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		// Clearly inside or clearly outside the accepted window (a second
		// may pass between signing and checking).
		d := time.Duration(skew) * time.Second
		inWindow := d >= -httpserver.MaxTimestampAge+2*time.Second && d <= httpserver.MaxTimestampSkew-2*time.Second
		outside := d < -httpserver.MaxTimestampAge-2*time.Second || d > httpserver.MaxTimestampSkew+2*time.Second
		switch {
		case rec.Code >= 500:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		case rec.Code == 401:
			if inWindow {
				t.Fatalf("signed request refused: %s", rec.Body)
			}
		case rec.Code == 200 && outside:
			t.Fatalf("request outside the time window accepted (skew %ds)", skew)
		case rec.Code == 200:
			resp, err := discordtest.DecodeResponse(rec.Body.Bytes())
			if err != nil {
				t.Fatalf("response %q: %v", rec.Body, err)
			}
			switch resp.Type {
			case discordgo.InteractionResponsePong, discordgo.InteractionResponseChannelMessageWithSource,
				discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionApplicationCommandAutocompleteResult:
			default:
				t.Fatalf("response type %d", resp.Type)
			}
			if resp.Type != discordgo.InteractionResponsePong && resp.Data == nil {
				t.Fatalf("response without data: %s", rec.Body)
			}
		case rec.Code != 400:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
}

// FuzzUnsigned sends raw inputs as they come: method, signature and
// timestamp headers and body. Nothing may get past the signature check
// (the key is secret), and nothing may fail with 5xx.
func FuzzUnsigned(f *testing.F) {
	addSeeds(f, func(b []byte) { f.Add("POST", "", "", b) })
	f.Add("POST", "00", "1700000000", []byte(`{"type":1}`))
	f.Add("POST", string(bytes.Repeat([]byte("ab"), 64)), "9999999999999999999999", []byte(`{"type":1}`))
	f.Add("GET", "", "", []byte(nil))
	f.Add("PATCH", "zz", "-1", []byte(`{}`))
	f.Fuzz(func(t *testing.T, method, sig, ts string, body []byte) {
		if len(body) > 64<<10 {
			return
		}
		h := fuzzHandler(t)
		req := httptest.NewRequest("POST", "/interactions", bytes.NewReader(body))
		req.Method = method
		if sig != "" {
			req.Header.Set(httpserver.HeaderSignature, sig)
		}
		if ts != "" {
			req.Header.Set(httpserver.HeaderTimestamp, ts)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case 401, 405, 413:
		default:
			t.Fatalf("status %d for method %q sig %q ts %q body %q: %s", rec.Code, method, sig, ts, body, rec.Body)
		}
		if rec.Code == 405 && method == "POST" {
			t.Fatal("POST refused as wrong method")
		}
	})
}
