package lexicon

import (
	"sync"
	"unicode/utf8"
)

// medical are the classes ClassBySuffix learns endings for.
const medical = Illness | Injury | Symptom

// Suffix statistics: an ending counts when at least minSuffixWords nouns
// of the lexicon end in it and most of those the thesaurus classes as
// medical. Textbook-style support/majority cut-offs, not fitted.
const (
	minSuffixWords = 8
	minSuffixShare = 0.5
	minSuffixRunes = 3
	maxSuffixRunes = 6
)

var (
	suffixOnce    sync.Once
	suffixClasses map[string]Class
)

// ClassBySuffix classes a word the lexicon does not know by the endings of
// the nouns it does know: technical terms share Greek and Latin endings
// ("Myokarditis", "Präeklampsie" end like the illnesses in the thesaurus).
// The endings are learned from the data on first use, not listed. It
// returns 0 when no learned ending fits.
func (l *Lexicon) ClassBySuffix(word string) Class {
	suffixOnce.Do(func() { suffixClasses = l.learnSuffixes() })
	w := norm(word)
	for n := maxSuffixRunes; n >= minSuffixRunes; n-- {
		s, ok := lastRunes(w, n)
		if !ok || utf8.RuneCountInString(w) < n+3 {
			continue
		}
		if c, ok := suffixClasses[s]; ok {
			return c
		}
	}
	return 0
}

func (l *Lexicon) learnSuffixes() map[string]Class {
	type tally struct {
		all, medical int
		classes      [16]int
	}
	stats := map[string]*tally{}
	for i := 0; i < l.words.n; i++ {
		if l.flags(uint32(i))&(infNoun|infThesNoun) == 0 {
			continue
		}
		w := l.words.key(i)
		c := l.classOf(uint32(i)) & medical
		for n := minSuffixRunes; n <= maxSuffixRunes; n++ {
			s, ok := lastRunes(w, n)
			if !ok || utf8.RuneCountInString(w) < n+3 {
				break
			}
			t := stats[s]
			if t == nil {
				t = &tally{}
				stats[s] = t
			}
			t.all++
			if c != 0 {
				t.medical++
				for b := 0; b < 16; b++ {
					if c&(1<<b) != 0 {
						t.classes[b]++
					}
				}
			}
		}
	}
	out := map[string]Class{}
	for s, t := range stats {
		if t.all < minSuffixWords || float64(t.medical) < minSuffixShare*float64(t.all) {
			continue
		}
		best := 0
		for b := range t.classes {
			if t.classes[b] > t.classes[best] {
				best = b
			}
		}
		out[s] = 1 << best
	}
	return out
}

// lastRunes returns the last n runes of s.
func lastRunes(s string, n int) (string, bool) {
	i := len(s)
	for k := 0; k < n; k++ {
		if i == 0 {
			return "", false
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:], true
}
