package knowledge

import (
	_ "embed"
	"encoding/json"

	"iafbot/knowledge/analysis"
)

// cuesJSON holds the words that introduce a diagnosis, learned from the
// training split of the question bank by go run ./internal/cuegen.
//
//go:embed cues.json
var cuesJSON []byte

// learnedCues reads cues.json; a broken file is a build error of the
// repository, caught by TestLearnedCues, and leaves only the general cues.
func learnedCues(data []byte) (lemmaSet, error) {
	var f struct {
		Cues []struct {
			Lemma string `json:"lemma"`
		} `json:"cues"`
	}
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, err
	}
	out := lemmaSet{}
	for _, c := range f.Cues {
		out[analysis.Normalize(c.Lemma)] = true
	}
	return out, nil
}

// withLearned is the union of general cue words and the learned ones.
func withLearned(general lemmaSet) lemmaSet {
	learned, _ := learnedCues(cuesJSON)
	out := lemmaSet{}
	for w := range general {
		out[w] = true
	}
	for w := range learned {
		out[w] = true
	}
	return out
}
