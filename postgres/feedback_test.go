package postgres

import (
	"testing"

	"iafbot/feedback/storetest"
	"iafbot/postgres/pgtest"
)

func TestFeedbackStore(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) storetest.Store {
		return NewFeedbackStore(openT(t, pgtest.NewDatabase(t), 0))
	})
}
