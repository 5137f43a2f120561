package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"

	"iafbot/bot"
	"iafbot/httpserver"
	"iafbot/metrics"
	"iafbot/recap"
)

// httpTransport is the HTTP interactions mode (--http ADDR or HTTP_ADDR):
// Discord POSTs signed interactions to /interactions; responses are the
// HTTP answers, and deferred ones are finished through Discord's REST API,
// which also registers the commands and posts the recaps. Replicas share
// the database, whose once-a-day claim keeps them from posting twice, so
// every replica's scheduler owns every guild (no shards without a gateway).
type httpTransport struct {
	a      *App
	srv    *httpserver.Server
	rest   *bot.REST
	cancel context.CancelFunc // stops serving
	served chan error         // Serve's result
	died   chan error         // the listener failed while running
}

// listen comes up before the application is opened: PINGs are answered at
// once (Discord can verify the endpoint early) and /healthz says 503 until
// the commands are registered.
func (h *httpTransport) listen(ctx context.Context) error {
	a, hc := h.a, h.a.cfg.http
	srv, err := httpserver.New(httpserver.Config{
		PublicKey: hc.publicKey,
		Metrics:   a.metrics,
		// /metrics tells anyone how busy the bot is and what fails: only on
		// METRICS_ADDR, unless that was set to the public address itself.
		HideMetrics: !hc.metricsPublic,
		Logger:      a.log,
		MaxConns:    hc.maxConns,
		MaxInFlight: hc.maxInFlight,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", hc.addr)
	if err != nil {
		return fmt.Errorf("HTTP-Adresse %s: %s", hc.addr, oneLine(listenError(err)))
	}
	serveCtx, cancel := context.WithCancel(ctx)
	h.srv, h.cancel = srv, cancel
	h.served, h.died = make(chan error, 1), make(chan error, 1)
	go func() {
		err := srv.Serve(serveCtx, ln)
		if serveCtx.Err() == nil { // not asked to stop: the listener failed
			h.died <- fmt.Errorf("HTTP-Server: %w", err)
			err = nil
		}
		h.served <- err
	}()
	a.log.Info("HTTP interactions endpoint listening", "addr", ln.Addr().String(), "path", "/interactions",
		"metrics_addr", hc.metricsAddr, "env_file", a.cfg.envFileUsed)
	return nil
}

// connect checks the token and registers the commands through REST (the
// same commands as in gateway mode, /recap included); only then do
// commands get answers and /healthz 200.
func (h *httpTransport) connect(ctx context.Context, a *App) (recap.Sender, error) {
	rest, err := bot.NewREST(bot.Config{Token: a.cfg.token, GuildID: a.cfg.guildID, Router: a.router, Logger: a.log})
	if err != nil {
		return nil, err
	}
	h.rest = rest
	if err := rest.Start(ctx); err != nil {
		return nil, err
	}
	h.srv.Enable(a.router, rest)
	a.log.Info("ready for interactions", "application", rest.ApplicationID())
	return rest, nil
}

func (h *httpTransport) ready() bool { return h.srv != nil && h.srv.Ready() }

func (h *httpTransport) failed() <-chan error { return h.died }

// stop drains: Serve finishes the requests and the deferred interactions
// in flight before it returns.
func (h *httpTransport) stop() error {
	if h.cancel == nil {
		return nil
	}
	h.cancel()
	err := <-h.served
	h.cancel = nil
	if h.rest != nil {
		h.rest.Close()
	}
	return err
}

// listenError shortens the usual listen failures.
func listenError(err error) string {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err.Error()
	}
	return err.Error()
}

// startOpsServer serves /metrics and /healthz on addr until ctx ends (or
// stop is called); stop waits for the graceful shutdown.
func startOpsServer(ctx context.Context, addr string, m *metrics.Metrics, ready func() bool, logger *slog.Logger) (stop func() error, err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("METRICS_ADDR %s: %s", addr, oneLine(listenError(err)))
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- httpserver.Run(ctx, ln, httpserver.OpsHandler(m, ready, logger), httpserver.DefaultShutdownTimeout, logger)
	}()
	logger.Info("metrics endpoint listening", "addr", ln.Addr().String(), "paths", "/metrics /healthz")
	var once bool
	var result error
	return func() error {
		if !once {
			once = true
			cancel()
			result = <-done
		}
		return result
	}, nil
}
