package commands

import (
	"sync/atomic"

	"iafbot/knowledge"
)

// Live is an Engine whose knowledge base can be replaced while the bot
// runs (synopses reloaded on SIGHUP or a file change). Handlers take one
// Snapshot per interaction, so an answer never mixes two bases.
type Live struct{ p atomic.Pointer[Engine] }

// Snapshotter is an Engine that can change; handlers use Snapshot for the
// whole of one interaction.
type Snapshotter interface{ Snapshot() Engine }

// NewLive returns a Live serving e.
func NewLive(e Engine) *Live {
	l := &Live{}
	l.Swap(e)
	return l
}

// Swap replaces the engine atomically; interactions already running keep
// the old one.
func (l *Live) Swap(e Engine) { l.p.Store(&e) }

// Snapshot is the current engine.
func (l *Live) Snapshot() Engine { return *l.p.Load() }

// snapshot resolves e to the engine one interaction should use.
func snapshot(e Engine) Engine {
	if s, ok := e.(Snapshotter); ok {
		return s.Snapshot()
	}
	return e
}

func (l *Live) Ask(q string) knowledge.Answer                { return l.Snapshot().Ask(q) }
func (l *Live) Episodes() []*knowledge.Episode               { return l.Snapshot().Episodes() }
func (l *Live) Episode(id string) (*knowledge.Episode, bool) { return l.Snapshot().Episode(id) }
func (l *Live) FindEpisodes(q string, n int) []*knowledge.Episode {
	return l.Snapshot().FindEpisodes(q, n)
}
func (l *Live) Characters() []*knowledge.Character { return l.Snapshot().Characters() }
func (l *Live) FindCharacter(name string) (*knowledge.Character, bool) {
	return l.Snapshot().FindCharacter(name)
}
func (l *Live) CharacterFacts(c *knowledge.Character, n int) []knowledge.Fact {
	return l.Snapshot().CharacterFacts(c, n)
}
func (l *Live) CompleteCharacters(p string, n int) []knowledge.Choice {
	return l.Snapshot().CompleteCharacters(p, n)
}
func (l *Live) CompleteEpisodes(p string, n int) []knowledge.Choice {
	return l.Snapshot().CompleteEpisodes(p, n)
}
func (l *Live) Summary(id string, n int) string           { return l.Snapshot().Summary(id, n) }
func (l *Live) Stats() knowledge.Stats                    { return l.Snapshot().Stats() }
func (l *Live) Ranked(q string, n int) []knowledge.Ranked { return l.Snapshot().Ranked(q, n) }
func (l *Live) ModelVersion() string                      { return l.Snapshot().ModelVersion() }
