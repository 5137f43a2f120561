package knowledge

import (
	"slices"

	"iafbot/knowledge/analysis"
)

// salience ranks the people a pronoun may mean by how much the text has
// been about them (Lappin and Leass 1994, simplified for text without a
// parser): every mention adds weight by its grammatical role, and the
// weights halve with each sentence. "Zuletzt vergisst er … den
// Elternabend seines Sohnes Justin. Als er …": the second "er" goes on
// with the subject the paragraph is about, not the son named last.
type salience struct {
	weight map[int]float64
}

// Role weights of a mention: being named at all, as the subject, and not
// inside a prepositional or genitive phrase (the original factors 100, 80
// and 80; the object factor 50 counts for the rest).
const (
	salienceRecency  = 100
	salienceSubject  = 80
	salienceObject   = 50
	salienceEmbedded = 0
)

func (sa *salience) decay() {
	for id, w := range sa.weight {
		sa.weight[id] = w / 2
	}
}

// add credits the people of sentence s.
func (sa *salience) add(s *sentence) {
	if sa.weight == nil {
		sa.weight = map[int]float64{}
	}
	for id, w := range sa.sentenceWeights(s, len(s.tokens())) {
		sa.weight[id] += w
	}
}

// sentenceWeights are the role weights of the people s mentions before
// token limit, by name or by a pronoun already resolved.
func (sa *salience) sentenceWeights(s *sentence, limit int) map[int]float64 {
	toks := s.tokens()
	out := map[int]float64{}
	credit := func(id int, w float64) { out[id] = max(out[id], w) }
	for _, m := range s.mentions {
		if m.end <= limit && m.char >= 0 {
			credit(m.char, salienceRecency+mentionRole(toks, m.start))
		}
	}
	for j, ids := range s.refs {
		if j >= limit {
			continue
		}
		role := pronounRole(toks[j])
		if toks[j].Capitalised {
			role = descriptionRole(toks, j) // "den Landwirt", "die Patientin"
		}
		for _, id := range ids {
			credit(id, salienceRecency+role)
		}
	}
	return out
}

// order sorts ids by salience, most salient first; people mentioned in s
// before token limit count with their weight there (s may be nil). Ties
// keep the given (most recent first) order.
func (sa *salience) order(ids []int, s *sentence, limit int) []int {
	var here map[int]float64
	if s != nil {
		here = sa.sentenceWeights(s, limit)
	}
	score := func(id int) float64 { return sa.weight[id] + here[id] }
	out := slices.Clone(ids)
	slices.SortStableFunc(out, func(a, b int) int {
		sa, sb := score(a), score(b)
		switch {
		case sa > sb:
			return -1
		case sa < sb:
			return 1
		}
		return 0
	})
	return out
}

// mentionRole guesses the role of a name at token start: the subject when
// it opens the sentence or follows the finite verb in second place ("Nach
// drei Wochen hat Mirko …"), embedded after a preposition, an article or
// a possessive ("seines Sohnes Justin", "von Ole"), else an object.
func mentionRole(toks []analysis.Token, start int) float64 {
	if start == 0 {
		return salienceSubject
	}
	prev := toks[start-1]
	if prev.Capitalised && start >= 2 {
		// A kinship or person noun before the name: its own article decides.
		prev = toks[start-2]
	}
	switch {
	case prepositions[prev.Norm] || determiners[prev.Norm] || malePronouns[prev.Norm] || femalePronouns[prev.Norm]:
		return salienceEmbedded
	case prev.Punct == 0 && start <= 4 && !prev.Capitalised && !analysis.IsStopWord(prev.Norm) || auxiliaries[prev.Norm]:
		return salienceSubject
	}
	return salienceObject
}

// pronounRole: "er" and "sie" are most often subjects, "ihn" and "ihm"
// objects, possessives embedded.
func pronounRole(t analysis.Token) float64 {
	switch t.Norm {
	case "er", "sie":
		return salienceSubject
	case "ihn", "ihm":
		return salienceObject
	}
	return salienceEmbedded
}

// descriptionRole reads the role of a description ending in the noun at k
// from the case of its article: "der" opens subjects, "den" and "dem"
// objects, "des" genitives; after a preposition it is embedded.
func descriptionRole(toks []analysis.Token, k int) float64 {
	for a := k - 1; a >= 0 && a >= k-1-maxDescriptionGap; a-- {
		if !determiners[toks[a].Norm] {
			continue
		}
		if a > 0 && prepositions[toks[a-1].Norm] {
			return salienceEmbedded
		}
		switch toks[a].Norm {
		case "der", "ein":
			return salienceSubject
		case "des", "eines":
			return salienceEmbedded
		}
		return salienceObject
	}
	return salienceObject
}
