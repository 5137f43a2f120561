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

	// LeaseUntil is when the claim stops belonging to the scheduler that
	// is sending it. Until then the post is in flight and nobody else
	// sends it, however long the send takes; after it (the sender crashed
	// or hung, or a failed attempt handed the post back) one scheduler
	// takes the claim over with Store.Lease and resends it with the same
	// nonce. Zero for a post claimed before schema version 3, whose lease
	// the scheduler reckons from ClaimedAt.
	LeaseUntil time.Time

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

	// Claim inserts p (pending, leased until p.LeaseUntil) unless the
	// guild has no subscription or already has a post dated p.LocalDate or
	// later; it reports whether p was inserted. At most one caller wins a
	// day: (guild, local date) is a unique key and the insert is
	// INSERT … ON CONFLICT DO NOTHING.
	Claim(ctx context.Context, p Post) (bool, error)

	// Lease sets the lease of the guild's unsent post of localDate to to,
	// if it is still from (a zero time stands for none), and reports
	// whether it did. It is one conditional UPDATE, so of several callers
	// that read the same lease exactly one wins; it is how a scheduler
	// takes over a claim whose lease expired, and how the sender hands its
	// lease back after a failed attempt. Times are compared at the
	// precision the store keeps, so from may be a value read back or the
	// exact value earlier passed as to or in Claim.
	Lease(ctx context.Context, guildID, localDate string, from, to time.Time) (bool, error)

	// Confirm records that the post of that day was sent and resets the
	// subscription's failure fields.
	Confirm(ctx context.Context, guildID, localDate, channelID, messageID string, sentAt time.Time) error

	// RecordFailure counts one more transient failure, if the subscription
	// is still at version: atomically, so that failures recorded at once by
	// several processes all count, it increments Failures, sets LastError,
	// and sets RetryAt to retryAt(the new count). It returns the new count,
	// or 0 if the guild has no subscription at that version (nothing is
	// changed then). retryAt runs while the row is locked and must not use
	// the store.
	RecordFailure(ctx context.Context, guildID string, version int64, lastError string, retryAt func(failures int) time.Time) (int, error)

	// MarkBroken sets Problem, if the subscription is still at version.
	MarkBroken(ctx context.Context, guildID string, version int64, problem string) error

	// Posts returns up to limit posts of the guild, newest first.
	Posts(ctx context.Context, guildID string, limit int) ([]Post, error)
}
