package knowledge

import (
	"slices"
	"sort"
	"strconv"
	"strings"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/firstnames"
	"iafbot/knowledge/lexicon"
)

// sentence is one sentence of a synopsis with what was read from it. Its
// words are kept compactly (vocab.go): tokens() returns them, terms() the
// stems of the content words.
type sentence struct {
	text      string
	episode   int   // index into Base.episodes
	paragraph int32 // numbers the paragraphs of all episodes
	words     []word
	vocab     *vocabulary
	mentions  []mention
	// people links the sentence to characters: the ones it names first
	// (explicit of them), then the ones its pronouns refer to.
	people   []int
	explicit int
	// occupationAt lists the tokens that name an occupation of a person
	// the sentence is about ("die Schaustellerin Roswitha …").
	occupationAt []occupationToken
	// ageAt lists the tokens that give someone's age, with whose it is
	// ("der 58-Jährige", "Achim Wendisch, 52,").
	ageAt []occupationToken
	// *sentenceBuild is what only the build needs; Base.compact drops it.
	*sentenceBuild
}

type sentenceBuild struct {
	toks []analysis.Token
	// opensParagraph: a new paragraph starts here; introductions do not
	// reach across one.
	opensParagraph bool
	// refs maps the token index of a pronoun to the characters it means.
	refs map[int][]int
}

type occupationToken struct{ token, char int }

// Base is a built knowledge base. It is immutable and safe for concurrent
// use.
type Base struct {
	episodes   []*Episode
	byID       map[string]*Episode
	characters []*Character // index = Character.id
	sentences  []*sentence
	aliases    map[string][]int // normalised alias → characters
	nameIndex  nameIndex
	// charSentences lists, per character, the sentences linked to them.
	charSentences [][]int
	// storyAnchors[k][s] is the last sentence up to s in its episode that
	// names a guest (k = 0) or staff (k = 1), or -1: see storyOf.
	storyAnchors [2][]int32
	// cohesion scores, per paragraph, how much it shares with each
	// guest's other paragraphs: see findCohesion.
	cohesion [][]guestCohesion
	// placeNames are the words the text writes after "in", "aus", "nach"
	// as names ("in Bad Schandau"): unknown to the lexicon, yet no
	// technical term of an illness.
	placeNames map[string]bool
	index      *index
	// byOccupation maps the stem of an occupation to its characters.
	byOccupation map[string][]int
	// byAge maps an age the text gives someone to those characters.
	byAge map[int][]int
	// titleIndex maps the stem of a title's content word to its episodes.
	titleIndex map[string][]int
	model      *Model
}

func newBase(docs []*parsedDoc) *Base {
	b := &Base{byID: map[string]*Episode{}, aliases: map[string][]int{}, model: defaultModel}
	tz := newTokenizer()
	n := 0
	for _, d := range docs {
		for _, para := range d.paragraphs {
			n += len(para)
		}
	}
	b.sentences = make([]*sentence, 0, n)
	var paragraphs int32
	for ei, d := range docs {
		ep := &Episode{ID: d.id, Number: d.number, Title: d.title, Aired: d.aired, File: d.file, firstSentence: len(b.sentences),
			numbered: d.numbered, titled: d.title != ""}
		ep.Sentences = slices.Concat(d.paragraphs...)
		at := len(b.sentences)
		b.sentences = tz.appendSentences(b.sentences, ep.Sentences, ei)
		for _, para := range d.paragraphs {
			b.sentences[at].opensParagraph = true
			for _, s := range b.sentences[at : at+len(para)] {
				s.paragraph = paragraphs
			}
			paragraphs++
			at += len(para)
		}
		b.episodes = append(b.episodes, ep)
		b.byID[ep.ID] = ep
	}
	b.titleIndex = buildTitleIndex(b.episodes)
	names := buildNameLexicon(b.sentences)
	for _, s := range b.sentences {
		s.mentions = names.findMentions(s.tokens())
	}
	b.characters = resolvePeople(b.sentences)
	b.markRegularCast()
	b.inferGenders()
	// Roles first: a description that repeats one ("der Kranführer")
	// links like a pronoun, and the pronouns after it must see that link.
	b.readRoles()
	words := newDescriptionWords()
	for _, ep := range b.episodes {
		b.linkPeople(b.episodeSentences(ep), ep.firstSentence, words)
	}
	b.readRelations()
	b.findCohesion(tz)
	b.finishCharacters()
	b.byOccupation = occupationIndex(b.characters)
	b.markOccupations()
	b.markAges()
	b.placeNames = findPlaceNames(b.sentences)
	b.index = buildIndex(b.sentences, tz)
	b.nameIndex = buildNameIndex(b.aliases, b.characters)
	b.compact()
	return b
}

// regularCastEpisodes is in how many episodes a character is named to
// count as the regular cast.
const regularCastEpisodes = 3

// markRegularCast makes staff of everyone named in regularCastEpisodes
// episodes or more, title or not: guests come for their episode, the
// clinic's people ("Hans-Peter Brenner", often without "Pfleger") stay and
// walk through every storyline.
func (b *Base) markRegularCast() {
	episodes := make([]map[int]bool, len(b.characters))
	for _, s := range b.sentences {
		for _, m := range s.mentions {
			if episodes[m.char] == nil {
				episodes[m.char] = map[int]bool{}
			}
			episodes[m.char][s.episode] = true
		}
	}
	for id, c := range b.characters {
		c.staff = c.staff || len(episodes[id]) >= regularCastEpisodes
	}
}

// findPlaceNames collects the capitalised words that follow a place
// preposition without an article, up to the first punctuation.
func findPlaceNames(sentences []*sentence) map[string]bool {
	names := map[string]bool{}
	for _, s := range sentences {
		toks := s.tokens()
		for i := 1; i < len(toks); i++ {
			if !placePrepositions[toks[i-1].Norm] || toks[i-1].Punct != 0 {
				continue
			}
			for j := i; j < len(toks) && toks[j].Capitalised && !analysis.IsStopWord(toks[j].Norm); j++ {
				names[toks[j].Norm] = true
				if toks[j].Punct != 0 {
					break
				}
			}
		}
	}
	return names
}

func (b *Base) markOccupations() {
	for _, s := range b.sentences {
		for i, t := range s.tokens() {
			if !t.Capitalised {
				continue
			}
			for _, id := range s.people {
				for _, role := range b.characters[id].occupations {
					if strings.EqualFold(role, t.Surface) {
						s.occupationAt = append(s.occupationAt, occupationToken{i, id})
						break
					}
				}
			}
		}
	}
}

func occupationIndex(chars []*Character) map[string][]int {
	idx := map[string][]int{}
	add := func(word string, id int) {
		stem := analysis.Stem(analysis.Normalize(word))
		if ids := idx[stem]; len(ids) == 0 || ids[len(ids)-1] != id {
			idx[stem] = append(ids, id)
		}
	}
	lex := lexicon.Default()
	for _, c := range chars {
		for _, role := range c.occupations {
			add(role, c.id)
			// "die Schäferin" is the Wanderschäferin, "der Hausmeister"
			// the Schulhausmeister.
			parts := lex.Split(role)
			for k := 1; k < len(parts); k++ {
				add(strings.Join(parts[k:], ""), c.id)
			}
		}
	}
	return idx
}

func buildTitleIndex(episodes []*Episode) map[string][]int {
	idx := map[string][]int{}
	for ep, e := range episodes {
		if e.numbered {
			// "Wie heißt Folge 1062?"
			idx[strconv.Itoa(e.Number)] = append(idx[strconv.Itoa(e.Number)], ep)
		}
		if !e.titled {
			continue
		}
		for _, tok := range analysis.Tokenize(e.Title) {
			if analysis.IsStopWord(tok.Norm) {
				continue
			}
			stem := analysis.Stem(tok.Norm)
			if n := len(idx[stem]); n == 0 || idx[stem][n-1] != ep {
				idx[stem] = append(idx[stem], ep)
				e.titleWords++
			}
		}
	}
	return idx
}

// appearsIn: a sentence of the episode is linked to the character. The
// character's sentences are in text order, so a binary search finds it.
func (b *Base) appearsIn(char, ep int) bool {
	e := b.episodes[ep]
	ids := b.charSentences[char]
	i := sort.SearchInts(ids, e.firstSentence)
	return i < len(ids) && ids[i] < e.firstSentence+len(e.Sentences)
}

// maxStoryDistance bounds how far (in sentences) a sentence may be from
// one linked to a person and still count as part of their storyline.
const maxStoryDistance = 4

// distanceTo is how many sentences lie between s and the nearest sentence
// of its episode linked to char, if within maxStoryDistance: the diagnosis
// two sentences after the patient was last named is still their story.
func (b *Base) distanceTo(char, s int) (int, bool) {
	d, ok := b.storyDistance(char, s)
	return d, ok && d <= maxStoryDistance
}

// storyDistance is the number of sentences between s and the nearest
// sentence about char in the same episode, at any distance.
func (b *Base) storyDistance(char, s int) (int, bool) {
	ids := b.charSentences[char]
	ep := b.sentences[s].episode
	i := sort.SearchInts(ids, s)
	best, found := 0, false
	for _, j := range []int{i - 1, i} {
		if j >= 0 && j < len(ids) && b.sentences[ids[j]].episode == ep && (!found || abs(ids[j]-s) < best) {
			best, found = abs(ids[j]-s), true
		}
	}
	return best, found
}

// storyOf: sentence s belongs to char's storyline. Synopses interleave
// storylines, and a sentence that names no one ("Die Diagnose lautet …")
// goes on with the last one told; staff walk through every storyline, so
// for a guest only guests count, and for staff only staff.
func (b *Base) storyOf(char, s int) bool {
	i := b.storyAnchor(char, s)
	return i >= 0 && s-i <= maxStoryDistance && containsInt(b.sentences[i].people, char)
}

// inStory is storyOf at any distance within the episode: a paragraph of
// examinations that names only staff is still the patient's story.
func (b *Base) inStory(char, s int) bool {
	i := b.storyAnchor(char, s)
	return i >= 0 && containsInt(b.sentences[i].people, char)
}

// storyAnchor is the last sentence up to s in its episode that names
// someone of char's kind (guest or staff), or -1.
func (b *Base) storyAnchor(char, s int) int {
	k := 0
	if b.characters[char].staff {
		k = 1
	}
	return int(b.storyAnchors[k][s])
}

// findStoryAnchors fills storyAnchors once the people are linked. A
// paragraph that names no guest goes on with the guest it shares the most
// rare words with (findCohesion); failing that, a paragraph that opens
// with staff only ("Dr. X hält Dr. Ys Verdacht für
// übertrieben") goes on with the guest those doctors were last with, not
// with the guest of the paragraph before: storylines interleave by
// paragraph, and each keeps its doctors.
func (b *Base) findStoryAnchors() {
	for k := range b.storyAnchors {
		b.storyAnchors[k] = make([]int32, len(b.sentences))
	}
	last := [2]int32{-1, -1}
	staffWith := map[int]int32{} // staff → the guest anchor when last named
	for i, s := range b.sentences {
		if i == 0 || b.sentences[i-1].episode != s.episode {
			last = [2]int32{-1, -1}
			clear(staffWith)
		}
		if i > 0 && b.sentences[i-1].paragraph != s.paragraph {
			// The paragraph's first people, also after sentences that
			// name no one ("Unter dem Mikroskop …").
			opening := b.paragraphOpening(i)
			guest := false
			for _, id := range opening {
				guest = guest || !b.characters[id].staff
			}
			if !guest {
				// The paragraph's words tell whose story it goes on with;
				// failing that, the staff it opens with resume theirs.
				resumed := int32(-1)
				for _, id := range opening {
					if a, ok := staffWith[id]; ok && a > resumed {
						resumed = a
					}
				}
				if g, ok := b.cohesiveGuest(s.paragraph, i); ok {
					last[0] = g
				} else if resumed >= 0 {
					last[0] = resumed
				}
			}
		}
		for _, id := range s.people {
			if b.characters[id].staff {
				last[1] = int32(i)
			} else {
				last[0] = int32(i)
			}
		}
		for _, id := range s.people {
			if b.characters[id].staff && last[0] >= 0 {
				staffWith[id] = last[0]
			}
		}
		b.storyAnchors[0][i], b.storyAnchors[1][i] = last[0], last[1]
	}
}

// paragraphOpening is the people of the first sentence from i on, within
// i's paragraph, that names anyone.
func (b *Base) paragraphOpening(i int) []int {
	for k := i; k < len(b.sentences) && b.sentences[k].paragraph == b.sentences[i].paragraph && b.sentences[k].episode == b.sentences[i].episode; k++ {
		if len(b.sentences[k].people) > 0 {
			return b.sentences[k].people
		}
	}
	return nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (b *Base) episodeSentences(ep *Episode) []*sentence {
	return b.sentences[ep.firstSentence : ep.firstSentence+len(ep.Sentences)]
}

// inferGenders fills in genders the titles did not give: from kinship roles
// right next to the name and from the pronouns that follow sentences naming
// only that character.
func (b *Base) inferGenders() {
	votes := make([][2]int, len(b.characters))
	// What the text says they are weighs most: "eine Studentin", "Tochter".
	for _, s := range b.sentences {
		for _, m := range s.mentions {
			vote := func(role string, ok bool) {
				if !ok {
					return
				}
				switch nounGender(role) {
				case 'm':
					votes[m.char][0] += 3
				case 'f':
					votes[m.char][1] += 3
				}
			}
			vote(appositionRole(s.tokens(), m.end))
			vote(copulaRole(s.tokens(), m.end))
			switch relativeGender(s.tokens(), m.end) {
			case 'm':
				votes[m.char][0] += 3
			case 'f':
				votes[m.char][1] += 3
			}
			// "die Stuntfrau Marit Wiedemann", "Pfleger Mattes": the person
			// noun right before the name.
			vote(roleBeforeName(s.tokens(), m.start))
			if kin := tokenAt(s.tokens(), m.start-1); kin.Capitalised && m.kin == "" {
				if w := kinWordOf(kin); w.base != "" {
					switch w.gender {
					case 'm':
						votes[m.char][0] += 3
					case 'f':
						votes[m.char][1] += 3
					}
				}
			}
		}
	}
	for i, s := range b.sentences {
		if len(s.mentions) != 1 {
			continue
		}
		id := s.mentions[0].char
		count := func(toks []analysis.Token, from, limit int) {
			for j := from; j < len(toks) && j < from+limit; j++ {
				switch n := toks[j].Norm; {
				case n == "ihn" || n == "ihm" || n == "ihr" && j > 0:
				case malePronouns[n]:
					votes[id][0]++
				case femalePronouns[n] && !isPluralSie(toks, j):
					votes[id][1]++
				}
			}
		}
		// Subject and possessive pronouns only: an object pronoun ("untersucht
		// ihn") usually means someone else.
		count(s.tokens(), s.mentions[0].end, len(s.tokens()))
		if i+1 < len(b.sentences) && b.sentences[i+1].episode == s.episode {
			// "Er …", "Sie …", and possessives ("Ihre Tochter …") opening
			// the next sentence go on about the one person just named.
			if first := tokenAt(b.sentences[i+1].tokens(), 0).Norm; first != "ihn" && first != "ihm" && (malePronouns[first] || femalePronouns[first]) {
				count(b.sentences[i+1].tokens(), 0, 1)
			}
		}
	}
	for id, c := range b.characters {
		if c.gender != 0 {
			continue
		}
		// The first name tells most: a stray "sie" about a scan or a
		// colleague must not make Siegfried a woman.
		switch firstnames.Gender(c.firstName()) {
		case 'm':
			votes[id][0] += firstNameVotes
		case 'f':
			votes[id][1] += firstNameVotes
		}
		switch {
		case votes[id][0] > votes[id][1]:
			c.gender = 'm'
		case votes[id][1] > votes[id][0]:
			c.gender = 'f'
		}
	}
}

// relativeGender reads the gender of the person named just before token
// after from the relative pronoun opening the clause behind the name:
// "Dr. Kai Hoffmann, der zufällig noch im Haus ist" (a unisex first name,
// no title). A single name before the comma is singular, so "die" and
// "deren" are feminine there.
func relativeGender(toks []analysis.Token, after int) byte {
	if after == 0 || after >= len(toks) || toks[after-1].Punct != ',' {
		return 0
	}
	switch toks[after].Norm {
	case "der", "dessen", "den", "dem":
		return 'm'
	case "die", "deren":
		return 'f'
	}
	return 0
}

// firstNameVotes is what a first name of one sex counts in inferGenders:
// more than a person noun beside the name (3), less than two of them.
const firstNameVotes = 5

// firstName is the first word of the character's name after any title;
// empty for a relative named by kinship ("Holgers Vater").
func (c *Character) firstName() string {
	if c.kin != "" {
		return ""
	}
	for _, w := range strings.Fields(c.Name) {
		if _, title := honorifics[strings.TrimSuffix(analysis.Normalize(w), ".")]; !title {
			return w
		}
	}
	return ""
}

// nounGender guesses the gender of a person noun: kinship words from the
// lexicon, "-in" for women ("Ärztin", "Studentin"), agent nouns in "-er",
// "-ent", "-ist" for men ("Busfahrer", "Patient").
func nounGender(noun string) byte {
	n := analysis.Normalize(noun)
	if w := kinWordOf(analysis.Token{Surface: noun, Norm: n, Capitalised: true}); w.base != "" {
		return w.gender
	}
	// The lexicon's gender of a person noun ("Stationsschwester" is
	// feminine whatever its ending); neuter ones ("Kind") tell nothing.
	// Names are unknown to the lexicon: the class is asked only of nouns.
	lex := lexicon.Default()
	for _, a := range lex.Analyse(noun) {
		if a.POS&lexicon.Noun != 0 && (a.Gender == 'm' || a.Gender == 'f') {
			if lex.Classes(noun)&(lexicon.Person|lexicon.Job) != 0 {
				return a.Gender
			}
			break
		}
	}
	switch {
	case n == "maedchen" || strings.HasSuffix(n, "frau"):
		return 'f'
	case n == "junge" || strings.HasSuffix(n, "mann"):
		return 'm'
	case strings.HasSuffix(n, "in") && len(n) > 4:
		return 'f'
	}
	for _, suffix := range []string{"er", "ent", "ant", "ist", "eur", "arzt", "loge", "or"} {
		if strings.HasSuffix(n, suffix) {
			return 'm'
		}
	}
	return 0
}

// isPluralSie tells "sie streiten" (they) from "sie malt" (she) by the
// verb ending.
func isPluralSie(toks []analysis.Token, i int) bool {
	if toks[i].Norm != "sie" {
		return false
	}
	next := tokenAt(toks, i+1)
	switch next.Norm {
	case "sind", "haben", "waren", "werden", "koennen", "muessen", "wollen", "sollen", "hatten", "wurden", "beide", "beiden":
		return true
	}
	return !next.Capitalised && strings.HasSuffix(next.Norm, "en") && !analysis.IsStopWord(next.Norm)
}

// linkPeople links each sentence of an episode to the characters it names
// and to those its pronouns most likely mean: the latest character of the
// pronoun's gender.
func (b *Base) linkPeople(sentences []*sentence, first int, words *descriptionWords) {
	var recent, episodePeople []int
	seen := map[int]bool{}
	var sal salience
	words.ages, words.kin = statedAges(sentences), introducedKin(sentences)
	for i, s := range sentences {
		sal.decay()
		for _, m := range s.mentions {
			s.people = appendUnique(s.people, m.char)
		}
		s.explicit = len(s.people)
		if next, ok := nextNaming(sentences, i); ok {
			b.linkIntroduction(s, first+i, next, seen)
		}
		for j, t := range s.tokens() {
			if definiteArticles[t.Norm] {
				b.linkDescription(s, first+i, j, recent, episodePeople, sentences[:i], words)
				continue
			}
			var want byte
			switch {
			case malePronouns[t.Norm]:
				want = 'm'
			case femalePronouns[t.Norm] && !isPluralSie(s.tokens(), j):
				want = 'f'
			default:
				continue
			}
			// Candidates: named earlier in this sentence, meant by an
			// earlier pronoun of it, then the recent sentences' people;
			// the most salient first.
			var candidates, excluded []int
			if t.Norm == "ihn" || t.Norm == "ihm" {
				// "Dr. Globisch untersucht ihn": an object pronoun never
				// means someone named before it in its sentence, the
				// subject above all (that would be "sich").
				excluded = b.mentionedBefore(s, j)
			} else {
				candidates = b.mentionedBefore(s, j)
			}
			for k := len(s.people) - 1; k >= s.explicit; k-- {
				candidates = appendUnique(candidates, s.people[k])
			}
			for _, id := range recent {
				if !containsInt(excluded, id) {
					candidates = appendUnique(candidates, id)
				}
			}
			candidates = sal.order(candidates, s, j)
			var meant []int
			if id, ok := b.pickByGender(candidates, want); ok {
				meant = []int{id}
			}
			if len(meant) > 0 {
				if s.refs == nil {
					s.refs = map[int][]int{}
				}
				s.refs[j] = meant
			}
			for _, id := range meant {
				s.people = appendUnique(s.people, id)
			}
		}
		sal.add(s)
		recent = sal.order(s.updateRecent(recent), nil, 0)
		episodePeople = s.updatePeople(episodePeople)
		for _, id := range s.people {
			seen[id] = true
		}
	}
}

// nextNaming is the first of the two sentences after sentences[i], in its
// paragraph, that names anyone: "Sein erster Patient ist ein Landwirt …
// Dort habe es nach Chlor gerochen, berichtet er. Reinhard Köckritz, 58,
// hustet …" brings the name a sentence late.
func nextNaming(sentences []*sentence, i int) (*sentence, bool) {
	for k := i + 1; k < len(sentences) && k <= i+2; k++ {
		if sentences[k].opensParagraph {
			break
		}
		if len(sentences[k].mentions) > 0 {
			return sentences[k], true
		}
	}
	return nil, false
}

// updateRecent is updatePeople keeping the last six.
func (s *sentence) updateRecent(recent []int) []int {
	return firstN(s.updatePeople(recent), 6)
}

// updatePeople puts the sentence's people before the earlier ones, most
// recent first (named ones in reverse text order, then the ones meant by
// pronouns).
func (s *sentence) updatePeople(recent []int) []int {
	next := make([]int, 0, len(s.people)+len(recent))
	for i := s.explicit - 1; i >= 0; i-- {
		next = appendUnique(next, s.people[i])
	}
	for _, id := range s.people[s.explicit:] {
		next = appendUnique(next, id)
	}
	for _, id := range recent {
		next = appendUnique(next, id)
	}
	return next
}

func (b *Base) mentionedBefore(s *sentence, tokenIndex int) []int {
	var ids []int
	for i := len(s.mentions) - 1; i >= 0; i-- {
		if s.mentions[i].end <= tokenIndex {
			ids = append(ids, s.mentions[i].char)
		}
	}
	return ids
}

func (b *Base) pickByGender(candidates []int, want byte) (int, bool) {
	// A match among the last three people wins; else someone of unknown
	// gender named last ("Dr. Lea Peters operiert Felix. Sie …"); else a
	// match from further back.
	for _, id := range firstN(candidates, 3) {
		if b.characters[id].gender == want {
			return id, true
		}
	}
	if len(candidates) > 0 && b.characters[candidates[0]].gender == 0 {
		return candidates[0], true
	}
	for _, id := range candidates {
		if b.characters[id].gender == want {
			return id, true
		}
	}
	for _, id := range candidates {
		if b.characters[id].gender == 0 {
			return id, true
		}
	}
	return 0, false
}

func appendUnique(ids []int, id int) []int {
	for _, have := range ids {
		if have == id {
			return ids
		}
	}
	return append(ids, id)
}

func firstN(ids []int, n int) []int {
	if len(ids) > n {
		return ids[:n]
	}
	return ids
}

// finishCharacters fills episode lists, mention counts, aliases, episode
// cast lists and titles derived from the cast.
func (b *Base) finishCharacters() {
	perEpisode := make([]map[int]int, len(b.episodes))
	for i := range perEpisode {
		perEpisode[i] = map[int]int{}
	}
	mentions := make([]int, len(b.characters))
	b.findStoryAnchors()
	b.charSentences = make([][]int, len(b.characters))
	for si, s := range b.sentences {
		for k, id := range s.people {
			b.charSentences[id] = append(b.charSentences[id], si)
			weight := 1
			if k < s.explicit {
				weight = 2
			}
			perEpisode[s.episode][id] += weight
			mentions[id]++
		}
	}
	for _, c := range b.characters {
		c.Mentions = mentions[c.id]
		c.doctor = hasAcademicTitle(c.Name)
		for _, role := range c.Roles {
			if _, kin := kinOf(analysis.Token{Surface: role, Norm: analysis.Normalize(role), Capitalised: true}); !kin && !strings.Contains(role, " von ") {
				c.occupations = append(c.occupations, role)
			}
		}
		for _, a := range c.Aliases {
			key := analysis.Normalize(a)
			b.aliases[key] = appendUnique(b.aliases[key], c.id)
			// Fans type a double name without its hyphen ("hans peter").
			if unhyphened := strings.ReplaceAll(key, "-", " "); unhyphened != key {
				b.aliases[unhyphened] = appendUnique(b.aliases[unhyphened], c.id)
			}
		}
	}
	for ei, ep := range b.episodes {
		counts := perEpisode[ei]
		ids := make([]int, 0, len(counts))
		for id := range counts {
			ids = append(ids, id)
		}
		sort.Slice(ids, func(i, j int) bool {
			if counts[ids[i]] != counts[ids[j]] {
				return counts[ids[i]] > counts[ids[j]]
			}
			return ids[i] < ids[j]
		})
		for _, id := range ids {
			c := b.characters[id]
			ep.Characters = append(ep.Characters, c.Name)
			c.Episodes = append(c.Episodes, ep.ID)
		}
		if ep.Title == "" {
			ep.Title = castTitle(ep.Characters)
			if ep.Title == "" {
				ep.Title = "Folge " + strconv.Itoa(ep.Number)
			}
		}
	}
}

// castTitle names an untitled episode after its two main characters.
func castTitle(cast []string) string {
	var names []string
	for _, n := range cast {
		if len(names) == 2 {
			break
		}
		names = append(names, n)
	}
	return strings.Join(names, " und ")
}
