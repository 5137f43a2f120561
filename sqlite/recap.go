package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"iafbot/recap"
)

// RecapStore implements recap.Store.
type RecapStore struct {
	db *DB
}

var _ recap.Store = (*RecapStore)(nil)

// NewRecapStore returns the recap store in the opened db.
func NewRecapStore(db *DB) *RecapStore { return &RecapStore{db: db} }

func (s *RecapStore) Subscribe(ctx context.Context, sub recap.Subscription) error {
	_, err := s.db.exec(ctx, `
		INSERT INTO subscriptions (guild_id, channel_id, post_minute, since)
		VALUES (?, ?, ?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET
			channel_id = excluded.channel_id,
			post_minute = excluded.post_minute,
			since = excluded.since,
			version = subscriptions.version + 1,
			problem = '',
			failures = 0,
			retry_at = NULL,
			last_error = ''`,
		sub.GuildID, sub.ChannelID, int(sub.Time), formatTime(sub.Since))
	return err
}

// selectSubscriptions joins each subscription with its newest post.
const selectSubscriptions = `
	SELECT s.guild_id, s.channel_id, s.post_minute, s.since, s.version,
		s.problem, s.failures, s.retry_at, s.last_error,
		p.local_date, p.episode_id, p.title, p.nonce, p.claimed_at,
		p.channel_id, p.message_id, p.sent_at, p.lease_until
	FROM subscriptions s
	LEFT JOIN posts p ON p.guild_id = s.guild_id
		AND p.local_date = (SELECT MAX(local_date) FROM posts WHERE guild_id = s.guild_id)`

func (s *RecapStore) Subscription(ctx context.Context, guildID string) (recap.Subscription, error) {
	rows, err := s.db.db.QueryContext(ctx, selectSubscriptions+` WHERE s.guild_id = ?`, guildID)
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
	rows, err := s.db.db.QueryContext(ctx, selectSubscriptions+` ORDER BY s.guild_id`)
	if err != nil {
		return nil, err
	}
	return scanSubscriptions(rows)
}

func scanSubscriptions(rows *sql.Rows) ([]recap.Subscription, error) {
	defer rows.Close()
	var subs []recap.Subscription
	for rows.Next() {
		var (
			sub              recap.Subscription
			minute           int
			since, retryAt   sql.NullString
			date, episode    sql.NullString
			title, nonce     sql.NullString
			claimedAt        sql.NullString
			channel, message sql.NullString
			sentAt, lease    sql.NullString
		)
		if err := rows.Scan(&sub.GuildID, &sub.ChannelID, &minute, &since, &sub.Version,
			&sub.Problem, &sub.Failures, &retryAt, &sub.LastError,
			&date, &episode, &title, &nonce, &claimedAt, &channel, &message, &sentAt, &lease); err != nil {
			return nil, err
		}
		sub.Time = recap.TimeOfDay(minute)
		var err error
		if sub.Since, err = parseTime(since); err != nil {
			return nil, err
		}
		if sub.RetryAt, err = parseTime(retryAt); err != nil {
			return nil, err
		}
		if date.Valid {
			sub.Last = recap.Post{
				GuildID:   sub.GuildID,
				LocalDate: date.String,
				EpisodeID: episode.String,
				Title:     title.String,
				Nonce:     nonce.String,
				ChannelID: channel.String,
				MessageID: message.String,
			}
			if sub.Last.ClaimedAt, err = parseTime(claimedAt); err != nil {
				return nil, err
			}
			if sub.Last.SentAt, err = parseTime(sentAt); err != nil {
				return nil, err
			}
			if sub.Last.LeaseUntil, err = parseTime(lease); err != nil {
				return nil, err
			}
		}
		subs = append(subs, sub)
	}
	return subs, rows.Err()
}

func (s *RecapStore) DeleteGuild(ctx context.Context, guildID string) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// posts would cascade; deleting them explicitly does not depend on the
	// foreign_keys pragma.
	if _, err := tx.ExecContext(ctx, `DELETE FROM posts WHERE guild_id = ?`, guildID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM subscriptions WHERE guild_id = ?`, guildID); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *RecapStore) Claim(ctx context.Context, p recap.Post) (bool, error) {
	// One statement: the write lock makes check and insert atomic; the
	// primary key would reject a second row for the day regardless.
	res, err := s.db.exec(ctx, `
		INSERT INTO posts (guild_id, local_date, episode_id, title, nonce, claimed_at, lease_until)
		SELECT guild_id, ?, ?, ?, ?, ?, ? FROM subscriptions
		WHERE guild_id = ?
			AND NOT EXISTS (SELECT 1 FROM posts WHERE guild_id = ? AND local_date >= ?)
		ON CONFLICT DO NOTHING`,
		p.LocalDate, p.EpisodeID, p.Title, p.Nonce, formatTime(p.ClaimedAt), nullTime(p.LeaseUntil),
		p.GuildID, p.GuildID, p.LocalDate)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (s *RecapStore) Lease(ctx context.Context, guildID, localDate string, from, to time.Time) (bool, error) {
	// Compare-and-set on the stored text, which formatTime makes exact to
	// the nanosecond. "IS" also matches NULL with NULL.
	res, err := s.db.exec(ctx, `
		UPDATE posts SET lease_until = ?
		WHERE guild_id = ? AND local_date = ? AND sent_at IS NULL AND lease_until IS ?`,
		nullTime(to), guildID, localDate, nullTime(from))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (s *RecapStore) Confirm(ctx context.Context, guildID, localDate, channelID, messageID string, sentAt time.Time) error {
	tx, err := s.db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `
		UPDATE posts SET channel_id = ?, message_id = ?, sent_at = ?
		WHERE guild_id = ? AND local_date = ?`,
		channelID, messageID, formatTime(sentAt), guildID, localDate)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("confirm post %s of guild %s: %w", localDate, guildID, recap.ErrNotFound)
	}
	if _, err := tx.ExecContext(ctx, `
		UPDATE subscriptions SET failures = 0, retry_at = NULL, last_error = ''
		WHERE guild_id = ?`, guildID); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *RecapStore) RecordFailure(ctx context.Context, guildID string, version int64, lastError string, retryAt func(failures int) time.Time) (int, error) {
	// BEGIN IMMEDIATE (txlock) holds the write lock from the increment to
	// the commit, so retry_at belongs to the count it was computed from.
	tx, err := s.db.begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var failures int
	err = tx.QueryRowContext(ctx, `
		UPDATE subscriptions SET failures = failures + 1, last_error = ?
		WHERE guild_id = ? AND version = ?
		RETURNING failures`,
		lastError, guildID, version).Scan(&failures)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET retry_at = ? WHERE guild_id = ?`,
		nullTime(retryAt(failures)), guildID); err != nil {
		return 0, err
	}
	return failures, tx.Commit()
}

func (s *RecapStore) MarkBroken(ctx context.Context, guildID string, version int64, problem string) error {
	if problem == "" {
		return errors.New("mark broken: empty problem")
	}
	_, err := s.db.exec(ctx, `
		UPDATE subscriptions SET problem = ?, retry_at = NULL
		WHERE guild_id = ? AND version = ?`,
		problem, guildID, version)
	return err
}

func (s *RecapStore) Posts(ctx context.Context, guildID string, limit int) ([]recap.Post, error) {
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT local_date, episode_id, title, nonce, claimed_at, channel_id, message_id, sent_at, lease_until
		FROM posts WHERE guild_id = ?
		ORDER BY local_date DESC LIMIT ?`, guildID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var posts []recap.Post
	for rows.Next() {
		p := recap.Post{GuildID: guildID}
		var claimedAt, channel, message, sentAt, lease sql.NullString
		if err := rows.Scan(&p.LocalDate, &p.EpisodeID, &p.Title, &p.Nonce, &claimedAt, &channel, &message, &sentAt, &lease); err != nil {
			return nil, err
		}
		p.ChannelID, p.MessageID = channel.String, message.String
		if p.ClaimedAt, err = parseTime(claimedAt); err != nil {
			return nil, err
		}
		if p.SentAt, err = parseTime(sentAt); err != nil {
			return nil, err
		}
		if p.LeaseUntil, err = parseTime(lease); err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return posts, rows.Err()
}
