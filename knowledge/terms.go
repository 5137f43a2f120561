package knowledge

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// matchKind says how a corpus word spells a question word, most direct
// first. The scorer learns how much each kind counts; the order only
// decides which kind a word reached in several ways gets.
type matchKind uint8

const (
	matchStem     matchKind = iota // same Snowball stem
	matchLemma                     // same lexicon lemma ("flüchtete" / "flüchten")
	matchFamily                    // same word family ("Flucht" / "flüchten")
	matchCompound                  // a compound and its head ("Bruch" / "Schlüsselbeinbruch", "Blutgruppe" / "Gruppe")
	matchSynonym                   // a thesaurus synonym ("Streit" / "Auseinandersetzung")
	matchBroader                   // a broader or narrower term
	matchPart                      // shares only a part that is no head ("Blutgruppe" / "Bluttransfusion"): a different thing
	matchTypo                      // a close spelling of a word the lexicon does not know
	numMatchKinds
)

// strength orders kinds for uses outside the learned scorer (ranking
// episodes for /episode): a plain decreasing scale.
func (k matchKind) strength() float64 { return 1 / float64(1+k) }

// wordLinks ties the corpus's words to lexicon lemmas, so a question word
// finds the corpus stems with its lemma, family, compound head or synonym.
type wordLinks struct {
	byLemma map[string][]string // lemma → stems of corpus words with that lemma
	byHead  map[string][]string // lemma → stems of corpus compounds with that head
	byPart  map[string][]string // lemma → stems of corpus compounds with that non-head part
	// classes holds the lexicon's word classes of corpus words (by
	// normalised form); unknown marks the words the lexicon lacks.
	classes map[string]lexicon.Class
	unknown map[string]bool
	// tags marks the forms of lemmaTags' sets, read once per word here
	// rather than per sentence at question time.
	tags map[string]wordTag
}

// wordTag marks a corpus word as a form of a small lemma set the answer
// types look for, or as technical language.
type wordTag uint8

const (
	tagIllnessCue wordTag = 1 << iota
	tagReason
	tagTechnical // the thesaurus marks it "fachspr.": what a diagnosis says
)

var lemmaTags = []struct {
	tag    wordTag
	lemmas lemmaSet
}{{tagIllnessCue, diseaseCues}, {tagReason, reasonNouns}}

// classOf is the lexicon's class of a corpus token (0 for question words
// the corpus lacks).
func (ix *index) classOf(t analysis.Token) lexicon.Class { return ix.links.classes[t.Norm] }

// unknownWord: a corpus word the lexicon does not know, at least seven
// letters long: a technical term more often than not.
func (ix *index) unknownWord(t analysis.Token) bool {
	return ix.links.unknown[t.Norm] && len(t.Norm) >= 7
}

func addStem(m map[string][]string, key, stem string) {
	for _, s := range m[key] {
		if s == stem {
			return
		}
	}
	m[key] = append(m[key], stem)
}

// linkWords analyses every distinct corpus word once. A finite verb
// separated from its particle is already the whole verb's word (see
// appendSentences): "bricht" in "bricht … ab" is "abbrechen", so
// "Abbruch" finds it.
func linkWords(surfaces map[string]string, stems map[string]string) *wordLinks {
	lex := lexicon.Default()
	wl := &wordLinks{byLemma: map[string][]string{}, byHead: map[string][]string{}, byPart: map[string][]string{},
		classes: map[string]lexicon.Class{}, unknown: map[string]bool{}, tags: map[string]wordTag{}}
	for norm, surface := range surfaces {
		stem := stems[norm]
		w := strings.ToLower(surface)
		lemmas := lex.Lemmas(w)
		if len(lemmas) == 0 {
			lemmas = []string{w}
			if !lex.Known(w) {
				wl.unknown[norm] = true
			}
		}
		for _, l := range lemmas {
			addStem(wl.byLemma, l, stem)
		}
		for _, lt := range lemmaTags {
			if lt.lemmas.hasWord(norm, lemmas) {
				wl.tags[norm] |= lt.tag
			}
		}
		c := lex.Classes(w)
		if c == 0 && (wl.unknown[norm] || lex.IsNoun(w)) {
			// "Myokarditis" ends like the thesaurus' illnesses; so do the
			// technical nouns Morphy lists but the thesaurus does not
			// class ("Niereninfarkt", "Eagle-Syndrom").
			c = lex.ClassBySuffix(w)
		}
		if lex.Technical(w) {
			wl.tags[norm] |= tagTechnical
		}
		if c&lexicon.Symptom != 0 && wl.tags[norm]&tagTechnical != 0 {
			// The thesaurus files inflammations under symptoms; its
			// technical terms among them ("Gastritis", "Pneumonie") are
			// what a diagnosis names, its plain words ("Bauchweh") what
			// a patient feels.
			c |= lexicon.Illness
		}
		if c != 0 {
			wl.classes[norm] = c
		}
		if parts := compoundParts(lex, w); len(parts) > 1 {
			addStem(wl.byHead, parts[len(parts)-1], stem)
			for _, p := range parts[:len(parts)-1] {
				addStem(wl.byPart, p, stem)
			}
		}
	}
	return wl
}

// addStem records that the corpus spells the term as stem, keeping the
// most direct way.
func (t *queryTerm) addStem(ix *index, stem string, k matchKind) {
	if _, ok := ix.postings[stem]; !ok {
		return
	}
	if have, ok := t.stems[stem]; !ok || k < have {
		t.stems[stem] = k
	}
}

func (t *queryTerm) addStems(ix *index, stems []string, k matchKind) {
	for _, s := range stems {
		t.addStem(ix, s, k)
	}
}

// expandLemma adds the corpus words of a lemma of the term: its forms, its
// word family, compounds with it as head or part, and thesaurus
// neighbours.
func (t *queryTerm) expandLemma(ix *index, l string) {
	lex := lexicon.Default()
	wl := ix.links
	t.addStems(ix, wl.byLemma[l], matchLemma)
	for _, f := range lex.Family(l) {
		t.addStems(ix, wl.byLemma[f], matchFamily)
	}
	t.addStems(ix, wl.byHead[l], matchCompound)
	t.addStems(ix, wl.byPart[l], matchPart)
	for _, r := range lex.Related(l) {
		k := matchSynonym
		if r.Broader {
			k = matchBroader
		}
		t.addStems(ix, wl.byLemma[r.Word], k)
		for _, f := range lex.Family(r.Word) {
			t.addStems(ix, wl.byLemma[f], k)
		}
	}
}

// resolveTerm finds how the corpus spells a question word: the same stem,
// lemma or word family, compounds with it as head or part (and its own
// head), thesaurus neighbours, or, for a word the lexicon does not know, a
// close spelling.
func (b *Base) resolveTerm(tok analysis.Token) queryTerm {
	ix := b.index
	norm := tok.Norm
	t := queryTerm{norm: norm, stems: map[string]matchKind{}}
	lex := lexicon.Default()
	w := strings.ToLower(tok.Surface)
	repaired := false
	if r, ok := lex.Repair(w); ok {
		w, repaired = r, true
	}
	t.known = lex.Known(w)
	t.noun = lex.IsNoun(w) && (tok.Capitalised || !nominalisedOnly(lex, w)) || !t.known
	t.person = lex.Classes(w)&(lexicon.Person|lexicon.Job) != 0
	add := func(stem string, k matchKind) { t.addStem(ix, stem, k) }
	add(analysis.Stem(norm), matchStem)
	if repaired {
		add(analysis.Stem(analysis.Normalize(w)), matchStem)
	}
	wl := ix.links
	lemmas := lex.Lemmas(w)
	if len(lemmas) == 0 {
		lemmas = []string{w}
	}
	for _, l := range lemmas {
		t.expandLemma(ix, l)
		if t.person {
			// "der Angler" in the text's "Angelurlaub": what a person
			// does, as the first part of a compound.
			for _, f := range lex.Family(l) {
				t.addStems(ix, wl.byPart[f], matchPart)
			}
		}
	}
	if parts := compoundParts(lex, w); len(parts) > 1 {
		// A compound the text says in parts: "Fundsachenversteigerung"
		// where it "versteigert die Fundsachen", or in other compounds.
		// Only the head names what the compound is: its other parts and
		// the head's other compounds share a word, not the thing.
		for i, p := range parts {
			k := matchPart
			if i == len(parts)-1 {
				k = matchCompound
			}
			t.addStems(ix, wl.byLemma[p], k)
			t.addStems(ix, wl.byHead[p], matchPart)
			if i < len(parts)-1 {
				// "klöppeloma": the text's "Klöppelzirkel" and
				// "Klöppelkissen" share its first part.
				t.addStems(ix, wl.byPart[p], matchPart)
			}
			for _, f := range lex.Family(p) {
				t.addStems(ix, wl.byLemma[f], k)
			}
			if i > 0 {
				t.addStems(ix, wl.byLemma[strings.Join(parts[:i+1], "")], k)
			}
		}
	}
	if len(t.stems) == 0 && !lex.Known(w) {
		for i, cw := range ix.similarWords(norm, false) {
			if i == 3 {
				break
			}
			add(ix.words[cw], matchTypo)
		}
	}
	if len(t.stems) == 0 && utf8.RuneCountInString(norm) >= 6 {
		// A technical word the lexicon cannot split the text's compounds
		// into ("Szintigrafie" in "Knochenszintigrafie"): compounds put
		// their head last.
		for _, stem := range ix.compoundsEndingIn(norm, 8) {
			add(stem, matchCompound)
		}
	}
	// The word's rarity is that of its direct spellings when it has some:
	// a common synonym must not make a rare word cheap.
	t.idf = math.Log(float64(len(ix.sentLen)) + 1) // unknown words weigh most
	direct := t.direct()
	if direct {
		// A word is as rare as its lemma: "gemacht" is as common as all
		// the forms of "machen" together, not as its one form that a small
		// corpus happens to hold once.
		df := 0
		for s, k := range t.stems {
			if k <= matchLemma {
				df += len(ix.postings[s])
			}
		}
		t.idf = math.Min(t.idf, ix.idfOfCount(df))
		return t
	}
	for s := range t.stems {
		t.idf = math.Min(t.idf, ix.idf(s))
	}
	return t
}

// direct: the corpus spells the word itself, in a form of its lemma.
func (t queryTerm) direct() bool {
	for _, k := range t.stems {
		if k <= matchLemma {
			return true
		}
	}
	return false
}

// mostDirect is the term with only its direct spellings when the corpus
// has some: where the text says the word itself, that is where it speaks
// of the thing, not where it says a compound or a synonym.
func (t queryTerm) mostDirect() queryTerm {
	if !t.direct() {
		return t
	}
	own := make(map[string]matchKind, len(t.stems))
	for s, k := range t.stems {
		if k <= matchLemma {
			own[s] = k
		}
	}
	t.stems = own
	return t
}

// compoundParts splits a compound into its lexicon parts, also across
// hyphens ("Magnetfeld-Auflage" → magnet, feld, auflage).
func compoundParts(lex *lexicon.Lexicon, w string) []string {
	var parts []string
	for _, piece := range strings.Split(w, "-") {
		if piece == "" {
			continue
		}
		if split := lex.Split(piece); len(split) > 1 {
			parts = append(parts, split...)
		} else {
			parts = append(parts, piece)
		}
	}
	return parts
}

// nominalisedOnly: every noun reading of the word is an infinitive used as
// a noun ("das Anfangen"); typed in lower case in a question it is the
// verb ("wann sollte die trauung anfangen").
func nominalisedOnly(lex *lexicon.Lexicon, w string) bool {
	readings := lex.Analyse(w)
	noun := false
	for _, a := range readings {
		if a.POS&lexicon.Noun == 0 {
			continue
		}
		if !slices.ContainsFunc(readings, func(v lexicon.Analysis) bool { return v.POS&lexicon.Verb != 0 && v.Lemma == a.Lemma }) {
			return false
		}
		noun = true
	}
	return noun
}
