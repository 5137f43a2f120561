// Package migrate reads numbered SQL migrations embedded in a binary and
// applies them. The stores (sqlite, postgres) differ only in dialect and
// locking, which they pass in as a Tx; reading, checking and the order of
// steps are the same for both.
package migrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one file NNNN_description.sql.
type Migration struct {
	Version int
	Name    string // file name, e.g. "0002_failures.sql"
	SQL     string
}

// Load reads the files matching pattern (e.g. "migrations/*.sql") from
// fsys. They must be numbered 1, 2, 3, … without gaps or duplicates.
func Load(fsys fs.FS, pattern string) ([]Migration, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, name := range names {
		base := path.Base(name)
		prefix, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return ms, nil
}

// Tx is one migration transaction in a store's dialect. The store opens
// it holding whatever lock keeps processes that open the same database at
// once from applying a migration twice.
type Tx interface {
	// Version creates the bookkeeping table if needed and returns the
	// newest applied version (0 for a new database).
	Version(ctx context.Context) (int, error)
	// Apply runs m.SQL and records m as applied.
	Apply(ctx context.Context, m Migration) error
}

// Pattern is where a store keeps its migrations in its embedded files.
const Pattern = "migrations/*.sql"

// Run applies the migrations in fsys (Pattern) that the database lacks, up
// to version latest (0: all), one transaction each: inTx runs fn in a new
// transaction and commits it when fn returns nil. Reading the version
// inside that transaction is what makes concurrent openers safe. A
// database newer than the migrations is refused rather than used with a
// schema this program does not know.
func Run(ctx context.Context, fsys fs.FS, latest int, inTx func(ctx context.Context, fn func(Tx) error) error) error {
	ms, err := Load(fsys, Pattern)
	if err != nil {
		return err
	}
	return run(ctx, ms, latest, inTx)
}

func run(ctx context.Context, ms []Migration, latest int, inTx func(ctx context.Context, fn func(Tx) error) error) error {
	if latest <= 0 || latest > len(ms) {
		latest = len(ms)
	}
	for {
		done := false
		err := inTx(ctx, func(tx Tx) error {
			current, err := tx.Version(ctx)
			if err != nil {
				return err
			}
			if current > len(ms) {
				return fmt.Errorf("schema version %d is newer than this program knows (%d); refusing to use it", current, len(ms))
			}
			if current >= latest {
				done = true
				return nil
			}
			return tx.Apply(ctx, ms[current])
		})
		if err != nil || done {
			return err
		}
	}
}
