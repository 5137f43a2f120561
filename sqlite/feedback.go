package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"iafbot/feedback"
	"iafbot/settings"
)

// FeedbackStore implements feedback.Store and settings.Store in the same
// database file as the recaps.
type FeedbackStore struct{ db *DB }

var (
	_ feedback.Store = (*FeedbackStore)(nil)
	_ settings.Store = (*FeedbackStore)(nil)
)

// NewFeedbackStore returns the feedback and settings store in db.
func NewFeedbackStore(db *DB) *FeedbackStore { return &FeedbackStore{db: db} }

// Record upserts the vote; the existence check and the write share one
// transaction (txlock immediate), so replaced is exact.
func (s *FeedbackStore) Record(ctx context.Context, v feedback.Vote) (bool, error) {
	tx, err := s.db.db.BeginTx(ctx, nil)
	if err != nil {
		return false, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM feedback WHERE message_id = ? AND user_id = ?`,
		v.MessageID, v.UserID).Scan(&n); err != nil {
		return false, err
	}
	if v.At.IsZero() {
		v.At = time.Now()
	}
	_, err = tx.ExecContext(ctx, `
		INSERT INTO feedback (message_id, user_id, guild_id, question, answer, episode_id, engine, up, voted_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (message_id, user_id) DO UPDATE SET
			up = excluded.up, voted_at = excluded.voted_at`,
		v.MessageID, v.UserID, v.GuildID, v.Question, v.Answer, v.EpisodeID, v.Engine, boolInt(v.Up), formatTime(v.At))
	if err != nil {
		return false, err
	}
	return n > 0, tx.Commit()
}

func (s *FeedbackStore) Votes(ctx context.Context) ([]feedback.Vote, error) {
	rows, err := s.db.db.QueryContext(ctx, `
		SELECT message_id, user_id, guild_id, question, answer, episode_id, engine, up, voted_at
		FROM feedback ORDER BY voted_at, message_id, user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []feedback.Vote
	for rows.Next() {
		var v feedback.Vote
		var up int
		var at sql.NullString
		if err := rows.Scan(&v.MessageID, &v.UserID, &v.GuildID, &v.Question, &v.Answer, &v.EpisodeID, &v.Engine, &up, &at); err != nil {
			return nil, err
		}
		v.Up = up == 1
		if v.At, err = parseTime(at); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *FeedbackStore) Spoilers(ctx context.Context, guildID string) (bool, error) {
	var hide int
	err := s.db.db.QueryRowContext(ctx, `SELECT hide_spoilers FROM guild_settings WHERE guild_id = ?`, guildID).Scan(&hide)
	if errors.Is(err, sql.ErrNoRows) {
		return true, nil
	}
	return hide == 1, err
}

func (s *FeedbackStore) SetSpoilers(ctx context.Context, guildID string, hide bool) error {
	_, err := s.db.db.ExecContext(ctx, `
		INSERT INTO guild_settings (guild_id, hide_spoilers) VALUES (?, ?)
		ON CONFLICT (guild_id) DO UPDATE SET hide_spoilers = excluded.hide_spoilers`, guildID, boolInt(hide))
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
