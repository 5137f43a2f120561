// Package recap posts a daily episode recap into the Discord channel a
// server (guild) subscribed.
//
// It is the domain centre: types and small interfaces only, no Discord or
// database code. The knowledge engine satisfies Catalog, the bot satisfies
// Sender, and sqlite (later postgres) satisfies Store. The Scheduler ties
// them together.
//
// Guarantees, all kept in the Store so that a killed process keeps them:
//   - At most one recap per guild and local day: the day is claimed as a
//     unique row before anything is sent, and confirmed afterwards.
//   - A claim is in flight, owned by the scheduler that claimed it, until
//     its lease (stored with it) ends; no other replica resends it before,
//     however slow the send. A claim left unconfirmed by a crash is resent
//     after the lease, the same day, with the same nonce, so Discord drops
//     the copy if the first send got through. Before resending, a Sender
//     that is a Finder looks for the day's message in the channel, which
//     also catches a first send older than Discord's nonce window. Of
//     several replicas finding the lease expired, exactly one takes the
//     claim over.
//   - A day the bot was down at posting time is caught up later that day,
//     never on a later day.
package recap

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	_ "time/tzdata" // Europe/Berlin must resolve in minimal containers without /usr/share/zoneinfo.
)

// Recap is the content of one daily post.
type Recap struct {
	EpisodeID  string
	Title      string
	Summary    string
	Characters []string
	Source     string // where the summary comes from, shown as attribution

	// Date is the local day (YYYY-MM-DD) the recap is posted for, set by
	// the scheduler and empty elsewhere (a preview). A Sender shows it in
	// the post, so that a Finder can recognise the day's post later.
	Date string
}

// Catalog provides the episodes to rotate through.
type Catalog interface {
	// EpisodeIDs lists every episode once, in any order; the scheduler sorts
	// them (as strings, so numeric IDs should be zero-padded).
	EpisodeIDs() []string
	Recap(episodeID string) (Recap, error)
}

// Sender delivers a recap to a Discord channel.
//
// nonce is at most 25 characters and must be sent with enforce_nonce, so
// that Discord returns the existing message instead of creating a second
// one when the same recap is resent after a crash. discordgo v0.29.0's
// MessageSend has neither field: a Sender over discordgo marshals a body of
// its own ({"embeds": …, "nonce": …, "enforce_nonce": true}) and POSTs it
// to the channel's messages with Session.RequestWithBucketID, as
// bot.Bot.SendRecap does.
//
// Discord deduplicates by nonce only for a few minutes. The scheduler
// resends a claim whose sender died once its lease has ended
// (Scheduler.Lease, 90 s by default), inside that window while some
// replica is running; after a longer outage only a Sender that is also a
// Finder keeps the resend from posting the day a second time.
//
// SendRecap must return soon after ctx ends: the scheduler bounds each
// send by SendTimeout, and the lease that keeps other replicas from
// resending counts on that.
//
// Errors wrapping ErrPermanent (see ErrChannelNotFound, ErrMissingAccess,
// ClassifyHTTP) stop all attempts until the guild subscribes again; every
// other error, including a returned rate-limit error, is retried with
// backoff, never before the error's RetryAfter() (when it has that
// method, as the bot's rate-limit error does).
type Sender interface {
	SendRecap(ctx context.Context, channelID string, r Recap, nonce string) (messageID string, err error)
}

// Finder is implemented by a Sender that can look for the message an
// earlier attempt at a post created. Before every resend of a claim (its
// sender crashed, failed, or could not store the confirmation) the
// scheduler asks FindRecap and, if it returns a message ID, confirms the
// post with it instead of sending. That holds the day to one message also
// when the first send is older than Discord's nonce window.
//
// FindRecap returns "" when there is no such message, and also when it
// cannot tell (e.g. it may not read the channel's history): then the
// scheduler sends, with the nonce as the only guard. It runs under the
// same deadline as the send that may follow, and its errors are treated
// like SendRecap's (permanent, transient, rate-limited).
type Finder interface {
	FindRecap(ctx context.Context, channelID string, p Post) (messageID string, err error)
}

var (
	// ErrNotFound means the guild has no subscription.
	ErrNotFound = errors.New("recap: no subscription")

	// ErrNoEpisodes means the catalog is empty.
	ErrNoEpisodes = errors.New("recap: catalog has no episodes")

	// ErrInvalidID means a guild or channel ID is not a Discord snowflake.
	ErrInvalidID = errors.New("recap: invalid snowflake ID")

	// ErrPermanent marks a send failure that retrying cannot fix.
	ErrPermanent = errors.New("recap: permanent send failure")

	// ErrChannelNotFound: the channel was deleted (HTTP 404).
	ErrChannelNotFound = fmt.Errorf("%w: channel not found", ErrPermanent)

	// ErrMissingAccess: the bot may not see or write to the channel (HTTP 403).
	ErrMissingAccess = fmt.Errorf("%w: missing access", ErrPermanent)
)

// ClassifyHTTP wraps err from a failed Discord REST call by status code:
// 404 as ErrChannelNotFound, 403 as ErrMissingAccess, anything else
// (5xx, 429, network errors with status 0) unchanged, i.e. transient.
func ClassifyHTTP(status int, err error) error {
	switch status {
	case http.StatusNotFound:
		return fmt.Errorf("%w: %w", ErrChannelNotFound, err)
	case http.StatusForbidden:
		return fmt.Errorf("%w: %w", ErrMissingAccess, err)
	}
	return err
}

// problemText is the German explanation shown in /recap status for a
// subscription that stopped because of a permanent error.
func problemText(err error, channelID string) string {
	const fix = " Danach bitte `/recap subscribe` erneut ausführen."
	switch {
	case errors.Is(err, ErrChannelNotFound):
		return fmt.Sprintf("Der Kanal <#%s> existiert nicht mehr.", channelID) + fix
	case errors.Is(err, ErrMissingAccess):
		return fmt.Sprintf("Der Bot darf in <#%s> nicht schreiben (Rechte „Kanal ansehen“, „Nachrichten senden“ und „Links einbetten“ fehlen).", channelID) + fix
	default:
		return fmt.Sprintf("Der Recap kann nicht in <#%s> gepostet werden: %v.", channelID, err) + fix
	}
}

// TimeOfDay is a local wall-clock time in minutes after midnight.
// The zero value is 00:00.
type TimeOfDay int

// DefaultTime is used when /recap subscribe is given no time.
const DefaultTime TimeOfDay = 8 * 60

// ParseTimeOfDay accepts "8", "08:00", "8:30", "8.30" and an optional
// "Uhr" suffix, as people in Germany write times.
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "Uhr"))
	h, m, hasMinutes := strings.Cut(t, ":")
	if !hasMinutes {
		h, m, hasMinutes = strings.Cut(t, ".")
	}
	if !hasMinutes {
		m = "0"
	}
	hour, err1 := strconv.Atoi(h)
	minute, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || len(h) > 2 || (hasMinutes && len(m) != 2) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 {
		return 0, fmt.Errorf("ungültige Uhrzeit %q, erwartet wird HH:MM, z. B. 08:00", s)
	}
	return TimeOfDay(hour*60 + minute), nil
}

func (t TimeOfDay) Hour() int   { return int(t) / 60 }
func (t TimeOfDay) Minute() int { return int(t) % 60 }

// Valid reports whether t is within 00:00–23:59.
func (t TimeOfDay) Valid() bool { return t >= 0 && t < 24*60 }

// String formats t as HH:MM.
func (t TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", t.Hour(), t.Minute()) }
