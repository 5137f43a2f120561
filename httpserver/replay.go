package httpserver

import (
	"sync"
	"time"
)

// DefaultReplayMemory bounds the interaction IDs remembered against
// replays. Only requests with a valid signature are remembered, so only
// Discord's own traffic fills it: 100 000 IDs cover over 270 interactions
// a second for the whole window, at about 10 MB.
const DefaultReplayMemory = 100_000

// replayWindow is how long a signed request is accepted at all
// (verify's MaxTimestampAge and MaxTimestampSkew); an ID must be
// remembered that long after its signature's timestamp.
const replayWindow = MaxTimestampAge + MaxTimestampSkew

// seenIDs is a bounded set of interaction IDs with expiry: a request
// signed by Discord and captured on the way (a log, a proxy) could
// otherwise be sent again within the timestamp window and be answered
// again. IDs expire once their signature is too old to be accepted
// anyway; when the set is full the oldest entry goes first (its replay
// window shrinks, nothing else breaks).
type seenIDs struct {
	max int

	mu    sync.Mutex
	until map[string]time.Time // ID -> end of its window
	order []seenEntry          // insertion order, for expiry and eviction
	head  int                  // order[:head] is consumed
}

type seenEntry struct {
	id    string
	until time.Time
}

func newSeenIDs(max int) *seenIDs {
	return &seenIDs{max: max, until: map[string]time.Time{}}
}

// add records id, signed at signed, and reports false if it was already
// recorded and its window has not ended: a replay.
func (s *seenIDs) add(id string, signed, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire(now)
	if u, ok := s.until[id]; ok && u.After(now) {
		return false
	}
	for len(s.until) >= s.max && s.head < len(s.order) {
		s.drop()
	}
	u := signed.Add(replayWindow)
	s.until[id] = u
	s.order = append(s.order, seenEntry{id, u})
	return true
}

// expire drops entries from the front while they have ended. Entries are
// nearly in expiry order (signatures are at most seconds old on arrival),
// so an unexpired one ahead only delays the others a little.
func (s *seenIDs) expire(now time.Time) {
	for s.head < len(s.order) && !s.order[s.head].until.After(now) {
		s.drop()
	}
	// Compact now and then, so the slice does not grow forever.
	if s.head > 1024 && s.head > len(s.order)/2 {
		s.order = append(s.order[:0:0], s.order[s.head:]...)
		s.head = 0
	}
}

func (s *seenIDs) drop() {
	e := s.order[s.head]
	s.order[s.head] = seenEntry{}
	s.head++
	if u, ok := s.until[e.id]; ok && u.Equal(e.until) {
		delete(s.until, e.id)
	}
}
