// Package postgres stores the bot's state in PostgreSQL through pgx, so that
// several replicas of the bot can share recap subscriptions and the
// once-a-day claim. It is the alternative to package sqlite, chosen when
// DATABASE_URL is set, and implements the same domain interfaces with the
// same semantics.
//
// The schema is versioned by the numbered files in migrations/, the same
// versions as package sqlite's in PostgreSQL dialect. They are embedded in
// the binary and applied at Open, each in its own transaction holding a
// transaction-scoped advisory lock, so replicas starting at the same time
// apply each migration exactly once.
//
// Tables are created unqualified, in the first schema of the connection's
// search_path; add e.g. ?search_path=iafbot to the URL to use another schema
// than public.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"iafbot/internal/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DefaultConnectTimeout bounds each connection attempt when the URL has no
// connect_timeout, so an unreachable server fails Open instead of hanging.
const DefaultConnectTimeout = 10 * time.Second

// migrationLock is the pg_advisory_xact_lock key serializing migrations.
// Advisory locks are per database, so the key only has to be unique among
// the users of the bot's database.
const migrationLock int64 = 0x69616662_6f740001 // "iafbot" 0001

// DB is a pool of connections to one PostgreSQL database.
type DB struct {
	pool       *pgxpool.Pool
	target     string   // user@host:port/database, for errors and logs
	secrets    []string // passwords to keep out of error messages
	maxVersion int      // tests: migrate only up to this version; 0: all
}

// Open connects to the database at databaseURL (postgres://user:password@
// host:port/database?sslmode=…, or any other form pgx accepts, including
// pool settings such as pool_max_conns) and migrates its schema to the
// newest version.
//
// Errors are one line and name user, host, port and database but never the
// password: a malformed URL, an unreachable server, failed authentication, a
// missing database, or a schema newer than this program.
func Open(ctx context.Context, databaseURL string) (*DB, error) {
	return open(ctx, databaseURL, 0)
}

func open(ctx context.Context, databaseURL string, maxVersion int) (*DB, error) {
	secrets := urlSecrets(databaseURL)
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, &openError{
			msg: "postgres: invalid database URL: " + scrub(oneLine(err.Error()), secrets),
			err: err,
		}
	}
	cc := cfg.ConnConfig
	secrets = append(secrets, cc.Password)
	if cc.ConnectTimeout <= 0 {
		cc.ConnectTimeout = DefaultConnectTimeout
	}
	if _, ok := cc.RuntimeParams["application_name"]; !ok {
		cc.RuntimeParams["application_name"] = "iafbot"
	}

	db := &DB{
		target:     describeTarget(cc),
		secrets:    secrets,
		maxVersion: maxVersion,
	}
	if db.pool, err = pgxpool.NewWithConfig(ctx, cfg); err == nil {
		err = db.migrate(ctx)
	}
	if err != nil {
		if db.pool != nil {
			db.pool.Close()
		}
		return nil, &openError{
			msg: scrub(fmt.Sprintf("postgres: open %s: %s", db.target, explain(err, cc)), secrets),
			err: err,
		}
	}
	return db, nil
}

// Close closes all connections. It always returns nil; the error result
// matches sqlite.DB.Close.
func (db *DB) Close() error {
	if db != nil && db.pool != nil {
		db.pool.Close()
	}
	return nil
}

// String names the database without the password, as
// user@host:port/database, for logs.
func (db *DB) String() string { return db.target }

// Ping checks that the database answers, e.g. for a readiness probe.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping %s: %s", db.target, scrub(oneLine(err.Error()), db.secrets))
	}
	return nil
}

// checkTimeout bounds the health check: /healthz must answer quickly even
// when the server hangs.
const checkTimeout = 2 * time.Second

// Check is the health check: the server answers a ping within
// checkTimeout. A server gone away fails /healthz instead of going
// unnoticed until the next recap.
func (db *DB) Check() error {
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	return db.Ping(ctx)
}

// SchemaVersion is the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.pool.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// openError is a readable, password-free message that still unwraps to the
// driver's error for errors.As.
type openError struct {
	msg string
	err error
}

func (e *openError) Error() string { return e.msg }
func (e *openError) Unwrap() error { return e.err }

func describeTarget(cc *pgx.ConnConfig) string {
	host := cc.Host
	if !strings.HasPrefix(host, "/") { // a unix socket directory stays as is
		host = net.JoinHostPort(host, strconv.Itoa(int(cc.Port)))
	} else {
		host += ":" + strconv.Itoa(int(cc.Port))
	}
	return fmt.Sprintf("%s@%s/%s", cc.User, host, cc.Database)
}

// explain turns the errors an operator can fix into one line saying what
// to fix; others are returned as the driver words them, on one line.
func explain(err error, cc *pgx.ConnConfig) string {
	var pgErr *pgconn.PgError
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(err, &pgErr):
		switch pgErr.Code {
		case "28P01":
			return fmt.Sprintf("authentication failed for user %q: check user and password in the database URL", cc.User)
		case "28000":
			return fmt.Sprintf("server refused user %q (pg_hba.conf or role): %s", cc.User, oneLine(pgErr.Message))
		case "3D000":
			return fmt.Sprintf("database %q does not exist: create it first (CREATE DATABASE)", cc.Database)
		case "42501":
			return fmt.Sprintf("permission denied: user %q needs to own the database or schema to create the tables: %s", cc.User, oneLine(pgErr.Message))
		}
		return oneLine(err.Error()) // pgx adds the SQLSTATE
	case errors.As(err, &dnsErr):
		return "cannot resolve host: " + oneLine(dnsErr.Error())
	case errors.Is(err, context.Canceled):
		return "canceled: " + lastPart(err)
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer in time (connect timeout %v): %s", cc.ConnectTimeout, lastPart(err))
	case errors.As(err, &opErr):
		if opErr.Timeout() {
			return fmt.Sprintf("no answer in time (connect timeout %v): %s", cc.ConnectTimeout, oneLine(opErr.Error()))
		}
		return "cannot reach server: " + oneLine(opErr.Error())
	}
	return oneLine(err.Error())
}

// lastPart is the innermost cause of a pgconn error chain, which repeats
// user and database the target already names.
func lastPart(err error) string {
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		if inner := errors.Unwrap(ce); inner != nil {
			return oneLine(inner.Error())
		}
	}
	return oneLine(err.Error())
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// urlSecrets returns every string in a database URL or keyword/value
// connection string that might be a password, so that error messages can
// be scrubbed of them even when the string is too malformed to parse.
func urlSecrets(raw string) []string {
	var out []string
	add := func(s string) {
		if s == "" {
			return
		}
		out = append(out, s)
		if d, err := unescape(s); err == nil && d != s {
			out = append(out, d)
		}
	}
	// URL userinfo: between "://" and the last '@', after the first ':'.
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		if at := strings.LastIndex(rest, "@"); at >= 0 {
			if _, pw, ok := strings.Cut(rest[:at], ":"); ok {
				add(pw)
			}
		}
	}
	// password=… and sslpassword=… in a query string or keyword/value form.
	lower := strings.ToLower(raw)
	for i := 0; ; {
		j := strings.Index(lower[i:], "password")
		if j < 0 {
			break
		}
		v := strings.TrimLeft(raw[i+j+len("password"):], " ")
		i += j + len("password")
		if !strings.HasPrefix(v, "=") {
			continue
		}
		v = strings.TrimLeft(v[1:], " ")
		if strings.HasPrefix(v, "'") {
			end := strings.Index(v[1:], "'")
			if end < 0 {
				end = len(v) - 1
			}
			add(v[1 : 1+end])
			continue
		}
		end := strings.IndexAny(v, " &")
		if end < 0 {
			end = len(v)
		}
		add(v[:end])
	}
	return out
}

func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			return "", errors.New("bad escape")
		}
		n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			return "", err
		}
		b.WriteByte(byte(n))
		i += 2
	}
	return b.String(), nil
}

// scrub replaces every secret in s, longest first.
func scrub(s string, secrets []string) string {
	secrets = slices.Clone(secrets)
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "xxxxx")
		}
	}
	return s
}

// migrate applies missing migrations one transaction each. Every
// transaction takes the advisory lock before the version is read and holds
// it until commit, so of several processes opening the database at once one
// applies a migration and the others, once they get the lock, find it
// applied.
func (db *DB) migrate(ctx context.Context) error {
	return migrate.Run(ctx, migrationFiles, db.maxVersion, func(ctx context.Context, fn func(migrate.Tx) error) error {
		return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
				return err
			}
			return fn(migrationTx{tx})
		})
	})
}

// migrationTx is migrate.Tx in PostgreSQL's dialect.
type migrationTx struct{ tx pgx.Tx }

func (t migrationTx) Version(ctx context.Context) (int, error) {
	// Checked first, so a role without CREATE on the schema can use an
	// already migrated database.
	var exists bool
	if err := t.tx.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, err
	}
	if !exists {
		if _, err := t.tx.Exec(ctx, `CREATE TABLE schema_migrations (
			version    integer     NOT NULL PRIMARY KEY,
			name       text        NOT NULL,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return 0, err
		}
	}
	var current int
	err := t.tx.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current)
	return current, err
}

func (t migrationTx) Apply(ctx context.Context, m migrate.Migration) error {
	// No arguments: pgx sends it with the simple protocol, which runs
	// several statements.
	if _, err := t.tx.Exec(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	_, err := t.tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
	return err
}
