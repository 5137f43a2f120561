package recap

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"sort"
	"time"

	"iafbot/internal/snowflake"
)

// Berlin is the default time zone of posting times.
var Berlin = mustLoadLocation("Europe/Berlin")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // cannot happen: time/tzdata is linked in
	}
	return loc
}

const dateLayout = "2006-01-02"

// LocalDate is t's calendar date in loc, as YYYY-MM-DD.
func LocalDate(t time.Time, loc *time.Location) string { return t.In(loc).Format(dateLayout) }

// addDays shifts a YYYY-MM-DD date; calendar arithmetic in UTC has no DST.
func addDays(date string, n int) string {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		panic(fmt.Sprintf("recap: bad local date %q", date)) // only ever built by LocalDate
	}
	return d.AddDate(0, 0, n).Format(dateLayout)
}

// PostTime is the instant at which tod falls on the local date in loc.
//
// Two DST cases are pinned down here because time.Date leaves them
// unspecified:
//   - The wall time does not exist (spring forward; in Berlin 02:00–02:59
//     on the last Sunday of March): it is read with the offset in force
//     before the jump, so 02:30 becomes 03:30 — the same minute count after
//     the jump, and what Go's own normalisation yields today.
//   - The wall time exists twice (fall back; 02:00–02:59 on the last
//     Sunday of October): the first occurrence is used. The day is posted
//     once either way, because it is claimed as one unique row.
func PostTime(date string, tod TimeOfDay, loc *time.Location) time.Time {
	d, err := time.Parse(dateLayout, date)
	if err != nil {
		panic(fmt.Sprintf("recap: bad local date %q", date))
	}
	y, m, day := d.Date()
	h, mi := tod.Hour(), tod.Minute()
	t := time.Date(y, m, day, h, mi, 0, 0, loc)

	// The offset at the start of the day is the one before any transition.
	_, offset := time.Date(y, m, day, 0, 0, 0, 0, loc).Zone()
	before := time.Date(y, m, day, h, mi, 0, 0, time.FixedZone("", offset))
	if w := before.In(loc); w.Hour() == h && w.Minute() == mi && before.Before(t) {
		return before // repeated hour: first occurrence
	}
	if t.Hour() != h || t.Minute() != mi {
		return before.In(loc) // skipped hour
	}
	return t
}

// Nonce identifies a guild's post of one local day. It is derived, not
// stored-only, so every attempt for the day, before or after a crash,
// sends the same value. Discord allows at most 25 characters:
// "rc" + YYYYMMDD + 15 hex digits of a hash of the guild ID.
func Nonce(guildID, localDate string) string {
	sum := sha256.Sum256([]byte(guildID))
	date := localDate[0:4] + localDate[5:7] + localDate[8:10]
	return "rc" + date + hex.EncodeToString(sum[:])[:15]
}

// Backoff after failures transient failures in a row: 1 s, doubling, at
// most 5 min.
const (
	minBackoff = time.Second
	maxBackoff = 5 * time.Minute
)

func backoff(failures int) time.Duration {
	d := minBackoff
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

// parseSnowflake accepts a Discord ID: a non-zero unsigned 64-bit decimal.
func parseSnowflake(id string) (uint64, error) {
	n, ok := snowflake.Parse(id)
	if !ok {
		return 0, fmt.Errorf("%w: %q", ErrInvalidID, id)
	}
	return n, nil
}

// ShardOf is the gateway shard that receives a guild's events, by
// Discord's formula (guild_id >> 22) % shard_count. A shardCount below 2
// means a single shard, 0.
func ShardOf(guildID string, shardCount int) (int, error) {
	id, err := parseSnowflake(guildID)
	if err != nil {
		return 0, err
	}
	if shardCount < 2 {
		return 0, nil
	}
	return int((id >> 22) % uint64(shardCount)), nil
}

// NextEpisode picks the episode after cursor (the guild's previous one) in
// the sorted ID order, wrapping around; so a guild sees every episode
// before one repeats. A guild without a cursor starts at a position
// derived from its ID, so guilds are at different points of the rotation.
//
// Why a cursor and not a counter modulo the episode count: when episodes
// are added, a counter's positions all shift and a guild may skip or
// repeat many episodes. With a cursor a new episode simply slots in: if
// its ID sorts after the cursor it is shown in the current round, else in
// the next one; nothing repeats early. A removed episode is skipped.
func NextEpisode(ids []string, cursor, guildID string) (string, error) {
	if len(ids) == 0 {
		return "", ErrNoEpisodes
	}
	sorted := slices.Clone(ids)
	slices.Sort(sorted)
	sorted = slices.Compact(sorted)
	if cursor == "" {
		sum := sha256.Sum256([]byte(guildID))
		var h uint64
		for _, b := range sum[:8] {
			h = h<<8 | uint64(b)
		}
		return sorted[h%uint64(len(sorted))], nil
	}
	i := sort.SearchStrings(sorted, cursor)
	if i < len(sorted) && sorted[i] == cursor {
		i++
	}
	if i == len(sorted) {
		i = 0
	}
	return sorted[i], nil
}
