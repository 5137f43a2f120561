// Package feedback is the domain of 👍/👎 votes on answers: one vote per
// user and answer (a later vote replaces the earlier), stored by the recap
// database's adapters (sqlite, postgres), and exported as question-bank
// JSONL so that wrong answers become test and training questions.
package feedback

import (
	"context"
	"encoding/json"
	"io"
	"sort"
	"sync"
	"time"

	"iafbot/knowledge/qa"
)

// Vote is one user's verdict on one answer.
type Vote struct {
	// MessageID is the answer message; with UserID it is the key.
	MessageID string
	UserID    string
	GuildID   string // "" in DMs
	Question  string
	Answer    string
	EpisodeID string
	// Engine is the model version that produced the answer.
	Engine string
	Up     bool
	At     time.Time
}

// Store keeps votes.
type Store interface {
	// Record stores v, replacing the user's earlier vote on the same
	// answer; replaced reports whether there was one.
	Record(ctx context.Context, v Vote) (replaced bool, err error)
	// Votes returns all votes, oldest first.
	Votes(ctx context.Context) ([]Vote, error)
}

// Case is a question-bank line (qa.Case) with the vote's context;
// qa.ReadCases ignores the extra fields.
type Case struct {
	qa.Case
	// Feedback is "up" or "down"; Answer what the bot said; Engine the
	// model version. A "down" case has no expect_any: a person fills in
	// the right answer (or answerable:false) before it joins a set.
	Feedback string `json:"feedback"`
	Answer   string `json:"answer"`
	Engine   string `json:"engine,omitempty"`
	Votes    int    `json:"votes"`
}

// Cases folds votes into one case per question, answer and verdict, most
// voted first; fileOf maps an episode ID to its synopsis file name.
func Cases(votes []Vote, fileOf func(episodeID string) string) []Case {
	type key struct {
		q, a string
		up   bool
	}
	byKey := map[key]*Case{}
	var order []key
	for _, v := range votes {
		k := key{v.Question, v.Answer, v.Up}
		c := byKey[k]
		if c == nil {
			c = &Case{Case: qa.Case{Question: v.Question, Kind: "feedback"}, Answer: v.Answer, Engine: v.Engine, Feedback: "down"}
			if fileOf != nil && v.EpisodeID != "" {
				c.File = fileOf(v.EpisodeID)
			}
			if v.Up {
				c.Feedback = "up"
				c.ExpectAny = []string{v.Answer}
			}
			byKey[k] = c
			order = append(order, k)
		}
		c.Votes++
	}
	out := make([]Case, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Votes > out[j].Votes })
	return out
}

// WriteJSONL writes one JSON object per line.
func WriteJSONL(w io.Writer, cases []Case) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			return err
		}
	}
	return nil
}

// Memory is a Store in memory, for tests and as a stand-in.
type Memory struct {
	mu    sync.Mutex
	votes []Vote
}

func (m *Memory) Record(_ context.Context, v Vote) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for i, old := range m.votes {
		if old.MessageID == v.MessageID && old.UserID == v.UserID {
			m.votes[i] = v
			return true, nil
		}
	}
	m.votes = append(m.votes, v)
	return false, nil
}

func (m *Memory) Votes(context.Context) ([]Vote, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Vote(nil), m.votes...), nil
}
