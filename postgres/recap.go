package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"iafbot/recap"
)

// RecapStore implements recap.Store. It is safe for concurrent use by any
// number of goroutines and processes sharing the database.
//
// Times are stored as timestamptz, with microsecond precision (finer parts
// are truncated), and returned in UTC. Local dates are stored as date, so a
// Post whose LocalDate is not YYYY-MM-DD is an error rather than stored.
type RecapStore struct {
	db *DB
}

var _ recap.Store = (*RecapStore)(nil)

// NewRecapStore returns the recap store in the opened db.
func NewRecapStore(db *DB) *RecapStore { return &RecapStore{db: db} }

func (s *RecapStore) Subscribe(ctx context.Context, sub recap.Subscription) error {
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO subscriptions (guild_id, channel_id, post_minute, since)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (guild_id) DO UPDATE SET
			channel_id = excluded.channel_id,
			post_minute = excluded.post_minute,
			since = excluded.since,
			version = subscriptions.version + 1,
			problem = '',
			failures = 0,
			retry_at = NULL,
			last_error = ''`,
		sub.GuildID, sub.ChannelID, int(sub.Time), sub.Since)
	return err
}

// selectSubscriptions joins each subscription with its newest post.
const selectSubscriptions = `
	SELECT s.guild_id, s.channel_id, s.post_minute, s.since, s.version,
		s.problem, s.failures, s.retry_at, s.last_error,
		to_char(p.local_date, 'YYYY-MM-DD'), p.episode_id, p.title, p.nonce, p.claimed_at,
		p.channel_id, p.message_id, p.sent_at, p.lease_until
	FROM subscriptions s
	LEFT JOIN LATERAL (
		SELECT * FROM posts WHERE posts.guild_id = s.guild_id
		ORDER BY local_date DESC LIMIT 1
	) p ON true`

func (s *RecapStore) Subscription(ctx context.Context, guildID string) (recap.Subscription, error) {
	rows, err := s.db.pool.Query(ctx, selectSubscriptions+` WHERE s.guild_id = $1`, guildID)
	if err != nil {
		return recap.Subscription{}, err
	}
	subs, err := scanSubscriptions(rows)
	if err != nil {
		return recap.Subscription{}, err
	}
	if len(subs) == 0 {
		return recap.Subscription{}, recap.ErrNotFound
	}
	return subs[0], nil
}

func (s *RecapStore) Subscriptions(ctx context.Context) ([]recap.Subscription, error) {
	rows, err := s.db.pool.Query(ctx, selectSubscriptions+` ORDER BY s.guild_id`)
	if err != nil {
		return nil, err
	}
	return scanSubscriptions(rows)
}

func scanSubscriptions(rows pgx.Rows) ([]recap.Subscription, error) {
	defer rows.Close()
	var subs []recap.Subscription
	for rows.Next() {
		var (
			sub              recap.Subscription
			minute           int
			retryAt          *time.Time
			date, episode    *string
			title, nonce     *string
			claimedAt        *time.Time
			channel, message *string
			sentAt, lease    *time.Time
		)
		if err := rows.Scan(&sub.GuildID, &sub.ChannelID, &minute, &sub.Since, &sub.Version,
			&sub.Problem, &sub.Failures, &retryAt, &sub.LastError,
			&date, &episode, &title, &nonce, &claimedAt, &channel, &message, &sentAt, &lease); err != nil {
			return nil, err
		}
		sub.Time = recap.TimeOfDay(minute)
		sub.Since = sub.Since.UTC()
		sub.RetryAt = utc(retryAt)
		if date != nil {
			sub.Last = recap.Post{
				GuildID:    sub.GuildID,
				LocalDate:  *date,
				EpisodeID:  deref(episode),
				Title:      deref(title),
				Nonce:      deref(nonce),
				ClaimedAt:  utc(claimedAt),
				ChannelID:  deref(channel),
				MessageID:  deref(message),
				SentAt:     utc(sentAt),
				LeaseUntil: utc(lease),
			}
		}
		subs = append(subs, sub)
	}
	return subs, rows.Err()
}

func (s *RecapStore) DeleteGuild(ctx context.Context, guildID string) error {
	return pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// posts would cascade; deleting them explicitly keeps this
		// independent of the foreign key, as in package sqlite.
		if _, err := tx.Exec(ctx, `DELETE FROM posts WHERE guild_id = $1`, guildID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM subscriptions WHERE guild_id = $1`, guildID)
		return err
	})
}

func (s *RecapStore) Claim(ctx context.Context, p recap.Post) (bool, error) {
	var won bool
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// Claims of one guild queue on its subscription row. Under READ
		// COMMITTED the next statement then reads every claim committed
		// meanwhile, so "not before a later day" holds across replicas
		// just as it does under SQLite's single writer.
		var found bool
		err := tx.QueryRow(ctx, `SELECT true FROM subscriptions WHERE guild_id = $1 FOR UPDATE`, p.GuildID).Scan(&found)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		// The primary key (guild_id, local_date) is the claim: of several
		// inserts of the same day one wins, the others do nothing.
		tag, err := tx.Exec(ctx, `
			INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at, lease_until)
			SELECT $1::text, $2::date, $3::text, $4::text, $5::text, $6::timestamptz, $7::timestamptz
			WHERE NOT EXISTS (SELECT 1 FROM posts WHERE guild_id = $1 AND local_date >= $2::date)
			ON CONFLICT DO NOTHING`,
			p.GuildID, p.LocalDate, p.EpisodeID, p.Title, p.Nonce, p.ClaimedAt, nullTime(p.LeaseUntil))
		won = tag.RowsAffected() == 1
		return err
	})
	if err != nil {
		return false, err
	}
	return won, nil
}

func (s *RecapStore) Lease(ctx context.Context, guildID, localDate string, from, to time.Time) (bool, error) {
	// Compare-and-set. Both times are truncated to microseconds the same
	// way on the way in, so from matches a value earlier passed as to. A
	// concurrent UPDATE of the row waits for this one and then re-checks
	// the condition against the new lease, so only one caller wins.
	tag, err := s.db.pool.Exec(ctx, `
		UPDATE posts SET lease_until = $1
		WHERE guild_id = $2 AND local_date = $3::date AND sent_at IS NULL
			AND lease_until IS NOT DISTINCT FROM $4::timestamptz`,
		nullTime(to), guildID, localDate, nullTime(from))
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() == 1, nil
}

func (s *RecapStore) Confirm(ctx context.Context, guildID, localDate, channelID, messageID string, sentAt time.Time) error {
	return pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE posts SET channel_id = $1, message_id = $2, sent_at = $3
			WHERE guild_id = $4 AND local_date = $5::date`,
			channelID, messageID, sentAt, guildID, localDate)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("confirm post %s of guild %s: %w", localDate, guildID, recap.ErrNotFound)
		}
		_, err = tx.Exec(ctx, `
			UPDATE subscriptions SET failures = 0, retry_at = NULL, last_error = ''
			WHERE guild_id = $1`, guildID)
		return err
	})
}

func (s *RecapStore) RecordFailure(ctx context.Context, guildID string, version int64, lastError string, retryAt func(failures int) time.Time) (int, error) {
	var failures int
	err := pgx.BeginFunc(ctx, s.db.pool, func(tx pgx.Tx) error {
		// The increment reads the newest committed count (a concurrent
		// UPDATE waits for the row lock and re-reads it) and keeps the row
		// locked until commit, so retry_at goes with this count.
		err := tx.QueryRow(ctx, `
			UPDATE subscriptions SET failures = failures + 1, last_error = $1
			WHERE guild_id = $2 AND version = $3
			RETURNING failures`,
			lastError, guildID, version).Scan(&failures)
		if errors.Is(err, pgx.ErrNoRows) {
			failures = 0
			return nil
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE subscriptions SET retry_at = $1 WHERE guild_id = $2`,
			nullTime(retryAt(failures)), guildID)
		return err
	})
	if err != nil {
		return 0, err
	}
	return failures, nil
}

func (s *RecapStore) MarkBroken(ctx context.Context, guildID string, version int64, problem string) error {
	if problem == "" {
		return errors.New("mark broken: empty problem")
	}
	_, err := s.db.pool.Exec(ctx, `
		UPDATE subscriptions SET problem = $1, retry_at = NULL
		WHERE guild_id = $2 AND version = $3`,
		problem, guildID, version)
	return err
}

func (s *RecapStore) Posts(ctx context.Context, guildID string, limit int) ([]recap.Post, error) {
	var lim any = limit
	if limit < 0 {
		lim = nil // no limit, like SQLite's LIMIT -1
	}
	rows, err := s.db.pool.Query(ctx, `
		SELECT to_char(local_date, 'YYYY-MM-DD'), episode_id, title, nonce, claimed_at, channel_id, message_id, sent_at, lease_until
		FROM posts WHERE guild_id = $1
		ORDER BY local_date DESC LIMIT $2`, guildID, lim)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var posts []recap.Post
	for rows.Next() {
		p := recap.Post{GuildID: guildID}
		var channel, message *string
		var sentAt, lease *time.Time
		if err := rows.Scan(&p.LocalDate, &p.EpisodeID, &p.Title, &p.Nonce, &p.ClaimedAt, &channel, &message, &sentAt, &lease); err != nil {
			return nil, err
		}
		p.ClaimedAt = p.ClaimedAt.UTC()
		p.ChannelID, p.MessageID, p.SentAt, p.LeaseUntil = deref(channel), deref(message), utc(sentAt), utc(lease)
		posts = append(posts, p)
	}
	return posts, rows.Err()
}

// nullTime stores the zero time as NULL, and others at timestamptz's
// microsecond precision, truncated as pgx's binary encoding does: so a time
// compared in a WHERE clause matches the same time stored before, whatever
// encoding the connection uses.
func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.Truncate(time.Microsecond)
	return &t
}

func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
