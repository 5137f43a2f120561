package knowledge

import (
	"strings"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// Definite descriptions: synopses name a person once and then call them
// "der Patient", "die Geigerin", "der 58-Jährige" for paragraphs. linkPeople
// links such a description to the person it most likely means, so the
// sentence counts as being about them, and the pronouns after it see the
// link. Roles are read before, because a description that repeats a
// person's role ("Kolja, ein Tätowierer … der Tätowierer") is the surest
// link.

// definiteArticles open a definite description (closed class).
var definiteArticles = set(`der die das den dem des dieser diese dieses diesen diesem`)

// maxDescriptionGap bounds the adjectives between article and noun
// ("der kleine, blasse Junge").
const maxDescriptionGap = 3

// descriptionWords remembers, per normalised noun, what the lexicon says
// about it for descriptions, and per character the normalised heads of its
// roles: a large corpus repeats the same few nouns thousands of times.
type descriptionWords struct {
	generic    map[string]bool // a person noun that may mean anyone
	adjectival map[string]bool // an adjective used as a noun ("die Bewusstlose")
	personish  map[string]bool // a kinship word or a person noun
	unknown    map[string]bool // a word the lexicon does not know
	gender     map[string]byte
	roleHeads  map[int][]string
	roleParts  map[int][][]string // per character and role, the stems of the role's compound parts
	ages       map[int]int        // the ages the episode states, by character
	kin        map[int]string     // the kinship word the episode introduces a person with
}

func newDescriptionWords() *descriptionWords {
	return &descriptionWords{generic: map[string]bool{}, adjectival: map[string]bool{}, personish: map[string]bool{},
		unknown: map[string]bool{}, gender: map[string]byte{}, roleHeads: map[int][]string{}, roleParts: map[int][][]string{}}
}

// isPersonish: a kinship word or a noun the lexicon classes as a person.
func (w *descriptionWords) isPersonish(t analysis.Token) bool {
	v, ok := w.personish[t.Norm]
	if !ok {
		_, kin := kinOf(t)
		v = kin || lexicon.Default().Classes(t.Surface)&lexicon.Person != 0
		w.personish[t.Norm] = v
	}
	return v
}

// genderOf is descriptionGender of toks[k], remembered by word.
func (w *descriptionWords) genderOf(toks []analysis.Token, k int) byte {
	g, ok := w.gender[toks[k].Norm]
	if !ok {
		g = descriptionGender(toks, k)
		w.gender[toks[k].Norm] = g
	}
	return g
}

// isUnknown: the lexicon does not know the word.
func (w *descriptionWords) isUnknown(t analysis.Token) bool {
	v, ok := w.unknown[t.Norm]
	if !ok {
		v = !lexicon.Default().Known(t.Surface)
		w.unknown[t.Norm] = v
	}
	return v
}

// linkDescription links the definite description opened by the article
// at token j of s, if it means one of the people of earlier sentences
// (recent, most recent first) other than those s names itself. A job the
// description repeats may mean anyone of the episode so far (episodePeople,
// most recent first): interleaved storylines push the guest of the first
// paragraph out of the recent few by the fourth.
func (b *Base) linkDescription(s *sentence, si, j int, recent, episodePeople []int, earlier []*sentence, words *descriptionWords) {
	toks := s.tokens()
	k, ok := descriptionNoun(toks, j)
	if !ok || inAnyMention(s, k) || inAnyMention(s, k+1) {
		return // "der Kranführer Danny": the name says who
	}
	named := s.people[:s.explicit]
	if id, ok := b.namedBeforeColon(s, j, k, words); ok {
		s.means(k, id)
		if personNoun(toks[k]) {
			b.addRole(b.characters[id], toks[k].Surface, si, 2)
		}
		return
	}
	var candidates []int
	for _, id := range recent {
		if !containsInt(named, id) {
			candidates = append(candidates, id)
		}
	}
	// Staff walk through every storyline and push the guest of a long
	// examination paragraph out of the recent few: "Angesteckt hat sich die
	// Frau …" after three sentences of doctors still means her.
	for _, id := range episodePeople {
		if !containsInt(named, id) {
			candidates = appendUnique(candidates, id)
		}
	}
	if id, ok := b.saidAsCompound(toks[k], named, earlier, words); ok {
		s.means(k, id)
		b.addRole(b.characters[id], toks[k].Surface, si, 1)
		return
	}
	id, ok := b.describedPerson(toks, j, k, candidates, named, earlier, words)
	if !ok {
		id, ok = b.repeatedJob(toks[k], episodePeople, named, words)
	}
	if words.adjectival[toks[k].Norm] {
		// "die Bewusstlose" is the one the text called unconscious, even
		// paragraphs ago, with another storyline in between.
		if said, found := b.saidOf(earlier, toks[k], named); found {
			id, ok = said, true
		}
	}
	if ok {
		s.means(k, id)
		if agedDescription(toks, j, k) && personNoun(toks[k]) {
			// "der 44-jährigen Busfahrerin" tells what she is.
			b.addRole(b.characters[id], toks[k].Surface, si, 2)
		}
	}
}

// namedBeforeColon: "Manja Rabenalt ist das, was …: Die 37-jährige
// Zugbegleiterin kennt …": after a colon or semicolon an aged description
// goes on about the person the sentence named before it.
func (b *Base) namedBeforeColon(s *sentence, article, k int, words *descriptionWords) (int, bool) {
	toks := s.tokens()
	if article == 0 || toks[article-1].Punct != ':' && toks[article-1].Punct != ';' || !agedDescription(toks, article, k) {
		return 0, false
	}
	want := ageNounGender(toks[article].Norm, toks[k])
	if want == 0 {
		want = words.genderOf(toks, k)
	}
	for i := len(s.mentions) - 1; i >= 0; i-- {
		m := s.mentions[i]
		c := b.characters[m.char]
		if m.end <= article && !hasAcademicTitle(c.Name) && (want == 0 || c.gender == 0 || c.gender == want) {
			return m.char, true
		}
	}
	return 0, false
}

// agedDescription: an age stands between the article and the noun ("der
// 44-jährigen Busfahrerin"). Synopses bring a new person in with "ein",
// so a definite description with an age means someone named before.
func agedDescription(toks []analysis.Token, article, noun int) bool {
	for _, t := range toks[article+1 : noun] {
		if strings.Contains(t.Norm, "jaehrig") {
			return true
		}
	}
	return false
}

// personNoun: the lexicon classes the word as a person or an occupation,
// and it is no kinship word or title.
func personNoun(t analysis.Token) bool {
	if _, kin := kinOf(t); kin {
		return false
	}
	if _, title := honorifics[t.Norm]; title {
		return false
	}
	lex := lexicon.Default()
	return lex.Classes(t.Surface)&(lexicon.Person|lexicon.Job) != 0 && lex.IsNoun(t.Surface)
}

// linkIntroduction reads an introduction by description: "Ungefähr zur
// selben Zeit wird ein Gerüstbauer aus Ostrau gebracht. Ronny Wetzold
// krümmt sich …": a person noun after an indefinite article (or a job
// after a definite one), and the next sentence opens with a name the
// episode has not had yet. The noun is
// that person's role, and sentence s is about them.
func (b *Base) linkIntroduction(s *sentence, si int, next *sentence, seen map[int]bool) {
	if len(next.mentions) == 0 || next.mentions[0].start != 0 || next.opensParagraph {
		return
	}
	id := next.mentions[0].char
	c := b.characters[id]
	if seen[id] || containsInt(s.people, id) || hasAcademicTitle(c.Name) {
		return
	}
	toks := s.tokens()
	for j, t := range toks {
		if !indefinite[t.Norm] && !definiteArticles[t.Norm] {
			continue
		}
		k, ok := descriptionNoun(toks, j)
		if !ok || inAnyMention(s, k) || inAnyMention(s, k+1) || !personNoun(toks[k]) {
			continue
		}
		if definiteArticles[t.Norm] && (lexicon.Default().Classes(toks[k].Surface)&lexicon.Job == 0 || agedDescription(toks, j, k)) {
			// "der Ortsvorsteher von Falkenhain" is one office and
			// brings its holder in; "der Mann" and "die 58-jährige
			// Glasbläserin" mean someone known.
			continue
		}
		g := descriptionGender(toks, k)
		if g != 0 && c.gender != 0 && g != c.gender {
			return
		}
		s.people = appendUnique(s.people, id)
		if g != 0 {
			b.addRole(c, toks[k].Surface, si, 2) // not "ein Mädchen", "ein Kind"
		}
		return
	}
}

// maxSaidDistance bounds how many sentences back saidOf looks.
const maxSaidDistance = 40

// saidOf finds the person an adjective used as a noun was said of: the
// latest earlier sentence with the adjective ("Jördis ist bewusstlos" for
// "die Bewusstlose") that is about one person without a doctor's title,
// other than the ones named where the description stands.
func (b *Base) saidOf(earlier []*sentence, noun analysis.Token, named []int) (int, bool) {
	stems := map[string]bool{}
	for _, a := range lexicon.Default().Analyse(strings.ToLower(noun.Surface)) {
		if a.POS&(lexicon.Adjective|lexicon.Participle) != 0 {
			stems[analysis.Stem(analysis.Normalize(a.Lemma))] = true
		}
	}
	for i := len(earlier) - 1; i >= 0 && i >= len(earlier)-maxSaidDistance; i-- {
		s := earlier[i]
		said := false
		for _, t := range s.tokens() {
			said = said || !t.Capitalised && stems[analysis.Stem(t.Norm)]
		}
		if !said {
			continue
		}
		var people []int
		for _, id := range s.people {
			if !containsInt(named, id) && !hasAcademicTitle(b.characters[id].Name) {
				people = append(people, id)
			}
		}
		if len(people) == 1 {
			return people[0], true
		}
	}
	return 0, false
}

// descriptionNoun finds the noun of the description opened at article i:
// the first capitalised word (or an age like "58-Jährige") after at most a
// few lower-case words.
func descriptionNoun(toks []analysis.Token, i int) (int, bool) {
	for k := i + 1; k < len(toks) && k <= i+1+maxDescriptionGap; k++ {
		t := toks[k]
		if t.Capitalised || isAgeNoun(t) {
			if next := tokenAt(toks, k+1); !t.Capitalised && t.Punct == 0 && next.Capitalised {
				return k + 1, true // "der 44-jährigen Busfahrerin": the noun after the age
			}
			return k, true
		}
		if t.Punct != 0 && t.Punct != ',' || definiteArticles[t.Norm] || prepositions[t.Norm] {
			return 0, false
		}
	}
	return 0, false
}

// isAgeNoun: "Achtjährige", "58-Jährige", "Jährigen".
func isAgeNoun(t analysis.Token) bool {
	return strings.Contains(t.Norm, "jaehrig") && (t.Capitalised || strings.Contains(t.Norm, "-"))
}

func inAnyMention(s *sentence, k int) bool {
	for _, m := range s.mentions {
		if k >= m.start && k < m.end {
			return true
		}
	}
	return false
}

// repeatedJob: the one person of the episode so far, other than those
// named in the sentence, whose job the noun repeats ("Der Hafenmeister
// selbst …" three paragraphs after "X, seit zwanzig Jahren Hafenmeister");
// words that may mean anyone ("die Patientin") stay with the recent few.
func (b *Base) repeatedJob(noun analysis.Token, episodePeople, named []int, words *descriptionWords) (int, bool) {
	if lexicon.Default().Classes(noun.Surface)&lexicon.Job == 0 {
		return 0, false
	}
	found, n := 0, 0
	for _, id := range episodePeople {
		if !containsInt(named, id) && words.hasRoleWord(b.characters[id], noun) {
			found, n = id, n+1
		}
	}
	return found, n == 1
}

// describedPerson picks who the description (article toks[article], noun
// toks[k]) means among
// the candidates (most recent first): the one whose role it repeats, else,
// for a word the lexicon knows as a person or an age, the most recent of
// the three last people whose gender fits. Relational nouns ("der Vater")
// and job nouns ("die Chirurgin") name someone new unless they repeat a role.
func (b *Base) describedPerson(toks []analysis.Token, article, k int, candidates, named []int, earlier []*sentence, words *descriptionWords) (int, bool) {
	t := toks[k]
	for _, id := range candidates {
		if words.hasRoleWord(b.characters[id], t) {
			return id, true
		}
	}
	if words.isPersonish(t) {
		// "dem Mann vom Bau": not a husband, the man the text said built.
		if id, ok := b.modifiedPerson(toks, k, named, words.genderOf(toks, k), earlier, words); ok {
			return id, true
		}
		// "die junge Frau", "der alte Mann": the recent person of that
		// gender whose stated age fits.
		if isSexNoun(t) {
			if aged := agedBy(toks, article, k); aged != 0 {
				want := words.genderOf(toks, k)
				for _, id := range candidates {
					c := b.characters[id]
					if !hasAcademicTitle(c.Name) && (c.gender == want || c.gender == 0) && fitsAge(words.ages, id, aged) {
						return id, true
					}
				}
			}
		}
	}
	age := isAgeNoun(t)
	adjectival := false
	if !age {
		generic, seen := words.generic[t.Norm]
		adjectival = words.adjectival[t.Norm]
		if !seen {
			base, kin := kinOf(t)
			lex := lexicon.Default()
			cls := lex.Classes(t.Surface)
			adjectival = !kin && adjectiveAsNoun(lex, t.Surface)
			// "die Patientin" is relational too, but its other side is
			// a profession, not family: alone, it means whoever is in
			// care, as "der Junge" means the boy of the story.
			kin = kin && !serviceRelation(base) && !sexNouns[base]
			generic = !kin && cls&lexicon.Person != 0 && cls&lexicon.Job == 0 || adjectival
			words.generic[t.Norm], words.adjectival[t.Norm] = generic, adjectival
		}
		art := toks[article].Norm
		if !generic && !(agedDescription(toks, article, k) && personNoun(t)) || adjectival && (art == "das" || art == "dieses" || (art == "die" || art == "diese") && strings.HasSuffix(t.Norm, "en")) {
			return 0, false // "das Neue" is a thing, "die Verletzten" are many
		}
	}
	// A generic description ("der Junge", "die Patientin") is never the
	// title-bearing staff ("Dr. …").
	want := words.genderOf(toks, k)
	if age || adjectival {
		want = ageNounGender(toks[article].Norm, toks[k])
	}
	n, valued := ageValue(t)
	if age && valued {
		// "der 58-Jährige" is the one person the episode says is 58, even
		// with other storylines told since.
		if id, ok := onlyAged(words.ages, n, named); ok {
			return id, true
		}
	}
	child := age && valued && n < childUntil
	// The three last people it may mean at all; a known matching gender
	// beats an unknown one.
	var eligible []int
	for _, id := range candidates {
		if c := b.characters[id]; !c.staff && !(child && adultKin[words.kin[id]]) {
			eligible = append(eligible, id) // "die Neunjährige" is not "ihre Mutter Anja"
		}
	}
	if age && valued {
		// "… sein Lehrling Dustin Kaschke. Der Neunzehnjährige …": an age
		// follows the introduction of the person it tells of.
		if id, ok := b.justIntroduced(firstN(eligible, 3), want, words.ages, earlier); ok {
			return id, true
		}
	}
	if base, ok := kinOf(t); ok && serviceRelation(base) {
		// "die Patientin" is whom the story is about: of the recent
		// people, the one the episode has spoken of most, not the
		// daughter named last.
		if id, ok := b.mostMentioned(eligible, want, earlier); ok {
			return id, true
		}
	}
	for _, unknownOK := range []bool{false, true} {
		for _, id := range firstN(eligible, 3) {
			if c := b.characters[id]; want == 0 || c.gender == want || unknownOK && c.gender == 0 {
				return id, true
			}
		}
	}
	return 0, false
}

// justIntroduced is the one of ids (of gender want or unknown, with no
// stated age) whom the sentence before first named.
func (b *Base) justIntroduced(ids []int, want byte, ages map[int]int, earlier []*sentence) (int, bool) {
	if len(earlier) == 0 {
		return 0, false
	}
	last := earlier[len(earlier)-1]
	found, n := 0, 0
	for _, id := range ids {
		if g := b.characters[id].gender; want != 0 && g != want && g != 0 {
			continue
		}
		if _, stated := ages[id]; stated || !containsInt(last.people[:last.explicit], id) {
			continue
		}
		namedBefore := false
		for _, s := range earlier[:len(earlier)-1] {
			if containsInt(s.people, id) {
				namedBefore = true
				break
			}
		}
		if !namedBefore {
			found, n = id, n+1
		}
	}
	return found, n == 1
}

// mostMentioned is the one of ids of gender want (or unknown gender)
// that the earlier sentences name or mean most often; ties go to the
// earlier of ids.
func (b *Base) mostMentioned(ids []int, want byte, earlier []*sentence) (int, bool) {
	best, bestN := -1, 0
	for _, id := range ids {
		if g := b.characters[id].gender; want != 0 && g != want && g != 0 {
			continue
		}
		n := 0
		for _, s := range earlier {
			if containsInt(s.people, id) {
				n++
			}
		}
		if n > bestN {
			best, bestN = id, n
		}
	}
	return best, best >= 0
}

// onlyAged is the one person, not among named, whose stated age is n.
func onlyAged(ages map[int]int, n int, named []int) (int, bool) {
	found, count := 0, 0
	for id, age := range ages {
		if age == n && !containsInt(named, id) {
			found, count = id, count+1
		}
	}
	return found, count == 1
}

// serviceRelation: the kinship table's relation ties a person to a
// profession ("Patient" to "Arzt"), not to family.
func serviceRelation(base string) bool {
	inverse, ok := inverseKin[base]
	return ok && lexicon.Default().Classes(inverse[0])&lexicon.Job != 0
}

// ageNounGender reads the gender of "der 58-Jährige" / "die Achtjährige"
// from the article and the ending: -e after der/die is nominative (m/f),
// after dem/den masculine; "der …-Jährigen" is feminine dative or genitive.
func ageNounGender(art string, t analysis.Token) byte {
	weak := strings.HasSuffix(t.Norm, "e")
	switch {
	case (art == "der" || art == "dieser") && weak, art == "dem" || art == "den" || art == "diesem" || art == "diesen":
		return 'm'
	case art == "die" || art == "diese" || (art == "der" || art == "dieser") && !weak:
		return 'f'
	}
	return 0
}

func hasAcademicTitle(name string) bool {
	first, _, _ := strings.Cut(name, " ")
	return academicTitles[analysis.Normalize(strings.TrimSuffix(first, "."))]
}

// hasRoleWord: the token repeats one of c's roles ("Patientin" for
// "Patientin", "Tätowierers" for "Tätowierer").
func (w *descriptionWords) hasRoleWord(c *Character, t analysis.Token) bool {
	heads, ok := w.roleHeads[c.id]
	if !ok || len(heads) != len(c.Roles) {
		// Linking adds roles ("der 44-jährigen Busfahrerin"): the
		// remembered heads follow them.
		heads = heads[:0]
		for _, role := range c.Roles {
			head := role
			if i := strings.LastIndexByte(role, ' '); i >= 0 {
				head = role[i+1:]
			}
			heads = append(heads, analysis.Normalize(head))
		}
		w.roleHeads[c.id] = heads
	}
	for _, r := range heads {
		if r == t.Norm || strings.HasPrefix(t.Norm, r) && len(t.Norm)-len(r) <= 2 {
			return true
		}
		// The head of a compound role: "des Boxers" for an Amateurboxer.
		for cut := 0; cut <= 2 && len(t.Norm)-cut >= 5; cut++ {
			if strings.HasSuffix(r, t.Norm[:len(t.Norm)-cut]) {
				return true
			}
		}
	}
	return false
}

// adjectiveAsNoun: a capitalised adjective or participle with a weak
// ending ("die Bewusstlose", "der Verletzte", "des Erschöpften"): after a
// definite article, a person. The lexicon knows it as an adjective or
// participle, and as a noun at most in that nominalised form; relatives
// ("die Angehörigen") are not one person.
func adjectiveAsNoun(lex *lexicon.Lexicon, surface string) bool {
	w := strings.ToLower(surface)
	if !strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "en") {
		return false
	}
	adjective := false
	for _, a := range lex.Analyse(w) {
		switch {
		case a.POS&(lexicon.Adjective|lexicon.Participle) != 0:
			adjective = true
		case a.POS&lexicon.Noun != 0 && !strings.HasSuffix(a.Lemma, "e"):
			return false // a noun of its own: "das Gut"
		}
	}
	return adjective && lex.Classes(w)&lexicon.Kinship == 0
}

// descriptionGender is the gender the noun names: the lexicon's gender of
// the noun (neuter ones like "Baby" tell nothing), else nounGender.
func descriptionGender(toks []analysis.Token, k int) byte {
	for _, a := range lexicon.Default().Analyse(toks[k].Surface) {
		if a.POS&lexicon.Noun != 0 && (a.Gender == 'm' || a.Gender == 'f') {
			return a.Gender
		}
	}
	return nounGender(toks[k].Surface)
}

// sexNouns are the kinship nouns that are also the plain words for a man
// and a woman ("ihr Mann" is her husband, "der junge Mann" a man); closed
// class.
var sexNouns = set(`mann frau`)

// isSexNoun: "Mann", "Frau" or a word the thesaurus gives either as a
// synonym or broader term ("Dame", "Kerl", "Herr").
func isSexNoun(t analysis.Token) bool {
	if base, _ := kinOf(t); sexNouns[base] {
		return true
	}
	for _, r := range lexicon.Default().Related(t.Norm) {
		if sexNouns[r.Word] {
			return true
		}
	}
	return false
}

// modifierPrepositions may follow a description's noun and say which person it
// means: "der Mann vom Bau", "die Frau mit dem Hund" (closed class).
var modifierPrepositions = set(`von vom aus mit bei beim im am`)

// modifiedPerson resolves a description with a modifier after its noun
// ("dem Mann vom Bau", "die Frau mit dem Hund") to the one person of the
// episode so far, other than the excluded ones, of whom the modifier's noun
// was said: a sentence about them holds it, or it is part of a role of
// theirs ("Gerüstbauer" for "Bau"). Storylines interleave, so the person
// may be paragraphs back, behind others of the same gender.
func (b *Base) modifiedPerson(toks []analysis.Token, k int, named []int, want byte, earlier []*sentence, words *descriptionWords) (int, bool) {
	if !modifierPrepositions[tokenAt(toks, k+1).Norm] {
		return 0, false
	}
	n := -1
	for m := k + 2; m < len(toks) && m <= k+4; m++ {
		if toks[m].Capitalised {
			n = m
			break
		}
		if toks[m].Punct != 0 {
			break
		}
	}
	if n < 0 || toks[n-1].Punct != 0 || analysis.IsStopWord(toks[n].Norm) || !lexicon.Default().IsNoun(toks[n].Surface) {
		return 0, false // "der Mann von Doreen" names a relative
	}
	stem := analysis.Stem(toks[n].Norm)
	if len(stem) < 3 {
		return 0, false
	}
	fits := func(id int) bool {
		c := b.characters[id]
		return !containsInt(named, id) && !hasAcademicTitle(c.Name) && (want == 0 || c.gender == 0 || c.gender == want)
	}
	found := -1
	take := func(id int) bool {
		if found >= 0 && found != id {
			return false // two people: the modifier decides nothing
		}
		found = id
		return true
	}
	for i := len(earlier) - 1; i >= 0 && i >= len(earlier)-maxSaidDistance; i-- {
		s := earlier[i]
		holds := false
		for _, t := range s.tokens() {
			holds = holds || t.Capitalised && analysis.Stem(t.Norm) == stem
		}
		for _, id := range s.people {
			if !fits(id) {
				continue
			}
			if holds && len(s.people) == 1 || words.roleHasPart(b.characters[id], stem) {
				if !take(id) {
					return 0, false
				}
			}
		}
	}
	return found, found >= 0
}

// roleHasPart: a part of one of c's roles begins with the stem ("bau" in
// "Gerüstbauer").
func (w *descriptionWords) roleHasPart(c *Character, stem string) bool {
	parts, ok := w.roleParts[c.id]
	if !ok || len(parts) != len(c.Roles) {
		parts = parts[:0]
		for _, role := range c.Roles {
			var stems []string
			if !strings.Contains(role, " ") { // "Tochter von …" is a relation
				for _, part := range lexicon.Default().Split(role) {
					stems = append(stems, analysis.Stem(analysis.Normalize(part)))
				}
			}
			parts = append(parts, stems)
		}
		w.roleParts[c.id] = parts
	}
	for _, stems := range parts {
		for _, p := range stems {
			if strings.HasPrefix(p, stem) {
				return true
			}
		}
	}
	return false
}

// saidAsCompound resolves a compound the lexicon does not know ("den
// Klavierstimmer") to the one person a recent sentence said it of in
// separate words: "Seit 26 Jahren stimmt Wieland Prasse Klaviere" holds
// "stimm" and "klavier", two pieces of the noun. A new person would come
// with "ein"; the definite article means someone known.
func (b *Base) saidAsCompound(t analysis.Token, named []int, earlier []*sentence, words *descriptionWords) (int, bool) {
	if !t.Capitalised || len(t.Norm) < 8 || !words.isUnknown(t) {
		return 0, false
	}
	noun := analysis.Stem(t.Norm)
	if len(noun) < 8 {
		return 0, false
	}
	for i := len(earlier) - 1; i >= 0 && i >= len(earlier)-maxSaidDistance; i-- {
		s := earlier[i]
		var people []int
		for _, id := range s.people {
			if !containsInt(named, id) && !hasAcademicTitle(b.characters[id].Name) {
				people = append(people, id)
			}
		}
		if len(people) != 1 {
			continue
		}
		pieces := map[string]bool{}
		for k, tok := range s.tokens() {
			stem := analysis.Stem(tok.Norm)
			if len(stem) >= 4 && !analysis.IsStopWord(tok.Norm) && !inAnyMention(s, k) && strings.Contains(noun, stem) && stem != noun {
				pieces[stem] = true
			}
		}
		if len(pieces) >= 2 {
			return people[0], true
		}
	}
	return 0, false
}

// means records that the description at token k means person id: the
// sentence is about them, and the token refers to them.
func (s *sentence) means(k, id int) {
	s.people = appendUnique(s.people, id)
	if s.refs == nil {
		s.refs = map[int][]int{}
	}
	s.refs[k] = []int{id}
}
