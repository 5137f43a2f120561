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
	gender     map[string]byte
	roleHeads  map[int][]string
}

func newDescriptionWords() *descriptionWords {
	return &descriptionWords{generic: map[string]bool{}, adjectival: map[string]bool{}, gender: map[string]byte{}, roleHeads: map[int][]string{}}
}

// linkDescription links the definite description opened by the article
// at token j of s, if it means one of the people of earlier sentences
// (recent, most recent first) other than those s names itself.
func (b *Base) linkDescription(s *sentence, j int, recent []int, earlier []*sentence, words *descriptionWords) {
	toks := s.tokens()
	k, ok := descriptionNoun(toks, j)
	if !ok || inAnyMention(s, k) {
		return
	}
	named := s.people[:s.explicit]
	var candidates []int
	for _, id := range recent {
		if !containsInt(named, id) {
			candidates = append(candidates, id)
		}
	}
	id, ok := b.describedPerson(toks, j, k, candidates, words)
	if words.adjectival[toks[k].Norm] {
		// "die Bewusstlose" is the one the text called unconscious, even
		// paragraphs ago, with another storyline in between.
		if said, found := b.saidOf(earlier, toks[k], named); found {
			id, ok = said, true
		}
	}
	if ok {
		s.people = appendUnique(s.people, id)
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

// describedPerson picks who the description (article toks[article], noun
// toks[k]) means among
// the candidates (most recent first): the one whose role it repeats, else,
// for a word the lexicon knows as a person or an age, the most recent of
// the three last people whose gender fits. Relational nouns ("der Vater")
// and job nouns ("die Chirurgin") name someone new unless they repeat a role.
func (b *Base) describedPerson(toks []analysis.Token, article, k int, candidates []int, words *descriptionWords) (int, bool) {
	t := toks[k]
	for _, id := range candidates {
		if words.hasRoleWord(b.characters[id], t) {
			return id, true
		}
	}
	age := isAgeNoun(t)
	adjectival := false
	if !age {
		generic, seen := words.generic[t.Norm]
		adjectival = words.adjectival[t.Norm]
		if !seen {
			_, kin := kinOf(t)
			lex := lexicon.Default()
			cls := lex.Classes(t.Surface)
			adjectival = !kin && adjectiveAsNoun(lex, t.Surface)
			generic = !kin && cls&lexicon.Person != 0 && cls&lexicon.Job == 0 || adjectival
			words.generic[t.Norm], words.adjectival[t.Norm] = generic, adjectival
		}
		art := toks[article].Norm
		if !generic || adjectival && (art == "das" || art == "dieses" || (art == "die" || art == "diese") && strings.HasSuffix(t.Norm, "en")) {
			return 0, false // "das Neue" is a thing, "die Verletzten" are many
		}
	}
	// A generic description ("der Junge", "die Patientin") is never the
	// title-bearing staff ("Dr. …").
	want, seen := words.gender[t.Norm]
	if !seen {
		want = descriptionGender(toks, k)
		words.gender[t.Norm] = want
	}
	if age || adjectival {
		want = ageNounGender(toks[article].Norm, toks[k])
	}
	// A known matching gender beats an unknown one.
	for _, unknownOK := range []bool{false, true} {
		for _, id := range firstN(candidates, 3) {
			c := b.characters[id]
			if hasAcademicTitle(c.Name) {
				continue
			}
			if want == 0 || c.gender == want || unknownOK && c.gender == 0 {
				return id, true
			}
		}
	}
	return 0, false
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
	if !ok {
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
