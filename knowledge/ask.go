package knowledge

import (
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
)

// query is a question after analysis.
type query struct {
	tokens   []analysis.Token
	kind     answerType
	entities []entityMatch
	terms    []queryTerm
	unknown  string // a name-like word that matches no character
	pairs    [][2]string
	kin      []string // kinship nouns asked about ("die Mutter von Lukas")
	position int      // -1: asks about the beginning, +1: about the end
}

type entityMatch struct {
	char    int
	related []int // for "Steffens Vater": Steffen and his other relatives
	// episodes, when set, limits the match to these episodes: "der Sohn
	// von Frau Beck" is the Lukas of her episode, not every Lukas.
	episodes map[int]bool
}

type queryTerm struct {
	norm string
	// weight scales the word's share in coverage: light verbs ("kommt",
	// "geht") and the noun after "welche" differ from plain content.
	weight float64
	stems  map[string]float64 // stem → how surely it means the word
	idf    float64
	focus  answerType // the word names the kind of answer ("Krankheit")
}

// Ask answers a German question from the synopses, or abstains.
func (b *Base) Ask(question string) Answer {
	ans := Answer{Question: question}
	q := b.analyse(question)
	switch {
	case q.unknown != "":
		ans.Reason = "„" + q.unknown + "“ kommt in den Zusammenfassungen nicht vor."
	case len(q.terms) == 0 && len(q.entities) == 0:
		ans.Reason = "Die Frage enthält keine Begriffe, die in den Zusammenfassungen vorkommen."
	case b.answerRelation(q, &ans):
	case q.kind == typeDescription || len(q.terms) == 0 && !strict(q.kind):
		b.describe(q, &ans)
	default:
		b.retrieve(q, &ans)
	}
	if !ans.Answered {
		ans.Text = NotInSynopses
		ans.EpisodeID, ans.EpisodeTitle = "", ""
		// Suggestions serve "Meintest du …?", which only abstentions show.
		ans.Suggestions = b.suggest(q)
	} else {
		for _, e := range q.entities {
			ans.Suggestions = append(ans.Suggestions, b.characters[e.char].Name)
		}
	}
	return ans
}

// analyse reads the question word, the characters named, and the content
// words with their spellings in the corpus.
func (b *Base) analyse(question string) *query {
	q := &query{tokens: analysis.Tokenize(question)}
	q.kind = questionKind(q.tokens)
	used := make([]bool, len(q.tokens))
	b.findEntities(q, used)
	for i, t := range q.tokens {
		if i > 0 {
			q.pairs = append(q.pairs, [2]string{q.tokens[i-1].Norm, t.Norm})
		}
		if used[i] || analysis.IsStopWord(t.Norm) || isQuestionHelper(t.Norm) {
			continue
		}
		switch t.Norm {
		case "ende", "schluss", "endet":
			q.position = 1 // "am Ende": where, not what
			continue
		case "anfang", "beginn":
			q.position = -1
			continue
		}
		if t.Norm == "verheiratet" || t.Norm == "ehe" || t.Norm == "heiratet" {
			q.kin = append(q.kin, "ehepartner")
		} else if base, ok := kinOf(t.Norm); ok {
			q.kin = append(q.kin, base)
		}
		if _, ok := honorifics[t.Norm]; ok && tokenAt(q.tokens, i+1).Capitalised {
			continue
		}
		term := b.resolveTerm(t.Norm)
		if lightVerbs[t.Norm] {
			term.weight = 0.2
		}
		if prev := tokenAt(q.tokens, i-1); strings.HasPrefix(prev.Norm, "welche") {
			// "In welcher Klinik …": the answer names a Klinik.
			term.weight = 2
			if tokenAt(q.tokens, i-2).Norm == "in" && q.kind == typeAny {
				q.kind = typePlace
			}
		}
		if (q.kind == typePlace || q.kind == typeDirection) && placeVerbs[t.Norm] {
			term.focus = q.kind
		}
		if kind, ok := focusTypes[t.Norm]; ok {
			term.focus = kind
			if q.kind == typeAny || q.kind == typePerson && kind != typeAge {
				q.kind = kind
			}
			if kind == typeAge {
				continue // "alt" only asks for an age
			}
		}
		if len(term.stems) == 0 && t.Capitalised && i > 0 && term.focus == typeAny && b.looksLikeName(q.tokens, i) {
			q.unknown = t.Surface
		}
		q.terms = append(q.terms, term)
	}
	b.resolveRelatives(q)
	// "Was will Lukas?": the modal is the content when nothing else is.
	if len(q.terms) == 0 {
		for _, t := range q.tokens {
			if t.Norm == "will" || t.Norm == "wollen" || t.Norm == "moechte" || t.Norm == "moechten" {
				q.terms = append(q.terms, b.resolveTerm("will"))
				break
			}
		}
	}
	// "Was macht X?", "Wie geht es X?": light verbs alone ask what X is about.
	light := true
	for _, t := range q.terms {
		light = light && t.weight < 1 && t.focus == typeAny
	}
	if light && len(q.entities) > 0 {
		q.terms = nil
	}
	if (q.kind == typePerson || q.kind == typeAny || q.kind == typeName) && len(q.terms) == 0 && len(q.entities) > 0 {
		q.kind = typeDescription
	}
	return q
}

// questionKind maps the question word to the kind of answer it asks for.
func questionKind(toks []analysis.Token) answerType {
	norms := make([]string, 0, 4)
	for _, t := range toks {
		norms = append(norms, t.Norm)
	}
	at := func(i int) string {
		if i < len(norms) {
			return norms[i]
		}
		return ""
	}
	for i := 0; i < len(norms) && i < 3; i++ {
		switch at(i) {
		case "wer", "wen", "wem", "wessen":
			return typePerson
		case "was":
			if at(i+1) == "ist" || at(i+1) == "war" {
				for _, n := range norms {
					if n == "los" || n == "passiert" {
						return typeDescription
					}
				}
			}
			return typeAny
		case "wo", "woher":
			return typePlace
		case "wohin":
			return typeDirection
		case "warum", "wieso", "weshalb", "weswegen":
			return typeReason
		case "wann":
			return typeTime
		case "wie":
			switch at(i + 1) {
			case "viele", "viel", "oft":
				return typeNumber
			case "alt":
				return typeAge
			case "lange":
				return typeTime
			case "heisst", "heissen", "hiess":
				return typeName
			}
			return typeAny
		case "woran":
			return typeDisease
		case "welche", "welcher", "welches", "welchen", "welchem":
			return typeAny // the noun after it is a focus word or content
		}
	}
	switch at(0) {
	case "ist", "sind", "hat", "hatte", "haben", "wird", "werden", "kann", "muss", "war", "waren", "will", "darf", "gibt", "liebt", "lebt", "stirbt":
		return typeYesNo
	}
	return typeAny
}

// isQuestionHelper drops words that shape a question but are not content.
func isQuestionHelper(norm string) bool {
	switch norm {
	case "viele", "viel", "oft", "lange", "passiert", "steht", "erfahren", "zusammenfassung", "zusammenfassungen":
		return true
	}
	return false
}

// looksLikeName: a capitalised word in mid-question that is not a word of
// the corpus and not after an article is most likely a person's name.
func (b *Base) looksLikeName(toks []analysis.Token, i int) bool {
	prev := tokenAt(toks, i-1)
	if determiners[prev.Norm] {
		return false
	}
	_, afterTitle := honorifics[prev.Norm]
	return afterTitle || !isInflectedAdjective(prev.Norm) || prepositions[prev.Norm] || prev.Norm == "ist"
}

// findEntities marks the characters a question names, longest alias first,
// then by typo repair on the remaining words.
func (b *Base) findEntities(q *query, used []bool) {
	toks := q.tokens
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		for n := min(4, len(toks)-i); n >= 1; n-- {
			ids, ok := b.lookupAlias(toks[i : i+n])
			if !ok {
				continue
			}
			if _, titled := honorifics[toks[i].Norm]; !titled && determiners[tokenAt(toks, i-1).Norm] {
				break // "im Sommer" is a season, not Frau Sommer
			}
			for k := i; k < i+n; k++ {
				used[k] = true
			}
			if _, isTitle := honorifics[tokenAt(toks, i-1).Norm]; isTitle {
				used[i-1] = true
			}
			q.entities = append(q.entities, b.entity(ids[0]))
			break
		}
	}
	for i, t := range toks {
		if used[i] || analysis.IsStopWord(t.Norm) || len(t.Norm) < 4 {
			continue
		}
		if _, known := b.index.words[t.Norm]; known && !t.Capitalised || determiners[tokenAt(toks, i-1).Norm] {
			// After an article a capitalised word is a noun ("welchem
			// Sender"), not a misspelt name ("Sander").
			continue
		}
		if id, ok := b.fuzzyCharacter(t.Norm); ok {
			used[i] = true
			q.entities = append(q.entities, b.entity(id))
		}
	}
}

func (b *Base) lookupAlias(toks []analysis.Token) ([]int, bool) {
	parts := make([]string, len(toks))
	for i, t := range toks {
		parts[i] = t.Norm
	}
	key := strings.Join(parts, " ")
	if ids, ok := b.aliases[key]; ok {
		return ids, true
	}
	// Genitive: "Scholzes", "Jonas'".
	last := parts[len(parts)-1]
	for _, base := range []string{strings.TrimSuffix(last, "'"), strings.TrimSuffix(last, "s")} {
		if base == last {
			continue
		}
		parts[len(parts)-1] = base
		if ids, ok := b.aliases[strings.Join(parts, " ")]; ok {
			return ids, true
		}
	}
	return nil, false
}

// fuzzyCharacter repairs a misspelt name: "heilman" → Heilmann, "kathrin"
// → Katrin, "stefan" → Steffen.
func (b *Base) fuzzyCharacter(norm string) (int, bool) {
	if norm == "" {
		return -1, false
	}
	best, bestD := -1, 3
	budget := analysis.TypoBudget(len([]rune(norm)))
	consider := func(alias string, limit int) {
		ids := b.aliases[alias]
		if d := analysis.Distance(norm, alias, limit); d <= limit && (d < bestD || d == bestD && b.characters[ids[0]].Mentions > b.characters[best].Mentions) {
			best, bestD = ids[0], d
		}
	}
	// Sound-alikes may differ by two edits ("stefan"/"steffen"); other
	// names only within the length's typo budget and with the same first
	// letter, which keeps this fast for thousands of characters.
	for _, alias := range b.nameIndex.byPhonetic[analysis.Phonetic(norm)] {
		consider(alias, 2)
	}
	if budget > 0 {
		k := keyOf(norm)
		for n := max(1, k.length-budget); n <= k.length+budget; n++ {
			for _, alias := range b.nameIndex.byInitial[initialKey{k.first, n}] {
				consider(alias, budget)
			}
		}
	}
	return best, best >= 0
}

// nameIndex holds the one-word aliases for typo repair of names.
type nameIndex struct {
	byInitial  map[initialKey][]string
	byPhonetic map[string][]string
	// charsByInitial groups characters by the first letter of any of
	// their names, for suggestions.
	charsByInitial map[byte]characterNames
}

func buildNameIndex(aliases map[string][]int, chars []*Character) nameIndex {
	ix := nameIndex{byInitial: map[initialKey][]string{}, byPhonetic: map[string][]string{}, charsByInitial: map[byte]characterNames{}}
	for _, c := range chars {
		seen := map[byte]bool{}
		for _, a := range c.Aliases {
			for _, part := range strings.Fields(analysis.Normalize(a)) {
				if !seen[part[0]] {
					seen[part[0]] = true
					ix.charsByInitial[part[0]] = append(ix.charsByInitial[part[0]], c)
				}
			}
		}
	}
	keys := make([]string, 0, len(aliases))
	for alias := range aliases {
		if alias != "" && !strings.Contains(alias, " ") {
			keys = append(keys, alias)
		}
	}
	sort.Strings(keys) // deterministic ties
	for _, alias := range keys {
		k := keyOf(alias)
		ix.byInitial[k] = append(ix.byInitial[k], alias)
		code := analysis.Phonetic(alias)
		ix.byPhonetic[code] = append(ix.byPhonetic[code], alias)
	}
	return ix
}

func (b *Base) entity(id int) entityMatch {
	e := entityMatch{char: id}
	c := b.characters[id]
	if c.ownerID >= 0 {
		e.related = append(e.related, c.ownerID)
		for _, other := range b.characters {
			if other.ownerID == c.ownerID && other.id != id {
				e.related = append(e.related, other.id)
			}
		}
	}
	return e
}

// resolveTerm finds how the corpus spells a question word: same stem, the
// stem without the participle prefix "ge-", related words, compounds with
// it as head, or a close spelling.
func (b *Base) resolveTerm(norm string) queryTerm {
	ix := b.index
	t := queryTerm{norm: norm, stems: map[string]float64{}, weight: 1}
	add := func(stem string, w float64) {
		if _, ok := ix.postings[stem]; ok && w > t.stems[stem] {
			t.stems[stem] = w
		}
	}
	stem := analysis.Stem(norm)
	add(stem, 1)
	if strings.HasPrefix(norm, "ge") && len(norm) > 5 {
		add(analysis.Stem(norm[2:]), 0.9)
	}
	for _, group := range relatedWords {
		if !groupHas(group, norm, stem) {
			continue
		}
		for _, w := range group {
			add(relatedStems[w], 0.7)
			if _, isKin := kinship[w]; !isKin && w != norm {
				// "Krankenhaus" → "Klinik" → "Lindenklinik".
				for _, c := range ix.compoundsEndingIn(w, 8) {
					add(c, 0.5)
				}
			}
		}
	}
	if _, isKin := kinship[norm]; !isKin {
		// Not for kinship: a "Großmutter" is no "Mutter".
		for _, c := range ix.compoundsEndingIn(norm, 16) {
			add(c, 0.6)
		}
	}
	if len(t.stems) == 0 {
		for i, w := range ix.similarWords(norm, false) {
			if i == 3 {
				break
			}
			add(ix.words[w], 0.8)
		}
	}
	t.idf = math.Log(float64(len(ix.sentLen)) + 1) // unknown words weigh most
	for s := range t.stems {
		t.idf = math.Min(t.idf, ix.idf(s))
	}
	return t
}

func groupHas(group []string, norm, stem string) bool {
	for _, w := range group {
		if w == norm || relatedStems[w] == stem {
			return true
		}
	}
	return false
}

// relatedStems caches the stems of relatedWords.
var relatedStems = func() map[string]string {
	m := map[string]string{}
	for _, group := range relatedWords {
		for _, w := range group {
			m[w] = analysis.Stem(w)
		}
	}
	return m
}()

// scored is a candidate sentence.
type scored struct {
	sentence int
	score    float64
}

// retrieve ranks sentences by BM25 over the resolved terms, boosted for the
// characters asked about, the kind of answer and word pairs, then checks
// that the best passage really covers the question.
func (b *Base) retrieve(q *query, ans *Answer) {
	// When the words the corpus lacks outweigh the rest, no passage can
	// cover the question ("Wer spielt X?", "Welche Farbe hat das Auto …?"):
	// say so without ranking thousands of sentences about X.
	total, known := 0.0, 0.0
	var missing []string
	for _, t := range q.terms {
		w := t.idf * t.weight
		total += w
		if len(t.stems) > 0 || t.focus != typeAny {
			known += w
		} else {
			missing = append(missing, t.norm)
		}
	}
	if total > 0 && known/total < 0.5 {
		ans.Reason = "Die Zusammenfassungen sagen nichts über: " + strings.Join(missing, ", ") + "."
		return
	}
	var scores map[int]float64
	if len(q.entities) > 0 {
		scores = b.entityScores(q)
	} else {
		scores = b.termScores(q)
	}
	var ranked []scored
	for s, v := range scores {
		if b.satisfiesQuery(q, s) {
			v += 1.5
		}
		if q.kind == typeJob && b.hasRoleOf(q, s) {
			// The model knows where their role was read: "X, ein Busfahrer",
			// "X ist Feuerwehrmann" beat another person's "Oberarzt".
			v += 3
		}
		v += b.pairBonus(q, s) + b.positionBonus(q, s)
		ranked = append(ranked, scored{s, v})
	}
	if len(ranked) == 0 {
		ans.Reason = "Kein Satz der Zusammenfassungen passt zur Frage."
		return
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return ranked[i].sentence < ranked[j].sentence
	})
	// Try the best few passages: the first that covers the question wins.
	for _, cand := range ranked[:min(5, len(ranked))] {
		window := b.window(cand.sentence, q)
		if reason := b.covers(q, window); reason != "" {
			if ans.Reason == "" {
				ans.Reason = reason
			}
			continue
		}
		b.fill(ans, window, cand.score)
		return
	}
	ans.Score = ranked[0].score
}

// termScores ranks every sentence holding a question word by BM25, each
// question word counted once per sentence with its best spelling.
func (b *Base) termScores(q *query) map[int]float64 {
	ix := b.index
	scores := map[int]float64{}
	for _, t := range q.terms {
		best := map[int]float64{}
		for stem, w := range t.stems {
			idf := ix.idf(stem)
			for _, p := range ix.postings[stem] {
				v := t.weight * w * idf * ix.bm25(float64(p.tf), int(p.sentence))
				if v > best[int(p.sentence)] {
					best[int(p.sentence)] = v
				}
			}
		}
		for s, v := range best {
			scores[s] += v
		}
	}
	return scores
}

// entityScores ranks only the passages about the people asked for (and the
// sentence after each, which may lean on it): the rest would be refused by
// covers anyway. Scanning those sentences instead of the postings keeps a
// question about one patient fast however large the corpus is. Sentences
// about them compete even without a matching word: "Woran leidet X?" is
// answered by "… stellt einen Herzinfarkt fest".
func (b *Base) entityScores(q *query) map[int]float64 {
	ix := b.index
	scores := map[int]float64{}
	// When plain words carry most of the question, a passage without any
	// of them cannot cover it: start from the words' postings, not from
	// the thousands of sentences a main character may have.
	total, plain := 0.0, 0.0
	for _, t := range q.terms {
		total += t.idf * t.weight
		if t.focus == typeAny {
			plain += t.idf * t.weight
		}
	}
	needWord := total > 0 && plain/total > 0.5
	entitySentences, postings := 0, 0
	for _, e := range q.entities {
		for _, id := range append([]int{e.char}, e.related...) {
			entitySentences += len(b.charSentences[id])
		}
	}
	stems := map[string]bool{}
	for _, t := range q.terms {
		for stem := range t.stems {
			stems[stem] = true
			postings += len(ix.postings[stem])
		}
	}
	if needWord && postings < entitySentences {
		for stem := range stems {
			for _, p := range ix.postings[stem] {
				s := int(p.sentence)
				if b.entityLink(q, s) > 0 || s > 0 && b.entityLink(q, s-1) > 0 {
					scores[s] = 0
				}
			}
		}
	} else {
		hasWord := func(s int) bool {
			for _, t := range b.sentences[s].terms {
				if stems[t] {
					return true
				}
			}
			return false
		}
		for _, e := range q.entities {
			for _, id := range append([]int{e.char}, e.related...) {
				for _, s := range b.charSentences[id] {
					for _, c := range []int{s, s + 1} {
						if c < len(b.sentences) && b.sentences[c].episode == b.sentences[s].episode && (!needWord || hasWord(c)) {
							scores[c] = 0
						}
					}
				}
			}
		}
	}
	// Stems of the question, numbered, to count them per sentence.
	type stemRef struct {
		term   int
		weight float64
		idf    float64
	}
	index := map[string]int{}
	var refs [][]stemRef
	for ti, t := range q.terms {
		for stem, w := range t.stems {
			i, ok := index[stem]
			if !ok {
				i = len(refs)
				index[stem] = i
				refs = append(refs, nil)
			}
			refs[i] = append(refs[i], stemRef{ti, t.weight * w, ix.idf(stem)})
		}
	}
	counts := make([]float64, len(refs))
	best := make([]float64, len(q.terms))
	for s := range scores {
		clear(counts)
		clear(best)
		for _, stem := range b.sentences[s].terms {
			if i, ok := index[stem]; ok {
				counts[i]++
			}
		}
		for i, c := range counts {
			if c == 0 {
				continue
			}
			for _, r := range refs[i] {
				best[r.term] = math.Max(best[r.term], r.weight*r.idf*ix.bm25(c, s))
			}
		}
		v := 0.0
		for _, x := range best {
			v += x
		}
		if link := b.entityLink(q, s); link == 0 {
			v *= 0.3
		} else {
			v += 2 * link
		}
		scores[s] = v
	}
	return scores
}

// entityLink says how strongly sentence s is about the question's
// characters: 1 for a name, 0.8 for a pronoun, 0.5 for a relative.
func (b *Base) entityLink(q *query, s int) float64 {
	sent := b.sentences[s]
	total := 0.0
	for _, e := range q.entities {
		if e.episodes != nil && !e.episodes[sent.episode] {
			continue
		}
		best := 0.0
		for k, id := range sent.people {
			w := 0.0
			switch {
			case id == e.char && k < sent.explicit:
				w = 1
			case id == e.char:
				w = 0.8
			case containsInt(e.related, id):
				w = 0.5
			}
			best = math.Max(best, w)
		}
		total += best
	}
	return total
}

func containsInt(ids []int, id int) bool {
	for _, have := range ids {
		if have == id {
			return true
		}
	}
	return false
}

// pairBonus rewards word pairs of the question found side by side
// ("ins Krankenhaus").
func (b *Base) pairBonus(q *query, s int) float64 {
	toks := b.sentences[s].tokens
	bonus := 0.0
	for _, p := range q.pairs {
		if analysis.IsStopWord(p[0]) && analysis.IsStopWord(p[1]) {
			continue
		}
		for i := 1; i < len(toks); i++ {
			if toks[i-1].Norm == p[0] && toks[i].Norm == p[1] {
				bonus += 0.5
				break
			}
		}
	}
	return bonus
}

// satisfies reports whether a sentence holds the kind of answer asked for.
func (b *Base) satisfies(s int, kind answerType) bool {
	sent := b.sentences[s]
	toks := sent.tokens
	has := func(pred func(i int, t analysis.Token) bool) bool {
		for i, t := range toks {
			if pred(i, t) {
				return true
			}
		}
		return false
	}
	switch kind {
	case typePerson:
		return len(sent.mentions) > 0 || has(func(_ int, t analysis.Token) bool { _, ok := kinship[t.Norm]; return ok })
	case typeNumber:
		return has(func(_ int, t analysis.Token) bool {
			return isDigits(t.Norm) || numberWords[t.Norm] && t.Norm != "ein" && t.Norm != "eine"
		})
	case typeAge:
		return has(func(i int, t analysis.Token) bool {
			next := tokenAt(toks, i+1).Norm
			return (isDigits(t.Norm) || numberWords[t.Norm]) && (strings.HasPrefix(next, "jahr") || next == "alt") || strings.HasSuffix(t.Norm, "jaehrig") || strings.HasSuffix(t.Norm, "jaehrige")
		})
	case typeTime:
		return has(func(_ int, t analysis.Token) bool { return timeWords[t.Norm] || isDigits(t.Norm) })
	case typeReason:
		return has(func(_ int, t analysis.Token) bool { return reasonWords[t.Norm] })
	case typePlace:
		return has(func(i int, t analysis.Token) bool {
			return placeWords[t.Norm] || t.Capitalised && i > 0 && prepositions[toks[i-1].Norm] && !analysis.IsStopWord(t.Norm)
		})
	case typeDirection:
		return has(func(i int, t analysis.Token) bool {
			return i > 0 && t.Capitalised && (directionPrepositions[toks[i-1].Norm] || i > 1 && directionPrepositions[toks[i-2].Norm] && determiners[toks[i-1].Norm])
		})
	case typeDisease:
		return has(func(_ int, t analysis.Token) bool { return t.Capitalised && hasAnySuffixOrPart(t.Norm, diseaseShapes) })
	case typeJob:
		return has(func(i int, t analysis.Token) bool {
			return t.Capitalised && hasAnySuffixOrPart(t.Norm, jobSuffixes) && !inMention(sent, i)
		})
	}
	return false
}

// inMention reports whether token i is part of a name ("Schwester Yvonne").
func inMention(s *sentence, i int) bool {
	for _, m := range s.mentions {
		if m.start <= i && i < m.end {
			return true
		}
	}
	return false
}

func hasAnySuffixOrPart(norm string, parts []string) bool {
	for _, p := range parts {
		if strings.HasSuffix(norm, p) || len(p) >= 6 && strings.Contains(norm, p) {
			return true
		}
	}
	return false
}

// strict answer kinds cannot be answered by a passage that lacks them:
// "Wie alt ist Maja?" needs an age, not any sentence about Maja.
func strict(kind answerType) bool {
	switch kind {
	case typeNumber, typeAge, typeTime, typeDisease, typeJob, typeName:
		return true
	}
	return false
}

// window is the passage shown for a best sentence: the sentence, and the
// one before it when the sentence leans on it through a pronoun.
func (b *Base) window(s int, q *query) []int {
	sent := b.sentences[s]
	win := []int{s}
	if s > 0 && b.sentences[s-1].episode == sent.episode && b.needsContext(s, q) {
		if runeLen(b.sentences[s-1].text)+1+runeLen(sent.text) <= MaxAnswerLen {
			win = []int{s - 1, s}
		}
	}
	return win
}

// needsContext: the sentence names none of the question's characters
// itself, or opens with a pronoun or a bare "Doch"/"Dies".
func (b *Base) needsContext(s int, q *query) bool {
	sent := b.sentences[s]
	if len(sent.tokens) == 0 {
		return false
	}
	first := sent.tokens[0].Norm
	if malePronouns[first] || femalePronouns[first] || first == "dies" || first == "diese" || first == "doch" || first == "obwohl" {
		return true
	}
	for _, e := range q.entities {
		if !containsInt(sent.people[:sent.explicit], e.char) && containsInt(sent.people, e.char) {
			return true
		}
	}
	return false
}

// covers checks the passage against the question and returns why it does
// not answer it, or "".
func (b *Base) covers(q *query, window []int) string {
	terms := map[string]bool{}
	for _, s := range window {
		for _, t := range b.sentences[s].terms {
			terms[t] = true
		}
	}
	satisfied := false
	for _, s := range window {
		satisfied = satisfied || b.satisfiesQuery(q, s)
	}
	if strict(q.kind) && !satisfied {
		return "Die Zusammenfassungen nennen nicht, wonach gefragt ist."
	}
	if len(q.entities) > 0 {
		linked := false
		for _, s := range window {
			linked = linked || b.entityLink(q, s) > 0
		}
		if !linked {
			return "Keine Stelle über die gefragte Person passt zur Frage."
		}
	}
	total, covered := 0.0, 0.0
	for _, t := range q.terms {
		w := t.idf * t.weight
		total += w
		if t.focus != typeAny && satisfied {
			covered += w
			continue
		}
		for stem := range t.stems {
			if terms[stem] {
				covered += w
				break
			}
		}
	}
	if total > 0 && covered/total < 0.5 {
		var missing []string
		for _, t := range q.terms {
			hit := false
			for stem := range t.stems {
				hit = hit || terms[stem]
			}
			if !hit {
				missing = append(missing, t.norm)
			}
		}
		return "Die Zusammenfassungen sagen nichts über: " + strings.Join(missing, ", ") + "."
	}
	return ""
}

// describe answers "Wer ist X?" and bare names: the character's profile
// from the model and the sentence that says most about who they are.
func (b *Base) describe(q *query, ans *Answer) {
	if len(q.entities) == 0 {
		ans.Reason = "Die Frage nennt keine bekannte Person."
		return
	}
	c := b.characters[q.entities[0].char]
	best, bestWeight := -1, 0
	if q.position != 0 {
		// "Was passiert am Ende mit X?": the latest (or earliest) sentence
		// about them, not their profile sentence.
		bestBonus := -1.0
		for _, s := range b.charSentences[c.id] {
			if bonus := b.positionBonus(q, s); bonus > bestBonus {
				best, bestBonus = s, bonus
			}
		}
		if best >= 0 {
			b.fill(ans, b.window(best, q), 1+bestBonus)
			return
		}
	}
	for s, w := range c.describe {
		if sent := b.sentences[s]; containsInt(sent.people[:sent.explicit], c.id) {
			w += 2 // a sentence that names them reads better alone
		}
		if w > bestWeight || w == bestWeight && s < best {
			best, bestWeight = s, w
		}
	}
	if best < 0 {
		// No role sentence: the first sentence naming the character.
		for s, sent := range b.sentences {
			if containsInt(sent.people[:sent.explicit], c.id) {
				best = s
				break
			}
		}
	}
	if best < 0 {
		ans.Reason = "Über " + c.Name + " steht nichts Näheres in den Zusammenfassungen."
		return
	}
	b.fill(ans, []int{best}, float64(bestWeight)+1)
	if profile := c.profile(); profile != "" {
		ans.Text = truncateRunes(profile+" "+ans.Text, MaxAnswerLen)
	}
}

// profile is a one-line summary of a character: "Maja: Tochter von Herr
// Scholze, Mädchen."
func (c *Character) profile() string {
	facts := firstStrings(c.Roles, 3)
	for _, r := range c.Relations {
		if r.Other != "" && len(facts) < 4 && !strings.Contains(strings.Join(facts, " "), dative(r.Other)) && !strings.Contains(strings.Join(facts, " "), r.Other) {
			facts = append(facts, r.Kind+": "+r.Other)
		}
	}
	if len(facts) == 0 {
		return ""
	}
	return c.Name + " – " + strings.Join(facts, "; ") + "."
}

func firstStrings(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

func (b *Base) fill(ans *Answer, window []int, score float64) {
	parts := make([]string, 0, len(window))
	for _, s := range window {
		parts = append(parts, b.sentences[s].text)
	}
	ep := b.episodes[b.sentences[window[0]].episode]
	ans.Answered = true
	ans.Text = truncateRunes(strings.Join(parts, " "), MaxAnswerLen)
	ans.EpisodeID, ans.EpisodeTitle = ep.ID, ep.Title
	ans.Score = math.Round(score*1000) / 1000
	ans.Reason = ""
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// truncateRunes cuts s to at most n runes at a word boundary, marking the
// cut with "…".
func truncateRunes(s string, n int) string {
	if runeLen(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}

// positionBonus prefers late sentences for "am Ende" and early ones for
// "am Anfang": where in the episode the answer stands.
func (b *Base) positionBonus(q *query, s int) float64 {
	if q.position == 0 {
		return 0
	}
	ep := b.episodes[b.sentences[s].episode]
	rel := float64(s-ep.firstSentence) / float64(max(1, len(ep.Sentences)-1))
	if q.position < 0 {
		rel = 1 - rel
	}
	return 1.5 * rel
}

// satisfiesQuery is satisfies with what the question adds: who was asked
// about ("Wer operiert Marco?" wants someone other than Marco), and the
// roles the model read for them ("Was ist X von Beruf?").
func (b *Base) satisfiesQuery(q *query, s int) bool {
	switch {
	case q.kind == typeName:
		return b.namesSomeoneElse(q, s) || b.hasCompoundOf(q, s)
	case q.kind == typePerson && len(q.entities) > 0:
		return b.namesSomeoneElse(q, s) || b.satisfies(s, typePerson) && len(b.sentences[s].mentions) == 0
	case q.kind == typeJob && len(q.entities) > 0:
		return b.satisfies(s, typeJob) || b.hasRoleOf(q, s)
	case q.kind == typeDisease:
		return b.satisfies(s, typeDisease) || b.namesIllness(s)
	}
	return b.satisfies(s, q.kind)
}

// namesIllness: an illness word the lexicon does not know, named where the
// text says someone suffers from or is diagnosed with something: "leidet
// an einem Bandscheibenvorfall", "diagnostiziert bei ihr Mukoviszidose".
func (b *Base) namesIllness(s int) bool {
	sent := b.sentences[s]
	for i, t := range sent.tokens {
		if !diseaseCues[t.Norm] {
			continue
		}
		for j := i + 1; j < min(len(sent.tokens), i+7); j++ {
			n := sent.tokens[j]
			if n.Capitalised && !analysis.IsStopWord(n.Norm) && !inMention(sent, j) {
				return true
			}
		}
	}
	return false
}

// hasRoleOf: the sentence holds a role the model read for an asked
// character ("Marco ist Feuerwehrmann").
func (b *Base) hasRoleOf(q *query, s int) bool {
	for _, e := range q.entities {
		c := b.characters[e.char]
		if c.describe[s] == 0 {
			continue
		}
		for _, role := range c.occupations {
			for _, t := range b.sentences[s].tokens {
				if t.Surface == role {
					return true
				}
			}
		}
	}
	return false
}

// namesSomeoneElse: the sentence names a character the question did not
// ask about, so it can answer "Wie heißt …?".
func (b *Base) namesSomeoneElse(q *query, s int) bool {
	sent := b.sentences[s]
	for _, id := range sent.people[:sent.explicit] {
		asked := false
		for _, e := range q.entities {
			asked = asked || e.char == id
		}
		if !asked {
			return true
		}
	}
	return false
}

// hasCompoundOf: the sentence has a longer word ending in a word of the
// question, a name made of it ("Sachsenklinik" for "Wie heißt die Klinik?").
func (b *Base) hasCompoundOf(q *query, s int) bool {
	for _, t := range b.sentences[s].tokens {
		for _, qt := range q.terms {
			if len(qt.norm) >= 4 && len(t.Norm) > len(qt.norm)+2 && strings.HasSuffix(t.Norm, qt.norm) {
				return true
			}
		}
	}
	return false
}

// answerRelation answers "Wer ist die Mutter von Lukas?" and "Wie heißt der
// Sohn von Roland?" from the relations the model read, with the sentence
// they were read from as the source.
func (b *Base) answerRelation(q *query, ans *Answer) bool {
	if len(q.kin) == 0 || len(q.entities) == 0 || len(q.terms) > len(q.kin) {
		// Only when the relative is what is asked: not for "Wohin fährt
		// Paula mit ihrem Großvater?".
		return false
	}
	switch q.kind {
	case typePerson, typeName, typeDescription, typeAny:
	default:
		return false
	}
	for _, e := range q.entities {
		c := b.characters[e.char]
		for _, kin := range q.kin {
			for _, r := range c.Relations {
				if r.Other == "" || !sameKin(r.Kind, kin) {
					continue
				}
				si, ok := c.relationSource[strings.ToLower(r.Kind)+"|"+r.Other]
				if !ok {
					continue
				}
				b.fill(ans, []int{si}, 5)
				lead := r.Other + " – " + r.Kind + " von " + dative(c.Name) + "."
				ans.Text = truncateRunes(lead+" "+ans.Text, MaxAnswerLen)
				return true
			}
		}
	}
	return false
}

// sameKin matches a relation kind against an asked kinship noun: "Sohn"
// answers "Sohn" and "Kind", "Ehefrau" answers "Frau".
func sameKin(kind, asked string) bool {
	k := analysis.Normalize(kind)
	switch {
	case k == asked:
		return true
	case asked == "kind":
		return k == "sohn" || k == "tochter"
	case asked == "eltern":
		return k == "vater" || k == "mutter"
	case asked == "ehepartner":
		return k == "ehepartner" || k == "ehemann" || k == "ehefrau" || k == "mann" || k == "frau"
	case asked == "frau" || asked == "mann":
		return strings.HasSuffix(k, asked) && !strings.HasPrefix(k, "ex-")
	}
	return false
}

// resolveRelatives turns "die Tochter von Frau Sonnenberger" into the
// daughter herself when the model knows her, so the question is about
// her; the named person stays as related. Questions that ask for the
// relative ("Wer ist die Tochter von …?") are answered by answerRelation.
func (b *Base) resolveRelatives(q *query) {
	if len(q.kin) == 0 || len(q.entities) == 0 || len(q.terms) <= len(q.kin) {
		return
	}
	for i, e := range q.entities {
		c := b.characters[e.char]
		for _, kin := range q.kin {
			for _, r := range c.Relations {
				if r.Other == "" || !sameKin(r.Kind, kin) {
					continue
				}
				if other, ok := b.characterNamed(r.Other); ok {
					episodes := map[int]bool{}
					for _, s := range b.charSentences[e.char] {
						episodes[b.sentences[s].episode] = true
					}
					q.entities[i] = entityMatch{char: other, related: append([]int{e.char}, e.related...), episodes: episodes}
					q.terms = dropTerm(q.terms, kin)
					return
				}
			}
		}
	}
}

func (b *Base) characterNamed(name string) (int, bool) {
	for _, c := range b.characters {
		if c.Name == name {
			return c.id, true
		}
	}
	return 0, false
}

func dropTerm(terms []queryTerm, norm string) []queryTerm {
	out := terms[:0:0]
	for _, t := range terms {
		if t.norm != norm && !(norm == "ehepartner" && (t.norm == "verheiratet" || t.norm == "ehe")) {
			out = append(out, t)
		}
	}
	return out
}
