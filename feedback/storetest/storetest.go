// Package storetest checks an implementation of feedback.Store and
// settings.Store (the sqlite and postgres adapters) against one contract.
package storetest

import (
	"context"
	"testing"
	"time"

	"iafbot/feedback"
	"iafbot/settings"
)

// Store is what the database adapters implement.
type Store interface {
	feedback.Store
	settings.Store
}

// Run runs the contract; open returns a new, empty store.
func Run(t *testing.T, open func(t *testing.T) Store) {
	ctx := context.Background()
	t.Run("one vote per user and answer", func(t *testing.T) {
		s := open(t)
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		v := feedback.Vote{MessageID: "100", UserID: "7", GuildID: "9", Question: "Wer ist Maja?",
			Answer: "Maja ist die Tochter von Herrn Scholze.", EpisodeID: "000_scholze", Engine: "v2", Up: true, At: at}
		if replaced, err := s.Record(ctx, v); err != nil || replaced {
			t.Fatalf("first vote: replaced %v, %v", replaced, err)
		}
		v.Up, v.At = false, at.Add(time.Minute)
		if replaced, err := s.Record(ctx, v); err != nil || !replaced {
			t.Fatalf("second vote: replaced %v, %v", replaced, err)
		}
		other := v
		other.UserID, other.Up, other.At = "8", true, at.Add(2*time.Minute)
		if replaced, err := s.Record(ctx, other); err != nil || replaced {
			t.Fatalf("other user: replaced %v, %v", replaced, err)
		}
		votes, err := s.Votes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(votes) != 2 {
			t.Fatalf("%d votes", len(votes))
		}
		got := votes[0]
		if got.UserID != "7" || got.Up || got.Question != v.Question || got.Answer != v.Answer ||
			got.EpisodeID != "000_scholze" || got.Engine != "v2" || got.GuildID != "9" || !got.At.Equal(at.Add(time.Minute)) {
			t.Errorf("stored %+v", got)
		}
	})
	t.Run("spoiler setting per guild", func(t *testing.T) {
		s := open(t)
		if hide, err := s.Spoilers(ctx, "1"); err != nil || !hide {
			t.Fatalf("default: %v %v", hide, err)
		}
		if err := s.SetSpoilers(ctx, "1", false); err != nil {
			t.Fatal(err)
		}
		if hide, _ := s.Spoilers(ctx, "1"); hide {
			t.Error("turned off but still on")
		}
		if hide, _ := s.Spoilers(ctx, "2"); !hide {
			t.Error("other guild changed")
		}
		if err := s.SetSpoilers(ctx, "1", true); err != nil {
			t.Fatal(err)
		}
		if hide, _ := s.Spoilers(ctx, "1"); !hide {
			t.Error("turned on again but off")
		}
	})
}
