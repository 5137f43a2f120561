package postgres

import (
	"context"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"

	"iafbot/feedback"
	"iafbot/settings"
)

// FeedbackStore implements feedback.Store and settings.Store in the same
// database as the recaps.
type FeedbackStore struct{ db *DB }

var (
	_ feedback.Store = (*FeedbackStore)(nil)
	_ settings.Store = (*FeedbackStore)(nil)
)

// NewFeedbackStore returns the feedback and settings store in db.
func NewFeedbackStore(db *DB) *FeedbackStore { return &FeedbackStore{db: db} }

// Record upserts the vote; xmax = 0 tells an insert from an update in the
// same statement, so replaced is exact across replicas.
func (s *FeedbackStore) Record(ctx context.Context, v feedback.Vote) (bool, error) {
	if v.At.IsZero() {
		v.At = time.Now()
	}
	var inserted bool
	err := s.db.pool.QueryRow(ctx, `
		INSERT INTO feedback (message_id, user_id, guild_id, question, answer, episode_id, engine, up, voted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (message_id, user_id) DO UPDATE SET
			up = excluded.up, voted_at = excluded.voted_at
		RETURNING (xmax = 0)`,
		v.MessageID, v.UserID, v.GuildID, v.Question, v.Answer, v.EpisodeID, v.Engine, v.Up, v.At).Scan(&inserted)
	return !inserted, err
}

func (s *FeedbackStore) Votes(ctx context.Context) ([]feedback.Vote, error) {
	rows, err := s.db.pool.Query(ctx, `
		SELECT message_id, user_id, guild_id, question, answer, episode_id, engine, up, voted_at
		FROM feedback ORDER BY voted_at, message_id, user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []feedback.Vote
	for rows.Next() {
		var v feedback.Vote
		if err := rows.Scan(&v.MessageID, &v.UserID, &v.GuildID, &v.Question, &v.Answer, &v.EpisodeID, &v.Engine, &v.Up, &v.At); err != nil {
			return nil, err
		}
		v.At = v.At.UTC()
		out = append(out, v)
	}
	return out, rows.Err()
}

func (s *FeedbackStore) Spoilers(ctx context.Context, guildID string) (bool, error) {
	var hide bool
	err := s.db.pool.QueryRow(ctx, `SELECT hide_spoilers FROM guild_settings WHERE guild_id = $1`, guildID).Scan(&hide)
	if errors.Is(err, pgx.ErrNoRows) {
		return true, nil
	}
	return hide, err
}

func (s *FeedbackStore) SetSpoilers(ctx context.Context, guildID string, hide bool) error {
	_, err := s.db.pool.Exec(ctx, `
		INSERT INTO guild_settings (guild_id, hide_spoilers) VALUES ($1, $2)
		ON CONFLICT (guild_id) DO UPDATE SET hide_spoilers = excluded.hide_spoilers`, guildID, hide)
	return err
}
