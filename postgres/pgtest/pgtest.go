// Package pgtest gives tests a real PostgreSQL server: a throwaway cluster
// on 127.0.0.1, started once per test binary, with a new empty database
// for every test.
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
//	func TestX(t *testing.T) {
//		url := pgtest.NewDatabase(t) // postgres://…/iafbot_test_…
//		…
//	}
//
// The server binaries (initdb, postgres) are looked up in PATH, then in
// /usr/lib/postgresql/*/bin (Debian's postgresql package; newest version
// first), or only in $IAFBOT_TEST_PG_BINDIR if that is set. The cluster lives in a temporary directory with its unix socket,
// listens on a free loopback port, runs with fsync off, and is stopped and
// removed when the tests end; if the test binary dies, the kernel stops the
// server with it (Linux). PostgreSQL refuses to run as root, so when the
// tests run as root the server runs as the user "postgres" (or "nobody").
//
// If $IAFBOT_TEST_DATABASE_URL is set, no server is started: databases are
// created on that server instead (its user needs CREATEDB) and dropped at
// the end of each test.
//
// Without PostgreSQL, NewDatabase skips the test with a hint how to install
// it, except when $CI is set: then the test fails, because CI must run
// these tests.
package pgtest

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvURL names the variable with the URL of an existing server to use
// instead of starting one.
const EnvURL = "IAFBOT_TEST_DATABASE_URL"

// EnvBinDir names the variable that selects the directory of the server
// binaries, e.g. /usr/lib/postgresql/16/bin when several versions are
// installed.
const EnvBinDir = "IAFBOT_TEST_PG_BINDIR"

// InstallHint says how to get the server binaries.
const InstallHint = "install PostgreSQL (Debian/Ubuntu: apt-get install postgresql, or run .ci/postgres.sh) or set " + EnvURL

var (
	mainCalled atomic.Bool
	once       sync.Once
	shared     *Server // nil when using EnvURL or when start failed
	adminURL   string
	startErr   error
	dbCounter  atomic.Int64
	runID      = strings.ToLower(rand.Text()[:8])
)

// Main runs the tests and then stops the server they started, if any.
// Call it from TestMain; NewDatabase fails without it, since nothing else
// would stop the server.
func Main(m *testing.M) int {
	mainCalled.Store(true)
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, "pgtest:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	return code
}

// AdminURL returns the URL of the server's superuser on its "postgres"
// database (or $IAFBOT_TEST_DATABASE_URL), starting the server on first
// use. It skips or fails t like NewDatabase when PostgreSQL is missing.
func AdminURL(t testing.TB) string {
	t.Helper()
	if !mainCalled.Load() {
		t.Fatal("pgtest: call pgtest.Main from TestMain so the server is stopped after the tests")
	}
	once.Do(func() {
		if u := os.Getenv(EnvURL); u != "" {
			adminURL = u
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		shared, startErr = Start(ctx)
		if startErr == nil {
			adminURL = shared.URL("postgres")
		}
	})
	switch {
	case errors.Is(startErr, ErrNotInstalled) && os.Getenv("CI") == "":
		t.Skipf("pgtest: %v; %s", startErr, InstallHint)
	case errors.Is(startErr, ErrNotInstalled):
		t.Fatalf("pgtest: %v; CI is set, so the PostgreSQL tests must run: %s", startErr, InstallHint)
	case startErr != nil:
		t.Fatalf("pgtest: %v", startErr)
	}
	return adminURL
}

// NewDatabase creates an empty database for t and returns its URL. With
// $IAFBOT_TEST_DATABASE_URL the database is dropped at the end of the test;
// a server started by this package is removed as a whole after the tests.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := AdminURL(t)
	name := fmt.Sprintf("iafbot_test_%s_%d", runID, dbCounter.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := execSQL(ctx, admin, `CREATE DATABASE `+pgx.Identifier{name}.Sanitize()+createOptions(ctx, admin)); err != nil {
		t.Fatalf("pgtest: create database %s: %v", name, err)
	}
	if shared == nil { // someone else's server: leave it as it was
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			if err := execSQL(ctx, admin, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
				t.Errorf("pgtest: drop database %s: %v", name, err)
			}
		})
	}
	u, err := WithDatabase(admin, name)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// WithDatabase returns databaseURL with the database name replaced.
func WithDatabase(databaseURL, name string) (string, error) {
	u, err := url.Parse(databaseURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("%s must be a postgres:// URL", EnvURL)
	}
	u.Path = "/" + name
	u.RawPath = ""
	return u.String(), nil
}

var (
	optionsOnce sync.Once
	options     string
)

// createOptions makes CREATE DATABASE copy the template's files instead of
// logging every page (PostgreSQL 15+), which halves the time per test.
func createOptions(ctx context.Context, admin string) string {
	optionsOnce.Do(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			return
		}
		defer conn.Close(context.Background())
		var v int
		if conn.QueryRow(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&v) == nil && v >= 150000 {
			options = " STRATEGY FILE_COPY"
		}
	})
	return options
}

func execSQL(ctx context.Context, databaseURL, sql string) error {
	conn, err := pgx.Connect(ctx, databaseURL)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, sql)
	return err
}
