package knowledge

import (
	"strconv"
	"strings"

	"iafbot/knowledge/analysis"
)

// Ages: which tokens of a sentence give an age, and whose it is. Synopses
// name several people with their ages side by side ("Die 91-Jährige …
// ihre Enkelin Romy, 34, …"), so "Wie alt ist X?" needs X's.

// isAgeAt: token i of the sentence gives an age: "58-Jährige", "zehn
// Jahre alt", "Achim Wendisch, 52, ist …".
func isAgeAt(sent *sentence, toks []analysis.Token, i int) bool {
	t := toks[i]
	if strings.Contains(t.Norm, "jaehrig") {
		return true
	}
	next := tokenAt(toks, i+1).Norm
	if !strings.HasPrefix(next, "jahr") && next != "alt" && t.Punct == 0 {
		return false // the cheap test first: most tokens are no number
	}
	if _, spelled := spelledValue(t.Norm); !isDigits(t.Norm) && !numberWords[t.Norm] && !spelled {
		return false
	}
	// "seit zwanzig Jahren", "vor drei Jahren" are spans of time, not
	// ages: a number after a preposition is one unless "alt" follows
	// ("mit 40 Jahren" stays ambiguous and counts).
	span := i > 0 && prepositions[toks[i-1].Norm] && toks[i-1].Norm != "mit" || i > 1 && prepositions[toks[i-2].Norm] && !isDigits(toks[i-1].Norm) && toks[i-2].Norm != "mit"
	// "ein Jahr lang", "zwei Jahre lang" are durations.
	years := strings.HasPrefix(next, "jahr") && (!span || tokenAt(toks, i+2).Norm == "alt") &&
		tokenAt(toks, i+2).Norm != "lang" && !strings.HasPrefix(t.Norm, "ein")
	// "Achim Wendisch, 52, ist …": a number between commas after a name.
	afterName := i > 0 && toks[i-1].Punct == ',' && t.Punct == ',' && inMention(sent, i-1)
	// "Felix Sommerfeld ist vierundzwanzig, …": a bare number after the
	// copula that follows a name, closing the clause.
	v, _ := ageValue(t)
	stated := i > 1 && t.Punct != 0 && copulas[toks[i-1].Norm] && inMention(sent, i-2) && v > 0 && v < 120
	return years || next == "alt" || afterName || stated
}

// copulas link a subject to what it is (closed class).
var copulas = set(`ist war wird`)

// markAges records whose age each age in a sentence gives, and who has
// which age.
func (b *Base) markAges() {
	b.byAge = map[int][]int{}
	for _, s := range b.sentences {
		toks := s.tokens()
		for i := range toks {
			if !isAgeAt(s, toks, i) {
				continue
			}
			if id, ok := ageHolder(s, toks, i); ok {
				s.ageAt = append(s.ageAt, occupationToken{token: i, char: id})
				if v, ok := ageValue(toks[i]); ok && v > 0 {
					b.byAge[v] = appendUnique(b.byAge[v], id)
				}
			}
		}
	}
}

// askedAge reads an age a question describes someone by: "der
// zwölfjährige", "die 44-jährige", "die 44 jährige".
func askedAge(toks []analysis.Token, i int) (int, bool) {
	t := toks[i]
	if !strings.Contains(t.Norm, "jaehrig") {
		return 0, false
	}
	if v, ok := ageValue(t); ok && v > 0 {
		return v, true
	}
	if i > 0 && strings.HasPrefix(t.Norm, "jaehrig") {
		return ageValue(toks[i-1])
	}
	return 0, false
}

// ageHolder finds whose age token i gives: the person a description
// means ("Der 58-Jährige", "der 44-jährigen Busfahrerin"), the name
// before the commas ("Achim Wendisch, 52,"), the name right after ("die
// 91-jährige Frieda", "der 34-jährige Zimmermann Bastian Tannert"), else
// the last person named or meant earlier in its clause ("Lina ist zehn
// Jahre alt", "Er ist 52 Jahre alt").
func ageHolder(s *sentence, toks []analysis.Token, i int) (int, bool) {
	for _, k := range []int{i, i + 1} {
		if ids := s.refs[k]; len(ids) > 0 && (k == i || toks[i].Punct == 0) {
			return ids[0], true
		}
	}
	if toks[i].Capitalised && strings.Contains(toks[i].Norm, "jaehrig") {
		return 0, false // "einer Siebenjährigen" no description linked: someone new
	}
	// "Achim Wendisch, 52," and the apposition "Horst, ein 74-jähriger
	// Elektromeister,": the name before the comma.
	comma := i
	if i > 1 && indefinite[toks[i-1].Norm] {
		comma = i - 1
	}
	if comma > 0 && toks[comma-1].Punct == ',' {
		for _, m := range s.mentions {
			if m.end == comma {
				return m.char, true
			}
		}
	}
	if strings.Contains(toks[i].Norm, "jaehrig") {
		for k := i + 1; k < len(toks) && k <= i+3 && toks[k-1].Punct == 0; k++ {
			for _, m := range s.mentions {
				if m.start == k {
					return m.char, true
				}
			}
		}
	}
	for k := i - 1; k >= clauseStart(toks, i); k-- {
		for _, m := range s.mentions {
			if m.end == k+1 {
				return m.char, true
			}
		}
		if ids := s.refs[k]; len(ids) > 0 {
			return ids[0], true
		}
	}
	return 0, false
}

// statedAges reads the ages a text states next to a name ("Achim
// Wendisch, 52,", "die 91-jährige Frieda Haase", "Lina ist zehn Jahre
// alt"), before pronouns and descriptions are linked: "die junge Frau"
// and "der alte Mann" are told apart by them.
func statedAges(sentences []*sentence) map[int]int {
	ages := map[int]int{}
	for _, s := range sentences {
		toks := s.tokens()
		for i, t := range toks {
			if !isAgeAt(s, toks, i) {
				continue
			}
			age, ok := ageValue(t)
			if !ok {
				continue
			}
			if id, ok := ageHolder(s, toks, i); ok {
				ages[id] = age
			}
		}
	}
	return ages
}

// ageValue reads the number of an age token: "52", "91-jährige",
// "Neunjährige", "zehn".
func ageValue(t analysis.Token) (int, bool) {
	w := t.Norm
	if i := strings.Index(w, "jaehrig"); i > 0 {
		w = strings.TrimSuffix(w[:i], "-")
	}
	if isDigits(w) {
		if len(w) > 3 {
			return 0, false
		}
		v, err := strconv.Atoi(w)
		return v, err == nil
	}
	return spelledValue(w)
}

// childUntil: a person described by an age below it ("die Neunjährige")
// is a child, not the parent the text names beside them.
const childUntil = 16

// adultKin are the kinship words that make a person someone's parent,
// grandparent or spouse; a closed class.
var adultKin = set(`vater mutter eltern grossvater grossmutter opa oma stiefvater stiefmutter
schwiegervater schwiegermutter ehemann ehefrau witwe witwer`)

// introducedKin gives the kinship word an episode introduces each person
// with ("Ihre Mutter Anja Lorenz" → mutter).
func introducedKin(sentences []*sentence) map[int]string {
	out := map[int]string{}
	for _, s := range sentences {
		toks := s.tokens()
		for _, m := range s.mentions {
			if base, ok := kinOf(tokenAt(toks, m.start-1)); ok {
				if _, seen := out[m.char]; !seen {
					out[m.char] = base
				}
			}
		}
	}
	return out
}

// youngWords and oldWords say a person is young or old; lemmas, so any
// form counts ("der Älteren").
var (
	youngWords = lemmas(`jung`)
	oldWords   = lemmas(`alt betagt`)
)

// agedBy reads "die junge Frau" (-1) and "der alte Mann" (+1) from the
// adjectives between article and noun; 0 when none says.
func agedBy(toks []analysis.Token, article, noun int) int {
	for _, t := range toks[article+1 : noun] {
		switch {
		case youngWords.has(t):
			return -1
		case oldWords.has(t):
			return 1
		}
	}
	return 0
}

// Ages that make a person young or old for a description.
const (
	youngUntil = 40
	oldFrom    = 60
)

// fitsAge: the stated age of id agrees with "jung" (-1) or "alt" (+1).
func fitsAge(ages map[int]int, id, aged int) bool {
	age, ok := ages[id]
	return ok && (aged < 0 && age < youngUntil || aged > 0 && age >= oldFrom)
}
