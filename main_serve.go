package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/joho/godotenv"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/internal/snowflake"
	"iafbot/knowledge"
	"iafbot/recap"
)

const serveUsage = `Aufruf: iafbot serve [--synopses DIR] [--http ADDR]

Startet den Discord-Bot (Gateway; mit --http ADDR oder HTTP_ADDR stattdessen
den HTTP-Interaktionsendpunkt POST /interactions, dazu DISCORD_PUBLIC_KEY).
Konfiguration über Umgebungsvariablen oder
eine Datei .env im aktuellen Verzeichnis (echte Umgebungsvariablen haben
Vorrang); alle Variablen stehen in .env.example.
`

// serveConfig is what `iafbot serve` reads from flags and the environment.
type serveConfig struct {
	token       string
	guildID     string
	synopses    string // "" = embedded seeds
	logLevel    slog.Level
	logFormat   string // "text" or "json"
	shardID     int
	shardCount  int
	dataDir     string // SQLite directory; default ./data
	databaseURL string // PostgreSQL instead of SQLite when set
	envFileUsed bool
}

// runServe runs the Discord bot until ctx ends (main cancels it on SIGINT
// and SIGTERM), then shuts down gracefully and returns 0. Configuration
// problems print one line to stderr and return 1; bad usage returns 2.
func runServe(ctx context.Context, args []string, _, stderr io.Writer) int {
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "iafbot serve: "+format+"\n", a...)
		return 1
	}
	flags := flag.NewFlagSet("serve", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	synopses := flags.String("synopses", "", "")
	httpAddr := flags.String("http", "", "")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stderr, serveUsage)
			return 0
		}
		fmt.Fprintf(stderr, "iafbot serve: %v\n%s", err, serveUsage)
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "iafbot serve: unerwartetes Argument %q\n%s", flags.Arg(0), serveUsage)
		return 2
	}

	envFileUsed, err := loadDotEnv(".env")
	if err != nil {
		return fail("%v", err)
	}
	cfg, err := parseServeConfig(os.LookupEnv)
	if err != nil {
		return fail("%v", err)
	}
	cfg.envFileUsed = envFileUsed
	if *synopses != "" {
		cfg.synopses = *synopses
	}
	hc, err := parseHTTPConfig(os.LookupEnv, *httpAddr)
	if err != nil {
		return fail("%v", err)
	}
	logger := newLogger(stderr, cfg.logLevel, cfg.logFormat)
	if hc.addr != "" {
		return runHTTP(ctx, cfg, hc, logger, stderr) // main_http.go
	}

	var kb *knowledge.Base
	if cfg.synopses != "" {
		kb, err = knowledge.LoadDir(cfg.synopses)
	} else {
		kb, err = knowledge.Default()
	}
	if err != nil {
		return fail("Zusammenfassungen laden: %s", oneLine(err.Error()))
	}
	st := kb.Stats()
	logger.Info("knowledge base loaded", "episodes", st.Episodes, "characters", st.Characters,
		"sentences", st.Sentences, "dir", cfg.synopses, "env_file", cfg.envFileUsed)
	// METRICS_ADDR: /metrics and /healthz; m is nil (and ignores calls) without it.
	m, stopMetrics, err := gatewayMetrics(ctx, hc.metricsAddr, st, logger)
	if err != nil {
		return fail("%v", err)
	}
	defer stopMetrics()

	// Daily recaps: state in the database, posted by a scheduler that
	// owns the guilds of this shard, with the bot as its sender.
	store, closeDB, where, err := openRecapStore(ctx, cfg)
	if err != nil {
		return fail("Datenbank: %s", oneLine(err.Error()))
	}
	defer func() {
		if err := closeDB(); err != nil {
			logger.Warn("closing the database", "error", err)
		}
	}()
	logger.Info("recap database ready", "database", where)
	sched := &recap.Scheduler{
		Store:      store,
		Catalog:    commands.RecapCatalog(kb),
		ShardID:    cfg.shardID,
		ShardCount: cfg.shardCount,
		Logger:     logger.With("component", "recap"),
	}
	router := commands.New(kb, logger)
	router.Use(commands.Observe(m))
	commands.RegisterRecap(router, sched, commands.RecapConfig{})

	b, err := bot.New(bot.Config{
		Token:      cfg.token,
		GuildID:    cfg.guildID,
		ShardID:    cfg.shardID,
		ShardCount: cfg.shardCount,
		Router:     router,
		Logger:     logger,
	})
	if err != nil {
		return fail("%v", err)
	}
	sched.Sender = meteredSender{Sender: b, m: m}
	b.ForgetRemovedGuilds(sched)
	if err := serveGateway(ctx, b, sched, logger); err != nil {
		if errors.Is(err, bot.ErrBadToken) {
			return fail("Discord hat DISCORD_TOKEN abgelehnt (401 Unauthorized) – prüfe den Bot-Token im Developer Portal")
		}
		if errors.Is(err, bot.ErrUnreachable) && ctx.Err() == nil {
			return fail("Discord nicht erreichbar (Netz, DNS oder HTTPS_PROXY prüfen): %s", oneLine(err.Error()))
		}
		if ctx.Err() == nil {
			return fail("%s", oneLine(err.Error()))
		}
		// Asked to stop: a slow shutdown is worth a warning, not a failure.
		logger.Warn("shutdown did not finish cleanly", "error", err)
	}
	logger.Info("bye")
	return 0
}

// loadDotEnv loads path like godotenv.Load: variables already set in the
// environment are kept. A missing file is fine; a malformed one is an error.
func loadDotEnv(path string) (bool, error) {
	if err := godotenv.Load(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, fmt.Errorf("%s: %s", path, oneLine(err.Error()))
	}
	return true, nil
}

// parseServeConfig validates the environment.
func parseServeConfig(lookup func(string) (string, bool)) (serveConfig, error) {
	get := func(k string) string {
		v, _ := lookup(k)
		return strings.TrimSpace(v)
	}
	cfg := serveConfig{logLevel: slog.LevelInfo, logFormat: "text", shardCount: 1}

	cfg.token = get("DISCORD_TOKEN")
	if t := strings.TrimSpace(strings.TrimPrefix(cfg.token, "Bot ")); t == "" || t == "Bot" {
		return cfg, errors.New("DISCORD_TOKEN fehlt: den Bot-Token in .env oder in der Umgebung setzen (siehe .env.example)")
	} else if strings.ContainsAny(t, " \t") {
		return cfg, errors.New("DISCORD_TOKEN enthält Leerzeichen: bitte nur den Token eintragen")
	}

	cfg.guildID = get("DISCORD_GUILD_ID")
	if cfg.guildID != "" && !snowflake.Valid(cfg.guildID) {
		return cfg, fmt.Errorf("DISCORD_GUILD_ID %q ist keine Discord-ID (nur Ziffern, z. B. 123456789012345678)", cfg.guildID)
	}
	cfg.synopses = get("SYNOPSES_DIR")

	switch lv := strings.ToLower(get("LOG_LEVEL")); lv {
	case "", "info":
	case "debug":
		cfg.logLevel = slog.LevelDebug
	case "warn", "warning":
		cfg.logLevel = slog.LevelWarn
	case "error":
		cfg.logLevel = slog.LevelError
	default:
		return cfg, fmt.Errorf("LOG_LEVEL %q: erlaubt sind debug, info, warn, error", lv)
	}
	switch f := strings.ToLower(get("LOG_FORMAT")); f {
	case "", "text":
	case "json":
		cfg.logFormat = "json"
	default:
		return cfg, fmt.Errorf("LOG_FORMAT %q: erlaubt sind text, json", f)
	}

	var err error
	if cfg.shardID, err = envInt(get, "SHARD_ID", 0); err != nil {
		return cfg, err
	}
	if cfg.shardCount, err = envInt(get, "SHARD_COUNT", 1); err != nil {
		return cfg, err
	}
	if cfg.shardCount < 1 {
		return cfg, fmt.Errorf("SHARD_COUNT %d: muss mindestens 1 sein", cfg.shardCount)
	}
	if cfg.shardID < 0 || cfg.shardID >= cfg.shardCount {
		return cfg, fmt.Errorf("SHARD_ID %d: muss zwischen 0 und SHARD_COUNT-1 (%d) liegen", cfg.shardID, cfg.shardCount-1)
	}

	cfg.dataDir = get("DATA_DIR")
	if cfg.dataDir == "" {
		cfg.dataDir = "./data"
	}
	cfg.databaseURL = get("DATABASE_URL")
	return cfg, nil
}

func envInt(get func(string) string, key string, def int) (int, error) {
	v := get(key)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s %q ist keine ganze Zahl", key, v)
	}
	return n, nil
}

func newLogger(w io.Writer, level slog.Level, format string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: level}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// oneLine keeps error output to a single line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
