package knowledge

import (
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"iafbot/knowledge/analysis"
)

// candidate is one possible answer: a window of neighbouring sentences of
// one episode, optionally led by a fact of the model (a relation, a
// character profile, the episode's title). All kinds compete in the same
// learned scorer.
type candidate struct {
	window []int // sentence indices in text order, all of one episode
	center int   // the sentence that was retrieved; the window grows around it
	lead   string
	source candidateSource
	// titleMatch: the share of an episode candidate's title words the
	// question holds.
	titleMatch float64
	// retrieval: the BM25 score that picked a text candidate's center.
	retrieval float64
	feats     []float64
	score     float64 // the ranker's logit
}

type candidateSource int

const (
	fromText candidateSource = iota
	fromRelation
	fromProfile
	fromEpisode
	fromEpisodeList
)

// text is what the answer shows, at most MaxAnswerLen runes.
func (b *Base) candidateText(c *candidate) string {
	parts := make([]string, 0, len(c.window)+1)
	if c.lead != "" {
		parts = append(parts, c.lead)
	}
	for _, s := range c.window {
		parts = append(parts, b.sentences[s].text)
	}
	return truncateRunes(strings.Join(parts, " "), MaxAnswerLen)
}

// maxCenters bounds the sentences that grow into candidates: retrieval
// keeps the best by BM25 among the sentences about the asked people and
// among all others, which keeps a question fast on a large corpus.
const maxCenters = 24

// centers picks the sentences worth scoring for a question, in text order,
// with their BM25 retrieval scores.
func (b *Base) centers(q *query) ([]int, []float64) {
	acc := b.index.accumulator()
	defer b.index.release(acc)
	acc.addTerms(b.index, q.terms)
	var about []int
	for _, e := range q.entities {
		for _, id := range append([]int{e.char}, e.related...) {
			for _, s := range b.charSentences[id] {
				for _, c := range []int{s, s + 1, s + 2} {
					if c < len(b.sentences) && b.sentences[c].episode == b.sentences[s].episode && !acc.marked[c] {
						acc.marked[c] = true
						about = append(about, c)
					}
				}
			}
		}
	}
	for _, s := range about {
		acc.marked[s] = false
	}
	if len(q.entities) == 0 {
		q.anchors = b.anchors(q, acc)
	}
	// Sentences about the asked people, and the two after each (the
	// diagnosis often follows where the patient was last named), compete
	// even without a word of the question ("Woran leidet X?" → "… stellt
	// eine Gastritis fest").
	picked := map[int]bool{}
	var out []int
	for _, s := range append(acc.top(about, maxCenters), acc.top(acc.touched, maxCenters)...) {
		if !picked[s] {
			picked[s] = true
			out = append(out, s)
		}
	}
	for _, s := range b.typedSentences(q) {
		if !picked[s] {
			picked[s] = true
			out = append(out, s)
		}
	}
	sort.Ints(out)
	retrieval := make([]float64, len(out))
	for i, s := range out {
		retrieval[i] = acc.score[s]
	}
	return out, retrieval
}

// anchors are the best-retrieved sentences for the words that say whom or
// what a question that names no one is about: not the word naming the
// kind of answer ("Was hat der Nachtwächter für eine Krankheit?" is about
// the night watchman, not about any sentence that says "Krankheit").
func (b *Base) anchors(q *query, acc *accumulator) []int {
	var about []queryTerm
	for _, t := range q.terms {
		if t.focus == typeAny {
			about = append(about, t)
		}
	}
	if len(about) == 0 || len(about) == len(q.terms) {
		return acc.top(acc.touched, maxAnchors)
	}
	own := b.index.accumulator()
	defer b.index.release(own)
	own.addTerms(b.index, about)
	return own.top(own.touched, maxAnchors)
}

// Bounds of typedSentences: episodes of the asked person searched, and
// sentences added; and the anchors of a question that names no one.
const (
	maxTypedEpisodes  = 4
	maxTypedSentences = 8
	maxAnchors        = 3
)

// typedSentences are the sentences of the asked people's episodes that
// hold the kind of answer asked for, when the kind is one a sentence
// rarely holds by chance (an illness, a job, an age, a sum of money): the diagnosis is
// often several sentences away from the patient's name and shares no word
// with the question ("Welche Krankheit hat X?" → "Dr. Y stellt die
// Diagnose: Purpura …").
func (b *Base) typedSentences(q *query) []int {
	switch q.kind {
	case typeDisease, typeJob, typeAge, typeMoney:
	default:
		return nil
	}
	var out []int
	seen := map[int]bool{}
	addEpisode := func(s int) {
		ep := b.sentences[s].episode
		if seen[ep] || len(seen) == maxTypedEpisodes {
			return
		}
		seen[ep] = true
		first := b.episodes[ep].firstSentence
		for i := first; i < first+len(b.episodes[ep].Sentences); i++ {
			if b.satisfiesQuery(q, i) {
				out = append(out, i)
			}
		}
	}
	for _, e := range q.entities {
		for _, s := range b.charSentences[e.char] {
			addEpisode(s)
		}
	}
	// A question that names no one ("Was hat die Zugbegleiterin?"): the
	// episodes where the text speaks of what it asks about.
	for _, s := range q.anchors {
		addEpisode(s)
	}
	if q.kind == typeMoney && len(q.entities) == 0 {
		// "Was hat der Umzugswagen gekostet?" where the text says
		// "Transporter": the few sentences that name a sum of money.
		for _, s := range b.index.currency {
			if len(out) >= 4*maxTypedSentences {
				break // a large corpus: the cut below keeps the nearest anyway
			}
			if !seen[b.sentences[s].episode] && b.satisfiesQuery(q, s) {
				out = append(out, s)
			}
		}
	}
	if len(out) > maxTypedSentences {
		// A sentence that states a diagnosis ("Die Diagnose lautet …")
		// before the symptoms on the way to it; then the nearest to the
		// asked people: other storylines of the same episode have their
		// own diagnoses.
		near := make(map[int]int, len(out))
		stated := make(map[int]bool, len(out))
		others := make(map[int]bool, len(out))
		for _, s := range out {
			near[s] = math.MaxInt
			for _, e := range q.entities {
				if d, ok := b.storyDistance(e.char, s); ok {
					near[s] = min(near[s], d)
				}
			}
			if d, ok := b.anchorDistance(q, s); ok {
				near[s] = min(near[s], d)
			}
			stated[s] = q.kind == typeDisease && b.namesIllness(s)
			others[s] = b.aboutOthers(q, s)
		}
		sort.SliceStable(out, func(i, j int) bool {
			if stated[out[i]] != stated[out[j]] {
				return stated[out[i]]
			}
			// Interleaved storylines: a sentence about another guest is
			// near the asked one in the text, not in the story.
			if others[out[i]] != others[out[j]] {
				return !others[out[i]]
			}
			return near[out[i]] < near[out[j]]
		})
		out = out[:maxTypedSentences]
		sort.Ints(out)
	}
	return out
}

// anchorDistance is how many sentences lie between s and the nearest
// anchor of the question in s's paragraph.
func (b *Base) anchorDistance(q *query, s int) (int, bool) {
	best, found := 0, false
	for _, a := range q.anchors {
		if b.sentences[a].paragraph == b.sentences[s].paragraph && (!found || abs(a-s) < best) {
			best, found = abs(a-s), true
		}
	}
	return best, found
}

// aboutOthers: the sentence is about someone other than the asked people,
// and not about them; staff with an academic title do not count, since
// they examine and treat the asked patient.
func (b *Base) aboutOthers(q *query, s int) bool {
	other := false
	for _, id := range b.sentences[s].people {
		if q.asks(id) {
			return false
		}
		other = other || !b.characters[id].titled()
	}
	return other
}

// candidates grows windows around the retrieved sentences and adds the
// model's facts about the asked people.
func (b *Base) candidates(q *query) []*candidate {
	var out []*candidate
	fits := func(win []int) bool {
		n := 0
		for _, s := range win {
			n += runeLen(b.sentences[s].text) + 1
		}
		return n <= MaxAnswerLen+1
	}
	sameEpisode := func(a, c int) bool {
		return a >= 0 && c < len(b.sentences) && b.sentences[a].episode == b.sentences[c].episode
	}
	centers, retrieval := b.centers(q)
	for i, s := range centers {
		out = append(out, &candidate{window: []int{s}, center: s, retrieval: retrieval[i]})
		if sameEpisode(s-1, s) && fits([]int{s - 1, s}) {
			out = append(out, &candidate{window: []int{s - 1, s}, center: s})
		}
		if sameEpisode(s, s+1) && fits([]int{s, s + 1}) {
			out = append(out, &candidate{window: []int{s, s + 1}, center: s})
		}
	}
	out = append(out, b.modelCandidates(q)...)
	out = append(out, b.episodeCandidates(q, out)...)
	return out
}

// modelCandidates are the facts the model read about the asked people:
// the relatives asked for, and who they are.
func (b *Base) modelCandidates(q *query) []*candidate {
	var out []*candidate
	for _, e := range q.entities {
		c := b.characters[e.char]
		for _, kin := range q.kin {
			for _, r := range c.relativesAs(kin) {
				si, ok := c.relationSource[strings.ToLower(r.Kind)+"|"+r.Other]
				if !ok {
					continue
				}
				out = append(out, &candidate{window: []int{si}, center: si, source: fromRelation,
					lead: r.Other + " – " + r.Kind + " von " + dative(c.Name) + "."})
			}
		}
		if best := b.describingSentence(c); best >= 0 {
			out = append(out, &candidate{window: []int{best}, center: best, source: fromProfile, lead: c.profile()})
		}
	}
	return out
}

// describingSentence is the sentence that says most about who c is,
// preferring one that names them.
func (b *Base) describingSentence(c *Character) int {
	best, bestWeight := -1, 0
	for s, w := range c.describe {
		if sent := b.sentences[s]; containsInt(sent.people[:sent.explicit], c.id) {
			w += 2
		}
		if w > bestWeight || w == bestWeight && s < best {
			best, bestWeight = s, w
		}
	}
	if best < 0 && len(b.charSentences[c.id]) > 0 {
		best = b.charSentences[c.id][0]
	}
	return best
}

// episodeCandidates answer questions about episodes ("In welcher Folge …",
// "Wie heißt die Folge mit …"): the episode of a retrieved sentence, led by
// its title and number; and for a person in several episodes, the list.
func (b *Base) episodeCandidates(q *query, text []*candidate) []*candidate {
	var out []*candidate
	seen := map[int]bool{}
	titled := b.titleEpisodes(q)
	titleEps := make([]int, 0, len(titled))
	for ep := range titled {
		titleEps = append(titleEps, ep)
	}
	sort.Ints(titleEps)
	// Per episode, the sentence that matches the question best.
	best := map[int]*candidate{}
	var order []int
	for _, c := range text {
		if c.source != fromText || len(c.window) != 1 {
			continue
		}
		ep := b.sentences[c.center].episode
		if have, ok := best[ep]; !ok {
			order = append(order, ep)
		} else if have.retrieval >= c.retrieval {
			continue
		}
		best[ep] = c
	}
	for _, ep := range order {
		c := best[ep]
		seen[ep] = true
		out = append(out, &candidate{window: c.window, center: c.center, source: fromEpisode, lead: b.episodeLabel(ep) + ":", titleMatch: titled[ep]})
	}
	// Episodes whose title holds a word of the question ("Folgennummer
	// von <Titel>").
	for _, ep := range titleEps {
		e := b.episodes[ep]
		if seen[ep] || len(b.episodeSentences(e)) == 0 {
			continue
		}
		seen[ep] = true
		first := e.firstSentence
		out = append(out, &candidate{window: []int{first}, center: first, source: fromEpisode, lead: b.episodeLabel(ep) + ":", titleMatch: titled[ep]})
	}
	for _, e := range q.entities {
		episodes := map[int]bool{}
		first := -1
		for _, s := range b.charSentences[e.char] {
			episodes[b.sentences[s].episode] = true
			if first < 0 {
				first = s
			}
		}
		if len(episodes) < 2 {
			continue
		}
		ids := make([]int, 0, len(episodes))
		for ep := range episodes {
			ids = append(ids, ep)
		}
		sort.Ints(ids)
		// The answer shows at most MaxAnswerLen runes: label only the
		// episodes that fit.
		var labels strings.Builder
		for i, ep := range ids {
			if labels.Len() > MaxAnswerLen {
				break
			}
			if i > 0 {
				labels.WriteString(", ")
			}
			labels.WriteString(b.episodeLabel(ep))
		}
		lead := b.characters[e.char].Name + " kommt in " + strconv.Itoa(len(ids)) + " Folgen vor: " + labels.String() + "."
		out = append(out, &candidate{window: []int{first}, center: first, source: fromEpisodeList, lead: lead})
	}
	return out
}

// labelHolds: the episode's label answers the question word: a word of
// its title, its number, or a word asking for the number, the title or the
// air date when the label has it.
func (b *Base) labelHolds(ep int, t queryTerm) bool {
	e := b.episodes[ep]
	switch labelPartAsked(t.norm) {
	case labelNumber:
		return e.numbered
	case labelTitle:
		return e.titled
	case labelAired:
		return e.Aired != ""
	}
	if t.episodeWord() {
		return true // the label names the episode: "Folge" is covered
	}
	stems := []string{analysis.Stem(t.norm)}
	for stem, k := range t.stems {
		if k <= matchLemma {
			stems = append(stems, stem)
		}
	}
	for _, stem := range stems {
		if slices.Contains(b.titleIndex[stem], ep) {
			return true
		}
	}
	return false
}

type labelPart int

const (
	labelNone labelPart = iota
	labelNumber
	labelTitle
	labelAired
)

// labelPartAsked: the word asks for an episode's number, title or air
// date. German compounds end in their head, so "Folgennummer" asks for a
// number and "erstausgestrahlt" for the air date.
func labelPartAsked(norm string) labelPart {
	switch norm {
	case "nr":
		return labelNumber
	case "name":
		return labelTitle
	case "lief", "laeuft", "datum", "gesendet":
		return labelAired
	}
	switch {
	case strings.HasSuffix(norm, "nummer"):
		return labelNumber
	case strings.HasSuffix(norm, "titel"):
		return labelTitle
	case strings.HasSuffix(norm, "ausstrahlung"), strings.HasSuffix(norm, "ausgestrahlt"), strings.HasSuffix(norm, "sendetermin"), strings.HasSuffix(norm, "sendedatum"):
		return labelAired
	}
	return labelNone
}

// episodeLabel names an episode in an answer with what the synopsis says
// of it: a title and number the file order or the cast made up are not
// cited as facts.
func (b *Base) episodeLabel(ep int) string {
	e := b.episodes[ep]
	label := "die Folge mit " + e.Title
	if e.titled {
		label = "„" + e.Title + "“"
	}
	var facts []string
	if e.numbered {
		facts = append(facts, "Folge "+strconv.Itoa(e.Number))
	}
	if e.Aired != "" {
		facts = append(facts, "Erstausstrahlung "+e.Aired)
	}
	if len(facts) > 0 {
		label += " (" + strings.Join(facts, ", ") + ")"
	}
	return label
}

// titleEpisodes gives, for each episode whose title holds a content word
// of the question or whose number it names, the share of the title's
// content words the question holds: "Wann lief Fünf Tage Fieber?" covers
// a whole title, "Fieber" one word of it. The product's own words
// ("Folge") match no title ("Kaffeefahrt mit Folgen").
func (b *Base) titleEpisodes(q *query) map[int]float64 {
	covered := map[int]map[string]bool{}
	add := func(stem string) {
		for _, ep := range b.titleIndex[stem] {
			if covered[ep] == nil {
				covered[ep] = map[string]bool{}
			}
			covered[ep][stem] = true
		}
	}
	for _, t := range q.terms {
		if t.episodeWord() {
			continue
		}
		add(analysis.Stem(t.norm))
		for stem, k := range t.stems {
			if k <= matchLemma {
				add(stem)
			}
		}
	}
	share := make(map[int]float64, len(covered))
	for ep, stems := range covered {
		e := b.episodes[ep]
		if e.numbered && stems[strconv.Itoa(e.Number)] || e.titleWords == 0 {
			share[ep] = 1
			continue
		}
		share[ep] = min(1, float64(len(stems))/float64(e.titleWords))
	}
	return share
}
