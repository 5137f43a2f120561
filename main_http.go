package main

// The HTTP interactions mode of `iafbot serve` (--http ADDR or HTTP_ADDR)
// and the metrics endpoint of both modes (METRICS_ADDR).

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strconv"
	"strings"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/httpserver"
	"iafbot/knowledge"
	"iafbot/metrics"
	"iafbot/recap"
)

// httpConfig is what the HTTP mode and the metrics endpoint read from the
// --http flag and the environment.
type httpConfig struct {
	addr        string // HTTP interactions endpoint; "" = gateway mode
	publicKey   ed25519.PublicKey
	metricsAddr string // /metrics and /healthz on their own address; "" = none (gateway) or on addr (HTTP)
}

// parseHTTPConfig validates HTTP_ADDR (the --http flag wins),
// DISCORD_PUBLIC_KEY (required in HTTP mode only) and METRICS_ADDR.
func parseHTTPConfig(lookup func(string) (string, bool), flagAddr string) (httpConfig, error) {
	get := func(k string) string {
		v, _ := lookup(k)
		return strings.TrimSpace(v)
	}
	var hc httpConfig
	hc.addr = strings.TrimSpace(flagAddr)
	source := "--http"
	if hc.addr == "" {
		hc.addr, source = get("HTTP_ADDR"), "HTTP_ADDR"
	}
	if hc.addr != "" {
		if err := checkListenAddr(hc.addr); err != nil {
			return hc, fmt.Errorf("%s %q: %v (Beispiel: :8080 oder 127.0.0.1:8080)", source, hc.addr, err)
		}
	}
	hc.metricsAddr = get("METRICS_ADDR")
	if hc.metricsAddr != "" {
		if err := checkListenAddr(hc.metricsAddr); err != nil {
			return hc, fmt.Errorf("METRICS_ADDR %q: %v (Beispiel: :9090 oder 127.0.0.1:9090)", hc.metricsAddr, err)
		}
		if _, port, _ := net.SplitHostPort(hc.addr); hc.metricsAddr == hc.addr && port != "0" {
			return hc, fmt.Errorf("METRICS_ADDR %q ist dieselbe Adresse wie %s; leer lassen, dann gibt es /metrics dort", hc.metricsAddr, source)
		}
	}
	if hc.addr == "" {
		return hc, nil // gateway mode: the public key is not needed
	}
	key := get("DISCORD_PUBLIC_KEY")
	if key == "" {
		return hc, errors.New("DISCORD_PUBLIC_KEY fehlt: im HTTP-Modus den Public Key der Anwendung setzen (Developer Portal → General Information → Public Key)")
	}
	pk, err := httpserver.ParsePublicKey(key)
	if err != nil {
		return hc, fmt.Errorf("DISCORD_PUBLIC_KEY ist kein gültiger Ed25519-Schlüssel (64 Hexziffern aus dem Developer Portal): %v", err)
	}
	hc.publicKey = pk
	return hc, nil
}

// checkListenAddr accepts host:port with a numeric port (host may be empty).
func checkListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return errors.New("keine Adresse der Form host:port")
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("Port %q ist keine Zahl von 0 bis 65535", port)
	}
	return nil
}

// loadKnowledge builds the knowledge base from cfg.synopses or the
// embedded synopses.
func loadKnowledge(cfg serveConfig) (*knowledge.Base, error) {
	if cfg.synopses != "" {
		return knowledge.LoadDir(cfg.synopses)
	}
	return knowledge.Default()
}

// runHTTP serves the HTTP interactions endpoint until ctx ends. The
// listener comes up first (/healthz 503, PINGs answered), then the
// knowledge base is built, the recap database opened and the commands
// (the same as in gateway mode, /recap included) are registered through
// REST; only then do commands get answers and /healthz 200, and the recap
// scheduler starts, posting through REST. Configuration and start
// problems print one line and return 1; a shutdown returns 0.
func runHTTP(ctx context.Context, cfg serveConfig, hc httpConfig, logger *slog.Logger, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "iafbot serve: "+format+"\n", a...)
		return 1
	}
	m := metrics.New()
	srv, err := httpserver.New(httpserver.Config{
		PublicKey:   hc.publicKey,
		Metrics:     m,
		HideMetrics: hc.metricsAddr != "",
		Logger:      logger,
	})
	if err != nil {
		return fail("%v", err)
	}
	ln, err := net.Listen("tcp", hc.addr)
	if err != nil {
		return fail("HTTP-Adresse %s: %s", hc.addr, oneLine(listenError(err)))
	}
	// Everything below stops through serveCtx, so a failed start shuts the
	// listener down cleanly too.
	serveCtx, stopServing := context.WithCancel(ctx)
	defer stopServing()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(serveCtx, ln) }()
	stopOps := func() error { return nil }
	if hc.metricsAddr != "" {
		stopOps, err = startOpsServer(serveCtx, hc.metricsAddr, m, srv.Ready, logger)
		if err != nil {
			stopServing()
			<-served
			return fail("%v", err)
		}
	}
	logger.Info("HTTP interactions endpoint listening", "addr", ln.Addr().String(), "path", "/interactions",
		"metrics_addr", hc.metricsAddr, "env_file", cfg.envFileUsed)
	// abort stops the servers after a failed start and prints one line.
	abort := func(format string, a ...any) int {
		stopServing()
		<-served
		stopOps() //nolint:errcheck // the start error is what matters
		return fail(format, a...)
	}

	kb, err := loadKnowledge(cfg)
	if err != nil {
		return abort("Zusammenfassungen laden: %s", oneLine(err.Error()))
	}
	st := kb.Stats()
	m.SetKnowledge(st.Episodes, st.Characters, st.Sentences)
	logger.Info("knowledge base loaded", "episodes", st.Episodes, "characters", st.Characters,
		"sentences", st.Sentences, "dir", cfg.synopses)

	// Daily recaps as in gateway mode (main_recap.go). Replicas share the
	// database, whose once-a-day claim keeps them from posting twice, so
	// every replica's scheduler owns every guild (no shards without a
	// gateway). The database is closed after the server has drained.
	store, closeDB, where, err := openRecapStore(ctx, cfg)
	if err != nil {
		return abort("Datenbank: %s", oneLine(err.Error()))
	}
	defer func() {
		if err := closeDB(); err != nil {
			logger.Warn("closing the database", "error", err)
		}
	}()
	logger.Info("recap database ready", "database", where)
	sched := &recap.Scheduler{
		Store:   store,
		Catalog: commands.RecapCatalog(kb),
		Logger:  logger.With("component", "recap"),
	}

	router := commands.New(kb, logger)
	router.Use(commands.Observe(m))
	commands.RegisterRecap(router, sched, commands.RecapConfig{})
	rest, err := bot.NewREST(bot.Config{Token: cfg.token, GuildID: cfg.guildID, Router: router, Logger: logger})
	if err != nil {
		return abort("%v", err)
	}
	defer rest.Close()
	sched.Sender = meteredSender{Sender: rest, m: m}
	if err := rest.Start(ctx); err != nil {
		switch {
		case ctx.Err() != nil:
			stopServing()
			<-served
			stopOps() //nolint:errcheck // shutting down anyway
			logger.Info("bye")
			return 0
		case errors.Is(err, bot.ErrBadToken):
			return abort("Discord hat DISCORD_TOKEN abgelehnt (401 Unauthorized) – prüfe den Bot-Token im Developer Portal")
		case errors.Is(err, bot.ErrUnreachable):
			return abort("Discord nicht erreichbar (Netz, DNS oder HTTPS_PROXY prüfen): %s", oneLine(err.Error()))
		}
		return abort("%s", oneLine(err.Error()))
	}
	srv.Enable(router, rest)
	logger.Info("ready for interactions", "application", rest.ApplicationID())

	// The scheduler starts once the token is known to be good (as in
	// gateway mode) and stops first on shutdown.
	schedCtx, stopSched := context.WithCancel(context.Background())
	defer stopSched()
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		sched.Run(schedCtx) //nolint:errcheck // returns schedCtx.Err()
	}()

	var serveErr error
	select {
	case serveErr = <-served: // the listener failed
		stopServing()
		stopSched()
		<-schedDone
	case <-ctx.Done():
		logger.Info("shutting down")
		stopSched()
		<-schedDone
		logger.Info("recap scheduler stopped")
		serveErr = <-served // Serve drains requests and deferred interactions
	}
	opsErr := stopOps()
	if serveErr != nil && ctx.Err() == nil {
		return fail("HTTP-Server: %s", oneLine(serveErr.Error()))
	}
	if err := errors.Join(serveErr, opsErr); err != nil {
		logger.Warn("shutdown did not finish cleanly", "error", err)
	}
	logger.Info("bye")
	return 0
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

// gatewayMetrics starts the metrics endpoint of the gateway mode when
// METRICS_ADDR is set: it returns the Metrics to wire in (router
// middleware, recap counters) and a stop function. Without METRICS_ADDR it
// returns nil Metrics, whose methods do nothing, and a no-op stop.
func gatewayMetrics(ctx context.Context, addr string, st knowledge.Stats, logger *slog.Logger) (*metrics.Metrics, func(), error) {
	if addr == "" {
		return nil, func() {}, nil
	}
	m := metrics.New()
	m.SetKnowledge(st.Episodes, st.Characters, st.Sentences)
	m.SetReady(true) // the knowledge base is built before the gateway starts
	stop, err := startOpsServer(ctx, addr, m, func() bool { return true }, logger)
	if err != nil {
		return nil, nil, err
	}
	return m, func() {
		if err := stop(); err != nil {
			logger.Warn("metrics endpoint did not shut down cleanly", "error", err)
		}
	}, nil
}
