package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrFileGone means the database file at Path is no longer the file this
// DB opened: deleted or replaced while the bot runs. SQLite keeps writing
// to the open (now nameless) file, so every change would be lost at the
// next restart; writes are refused instead, and Check reports it.
var ErrFileGone = errors.New("Datenbankdatei im Betrieb gelöscht oder ersetzt")

// remember notes the identity of the opened file, for Check.
func (db *DB) remember() error {
	fi, err := os.Stat(db.Path)
	if err != nil {
		return err
	}
	db.file = fi
	return nil
}

// Check reports whether Path still names the file this DB opened (it is
// the health check); the error wraps ErrFileGone and says what happened.
func (db *DB) Check() error {
	if db.file == nil {
		return errors.New("sqlite: not open")
	}
	fi, err := os.Stat(db.Path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w: %s wurde gelöscht; neu starten (Abos seit dem Löschen sind verloren)", ErrFileGone, db.Path)
	case err != nil:
		return fmt.Errorf("sqlite: %s: %w", db.Path, err)
	case !os.SameFile(db.file, fi):
		return fmt.Errorf("%w: %s wurde durch eine andere Datei ersetzt; neu starten, um sie zu benutzen", ErrFileGone, db.Path)
	}
	return nil
}

// exec and begin run writes only while the file is still in place.
func (db *DB) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := db.Check(); err != nil {
		return nil, err
	}
	return db.db.ExecContext(ctx, query, args...)
}

func (db *DB) begin(ctx context.Context) (*sql.Tx, error) {
	if err := db.Check(); err != nil {
		return nil, err
	}
	return db.db.BeginTx(ctx, nil)
}
