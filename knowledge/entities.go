package knowledge

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/firstnames"
	"iafbot/knowledge/lexicon"
)

// Finding people in German text: every noun is capitalised, so a capital
// letter alone does not make a name. Each capitalised word collects evidence
// over the whole corpus: for a name (after "Herr"/"Dr.", an apposition
// "Lina, eine Schülerin", a possessive "Holgers Vater", a sentence subject
// "Lina malt") and against it (after an article, a noun suffix such as
// "-ung", a kinship noun). Words with enough evidence are names.

type wordEvidence struct {
	forName, forNoun float64
	count            int
	titled           int  // times right after a title
	thing            bool // an apposition says what thing it is ("Citalopram, ein Antidepressivum")
	related          bool // right after a kinship word ("Mutter Bettina")
	afterArticle     int  // times right after an article ("die Angst")
	listedFirst      bool // a first name of the list and no noun
	lexiconNoun      bool // the lexicon knows the word as a common noun
}

// lexiconNounEvidence is what the lexicon's reading of a word as a common
// noun counts against a name.
const lexiconNounEvidence = 3

type nameLexicon struct {
	stats map[string]*wordEvidence
}

func buildNameLexicon(sentences []*sentence) *nameLexicon {
	stats := map[string]*wordEvidence{}
	get := func(norm string) *wordEvidence {
		e := stats[norm]
		if e == nil {
			e = &wordEvidence{}
			stats[norm] = e
		}
		return e
	}
	lex := lexicon.Default()
	// Per-build memos of lexicon answers, by surface or by normalised word.
	isNoun := memoize(identity, func(w string) bool { return lex.IsNoun(strings.ToLower(w)) })
	plural := memoize(identity, func(w string) bool { return onlyPlural(lex, w) })
	personLike := memoize(identity, personNounLike)
	isKin := memoize(normOf, func(t analysis.Token) bool { _, kin := kinOf(t); return kin })
	personNoun := memoize(normOf, func(t analysis.Token) bool { return lex.Classes(t.Surface)&(lexicon.Job|lexicon.Person) != 0 })
	// An adjective with an ending ("Erstes", "Kleine"), not its base form
	// ("Frank", "Rosa" are first names too).
	inflectedAdjective := memoize(normOf, func(t analysis.Token) bool {
		w := strings.ToLower(t.Surface)
		for _, a := range lex.Analyse(w) {
			if a.POS&lexicon.Adjective != 0 && a.Lemma != w {
				return true
			}
		}
		return false
	})
	// A word with the ending of a diagnosis ("Insulinom"), and a word the
	// lexicon does not know at all, also without a genitive ending.
	lower := func(t analysis.Token) string { return strings.ToLower(strings.TrimSuffix(t.Surface, "'")) }
	technical := memoize(normOf, func(t analysis.Token) bool {
		return lex.ClassBySuffix(lower(t))&(lexicon.Illness|lexicon.Injury|lexicon.Symptom) != 0
	})
	unknown := memoize(normOf, func(t analysis.Token) bool {
		w := lower(t)
		return !lex.Known(w) && !lex.Known(strings.TrimSuffix(w, "s"))
	})
	// A listed first name that is no noun ("Marie-Sophie", not "Heide"
	// or "August"): the lexicon may know it as a compound of names, and
	// a noun only by splitting it ("Ger|not") is no noun of the tables.
	firstName := memoize(normOf, func(t analysis.Token) bool {
		w := lower(t)
		return firstnames.Listed(w) && (!lex.IsNoun(w) || !lex.Listed(w) || properNounOnly(lex, w))
	})
	// A surname may read as a compound of nouns ("Sommerfeld"), but the
	// tables list no such form, and it reads as no plural ("Wildkräuter")
	// and no illness.
	unlisted := memoize(normOf, func(t analysis.Token) bool {
		w := lower(t)
		if lex.Listed(w) || lex.Listed(strings.TrimSuffix(w, "s")) || lex.Classes(w)&(lexicon.Illness|lexicon.Injury|lexicon.Symptom) != 0 {
			return false
		}
		return !slices.ContainsFunc(lex.Analyse(w), func(a lexicon.Analysis) bool { return a.Plural })
	})
	lowerSeen := map[string]bool{}
	for _, s := range sentences {
		for _, t := range s.tokens() {
			if !t.Capitalised {
				lowerSeen[t.Norm] = true
			}
		}
	}
	for _, s := range sentences {
		toks := s.tokens()
		afterHonorific, fullNameTitle := false, false
		for i, t := range toks {
			if !t.Capitalised || analysis.IsStopWord(t.Norm) || isDigits(t.Norm) {
				afterHonorific = false
				continue
			}
			if isHonorificAt(toks, i) {
				afterHonorific = true
				fullNameTitle = academicTitles[t.Norm]
				continue
			}
			norm := strings.TrimSuffix(t.Norm, "'")
			e := get(norm)
			e.count++
			if e.count == 1 {
				// What the lexicon knows of the word, once: a common noun
				// is no name ("Gelassenheit"); a capitalised word it does not
				// know at all most likely is one ("Teichert").
				if firstName(t) {
					e.forName += 2
					e.listedFirst = true
				} else if w := lower(t); lex.IsNoun(w) {
					e.forNoun += lexiconNounEvidence
					e.lexiconNoun = true
				} else if len(w) >= 8 && technical(t) {
					// An unknown long word with the ending of a diagnosis
					// ("Insulinom", "Subduralhämatom") is a technical term;
					// short ones are as often first names ("Mareike").
					e.forNoun += 2
				} else if lowerSeen[norm] {
					// Names are never written in lower case: "Hinzu kommt
					// …" opens with the particle of "zieht … hinzu".
					e.forNoun += 3
				} else if unknown(t) {
					e.forName += 2
				}
			}
			prev, next, next2 := tokenAt(toks, i-1), tokenAt(toks, i+1), tokenAt(toks, i+2)
			switch {
			case afterHonorific:
				e.forName += 3
				e.titled++
			case isArticleAt(toks, i-1):
				e.forNoun += 3
				e.afterArticle++
			case afterArticleAndAdjectives(toks, i) && !(t.Punct == 0 && next.Capitalised && !analysis.IsStopWord(next.Norm)):
				// "eine akute intermittierende Porphyrie"; but "die kleine
				// Mia Lorenz" is a name with its surname.
				e.forNoun += 3
			case placePrepositions[prev.Norm]:
				// "aus Nerchau", "in Grimma": a place or a thing, hardly
				// ever a person.
				e.forNoun += 2
			case prepositions[prev.Norm]:
				e.forNoun += 0.5
			}
			if prev.Capitalised && prev.Punct == 0 && i >= 1 && !analysis.IsStopWord(prev.Norm) &&
				personNoun(prev) && !isNoun(t.Surface) {
				// "der Kranführer Danny Wallschläger", "Patientin Erika":
				// a word the lexicon does not know as a noun, right after a
				// job or person noun, is the name of that person.
				e.forName += 2
			}
			// Not after "aus"/"in": in "Ursula Pfitzner aus Schkeuditz, eine
			// Rentnerin" the apposition is about the person before the place.
			if t.Punct == ',' && !next.Capitalised && !placePrepositions[prev.Norm] && (indefinite[next.Norm] || (next.Norm == "selbst" || next.Norm == "auch") && indefinite[next2.Norm]) {
				// Apposition: "Lina, eine Schülerin", "Greta, selbst eine Chirurgin".
				// Not "die"/"der": after a comma those open relative clauses,
				// which follow nouns as often as names. An apposition that
				// names a thing ("Citalopram, ein Antidepressivum") says
				// the word is a thing, whatever else suggests a name.
				article := i + 1
				if !indefinite[next.Norm] {
					article++
				}
				if noun, ok := nounAfterAdjectives(toks, article+1); ok && !personLike(noun) {
					e.thing = true
					if p := tokenAt(toks, i-1); p.Capitalised && p.Punct == 0 && !isHonorificAt(toks, i-1) {
						// "Chorea Huntington, eine Erbkrankheit": the word
						// before is part of the thing's name.
						get(strings.TrimSuffix(p.Norm, "'")).thing = true
					}
				} else {
					e.forName += 2
				}
			}
			if prev.Capitalised && i >= 2 && !prepositions[toks[i-2].Norm] && isKin(prev) {
				// "Sohn Jannik", "Tochter, Lina" (but not "mit Mutter Natur").
				e.related = true
				switch prev.Punct {
				case 0:
					e.forName += 3
				case ',':
					e.forName += 2
				}
			}
			if prev.Norm == "mit" && (tokenAt(toks, i-2).Norm == "ehe" || next.Norm == "verheiratet" || tokenAt(toks, i+2).Norm == "verheiratet") {
				// "Seine Ehe mit Simone", "ist mit Jasmin verheiratet".
				e.forName += 3
			}
			if i > 0 && !prev.Capitalised && !determiners[prev.Norm] && !prepositions[prev.Norm] && !isInflectedAdjective(prev.Norm) &&
				!isDigits(prev.Norm) && !numberWords[prev.Norm] && t.Punct == 0 && isFiniteVerb(next) {
				// Subject inside a sentence: "während Greta lernt".
				e.forName += 1
			}
			if pair := func(k int) bool {
				a, b := tokenAt(toks, k), tokenAt(toks, k+1)
				// Not after a genitive: "nach Hoffmanns Worten".
				// At a sentence's opening only when lower case follows
				// ("Bernd Ohlendorf ist …"): the lexicon knowing neither
				// word rules out capitals that only open the sentence.
				return (k > 0 || k == 0 && !tokenAt(toks, k+2).Capitalised) && a.Capitalised && b.Capitalised && a.Punct == 0 && plainWord(a) && plainWord(b) && (!strings.HasSuffix(a.Norm, "s") || firstName(a)) &&
					!analysis.IsStopWord(a.Norm) && !analysis.IsStopWord(b.Norm) && (unknown(a) || firstName(a)) && (unknown(b) || unlisted(b)) &&
					(nounGender(a.Surface) == 0 || firstName(a)) && !technical(a) && !technical(b)
			}; pair(i-1) || pair(i) {
				// "die 86-jährige Hertha Wendt": two capitalised words
				// side by side that the lexicon knows neither of are a
				// first name and a surname.
				e.forName += 1.5
			}
			if i == 0 && t.Punct == 0 && next.Norm != "" && !next.Capitalised && !analysis.IsStopWord(next.Norm) && !determiners[next.Norm] {
				// Subject opening a sentence, followed by its verb: "Lina malt".
				e.forName += 1
			}
			if next.Capitalised && t.Punct == 0 && !afterHonorific && (strings.HasSuffix(t.Norm, "s") || strings.HasSuffix(t.Norm, "'")) {
				// Possessive "Holgers Vater": credit the base form.
				get(genitiveBase(t.Norm)).forName += 1
			}
			// "Dr. Anna Berger": an academic title precedes first and
			// last name; "Frau Sommer Zwillinge" (Herr/Frau + surname, then
			// an object) must not make "Zwillinge" a name.
			afterHonorific = afterHonorific && fullNameTitle && next.Capitalised && t.Punct == 0
			fullNameTitle = false
		}
	}
	l := &nameLexicon{stats: stats}
	followsName := func(toks []analysis.Token, i int) bool {
		prev, t := toks[i-1], toks[i]
		return t.Capitalised && prev.Capitalised && prev.Punct == 0 && !analysis.IsStopWord(t.Norm) && l.isName(prev.Norm)
	}
	// Surnames: the second of two capitalised words neither of which the
	// lexicon knows as a noun, the first not looking like a person noun
	// either ("Annegret Wehlisch", not "Schaustellerin Roswitha").
	surnames := map[string]bool{}
	surnamesOf := map[string]map[string]bool{} // first name → the surnames after it
	for _, s := range sentences {
		toks := s.tokens()
		for i := 1; i < len(toks); i++ {
			prev, t := toks[i-1], toks[i]
			if prev.Capitalised && t.Capitalised && prev.Punct == 0 && !analysis.IsStopWord(prev.Norm) && !analysis.IsStopWord(t.Norm) &&
				!isHonorificAt(toks, i-1) && !isNoun(prev.Surface) && !isNoun(t.Surface) && !personNoun(prev) && nounGender(prev.Surface) == 0 {
				surnames[t.Norm] = true
				if surnamesOf[prev.Norm] == nil {
					surnamesOf[prev.Norm] = map[string]bool{}
				}
				surnamesOf[prev.Norm][t.Norm] = true
			}
		}
	}
	// "hat Renate Kopfschmerzen" where the text calls her Renate Kunze:
	// a noun after a first name that has a surname of its own.
	otherSurname := func(first, t analysis.Token) bool {
		known := surnamesOf[first.Norm]
		return len(known) > 0 && !known[t.Norm] && isNoun(t.Surface)
	}
	// A capitalised word right after a name, with no comma between, is a
	// surname even when it is also a noun ("Leon Kranich"): this outweighs
	// the lexicon's noun reading, not an article seen before the word.
	for _, s := range sentences {
		toks := s.tokens()
		for i := 1; i < len(toks); i++ {
			prev, t := toks[i-1], toks[i]
			if followsName(toks, i) && !plural(t.Surface) &&
				!l.isGenitiveOfName(prev.Norm) && !(i >= 2 && toks[i-2].Capitalised && toks[i-2].Punct == 0 && l.isName(toks[i-2].Norm)) &&
				!(surnames[prev.Norm] && isNoun(t.Surface)) && !otherSurname(prev, t) {
				// Not after a genitive ("Idas Atem"), nor after a full name
				// ("Elfriede Pahlke Straßenbahnen"), nor a common noun
				// after a surname ("bekommt Wehlisch Fieber"), nor a noun
				// the text uses with an article ("hat Renate Angst" where
				// it also says "die Angst").
				if e := stats[strings.TrimSuffix(t.Norm, "'")]; e != nil && !(e.afterArticle > 0 && isNoun(t.Surface)) {
					e.forName += 3.5
				}
			}
		}
	}
	// Likewise a capitalised word right before a surname is a first name
	// ("Wolfgang Treptow"), unless it is a job, person or kinship noun
	// ("Schiffskoch Treptow", "Tochter Lina") or follows an article.
	for _, s := range sentences {
		toks := s.tokens()
		for i := 1; i < len(toks); i++ {
			first, t := toks[i-1], toks[i]
			if !first.Capitalised || first.Punct != 0 || analysis.IsStopWord(first.Norm) || !l.isName(t.Norm) ||
				isHonorificAt(toks, i-1) || i >= 2 && (determiners[toks[i-2].Norm] || isHonorificAt(toks, i-2) && !academicTitles[toks[i-2].Norm]) {
				continue
			}
			// A noun the lexicon reads only as a plural ("Bosse" of "Boss")
			// names no one's role or title before a surname: "Torwart
			// Bosse Hagedorn" is a first name.
			if _, kin := kinOf(first); kin || personNoun(first) || isNoun(first.Surface) && nounGender(first.Surface) != 0 && !plural(first.Surface) || inflectedAdjective(first) {
				continue // "Regieassistentin Luisa Pohlers", "fragt als Erstes Demir"
			}
			if i == 1 && lex.Known(strings.ToLower(first.Surface)) && !isNoun(first.Surface) {
				// "Erst Emmy …", "Ausgerechnet Günter …": a word capitalised
				// only because it opens the sentence.
				continue
			}
			if i >= 2 && !toks[i-2].Capitalised && (isInflectedAdjective(toks[i-2].Norm) || isAgeNoun(toks[i-2])) && !firstName(first) {
				// "die 33-jährige Hörgeräteakustikerin Svea …": a noun
				// phrase, not a first name.
				continue
			}
			if e := stats[first.Norm]; e != nil {
				e.forName += 3.5
			}
		}
	}
	for norm, e := range stats {
		// Genitives count for their base form ("Brandts" → "Brandt").
		if base := genitiveBase(norm); base != norm && stats[base] != nil && stats[base].count > 0 {
			stats[base].forName += e.forName
			stats[base].forNoun += e.forNoun
			if e.lexiconNoun && stats[base].lexiconNoun {
				// "Bosses" and "Bosse" are one lexicon entry ("Boss"),
				// one piece of evidence.
				stats[base].forNoun -= lexiconNounEvidence
			}
			stats[base].count += e.count
		}
	}
	for norm, e := range stats {
		singular := norm
		for _, plural := range []string{"en", "n", "e", "s"} {
			if strings.HasSuffix(norm, plural) && len(norm) > len(plural)+4 {
				singular = norm[:len(norm)-len(plural)]
				break
			}
		}
		for _, suffix := range nounSuffixes {
			if e.listedFirst {
				break // "Melanie", "Natalie": the ending of "Melodie" is a name's too
			}
			if (strings.HasSuffix(norm, suffix) || strings.HasSuffix(singular, suffix)) && len(norm) > len(suffix)+1 {
				e.forNoun += 2
				break
			}
		}
		if _, ok := kinOf(analysis.Token{Surface: norm, Norm: norm, Capitalised: true}); ok {
			e.forNoun += 10
		}
		if _, ok := honorifics[norm]; ok {
			e.forNoun += 10
		}
	}
	return l
}

// isName needs evidence from more than one place (a single apposition can
// be an adjective phrase: "Erschöpft von der Nachtschicht, …"),
// unless a title vouches for the word.
func (l *nameLexicon) isName(norm string) bool {
	e := l.stats[norm]
	return e != nil && e.forName >= 2 && e.forName > e.forNoun && (e.count >= 2 || e.forName >= 3) && (!e.thing || e.titled > 0 || e.related)
}

// isFiniteVerb guesses a verb in third person after a subject: lower case,
// not a function word, ending in -t ("schreibt", "kocht", "wartet").
func isFiniteVerb(t analysis.Token) bool {
	return t.Norm != "" && !t.Capitalised && !analysis.IsStopWord(t.Norm) && strings.HasSuffix(t.Norm, "t")
}

// plainWord: letters only, at least three ("B", "Vitamin-D-Kapseln" are
// no names of people).
func plainWord(t analysis.Token) bool {
	return utf8.RuneCountInString(t.Norm) >= 3 && !strings.ContainsFunc(t.Norm, func(r rune) bool { return !unicode.IsLetter(r) })
}

// memoize remembers f's answers by key(argument) for one build: a large
// corpus repeats the same capitalised words thousands of times.
func memoize[A any](key func(A) string, f func(A) bool) func(A) bool {
	m := map[string]bool{}
	return func(a A) bool {
		k := key(a)
		v, ok := m[k]
		if !ok {
			v = f(a)
			m[k] = v
		}
		return v
	}
}

func identity(w string) string       { return w }
func normOf(t analysis.Token) string { return t.Norm }

// properNounOnly: the lexicon reads the word only as a noun without
// gender, a proper name such as a town ("Nancy"), not a common noun
// ("Heide", "August").
func properNounOnly(lex *lexicon.Lexicon, word string) bool {
	readings := lex.Analyse(word)
	return len(readings) > 0 && !slices.ContainsFunc(readings, func(a lexicon.Analysis) bool { return a.POS != lexicon.Noun || a.Gender != 0 })
}

// onlyPlural: every reading the lexicon has of the word is a plural noun
// made by an ending ("Batterien"): an object after a dative name ("schenkt
// Mia Batterien"), not a surname.
func onlyPlural(lex *lexicon.Lexicon, word string) bool {
	readings := lex.Analyse(word)
	w := strings.ToLower(word)
	for _, a := range readings {
		// An ending added to the lemma: "Batterien", not the umlaut and
		// "-er" of "Voigtländer", which surnames share.
		if a.POS != lexicon.Noun || !a.Plural || a.Lemma == w || !strings.HasPrefix(w, a.Lemma) {
			return false
		}
	}
	return len(readings) > 0
}

// afterArticleAndAdjectives: toks[i] follows a determiner and one to
// three inflected adjectives.
func afterArticleAndAdjectives(toks []analysis.Token, i int) bool {
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		t := toks[k]
		if t.Capitalised || !isInflectedAdjective(t.Norm) || t.Punct != 0 && t.Punct != ',' || strings.Contains(t.Norm, "jaehrig") {
			return false // "die 74-jährige Edeltraud": an age leaves the word open
		}
		if k > 0 && determiners[toks[k-1].Norm] {
			return true
		}
	}
	return false
}

// placePrepositions introduce places far more often than people.
var placePrepositions = set("in aus nach")

var indefinite = set("ein eine einer einem einen eines")

// relativePronouns open a relative clause after a comma.
var relativePronouns = set("der die das dem den denen deren dessen")

// nameOf returns the base name of a token that is a name or a genitive of
// one ("holgers" → "holger"), and whether it was genitive.
func (l *nameLexicon) nameOf(norm string) (base string, genitive, ok bool) {
	if strings.HasSuffix(norm, "'") {
		b := strings.TrimSuffix(norm, "'")
		return b, true, l.isName(b)
	}
	if b := genitiveBase(norm); b != norm && l.isName(b) {
		return b, true, true
	}
	if l.isName(norm) {
		return norm, false, true
	}
	return "", false, false
}

// isGenitiveOfName: the word is a name with the genitive -s ("idas" of
// "ida"), not a name that ends in s itself.
func (l *nameLexicon) isGenitiveOfName(norm string) bool {
	base := genitiveBase(norm)
	return base != norm && l.isName(base)
}

func genitiveBase(norm string) string {
	if base, ok := strings.CutSuffix(norm, "'"); ok {
		return base // "jonas'" → "jonas"
	}
	if strings.HasSuffix(norm, "s") && len(norm) > 3 {
		return norm[:len(norm)-1]
	}
	return norm
}

// academicTitles precede a full name ("Dr. Anna Berger"); Herr and
// Frau usually precede a surname alone.
var academicTitles = map[string]bool{"dr": true, "prof": true, "doktor": true, "professor": true, "professorin": true}

// isNameWithoutTitle: evidence for the word as a name beyond the title
// before it.
func (l *nameLexicon) isNameWithoutTitle(norm string) bool {
	e := l.stats[norm]
	return e != nil && e.forName-3*float64(e.titled) >= 2 && e.forName > e.forNoun
}

func isHonorificAt(toks []analysis.Token, i int) bool {
	if _, ok := honorifics[toks[i].Norm]; !ok {
		return false
	}
	next := tokenAt(toks, i+1)
	if !next.Capitalised || analysis.IsStopWord(next.Norm) {
		return false
	}
	// "Frau" and "Schwester" are also common nouns ("seine Frau"); after an
	// article or a genitive, also with adjectives between ("Kajas große
	// Schwester Kira"), they are not titles.
	j := i - 1
	for j >= 0 && !toks[j].Capitalised && toks[j].Punct == 0 && isInflectedAdjective(toks[j].Norm) && !determiners[toks[j].Norm] && !analysis.IsStopWord(toks[j].Norm) {
		j--
	}
	if direct := tokenAt(toks, i-1); determiners[direct.Norm] {
		return false
	}
	// With adjectives between, a possessive or a genitive makes a relative
	// ("ihre kleine Schwester", "Kajas große Schwester"), an article not:
	// "der neue Pfleger Mattes".
	prev := tokenAt(toks, j)
	genitive := prev.Capitalised && prev.Punct == 0 && !analysis.IsStopWord(prev.Norm) && (strings.HasSuffix(prev.Norm, "s") || strings.HasSuffix(prev.Norm, "'"))
	return j == i-1 || !genitive && !isPossessive(prev.Norm)
}

// isPossessive: a possessive determiner ("ihre", "seinem", "unserer").
func isPossessive(norm string) bool {
	for _, p := range []string{"mein", "dein", "sein", "ihr", "unser", "euer", "eur"} {
		if strings.HasPrefix(norm, p) && len(norm) <= len(p)+2 {
			return true
		}
	}
	return false
}

// isArticleAt: toks[i] is a determiner before a noun. After a comma "die"
// opens a relative clause ("einer Grippe, die Thilo verschleppt hat"); it
// is no article.
func isArticleAt(toks []analysis.Token, i int) bool {
	t := tokenAt(toks, i)
	return t.Norm != "" && determiners[t.Norm] && !(tokenAt(toks, i-1).Punct == ',' && relativePronouns[t.Norm])
}

func tokenAt(toks []analysis.Token, i int) analysis.Token {
	if i < 0 || i >= len(toks) {
		return analysis.Token{}
	}
	return toks[i]
}

func isInflectedAdjective(norm string) bool {
	for _, suffix := range []string{"e", "en", "er", "em", "es"} {
		if strings.HasSuffix(norm, suffix) {
			return true
		}
	}
	return false
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// mention is a person named in a sentence.
type mention struct {
	start, end int // token range [start, end), honorific included
	char       int // resolved character, -1 before resolution
	// *mentionName is how the person was named; the build reads it and
	// then drops it (Base.compact): a base keeps 100,000 mentions and more.
	*mentionName
}

type mentionName struct {
	honorific  string // normalised honorific, e.g. "herr"
	parts      []string
	surfaces   []string // name parts as written, genitive removed
	genitive   bool
	kin        string // for "Holgers Vater": "vater"; the mention is the relative
	kinSurface string
}

func (m *mention) key() string {
	k := strings.Join(m.parts, " ")
	if m.kin != "" {
		k += "#" + m.kin
	}
	return k
}

// findMentions lists the people named in a sentence.
func (l *nameLexicon) findMentions(toks []analysis.Token) []mention {
	var out []mention
	for i := 0; i < len(toks); i++ {
		start := i
		honorific := ""
		for i < len(toks) && isHonorificAt(toks, i) {
			if honorific == "" || honorific == "frau" || honorific == "herr" || honorific == "herrn" {
				honorific = toks[i].Norm
			}
			i++
		}
		var parts, surfaces []string
		genitive := false
		for i < len(toks) && len(parts) < 3 && !genitive {
			t := toks[i]
			if !t.Capitalised || analysis.IsStopWord(t.Norm) {
				break
			}
			base, gen, ok := l.nameOf(t.Norm)
			if len(parts) == 1 && honorific != "" && !academicTitles[honorific] && !l.isNameWithoutTitle(base) {
				break // "Frau Sommer Zwillinge": one surname after Herr/Frau
			}
			if !ok && honorific != "" && len(parts) == 0 {
				// The word after a title is a name even if seen only once.
				base, gen, ok = strings.TrimSuffix(t.Norm, "'"), strings.HasSuffix(t.Norm, "'"), true
				if b := genitiveBase(t.Norm); b != t.Norm && l.stats[b] != nil {
					base, gen = b, true
				}
			}
			if !ok {
				break
			}
			parts = append(parts, base)
			surface := strings.TrimSuffix(t.Surface, "'")
			if gen && !strings.HasSuffix(t.Surface, "'") {
				surface = surface[:len(surface)-1]
			}
			surfaces = append(surfaces, surface)
			genitive = gen
			i++
			if t.Punct != 0 {
				break
			}
		}
		if len(parts) == 0 || honorific == "" && isArticleAt(toks, start-1) {
			// "im Sommer" is a season even where Frau Sommer is a name.
			i = start
			continue
		}
		m := mention{start: start, end: i, char: -1, mentionName: &mentionName{honorific: honorific, parts: parts, surfaces: surfaces, genitive: genitive}}
		if genitive && i < len(toks) {
			after := tokenAt(toks, i+1)
			_, _, afterIsName := l.nameOf(after.Norm)
			namedNext := after.Capitalised && afterIsName
			if base, ok := capitalisedKin(toks[i]); ok && !(namedNext && toks[i].Punct == 0) {
				// "Holgers Vater" is a character of its own; "Jonas' Mutter
				// Helga" is Helga, read as a relation by kinBeforeName.
				m.kin, m.kinSurface = base, toks[i].Surface
				m.end = i + 1
			}
		}
		out = append(out, m)
		i = m.end - 1
	}
	return out
}

// capitalisedKin is kinOf for a capitalised word (a noun); lower-case
// words are skipped before the lookup.
func capitalisedKin(t analysis.Token) (string, bool) {
	if !t.Capitalised {
		return "", false
	}
	return kinOf(t)
}

// person is a character candidate gathered from mentions before merging.
type person struct {
	key        string
	parts      []string
	surfaces   []string
	honorifics map[string]int
	kin        string
	kinSurface string
	owner      string // key of the person a "Holgers Vater" belongs to
	// ownerEpisode is where the relative was first named, to resolve owner.
	ownerEpisode int
	mentions     int
}

// resolvePeople merges mentions into characters: "Dr. Anna Berger",
// "Anna" and "Berger" are one person when the single names are
// unambiguous across the corpus. It fills mention.char and returns the
// characters with their aliases and display names.
func resolvePeople(sentences []*sentence) []*Character {
	people := map[string]*person{}
	var order []string
	for _, s := range sentences {
		for mi := range s.mentions {
			m := &s.mentions[mi]
			k := m.key()
			p := people[k]
			if p == nil {
				p = &person{key: k, parts: m.parts, surfaces: m.surfaces, honorifics: map[string]int{}, kin: m.kin, kinSurface: m.kinSurface, ownerEpisode: -1}
				if m.kin != "" {
					p.owner = strings.Join(m.parts, " ")
				}
				people[k] = p
				order = append(order, k)
			}
			p.mentions++
			if m.honorific != "" {
				p.honorifics[m.honorific]++
			}
		}
	}
	// Which multi-part names contain each single part, and in which
	// episodes is each full name written out?
	containing := map[string][]string{}
	for _, k := range order {
		p := people[k]
		if p.kin != "" || len(p.parts) < 2 {
			continue
		}
		for _, part := range p.parts {
			containing[part] = append(containing[part], k)
		}
	}
	fullIn := map[string]map[int]bool{}
	firstIn := map[string]map[int]int{} // full name → episode → its first sentence there
	for si, s := range sentences {
		for _, m := range s.mentions {
			if m.kin == "" && len(m.parts) >= 2 {
				k := m.key()
				if fullIn[k] == nil {
					fullIn[k] = map[int]bool{}
					firstIn[k] = map[int]int{}
				}
				if !fullIn[k][s.episode] {
					firstIn[k][s.episode] = si
				}
				fullIn[k][s.episode] = true
			}
		}
	}
	// canonical maps a single name to the one full name it abbreviates: the
	// full name written in the same episode, or a recurring character's
	// (written out in two or more episodes). A guest "Jasmin" of one
	// episode is not the "Jasmin Kronmüller" of another.
	canonical := func(k string, episode int) string {
		p := people[k]
		if p == nil || p.kin != "" || len(p.parts) != 1 {
			return k
		}
		full := containing[p.parts[0]]
		var here []string
		for _, f := range full {
			if fullIn[f][episode] {
				here = append(here, f)
			}
		}
		switch {
		case len(here) == 1:
			return here[0]
		case len(here) > 1 && containsSurname(here, people, p.parts[0]):
			// A surname a family shares ("Förster" beside Jens and Lukas
			// Förster) is the one of them the episode brought in first.
			first := here[0]
			for _, f := range here[1:] {
				if firstIn[f][episode] < firstIn[first][episode] {
					first = f
				}
			}
			return first
		case len(here) == 0 && len(full) == 1 && len(fullIn[full[0]]) >= 2:
			return full[0]
		}
		return k
	}
	ids := map[string]int{}
	var groups [][]*person
	inGroup := map[[2]string]bool{}
	for _, s := range sentences {
		for mi := range s.mentions {
			m := &s.mentions[mi]
			k := m.key()
			c := canonical(k, s.episode)
			id, ok := ids[c]
			if !ok {
				id = len(groups)
				ids[c] = id
				groups = append(groups, nil)
			}
			if !inGroup[[2]string{c, k}] {
				inGroup[[2]string{c, k}] = true
				groups[id] = append(groups[id], people[k])
			}
			m.char = id
			if m.kin != "" && people[k].ownerEpisode < 0 {
				people[k].ownerEpisode = s.episode
			}
		}
	}
	chars := make([]*Character, 0, len(groups))
	for _, g := range groups {
		chars = append(chars, newCharacter(g, people))
	}
	// Owners of kin characters resolve to canonical names too.
	for i, g := range groups {
		if g[0].kin != "" {
			if id, ok := ids[canonical(g[0].owner, g[0].ownerEpisode)]; ok {
				chars[i].ownerID = id
			}
		}
	}
	for i, c := range chars {
		c.id = i
	}
	return chars
}

// containsSurname: in every one of the full names the part is the last,
// so it is the family's surname, not a first name two people share.
func containsSurname(full []string, people map[string]*person, part string) bool {
	for _, f := range full {
		parts := people[f].parts
		if parts[len(parts)-1] != part {
			return false
		}
	}
	return true
}

func newCharacter(group []*person, all map[string]*person) *Character {
	// The most complete form names the character.
	sort.SliceStable(group, func(i, j int) bool { return len(group[i].parts) > len(group[j].parts) })
	main := group[0]
	c := &Character{ownerID: -1}
	honorificCount := map[string]int{}
	for _, p := range group {
		c.Mentions += p.mentions
		for h, n := range p.honorifics {
			honorificCount[displayHonorific[h]] += n
		}
	}
	if main.kin != "" {
		c.Name = main.surfaces[0] + genitiveSuffix(main.surfaces[0]) + " " + main.kinSurface
		c.gender = kinGender(main.kin)
		c.kin = main.kinSurface
		c.addAlias(c.Name)
		return c
	}
	full := strings.Join(main.surfaces, " ")
	title := ""
	for _, h := range []string{"Prof.", "Dr."} {
		if honorificCount[h] > 0 {
			title = h
			break
		}
	}
	if title == "" && len(main.parts) == 1 {
		// "Herr Brandt": a surname alone reads better with its title.
		best := 0
		for _, h := range []string{"Herr", "Frau", "Schwester", "Pfleger"} {
			if honorificCount[h] > best {
				title, best = h, honorificCount[h]
			}
		}
	}
	c.Name = strings.TrimSpace(title + " " + full)
	for h := range honorificCount {
		// Any title but "Herr" and "Frau" is a profession's: Dr., Prof.,
		// Schwester, Pfleger.
		c.staff = c.staff || h != "Herr" && h != "Frau"
		switch h {
		case "Herr", "Pfleger":
			c.gender = 'm'
		case "Frau", "Schwester":
			c.gender = 'f'
		}
	}
	c.addAlias(c.Name)
	c.addAlias(full)
	for _, p := range group {
		c.addAlias(strings.Join(p.surfaces, " "))
		for h := range p.honorifics {
			c.addAlias(displayHonorific[h] + " " + strings.Join(p.surfaces, " "))
		}
	}
	if len(main.parts) > 1 {
		// Fans ask by first name even when the text uses only the full
		// name and the surname ("was hat benny").
		c.addAlias(main.surfaces[0])
		last := main.surfaces[len(main.surfaces)-1]
		c.addAlias(last)
		for h := range honorificCount {
			c.addAlias(h + " " + last)
		}
	}
	return c
}

func genitiveSuffix(name string) string {
	if strings.HasSuffix(name, "s") || strings.HasSuffix(name, "x") || strings.HasSuffix(name, "z") {
		return "'"
	}
	return "s"
}

func (c *Character) addAlias(a string) {
	a = strings.TrimSpace(a)
	if a == "" {
		return
	}
	for _, have := range c.Aliases {
		if have == a {
			return
		}
	}
	c.Aliases = append(c.Aliases, a)
}
