package knowledge

import (
	"math"
	"slices"
	"sort"
	"strings"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// The features the learned scorer reads. Each is general: none names a
// word of the series. Their weights come from internal/train.
const (
	fBias = iota
	fCoverCenter
	fCoverWindow
	fBM25
	fMissRarest
	fMissShare
	fMissNoun
	fNoTerms
	fFocusCovered
	fHasEntity
	fEntityNamed
	fEntityLinked
	fEntityWindow
	fEntityEpisode
	fRelatedWindow
	fOtherNamed
	fTypeOK
	fTypeStrictMissing
	fPosition
	fRank
	fTopRank
	fWindowBefore
	fWindowAfter
	fLeansOnBefore
	fDescribes
	fPairs
	fLength
	fRelation
	fProfile
	fEpisode
	fEpisodeList
	fAsksEpisode
	fEpisodeAsked
	fUnknownName
	fTitleMatch
	fRelationKnown
	fMissUnknown
	fTypeWithEntity
	fEntityOccupation
	fEntityNear
	fIllnessNamed
	fIllnessUnknown
	fIllnessCue
	fAsksCast
	fWhichSpecific
	fCoverGap
	fBM25Gap
	fAbsentShare
	fWhichPerson
	fCountMatch
	fIllnessGap
	fCoverExact
	fLabelMissing
	fAgeOfAsked
	fAgeOfOther
	fKinNamed
	fEntityParagraph
	fAnchorNear
	fDoctorParagraph
	fWhichMissing
	fIllnessRare
	fEntityTopic
	fLastMention
	fFirstMention
	fEntityStory
	fIllnessNew
	fIllnessLatest
	fIllnessEarliest
	fNegated
	fNumberNear
	fIllnessTechnical
	fPlaceOfAsked
	fTypeNear
	fIllnessDenied
	fEntityCohesion
	fIllnessSymptom
	fCoverWithEntity
	fTrapPrior
	fCoverKind                                   // share covered per match kind follows
	fKindBase  = fCoverKind + int(numMatchKinds) // one-hot of the answer type follows, then the type evidence per answer type
)

const numKinds = int(typeMoney) + 1

var featureNames = func() []string {
	names := []string{"bias", "cover_center", "cover_window", "bm25", "miss_rarest", "miss_share", "miss_noun",
		"no_terms", "focus_covered", "has_entity", "entity_named", "entity_linked", "entity_window", "entity_episode",
		"related_window", "other_named", "type_ok", "type_strict_missing", "position", "rank", "top_rank",
		"window_before", "window_after", "leans_on_before", "describes", "pairs", "length", "relation", "profile",
		"episode", "episode_list", "asks_episode", "episode_asked", "unknown_name", "title_match", "relation_known", "miss_unknown",
		"type_with_entity", "entity_occupation", "entity_near",
		"illness_named", "illness_unknown", "illness_cue", "asks_cast", "which_specific", "cover_gap", "bm25_gap", "absent_share", "which_person", "count_match", "illness_gap", "cover_exact", "label_missing", "age_of_asked", "age_of_other", "kin_named", "entity_paragraph", "anchor_near", "doctor_paragraph", "which_missing", "illness_rare", "entity_topic", "last_mention", "first_mention", "entity_story", "illness_new", "illness_latest", "illness_earliest", "negated", "number_near", "illness_technical", "place_of_asked", "type_near", "illness_denied", "entity_cohesion", "illness_symptom", "cover_with_entity", "trap_prior"}
	names = append(names, "cover_stem", "cover_lemma", "cover_family", "cover_compound", "cover_synonym", "cover_broader", "cover_part", "cover_typo")
	for _, k := range answerTypeNames {
		names = append(names, "kind_"+k)
	}
	for _, k := range answerTypeNames {
		names = append(names, "type_ok_"+k)
	}
	return names
}()

var numFeatures = len(featureNames)

// scoring holds what the features of one question share.
type scoring struct {
	q        *query
	totalIDF float64
	rarest   int // index of the query term with the highest IDF, or -1
	matches  map[int][]int8
	bm25     map[int][]float64
	rank     map[int]int // center sentence → rank by BM25 (0 = best)
	// trapPrior is the question classifier's probability that the
	// question is one the synopses do not answer.
	trapPrior float64
	asksEp    bool
	// relationKnown: the model holds a relative the question asks for.
	relationKnown bool
	// satisfied caches satisfiesQuery: windows overlap, and a sentence's
	// tokens are made anew on each call.
	satisfied map[int]bool
	// illness caches illnessEvidence for the same reason.
	illness map[int]illnessFeatures
	// typeDist caches typeDistance by sentence, -1 for none.
	typeDist map[int]int
	// doctors caches doctorsIn by episode.
	doctors map[int]map[int]bool
	// kinNamed caches namesKin by sentence.
	kinNamed map[int]bool
	// instances caches holdsInstance by sentence, instanceWords by word.
	instances     map[int]bool
	instanceWords map[string]bool
	// spans caches mentionSpan by episode.
	spans map[int][2]int
}

// illnessFeatures is what a sentence shows of an illness: a lexicon
// illness or injury, an unknown technical term, a diagnosis verb before it.
type illnessFeatures struct {
	named, unknown, cue bool
	// technical: a named one is technical language ("Pneumonie"), as a
	// diagnosis is, where a patient's complaint is plain ("Husten").
	technical bool
	// rarity is the highest IDF of a diagnosis word over the largest
	// IDF the corpus allows: a named diagnosis ("Akustikusneurinom") is
	// rare, a general one ("Tumor") recurs across storylines.
	rarity float64
	// introduced is the rarity of the words of them the sentence brings
	// in as new ("eine Lungenembolie", "Der Befund lautet Morbus X"),
	// not refers back to ("der Tumor", "ihre Gastritis"): the sentence
	// that gives a diagnosis introduces it.
	introduced float64
	// diagnosed: it brings in a new illness the text does not deny
	// ("findet keinen Hinweis auf eine Darmerkrankung" diagnoses nothing).
	diagnosed bool
	// denied: every illness word of the sentence stands in a negation
	// ("Das Röntgenbild zeigt keine Fraktur").
	denied bool
	// symptom: the sentence names a complaint ("Schmerzen", "Fieber")
	// and no illness: how a story opens, not its diagnosis.
	symptom bool
}

func (b *Base) newScoring(q *query, cands []*candidate) *scoring {
	sc := &scoring{q: q, rarest: -1, matches: map[int][]int8{}, bm25: map[int][]float64{}, rank: map[int]int{}}
	if b.model != nil {
		sc.trapPrior = b.model.QuestionTypes.TrapProbability(q.typeFeatures)
	}
	best := -1.0
	for i, t := range q.terms {
		sc.totalIDF += t.idf
		if t.idf > best {
			best, sc.rarest = t.idf, i
		}
	}
	for _, t := range q.tokens {
		sc.asksEp = sc.asksEp || namesEpisode(t)
	}
	sc.doctors, sc.kinNamed, sc.instances, sc.instanceWords = map[int]map[int]bool{}, map[int]bool{}, map[int]bool{}, map[string]bool{}
	type ranked struct {
		s int
		v float64
	}
	var order []ranked
	seen := map[int]bool{}
	for _, c := range cands {
		sc.relationKnown = sc.relationKnown || c.source == fromRelation
	}
	for _, c := range cands {
		if c.source == fromText && !seen[c.center] {
			seen[c.center] = true
			v := 0.0
			for _, x := range b.sentenceBM25(sc, c.center) {
				v += x
			}
			order = append(order, ranked{c.center, v})
		}
	}
	sort.Slice(order, func(i, j int) bool {
		return order[i].v > order[j].v || order[i].v == order[j].v && order[i].s < order[j].s
	})
	for i, r := range order {
		sc.rank[r.s] = i
	}
	return sc
}

// namesEpisode: the word is "Folge"/"Episode" or a compound of it
// ("Folgennummer", "Episodentitel"); these are the product's own words.
func namesEpisode(t analysis.Token) bool {
	isEp := func(w string) bool {
		switch analysis.Normalize(w) {
		case "folge", "folgen", "episode", "episoden":
			return true
		}
		return false
	}
	if isEp(t.Norm) || strings.Contains(t.Norm, "ausstrahl") || strings.Contains(t.Norm, "ausgestrahl") {
		// Broadcasting is said of episodes ("Wann wurde … erstausgestrahlt?").
		return true
	}
	if !strings.Contains(t.Norm, "folge") && !strings.Contains(t.Norm, "episode") {
		return false // no compound of either; spares the lexicon
	}
	for _, part := range lexicon.Default().Split(t.Surface) {
		if isEp(part) {
			return true
		}
	}
	return false
}

// episodeWord: the question word is the product's word for an episode
// (see namesEpisode).
func (t queryTerm) episodeWord() bool {
	return namesEpisode(analysis.Token{Surface: t.norm, Norm: t.norm})
}

// sentenceMatches gives, per query term, the most direct way sentence s
// spells it, or -1 when it does not.
func (b *Base) sentenceMatches(sc *scoring, s int) []int8 {
	if m, ok := sc.matches[s]; ok {
		return m
	}
	m := make([]int8, len(sc.q.terms))
	for i := range m {
		m[i] = -1
	}
	for stem := range b.sentences[s].terms() {
		for i, t := range sc.q.terms {
			if k, ok := t.stems[stem]; ok && (m[i] < 0 || int8(k) < m[i]) {
				m[i] = int8(k)
			}
		}
	}
	sc.matches[s] = m
	return m
}

// mentionSpan gives the first and the last sentence of s's episode that
// hold the question's rarest word, remembered per episode.
func (b *Base) mentionSpan(sc *scoring, s int) (first, last int, ok bool) {
	if sc.rarest < 0 {
		return 0, 0, false
	}
	ep := b.sentences[s].episode
	if span, seen := sc.spans[ep]; seen {
		return span[0], span[1], span[0] >= 0
	}
	first, last = -1, -1
	e := b.episodes[ep]
	lo, hi := int32(e.firstSentence), int32(e.firstSentence+len(e.Sentences))
	for stem := range sc.q.terms[sc.rarest].stems {
		// Postings run in sentence order: the episode's are a slice.
		ps := b.index.postings[stem]
		i := sort.Search(len(ps), func(k int) bool { return ps[k].sentence >= lo })
		j := sort.Search(len(ps), func(k int) bool { return ps[k].sentence >= hi })
		if i < j {
			if f := int(ps[i].sentence); first < 0 || f < first {
				first = f
			}
			last = max(last, int(ps[j-1].sentence))
		}
	}
	if sc.spans == nil {
		sc.spans = map[int][2]int{}
	}
	sc.spans[ep] = [2]int{first, last}
	return first, last, first >= 0
}

// satisfiesCached is satisfiesQuery for the scoring's question.
func (b *Base) satisfiesCached(sc *scoring, s int) bool {
	ok, seen := sc.satisfied[s]
	if !seen {
		if sc.satisfied == nil {
			sc.satisfied = map[int]bool{}
		}
		ok = b.satisfiesQuery(sc.q, s)
		sc.satisfied[s] = ok
	}
	return ok
}

// coverWithEntity is the share (by IDF) of the question's words that the
// window holds in a sentence linked to an asked person: "Mit wem ist X
// verheiratet?" wants "verheiratet" said of X, not of the couple in the
// sentence after the one naming X.
func (b *Base) coverWithEntity(sc *scoring, window []int) float64 {
	q := sc.q
	covered := make([]bool, len(q.terms))
	for _, s := range window {
		if !slices.ContainsFunc(b.sentences[s].people, q.asks) {
			continue
		}
		for i, m := range b.sentenceMatches(sc, s) {
			covered[i] = covered[i] || m >= 0
		}
	}
	v := 0.0
	for i, t := range q.terms {
		if covered[i] {
			v += t.idf / sc.totalIDF
		}
	}
	return v
}

// illnessEvidence is illnessFeatures of sentence s, once per question.
func (b *Base) illnessEvidence(sc *scoring, s int) illnessFeatures {
	ev, seen := sc.illness[s]
	if !seen {
		if sc.illness == nil {
			sc.illness = map[int]illnessFeatures{}
		}
		sent := b.sentences[s]
		toks := sent.tokens()
		top := b.index.idf("")
		cued := b.cuedThings(s)
		ev.cue = len(cued) > 0
		denied, affirmed := 0, 0
		symptoms := false
		for i, t := range toks {
			kind := b.medicalWord(sent, toks, i)
			if kind == medicalSymptom && slices.Contains(cued, i) {
				// What a diagnosis names is the illness, also a word the
				// thesaurus files under symptoms: "Die Diagnose lautet
				// Hirnhautentzündung".
				kind = medicalNamed
			}
			switch kind {
			case medicalSymptom:
				symptoms = symptoms || !deniedAt(toks, i)
				continue
			case medicalNamed:
				ev.named = true
				ev.technical = ev.technical || b.index.links.tags[t.Norm]&tagTechnical != 0
			case medicalUnknown:
				ev.unknown = true
			default:
				continue
			}
			deniedHere := deniedAt(toks, i)
			if deniedHere {
				denied++
			} else {
				affirmed++
			}
			rarity := b.index.idf(sent.stem(i)) / top
			ev.rarity = math.Max(ev.rarity, rarity)
			if introducedAt(toks, i) {
				ev.introduced = math.Max(ev.introduced, rarity)
				ev.diagnosed = ev.diagnosed || !deniedHere && (kind == medicalNamed || ev.cue)
			}
		}
		ev.denied = denied > 0 && affirmed == 0
		ev.symptom = symptoms && !ev.named
		sc.illness[s] = ev
	}
	return ev
}

// negationScope is how many words after a negation it denies: "keinen
// Hinweis auf eine entzündliche Darmerkrankung" (NegEx, Chapman et al.
// 2001, uses five to six).
const negationScope = 6

// deniedAt: a negation ("kein", "nicht", "weder", "ohne") stands at most
// negationScope words before i in its clause: the text says the illness
// is not there. A contrast ("sondern", "aber") ends the scope.
func deniedAt(toks []analysis.Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-negationScope; j-- {
		t := toks[j]
		if t.Punct != 0 && t.Punct != ',' || contrasts[t.Norm] {
			return false
		}
		switch {
		case negations[t.Norm]:
			return true
		case t.Norm == "noch" && slices.ContainsFunc(toks[:j], func(w analysis.Token) bool { return w.Norm == "weder" }):
			return true // "weder … noch eine Gastritis"
		case t.Norm == "ohne":
			// Its own phrase only: "ohne Befund", not the clause after
			// "Ohne Behandlung".
			return !slices.ContainsFunc(toks[j+1:i], func(w analysis.Token) bool { return w.Capitalised })
		}
		if t.Punct == ',' && !negations[tokenAt(toks, j+1).Norm] && tokenAt(toks, j+1).Norm != "noch" {
			return false // a new clause, unless the list of denied things goes on
		}
	}
	return false
}

// contrasts end what a negation denies: "kein Infarkt, sondern …".
var contrasts = set(`sondern aber doch jedoch`)

// introducedAt: the noun at i is new to the text, with an indefinite
// article or none, not given with a definite article, a demonstrative or
// a possessive. Adjectives and numbers between article and noun are
// skipped ("ein zweieinhalb Zentimeter großer Tumor").
func introducedAt(toks []analysis.Token, i int) bool {
	for j := i - 1; j >= 0 && j >= i-5; j-- {
		t := toks[j]
		switch {
		case t.Punct != 0:
			return true // "…, ein Akustikusneurinom" starts after the comma
		case definiteArticles[t.Norm] || contractions[t.Norm] || malePronouns[t.Norm] || femalePronouns[t.Norm]:
			return false
		case indefinite[t.Norm] || t.Capitalised || prepositions[t.Norm]:
			return true
		}
	}
	return true
}

// namesKin: the window gives a name with the kinship word asked about,
// the way synopses introduce relatives: "ihre achtjährige Tochter Ida",
// "die Tochter der Patientin, die 17-jährige Marlene", "Saskia, Tochter
// von …".
func (b *Base) namesKin(sc *scoring, window []int) bool {
	for _, s := range window {
		named, ok := sc.kinNamed[s]
		if !ok {
			named = b.sentenceNamesKin(sc.q, s)
			sc.kinNamed[s] = named
		}
		if named {
			return true
		}
	}
	return false
}

// sentenceNamesKin is namesKin for one sentence.
func (b *Base) sentenceNamesKin(q *query, s int) bool {
	sent := b.sentences[s]
	toks := sent.tokens()
	for k, t := range toks {
		if !t.Capitalised || len(sent.mentions) == 0 {
			continue
		}
		if base, ok := kinOf(t); !ok || !slices.Contains(q.kin, base) {
			continue
		}
		for _, m := range sent.mentions {
			after := m.start > k && m.start <= k+5 && !slices.ContainsFunc(toks[k:m.start], func(x analysis.Token) bool { return x.Punct != 0 && x.Punct != ',' })
			before := m.end == k && k > 0 && toks[k-1].Punct == ','
			if after || before {
				return true
			}
		}
	}
	return false
}

// namesFittingPerson: the window names someone the question did not ask
// about who is the kind of person "Welche Ärztin …?" asks for.
func (b *Base) namesFittingPerson(q *query, t queryTerm, window []int) bool {
	for _, s := range window {
		sent := b.sentences[s]
		for _, id := range sent.people[:sent.explicit] {
			if !q.asks(id) && b.characters[id].fitsPersonNoun(t) {
				return true
			}
		}
	}
	return false
}

// labelLacks: the question asks for an episode's number or air date, and
// the candidate is no episode whose label gives it ("Wann lief die Folge
// mit …?" where the synopsis names no air date).
func (b *Base) labelLacks(q *query, c *candidate) bool {
	for _, t := range q.terms {
		switch labelPartAsked(t.norm) {
		case labelNumber, labelAired:
			if c.source == fromEpisodeList {
				return false // the list's labels say what they have
			}
			if c.source != fromEpisode || !b.labelHolds(b.sentences[c.center].episode, t) {
				return true
			}
		}
	}
	return false
}

// labelAnswers: the question asks for an episode's number, title or air
// date, and the candidate's label gives it.
func (b *Base) labelAnswers(q *query, c *candidate) bool {
	for _, t := range q.terms {
		if labelPartAsked(t.norm) != labelNone && b.labelHolds(b.sentences[c.center].episode, t) {
			return true
		}
	}
	return false
}

// windowHasWord: a sentence of the window holds the normalised word.
func (b *Base) windowHasWord(window []int, norm string) bool {
	for _, s := range window {
		sent := b.sentences[s]
		for i := range sent.words {
			if sent.norm(i) == norm {
				return true
			}
		}
	}
	return false
}

// countsThing: the window gives a number of the thing counted ("Wie viele
// Uhren …?" → "57 Uhren", "fünf kleine Kugeln").
func (b *Base) countsThing(t queryTerm, window []int) bool {
	for _, s := range window {
		sent := b.sentences[s]
		toks := sent.tokens()
		for k, tok := range toks {
			// "ein"/"eine" are mostly articles.
			if !isDigits(tok.Norm) && (!numberWords[tok.Norm] || strings.HasPrefix(tok.Norm, "ein")) || tok.Punct != 0 {
				continue
			}
			for j := k + 1; j < min(len(toks), k+3); j++ {
				if _, ok := t.stems[sent.stem(j)]; ok {
					return true
				}
				if toks[j].Punct != 0 {
					break
				}
			}
		}
	}
	return false
}

// namesInstance tells whether the window names one thing of the kind a
// "Welches N …?" question asks for, not just N again: a compound on N
// ("Knollenblätterpilz" for "Pilz"), or N followed by a name or a word
// the lexicon does not know ("das Antibiotikum Cefuroxim"). A text that
// only repeats "das Medikament" does not say which one.
func (b *Base) namesInstance(t queryTerm, window []int) bool {
	lex := lexicon.Default()
	for _, s := range window {
		sent := b.sentences[s]
		toks := sent.tokens()
		for k, tok := range toks {
			stem := sent.stem(k)
			kind, ok := t.stems[stem]
			if !ok {
				continue
			}
			if kind == matchCompound && stem != analysis.Stem(t.norm) {
				return true
			}
			next := tokenAt(toks, k+1)
			if tok.Punct == 0 && next.Capitalised && (b.index.unknownWord(next) || !lex.IsNoun(next.Surface) && !analysis.IsStopWord(next.Norm)) {
				return true
			}
		}
	}
	return false
}

// holdsInstance: a sentence of the window says a word the thesaurus files
// under the "welche" noun ("Geige" for "Welches Instrument …?").
func (b *Base) holdsInstance(sc *scoring, t queryTerm, window []int) bool {
	which := tokenAt(sc.q.tokens, t.at).Surface
	lex := lexicon.Default()
	for _, s := range window {
		held, ok := sc.instances[s]
		if !ok {
			sent := b.sentences[s]
			toks := sent.tokens()
			for k, tok := range toks {
				if analysis.IsStopWord(tok.Norm) || inMention(sent, k) || b.index.links.unknown[tok.Norm] {
					continue
				}
				is, seen := sc.instanceWords[tok.Norm]
				if !seen {
					is = lex.IsA(tok.Surface, which)
					sc.instanceWords[tok.Norm] = is
				}
				if is {
					held = true
					break
				}
			}
			sc.instances[s] = held
		}
		if held {
			return true
		}
	}
	return false
}

// doctorsIn are the titled staff ("Dr. …") that a sentence of episode ep
// names together with an asked person: the doctors of their storyline. A
// paragraph where one of them works on an unnamed patient ("Dr. Stein
// tippt bei der jungen Frau …") likely goes on with that storyline.
func (b *Base) doctorsIn(sc *scoring, ep int) map[int]bool {
	if d, ok := sc.doctors[ep]; ok {
		return d
	}
	var out map[int]bool
	first, end := b.episodes[ep].firstSentence, b.episodes[ep].firstSentence+len(b.episodes[ep].Sentences)
	for _, e := range sc.q.entities {
		ids := b.charSentences[e.char]
		for _, s := range ids[sort.SearchInts(ids, first):] {
			if s >= end {
				break
			}
			for _, id := range b.sentences[s].people {
				if id != e.char && b.characters[id].titled() {
					if out == nil {
						out = map[int]bool{}
					}
					out[id] = true
				}
			}
		}
	}
	sc.doctors[ep] = out
	return out
}

// paragraphNamesAny: a sentence of s's paragraph is about one of ids.
func (b *Base) paragraphNamesAny(ids map[int]bool, s int) bool {
	if len(ids) == 0 {
		return false
	}
	found := false
	b.eachInParagraph(s, func(i int) bool {
		for _, id := range b.sentences[i].people {
			if ids[id] {
				found = true
				return false
			}
		}
		return true
	})
	return found
}

// eachInParagraph calls f with the sentences of s's paragraph, s first,
// until f returns false.
func (b *Base) eachInParagraph(s int, f func(int) bool) {
	p := b.sentences[s].paragraph
	for i := s; i >= 0 && b.sentences[i].paragraph == p; i-- {
		if !f(i) {
			return
		}
	}
	for i := s + 1; i < len(b.sentences) && b.sentences[i].paragraph == p; i++ {
		if !f(i) {
			return
		}
	}
}

// inParagraph: a sentence of s's paragraph is about char. Synopses that
// interleave storylines keep one storyline to a paragraph, so this tells
// whose diagnosis a sentence that names no one gives.
func (b *Base) inParagraph(char, s int) bool {
	found := false
	b.eachInParagraph(s, func(i int) bool {
		found = containsInt(b.sentences[i].people, char)
		return !found
	})
	return found
}

// sentenceBM25 gives, per query term, its BM25 contribution in sentence s.
func (b *Base) sentenceBM25(sc *scoring, s int) []float64 {
	if v, ok := sc.bm25[s]; ok {
		return v
	}
	ix := b.index
	v := make([]float64, len(sc.q.terms))
	counts := map[string]float64{}
	for stem := range b.sentences[s].terms() {
		counts[stem]++
	}
	for i, t := range sc.q.terms {
		for stem := range t.stems {
			if tf := counts[stem]; tf > 0 {
				v[i] = math.Max(v[i], ix.idf(stem)*ix.bm25(tf, s))
			}
		}
	}
	sc.bm25[s] = v
	return v
}

// features fills c.feats.
func (b *Base) features(sc *scoring, c *candidate) {
	q := sc.q
	f := make([]float64, numFeatures)
	f[fBias] = 1
	// How often questions put like this one ask what no synopsis says
	// (the same for every candidate: for the acceptor and the trap head).
	f[fTrapPrior] = sc.trapPrior
	center := append([]int8(nil), b.sentenceMatches(sc, c.center)...)
	window := b.windowMatches(sc, c.window)
	bm := make([]float64, len(q.terms))
	for _, s := range c.window {
		for i, v := range b.sentenceBM25(sc, s) {
			bm[i] = math.Max(bm[i], v)
		}
	}
	ok := false
	for _, s := range c.window {
		ok = ok || b.satisfiesCached(sc, s)
	}
	if (c.source == fromRelation || c.source == fromEpisode || c.source == fromEpisodeList) && !q.asksCast {
		// Their labels name people; no label names an actor.
		ok = ok || q.kind == typePerson || q.kind == typeName
	}
	if c.source == fromEpisode && (sc.asksEp || c.titleMatch == 1) {
		// "Wann lief die Folge …?", "wann lief der stein des anstoßes"
		// (the whole title): the label's air date is the time asked for,
		// its number the number.
		ok = ok || b.labelAnswers(q, c)
	}
	anchored := false
	if d, ok := b.anchorDistance(q, c.center); ok {
		// The paragraph where the text speaks of what a question that
		// names no one asks about: its diagnosis follows there.
		f[fAnchorNear] = 1 / float64(1+d)
		anchored = true
	}
	for i, t := range q.terms {
		// A word that names the kind of answer ("Krankheit", "Beruf") is
		// covered by an answer of that kind; a title word, the number or
		// the air date by the episode's label.
		if t.focus != typeAny && ok || t.kin && c.source == fromRelation ||
			c.source == fromEpisode && b.labelHolds(b.sentences[c.center].episode, t) {
			center[i], window[i] = int8(matchStem), int8(matchStem)
		}
		// A role that named the asked person stands for them: whether a
		// candidate is about them is the entity features' part, and a
		// sentence about them needs not repeat the role.
		if t.describes || anchored && (t.person || t.kin) {
			// Likewise the person noun of a question that names no one
			// ("die Zugbegleiterin") in the paragraph that speaks of her.
			center[i], window[i] = int8(matchStem), int8(matchStem)
		}
	}
	if len(q.terms) == 0 {
		f[fNoTerms] = 1
	} else {
		missing := 0
		maxBM := 0.0
		for i, t := range q.terms {
			share := t.idf / sc.totalIDF
			if center[i] >= 0 {
				f[fCoverCenter] += share
			}
			if window[i] >= 0 {
				f[fCoverWindow] += share
				f[fCoverKind+int(window[i])] += share
				if window[i] == int8(matchStem) && t.focus == typeAny && !t.describes && b.windowHasWord(c.window, t.norm) {
					// The very word, not only its stem: "raucht" where the
					// question says "raucht", not "Rauch". Not the word
					// that names the answer's kind ("Beruf"), which an
					// answer needs not repeat.
					f[fCoverExact] += share
				}
			}
			f[fBM25] += bm[i]
			maxBM += t.idf * (bm25K1 + 1)
			if len(t.stems) == 0 {
				// In no synopsis at all, in any spelling: the text cannot
				// hold the answer ("Blutgruppe" where none is named).
				f[fAbsentShare] += share
			}
			if window[i] < 0 {
				missing++
				if t.noun {
					f[fMissNoun] += share
				}
				if !t.known {
					f[fMissUnknown] += share
				}
			}
			if t.afterWhich && (window[i] >= 0 || t.focus != typeAny) {
				f[fFocusCovered] = 1
			}
			if t.afterWhich && t.focus == typeAny {
				switch {
				case window[i] >= 0 && b.namesInstance(t, c.window), b.holdsInstance(sc, t, c.window):
					f[fWhichSpecific] = 1
				case window[i] < 0:
					// "Welche Farbe …?" and no colour in sight.
					f[fWhichMissing] = 1
				}
			}
			if t.afterWhich && t.focus == typePerson && b.namesFittingPerson(q, t, c.window) {
				f[fWhichPerson] = 1
			}
			if t.counted && b.countsThing(t, c.window) {
				f[fCountMatch] = 1
			}
		}
		if maxBM > 0 {
			f[fBM25] /= maxBM
		}
		if window[sc.rarest] < 0 {
			f[fMissRarest] = 1
		}
		f[fMissShare] = float64(missing) / float64(len(q.terms))
	}
	if len(q.entities) > 0 {
		f[fHasEntity] = 1
		sent := b.sentences[c.center]
		for _, e := range q.entities {
			for k, id := range sent.people {
				if id == e.char {
					f[fEntityLinked] = 1
					if k < sent.explicit {
						f[fEntityNamed] = 1
					}
				}
			}
			for _, s := range c.window {
				if containsInt(b.sentences[s].people, e.char) {
					f[fEntityWindow] = 1
					// The answer's kind stands in a sentence about the
					// asked person, not beside someone else.
					if b.satisfiesCached(sc, s) {
						f[fTypeWithEntity] = 1
					}
				}
				for _, o := range b.sentences[s].occupationAt {
					if o.char == e.char {
						f[fEntityOccupation] = 1
					}
				}
				for _, id := range b.sentences[s].people {
					if containsInt(e.related, id) {
						f[fRelatedWindow] = 1
					}
				}
			}
			if b.appearsIn(e.char, sent.episode) {
				f[fEntityEpisode] = 1
				if b.inParagraph(e.char, c.center) {
					f[fEntityParagraph] = 1
				}
				if b.paragraphNamesAny(b.doctorsIn(sc, sent.episode), c.center) {
					f[fDoctorParagraph] = 1
				}
			}
			if d, ok := b.distanceTo(e.char, c.center); ok {
				f[fEntityNear] = math.Max(f[fEntityNear], 1/float64(1+d))
			}
			for _, s := range c.window {
				if b.storyOf(e.char, s) {
					f[fEntityTopic] = 1
				}
				if b.inStory(e.char, s) {
					f[fEntityStory] = 1
				}
			}
			f[fEntityCohesion] = math.Max(f[fEntityCohesion], b.cohesionWith(e.char, sent.paragraph))
		}
		f[fCoverWithEntity] = b.coverWithEntity(sc, c.window)
	}
	for _, s := range c.window {
		if b.namesSomeoneElse(q, s) {
			f[fOtherNamed] = 1
		}
	}
	if q.asksCast {
		f[fAsksCast] = 1
	}
	if len(q.kin) > 0 && b.namesKin(sc, c.window) {
		f[fKinNamed] = 1
	}
	if q.kind == typeAge && len(q.entities) > 0 {
		kinOpen := slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.kin })
		// Whose age the candidate gives: synopses name several people
		// with ages side by side.
		for _, s := range c.window {
			for _, a := range b.sentences[s].ageAt {
				// With a kinship word no relation resolved ("wie alt ist
				// finns mutter"), the asked is a relative of the named,
				// not the named.
				if !kinOpen && q.asks(a.char) || kinOpen && q.asksRelated(a.char) && !q.asks(a.char) {
					f[fAgeOfAsked] = 1
				} else {
					f[fAgeOfOther] = 1
				}
			}
		}
	}
	if q.kind == typeDisease {
		// Which evidence of an illness: a symptom ("Husten") is weaker
		// than a diagnosis; the ranker learns by how much.
		for _, s := range c.window {
			ev := b.illnessEvidence(sc, s)
			if ev.named {
				f[fIllnessNamed] = 1
			}
			if ev.unknown {
				f[fIllnessUnknown] = 1
			}
			if ev.cue {
				f[fIllnessCue] = 1
			}
			if ev.technical {
				f[fIllnessTechnical] = 1
			}
			if ev.denied {
				f[fIllnessDenied] = 1
			}
			if ev.symptom {
				f[fIllnessSymptom] = 1
			}
			f[fIllnessRare] = math.Max(f[fIllnessRare], ev.rarity)
			f[fIllnessNew] = math.Max(f[fIllnessNew], ev.introduced)
		}
	}
	if ok {
		f[fTypeOK] = 1
		f[fKindBase+numKinds+int(q.kind)] = 1
	} else if strict(q.kind) || q.asksCast {
		f[fTypeStrictMissing] = 1
	}
	f[fKindBase+int(q.kind)] = 1
	if q.position != 0 {
		ep := b.episodes[b.sentences[c.center].episode]
		last := c.window[len(c.window)-1]
		rel := float64(last-ep.firstSentence) / float64(max(1, len(ep.Sentences)-1))
		if q.position < 0 {
			rel = 1 - float64(c.window[0]-ep.firstSentence)/float64(max(1, len(ep.Sentences)-1))
		}
		f[fPosition] = rel
	}
	if first, last, ok := b.mentionSpan(sc, c.center); ok && first != last {
		// A story settles what it raised: the last sentence with the
		// question's rarest word tends to hold the outcome ("keine
		// Krebszellen"), the first what was thought at first.
		for _, s := range c.window {
			if s == last {
				f[fLastMention] = 1
			}
			if s == first {
				f[fFirstMention] = 1
			}
		}
	}
	switch q.kind {
	case typeNumber, typeMeasure, typeMoney, typeAge:
		// "Wie hoch war der CK-Wert?": the number stands by the word it
		// measures, not three clauses away at "gegen drei Uhr".
		for _, s := range c.window {
			if d, ok := b.numberDistance(q, s); ok {
				f[fNumberNear] = math.Max(f[fNumberNear], 1/float64(1+d))
			}
		}
	}
	switch q.kind {
	case typePerson, typeName, typePlace, typeDirection, typeTime, typeDisease, typeJob, typeReason:
		// The asked kind of thing stands by the words of the question or
		// the name of the asked person, not three clauses away.
		for _, s := range c.window {
			d, seen := sc.typeDist[s]
			if !seen {
				if sc.typeDist == nil {
					sc.typeDist = map[int]int{}
				}
				var ok bool
				if d, ok = b.typeDistance(q, s); !ok {
					d = -1
				}
				sc.typeDist[s] = d
			}
			if d >= 0 {
				f[fTypeNear] = math.Max(f[fTypeNear], 1/float64(1+d))
			}
		}
	}
	if (q.kind == typePlace || q.kind == typeDirection) && len(q.entities) > 0 {
		// "Woher kommt Bärbel?": the place the text says she is from.
		for _, s := range c.window {
			if b.placeOfAsked(q, s) {
				f[fPlaceOfAsked] = 1
			}
		}
	}
	if q.kind == typeYesNo && b.windowNegates(c.window) {
		// A yes/no question is answered as often by what did not happen
		// ("Das Band ist nicht gerissen", "keine Metastasen").
		f[fNegated] = 1
	}
	if r, ok := sc.rank[c.center]; ok {
		f[fRank] = 1 / float64(1+r)
		if r == 0 {
			f[fTopRank] = 1
		}
	}
	if len(c.window) > 1 {
		if c.window[0] < c.center {
			f[fWindowBefore] = 1
			if b.leansOnBefore(q, c.center) {
				f[fLeansOnBefore] = 1
			}
		} else {
			f[fWindowAfter] = 1
		}
	}
	for _, e := range q.entities {
		if w := b.characters[e.char].describe[c.center]; w > 0 {
			f[fDescribes] = math.Min(1, float64(w)/3)
		}
	}
	f[fPairs] = b.pairShare(q, c.window)
	f[fLength] = float64(runeLen(b.candidateText(c))) / MaxAnswerLen
	switch c.source {
	case fromRelation:
		f[fRelation] = 1
	case fromProfile:
		f[fProfile] = 1
	case fromEpisode:
		f[fEpisode] = 1
	case fromEpisodeList:
		f[fEpisodeList] = 1
	}
	if sc.asksEp {
		f[fAsksEpisode] = 1
		if c.source == fromEpisode || c.source == fromEpisodeList {
			f[fEpisodeAsked] = 1
		}
	}
	if q.unknown != "" {
		f[fUnknownName] = 1
	}
	if sc.relationKnown {
		f[fRelationKnown] = 1
	}
	f[fTitleMatch] = c.titleMatch
	if sc.asksEp && b.labelLacks(q, c) {
		f[fLabelMissing] = 1
	}
	c.feats = f
}

// leansOnBefore: the sentence opens with a pronoun or a connective, or
// reaches an asked person only through a pronoun, so the one before says
// whom it is about.
func (b *Base) leansOnBefore(q *query, s int) bool {
	sent := b.sentences[s]
	if len(sent.words) == 0 {
		return false
	}
	first := sent.norm(0)
	if malePronouns[first] || femalePronouns[first] || analysis.IsStopWord(first) && !determiners[first] {
		return true
	}
	for _, e := range q.entities {
		if !containsInt(sent.people[:sent.explicit], e.char) && containsInt(sent.people, e.char) {
			return true
		}
	}
	return false
}

// pairShare is the share of the question's word pairs (neither a stop
// word) found side by side in the window.
func (b *Base) pairShare(q *query, window []int) float64 {
	total, found := 0, 0
	for _, p := range q.pairs {
		if analysis.IsStopWord(p[0]) || analysis.IsStopWord(p[1]) {
			continue
		}
		total++
	pairs:
		for _, s := range window {
			sent := b.sentences[s]
			for i := 1; i < len(sent.words); i++ {
				if sent.norm(i-1) == p[0] && sent.norm(i) == p[1] {
					found++
					break pairs
				}
			}
		}
	}
	if total == 0 {
		return 0
	}
	return float64(found) / float64(total)
}

// windowMatches is sentenceMatches over a window: per term the most direct
// spelling in any of its sentences.
func (b *Base) windowMatches(sc *scoring, window []int) []int8 {
	out := make([]int8, len(sc.q.terms))
	for i := range out {
		out[i] = -1
	}
	for _, s := range window {
		for i, m := range b.sentenceMatches(sc, s) {
			if m >= 0 && (out[i] < 0 || m < out[i]) {
				out[i] = m
			}
		}
	}
	return out
}

// negations are the words that deny a statement (closed class).
var negations = set(`nicht kein keine keiner keinem keinen keines nie niemals weder nichts`)

// windowNegates: a sentence of the window denies something.
func (b *Base) windowNegates(window []int) bool {
	for _, s := range window {
		sent := b.sentences[s]
		for i := range sent.words {
			if negations[sent.norm(i)] {
				return true
			}
		}
	}
	return false
}

// numberDistance is the least number of tokens between a number in
// sentence s and a word of the question's content there.
func (b *Base) numberDistance(q *query, s int) (int, bool) {
	// The vocabulary's norms and stems: no sentence is tokenized again.
	sent := b.sentences[s]
	var numbers, content []int
	for i := range sent.words {
		if norm := sent.norm(i); isDigits(norm) || spelledNumber(norm) {
			numbers = append(numbers, i)
			continue
		}
		stem := sent.stem(i)
		for _, term := range q.terms {
			if _, ok := term.stems[stem]; ok && !term.describes && term.focus == typeAny {
				content = append(content, i)
				break
			}
		}
	}
	return nearest(numbers, content)
}

// nearest is the least distance between a position of a and one of b.
func nearest(a, b []int) (int, bool) {
	best, found := 0, false
	for _, x := range a {
		for _, y := range b {
			if d := abs(x - y); !found || d < best {
				best, found = d, true
			}
		}
	}
	return best, found
}

// placeOfAsked: sentence s is about an asked person and says where they
// are from or live: "aus" and a place right after their name, after the
// noun that brought them in ("ein Gerüstbauer aus Ostrau"), or after an
// apposition closed by a comma ("Bärbel Tetzlaff, 61, aus Laußig").
func (b *Base) placeOfAsked(q *query, s int) bool {
	sent := b.sentences[s]
	asked := slices.ContainsFunc(sent.people, q.asks)
	if !asked {
		return false
	}
	toks := sent.tokens()
	for i := 1; i+1 < len(toks); i++ {
		if toks[i].Norm != "aus" || !toks[i+1].Capitalised || !b.placeNames[toks[i+1].Norm] {
			continue
		}
		prev := toks[i-1]
		if inMention(sent, i-1) || prev.Capitalised && prev.Punct == 0 || prev.Punct == ',' && (isDigits(prev.Norm) || inMention(sent, i-1)) {
			return true
		}
	}
	return false
}

// typeDistance is the least number of tokens in sentence s between a word
// of the asked kind (typeAt) and a content word of the question or a name
// of an asked person.
func (b *Base) typeDistance(q *query, s int) (int, bool) {
	sent := b.sentences[s]
	toks := sent.tokens()
	var typed, anchors []int
	for i := range toks {
		if b.typeAt(q, sent, toks, i) {
			typed = append(typed, i)
			continue
		}
		stem := sent.stem(i)
		for _, term := range q.terms {
			if _, ok := term.stems[stem]; ok && term.focus == typeAny {
				anchors = append(anchors, i)
				break
			}
		}
	}
	for _, m := range sent.mentions {
		if q.asks(m.char) {
			anchors = append(anchors, m.start)
		}
	}
	return nearest(typed, anchors)
}

// typeAt: token i of sentence sent is a word of the kind the question asks
// for: a name of someone not asked about, a place that is no name, or
// what tokenIs reads as the kind.
func (b *Base) typeAt(q *query, sent *sentence, toks []analysis.Token, i int) bool {
	switch q.kind {
	case typePerson, typeName:
		for _, m := range sent.mentions {
			if m.start <= i && i < m.end {
				return !q.asks(m.char)
			}
		}
		return false
	case typePlace, typeDirection:
		return !inMention(sent, i) && b.tokenIs(typePlace, sent, toks, i)
	}
	return b.tokenIs(q.kind, sent, toks, i)
}
