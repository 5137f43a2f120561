package storetest

import (
	"context"
	"testing"

	"iafbot/feedback"
	"iafbot/settings"
)

type memory struct {
	*feedback.Memory
	prefs *settings.Memory
}

func (m memory) Spoilers(ctx context.Context, g string) (bool, error) {
	return m.prefs.Spoilers(ctx, g)
}
func (m memory) SetSpoilers(ctx context.Context, g string, hide bool) error {
	return m.prefs.SetSpoilers(ctx, g, hide)
}

func TestMemory(t *testing.T) {
	Run(t, func(*testing.T) Store { return memory{&feedback.Memory{}, &settings.Memory{}} })
}
