package knowledge

import (
	"slices"
	"strings"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// separableParticles are the particles a German main clause splits off its
// verb and puts at the clause's end ("bricht … ab"); a closed class.
var separableParticles = set(`ab an auf aus bei dar durch ein fest fort frei heim her hin hoch los mit nach statt teil um vor weg weiter zu zurueck zusammen`)

// separatedVerb is a finite verb whose particle closes its clause: the
// token indexes of the verb and its particle, and the lemma of the whole
// ("abbrechen").
type separatedVerb struct {
	verb, particle int
	lemma          string
}

// joinSeparable asks the lexicon for the verb a finite form and a particle
// make; separableVerbs takes it as a parameter so a build can memoise it.
func joinSeparable(finite, particle string) (string, bool) {
	return lexicon.Default().SeparableVerb(finite, particle)
}

// separableVerbs finds the separated verbs of a sentence: a particle at the
// end of a clause and, before it in the same clause, a finite verb the
// lexicon joins with it ("Merle bricht die Therapie ab" → abbrechen).
func separableVerbs(toks []analysis.Token, join func(finite, particle string) (string, bool)) []separatedVerb {
	var out []separatedVerb
	start := 0
	for i, t := range toks {
		if t.Punct != 0 || i == len(toks)-1 {
			if !t.Capitalised && separableParticles[t.Norm] {
				for k := start; k < i; k++ {
					if toks[k].Capitalised && k > start || uninflectedFunctionWord(toks[k]) {
						continue
					}
					if lemma, ok := join(toks[k].Surface, t.Surface); ok {
						out = append(out, separatedVerb{verb: k, particle: i, lemma: lemma})
						break
					}
				}
			}
		}
		if t.Punct != 0 {
			start = i + 1
		}
	}
	return out
}

// uninflectedFunctionWord: a stop word that is its own lemma, a
// conjunction or adverb ("sondern … aus" is no "aussondern"). Inflected
// stop words are verbs and may carry a particle: "Finn gibt zu" is
// "zugeben", although "gibt" is a stop word of questions ("was gibt es").
func uninflectedFunctionWord(t analysis.Token) bool {
	if !analysis.IsStopWord(t.Norm) {
		return false
	}
	lemmas := lexicon.Default().Lemmas(strings.ToLower(t.Surface))
	return len(lemmas) == 0 || slices.Contains(lemmas, strings.ToLower(t.Surface))
}
