// Package settings holds per-server preferences set by server admins
// (/einstellungen), stored by the database adapters (sqlite, postgres).
package settings

import (
	"context"
	"sync"
)

// Store keeps per-guild preferences. A guild without a stored value has
// the defaults (spoilers hidden).
type Store interface {
	// Spoilers reports whether endings are hidden behind spoiler markup.
	Spoilers(ctx context.Context, guildID string) (bool, error)
	SetSpoilers(ctx context.Context, guildID string, hide bool) error
}

// Memory is a Store in memory, for tests and as a stand-in.
type Memory struct {
	mu   sync.Mutex
	show map[string]bool // guilds that turned spoiler markup off
}

func (m *Memory) Spoilers(_ context.Context, guildID string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return !m.show[guildID], nil
}

func (m *Memory) SetSpoilers(_ context.Context, guildID string, hide bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.show == nil {
		m.show = map[string]bool{}
	}
	m.show[guildID] = !hide
	return nil
}
