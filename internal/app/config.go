package app

// Configuration: flags, .env and the environment, validated with one-line
// German errors. Both modes read the same configuration; HTTP_ADDR (or
// --http) selects the HTTP transport.

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"strconv"
	"strings"

	"github.com/joho/godotenv"

	"iafbot/httpserver"
	"iafbot/internal/corpus"
	"iafbot/internal/defaults"
	"iafbot/internal/snowflake"
)

// serveConfig is what `iafbot serve` reads from flags and the environment.
type serveConfig struct {
	token       string
	guildID     string
	synopses    string // "" = embedded seeds
	corpus      corpus.Limits
	logLevel    slog.Level
	logFormat   string // "text" or "json"
	shardID     int
	shardCount  int
	dataDir     string // SQLite directory; default ./data
	databaseURL string // PostgreSQL instead of SQLite when set
	envFileUsed bool
	http        httpConfig // transport and metrics addresses
}

// httpConfig is what the HTTP mode and the metrics endpoint read from the
// --http flag and the environment.
type httpConfig struct {
	addr        string // HTTP interactions endpoint; "" = gateway mode
	publicKey   ed25519.PublicKey
	metricsAddr string // /metrics and /healthz on their own address; "" = no /metrics
	// metricsPublic serves /metrics on addr too (METRICS_ADDR set to the
	// same address): an explicit choice, since addr faces the internet.
	metricsPublic bool
	maxConns      int // HTTP_MAX_CONNS; 0 = httpserver's default
	maxInFlight   int // HTTP_MAX_IN_FLIGHT; 0 = httpserver's default
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
			// The operator asks for /metrics on the public endpoint.
			hc.metricsAddr, hc.metricsPublic = "", true
		}
	}
	if hc.addr == "" {
		return hc, nil // gateway mode: the public key is not needed
	}
	var err error
	if hc.maxConns, err = envPositive(get, "HTTP_MAX_CONNS"); err != nil {
		return hc, err
	}
	if hc.maxInFlight, err = envPositive(get, "HTTP_MAX_IN_FLIGHT"); err != nil {
		return hc, err
	}
	key := get("DISCORD_PUBLIC_KEY")
	if key == "" {
		return hc, errors.New("DISCORD_PUBLIC_KEY fehlt: im HTTP-Modus den Public Key der Anwendung setzen (Developer Portal → General Information → Public Key)")
	}
	pk, err := httpserver.ParsePublicKey(key)
	if err != nil {
		return hc, fmt.Errorf("DISCORD_PUBLIC_KEY ist kein gültiger Ed25519-Schlüssel: %s (Developer Portal → General Information → Public Key)", keyProblem(key, err))
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
	var err error
	if cfg.corpus, err = corpusLimits(lookup); err != nil {
		return cfg, err
	}

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
	defaults.Set(&cfg.dataDir, "./data")
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

// keyProblem says in German what is wrong with a public key that
// httpserver.ParsePublicKey refused.
func keyProblem(key string, err error) string {
	for i, r := range key {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return fmt.Sprintf("Zeichen %d (%q) ist keine Hexziffer; erwartet werden 64 Hexziffern", i+1, r)
		}
	}
	if n := len(key); n != 2*ed25519.PublicKeySize {
		return fmt.Sprintf("64 Hexziffern erwartet, %d erhalten", n)
	}
	return oneLine(err.Error())
}

// envPositive reads an optional whole number above zero.
func envPositive(get func(string) string, key string) (int, error) {
	n, err := envInt(get, key, 0)
	if err != nil {
		return 0, err
	}
	if n < 0 || (n == 0 && get(key) != "") {
		return 0, fmt.Errorf("%s %d: muss größer als 0 sein", key, n)
	}
	return n, nil
}
