package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"iafbot/feedback/storetest"
	"iafbot/sqlite"
)

func TestFeedbackStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), sqlite.FileName))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return sqlite.NewFeedbackStore(db)
	})
}
