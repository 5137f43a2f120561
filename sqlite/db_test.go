package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"iafbot/internal/migrate"
	"iafbot/recap"
)

func openT(t *testing.T, db *DB) *DB {
	t.Helper()
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func version(t *testing.T, db *DB) int {
	t.Helper()
	v, err := db.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenEmptyCreatesDirAndMigrates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data", "nested", FileName)
	db := openT(t, NewDB(path))

	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 {
		t.Fatalf("%d migrations, want at least 2 so an upgrade path is tested", len(ms))
	}
	if got := version(t, db); got != len(ms) {
		t.Errorf("schema version %d, want %d", got, len(ms))
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file: %v", err)
	}
	var mode string
	var fk, busy int
	for q, dst := range map[string]any{"PRAGMA journal_mode": &mode, "PRAGMA foreign_keys": &fk, "PRAGMA busy_timeout": &busy} {
		if err := db.db.QueryRow(q).Scan(dst); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if mode != "wal" || fk != 1 || busy != 5000 {
		t.Errorf("journal_mode=%s foreign_keys=%d busy_timeout=%d, want wal 1 5000", mode, fk, busy)
	}

	// Reopening applies nothing again.
	db.Close()
	db = openT(t, NewDB(path))
	var rows int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(ms) {
		t.Errorf("schema_migrations has %d rows after reopening, want %d", rows, len(ms))
	}
}

func TestMigrateFromVersion1KeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)

	old := NewDB(path)
	old.maxVersion = 1
	openT(t, old)
	if got := version(t, old); got != 1 {
		t.Fatalf("old schema version %d, want 1", got)
	}
	// Written with version 1's columns only, as the previous release did.
	for _, q := range []string{
		`INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, version)
			VALUES ('81384788765712384', '81384788765712999', 480, '2026-03-01T10:00:00.000000000Z', 3)`,
		`INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at, channel_id, message_id, sent_at)
			VALUES ('81384788765712384', '2026-03-02', 'ep1', 'Titel 1', 'n1', '2026-03-02T07:00:00.000000000Z',
				'81384788765712999', 'm1', '2026-03-02T07:00:01.000000000Z')`,
	} {
		if _, err := old.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.db.Exec(`INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, problem) VALUES ('1', '2', 0, '', '')`); err == nil {
		t.Fatal("version 1 already has the problem column; the upgrade test would prove nothing")
	}
	old.Close()

	db := openT(t, NewDB(path))
	if ms, _ := migrations(); version(t, db) != len(ms) {
		t.Fatalf("schema version after upgrade %d, want %d", version(t, db), len(ms))
	}
	store := NewRecapStore(db)
	sub, err := store.Subscription(ctx, "81384788765712384")
	if err != nil {
		t.Fatal(err)
	}
	wantSince := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	if sub.ChannelID != "81384788765712999" || sub.Time != recap.DefaultTime || sub.Version != 3 || !sub.Since.Equal(wantSince) {
		t.Errorf("subscription after upgrade: %+v", sub)
	}
	if sub.Problem != "" || sub.Failures != 0 || !sub.RetryAt.IsZero() || sub.LastError != "" {
		t.Errorf("new columns not defaulted: %+v", sub)
	}
	if sub.Last.EpisodeID != "ep1" || sub.Last.MessageID != "m1" || !sub.Last.Sent() {
		t.Errorf("post after upgrade: %+v", sub.Last)
	}
	// The new columns work.
	if err := store.MarkBroken(ctx, sub.GuildID, sub.Version, "kaputt"); err != nil {
		t.Fatal(err)
	}
	if sub, _ := store.Subscription(ctx, sub.GuildID); sub.Problem != "kaputt" {
		t.Errorf("Problem = %q after MarkBroken", sub.Problem)
	}
}

// Version 2 had no leases: a post pending at the upgrade (a send in
// flight, or cut short by a crash) reads with a zero LeaseUntil, which the
// scheduler reckons from ClaimedAt, and can be leased from zero.
func TestMigrateFromVersion2PendingPostWithoutLease(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	old := NewDB(path)
	old.maxVersion = 2
	openT(t, old)
	for _, q := range []string{
		`INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, failures, last_error)
			VALUES ('81384788765712384', '81384788765712999', 480, '2026-03-01T10:00:00.000000000Z', 1, '503')`,
		`INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at)
			VALUES ('81384788765712384', '2026-03-02', 'ep1', 'Titel 1', 'n1', '2026-03-02T07:00:00.000000000Z')`,
	} {
		if _, err := old.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.db.Exec(`UPDATE posts SET lease_until = NULL`); err == nil {
		t.Fatal("version 2 already has lease_until; the upgrade test would prove nothing")
	}
	old.Close()

	db := openT(t, NewDB(path))
	if got := version(t, db); got != 4 {
		t.Fatalf("schema version after upgrade %d, want 4", got)
	}
	store := NewRecapStore(db)
	sub, err := store.Subscription(ctx, "81384788765712384")
	if err != nil {
		t.Fatal(err)
	}
	if sub.Last.LocalDate != "2026-03-02" || sub.Last.Sent() || !sub.Last.LeaseUntil.IsZero() || sub.Failures != 1 {
		t.Fatalf("after upgrade: %+v", sub)
	}
	lease := time.Date(2026, 3, 2, 7, 3, 0, 0, time.UTC)
	if ok, err := store.Lease(ctx, sub.GuildID, "2026-03-02", time.Time{}, lease); err != nil || !ok {
		t.Fatalf("Lease from zero after upgrade: %v, %v", ok, err)
	}
	if sub, _ := store.Subscription(ctx, sub.GuildID); !sub.Last.LeaseUntil.Equal(lease) {
		t.Errorf("LeaseUntil = %v, want %v", sub.Last.LeaseUntil, lease)
	}
}

func TestOpenConcurrentlyMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Go(func() {
			db := NewDB(path)
			errs[i] = db.Open(context.Background())
			db.Close()
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	db := openT(t, NewDB(path))
	var rows int
	if err := db.db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if ms, _ := migrations(); rows != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", rows, len(ms))
	}
}

func TestOpenCorruptFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, []byte(rand.Text()+rand.Text()+strings.Repeat("\x00\xff", 4096)), 0o600); err != nil {
		t.Fatal(err)
	}
	err := NewDB(path).Open(context.Background())
	if err == nil {
		t.Fatal("opened a file of random bytes")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not an SQLite database") {
		t.Errorf("error %q does not name the path and the cause", err)
	}
}

func TestOpenLockedFailsInTime(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := NewDB(path)
	openT(t, db)
	db.Close()

	// Another process holds the write lock.
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}

	start := time.Now()
	locked := &DB{Path: path, BusyTimeout: 200 * time.Millisecond}
	err = locked.Open(context.Background())
	elapsed := time.Since(start)
	if err == nil {
		locked.Close()
		t.Fatal("opened a database locked by another connection")
	}
	if !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "locked") {
		t.Errorf("error %q does not name the path and the cause", err)
	}
	if elapsed > 3*time.Second {
		t.Errorf("Open took %v with a 200ms busy timeout", elapsed)
	}

	// Once the lock is released, opening works.
	if _, err := conn.ExecContext(context.Background(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	openT(t, &DB{Path: path, BusyTimeout: 200 * time.Millisecond})
}

func TestOpenNewerSchemaRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := openT(t, NewDB(path))
	if _, err := db.db.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	err := NewDB(path).Open(context.Background())
	if err == nil || !strings.Contains(err.Error(), "newer") || !strings.Contains(err.Error(), path) {
		t.Errorf("Open of a newer schema: err = %v, want a refusal naming the path", err)
	}
}

// migrations are the embedded migrations the store applies.
func migrations() ([]migrate.Migration, error) { return migrate.Load(migrationFiles, migrate.Pattern) }
