package knowledge

import "sort"

// This file only reads the engine (issue 10, Discord components); it adds
// no scoring. It is kept apart so the engine can change without touching it.

// Ranked is one candidate answer in the ranker's order, for "Weitere
// Treffer".
type Ranked struct {
	Text      string
	EpisodeID string
	// Sentence is the index in Episode.Sentences of the retrieved sentence.
	Sentence int
	// Score is the ranker's score; higher is better, comparable only
	// within one question.
	Score float64
}

// Ranked returns up to limit candidate answers to question, best first,
// without two of the same retrieved sentence or the same text. The first is the candidate
// Ask would show (whether or not Ask accepts it).
func (b *Base) Ranked(question string, limit int) []Ranked {
	if limit <= 0 {
		return nil
	}
	cands := b.scoredCandidates(b.analyse(question))
	out := make([]Ranked, 0, len(cands))
	for _, c := range cands {
		s := b.sentences[c.center]
		ep := b.episodes[s.episode]
		out = append(out, Ranked{
			Text: b.candidateText(c), EpisodeID: ep.ID,
			Sentence: c.center - ep.firstSentence, Score: b.model.Score(c.feats),
		})
	}
	// Stable: Best keeps the first of equal scores, and so does this.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	seen := map[[2]any]bool{}
	seenText := map[string]bool{}
	kept := out[:0]
	for _, r := range out {
		k := [2]any{r.EpisodeID, r.Sentence}
		if seen[k] || seenText[r.Text] {
			continue
		}
		seen[k], seenText[r.Text] = true, true
		kept = append(kept, r)
		if len(kept) == limit {
			break
		}
	}
	return kept
}

// ModelVersion names the model the base answers with, for feedback.
func (b *Base) ModelVersion() string {
	if b.model == nil {
		return ""
	}
	return b.model.Version
}
