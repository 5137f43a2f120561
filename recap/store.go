package recap

import (
	"context"
	"time"
)

// Subscription is a guild's daily recap. There is at most one per guild.
type Subscription struct {
	GuildID   string
	ChannelID string
	Time      TimeOfDay // local time in the scheduler's time zone

	// Since is when channel and time were last set. The first post is the
	// first Time at or after Since, so subscribing at 10:00 for 08:00
	// starts tomorrow instead of posting immediately.
	Since time.Time

	// Version grows with every Subscribe. Failure bookkeeping names the
	// version it is about, so a send failing while the guild re-subscribes
	// cannot break the fresh subscription.
	Version int64

	// Problem, when not empty, is a German explanation of why posting
	// stopped; nothing is sent until the guild subscribes again.
	Problem string

	// Failures counts transient failures in a row; RetryAt is the earliest
	// next attempt and LastError the newest error. Reset by a successful
	// send and by Subscribe.
	Failures  int
	RetryAt   time.Time
	LastError string

	// Last is the newest claimed post, sent or not; zero if none. Its
	// episode is the rotation cursor.
	Last Post
}

// Post is one claimed local day of a subscription.
type Post struct {
	GuildID   string
	LocalDate string // YYYY-MM-DD in the scheduler's time zone
	EpisodeID string
	Title     string
	Nonce     string // sent with every attempt for this day
	ClaimedAt time.Time

	// Set once Discord accepted the message; zero while pending.
	ChannelID string
	MessageID string
	SentAt    time.Time
}

// Sent reports whether the post was confirmed.
func (p Post) Sent() bool { return !p.SentAt.IsZero() }

// Store keeps subscriptions and posts durably. Implementations must give
// the semantics checked by recap/storetest, including under concurrent use
// from several processes.
type Store interface {
	// Subscribe creates or replaces the guild's subscription from GuildID,
	// ChannelID, Time and Since, increments Version and clears Problem and
	// the failure fields. Post history (and so the rotation) is kept.
	Subscribe(ctx context.Context, s Subscription) error

	// Subscription returns the guild's subscription, with Last filled, or
	// ErrNotFound.
	Subscription(ctx context.Context, guildID string) (Subscription, error)

	// Subscriptions returns all subscriptions, each with Last filled.
	Subscriptions(ctx context.Context) ([]Subscription, error)

	// DeleteGuild removes the guild's subscription and post history. It is
	// not an error if there is none.
	DeleteGuild(ctx context.Context, guildID string) error

	// Claim inserts p (pending) unless the guild has no subscription or
	// already has a post dated p.LocalDate or later; it reports whether p
	// was inserted. At most one caller wins a day: (guild, local date) is
	// a unique key and the insert is INSERT … ON CONFLICT DO NOTHING.
	Claim(ctx context.Context, p Post) (bool, error)

	// Confirm records that the post of that day was sent and resets the
	// subscription's failure fields.
	Confirm(ctx context.Context, guildID, localDate, channelID, messageID string, sentAt time.Time) error

	// RecordFailure stores a transient failure count, next attempt time and
	// error text, if the subscription is still at version.
	RecordFailure(ctx context.Context, guildID string, version int64, failures int, retryAt time.Time, lastError string) error

	// MarkBroken sets Problem, if the subscription is still at version.
	MarkBroken(ctx context.Context, guildID string, version int64, problem string) error

	// Posts returns up to limit posts of the guild, newest first.
	Posts(ctx context.Context, guildID string, limit int) ([]Post, error)
}
