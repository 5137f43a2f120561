package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"iafbot/recap"
	"iafbot/recap/storetest"
	"iafbot/sqlite"
)

func TestRecapStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) recap.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return sqlite.NewRecapStore(db)
	})
}
