// Package sqlite stores the bot's state in one SQLite file, using the
// pure-Go driver modernc.org/sqlite (no cgo, so the binary stays static).
//
// The schema is versioned by the numbered files in migrations/, embedded
// in the binary and applied at Open, each in its own transaction.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"iafbot/internal/migrate"
)

// FileName is the database file's name inside the data directory.
const FileName = "iafbot.db"

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is an SQLite database file. Set the fields, then call Open.
type DB struct {
	Path string

	// BusyTimeout bounds how long a statement waits for another
	// connection's lock before failing; 0 means 5 s. Open fails after it
	// instead of hanging when another process holds the database.
	BusyTimeout time.Duration

	db   *sql.DB
	file os.FileInfo // the opened file, for Check

	maxVersion int // tests: migrate only up to this version; 0: all
}

// NewDB returns a DB for the file at path; it is not opened yet.
func NewDB(path string) *DB { return &DB{Path: path} }

// Open opens the database at path with default settings.
func Open(ctx context.Context, path string) (*DB, error) {
	db := NewDB(path)
	if err := db.Open(ctx); err != nil {
		return nil, err
	}
	return db, nil
}

// Open creates the file's directory and the file if missing, and migrates
// the schema to the newest version. Errors name the path.
func (db *DB) Open(ctx context.Context) error {
	if err := db.open(ctx); err != nil {
		if db.db != nil {
			db.db.Close()
			db.db = nil
		}
		return fmt.Errorf("sqlite: open %s: %w", db.Path, explain(err, db.busyTimeout(), db.Path))
	}
	return nil
}

func (db *DB) busyTimeout() time.Duration {
	if db.BusyTimeout <= 0 {
		return 5 * time.Second
	}
	return db.BusyTimeout
}

func (db *DB) open(ctx context.Context) error {
	if db.Path == "" {
		return errors.New("no path given")
	}
	if strings.ContainsAny(db.Path, "?#") || strings.HasPrefix(db.Path, "file:") {
		return errors.New("path must not contain '?' or '#' or start with 'file:'") // would be read as DSN syntax
	}
	if err := os.MkdirAll(filepath.Dir(db.Path), 0o750); err != nil {
		return err
	}

	// Applied to every pooled connection:
	//   WAL lets readers (e.g. /recap status) run beside the writer;
	//   synchronous FULL makes a committed claim survive power loss too;
	//   txlock immediate takes the write lock at BEGIN, so transactions wait
	//   for each other (busy_timeout) instead of failing on lock upgrade.
	dsn := db.Path + "?" + strings.Join([]string{
		"_busy_timeout=" + strconv.FormatInt(db.busyTimeout().Milliseconds(), 10),
		"_foreign_keys=1",
		"_journal_mode=WAL",
		"_synchronous=FULL",
		"_txlock=immediate",
	}, "&")
	var err error
	if db.db, err = sql.Open("sqlite", dsn); err != nil {
		return err
	}
	// Switching a new file to WAL takes an exclusive lock without calling
	// the busy handler, so processes opening the same new file at once can
	// get SQLITE_BUSY at once: retry within the busy timeout.
	deadline := time.Now().Add(db.busyTimeout())
	for {
		err = db.migrate(ctx)
		if err == nil {
			return db.remember()
		}
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(25 * time.Millisecond):
		}
	}
}

func isBusy(err error) bool {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	code := e.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}

// Close closes the database.
func (db *DB) Close() error {
	if db.db == nil {
		return nil
	}
	return db.db.Close()
}

// explain adds what an operator needs to know to the two errors that are
// not programming errors: someone else holds the file, or it is no
// database.
func explain(err error, busy time.Duration, path string) error {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return fmt.Errorf("database is locked by another connection or process (waited %v): %w", busy, err)
	case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
		return fmt.Errorf("file is corrupt or not an SQLite database: %w", err)
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY, sqlite3.SQLITE_IOERR:
		// SQLite's "unable to open database file (14)" hides the cause
		// (permission denied, read-only file system, ...): ask the OS.
		if f, oerr := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600); oerr != nil {
			return fmt.Errorf("%s: %w", osCause(oerr), err)
		} else {
			f.Close()
		}
		if f, oerr := os.CreateTemp(filepath.Dir(path), ".iafbot-probe-*"); oerr != nil {
			// The WAL and shared-memory files go next to the database.
			return fmt.Errorf("Verzeichnis %s: %s: %w", filepath.Dir(path), osCause(oerr), err)
		} else {
			f.Close()
			os.Remove(f.Name())
		}
	}
	return err
}

// migrate applies missing migrations one transaction each. The version is
// read inside the write transaction (txlock immediate), so processes opening
// the same file at once do not apply a migration twice.
func (db *DB) migrate(ctx context.Context) error {
	return migrate.Run(ctx, migrationFiles, db.maxVersion, func(ctx context.Context, fn func(migrate.Tx) error) error {
		tx, err := db.db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := fn(migrationTx{tx}); err != nil {
			return err
		}
		return tx.Commit()
	})
}

// migrationTx is migrate.Tx in SQLite's dialect.
type migrationTx struct{ tx *sql.Tx }

func (t migrationTx) Version(ctx context.Context) (int, error) {
	if _, err := t.tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at TEXT    NOT NULL
	)`); err != nil {
		return 0, err
	}
	var current int
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current)
	return current, err
}

func (t migrationTx) Apply(ctx context.Context, m migrate.Migration) error {
	if _, err := t.tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	_, err := t.tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, formatTime(time.Now()))
	return err
}

// SchemaVersion is the newest applied migration.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := db.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// Times are stored as fixed-width UTC text: readable in the sqlite3 shell
// and ordered correctly as strings.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s.String)
}
