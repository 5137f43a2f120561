package sqlite_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"iafbot/recap"
	"iafbot/sqlite"
)

// The database file deleted (or replaced) while the bot runs used to go
// unnoticed: SQLite kept writing into the nameless open file, "Abonniert"
// was answered, and everything was gone after the restart. Now Check
// fails and writes are refused with an error saying why.
func TestDatabaseFileGone(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		do         func(path string) error
	}{
		{"deleted", "gelöscht", os.Remove},
		{"replaced", "ersetzt", func(path string) error {
			tmp := path + ".new"
			if err := os.WriteFile(tmp, nil, 0o600); err != nil {
				return err
			}
			return os.Rename(tmp, path)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			path := filepath.Join(t.TempDir(), sqlite.FileName)
			db, err := sqlite.Open(ctx, path)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			store := sqlite.NewRecapStore(db)
			sub := recap.Subscription{GuildID: "100000000000000001", ChannelID: "100000000000000002", Since: time.Now()}
			if err := db.Check(); err != nil {
				t.Fatalf("healthy file: %v", err)
			}
			if err := store.Subscribe(ctx, sub); err != nil {
				t.Fatal(err)
			}
			if err := tc.do(path); err != nil {
				t.Fatal(err)
			}
			err = db.Check()
			if !errors.Is(err, sqlite.ErrFileGone) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Check: %v", err)
			}
			if err := store.Subscribe(ctx, sub); !errors.Is(err, sqlite.ErrFileGone) {
				t.Errorf("Subscribe into a deleted file: %v", err)
			}
			if _, err := store.Claim(ctx, recap.Post{GuildID: sub.GuildID, LocalDate: "2025-03-04", ClaimedAt: time.Now()}); !errors.Is(err, sqlite.ErrFileGone) {
				t.Errorf("Claim: %v", err)
			}
			if err := store.Confirm(ctx, sub.GuildID, "2025-03-04", sub.ChannelID, "1", time.Now()); !errors.Is(err, sqlite.ErrFileGone) {
				t.Errorf("Confirm: %v", err)
			}
		})
	}
}

// A second process (here: a second lock) on the same DATA_DIR is refused.
func TestLockDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	unlock, created, err := sqlite.LockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(created) != 2 || created[0] != dir || created[1] != filepath.Join(dir, sqlite.LockFileName) {
		t.Errorf("created %q", created)
	}
	_, created2, err := sqlite.LockDir(dir)
	if !errors.Is(err, sqlite.ErrDirInUse) || !strings.Contains(err.Error(), "PID ") || len(created2) != 0 {
		t.Fatalf("second lock: %v, created %q", err, created2)
	}
	unlock()
	unlock2, created3, err := sqlite.LockDir(dir)
	if err != nil || len(created3) != 0 {
		t.Fatalf("after unlock: %v, created %q", err, created3)
	}
	unlock2()
}

// An unwritable DATA_DIR says "permission denied" (it used to be SQLite's
// "unable to open database file (14)").
func TestUnwritableDataDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write anywhere")
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(dir, 0o700) //nolint:errcheck // cleanup
	if _, _, err := sqlite.LockDir(dir); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("LockDir: %v", err)
	}
	if _, err := sqlite.Open(context.Background(), filepath.Join(dir, sqlite.FileName)); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("Open: %v", err)
	}
}
