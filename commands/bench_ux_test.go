package commands

import (
	"sync"
	"testing"

	"iafbot/knowledge"
	"iafbot/knowledge/synth"
)

var (
	bigOnce sync.Once
	bigBase *knowledge.Base
	bigErr  error
)

// synthEngine is a synthetic corpus of 5,000 episodes, as in the engine's
// benchmarks.
func synthEngine(b *testing.B) *knowledge.Base {
	bigOnce.Do(func() {
		var docs []knowledge.Document
		for _, ep := range synth.Generate(5000, 1) {
			docs = append(docs, knowledge.Document{Name: ep.Name, Text: []byte(ep.Text)})
		}
		bigBase, bigErr = knowledge.Build(docs)
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigBase
}

// BenchmarkUX5000 reports what the new reply paths cost on a large corpus
// (figures only; nothing is asserted about time).
func BenchmarkUX5000(b *testing.B) {
	e := synthEngine(b)
	rt, _, _ := uxRouter(e)
	b.Run("episode-prefix-miss", func(b *testing.B) {
		for b.Loop() {
			route(b, rt, slash(CmdEpisode, str(OptQuery, "xyzq")))
		}
	})
	b.Run("ask-with-buttons", func(b *testing.B) {
		for b.Loop() {
			route(b, rt, slash(CmdAsk, str(OptQuestion, "Warum ist der Patient im Krankenhaus?")))
		}
	})
	b.Run("more-matches", func(b *testing.B) {
		a := route(b, rt, slash(CmdAsk, str(OptQuestion, "Warum ist der Patient im Krankenhaus?")))
		id, _ := rt.ComponentID(kindMore)
		for b.Loop() {
			route(b, rt, click(a, id))
		}
	})
}
