// Package app is the iafbot application: it owns the configuration, opens
// the knowledge base, the recap store (SQLite, or PostgreSQL with
// DATABASE_URL), the recap scheduler, the metrics and the command router
// once, and closes them in order. Gateway mode and HTTP mode are two
// transports plugged into the same application (gateway.go, http.go); they
// differ only in how interactions arrive and responses leave.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/feedback"
	"iafbot/internal/customid"
	"iafbot/metrics"
	"iafbot/postgres"
	"iafbot/recap"
	"iafbot/settings"
	"iafbot/sqlite"
)

const serveUsage = `Aufruf: iafbot serve [--synopses DIR] [--http ADDR]

Startet den Discord-Bot (Gateway; mit --http ADDR oder HTTP_ADDR stattdessen
den HTTP-Interaktionsendpunkt POST /interactions, dazu DISCORD_PUBLIC_KEY).
Konfiguration über Umgebungsvariablen oder
eine Datei .env im aktuellen Verzeichnis (echte Umgebungsvariablen haben
Vorrang); alle Variablen stehen in .env.example.
`

// transport is how interactions arrive and responses leave. Everything
// else (knowledge base, store, scheduler, router, metrics) is the App's.
type transport interface {
	// listen starts taking requests before the application is opened
	// (HTTP: PINGs are answered and /healthz says 503 while the knowledge
	// base is built). The gateway has nothing to do yet.
	listen(ctx context.Context) error
	// connect checks the token, registers the router's commands and starts
	// delivering interactions to the router. It returns what posts the
	// daily recaps.
	connect(ctx context.Context, a *App) (recap.Sender, error)
	// ready reports whether interactions are answered (/healthz).
	ready() bool
	// failed delivers an error when the transport stops by itself.
	failed() <-chan error
	// stop stops taking interactions, finishes the ones in flight and
	// releases the connection. It is safe after a failed start.
	stop() error
}

// App is the application of one `iafbot serve` process.
type App struct {
	cfg     serveConfig
	log     *slog.Logger
	metrics *metrics.Metrics
	kb      *commands.Live // swapped when the synopses are reloaded
	sched   *recap.Scheduler
	router  *commands.Router
	loaded  atomic.Bool // the knowledge base is built

	dbCheck  func() error // the store's health check; nil: none
	dbFailed atomic.Bool  // the last check failed
}

// Serve is `iafbot serve`: it runs the Discord bot until ctx ends (main
// cancels it on SIGINT and SIGTERM), then shuts down gracefully and
// returns 0. Configuration and start problems print one line to stderr and
// return 1; bad usage returns 2.
func Serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	synopses := flags.String("synopses", "", "")
	httpAddr := flags.String("http", "", "")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, serveUsage)
			return ExitOK
		}
		fmt.Fprintf(stderr, "iafbot serve: %s\n%s", flagError(err), serveUsage)
		return ExitUsage
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "iafbot serve: unerwartetes Argument %q\n%s", flags.Arg(0), serveUsage)
		return ExitUsage
	}

	envFileUsed, err := loadDotEnv(".env")
	if err != nil {
		return fail(stderr, "%v", err)
	}
	cfg, err := parseServeConfig(os.LookupEnv)
	if err != nil {
		return fail(stderr, "%v", err)
	}
	cfg.envFileUsed = envFileUsed
	if *synopses != "" {
		cfg.synopses = *synopses
	}
	hc, err := parseHTTPConfig(os.LookupEnv, *httpAddr)
	if err != nil {
		return fail(stderr, "%v", err)
	}
	cfg.http = hc

	a := &App{cfg: cfg, log: newLogger(stderr, cfg.logLevel, cfg.logFormat), metrics: metrics.New()}
	var t transport = &gateway{}
	if hc.addr != "" {
		t = &httpTransport{a: a}
	}
	return a.run(ctx, t, stderr)
}

// fail prints the one line of a failed start and returns exit code 1.
func fail(stderr io.Writer, format string, a ...any) int {
	fmt.Fprintf(stderr, "iafbot serve: "+format+"\n", a...)
	return 1
}

// run opens the application around t, serves until ctx ends or t fails,
// and closes everything in reverse order: the scheduler first (no post
// starts or hangs during shutdown; one cut short is resent with the same
// nonce after the restart), then the transport (interactions in flight
// finish), the metrics endpoint and the database.
func (a *App) run(ctx context.Context, t transport, stderr io.Writer) int {
	// On every way out the transport stops first (interactions in flight
	// still use the database), then the rest in reverse order of opening.
	var closers []func()
	listening := false
	closeAll := func() {
		if listening {
			listening = false
			if err := t.stop(); err != nil {
				a.log.Warn("shutdown did not finish cleanly", "error", err)
			}
		}
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
		closers = nil
	}
	defer closeAll()

	if err := t.listen(ctx); err != nil {
		return fail(stderr, "%v", err)
	}
	listening = true
	if addr := a.cfg.http.metricsAddr; addr != "" {
		stopOps, err := startOpsServer(ctx, addr, a.metrics, a.ready(t), a.log)
		if err != nil {
			return fail(stderr, "%v", err)
		}
		closers = append(closers, func() {
			if err := stopOps(); err != nil {
				a.log.Warn("metrics endpoint did not shut down cleanly", "error", err)
			}
		})
	}

	kb, err := LoadKnowledge(a.cfg.synopses, a.cfg.corpus)
	if err != nil {
		return fail(stderr, "Zusammenfassungen laden: %s", oneLine(err.Error()))
	}
	a.kb = commands.NewLive(kb)
	st := kb.Stats()
	a.metrics.SetKnowledge(st.Episodes, st.Characters, st.Sentences)
	a.loaded.Store(true)
	a.log.Info("knowledge base loaded", "episodes", st.Episodes, "characters", st.Characters,
		"sentences", st.Sentences, "dir", a.cfg.synopses, "env_file", a.cfg.envFileUsed)

	db, err := openRecapStore(ctx, a.cfg)
	if err != nil {
		return fail(stderr, "Datenbank: %s", oneLine(err.Error()))
	}
	started := false
	closers = append(closers, func() {
		if err := db.close(); err != nil {
			a.log.Warn("closing the database", "error", err)
		}
		if !started {
			db.discard() // a failed start leaves no database behind it created
		}
	})
	a.log.Info("recap database ready", "database", db.where)
	a.dbCheck = db.check
	store := db.store
	watchCtx, stopWatch := context.WithCancel(ctx)
	closers = append(closers, stopWatch)
	go a.watchDatabase(watchCtx)
	a.sched = &recap.Scheduler{
		Store:      store,
		Catalog:    commands.RecapCatalog(a.kb),
		ShardID:    a.cfg.shardID,
		ShardCount: a.cfg.shardCount,
		Logger:     a.log.With("component", "recap"),
	}
	a.router = commands.New(a.kb, a.log, commands.WithFeedback(db.prefs), commands.WithSettings(db.prefs))
	// Every replica derives the same key from the shared token, so any of
	// them can answer a click on a button another one made.
	if err := a.router.SetComponentKey(customid.DeriveKey(a.cfg.token)); err != nil {
		return fail(stderr, "%v", err)
	}
	a.router.Use(commands.Observe(a.metrics))
	commands.RegisterRecap(a.router, a.sched, commands.RecapConfig{})

	synCtx, stopSynopses := context.WithCancel(context.Background())
	waitSynopses := (&synopsisWatcher{dir: a.cfg.synopses, limits: a.cfg.corpus, live: a.kb, m: a.metrics, log: a.log}).start(synCtx)
	closers = append(closers, func() { stopSynopses(); waitSynopses() })

	sender, err := t.connect(ctx, a)
	if err != nil {
		if ctx.Err() != nil { // asked to stop while starting
			closeAll()
			a.log.Info("bye")
			return 0
		}
		return fail(stderr, "%s", startError(err))
	}
	a.sched.Sender = meteredSender{Sender: sender, m: a.metrics}
	started = true

	// The scheduler starts only once the token is known to be good, so a
	// bad token cannot record failures on every subscription.
	schedCtx, stopSched := context.WithCancel(context.Background())
	schedDone := make(chan struct{})
	go func() {
		defer close(schedDone)
		a.sched.Run(schedCtx) //nolint:errcheck // returns schedCtx.Err()
	}()

	var failure error
	select {
	case failure = <-t.failed():
	case <-ctx.Done():
		a.log.Info("shutting down")
	}
	stopSched()
	<-schedDone
	a.log.Info("recap scheduler stopped")
	closeAll()
	if failure != nil {
		return fail(stderr, "%s", oneLine(failure.Error()))
	}
	a.log.Info("bye")
	return 0
}

// ready is /healthz: the knowledge base is built, the transport answers
// and the database is usable.
func (a *App) ready(t transport) func() bool {
	return func() bool { return a.loaded.Load() && t.ready() && a.databaseOK() }
}

// databaseOK runs the store's health check (for SQLite: is the file at
// DATA_DIR still the one opened?) and logs when the answer changes.
func (a *App) databaseOK() bool {
	if a.dbCheck == nil {
		return true // not opened yet: the knowledge base decides
	}
	err := a.dbCheck()
	if was := a.dbFailed.Swap(err != nil); was != (err != nil) {
		if err != nil {
			a.log.Error("database unusable; recap changes are refused until a restart", "error", err)
		} else {
			a.log.Info("database usable again")
		}
	}
	return err == nil
}

// watchDatabase checks the database now and then, so a deleted file is
// logged even when nothing polls /healthz.
func (a *App) watchDatabase(ctx context.Context) {
	t := time.NewTicker(databaseCheckInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			a.databaseOK()
		}
	}
}

const databaseCheckInterval = 15 * time.Second

// startError is the line for a transport that could not connect.
func startError(err error) string {
	switch {
	case errors.Is(err, bot.ErrBadToken):
		return "Discord hat DISCORD_TOKEN abgelehnt (401 Unauthorized) – prüfe den Bot-Token im Developer Portal"
	case errors.Is(err, bot.ErrUnreachable):
		return "Discord nicht erreichbar (Netz, DNS oder HTTPS_PROXY prüfen): " + oneLine(err.Error())
	}
	var rl *bot.RateLimitedError
	if errors.As(err, &rl) {
		scope := ""
		if rl.Global {
			scope = " für alle Anfragen"
		}
		return fmt.Sprintf("Discord bremst den Bot%s (429 Too Many Requests) und verlangt %s Wartezeit, länger als die %s, die der Start wartet – später erneut starten",
			scope, germanDuration(rl.Wait), germanDuration(bot.DefaultMaxRetryAfter))
	}
	var nj *bot.NotJSONError
	if errors.As(err, &nj) {
		return fmt.Sprintf("Discord antwortete mit einer HTML-Seite statt JSON (Status %d %s) – Störung bei Discord oder ein Proxy dazwischen; später erneut versuchen",
			nj.Status, http.StatusText(nj.Status))
	}
	return oneLine(err.Error())
}

// recapDB is the opened recap store and how to treat it.
type recapDB struct {
	store recap.Store
	prefs uxStore // votes and per-server settings, in the same database
	where string
	close func() error
	check func() error // health check; nil: none
	// discard removes what opening created (after close), when the start
	// fails: no stray database of a bot that never ran.
	discard func()
}

// openRecapStore opens the durable state of the daily recaps: PostgreSQL
// when DATABASE_URL is set (several replicas share it), else the SQLite
// file DATA_DIR/iafbot.db, under the lock of DATA_DIR (one process per
// file). Schema migrations are applied here. The error is one line naming
// the database (never a password): corrupt file, locked by another
// process, permission denied, unreachable server, ...
func openRecapStore(ctx context.Context, cfg serveConfig) (recapDB, error) {
	if cfg.databaseURL != "" {
		db, err := postgres.Open(ctx, cfg.databaseURL)
		if err != nil {
			return recapDB{}, err
		}
		return recapDB{store: postgres.NewRecapStore(db), prefs: postgres.NewFeedbackStore(db), where: "postgres " + db.String(), close: db.Close, check: db.Check, discard: func() {}}, nil
	}
	unlock, created, err := sqlite.LockDir(cfg.dataDir)
	if err != nil {
		removeAll(created)
		return recapDB{}, err
	}
	path := filepath.Join(cfg.dataDir, sqlite.FileName)
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		if _, err := os.Lstat(path + suffix); errors.Is(err, fs.ErrNotExist) {
			created = append(created, path+suffix)
		}
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		unlock()
		removeAll(created)
		return recapDB{}, err
	}
	return recapDB{
		store: sqlite.NewRecapStore(db),
		prefs: sqlite.NewFeedbackStore(db),
		where: "sqlite " + path,
		close: func() error { defer unlock(); return db.Close() },
		check: db.Check,
		discard: func() {
			removeAll(created)
		},
	}, nil
}

// removeAll removes what a failed start created, newest first (files
// before their directory); what did not exist is ignored.
func removeAll(created []string) {
	for i := len(created) - 1; i >= 0; i-- {
		os.Remove(created[i]) //nolint:errcheck // best effort; a leftover is harmless
	}
}

// uxStore keeps the votes on answers and the per-server settings, in the
// recap database.
type uxStore interface {
	feedback.Store
	settings.Store
}

// meteredSender counts the recap posts for /metrics: a SendRecap that
// Discord accepted as sent (a resend answered through the nonce with the
// existing message included), any other as failed, except an attempt cut
// short by shutdown. A post a resend found in the channel (FindRecap)
// counts as sent too, a failed search as failed. A nil *metrics.Metrics as
// m ignores the counts.
type meteredSender struct {
	recap.Sender
	m metrics.Recorder
}

func (s meteredSender) SendRecap(ctx context.Context, channelID string, r recap.Recap, nonce string) (string, error) {
	id, err := s.Sender.SendRecap(ctx, channelID, r, nonce)
	s.count(ctx, err)
	return id, err
}

// FindRecap passes the search on if the Sender is a recap.Finder: the
// embedded interface alone would hide it, and resends would then no
// longer check the channel.
func (s meteredSender) FindRecap(ctx context.Context, channelID string, p recap.Post) (string, error) {
	f, ok := s.Sender.(recap.Finder)
	if !ok {
		return "", nil
	}
	id, err := f.FindRecap(ctx, channelID, p)
	if id != "" || err != nil {
		s.count(ctx, err)
	}
	return id, err
}

func (s meteredSender) count(ctx context.Context, err error) {
	switch {
	case err == nil:
		s.m.RecapSent()
	case ctx.Err() == nil:
		s.m.RecapFailed()
	}
}

// germanDuration writes d for people: "1 Std. 5 Min.", "90 s".
func germanDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= time.Hour:
		return fmt.Sprintf("%d Std. %d Min.", int(d.Hours()), int(d.Minutes())%60)
	case d >= 2*time.Minute:
		return fmt.Sprintf("%d Min.", int(d.Minutes()))
	}
	return fmt.Sprintf("%d s", int(d.Seconds()))
}
