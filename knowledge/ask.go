package knowledge

import (
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// query is a question after analysis.
type query struct {
	tokens []analysis.Token
	kind   answerType
	// typeFeatures are what the question-type classifier reads.
	typeFeatures []string
	entities     []entityMatch
	terms        []queryTerm
	// focusStems are the stems of words that name the kind of answer.
	focusStems map[string]bool
	// residence: "Wo wohnt/lebt X?" asks for a named place (a town), not
	// any place noun ("in die Klinik").
	residence bool
	unknown   string // a name-like word that matches no character
	pairs     [][2]string
	kin       []string // kinship nouns asked about ("die Mutter von Jannik")
	position  int      // -1: asks about the beginning, +1: about the end
	// asksCast: "Wer spielt X?" asks for an actor: the verb "spielen" with
	// a person asked about and nothing else to find.
	asksCast bool
	// anchors are the best-retrieved sentences of a question that names
	// no one ("Was hat die Zugbegleiterin?"): where the text speaks of
	// the asked person or thing. Set by centers.
	anchors []int
	// nameStarts are the first tokens of the names the question uses.
	nameStarts []int
	// clock: "Um wie viel Uhr …?" asks for a time of day, not a date.
	clock bool
}

type entityMatch struct {
	char int
	// described: the question named the person by a role, not a name.
	described bool
	related   []int // for "Holgers Vater": Holger and his other relatives
	// episodes, when set, limits the match to these episodes: "der Sohn
	// von Frau Beck" is the Jannik of her episode, not every Jannik.
	episodes map[int]bool
}

type queryTerm struct {
	norm string
	at   int // the token's index in the question
	// afterWhich marks the noun after "welche": the answer names one.
	afterWhich bool
	// kin marks a kinship word ("Mutter", "verheiratet"): a relation of
	// the model can answer it.
	kin bool
	// noun: the word is a noun or unknown to the lexicon (a name, a rare
	// term), so a passage without it lacks a thing the question is about.
	noun bool
	// known: the lexicon knows the word (after repairing a colloquial
	// spelling); an unknown word is a name, a typo or slang.
	known bool
	// person: the lexicon classes the word as a person or a job.
	person bool
	stems  map[string]matchKind // stem of a corpus word → how it spells the question word
	idf    float64
	focus  answerType // the word names the kind of answer ("Krankheit")
	// counted: the noun after "wie viele" names what the answer counts.
	counted bool
	// describes: the word is how the question names the person asked
	// about ("der Fahrlehrer"); a sentence about that person needs not
	// repeat it.
	describes bool
	// doctor: the word names a physician ("Ärztin", "Kinderarzt"; the
	// lexicon relates it to "Doktor"), which a "Dr." before a name shows.
	doctor bool
	// feminine: a person noun of the female form ("Welche Ärztin …?")
	// asks for a woman; the masculine form is also said of women.
	feminine bool
}

// analyse reads the question word, the characters named, and the content
// words with their spellings in the corpus.
func (b *Base) analyse(question string) *query {
	toks := analysis.Colloquial(analysis.Tokenize(question))
	q := &query{tokens: embeddedQuestion(toks)}
	if lead := toks[:len(toks)-len(q.tokens)]; b.namesSomeone(lead) {
		// "und jürgen, wer ist das": the lead-in is the topic.
		q.tokens = toks
	}
	used := make([]bool, len(q.tokens))
	lastTermAt := -1 // the token of the last content word
	b.findEntities(q, used)
	b.correctSpelling(q.tokens, used)
	q.typeFeatures = questionTypeFeatures(q.tokens, used)
	q.kind = questionKind(q.tokens)
	q.clock = q.kind == typeTime && slices.ContainsFunc(q.tokens, func(t analysis.Token) bool { return t.Norm == "uhr" || t.Norm == "uhrzeit" })
	if q.kind == typeName {
		// "Wie heißt die Folge …?" asks for a title, not a person's name.
		for _, t := range q.tokens {
			if namesEpisode(t) {
				q.kind = typeAny
				break
			}
		}
	}
	if i := whatIsMissing(q.tokens); i >= 0 {
		used[i] = true // "fehlt" in "Was fehlt ihm?" asks, it is no content
	}
	separated := map[int]string{}
	for _, v := range separableVerbs(q.tokens, joinSeparable) {
		separated[v.verb] = v.lemma
	}
	for i, t := range q.tokens {
		if i > 0 {
			q.pairs = append(q.pairs, [2]string{q.tokens[i-1].Norm, t.Norm})
		}
		if used[i] || analysis.IsStopWord(t.Norm) {
			continue
		}
		lemmas := lexicon.Default().Lemmas(t.Surface) // read once for the lemma sets below
		if questionHelpers.hasWord(t.Norm, lemmas) {
			continue
		}
		if q.kind == typeMeasure && measureAdjectives[t.Norm] && tokenAt(q.tokens, i-1).Norm == "wie" {
			if k, _ := focusType(t); k == typeMoney {
				q.kind = typeMoney // "Wie teuer …?"
			}
			continue // "hoch" in "Wie hoch …?" only asks for a quantity
		}
		if tokenAt(q.tokens, i+1).Norm == "mal" && (strings.HasPrefix(t.Norm, "erst") || strings.HasPrefix(t.Norm, "letzt") || spelledNumber(t.Norm)) {
			continue // "zum ersten Mal", "das letzte Mal": when, not what
		}
		switch {
		case endWords.hasWord(t.Norm, lemmas):
			q.position = 1 // "am Ende": where, not what
			continue
		case startWords.hasWord(t.Norm, lemmas):
			q.position = -1
			continue
		}
		if _, ok := honorifics[t.Norm]; ok && (tokenAt(q.tokens, i+1).Capitalised || i+1 < len(used) && used[i+1]) {
			// "Frau Kranepuhl", also typed "frau kranepul": a title, not
			// the word for a wife.
			continue
		}
		isKin := true
		if marriageWords.hasWord(t.Norm, lemmas) {
			q.kin = append(q.kin, "ehepartner")
		} else if base, ok := kinOf(t); ok {
			q.kin = append(q.kin, base)
		} else {
			isKin = false
		}
		term := b.resolveTerm(t)
		if lemma, ok := separated[i]; ok {
			// "Wann bricht sie ab?" asks about "abbrechen", "Abbruch".
			term.expandLemma(b.index, lemma)
		}
		if namesEpisode(t) {
			// The product's word for an episode: its thesaurus senses
			// ("Ergebnis", "Wirkung") find nothing asked.
			for stem, k := range term.stems {
				if k != matchStem {
					delete(term.stems, stem)
				}
			}
		}
		if len(term.stems) == 0 && !term.known && !t.Capitalised && utf8.RuneCountInString(t.Norm) <= 3 && !isDigits(t.Norm) {
			continue // a short unknown word ("is", "nen") in no synopsis carries no content
		}
		term.kin = isKin
		term.describes = q.apposedToName(i)
		prev := tokenAt(q.tokens, i-1)
		term.counted = (prev.Norm == "viele" || prev.Norm == "viel") && tokenAt(q.tokens, i-2).Norm == "wie"
		if which := whichBefore(q.tokens, i); which >= 0 && !attributive(q.tokens, i) {
			// "In welcher Klinik …": the answer names a Klinik.
			term.afterWhich = true
			cls := lexicon.Default().Classes(t.Surface)
			switch {
			case q.kind != typeAny:
			case tokenAt(q.tokens, i-2).Norm == "in":
				q.kind = typePlace
			case !isKin && cls&(lexicon.Person|lexicon.Job) != 0:
				// "Welcher Arzt …?", "Welche Schwester …?": a person noun
				// asks for a person, named in the answer rather than
				// written as that noun.
				q.kind = typePerson
				term.focus = typePerson
				term.doctor = doctorWord(t.Surface)
				term.feminine = nounGender(t.Surface) == 'f'
			}
		}
		if (q.kind == typePlace || q.kind == typeDirection) && placeVerbs.hasWord(t.Norm, lemmas) {
			term.focus = q.kind
			q.residence = q.kind == typePlace
		}
		if (q.kind == typeNumber || q.kind == typeMeasure) && lexicon.Default().IsNoun(t.Surface) && moneyWord(lemmas) {
			q.kind, term.focus = typeMoney, typeMoney // "wie viel Kohle …?"
		}
		if kind, ok := focusType(t); ok {
			term.focus = kind
			if q.focusStems == nil {
				q.focusStems = map[string]bool{}
			}
			q.focusStems[analysis.Stem(t.Norm)] = true
			if q.kind == typeAny || q.kind == typePerson && kind != typeAge ||
				kind == typeMoney && (q.kind == typeNumber || q.kind == typeMeasure) {
				q.kind = kind // "Wie viel Geld …?" asks for an amount of money
			}
			if kind == typeAge {
				continue // "alt" only asks for an age
			}
		}
		if len(term.stems) == 0 && t.Capitalised && i > 0 && term.focus == typeAny && b.looksLikeName(q.tokens, i) {
			q.unknown = t.Surface
		}
		term.at = i
		q.terms = append(q.terms, term)
		lastTermAt = i
	}
	for _, t := range q.terms {
		if t.afterWhich && t.focus == typeAny {
			q.residence = false // "In welcher Klinik arbeitet X?" names the kind of place
		}
	}
	q.describeKin()
	b.resolveRelatives(q)
	b.resolveDescribed(q)
	b.resolveByContext(q)
	b.resolveByCompound(q)
	q.describeModifiers()
	// "Was will Jannik?": the modal is the content when nothing else is.
	if len(q.terms) == 0 {
		for _, t := range q.tokens {
			if t.Norm == "will" || t.Norm == "wollen" || t.Norm == "moechte" || t.Norm == "moechten" {
				q.terms = append(q.terms, b.resolveTerm(t))
				break
			}
		}
	}
	if q.kind == typePerson {
		// Besides the verb only words the lexicon does not know: the rest
		// of a name ("Wer spielt Wolfgang Treptow?").
		plays, other := 0, 0
		lex := lexicon.Default()
		for _, t := range q.terms {
			switch {
			case slices.Contains(lex.Lemmas(t.norm), "spielen"):
				plays++
			case t.known && !t.person && !t.kin && !t.describes && !adjectiveOnly(q.tokens[t.at]) && !afterEpisodeWord(q.tokens, t.at):
				// A person noun or an adjective describes the role ("Wer
				// spielt den neuen Oberarzt Kluge?", "die Oma"); words
				// after "Folge" name the episode.
				other++
			}
		}
		q.asksCast = plays == 1 && other == 0 && (len(q.entities) > 0 || slices.ContainsFunc(q.terms, func(t queryTerm) bool { return t.person || t.kin }))
	}
	if q.kind == typeAny && len(q.entities) == 0 && hasHave(q.tokens) && q.onlySubject(lastTermAt) {
		// "Was hat der Opa?" with more than one grandfather in the text,
		// "was hat die Souffleuse" where the text never calls her that:
		// "haben" with a subject and no object still asks for an illness.
		q.kind = typeDisease
	}
	if (q.kind == typePerson || q.kind == typeAny || q.kind == typeName) && len(q.entities) > 0 {
		switch {
		case q.kind != typePerson && hasHave(q.tokens) && q.onlyNamesPeople(true):
			// "Was hat X?": "haben" without an object asks what X has,
			// and in a hospital the thing a person has is an illness or
			// injury.
			q.kind = typeDisease
		case q.onlyNamesPeople(false):
			q.kind = typeDescription
		}
	}
	if q.kind == typeAny {
		// What the question words leave open, the words around them may
		// say ("was arbeitet X", "was hat sie am arm").
		q.kind = b.guessType(q)
	}
	return q
}

// apposedToName: the word at i is a noun in apposition to the name right
// after it ("der strassenbauer marko gebhard", "die kleine Tochter Lina"):
// it says who is asked about, not what the answer must hold. An article
// (with adjectives or an age between) before it marks the noun phrase.
func (q *query) apposedToName(i int) bool {
	t := q.tokens[i]
	if t.Punct != 0 || !slices.Contains(q.nameStarts, i+1) || analysis.IsStopWord(t.Norm) {
		return false
	}
	for k := i - 1; k >= 0 && k >= i-3; k-- {
		prev := q.tokens[k]
		if prev.Punct != 0 {
			return false
		}
		if determiners[prev.Norm] {
			return true
		}
		if !isInflectedAdjective(prev.Norm) && !isAgeNoun(prev) {
			return false
		}
	}
	return false
}

// correctSpelling repairs a slip of typing in a word that shapes the
// question ("hatt", "welche ärtzin", "die schwetser von …"): a word that
// neither the tables nor the synopses know, one edit away from a question
// word, a form of an auxiliary, a kinship noun, or a person or job noun
// after "welche". Content words are left to the corpus's own spelling
// repair, names to findEntities, which ran before.
func (b *Base) correctSpelling(toks []analysis.Token, used []bool) {
	lex := lexicon.Default()
	for i, t := range toks {
		w := strings.ToLower(t.Surface)
		n := utf8.RuneCountInString(w)
		if used[i] || n < 4 || analysis.IsStopWord(t.Norm) || isDigits(t.Norm) || lex.Listed(w) || questionHelpers[t.Norm] {
			continue
		}
		if _, inText := b.index.words[t.Norm]; inText {
			continue
		}
		candidates := lex.Corrections(w)
		if repaired, ok := lex.Repair(w); ok {
			candidates = append([]string{repaired}, candidates...)
		}
		// The first closed-class word; else the one kinship noun, or
		// person noun after "welche", among them (of "heist", "Geist" is
		// no repair: it is one of many words). Other content words match
		// the synopses' own spellings later.
		afterWhich := i > 0 && strings.HasPrefix(toks[i-1].Norm, "welche")
		var fix string
		fixes := 0
		for _, c := range candidates {
			norm := analysis.Normalize(c)
			if questionWords[norm] || auxiliaries[norm] || haveForms[norm] {
				fix, fixes = c, 1
				break
			}
			if n >= 5 && (lex.Classes(c)&lexicon.Kinship != 0 || afterWhich && lex.Classes(c)&(lexicon.Person|lexicon.Job) != 0) {
				fix = c
				fixes++
			}
		}
		if fixes != 1 {
			continue
		}
		if t.Capitalised {
			r, size := utf8.DecodeRuneInString(fix)
			fix = strings.ToUpper(string(r)) + fix[size:]
		}
		toks[i] = analysis.Token{Surface: fix, Norm: analysis.Normalize(fix), Capitalised: t.Capitalised, Punct: t.Punct}
	}
}

// whichBefore is the index of the "welche" that token i belongs to: right
// before it or before adjectives ("welche psychische Erkrankung",
// "welchen seltenen Pilz"); -1 if none.
func whichBefore(toks []analysis.Token, i int) int {
	for j := i - 1; j >= 0 && j >= i-3; j-- {
		if strings.HasPrefix(toks[j].Norm, "welche") {
			return j
		}
		if !attributive(toks, j) {
			return -1
		}
	}
	return -1
}

// attributive: token i reads as an inflected adjective before a word that
// reads as a noun ("psychische erkrankung" typed in lower case).
func attributive(toks []analysis.Token, i int) bool {
	if i+1 >= len(toks) || !isInflectedAdjective(toks[i].Norm) {
		return false
	}
	lex := lexicon.Default()
	adjective := slices.ContainsFunc(lex.Analyse(toks[i].Surface), func(a lexicon.Analysis) bool { return a.POS&(lexicon.Adjective|lexicon.Participle) != 0 })
	return adjective && lex.IsNoun(toks[i+1].Surface)
}

// namesClockTime: a time of day, "um 9 Uhr", "4:12 Uhr", "gegen halb
// drei", "um 7.30 Uhr".
func namesClockTime(toks []analysis.Token) bool {
	for i, t := range toks {
		next := tokenAt(toks, i+1).Norm
		number := isDigits(t.Norm) || spelledNumber(t.Norm) || clockDigits(t.Norm)
		if number && (next == "uhr" || i > 0 && toks[i-1].Norm == "halb") {
			return true
		}
	}
	return false
}

// clockDigits: digits and a colon or a dot, nothing else ("4:12", "7.30").
func clockDigits(norm string) bool {
	digits, separator := false, false
	for _, r := range norm {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == ':' || r == '.':
			separator = true
		default:
			return false
		}
	}
	return digits && separator
}

// adjectiveOnly: every reading the lexicon has of the word is an
// adjective or participle.
func adjectiveOnly(t analysis.Token) bool {
	readings := lexicon.Default().Analyse(t.Surface)
	return len(readings) > 0 && !slices.ContainsFunc(readings, func(a lexicon.Analysis) bool { return a.POS&(lexicon.Adjective|lexicon.Participle) == 0 })
}

// afterEpisodeWord: the token follows the product's word for an episode
// ("in der Folge Sonntagssuppe"), or is that word: it names the episode.
func afterEpisodeWord(toks []analysis.Token, i int) bool {
	for k := i; k >= 0 && k >= i-3; k-- {
		if namesEpisode(toks[k]) {
			return true
		}
	}
	return false
}

// clauseStart is the first token of the clause holding token i, at most
// six tokens back.
func clauseStart(toks []analysis.Token, i int) int {
	j := i
	for j > max(0, i-6) && toks[j-1].Punct == 0 {
		j--
	}
	return j
}

// onlyNamesPeople: the question has no content word but those that name
// the people asked about ("Was hat der Kranführer?"); with kin, also a
// kinship word said with the name ("was hat oma kreibich").
func (q *query) onlyNamesPeople(kin bool) bool {
	for _, t := range q.terms {
		if !t.describes && !(kin && t.kin) {
			return false
		}
	}
	return true
}

// describeKin marks an adjective right before a kinship word as part of
// how the relative is named ("Idas großer Bruder", "die kleine
// Schwester"), not a word the answer must hold.
func (q *query) describeKin() {
	lex := lexicon.Default()
	for i, t := range q.terms {
		next := tokenAt(q.tokens, t.at+1)
		if _, kin := kinOf(next); !kin || t.kin || next.Norm == "" {
			continue
		}
		for _, a := range lex.Analyse(q.tokens[t.at].Surface) {
			if a.POS&lexicon.Adjective != 0 {
				q.terms[i].describes = true
				break
			}
		}
	}
}

// describeModifiers: words after the role that named the asked person,
// in a modifier ("der Kanalinspekteur aus Chemnitz", "die Frau mit dem
// Hund"), are part of the description too.
func (q *query) describeModifiers() {
	for i := 1; i < len(q.terms); i++ {
		prev := q.terms[i-1]
		if !prev.describes || q.terms[i].at-prev.at > 3 {
			continue
		}
		between := q.tokens[prev.at+1 : q.terms[i].at]
		if len(between) > 0 && modifierPrepositions[between[0].Norm] && !slices.ContainsFunc(between, func(t analysis.Token) bool { return t.Punct != 0 }) && q.tokens[prev.at].Punct == 0 {
			q.terms[i].describes = true
		}
	}
}

// onlySubject: the question's content words only name who it is about:
// person nouns and relatives ("der Opa"), or one noun after a definite
// article (at token lastTermAt: "die Souffleuse").
func (q *query) onlySubject(lastTermAt int) bool {
	if len(q.terms) == 1 && lastTermAt > 0 && definiteArticles[q.tokens[lastTermAt-1].Norm] {
		return true
	}
	for _, t := range q.terms {
		if !t.kin && !t.person {
			return false
		}
	}
	return len(q.terms) > 0
}

// hasHave: a form of "haben" among the question's first words, or the
// idiom "Was fehlt …?" that asks the same of a patient.
func hasHave(toks []analysis.Token) bool {
	for _, t := range toks[:min(3, len(toks))] {
		if haveForms[t.Norm] {
			return true
		}
	}
	return whatIsMissing(toks) >= 0
}

// whatIsMissing finds "fehlen" right after an opening "was" ("Was fehlt
// dem Mann von Sabine?"), or -1.
func whatIsMissing(toks []analysis.Token) int {
	for i := 1; i < len(toks) && i < 3; i++ {
		if toks[i-1].Norm == "was" && slices.Contains(lexicon.Default().Lemmas(toks[i].Surface), "fehlen") {
			return i
		}
	}
	return -1
}

// questionWords open a German w-question (closed class).
var questionWords = set(`wer wen wem wessen was wo woher wohin warum wieso weshalb weswegen wann wie
welche welcher welches welchen welchem woran worauf womit wofuer wovon wozu worueber`)

// namesSomeone: the words name a character, also misspelt ("reinhold
// uhlich wie alt").
func (b *Base) namesSomeone(toks []analysis.Token) bool {
	if len(toks) == 0 {
		return false
	}
	q := &query{tokens: toks}
	b.findEntities(q, make([]bool, len(toks)))
	return len(q.entities) > 0
}

// embeddedQuestion drops a chatty lead-in before a question after a comma
// or colon: "Weiß jemand, wer die Tochter von X ist?", "sag mal, warum
// …", "kurze Frage: wo …". A question that starts with its own question
// word is left as it is.
func embeddedQuestion(toks []analysis.Token) []analysis.Token {
	if len(toks) == 0 || questionWords[toks[0].Norm] {
		return toks
	}
	for i := 1; i < len(toks); i++ {
		if p := toks[i-1].Punct; (p == ',' || p == ':') && questionWords[toks[i].Norm] {
			// Before a comma the lead-in names nothing ("Hat Frau Quaas,
			// wie sie sagt, Fieber?" keeps its subject).
			for _, t := range toks[1:i] {
				if t.Capitalised && p == ',' {
					return toks
				}
			}
			return toks[i:]
		}
		if toks[i-1].Punct != 0 && toks[i-1].Punct != ',' {
			return toks
		}
		// Typed without the comma: "weiß jemand warum …". A lead-in
		// opened by a function word ("hat sie was gegessen", "seit wann")
		// is the question itself, and so are keywords before a question
		// word at the end ("backstube übergabe wann", "wehrleiterwahl wer
		// gewinnt"): chatter holds no noun, and a question goes on.
		if i <= 4 && len(toks)-i > 2 && questionWords[toks[i].Norm] && !analysis.IsStopWord(toks[0].Norm) && !prepositions[toks[0].Norm] &&
			!slices.ContainsFunc(toks[:i], func(t analysis.Token) bool {
				return t.Capitalised || t.Punct != 0 || !analysis.IsStopWord(t.Norm) && onlyNoun(t.Surface)
			}) {
			return toks[i:]
		}
	}
	return toks
}

// onlyNoun: every reading the lexicon has of the word is a noun ("Weiß"
// is also a form of "wissen", "frage" one of "fragen").
func onlyNoun(word string) bool {
	readings := lexicon.Default().Analyse(word)
	return len(readings) > 0 && !slices.ContainsFunc(readings, func(a lexicon.Analysis) bool { return a.POS != lexicon.Noun })
}

// sizeByComparison: an adjective of size made from a noun ("walnussgroß",
// "faustgroße").
func sizeByComparison(norm string) bool {
	for _, end := range []string{"gross", "grosse", "grossen", "grosser", "grosses"} {
		if w, ok := strings.CutSuffix(norm, end); ok && len(w) >= 3 {
			return true
		}
	}
	return false
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
			if i > 0 && at(i-1) == "als" {
				return typeJob // "Als was arbeitet X?"
			}
			if i+1 < len(toks) && measureVerbs.has(toks[i+1]) {
				return typeMeasure
			}
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
				if at(i+2) == "uhr" {
					return typeTime // "Um wie viel Uhr …?"
				}
				return typeNumber
			case "alt":
				return typeAge
			case "lange":
				return typeTime
			case "heisst", "heissen", "hiess", "heist", "hies": // also typed with s for ß
				return typeName
			}
			if measureAdjectives[at(i+1)] {
				return typeMeasure
			}
			return typeAny
		case "woran":
			return typeDisease
		case "welche", "welcher", "welches", "welchen", "welchem":
			return typeAny // the noun after it is a focus word or content
		}
	}
	if len(toks) > 0 && opensWithVerb(toks[0]) {
		return typeYesNo
	}
	return typeAny
}

// auxiliaries are the finite forms of the auxiliary and modal verbs a
// yes/no question opens with; a closed class, and some also read as nouns
// ("Muss", "Waren").
var auxiliaries = set(`ist sind hat hatte haben wird werden kann muss war waren will darf`)

// opensWithVerb: a question opening with a finite verb asks yes or no
// ("Überlebt sie den Eingriff?"). Other verbs count when the lexicon
// gives them no noun reading, so a keyword like "folge" or "ende" does not.
func opensWithVerb(t analysis.Token) bool {
	if auxiliaries[t.Norm] {
		return true
	}
	verb := false
	for _, a := range lexicon.Default().Analyse(t.Surface) {
		if a.POS&lexicon.Noun != 0 {
			return false
		}
		verb = verb || a.POS&lexicon.Verb != 0
	}
	return verb
}

// questionHelpers shape a question but are not content: quantity and
// frequency ("wie viele", "wie oft"), the light verbs of "Was passiert?",
// "Was steht …?", "Was erfahren wir?", and the product's own word for the
// texts. "heist" and "hies" are the common misspellings of "heißt/hieß".
var questionHelpers = lemmas(`viel oft lange passieren erfahren zusammenfassung steht heist hies`)

// looksLikeName: a capitalised word in mid-question that is not a word of
// the corpus and not after an article is most likely a person's name. A
// common noun of the lexicon is one only after a title or a first name
// ("Herr Koch", "Thomas Müller"; not "Wo hat Gunnar Eishockey gespielt?").
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
	var spans []entitySpan
	defer func() {
		for _, sp := range spans {
			q.nameStarts = append(q.nameStarts, sp.start)
		}
		b.splitNameAcross(q, spans)
	}()
	for i := 0; i < len(toks); i++ {
		if used[i] {
			continue
		}
		for n := min(4, len(toks)-i); n >= 1; n-- {
			ids, ok := b.lookupAlias(toks[i : i+n])
			if !ok {
				continue
			}
			if _, titled := honorifics[toks[i].Norm]; !titled && determiners[tokenAt(toks, i-1).Norm] && lexicon.Default().IsNoun(toks[i].Surface) {
				break // "im Sommer" is a season, not Frau Sommer; "die Elfriede" is her
			}
			for k := i; k < i+n; k++ {
				used[k] = true
			}
			if _, isTitle := honorifics[tokenAt(toks, i-1).Norm]; isTitle {
				used[i-1] = true
			}
			spans = append(spans, entitySpan{i, i + n, len(q.entities), ids})
			q.entities = append(q.entities, b.entity(ids[0]))
			break
		}
	}
	for i, t := range toks {
		if used[i] || analysis.IsStopWord(t.Norm) || len(t.Norm) < 4 {
			continue
		}
		_, inText := b.index.words[t.Norm]
		if inText && (!t.Capitalised || lexicon.Default().IsNoun(t.Surface)) || determiners[tokenAt(toks, i-1).Norm] {
			// A common noun the synopses use ("Fieber") is no misspelt
			// name ("Weber"), nor is a capitalised word after an article
			// ("welchem Sender", not "Sander").
			continue
		}
		if sp := spanStarting(spans, i+1); sp != nil {
			// "luckas kürschner": a misspelt first name before a surname
			// the text has is the first name of that family's member.
			if id, ok := b.firstNameFits(sp.ids, t.Norm); ok {
				used[i], sp.start = true, i
				q.entities[sp.entity] = b.entity(id)
				continue
			}
		}
		if id, ok := b.fuzzyCharacter(t.Norm); ok {
			used[i] = true
			start := i
			if i > 0 && !used[i-1] && analysis.Normalize(firstName(b.characters[id].Name)) == toks[i-1].Norm {
				// "veronika dämrich": the first name belongs to the
				// misspelt surname's person.
				used[i-1], start = true, i-1
			}
			if slices.ContainsFunc(q.entities, func(e entityMatch) bool { return e.char == id }) {
				continue // "imke hesselbart": the first name found her already
			}
			spans = append(spans, entitySpan{start, i + 1, len(q.entities), []int{id}})
			q.entities = append(q.entities, b.entity(id))
		}
	}
}

// firstName is the first word of a name after titles ("Dr. Kai
// Hoffmann" → "Kai").
func firstName(name string) string {
	words := strings.Fields(name)
	for len(words) > 1 {
		w := analysis.Normalize(strings.TrimSuffix(words[0], "."))
		if _, title := honorifics[w]; !title && !academicTitles[w] {
			break
		}
		words = words[1:]
	}
	if len(words) == 0 {
		return ""
	}
	return words[0]
}

// entitySpan is where a question names an entity: tokens [start, end),
// read as q.entities[entity], one of the characters ids the words may
// mean.
type entitySpan struct {
	start, end, entity int
	ids                []int
}

// sameSpelling: typed is the word, or a slip of it within the typo budget
// of its length.
func sameSpelling(word, typed string) bool {
	budget := analysis.TypoBudget(utf8.RuneCountInString(typed))
	return word == typed || analysis.Distance(word, typed, budget) <= budget
}

func spanStarting(spans []entitySpan, i int) *entitySpan {
	for k := range spans {
		if spans[k].start == i {
			return &spans[k]
		}
	}
	return nil
}

// firstNameFits is the one of ids whose first name the word is, within
// the typo budget of its length.
func (b *Base) firstNameFits(ids []int, norm string) (int, bool) {
	budget := max(1, analysis.TypoBudget(utf8.RuneCountInString(norm)))
	for _, id := range ids {
		c := b.characters[id]
		if !strings.Contains(c.Name, " ") {
			continue
		}
		if first := analysis.Normalize(firstName(c.Name)); first != "" && analysis.Distance(norm, first, budget) <= budget {
			return id, true
		}
	}
	return -1, false
}

// splitNameAcross reads two different characters named by adjacent words
// ("thomas wendland" where the text has a Thoma and a Gerhard Wendland)
// as one person the synopses do not know: a fan names one person with
// first name and surname, and two people with "und" between them.
//
// A first name the synopses give alone, followed by another character's
// surname ("frieda reichelt" where the text has a Frieda and a Jonte
// Reichelt), is that first name's person: families share a surname.
func (b *Base) splitNameAcross(q *query, spans []entitySpan) {
	drop := map[int]bool{}
	for _, a := range spans {
		for _, c := range spans {
			if c.start != a.end || q.tokens[a.end-1].Punct != 0 || q.entities[a.entity].char == q.entities[c.entity].char {
				continue
			}
			first, other := b.characters[q.entities[a.entity].char], b.characters[q.entities[c.entity].char]
			if a.end-a.start == 1 && c.end-c.start == 1 && !strings.Contains(first.Name, " ") &&
				strings.Contains(other.Name, " ") && sameSpelling(analysis.Normalize(lastWord(other.Name)), q.tokens[c.start].Norm) {
				drop[c.entity] = true
				continue
			}
			var words []string
			for _, t := range q.tokens[a.start:c.end] {
				words = append(words, t.Surface)
			}
			q.unknown = strings.Join(words, " ")
		}
	}
	if len(drop) > 0 {
		kept := q.entities[:0]
		for i, e := range q.entities {
			if !drop[i] {
				kept = append(kept, e)
			}
		}
		q.entities = kept
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
	// Genitive: "Brandts", "Jonas'".
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

// fuzzyCharacter repairs a misspelt name: "berjer" → Berger, "grethe"
// → Greta, "meier" → Meyer.
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
	// Sound-alikes may differ by two edits ("maier"/"meyer"); other
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

func containsInt(ids []int, id int) bool {
	for _, have := range ids {
		if have == id {
			return true
		}
	}
	return false
}

// satisfies reports whether a sentence holds the kind of answer asked for.
func (b *Base) satisfies(s int, kind answerType) bool { return b.satisfiesBut(s, kind, nil) }

// satisfiesBut is satisfies where the question's own focus words do not
// count: "Beruf" in a sentence is no answer to "Was ist X von Beruf?".
func (b *Base) satisfiesBut(s int, kind answerType, focus map[string]bool) bool {
	sent := b.sentences[s]
	toks := sent.tokens()
	has := func(pred func(i int, t analysis.Token) bool) bool {
		for i, t := range toks {
			if pred(i, t) && (len(focus) == 0 || !focus[analysis.Stem(t.Norm)]) {
				return true
			}
		}
		return false
	}
	switch kind {
	case typePerson:
		return len(sent.mentions) > 0 || has(func(_ int, t analysis.Token) bool { _, ok := kinOf(t); return t.Capitalised && ok })
	case typeNumber:
		return has(func(i int, t analysis.Token) bool {
			return (isDigits(t.Norm) || spelledNumber(t.Norm)) && !whenOrWhich(toks, i)
		})
	case typeMeasure:
		// A number, or a size by comparison ("eine walnussgroße Beule").
		return has(func(i int, t analysis.Token) bool {
			return (isDigits(t.Norm) || spelledNumber(t.Norm)) && !whenOrWhich(toks, i) || sizeByComparison(t.Norm)
		})
	case typeMoney:
		// A number with a currency: "1.290 Euro", "zehn Dollar".
		return has(func(i int, t analysis.Token) bool {
			if !isDigits(t.Norm) && !spelledNumber(t.Norm) && !numberWords[t.Norm] {
				return false
			}
			for k := i + 1; k < len(toks) && k <= i+2; k++ {
				if b.index.classOf(toks[k])&lexicon.Currency != 0 {
					return true
				}
			}
			return false
		})
	case typeAge:
		return has(func(i int, _ analysis.Token) bool { return isAgeAt(sent, toks, i) })
	case typeTime, typeReason, typePlace:
		return has(func(i int, _ analysis.Token) bool { return b.tokenIs(kind, sent, toks, i) })
	case typeDirection:
		return has(func(i int, t analysis.Token) bool {
			return i > 0 && t.Capitalised && (directionPrepositions[toks[i-1].Norm] || i > 1 && directionPrepositions[toks[i-2].Norm] && determiners[toks[i-1].Norm])
		})
	case typeDisease:
		return has(func(i int, _ analysis.Token) bool { return b.tokenIs(kind, sent, toks, i) })
	case typeJob:
		return len(sent.occupationAt) > 0 || has(func(i int, _ analysis.Token) bool { return b.tokenIs(kind, sent, toks, i) })
	}
	return false
}

// tokenIs: token i of sentence sent is a word of the given kind: a time
// word or a number, a word giving a reason, a place (a Place word or a
// capitalised word after a preposition), an illness, injury or symptom
// the lexicon knows or a technical term it does not know at all
// ("Rhabdomyolyse"), a job that names no one. satisfiesBut asks it of a
// sentence, type_near of each word.
func (b *Base) tokenIs(kind answerType, sent *sentence, toks []analysis.Token, i int) bool {
	t := toks[i]
	switch kind {
	case typeTime:
		return b.index.classOf(t)&lexicon.Time != 0 || isDigits(t.Norm)
	case typeReason:
		return reasonWords[t.Norm] || b.index.links.tags[t.Norm]&tagReason != 0
	case typePlace:
		return b.index.classOf(t)&lexicon.Place != 0 || t.Capitalised && i > 0 && prepositions[toks[i-1].Norm] && !analysis.IsStopWord(t.Norm)
	case typeDisease:
		return b.medicalWord(sent, toks, i) != 0
	case typeJob:
		return t.Capitalised && b.index.classOf(t)&lexicon.Job != 0 && !inMention(sent, i)
	}
	return false
}

// whenOrWhich: the number at i says when or which, not how many or
// how much: "gegen vier Uhr", "am 20. März".
// An ordinal says which one ("in den vierten Stock"), not how many.
func whenOrWhich(toks []analysis.Token, i int) bool {
	next := tokenAt(toks, i+1)
	return next.Norm == "uhr" || toks[i].Punct == '.' && lexicon.Default().Classes(next.Surface)&lexicon.Time != 0 || ordinal(toks[i].Norm)
}

// ordinal: a spelled-out ordinal number ("vierten", "dreissigsten").
func ordinal(norm string) bool {
	return !isDigits(norm) && (strings.HasSuffix(norm, "ten") || strings.HasSuffix(norm, "te")) && spelledNumber(norm)
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

// strict answer kinds cannot be answered by a passage that lacks them:
// "Wie alt ist Lina?" needs an age, not any sentence about Lina.
func strict(kind answerType) bool {
	switch kind {
	case typeMeasure, typeMoney, typeNumber, typeAge, typeTime, typeDisease, typeJob, typeName:
		return true
	}
	return false
}

// profile is a one-line summary of a character: "Lina: Tochter von Herr
// Brandt, Schülerin."
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

// satisfiesQuery is satisfies with what the question adds: who was asked
// about ("Wer operiert Marco?" wants someone other than Marco), and the
// roles the model read for them ("Was ist X von Beruf?").
func (b *Base) satisfiesQuery(q *query, s int) bool {
	switch {
	case q.clock:
		return namesClockTime(b.sentences[s].tokens())
	case q.asksCast:
		// An actor is named where the text says who plays whom.
		return slices.ContainsFunc(b.sentences[s].tokens(), func(t analysis.Token) bool {
			return !t.Capitalised && slices.Contains(lexicon.Default().Lemmas(t.Surface), "spielen")
		})
	case q.kind == typeName:
		return b.namesSomeoneElse(q, s) || b.hasCompoundOf(q, s)
	case q.kind == typePerson && len(q.entities) > 0:
		return b.namesSomeoneElse(q, s) || len(b.sentences[s].mentions) == 0 && b.namesOtherKin(q, s)
	case q.kind == typeJob && len(q.entities) > 0:
		return b.jobOfAsked(q, s) || b.hasRoleOf(q, s)
	case q.residence:
		return b.namesPlace(s)
	case q.kind == typeDisease:
		return b.satisfiesBut(s, typeDisease, q.focusStems) || b.namesIllness(s)
	}
	return b.satisfiesBut(s, q.kind, q.focusStems)
}

// jobOfAsked: the sentence names a job that may be an asked person's: an
// occupation the model read for them, or a job word it gave no one else
// ("Herr Wuttig ist Hausmeister" is no answer to Frau Fritzsche's job).
func (b *Base) jobOfAsked(q *query, s int) bool {
	sent := b.sentences[s]
	someoneElse := map[int]bool{}
	for _, o := range sent.occupationAt {
		if q.asks(o.char) {
			return true
		}
		someoneElse[o.token] = true
	}
	for i, t := range sent.tokens() {
		if t.Capitalised && !someoneElse[i] && !inMention(sent, i) && !q.focusStems[analysis.Stem(t.Norm)] &&
			b.index.classOf(t)&lexicon.Job != 0 {
			return true
		}
	}
	return false
}

// namesPlace: a capitalised word after a preposition that is neither a
// common noun of the lexicon nor part of a person's name ("aus Taucha",
// "in Bad Düben").
func (b *Base) namesPlace(s int) bool {
	sent := b.sentences[s]
	lex := lexicon.Default()
	toks := sent.tokens()
	for i, t := range toks {
		if i > 0 && t.Capitalised && prepositions[toks[i-1].Norm] && !inMention(sent, i) &&
			!analysis.IsStopWord(t.Norm) && !lex.IsNoun(t.Surface) {
			return true
		}
	}
	return false
}

// medicalWord classifies token i as evidence of an illness: a word the
// lexicon files under illness or injury (medicalNamed), under symptom only
// (medicalSymptom), or a technical term it does not know at all
// (medicalUnknown; after a preposition such a word is a place, "aus
// Böhlen"); 0 for anything else.
func (b *Base) medicalWord(sent *sentence, toks []analysis.Token, i int) medicalEvidence {
	t := toks[i]
	if !t.Capitalised || inMention(sent, i) {
		return 0
	}
	switch cls := b.index.classOf(t); {
	case cls&(lexicon.Illness|lexicon.Injury) != 0:
		return medicalNamed
	case cls&lexicon.Symptom != 0:
		return medicalSymptom
	case b.index.unknownWord(t) && (i == 0 || !prepositions[toks[i-1].Norm]) && !b.placeNames[t.Norm]:
		return medicalUnknown
	}
	return 0
}

type medicalEvidence uint8

const (
	medicalNamed medicalEvidence = 1 << iota
	medicalSymptom
	medicalUnknown
)

// namesIllness: an illness word the lexicon does not know, named where the
// text says someone suffers from or is diagnosed with something: "leidet
// an einem Bandscheibenvorfall", "diagnostiziert bei ihr Mukoviszidose".
func (b *Base) namesIllness(s int) bool { return len(b.cuedThings(s)) > 0 }

// cuedThings are the positions of the things sentence s names after a
// diagnosis cue, one per cue: what the text says someone has.
func (b *Base) cuedThings(s int) []int {
	sent := b.sentences[s]
	toks := sent.tokens()
	firstThing := func(from, to int) int {
		for j := from; j < min(len(toks), to); j++ {
			if n := toks[j]; n.Capitalised && !analysis.IsStopWord(n.Norm) && !inMention(sent, j) &&
				b.index.classOf(n)&(lexicon.Person|lexicon.Job|lexicon.Kinship) == 0 {
				return j // a thing, not "der Mutter" the diagnosis is told to
			}
		}
		return -1
	}
	var things []int
	add := func(j int) {
		if j >= 0 && !slices.Contains(things, j) {
			things = append(things, j)
		}
	}
	for i, t := range toks {
		// The illness follows the cue ("leidet an einer Gastritis") or,
		// in a clause ending in a verb, precedes it ("die eine
		// Addison-Krise diagnostiziert"); a noun cue ("die Diagnose")
		// has it after.
		if b.index.links.tags[t.Norm]&tagIllnessCue == 0 {
			continue
		}
		if j := firstThing(i+1, i+7); j >= 0 {
			add(j)
		} else if !t.Capitalised {
			add(firstThing(clauseStart(toks, i), i))
		}
	}
	// "stellt eine Rhabdomyolyse fest": the diagnosis stands between the
	// finite verb and its particle at the end of the clause.
	for _, v := range separableVerbs(toks, joinSeparable) {
		if diseaseCues[analysis.Normalize(v.lemma)] {
			add(firstThing(v.verb+1, v.particle))
		}
	}
	return things
}

// doctorWord: the lexicon relates the word, its masculine form or its
// compound head to "Doktor" ("Ärztin" → Arzt, "Kinderärztin" → Ärztin).
func doctorWord(surface string) bool {
	lex := lexicon.Default()
	words := lex.Lemmas(surface)
	if parts := lex.Split(surface); len(parts) > 1 {
		words = append(words, strings.ToLower(parts[len(parts)-1]))
	}
	for _, w := range words {
		if base, ok := strings.CutSuffix(w, "in"); ok && len(base) >= 3 {
			words = append(words, base, strings.NewReplacer("ä", "a", "ö", "o", "ü", "u").Replace(base))
		}
	}
	for _, w := range words {
		if w == "doktor" {
			return true
		}
		for _, r := range lex.Related(w) {
			if r.Word == "doktor" && !r.Broader {
				return true
			}
		}
	}
	return false
}

// fitsPersonNoun: the character is what a "Welche Ärztin …?" question
// asks for: a role spelled like the question's noun (its stems hold
// compounds and synonyms: "Oberärztin" for "Ärztin"), or a doctor's title
// for a doctor word; "Ärztin" asks for no man.
func (c *Character) fitsPersonNoun(t queryTerm) bool {
	if t.feminine && c.gender == 'm' {
		return false
	}
	if t.doctor && (strings.HasPrefix(c.Name, "Dr.") || strings.HasPrefix(c.Name, "Prof.")) {
		return true
	}
	for _, role := range c.occupations {
		if _, ok := t.stems[analysis.Stem(analysis.Normalize(role))]; ok {
			return true
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
			for _, t := range b.sentences[s].tokens() {
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
		if !q.asks(id) {
			return true
		}
	}
	return false
}

// namesOtherKin: the sentence names a relative by a kinship noun that is
// not the asked person's own: "Wer trennt sich von Holgers Vater?" is
// not answered by "… von seinem Vater".
func (b *Base) namesOtherKin(q *query, s int) bool {
	var own []string // the kinship words of asked unnamed relatives
	for _, e := range q.entities {
		if k := b.characters[e.char].kin; k != "" {
			base, _ := kinOf(analysis.Token{Surface: k, Norm: analysis.Normalize(k), Capitalised: true})
			own = append(own, base)
		}
	}
	for _, t := range b.sentences[s].tokens() {
		if base, ok := kinOf(t); t.Capitalised && ok && !slices.Contains(own, base) {
			return true
		}
	}
	return false
}

// asks: the question names the character.
// asksRelated: char is a relative of an asked person that the question
// may mean ("Wie alt ist Idas Bruder?").
func (q *query) asksRelated(char int) bool {
	for _, e := range q.entities {
		if containsInt(e.related, char) {
			return true
		}
	}
	return false
}

func (q *query) asks(char int) bool {
	for _, e := range q.entities {
		if e.char == char {
			return true
		}
	}
	return false
}

// hasCompoundOf: the sentence has a longer word ending in a word of the
// question, a name made of it ("Muldentalklinik" for "Wie heißt die Klinik?").
func (b *Base) hasCompoundOf(q *query, s int) bool {
	for _, t := range b.sentences[s].tokens() {
		for _, qt := range q.terms {
			if len(qt.norm) >= 4 && len(t.Norm) > len(qt.norm)+2 && strings.HasSuffix(t.Norm, qt.norm) {
				return true
			}
		}
	}
	return false
}

// relativesAs lists the character's named relatives of the asked kind.
func (c *Character) relativesAs(kin string) []Relation {
	var out []Relation
	for _, r := range c.Relations {
		if r.Other != "" && sameKin(r.Kind, kin) {
			out = append(out, r)
		}
	}
	return out
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
	// The thesaurus relates kinship words of one meaning: "Freundin" is
	// asked, the text says "Lebensgefährtin".
	if _, isKin := kinship[k]; !isKin || kinGender(k) != kinGender(asked) {
		return false
	}
	for _, r := range lexicon.Default().Related(kind) {
		if !r.Broader && analysis.Normalize(r.Word) == asked {
			return true
		}
	}
	return false
}

// resolveRelatives turns "die Tochter von Frau Sonnenberger" into the
// daughter herself when the model knows her, so the question is about
// her; the named person stays as related. Questions that ask for the
// relative ("Wer ist die Tochter von …?") are answered by answerRelation.
func (b *Base) resolveRelatives(q *query) {
	if len(q.kin) == 0 || len(q.entities) == 0 {
		return
	}
	content := 0 // words beyond how the relative is named ("Idas großer Bruder")
	for _, t := range q.terms {
		if !t.describes {
			content++
		}
	}
	if content <= len(q.kin) && (q.kind == typePerson || q.kind == typeName) {
		return // "Wer ist die Mutter von …?" asks for the relative
	}
	for i, e := range q.entities {
		c := b.characters[e.char]
		for _, kin := range q.kin {
			for _, r := range c.relativesAs(kin) {
				if other, ok := b.characterNamed(r.Other); ok {
					episodes := map[int]bool{}
					for _, s := range b.charSentences[e.char] {
						episodes[b.sentences[s].episode] = true
					}
					q.entities[i] = entityMatch{char: other, related: append([]int{e.char}, e.related...), episodes: episodes}
					q.dropKin(kin)
					return
				}
			}
		}
	}
}

// maxContextPeople bounds the guests a description by context may fit
// and still name them; a modifier stands at most maxModifierReach tokens
// after the noun, a relative clause's words maxRelativeReach.
const (
	maxContextPeople = 2
	maxModifierReach = 4
	maxRelativeReach = 8
	// clearLead: the guest the description's words point to most needs
	// twice the votes of the next to count as meant.
	clearLead = 2
)

// resolveByContext links a question that names a person by a noun and a
// modifier the text never makes a role ("der Opa mit dem Rollator", "die
// Frau aus der Werft", "der Mann der dauernd in der Kirche hustet") to
// the guests whose story holds the modifier's rarest word, or to the one
// guest all its words point to: fans remember what happened, not names.
// A question for a name or a person asks for the one described ("Wie
// heißt der Pfarrer, der die beiden traut?"), who may be no guest at all,
// so there only the rarest word of a prepositional modifier links.
func (b *Base) resolveByContext(q *query) {
	if len(q.entities) > 0 {
		return
	}
	asksWho := askedWho(q.tokens)
	for i, t := range q.terms {
		if !t.person && !t.kin {
			continue
		}
		// "der Vater von …" names a relation; "der Mann, der …" a man.
		relational := t.kin && !isSexNoun(q.tokens[t.at])
		var mods []int
		// A relative clause reaches further than a prepositional phrase.
		reach := maxModifierReach
		gender := nounGender(q.tokens[t.at].Surface)
		if opensRelative(tokenAt(q.tokens, t.at+1), gender) {
			if asksWho || relational {
				continue
			}
			reach = maxRelativeReach
		}
		for j := i + 1; j < len(q.terms) && q.terms[j].at-t.at <= reach; j++ {
			between := q.tokens[t.at+1 : q.terms[j].at]
			if len(between) == 0 || !modifierPrepositions[between[0].Norm] && reach != maxRelativeReach || slices.ContainsFunc(between, func(x analysis.Token) bool { return x.Punct != 0 }) {
				break
			}
			mods = append(mods, j)
		}
		rarest := -1
		for _, j := range mods {
			if len(q.terms[j].stems) > 0 && (rarest < 0 || q.terms[j].idf > q.terms[rarest].idf) {
				rarest = j
			}
		}
		if rarest < 0 {
			continue
		}
		guests := b.guestsAround(q.terms[rarest], gender)
		if len(guests) > maxContextPeople && !asksWho && !relational && !slices.ContainsFunc(mods, func(j int) bool { return q.terms[j].person || q.terms[j].kin }) {
			// "der ältere Mann der …": the adjectives before the noun
			// describe too.
			votes := mods
			if i > 0 && q.terms[i-1].at == t.at-1 && !q.terms[i-1].noun {
				votes = append([]int{i - 1}, mods...)
			}
			guests = b.mostAround(q, votes, gender)
		}
		if len(guests) == 0 || len(guests) > maxContextPeople {
			continue
		}
		for _, id := range guests {
			q.entities = append(q.entities, entityMatch{char: id, described: true})
		}
		q.terms[i].describes = true
		for _, j := range mods {
			q.terms[j].describes = true
		}
		if i > 0 && q.terms[i-1].at == t.at-1 {
			q.terms[i-1].describes = true // "dem alten Mann"
		}
		return
	}
}

// opensRelative: the word opens a relative clause on a noun of the
// given gender ("der Mann der …", "die Frau die …"); "das" after a
// masculine noun is the next object's article ("der Schüler das Rad").
func opensRelative(t analysis.Token, gender byte) bool {
	switch gender {
	case 'm':
		return t.Norm == "der" || t.Norm == "den" || t.Norm == "dem"
	case 'f':
		return t.Norm == "die"
	}
	return false
}

// askedWho: the question asks for a name or a person by its wording,
// before focus words retype it ("Wie heißt der Chef …?").
func askedWho(toks []analysis.Token) bool {
	k := questionKind(toks)
	return k == typeName || k == typePerson
}

// mostAround is the one guest most of the modifier words' sentences are
// about, counted over all the words, when one stands out: "der Mann der
// dauernd in der Kirche hustet", where many cough but one is in church.
func (b *Base) mostAround(q *query, mods []int, gender byte) []int {
	const scan = 12 // guests per word: enough to see who stands out
	// Each word votes its weight (IDF), shared by the guests in
	// proportion to its sentences about them: a rare word that belongs
	// to one story outweighs a common one spread over many.
	votes := map[int]float64{}
	for _, j := range mods {
		guests := b.guestCounts(q.terms[j], gender, scan)
		total := 0
		for _, g := range guests {
			total += g.n
		}
		for _, g := range guests {
			votes[g.id] += q.terms[j].idf * float64(g.n) / float64(total)
		}
	}
	best, second, top := 0.0, 0.0, -1
	for id, v := range votes {
		switch {
		case v > best || v == best && id < top:
			best, second, top = v, max(second, best), id
		case v > second:
			second = v
		}
	}
	if top < 0 || best < clearLead*second {
		return nil // no one stands out
	}
	return []int{top}
}

// resolveByCompound links a person compound the text never uses to the
// guests whose story holds its first part ("die Ziegenbäuerin" where the
// text says she keeps goats, "der Skulpturen-Opa"): a fan's coinage
// from what the person does, as resolveByContext reads "der Opa mit den
// Skulpturen".
func (b *Base) resolveByCompound(q *query) {
	const maxCompoundGuests = 6
	if len(q.entities) > 0 || askedWho(q.tokens) {
		return // "Wie heißt der Heimarzt?" asks for the one described, no guest
	}
	lex := lexicon.Default()
	for i, t := range q.terms {
		if !t.noun || t.afterWhich || t.direct() {
			continue // the text uses the word itself: occupations and links read it
		}
		tok := q.tokens[t.at]
		word := strings.ToLower(tok.Surface)
		parts := compoundParts(lex, word)
		if len(parts) < 2 || lex.Listed(word) {
			continue // a word of the language ("Hausarzt") means what it says
		}
		head := parts[len(parts)-1]
		if _, kin := kinOf(analysis.Token{Surface: head, Norm: analysis.Normalize(head)}); !kin && lex.Classes(head)&(lexicon.Person|lexicon.Job) == 0 {
			continue
		}
		modifier := strings.Join(parts[:len(parts)-1], "")
		mod := b.resolveTerm(analysis.Token{Surface: modifier, Norm: analysis.Normalize(modifier)})
		guests := b.guestCounts(mod, nounGender(tok.Surface), maxCompoundGuests)
		switch {
		case len(guests) == 0 || len(guests) == maxCompoundGuests:
			continue // nothing, or a word of many storylines
		case len(guests) > maxContextPeople && guests[0].n == guests[1].n:
			continue
		case len(guests) > maxContextPeople:
			guests = guests[:1] // the one whose story the word belongs to
		}
		for _, g := range guests {
			q.entities = append(q.entities, entityMatch{char: g.id, described: true})
		}
		q.terms[i].describes = true
		return
	}
}

// guestsAround are the guests (no staff) of the given gender (0: any)
// the sentences holding the term are about: named there, or the storyline
// a sentence naming no guest goes on with. More than maxContextPeople
// stops the search.
func (b *Base) guestsAround(t queryTerm, gender byte) []int {
	var ids []int
	for _, g := range b.guestCounts(t, gender, maxContextPeople+1) {
		ids = append(ids, g.id)
	}
	return ids
}

// guestCount is a guest and how many of a term's sentences are about them.
type guestCount struct{ id, n int }

// guestCounts are the guests of guestsAround with their counts, most
// first; the scan stops when limit guests turned up.
func (b *Base) guestCounts(t queryTerm, gender byte, limit int) []guestCount {
	opposite := map[byte]byte{'m': 'f', 'f': 'm'}[gender]
	var out []guestCount
	add := func(id int) {
		c := b.characters[id]
		if c.staff || opposite != 0 && c.gender == opposite {
			return
		}
		if k := slices.IndexFunc(out, func(g guestCount) bool { return g.id == id }); k >= 0 {
			out[k].n++
			return
		}
		out = append(out, guestCount{id, 1})
	}
	// "der Fährmann" is not every "Mann".
	t = t.mostDirect()
	for _, stem := range slices.Sorted(maps.Keys(t.stems)) { // the same guests each time the scan stops early
		for _, p := range b.index.postings[stem] {
			if i := b.storyAnchors[0][p.sentence]; i >= 0 {
				for _, id := range b.sentences[i].people {
					add(id)
				}
			}
			if len(out) >= limit {
				break
			}
		}
		if len(out) >= limit {
			break
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].n > out[j].n })
	return out
}

func (b *Base) characterNamed(name string) (int, bool) {
	for _, c := range b.characters {
		if c.Name == name {
			return c.id, true
		}
	}
	return 0, false
}

// dropKin drops the question's words for the kinship base: "Mama" for
// "mutter", "verheiratet" for "ehepartner".
func (q *query) dropKin(kin string) {
	q.terms = slices.DeleteFunc(q.terms, func(t queryTerm) bool {
		if kin == "ehepartner" {
			return t.norm == kin || marriageWords.has(q.tokens[t.at])
		}
		base, _ := kinOf(q.tokens[t.at])
		return t.norm == kin || t.kin && base == kin
	})
}

// resolveDescribed links a question that names a person by what they are
// ("die Busfahrerin", "der Imker") to the characters the text gives that
// role, when few do: fans often do not remember names.
func (b *Base) resolveDescribed(q *query) {
	// "Welches Gegenmittel gibt Weber dem Präparator?": a doctor named
	// beside the one described is the other side of the treatment.
	if slices.ContainsFunc(q.entities, func(e entityMatch) bool { return !b.characters[e.char].staff }) {
		return
	}
	describe := func(i int, found []int) {
		for _, id := range found {
			q.entities = append(q.entities, entityMatch{char: id, described: true})
		}
		q.terms[i].describes = true
	}
	for i, t := range q.terms {
		if t.afterWhich {
			continue // "Welche Ärztin …?" names the answer, not who it is about
		}
		found := b.byOccupation[analysis.Stem(t.norm)]
		if len(found) > 0 && len(found) <= 2 {
			describe(i, found)
			return
		}
	}
	// "der Zwölfjährige": the one or two people the text gives that age.
	for i, t := range q.terms {
		if n, ok := askedAge(q.tokens, t.at); ok {
			if found := b.byAge[n]; len(found) > 0 && len(found) <= 2 {
				describe(i, found)
				return
			}
		}
	}
	// A misspelt role ("kanalinspekter"): the text's word the index
	// repaired it to.
	for i, t := range q.terms {
		if t.afterWhich {
			continue
		}
		for stem, kind := range t.stems {
			if found := b.byOccupation[stem]; kind == matchTypo && len(found) > 0 && len(found) <= 2 {
				describe(i, found)
				return
			}
		}
	}
	// A person noun the text calls someone by without making it their
	// role ("der Fährmann entschuldigt sich"): the guests where it says so.
	for i, t := range q.terms {
		if !t.person || t.afterWhich || !t.direct() {
			continue
		}
		if found := b.guestsAround(t, nounGender(q.tokens[t.at].Surface)); len(found) > 0 && len(found) <= maxContextPeople {
			describe(i, found)
			return
		}
	}
}
