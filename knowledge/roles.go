package knowledge

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// readRoles and readRelations read what characters are and how they are
// related from German patterns:
//
//	apposition   "Greta, selbst eine erfahrene Chirurgin, …" → role Chirurgin
//	copula       "Frau Brandt ist eine Lehrerin"                  → role Lehrerin
//	job + name   "der Kranführer Danny …", "arbeitet als Floristin" → role
//	kin + name   "seine jüngste Tochter, Lina" / "ihr Sohn Jannik"    → relation
//	possessive   "Holgers Vater", "seiner Ex-Frau", "Ehe mit Greta" → relation
func (b *Base) readRoles() {
	works := map[string]bool{} // normalised word → a form of "arbeiten"
	nameWords := map[string]bool{}
	for _, c := range b.characters {
		for _, w := range strings.Fields(c.Name) {
			nameWords[w] = true
		}
	}
	for si, s := range b.sentences {
		for mi := range s.mentions {
			m := &s.mentions[mi]
			c := b.characters[m.char]
			if role, ok := appositionRole(s.tokens(), m.end); ok && !nameWords[role] {
				// Not "Renate, die Hertha …": a relative clause about
				// someone named.
				b.addRole(c, role, si, 2)
			}
			if role, ok := copulaRole(s.tokens(), m.end); ok {
				b.addRole(c, role, si, 2)
			}
			if role, ok := roleBeforeName(s.tokens(), m.start); ok {
				b.addRole(c, role, si, 2)
			}
			if role, ok := workAsRole(s.tokens(), m.end, nextMentionStart(s, mi), works); ok {
				b.addRole(c, role, si, 2)
			}
		}
	}
}

// readRelations reads family ties; possessives need the people pronouns
// refer to, so it runs after linkPeople.
func (b *Base) readRelations() {
	for si, s := range b.sentences {
		for mi := range s.mentions {
			m := &s.mentions[mi]
			c := b.characters[m.char]
			if m.kin != "" && c.ownerID >= 0 {
				b.relate(b.characters[c.ownerID], c, m.kinSurface, si)
			}
			if !m.genitive {
				b.kinBeforeName(s, si, m, c)
				b.kinOfGenitive(s, si, m, c)
			}
		}
		b.unnamedRelatives(s, si)
		b.marriedWith(s, si)
	}
}

// marriedWith reads "X ist (seit Jahren) mit Y verheiratet": the first
// person named is married to the one after "mit".
func (b *Base) marriedWith(s *sentence, si int) {
	if len(s.mentions) < 2 {
		return
	}
	for j, t := range s.tokens() {
		if t.Norm != "verheiratet" {
			continue
		}
		// "Seit vier Monaten sind Vera Kubitz und Ole Reinholz
		// verheiratet": two people joined by "und" before it.
		for mi := 0; mi+1 < len(s.mentions); mi++ {
			a, c := s.mentions[mi], s.mentions[mi+1]
			if c.end <= j && a.end+1 == c.start && tokenAt(s.tokens(), a.end).Norm == "und" && a.char != c.char {
				first, spouse := b.characters[a.char], b.characters[c.char]
				b.relate(first, spouse, spouseWord(spouse.gender), si)
				return
			}
		}
		for k := j - 1; k >= 0 && k >= j-4; k-- {
			if s.tokens()[k].Norm != "mit" {
				continue
			}
			mi := b.mentionAt(s, k+1)
			if mi <= 0 {
				return
			}
			first, spouse := b.characters[s.mentions[0].char], b.characters[s.mentions[mi].char]
			if first != spouse {
				b.relate(first, spouse, spouseWord(spouse.gender), si)
			}
			return
		}
	}
}

// appositionRole reads ", [selbst] ein[e] [adjectives] Noun" after a name,
// also after where the person is from ("Ursula Pfitzner aus Schkeuditz,
// eine 68-jährige Rentnerin").
func appositionRole(toks []analysis.Token, after int) (string, bool) {
	if after > 0 && toks[after-1].Punct == 0 && placePrepositions[tokenAt(toks, after).Norm] {
		if place := tokenAt(toks, after+1); place.Capitalised && place.Punct == ',' {
			after += 2
		}
	}
	if after == 0 || toks[after-1].Punct != ',' {
		return "", false
	}
	if age := tokenAt(toks, after); isDigits(age.Norm) && age.Punct == ',' {
		// "Jens Förster, 52, Steinmetz mit eigenem Betrieb": after the
		// age, a person noun says what they are.
		if role := tokenAt(toks, after+1); role.Capitalised && lexicon.Default().Classes(role.Surface)&(lexicon.Person|lexicon.Job) != 0 {
			return role.Surface, true
		}
		after++
	}
	i := after
	if t := tokenAt(toks, i); t.Norm == "selbst" || t.Norm == "auch" || t.Norm == "noch" {
		i++
	}
	if d := tokenAt(toks, i); !determiners[d.Norm] || contractions[d.Norm] || d.Capitalised {
		// ", zur Nachsorge" is an adverbial, not an apposition; but ",
		// seit zwanzig Jahren Hafenmeister im Hafen Zwenkau," names a
		// job without an article.
		return bareJobApposition(toks, after)
	}
	return nounAfterAdjectives(toks, i+1)
}

// bareJobApposition reads a job noun without an article in an apposition,
// first or after an adverbial: ", Autolackierer aus …", ", seit zwanzig
// Jahren Hafenmeister im Hafen Zwenkau, …", ", im Hauptberuf Dachdecker, …". Not a relative clause (", die …"), and not a noun after a
// preposition or article ("im Hafen").
func bareJobApposition(toks []analysis.Token, after int) (string, bool) {
	first := tokenAt(toks, after)
	if first.Capitalised && isJobNoun(first) {
		// ", Autolackierer aus Neukieritzsch, …": the job opens it.
		return first.Surface, true
	}
	if first.Capitalised || determiners[first.Norm] && !contractions[first.Norm] || relativePronouns[first.Norm] {
		return "", false // ", die …" is a relative clause; ", im Hauptberuf Dachdecker," an adverbial first
	}
	for k := after; k < len(toks) && k < after+maxBareApposition; k++ {
		t := toks[k]
		if prev := toks[k-1]; t.Capitalised && k > after && !prepositions[prev.Norm] && !determiners[prev.Norm] && !contractions[prev.Norm] &&
			isJobNoun(t) {
			return t.Surface, true
		}
		if t.Punct != 0 {
			break
		}
	}
	return "", false
}

// isJobNoun: the lexicon knows the word as a noun of the job class. The
// answers are cached by word like kinWordOf's: a corpus repeats its nouns.
func isJobNoun(t analysis.Token) bool {
	if v, ok := jobNouns.Load(t.Norm); ok {
		return v.(bool)
	}
	lex := lexicon.Default()
	v := lex.Classes(t.Surface)&lexicon.Job != 0 && lex.IsNoun(t.Surface)
	if jobNounCount.Add(1) <= maxCachedWords {
		jobNouns.Store(t.Norm, v)
	}
	return v
}

var (
	jobNouns     sync.Map
	jobNounCount atomic.Int64
)

// maxBareApposition bounds the words an adverbial apposition is searched.
const maxBareApposition = 6

// roleBeforeName reads a person noun right before a name ("der
// Schaustellerin Roswitha Kämmerer", "Brandmeister Holger Zschau"): the
// lexicon classes it as a person or an occupation, or, after an article,
// it is an unclassed noun with a person ending; it is no kinship word
// (those are relations, read elsewhere).
func roleBeforeName(toks []analysis.Token, start int) (string, bool) {
	t := tokenAt(toks, start-1)
	if !t.Capitalised || t.Punct != 0 || analysis.IsStopWord(t.Norm) {
		return "", false
	}
	if personNoun(t) {
		return t.Surface, true
	}
	if _, kin := kinOf(t); kin {
		return "", false
	}
	if _, title := honorifics[t.Norm]; title {
		return "", false
	}
	// A noun the thesaurus does not class, with the ending of a person
	// noun, after an article and any adjectives: "der Schaustellerin
	// Roswitha Kämmerer", "der 36-jährige Tontechniker Lasse …".
	lex := lexicon.Default()
	if lex.Classes(t.Surface) == 0 && determiners[tokenAt(toks, articleBefore(toks, start-2)).Norm] && nounGender(t.Surface) != 0 && knownHead(lex, t.Surface) {
		return t.Surface, true
	}
	return "", false
}

// articleBefore steps back from i over the lower-case adjectives of a
// noun phrase ("36-jährige", "pensionierte") to where its article would be.
func articleBefore(toks []analysis.Token, i int) int {
	for i > 0 && !toks[i].Capitalised && toks[i].Punct == 0 && !determiners[toks[i].Norm] && isInflectedAdjective(toks[i].Norm) {
		i--
	}
	return i
}

// personNounLike: a role names a person: a relation ("Tochter von …"), a
// kinship word, a noun the lexicon classes as a person or a job, a word
// with a person ending ("-in", "-er", "-ist" …), an adjective used as a
// noun ("Fachangestellte"), or a word the lexicon does not know. A known
// noun of another kind ("Visite", "Mittwoch") was read from a clause about
// something else.
func personNounLike(role string) bool {
	if strings.Contains(role, " ") {
		return true
	}
	tok := analysis.Token{Surface: role, Norm: analysis.Normalize(role), Capitalised: true}
	if _, kin := kinOf(tok); kin || nounGender(role) != 0 {
		return true
	}
	lex := lexicon.Default()
	head := role
	if i := strings.LastIndexByte(role, '-'); i >= 0 {
		head = role[i+1:]
	}
	if parts := lex.Split(head); len(parts) > 1 && adjectiveAsNoun(lex, parts[len(parts)-1]) {
		return true // "Fachangestellte"
	}
	return !lex.IsNoun(head) || lex.Classes(head)&(lexicon.Person|lexicon.Job) != 0 || adjectiveAsNoun(lex, head)
}

// knownHead: a hyphenated word ends in a word the lexicon knows
// ("HNO-Ärztin", not the first name "Hans-Peter"); other words pass.
func knownHead(lex *lexicon.Lexicon, word string) bool {
	i := strings.LastIndexByte(word, '-')
	return i < 0 || lex.Known(word[i+1:])
}

// copulaRole reads "ist/war [ein[e]] [adjectives] Noun" after a name, also
// after an age between commas.
func copulaRole(toks []analysis.Token, after int) (string, bool) {
	if age := tokenAt(toks, after); after > 0 && toks[after-1].Punct == ',' && age.Punct == ',' && (isDigits(age.Norm) || numberWords[age.Norm]) {
		after++ // "Achim Wendisch, 52, ist Eismeister"
	} else if after == 0 || toks[after-1].Punct != 0 {
		return "", false
	}
	switch tokenAt(toks, after).Norm {
	case "ist", "war", "wird":
	default:
		return "", false
	}
	i := after + 1
	timed := false
	if j, ok := afterTimePhrase(toks, i); ok {
		i, timed = j, true
	}
	if determiners[tokenAt(toks, i).Norm] {
		i++
	}
	role, ok := nounAfterAdjectives(toks, i)
	if timed && ok && lexicon.Default().Classes(role)&lexicon.Job == 0 {
		return "", false // "ist seit Jahren Patientin" is no occupation
	}
	return role, ok
}

// durationWords open a time phrase between a copula and its noun.
var durationWords = set(`seit schon bereits`)

// afterTimePhrase skips "seit zwanzig Jahren" or "seit dem Frühjahr" at i,
// a phrase that ends in a noun of time: "ist seit zwanzig Jahren Küster".
func afterTimePhrase(toks []analysis.Token, i int) (int, bool) {
	if !durationWords[tokenAt(toks, i).Norm] {
		return 0, false
	}
	for k := i + 1; k < len(toks) && k <= i+4; k++ {
		t := toks[k]
		if t.Capitalised && lexicon.Default().Classes(t.Surface)&lexicon.Time != 0 || isDigits(t.Norm) && len(t.Norm) == 4 {
			if t.Punct != 0 {
				return 0, false
			}
			return k + 1, true
		}
		if t.Punct != 0 {
			return 0, false
		}
	}
	return 0, false
}

// objectPronouns name someone other than the subject: an "als" phrase
// after one of them describes that person.
var objectPronouns = set(`sie ihn ihm ihnen`)

// workAsRole reads "X arbeitet als Floristin" and "X, die als
// Kostümbildnerin an der Oper arbeitet": "als" and a noun after the name,
// before the next person, in a clause whose verb is "arbeiten" (the
// lexicon's lemma, so "arbeitete" counts too) or "tätig", or with any verb
// when the lexicon classes the noun as a job.
func workAsRole(toks []analysis.Token, after, limit int, seen map[string]bool) (string, bool) {
	works := func(t analysis.Token) bool {
		if t.Capitalised {
			return false
		}
		if w, ok := seen[t.Norm]; ok {
			return w
		}
		w := t.Norm == "taetig" || slices.Contains(lexicon.Default().Lemmas(t.Surface), "arbeiten")
		seen[t.Norm] = w
		return w
	}
	clauseWorks := false
	for i := after; i < limit && i < after+14; i++ {
		t := toks[i]
		clauseWorks = clauseWorks || works(t)
		if objectPronouns[t.Norm] {
			return "", false // "Werner beschimpft sie als Gefängniswärterin"
		}
		if t.Norm != "als" {
			if t.Punct != 0 && t.Punct != ',' {
				return "", false
			}
			continue
		}
		role, ok := nounAfterAdjectives(toks, i+1)
		if !ok {
			return "", false
		}
		// The verb may also follow the noun: "…, die als Köchin in
		// Grimma arbeitet".
		for k := i + 1; k < limit && k < i+10 && !clauseWorks; k++ {
			clauseWorks = works(toks[k])
			if toks[k].Punct != 0 && toks[k].Punct != ',' {
				break
			}
		}
		// Any verb will do for a job noun: "zieht als Wanderschäferin";
		// right after the name, for any person noun: "führt Volker
		// Sachtleben als Nachtwächter verkleidet Touristen".
		cls := lexicon.Default().Classes(role)
		return role, clauseWorks || cls&lexicon.Job != 0 || i == after && cls&lexicon.Person != 0 && cls&lexicon.Kinship == 0
	}
	return "", false
}

// nextMentionStart is where the mention after mi begins, or the sentence's
// end.
func nextMentionStart(s *sentence, mi int) int {
	if mi+1 < len(s.mentions) {
		return s.mentions[mi+1].start
	}
	return len(s.tokens())
}

// nounAfterAdjectives skips up to three lower-case words and returns the
// capitalised noun that follows.
func nounAfterAdjectives(toks []analysis.Token, i int) (string, bool) {
	for k := 0; k < 4; k++ {
		t := tokenAt(toks, i+k)
		if t.Norm == "" {
			return "", false
		}
		if t.Capitalised {
			if analysis.IsStopWord(t.Norm) {
				return "", false
			}
			return t.Surface, true
		}
		if analysis.IsStopWord(t.Norm) && !determiners[t.Norm] && !prepositions[t.Norm] && t.Punct == 0 && isInflectedAdjective(tokenAt(toks, i+k+1).Norm) {
			continue // an adverb before an adjective: "eine sehr seltene Infektion"
		}
		if analysis.IsStopWord(t.Norm) || (k > 0 && toks[i+k-1].Punct != 0) || isDigits(t.Norm) || numberWords[t.Norm] {
			return "", false // "ist 71 Jahre alt" measures, it names no role
		}
	}
	return "", false
}

// kinOfGenitive reads a kinship noun whose owner follows it as a genitive
// or with "von", in an apposition after the name ("Lena, die 24-jährige
// Tochter des Patienten") or before it ("die Tochter der Patientin, die
// 17-jährige Marlene"): the owner is whom the genitive's description or
// name means.
func (b *Base) kinOfGenitive(s *sentence, si int, m *mention, c *Character) {
	toks := s.tokens()
	kinAt := -1
	if m.end > 0 && toks[m.end-1].Punct == ',' {
		// After: ", [die] [adjectives] Tochter des …".
		for k := m.end; k < len(toks) && k < m.end+5; k++ {
			if _, ok := kinOf(toks[k]); ok && toks[k].Capitalised && toks[k].Punct == 0 {
				kinAt = k
				break
			}
			if toks[k].Capitalised && !isAgeNoun(toks[k]) || toks[k].Punct != 0 {
				break
			}
		}
	}
	if kinAt < 0 {
		// Before: "die Tochter der Patientin, die 17-jährige Marlene".
		g := m.start - 1
		for g >= 0 && g >= m.start-3 && toks[g].Punct == 0 && (determiners[toks[g].Norm] || isInflectedAdjective(toks[g].Norm) || isAgeNoun(toks[g])) {
			g--
		}
		if g >= 2 && toks[g].Punct == ',' && (determiners[toks[g-1].Norm] || toks[g-1].Norm == "von") {
			kinAt = g - 2
		} else if g >= 3 && toks[g].Punct == ',' && (determiners[toks[g-2].Norm] || toks[g-2].Norm == "von") {
			kinAt = g - 3
		}
	}
	if kinAt < 0 {
		return
	}
	kinTok := toks[kinAt]
	base, ok := kinOf(kinTok)
	if !ok || !kinTok.Capitalised || kinTok.Punct != 0 {
		return
	}
	for _, owner := range b.genitiveOwners(s, kinAt) {
		if owner != c.id {
			b.relate(b.characters[owner], c, kinDisplay(kinTok.Surface, base), si)
		}
	}
}

// genitiveOwners are the people the genitive or "von" phrase right after
// token k names or describes ("des Patienten", "der Patientin", "von
// Veronika").
func (b *Base) genitiveOwners(s *sentence, k int) []int {
	toks := s.tokens()
	art := tokenAt(toks, k+1)
	if art.Norm != "des" && art.Norm != "der" && art.Norm != "von" {
		return nil
	}
	for n := k + 2; n < len(toks) && n <= k+4; n++ {
		if mi := b.mentionAt(s, n); mi >= 0 {
			return []int{s.mentions[mi].char}
		}
		if toks[n].Capitalised {
			return b.owners(s, n)
		}
		if toks[n].Punct != 0 {
			break
		}
	}
	return nil
}

// kinBeforeName reads "seine jüngste Tochter, Lina" and "ihr jüngster
// Sohn Jannik": the kinship noun right before the name, and the possessive
// that says whose relative the named person is.
func (b *Base) kinBeforeName(s *sentence, si int, m *mention, c *Character) {
	k := m.start - 1
	kinTok := tokenAt(s.tokens(), k)
	base, ok := kinOf(kinTok)
	if !ok || !kinTok.Capitalised || (kinTok.Punct != 0 && kinTok.Punct != ',') {
		return
	}
	kinTok.Surface = kinDisplay(kinTok.Surface, base)
	b.addRole(c, kinTok.Surface, si, 1)
	relateAll := func(owners []int) {
		for _, owner := range owners {
			if owner != c.id {
				b.relate(b.characters[owner], c, kinTok.Surface, si)
			}
		}
	}
	shared := false
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		t := s.tokens()[j]
		if owners := b.owners(s, j); len(owners) > 0 {
			relateAll(owners)
			return
		}
		if analysis.IsStopWord(t.Norm) {
			if shared {
				// "der gemeinsame Sohn Fiete": the child of the couple
				// just told of.
				relateAll(b.lastTwoNamed(si, m.start))
			}
			return
		}
		if t.Capitalised {
			// A genitive name owns the relative: "Ottos Sohn Jannik".
			if base, gen, ok := b.nameFromAlias(t.Norm); ok && gen {
				b.relate(b.characters[base], c, kinTok.Surface, si)
			}
			return
		}
		shared = shared || strings.HasPrefix(t.Norm, "gemeinsam")
	}
}

// lastTwoNamed are the last two people named before token end of sentence
// si, reaching back into the sentence before within the episode; fewer
// than two gives none.
func (b *Base) lastTwoNamed(si, end int) []int {
	var out []int
	for k := si; k >= 0 && k >= si-1 && b.sentences[k].episode == b.sentences[si].episode; k-- {
		ms := b.sentences[k].mentions
		for i := len(ms) - 1; i >= 0; i-- {
			if k == si && ms[i].start >= end || ms[i].char < 0 || slices.Contains(out, ms[i].char) {
				continue
			}
			if out = append(out, ms[i].char); len(out) == 2 {
				return out
			}
		}
	}
	return nil
}

// unnamedRelatives reads "seiner Ex-Frau", "ihre Großmutter" and "Seine Ehe
// mit Greta": a possessive pronoun, then a kinship noun without a name.
func (b *Base) unnamedRelatives(s *sentence, si int) {
	for j, t := range s.tokens() {
		if !malePronouns[t.Norm] && !femalePronouns[t.Norm] || t.Norm == "er" || t.Norm == "sie" || t.Norm == "ihn" || t.Norm == "ihm" {
			continue
		}
		for k := j + 1; k < len(s.tokens()) && k <= j+3; k++ {
			n := s.tokens()[k]
			if !n.Capitalised {
				if analysis.IsStopWord(n.Norm) {
					break
				}
				continue
			}
			if n.Norm == "ehe" {
				b.marriage(s, si, j, k)
				break
			}
			base, ok := kinOf(n)
			if !ok || base == "patient" || base == "patientin" {
				break
			}
			n.Surface = kinDisplay(n.Surface, base)
			if next := tokenAt(s.tokens(), k+1); next.Capitalised && !analysis.IsStopWord(next.Norm) && b.mentionAt(s, k+1) >= 0 {
				break // named: handled by kinBeforeName
			}
			if n.Punct == ',' && b.mentionAt(s, k+1) >= 0 {
				break
			}
			for _, owner := range b.owners(s, j) {
				b.relate(b.characters[owner], nil, n.Surface, si)
			}
			break
		}
	}
}

// marriage reads "Seine Ehe mit Greta": the owner of "Ehe" and the person
// after "mit" are spouses.
func (b *Base) marriage(s *sentence, si, possessive, eheIndex int) {
	if tokenAt(s.tokens(), eheIndex+1).Norm != "mit" {
		return
	}
	mi := b.mentionAt(s, eheIndex+2)
	if mi < 0 {
		return
	}
	spouse := b.characters[s.mentions[mi].char]
	for _, owner := range b.owners(s, possessive) {
		if owner == spouse.id {
			continue
		}
		o := b.characters[owner]
		b.relate(o, spouse, spouseWord(spouse.gender), si)
	}
}

func spouseWord(g byte) string {
	switch g {
	case 'm':
		return "Ehemann"
	case 'f':
		return "Ehefrau"
	}
	return "Ehepartner"
}

// owners returns the characters the possessive pronoun at token j means,
// as linkPeople resolved it.
func (b *Base) owners(s *sentence, j int) []int { return s.refs[j] }

func (b *Base) mentionAt(s *sentence, tokenIndex int) int {
	for i, m := range s.mentions {
		if m.start == tokenIndex || (m.honorific == "" && m.start <= tokenIndex && tokenIndex < m.end) {
			return i
		}
	}
	return -1
}

// nameFromAlias maps a normalised token to the character whose one-word
// alias it is, reporting a genitive form.
func (b *Base) nameFromAlias(norm string) (int, bool, bool) {
	for _, c := range b.characters {
		for _, a := range c.Aliases {
			an := analysis.Normalize(a)
			if an == norm {
				return c.id, false, true
			}
			if an+"s" == norm || an+"'" == norm {
				return c.id, true, true
			}
		}
	}
	return 0, false, false
}

// relate records that other (nil: unnamed) is owner's kin, and the inverse
// on other.
func (b *Base) relate(owner, other *Character, kin string, si int) {
	name := ""
	if other != nil {
		name = other.Name
	}
	owner.addRelation(Relation{Kind: kin, Other: name}, si)
	if other == nil {
		return
	}
	inverse, ok := inverseKin[analysis.Normalize(kin)]
	if !ok {
		return
	}
	word := inverse[0]
	if owner.gender == 'f' {
		word = inverse[1]
	}
	other.addRelation(Relation{Kind: word, Other: owner.Name}, si)
	b.addRole(other, kin+" von "+dative(owner.Name), si, 2)
}

func (c *Character) addRelation(r Relation, si int) {
	for i, have := range c.Relations {
		if strings.EqualFold(have.Kind, r.Kind) && (have.Other == r.Other || r.Other == "") {
			return
		}
		if strings.EqualFold(have.Kind, r.Kind) && have.Other == "" {
			c.Relations[i] = r
			if c.relationSource == nil {
				c.relationSource = map[string]int{}
			}
			c.relationSource[strings.ToLower(r.Kind)+"|"+r.Other] = si
			return
		}
	}
	c.Relations = append(c.Relations, r)
	c.describes(si, 1)
	if r.Other != "" {
		if c.relationSource == nil {
			c.relationSource = map[string]int{}
		}
		c.relationSource[strings.ToLower(r.Kind)+"|"+r.Other] = si
	}
}

// describes credits sentence si with weight for answering "Wer ist …?".
func (c *Character) describes(si, weight int) {
	if c.describe == nil {
		c.describe = map[int]int{}
	}
	c.describe[si] += weight
}

func (b *Base) addRole(c *Character, role string, si, weight int) {
	c.describes(si, weight)
	if !personNounLike(role) {
		return
	}
	for _, have := range c.Roles {
		if strings.EqualFold(have, role) {
			return
		}
	}
	// "Tochter" is implied by "Tochter von Herr Brandt".
	for i, have := range c.Roles {
		if strings.HasPrefix(role, have+" von ") {
			c.Roles[i] = role
			return
		}
		if strings.HasPrefix(have, role+" von ") {
			return
		}
	}
	c.Roles = append(c.Roles, role)
}

// dative puts a name after "von": "Herr Brandt" → "Herrn Brandt".
func dative(name string) string {
	if rest, ok := strings.CutPrefix(name, "Herr "); ok {
		return "Herrn " + rest
	}
	return name
}
