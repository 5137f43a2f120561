package knowledge

import (
	"math"
	"slices"
	"sort"
	"strings"
)

// Summary picks up to maxSentences sentences that together read as a
// summary of the episode: sentences central to the episode (sharing its
// frequent content words), naming its main characters, early in the story,
// and not repeating each other; shown in story order.
func (b *Base) Summary(episodeID string, maxSentences int) string {
	ep, ok := b.byID[episodeID]
	if !ok || maxSentences <= 0 {
		return ""
	}
	sentences := b.episodeSentences(ep)
	// The episode's own term weights: frequent in the episode, rare overall.
	weight := map[string]float64{}
	for _, s := range sentences {
		for t := range s.terms() {
			weight[t] += b.index.idf(t)
		}
	}
	main := map[int]bool{}
	for _, name := range firstStrings(ep.Characters, 3) {
		for _, c := range b.characters {
			if c.Name == name {
				main[c.id] = true
			}
		}
	}
	type cand struct {
		i     int
		score float64
	}
	cands := make([]cand, 0, len(sentences))
	for i, s := range sentences {
		n := runeLen(s.text)
		if n < 40 || n > 320 {
			continue // fragments and run-ons make poor summary lines
		}
		centrality := 0.0
		seen := map[string]bool{}
		terms := slices.Collect(s.terms())
		for _, t := range terms {
			if !seen[t] {
				seen[t] = true
				centrality += weight[t]
			}
		}
		centrality /= math.Sqrt(float64(len(terms) + 1))
		people := 0.0
		for k, id := range s.people {
			if main[id] && k < s.explicit {
				people++
			}
		}
		position := 1 / math.Sqrt(float64(i+1))
		// A sentence opening with a pronoun needs the one before it.
		if toks := s.tokens(); len(toks) > 0 && (malePronouns[toks[0].Norm] || femalePronouns[toks[0].Norm]) {
			people -= 1
		}
		cands = append(cands, cand{i, centrality + 2*people + 3*position})
	}
	sort.Slice(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	var picked []int
	take := func(from, to int) {
		for _, c := range cands {
			if len(picked) == maxSentences {
				return
			}
			if c.i < from || c.i >= to || slices.Contains(picked, c.i) {
				continue
			}
			redundant := false
			for _, p := range picked {
				redundant = redundant || overlap(slices.Collect(sentences[p].terms()), slices.Collect(sentences[c.i].terms())) > 0.5
			}
			if !redundant {
				picked = append(picked, c.i)
				return
			}
		}
	}
	// Like a human summary: who it is about (the first sentence naming the
	// main character, so later pronouns have a referent), what happens
	// (the most central sentence of the middle), how it ends (the most
	// central of the last third); then the best of the rest.
	if opener := b.firstNaming(sentences, ep); opener >= 0 {
		picked = append(picked, opener)
	}
	n := len(sentences)
	take(n/3, 2*n/3)
	take(2*n/3, n)
	for len(picked) < maxSentences {
		before := len(picked)
		take(0, n)
		if len(picked) == before {
			break
		}
	}
	if len(picked) == 0 && len(sentences) > 0 {
		picked = []int{0}
	}
	sort.Ints(picked)
	parts := make([]string, len(picked))
	for i, p := range picked {
		parts[i] = sentences[p].text
	}
	return strings.Join(parts, " ")
}

// overlap is the share of the shorter sentence's words found in the other.
func overlap(a, b []string) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	set := map[string]bool{}
	for _, t := range a {
		set[t] = true
	}
	common := 0
	for _, t := range b {
		if set[t] {
			common++
		}
	}
	return float64(common) / float64(min(len(a), len(b)))
}

// firstNaming returns the index of the first sentence that names the
// episode's main character, or -1.
func (b *Base) firstNaming(sentences []*sentence, ep *Episode) int {
	if len(ep.Characters) == 0 {
		return -1
	}
	for i, s := range sentences {
		if runeLen(s.text) > 320 {
			continue
		}
		for _, id := range s.people[:s.explicit] {
			if b.characters[id].Name == ep.Characters[0] {
				return i
			}
		}
	}
	return -1
}
