package postgres

import (
	"context"
	"crypto/rand"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"iafbot/internal/migrate"
	"iafbot/postgres/pgtest"
	"iafbot/recap"
)

// target is how errors and String name the database at databaseURL.
func target(t *testing.T, databaseURL string) string {
	t.Helper()
	u, err := url.Parse(databaseURL)
	if err != nil {
		t.Fatal(err)
	}
	return u.User.Username() + "@" + u.Host + u.Path
}

func version(t *testing.T, db *DB) int {
	t.Helper()
	v, err := db.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func countMigrations(t *testing.T, db *DB) int {
	t.Helper()
	var rows int
	if err := db.pool.QueryRow(context.Background(), `SELECT COUNT(*) FROM schema_migrations`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestOpenEmptyMigrates(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	db := openT(t, dbURL, 0)

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
	if err := db.Ping(context.Background()); err != nil {
		t.Error(err)
	}
	if got, want := db.String(), target(t, dbURL); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}

	// Reopening applies nothing again.
	db.Close()
	db = openT(t, dbURL, 0)
	if rows := countMigrations(t, db); rows != len(ms) {
		t.Errorf("schema_migrations has %d rows after reopening, want %d", rows, len(ms))
	}
}

// The SQLite and PostgreSQL schemas must stay at the same versions with
// the same names, so both stores are always migrated alike.
func TestMigrationsMirrorSQLite(t *testing.T) {
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	want := []string{"0001_initial.sql", "0002_failures.sql", "0003_lease.sql", "0004_feedback_settings.sql"}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("migrations %v, want %v as in package sqlite (add new ones to both)", names, want)
	}
}

func TestMigrateFromVersion1KeepsData(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)

	old := openT(t, dbURL, 1)
	if got := version(t, old); got != 1 {
		t.Fatalf("old schema version %d, want 1", got)
	}
	// Written with version 1's columns only, as the previous release did.
	for _, q := range []string{
		`INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, version)
			VALUES ('81384788765712384', '81384788765712999', 480, '2026-03-01T10:00:00.123456Z', 3)`,
		`INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at, channel_id, message_id, sent_at)
			VALUES ('81384788765712384', '2026-03-02', 'ep1', 'Titel 1', 'n1', '2026-03-02T07:00:00Z',
				'81384788765712999', 'm1', '2026-03-02T07:00:01Z')`,
	} {
		if _, err := old.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.pool.Exec(ctx, `INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, problem) VALUES ('1', '2', 0, now(), '')`); err == nil {
		t.Fatal("version 1 already has the problem column; the upgrade test would prove nothing")
	}
	old.Close()

	db := openT(t, dbURL, 0)
	if ms, _ := migrations(); version(t, db) != len(ms) {
		t.Fatalf("schema version after upgrade %d, want %d", version(t, db), len(ms))
	}
	store := NewRecapStore(db)
	sub, err := store.Subscription(ctx, "81384788765712384")
	if err != nil {
		t.Fatal(err)
	}
	wantSince := time.Date(2026, 3, 1, 10, 0, 0, 123456000, time.UTC)
	if sub.ChannelID != "81384788765712999" || sub.Time != recap.DefaultTime || sub.Version != 3 || sub.Since != wantSince {
		t.Errorf("subscription after upgrade: %+v", sub)
	}
	if sub.Problem != "" || sub.Failures != 0 || !sub.RetryAt.IsZero() || sub.LastError != "" {
		t.Errorf("new columns not defaulted: %+v", sub)
	}
	if sub.Last.LocalDate != "2026-03-02" || sub.Last.EpisodeID != "ep1" || sub.Last.MessageID != "m1" || !sub.Last.Sent() {
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

// Version 2 had no leases: a post pending at the upgrade reads with a
// zero LeaseUntil, which the scheduler reckons from ClaimedAt, and can be
// leased from zero.
func TestMigrateFromVersion2PendingPostWithoutLease(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dbURL := pgtest.NewDatabase(t)
	old := openT(t, dbURL, 2)
	for _, q := range []string{
		`INSERT INTO subscriptions (guild_id, channel_id, post_minute, since, failures, last_error)
			VALUES ('81384788765712384', '81384788765712999', 480, '2026-03-01T10:00:00Z', 1, '503')`,
		`INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at)
			VALUES ('81384788765712384', '2026-03-02', 'ep1', 'Titel 1', 'n1', '2026-03-02T07:00:00Z')`,
	} {
		if _, err := old.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := old.pool.Exec(ctx, `UPDATE posts SET lease_until = NULL`); err == nil {
		t.Fatal("version 2 already has lease_until; the upgrade test would prove nothing")
	}
	old.Close()

	db := openT(t, dbURL, 0)
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

// Replicas starting at once: the advisory lock makes one apply each
// migration and the others find it applied; no Open fails.
func TestOpenConcurrentlyMigratesOnce(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range errs {
		wg.Go(func() {
			<-start
			db, err := Open(context.Background(), dbURL)
			errs[i] = err
			db.Close()
		})
	}
	close(start)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	db := openT(t, dbURL, 0)
	if ms, _ := migrations(); countMigrations(t, db) != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", countMigrations(t, db), len(ms))
	}
}

func TestOpenNewerSchemaRefused(t *testing.T) {
	t.Parallel()
	dbURL := pgtest.NewDatabase(t)
	db := openT(t, dbURL, 0)
	if _, err := db.pool.Exec(context.Background(), `INSERT INTO schema_migrations (version, name) VALUES (99, '0099_future.sql')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := Open(context.Background(), dbURL)
	if err == nil {
		t.Fatal("Open of a newer schema succeeded")
	}
	checkMessage(t, err, "newer", target(t, dbURL))
}

// A role that may not create tables can use a database someone else
// migrated, and gets a clear error on an empty one.
func TestOpenWithoutCreatePrivilege(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	migrated, empty := pgtest.NewDatabase(t), pgtest.NewDatabase(t)
	owner := openT(t, migrated, 0)
	role := "reader_" + strings.ToLower(rand.Text()[:8])
	for _, q := range []string{
		`CREATE ROLE ` + role + ` LOGIN PASSWORD '` + secret + `'`,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ` + role,
		`REVOKE CREATE ON SCHEMA public FROM PUBLIC`, // the default since PostgreSQL 15
	} {
		if _, err := owner.pool.Exec(ctx, q); err != nil {
			t.Skipf("cannot set up a restricted role on this server: %v", err)
		}
	}
	t.Cleanup(func() {
		owner.pool.Exec(context.Background(), `DROP OWNED BY `+role)
		owner.pool.Exec(context.Background(), `DROP ROLE `+role)
	})
	as := func(databaseURL string) string {
		u, err := url.Parse(databaseURL)
		if err != nil {
			t.Fatal(err)
		}
		u.User = url.UserPassword(role, secret)
		return u.String()
	}

	db := openT(t, as(migrated), 0)
	store := NewRecapStore(db)
	if err := store.Subscribe(ctx, recap.Subscription{GuildID: "1", ChannelID: "2", Time: 60, Since: time.Now()}); err != nil {
		t.Errorf("restricted role cannot use the migrated database: %v", err)
	}

	if _, err := Open(ctx, as(empty)); err == nil {
		t.Fatal("restricted role migrated an empty database without CREATE")
	} else {
		checkMessage(t, err, "permission denied", role)
	}
}

// migrations are the embedded migrations the store applies.
func migrations() ([]migrate.Migration, error) { return migrate.Load(migrationFiles, migrate.Pattern) }

func TestCheckFailsAfterClose(t *testing.T) {
	t.Parallel()
	db := openT(t, pgtest.NewDatabase(t), 0)
	if err := db.Check(); err != nil {
		t.Fatalf("Check on an open database: %v", err)
	}
	db.Close()
	if err := db.Check(); err == nil {
		t.Fatal("Check after Close succeeded; a lost server would go unnoticed")
	}
}
