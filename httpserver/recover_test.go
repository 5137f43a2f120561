package httpserver

import (
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"iafbot/metrics"
)

func TestRecovererAnswers500JSON(t *testing.T) {
	m := metrics.New()
	h := recoverer(slog.New(slog.DiscardHandler), m, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(errors.New("kaputt"))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/interactions", nil))
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/json" || strings.TrimSpace(rec.Body.String()) != `{"error":"internal error"}` {
		t.Errorf("%d %v %q", rec.Code, rec.Header(), rec.Body)
	}
	mrec := httptest.NewRecorder()
	m.Handler().ServeHTTP(mrec, httptest.NewRequest("GET", "/metrics", nil))
	if !strings.Contains(mrec.Body.String(), `iafbot_interactions_refused_total{reason="panic"} 1`) {
		t.Error("panic not counted")
	}
}

func TestRecovererAfterWrite(t *testing.T) {
	h := recoverer(slog.New(slog.DiscardHandler), nil, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		w.Write([]byte("halb")) //nolint:errcheck // test
		panic("später")
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != http.StatusAccepted || rec.Body.String() != "halb" {
		t.Errorf("%d %q: the recoverer wrote over a started response", rec.Code, rec.Body)
	}
}

func TestRecovererKeepsAbortHandler(t *testing.T) {
	h := recoverer(slog.New(slog.DiscardHandler), nil, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler { //nolint:errorlint // sentinel
			t.Errorf("recovered %v", v)
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}
