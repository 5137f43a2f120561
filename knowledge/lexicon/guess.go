package lexicon

import (
	"strings"
	"unicode"
)

// guessAnalyse reads a lower-case word the tables do not hold by the
// regular inflection of a lemma they do hold:
//   - comparatives and superlatives, which Morphy's adjectives lack
//     ("älterer" → alt, "größere" → groß, "jüngerer" → jung);
//   - weak verb forms of verbs the thesaurus lists without paradigm
//     ("humpelt" → humpeln, "schlichtete" → schlichten, "restauriert" →
//     restaurieren).
//
// Capitalised words are left alone: an unknown one is more likely a name
// ("Brandt") than an inflected form.
func (l *Lexicon) guessAnalyse(w string) []Analysis {
	if len(w) < 5 || strings.ContainsFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) {
		return nil
	}
	if lem, ok := l.guessAdjective(w); ok {
		return []Analysis{{Lemma: lem, POS: Adjective}}
	}
	if lem, participle, ok := l.guessWeakVerb(w); ok {
		pos := Verb
		if participle {
			pos = Participle
		}
		return []Analysis{{Lemma: lem, POS: pos}}
	}
	return nil
}

// adjectiveEndings are the declension endings, longest first.
var adjectiveEndings = []string{"en", "em", "er", "es", "e", ""}

// guessAdjective strips a declension ending and the comparative "-er" or
// superlative "-(e)st", and undoes the umlaut of the comparison ("ält" →
// alt).
func (l *Lexicon) guessAdjective(w string) (string, bool) {
	for _, end := range adjectiveEndings {
		stem, ok := strings.CutSuffix(w, end)
		if !ok {
			continue
		}
		for _, degree := range []string{"er", "est", "st"} {
			base, ok := strings.CutSuffix(stem, degree)
			if !ok || len(base) < 2 {
				continue
			}
			if l.wordFlags(base)&infAdj != 0 {
				return base, true
			}
			if strings.ContainsAny(base, "äöü") {
				if plain := deUmlaut.Replace(base); l.wordFlags(plain)&infAdj != 0 {
					return plain, true
				}
			}
		}
	}
	return "", false
}

// verbEndings are the weak verb endings, longest first.
var verbEndings = []string{"etest", "test", "eten", "tet", "ten", "est", "te", "et", "st", "t", "e"}

// guessWeakVerb strips a weak ending (and "ge" of a participle) and finds
// the infinitive "-en" or, for "-eln"/"-ern" verbs, "-n" among the lemmas.
func (l *Lexicon) guessWeakVerb(w string) (lemma string, participle, ok bool) {
	isVerb := func(s string) bool {
		return (strings.HasSuffix(s, "en") || strings.HasSuffix(s, "ln") || strings.HasSuffix(s, "rn")) &&
			l.wordFlags(s)&(infVerb|infThesOther) != 0
	}
	for _, end := range verbEndings {
		stem, ok := strings.CutSuffix(w, end)
		if !ok || len(stem) < 3 {
			continue
		}
		stems := []string{stem}
		if p, ok := strings.CutPrefix(stem, "ge"); ok && len(p) >= 3 && (end == "t" || end == "et") {
			stems = []string{p, stem} // "geschlichtet" before "geschlichten"
		}
		for k, s := range stems {
			for _, cand := range []string{s + "en", s + "n"} {
				if isVerb(cand) {
					return cand, k == 0 && len(stems) == 2, true
				}
			}
		}
	}
	return "", false, false
}

// guessFeminine reads the feminine form of a job or person noun the tables
// hold only as masculine ("Glasbläserin", "Sattlerinnen"). It applies to
// capitalised words too: a name ending in "-in" ("Kerstin") rarely has a
// job or person noun before it.
func (l *Lexicon) guessFeminine(w string) (Analysis, bool) {
	lem, plural := strings.CutSuffix(w, "nen")
	if !strings.HasSuffix(lem, "in") || len(lem) < 6 {
		return Analysis{}, false
	}
	id, ok := l.masculineOf(lem)
	if !ok || l.classOf(id)&(Job|Person) == 0 {
		return Analysis{}, false
	}
	return Analysis{Lemma: lem, POS: Noun, Gender: 'f', Plural: plural}, true
}
