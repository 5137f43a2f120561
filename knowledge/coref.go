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
	generic   map[string]bool // a person noun that may mean anyone
	gender    map[string]byte
	roleHeads map[int][]string
}

func newDescriptionWords() *descriptionWords {
	return &descriptionWords{generic: map[string]bool{}, gender: map[string]byte{}, roleHeads: map[int][]string{}}
}

// linkDescription links the definite description opened by the article
// at token j of s, if it means one of the people of earlier sentences
// (recent, most recent first) other than those s names itself.
func (b *Base) linkDescription(s *sentence, j int, recent []int, words *descriptionWords) {
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
	if id, ok := b.describedPerson(toks, j, k, candidates, words); ok {
		s.people = appendUnique(s.people, id)
	}
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
	if !age {
		generic, seen := words.generic[t.Norm]
		if !seen {
			_, kin := kinOf(t)
			cls := lexicon.Default().Classes(t.Surface)
			generic = !kin && cls&lexicon.Person != 0 && cls&lexicon.Job == 0
			words.generic[t.Norm] = generic
		}
		if !generic {
			return 0, false
		}
	}
	// A generic description ("der Junge", "die Patientin") is never the
	// title-bearing staff ("Dr. …").
	want, seen := words.gender[t.Norm]
	if !seen {
		want = descriptionGender(toks, k)
		words.gender[t.Norm] = want
	}
	if age {
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
	}
	return false
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
