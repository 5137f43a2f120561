// Package synth generates a deterministic synthetic corpus of episode
// synopses in the style of the series' plain-text synopses (German prose
// about patients, their families and the clinic's doctors), together with
// questions and the phrases a correct answer must contain. It is meant for
// benchmarks and accuracy measurements of the knowledge engine on corpora
// far larger than the real one.
//
// The same (n, seed) always gives byte-identical output, and episode i does
// not depend on n: Generate(200, s) is a prefix of Generate(5000, s).
package synth

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode/utf8"
)

// Episode is one generated synopsis file.
type Episode struct {
	Name      string // file name, e.g. "00042_krueger.txt"
	Text      string // the synopsis: German prose, one paragraph per line
	Questions []QA   // questions about this episode, answerable or not
}

// QA is a question with what a correct answer must show.
type QA struct {
	Question string
	// Expect lists phrases of which a correct answer contains at least one
	// (case-insensitive). Empty: the synopses do not answer the question
	// and the engine should abstain.
	Expect []string
	// Kind names the template, e.g. "disease", "typo", "unanswerable".
	Kind string
	// Episode is the file name of the episode the question is about; empty
	// for questions not about one episode.
	Episode string
}

// Answerable reports whether the synopses contain the answer.
func (q QA) Answerable() bool { return len(q.Expect) > 0 }

// Correct scores an engine's reply: an answerable question needs an answer
// containing one of the expected phrases, an unanswerable one an abstention.
func (q QA) Correct(answered bool, text string) bool {
	if !q.Answerable() {
		return !answered
	}
	if !answered {
		return false
	}
	lower := strings.ToLower(text)
	for _, e := range q.Expect {
		if strings.Contains(lower, strings.ToLower(e)) {
			return true
		}
	}
	return false
}

// Generate returns n synopses built from name pools and sentence templates
// with a random source seeded by seed.
func Generate(n int, seed int64) []Episode {
	if n <= 0 {
		return nil
	}
	c := newCast(seed)
	eps := make([]Episode, n)
	for i := range eps {
		r := rand.New(rand.NewPCG(uint64(seed), uint64(i)+1))
		eps[i] = c.episode(r, i)
	}
	return eps
}

// Questions returns the questions of all episodes, in episode order.
func Questions(eps []Episode) []QA {
	var out []QA
	for _, ep := range eps {
		out = append(out, ep.Questions...)
	}
	return out
}

// person is a generated character.
type person struct {
	first, last string
	female      bool
}

// doctor is one of the recurring main characters.
type doctor struct {
	person
	role   string // "Oberärztin"
	spouse string // first name
}

func (d doctor) full() string  { return "Dr. " + d.first + " " + d.last }
func (d doctor) short() string { return "Dr. " + d.last }

// cast holds what is fixed across episodes: the clinic and its doctors.
type cast struct {
	clinic  string
	doctors []doctor
	// surnames of guests, shuffled: episode i's patient gets surname(i),
	// so no two patients share a name (see surname).
	surnames []string
	taken    map[string]bool // names of the main cast, not given to guests
}

var allSurnames = buildSurnames()

func buildSurnames() []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, s := range surnamesCommon {
		add(s)
	}
	for _, h := range surnameHeads {
		for _, t := range surnameTails {
			if strings.HasSuffix(h, t[:1]) && t != "mann" || strings.HasSuffix(h, "e") && t == "ert" {
				continue // "Birkke", "Buchhuber", "Haseert"
			}
			add(h + t)
		}
	}
	return out
}

func newCast(seed int64) *cast {
	r := rand.New(rand.NewPCG(uint64(seed), 0))
	c := &cast{clinic: clinics[r.IntN(len(clinics))], taken: map[string]bool{}}
	for len(c.doctors) < 8 {
		d := doctor{person: person{female: len(c.doctors)%2 == 0}}
		d.first = pickFirst(r, d.female)
		d.last = pick(r, allSurnames)
		if c.taken[d.first] || c.taken[d.last] {
			continue
		}
		if d.female {
			d.role = pick(r, doctorRolesF)
			d.spouse = pickFirst(r, false)
		} else {
			d.role = pick(r, doctorRolesM)
			d.spouse = pickFirst(r, true)
		}
		c.taken[d.first], c.taken[d.last], c.taken[d.spouse] = true, true, true
		c.doctors = append(c.doctors, d)
	}
	firstNames := map[string]bool{}
	for _, n := range append(slices.Clone(femaleFirst), maleFirst...) {
		firstNames[n] = true
	}
	for _, s := range allSurnames {
		// "Herr Paul" next to a relative "Paul" would be ambiguous.
		if !c.taken[s] && !firstNames[s] {
			c.surnames = append(c.surnames, s)
		}
	}
	r.Shuffle(len(c.surnames), func(i, j int) { c.surnames[i], c.surnames[j] = c.surnames[j], c.surnames[i] })
	return c
}

// surname gives episode i's patient a surname no other episode's patient
// has: questions such as "Woran leidet Herr Krüger?" then have one right
// answer however large the corpus. Past the pool, double-barrelled names
// ("Krüger-Lindner") take over.
func (c *cast) surname(i int) string {
	n := len(c.surnames)
	if i < n {
		return c.surnames[i]
	}
	j := i - n
	a := j % n
	b := (a + 1 + (j/n)%(n-1)) % n
	return c.surnames[a] + "-" + c.surnames[b]
}

func pickFirst(r *rand.Rand, female bool) string {
	if female {
		return pick(r, femaleFirst)
	}
	return pick(r, maleFirst)
}

// guestFirst draws a first name not used by the main cast nor by avoid.
func (c *cast) guestFirst(r *rand.Rand, female bool, avoid ...string) string {
	for {
		n := pickFirst(r, female)
		if !c.taken[n] && !slices.Contains(avoid, n) {
			return n
		}
	}
}

// parentWord is what the patient is to the relative: "Vater" for a daughter.
func parentWord(k kin, patientFemale bool) (string, bool) {
	if patientFemale {
		return parentWords[k.group][1], true
	}
	return parentWords[k.group][0], false
}

// episode builds one synopsis from its own random source.
func (c *cast) episode(r *rand.Rand, i int) Episode {
	p := person{female: r.IntN(2) == 0}
	p.first = c.guestFirst(r, p.female)
	p.last = c.surname(i)
	k := kins[r.IntN(len(kins))]
	rel := person{female: k.female, last: p.last}
	rel.first = c.guestFirst(r, k.female, p.first)
	spouse := c.guestFirst(r, !p.female, p.first, rel.first)
	isMarried := r.IntN(5) < 3
	di := r.IntN(len(c.doctors))
	d := c.doctors[di]
	d2 := c.doctors[(di+1+r.IntN(len(c.doctors)-1))%len(c.doctors)]
	ill := illnesses[r.IntN(len(illnesses))]
	ev := events[r.IntN(len(events))]
	jb := jobs[r.IntN(len(jobs))]
	adj := jobAdjectives[r.IntN(len(jobAdjectives))]
	count := pick(r, countWords)
	treat := pick(r, treatments)
	city := pick(r, cities)
	hb := hobbies[r.IntN(len(hobbies))]
	dest := destinations[r.IntN(len(destinations))]
	outing := pick(r, outings)
	why := outingReasons[r.IntN(len(outingReasons))]
	parent, parentFemale := parentWord(k, p.female)
	saved := r.IntN(4) < 3

	hon, honDat := "Herr", "Herrn"
	jobNoun, jobAppos := jb.m, "ein "+adj[0]+" "+jb.m
	if p.female {
		hon, honDat = "Frau", "Frau"
		jobNoun, jobAppos = jb.f, "eine "+adj[1]+" "+jb.f
	}
	var relDesc string
	switch {
	case adultKin[k.group] && k.female:
		relDesc = pick(r, adultF)
	case adultKin[k.group]:
		relDesc = pick(r, adultM)
	case k.female:
		relDesc = pick(r, youngF)
	default:
		relDesc = pick(r, youngM)
	}
	docApposDat := "einem erfahrenen " + weakNoun(d2.role, false)
	if d2.female {
		docApposDat = "einer erfahrenen " + d2.role
	}
	hobbyText := hb.verb + " " + hb.object
	if hb.particle != "" {
		hobbyText += " " + hb.particle
	}

	// Possessive + noun in the cases the templates need.
	nounGender := func(female bool) string {
		if female {
			return "f"
		}
		return "m"
	}
	vars := []string{
		"{P}", hon + " " + p.last,
		"{Pfull}", hon + " " + p.first + " " + p.last,
		"{Pd}", honDat + " " + p.last,
		"{Pg}", honDat + " " + genitive(p.last),
		"{R}", rel.first,
		"{Rg}", genitive(rel.first),
		"{S}", spouse,
		"{kinNom}", possessive(p.female, "nom", nounGender(k.female)) + " " + k.noun,
		"{kinAcc}", possessive(p.female, "acc", nounGender(k.female)) + " " + weakNoun(k.noun, k.female),
		"{kinDat}", possessive(p.female, "dat", nounGender(k.female)) + " " + weakNoun(k.noun, k.female),
		"{rParentNom}", possessive(rel.female, "nom", nounGender(parentFemale)) + " " + parent,
		"{rParentAcc}", possessive(rel.female, "acc", nounGender(parentFemale)) + " " + parent,
		"{rParentDat}", possessive(rel.female, "dat", nounGender(parentFemale)) + " " + parent,
		"{ex}", map[bool]string{false: "seiner früheren Frau", true: "ihrem früheren Mann"}[p.female],
		"{D}", d.full(), "{Dl}", d.short(), "{Df}", d.first, "{Dspouse}", d.spouse,
		"{D2}", d2.full(), "{D2l}", d2.short(), "{D2f}", d2.first, "{D2role}", d2.role,
		"{docApposDat}", docApposDat,
		"{clinic}", c.clinic, "{city}", city, "{count}", count, "{treat}", treat,
		"{illDat}", ill.dat, "{illAcc}", ill.acc, "{ill}", ill.name,
		"{jobAppos}", jobAppos, "{relDesc}", relDesc,
		"{outing}", outing, "{dest}", dest.phrase, "{title}", pick(r, titles),
	}
	for _, pr := range []struct {
		prefix string
		female bool
	}{{"", p.female}, {"r", rel.female}, {"d", d.female}, {"e", d2.female}, {"s", !p.female}, {"ds", !d.female}} {
		vars = append(vars, pronouns(pr.prefix, pr.female)...)
	}
	// Templates of events, hobbies, goals and reasons hold pronoun
	// variables too: fill them in two passes.
	vars = append(vars,
		"{evMain}", ev.main, "{evSub}", ev.sub,
		"{hobby}", hobbyText, "{goal}", pick(r, destGoals),
		"{why}", why.text,
	)
	rep := strings.NewReplacer(vars...)

	// Blocks: core facts in story order, then filler pools (cloned: they
	// are shuffled).
	type block struct {
		core   []string
		filler []string
	}
	var intro, family, doctors, side, climax, ending block

	intro.core = append(intro.core, pick(r, introOpen))
	if ill.injury {
		intro.core = append(intro.core, pick(r, diagInjury))
	} else {
		intro.core = append(intro.core, pick(r, diagIllness))
	}
	intro.core = append(intro.core, pick(r, history), pick(r, kinIntro), pick(r, home))
	intro.filler = slices.Clone(introFill)

	family.core = append(family.core, pick(r, relIntro))
	facts := map[string]bool{}
	opt := []string{"hobby", "outing", "dest"}
	r.Shuffle(len(opt), func(a, b int) { opt[a], opt[b] = opt[b], opt[a] })
	for j, f := range opt {
		if j < 2 || r.IntN(2) == 0 {
			facts[f] = true
		}
	}
	// The outing comes in two shapes, each with its question.
	outingText, outingQ := "{R} sagt {outing} ab, weil {why}.", "Warum sagt %s %s ab?"
	if r.IntN(2) == 0 {
		outingText, outingQ = "Weil {why}, verzichtet {R} auf {outing}.", "Warum verzichtet %s auf %s?"
	}
	for _, f := range []string{"hobby", "outing", "dest"} {
		if !facts[f] {
			continue
		}
		switch f {
		case "hobby":
			tail := ""
			if r.IntN(10) < 7 {
				tail = ", " + pick(r, hobbyTails)
			}
			family.core = append(family.core, "{R} {hobby}"+tail+".")
		case "outing":
			family.core = append(family.core, outingText)
		case "dest":
			family.core = append(family.core, pick(r, destSentences))
		}
	}
	if isMarried {
		family.core = append(family.core, pick(r, married))
	} else {
		family.core = append(family.core, pick(r, divorced))
	}
	family.filler = slices.Clone(familyFill)

	doctors.core = append(doctors.core, pick(r, treating), pick(r, colleague), pick(r, doctorHome))
	doctors.filler = slices.Clone(doctorsFill)
	side.filler = slices.Clone(sideFill)

	climax.core = append(climax.core, pick(r, crisis))
	climax.filler = slices.Clone(crisisFill)
	if saved {
		ending.core = append(ending.core, pick(r, rescued))
	} else {
		ending.core = append(ending.core, pick(r, lost))
	}
	if r.IntN(4) == 0 {
		ending.core = append(ending.core, titleLine)
	}
	ending.filler = slices.Clone(endingFill)

	blocks := []*block{&intro, &family, &doctors}
	if r.IntN(10) < 4 {
		// A side story of two sentences about the clinic.
		r.Shuffle(len(side.filler), func(a, b int) { side.filler[a], side.filler[b] = side.filler[b], side.filler[a] })
		side.core, side.filler = side.filler[:2], nil
		blocks = append(blocks, &side)
	}
	blocks = append(blocks, &climax, &ending)
	core := 0
	for _, b := range blocks {
		core += len(b.core)
	}
	target := 15 + r.IntN(16) // 15..30 sentences
	if target < core {
		target = core
	}
	// Paragraphs: each block with its core sentences in order and fillers
	// inserted after the opening sentence.
	paras := make([][]string, len(blocks))
	for bi, b := range blocks {
		paras[bi] = append(paras[bi], b.core...)
		r.Shuffle(len(b.filler), func(a, c int) { b.filler[a], b.filler[c] = b.filler[c], b.filler[a] })
	}
	used := make([]int, len(blocks))
	room := func(bi int) bool {
		// The side story stays short: at most three sentences.
		return used[bi] < len(blocks[bi].filler) && blocks[bi] != &side
	}
	for total := core; total < target; total++ {
		var open []int
		for bi := range blocks {
			if room(bi) {
				open = append(open, bi)
			}
		}
		if len(open) == 0 {
			break
		}
		bi := pick(r, open)
		f := blocks[bi].filler[used[bi]]
		used[bi]++
		at := 0
		if len(paras[bi]) > 0 {
			at = 1 + r.IntN(len(paras[bi]))
		}
		paras[bi] = slices.Insert(paras[bi], at, f)
	}
	// 3 to 6 paragraphs: merge neighbours at random.
	want := 3 + r.IntN(len(paras)-2)
	for len(paras) > want {
		j := r.IntN(len(paras) - 1)
		paras[j] = append(paras[j], paras[j+1]...)
		paras = slices.Delete(paras, j+1, j+2)
	}
	var sb strings.Builder
	for pi, para := range paras {
		if pi > 0 {
			sb.WriteByte('\n')
		}
		for si, s := range para {
			if si > 0 {
				// Now and then sentences are glued together, as in real
				// synopses ("Klinik.Während").
				if r.IntN(60) != 0 {
					sb.WriteByte(' ')
				}
			}
			sb.WriteString(capitalise(rep.Replace(rep.Replace(s))))
		}
	}
	sb.WriteByte('\n')
	name := fmt.Sprintf("%05d_%s.txt", i+1, slug(p.last))

	// Questions.
	pq := hon + " " + p.last
	if r.IntN(10) < 3 {
		pq = p.first + " " + p.last
	}
	pqDat := honDat + " " + p.last
	var qs []QA
	add := func(kind string, expect []string, format string, args ...any) {
		qs = append(qs, QA{Question: fmt.Sprintf(format, args...), Expect: expect, Kind: kind, Episode: name})
	}
	diseaseQ, keywords := []string{"Woran leidet %s?", "Welche Krankheit hat %s?", "An welcher Krankheit leidet %s?"}, []string{"krankheit", "diagnose", "befund"}
	if ill.injury {
		diseaseQ, keywords = []string{"Woran leidet %s?", "Welche Verletzung hat %s?", "Was für eine Verletzung hat %s?"}, []string{"verletzung", "diagnose"}
	}
	add("disease", []string{ill.name}, pick(r, diseaseQ), pq)
	add("admission", ev.expect, pick(r, []string{"Warum wird %s eingeliefert?", "Warum kommt %s in die Klinik?", "Was ist %s passiert?"}), pq)
	add("count", []string{count}, "Wie viele %s hatte %s?", treat, pq)
	// The relative is asked about by first name ("Wer ist Lena?"), which
	// other episodes' relatives share, or through the patient ("Wie heißt
	// die Tochter von Herrn Krüger?"), which is unique.
	relRef, byKin := rel.first, r.IntN(2) == 0
	if byKin {
		article := "der"
		if k.female {
			article = "die"
		}
		relRef = article + " " + k.noun + " von " + pqDat
		add("who", []string{rel.first}, "Wie heißt %s?", relRef)
	} else {
		add("who", []string{k.noun}, "Wer ist %s?", rel.first)
	}
	add("place", []string{city}, pick(r, []string{"Wo lebt %s?", "Wo wohnt %s?", "In welcher Stadt lebt %s?"}), pq)
	add("job", []string{jobNoun}, pick(r, []string{"Was ist %s von Beruf?", "Als was arbeitet %s?"}), pq)
	add("doctor", []string{d.last}, pick(r, []string{"Wer behandelt %s?", "Welcher Arzt kümmert sich um %s?"}), pqDat)
	add("keyword", []string{ill.name}, "%s %s", strings.ToLower(p.last), pick(r, keywords))
	if t, ok := typo(r, p.last); ok {
		add("typo", []string{ill.name}, "Woran leidet %s %s?", hon, capitalise(t))
	}
	if facts["hobby"] {
		q := "Was " + hb.verb + " " + relRef
		if hb.particle != "" {
			q += " " + hb.particle
		}
		add("hobby", []string{hb.expect}, "%s?", q)
	}
	if facts["dest"] {
		add("direction", []string{dest.expect}, "Wohin will %s ziehen?", relRef)
	}
	if facts["outing"] {
		add("reason", why.expect, outingQ, relRef, outing)
	}
	if isMarried {
		add("spouse", []string{spouse}, "Mit wem ist %s verheiratet?", pq)
	}
	if saved {
		add("outcome", []string{"gerettet", "retten"}, "Wird %s gerettet?", pq)
	}
	add("cast", []string{d.spouse}, "Mit wem ist %s verheiratet?", d.full())
	r.Shuffle(len(qs), func(a, b int) { qs[a], qs[b] = qs[b], qs[a] })
	qs = qs[:6]
	unanswerable := []string{
		"Wie heißt der Hund von " + rel.first + "?",
		"Welche Farbe hat das Auto von " + pqDat + "?",
		"Wer spielt " + d.full() + "?",
		"Wie alt ist " + pq + "?",
		"Wann läuft die Folge mit " + pqDat + "?",
		"Wie heißt die Katze von " + rel.first + "?",
		"Welche Schuhgröße hat " + pq + "?",
		"Auf welchem Sender läuft die Folge mit " + pqDat + "?",
	}
	qs = append(qs, QA{Question: pick(r, unanswerable), Kind: "unanswerable", Episode: name})
	return Episode{Name: name, Text: sb.String(), Questions: qs}
}

// pronouns returns replacer pairs for a person's pronouns, with a variable
// prefix ("" patient, "r" relative, "d" doctor, "e" colleague, "s" the
// patient's spouse, "ds" the doctor's spouse): {er} {Er} {ihn} {ihm}, the
// relative pronouns {der} (nominative) and {dem} (dative), and the
// possessives {sein} {seine} {seinen} {seinem} {seiner} {Sein} {Seine}.
func pronouns(prefix string, female bool) []string {
	v := func(name string) string { return "{" + prefix + name + "}" }
	er, ihn, ihm, poss := "er", "ihn", "ihm", "sein"
	if female {
		er, ihn, ihm, poss = "sie", "sie", "ihr", "ihr"
	}
	der, dem := "der", "dem"
	if female {
		der, dem = "die", "der"
	}
	out := []string{v("er"), er, v("Er"), capitalise(er), v("ihn"), ihn, v("ihm"), ihm, v("der"), der, v("dem"), dem}
	for _, end := range []string{"", "e", "en", "em", "er"} {
		out = append(out, v("sein"+end), poss+end, v("Sein"+end), capitalise(poss+end))
	}
	return out
}

// weakNoun declines the masculine nouns of the weak declension the
// templates use in the accusative and dative: "seinen Neffen", "einem
// erfahrenen Chirurgen", "einem Kardiologen".
func weakNoun(noun string, female bool) string {
	switch {
	case female, strings.HasSuffix(noun, "arzt"):
		return noun // feminine nouns and the strong "Arzt"
	case strings.HasSuffix(noun, "e"):
		return noun + "n"
	case strings.HasSuffix(noun, "ist"), strings.HasSuffix(noun, "urg"):
		return noun + "en"
	}
	return noun
}

// possessive declines "sein"/"ihr" (by the owner's gender) for a noun of
// gender g ("m", "f") in case c ("nom", "acc", "dat").
func possessive(ownerFemale bool, c, g string) string {
	stem := "sein"
	if ownerFemale {
		stem = "ihr"
	}
	endings := map[string]string{"nom m": "", "nom f": "e", "acc m": "en", "acc f": "e", "dat m": "em", "dat f": "er"}
	return stem + endings[c+" "+g]
}

// genitive: "Krüger" → "Krügers", "Jonas" → "Jonas'".
func genitive(name string) string {
	if strings.HasSuffix(name, "s") || strings.HasSuffix(name, "ß") || strings.HasSuffix(name, "x") || strings.HasSuffix(name, "z") {
		return name + "'"
	}
	return name + "s"
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r >= 'a' && r <= 'z' {
		return string(r-'a'+'A') + s[n:]
	}
	return s
}

var slugFolds = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

func slug(s string) string {
	s = slugFolds.Replace(strings.ToLower(s))
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// typo misspells a surname the way people type on a phone: a letter
// dropped, doubled or swapped, or an umlaut without dots. Only for names
// long enough to stay recognisable, and never into another pool name.
func typo(r *rand.Rand, name string) (string, bool) {
	rs := []rune(strings.ToLower(name))
	if len(rs) < 6 || strings.Contains(name, "-") {
		return "", false
	}
	for range 10 {
		t := slices.Clone(rs)
		i := 1 + r.IntN(len(t)-2)
		switch r.IntN(4) {
		case 0:
			t = slices.Delete(t, i, i+1)
		case 1:
			t = slices.Insert(t, i, t[i])
		case 2:
			t[i], t[i+1] = t[i+1], t[i]
		case 3:
			j := slices.IndexFunc(t, func(c rune) bool { return strings.ContainsRune("äöü", c) })
			if j < 0 {
				continue
			}
			t[j] = map[rune]rune{'ä': 'a', 'ö': 'o', 'ü': 'u'}[t[j]]
		}
		out := string(t)
		if out == strings.ToLower(name) || slices.ContainsFunc(allSurnames, func(s string) bool { return strings.EqualFold(s, out) }) {
			continue
		}
		return out, true
	}
	return "", false
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func words(s string) []string { return strings.Fields(s) }
