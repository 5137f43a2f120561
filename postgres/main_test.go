package postgres

import (
	"context"
	"os"
	"testing"

	"iafbot/postgres/pgtest"
	"iafbot/recap"
	"iafbot/recap/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// openT opens a new empty database for t, migrated up to maxVersion (0:
// all), and closes it at cleanup.
func openT(t *testing.T, databaseURL string, maxVersion int) *DB {
	t.Helper()
	db, err := open(context.Background(), databaseURL, maxVersion)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestRecapStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) recap.Store {
		return NewRecapStore(openT(t, pgtest.NewDatabase(t), 0))
	})
}
