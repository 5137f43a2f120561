package knowledge

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
)

// Abstention on questions with nothing to look up, or about a person the
// synopses never mention, is structural: it must hold whatever the model
// learned. Traps that need judgement (an age the text does not give) are
// questions of the bank (testdata/qa/seeds) and count in TestQA.
func TestAbstains(t *testing.T) {
	b := seedBase(t)
	for _, q := range []string{"", "???", "der die das", "Wer ist Dr. Brentano?"} {
		a := b.Ask(q)
		if a.Answered {
			t.Errorf("%q answered: %s", q, a.Text)
			continue
		}
		if a.Text != NotInSynopses || a.Reason == "" || a.EpisodeID != "" {
			t.Errorf("%q: abstention must say so plainly and give a reason: %+v", q, a)
		}
	}
}

func TestAnswerShape(t *testing.T) {
	b := seedBase(t)
	for _, q := range []string{"Woran leidet Herr Scholze?", "Wer ist Maja?", "Was passiert mit Frau Schmidt?"} {
		a := b.Ask(q)
		if !a.Answered {
			t.Errorf("%q abstained: %s", q, a.Reason)
			continue
		}
		if n := utf8.RuneCountInString(a.Text); n > MaxAnswerLen {
			t.Errorf("%q: %d runes", q, n)
		}
		if _, ok := b.Episode(a.EpisodeID); !ok || a.EpisodeTitle == "" || a.Probability < b.model.Threshold || a.Probability > 1 {
			t.Errorf("%q: source/probability missing: %+v", q, a)
		}
	}
}

func TestUnknownNameSuggests(t *testing.T) {
	b := seedBase(t)
	a := b.Ask("Wer ist Lucas Heilmann junior?")
	if len(a.Suggestions) == 0 {
		t.Fatalf("no suggestions: %+v", a)
	}
	a = b.Ask("Was macht Scholtze?")
	found := false
	for _, s := range a.Suggestions {
		found = found || s == "Herr Scholze"
	}
	if !found {
		t.Errorf("want Herr Scholze suggested for Scholtze: %v", a.Suggestions)
	}
}

func TestTruncateRunes(t *testing.T) {
	long := strings.Repeat("Wort ", 100)
	got := truncateRunes(long, 40)
	if utf8.RuneCountInString(got) > 40 || !strings.HasSuffix(got, "…") || strings.HasSuffix(got, " …") {
		t.Errorf("truncateRunes = %q", got)
	}
	if truncateRunes("kurz", 40) != "kurz" {
		t.Error("short text must stay")
	}
	umlauts := strings.Repeat("ä", 50)
	if got := truncateRunes(umlauts, 10); !utf8.ValidString(got) || utf8.RuneCountInString(got) != 10 {
		t.Errorf("rune-safe cut: %q", got)
	}
}

func TestLookups(t *testing.T) {
	b := seedBase(t)
	if c, ok := b.FindCharacter("kathrin"); !ok || c.Name != "Katrin" {
		t.Errorf("FindCharacter(kathrin) = %v", c)
	}
	if c, ok := b.FindCharacter("Dr. Heilmann"); !ok || c.Name != "Dr. Roland Heilmann" {
		t.Errorf("FindCharacter(Dr. Heilmann) = %v", c)
	}
	if _, ok := b.FindCharacter("Xaver Unbekannt"); ok {
		t.Error("unknown name must not be found")
	}
	if _, ok := b.FindCharacter(""); ok {
		t.Error("empty name must not be found")
	}
	eps := b.FindEpisodes("Wege des Lebns", 3)
	if len(eps) == 0 || eps[0].Title != "Wege des Lebens" {
		t.Errorf("FindEpisodes by misspelt title: %v", eps)
	}
	if eps := b.FindEpisodes("2", 1); len(eps) != 1 || eps[0].Number != 2 {
		t.Errorf("FindEpisodes by number: %v", eps)
	}
	if eps := b.FindEpisodes("Scholze", 1); len(eps) != 1 || eps[0].ID != b.Episodes()[0].ID {
		t.Errorf("FindEpisodes by character: %v", eps)
	}
	if eps := b.FindEpisodes("", 5); eps != nil {
		t.Errorf("empty query: %v", eps)
	}
	choices := b.CompleteCharacters("kat", 25)
	if len(choices) == 0 || choices[0].Name != "Katrin" {
		t.Errorf("CompleteCharacters(kat) = %v", choices)
	}
	if got := b.CompleteCharacters("", 2); len(got) != 2 {
		t.Errorf("empty prefix lists the first: %v", got)
	}
	if got := b.CompleteEpisodes("wege", 25); len(got) != 1 || got[0].Value != b.Episodes()[2].ID {
		t.Errorf("CompleteEpisodes(wege) = %v", got)
	}
	facts := b.CharacterFacts(mustCharacter(t, b, "Katrin"), 3)
	if len(facts) == 0 || len(facts) > 3 || !strings.Contains(facts[0].Text, "Katrin") {
		t.Errorf("CharacterFacts = %v", facts)
	}
}

func TestSummaryReadsAsSummary(t *testing.T) {
	b := seedBase(t)
	for _, ep := range b.Episodes() {
		s := b.Summary(ep.ID, 3)
		n := len(splitSentences(s))
		if n < 2 || n > 3 {
			t.Errorf("%s: summary has %d sentences: %q", ep.ID, n, s)
		}
		if strings.HasPrefix(s, ep.Sentences[0]+" "+ep.Sentences[1]+" "+ep.Sentences[2]) {
			t.Errorf("%s: summary is just the opening", ep.ID)
		}
		if !strings.Contains(s, strings.Fields(ep.Characters[0])[len(strings.Fields(ep.Characters[0]))-1]) {
			t.Errorf("%s: summary does not name the main character %q: %q", ep.ID, ep.Characters[0], s)
		}
	}
	if b.Summary("gibt-es-nicht", 3) != "" {
		t.Error("unknown episode must give an empty summary")
	}
}

// A place name after "in"/"aus"/"nach" is unknown to the lexicon like a
// technical term of an illness, but it is none.
func TestPlaceNameIsNoIllnessTerm(t *testing.T) {
	b := mustBuild(t, "ort.txt", "Herr Wuttig hat gerade eine Kur in einem Kurhotel in Bad Lausick hinter sich. "+
		"Die Laboruntersuchung bestätigt bei Herrn Wuttig eine Porphyrie.")
	evidence := map[string]medicalEvidence{}
	for _, sent := range b.sentences {
		toks := sent.tokens()
		for i, tok := range toks {
			evidence[tok.Surface] = b.medicalWord(sent, toks, i)
		}
	}
	if evidence["Lausick"] != 0 || evidence["Porphyrie"] != medicalUnknown {
		t.Errorf("Lausick %v, Porphyrie %v; want 0, %v", evidence["Lausick"], evidence["Porphyrie"], medicalUnknown)
	}
}

// A technical noun the full-form lexicon lists but the thesaurus does not
// class is classed by its ending, like unknown words.
func TestListedTechnicalNounClassedBySuffix(t *testing.T) {
	b := mustBuild(t, "befund.txt", "Die Computertomografie zeigt bei Herrn Wuttig einen Niereninfarkt.")
	sent := b.sentences[0]
	toks := sent.tokens()
	i := slices.IndexFunc(toks, func(tok analysis.Token) bool { return tok.Surface == "Niereninfarkt" })
	if i < 0 || b.medicalWord(sent, toks, i) != medicalNamed {
		t.Errorf("Niereninfarkt at %d: %v, want %v", i, b.medicalWord(sent, toks, max(i, 0)), medicalNamed)
	}
}

// A noun in apposition before a name says who is asked about: "was hatte
// der dachdecker X" asks for X's illness like "was hatte X".
func TestAppositionBeforeNameDescribes(t *testing.T) {
	b := mustBuild(t, "dach.txt", "Torsten Wiegand stürzt von einer Leiter. Dr. Irma Weber diagnostiziert einen Bruch des Handgelenks.")
	q := b.analyse("was hatte der dachdecker torsten wiegand")
	if q.kind != typeDisease {
		t.Errorf("kind %v, want disease", q.kind)
	}
	for _, term := range q.terms {
		if term.norm == "dachdecker" && !term.describes {
			t.Error("dachdecker is content, not the description of the person")
		}
	}
}

// Slips of typing in the words that shape a question: an auxiliary, a
// kinship noun, a first name before a surname two people share.
func TestQuestionSpellingSlips(t *testing.T) {
	b := mustBuild(t, "familie.txt", "Heike Pötzsch arbeitet in einer Bäckerei. Ihr Sohn Lukas Pötzsch spielt Volleyball. "+
		"Lukas Pötzsch bricht beim Training zusammen. Seine Schwester Romy holt Hilfe. Dr. Irma Weber diagnostiziert ein Marfan-Syndrom.")
	q := b.analyse("was hatt luckas pötzsch")
	if q.kind != typeDisease {
		t.Errorf("kind %v, want disease", q.kind)
	}
	if len(q.entities) != 1 || b.characters[q.entities[0].char].Name != "Lukas Pötzsch" {
		t.Errorf("entities %v, want Lukas Pötzsch (characters %v)", q.entities, characterNamesOf(b))
	}
	q = b.analyse("wie heißt die schwetser von lukas")
	if !slices.Contains(q.kin, "schwester") {
		t.Errorf("kin %v, want schwester", q.kin)
	}
}

// A technical word the lexicon cannot split the text's compound into
// still finds the compound by its head.
func TestUnknownHeadFindsCompound(t *testing.T) {
	wantCompound(t, "Eine Knochenszintigrafie zeigt bei Gerold Zwirner einen Herd im Becken.", "szintigrafie")
}

// wantCompound: the question word finds a compound of the text by its head.
func wantCompound(t *testing.T, text, word string) {
	t.Helper()
	wantMatch(t, text, word, matchCompound)
}

// wantMatch: the question word finds a word of the text, at best as the
// given kind.
func wantMatch(t *testing.T, text, word string, want matchKind) {
	t.Helper()
	b := mustBuild(t, "kompositum.txt", text)
	term := b.resolveTerm(analysis.Token{Surface: word, Norm: analysis.Normalize(word)})
	kinds := slices.Collect(maps.Values(term.stems))
	if len(kinds) == 0 || slices.Min(kinds) != want {
		t.Errorf("%q: stems %v, want match kind %d in %q", word, term.stems, want, text)
	}
}

// Only a compound's head says what it is: "Blutgruppe" is a group, so the
// text's "Gruppe" is its head, while "Bluttransfusion" and
// "Selbsthilfegruppe" share a part and are other things.
func TestCompoundSharingNoHeadIsOnlyAPart(t *testing.T) {
	wantMatch(t, "Gerold Zwirner bekommt eine Bluttransfusion.", "blutgruppe", matchPart)
	wantMatch(t, "Gerold Zwirner leitet eine Selbsthilfegruppe.", "blutgruppe", matchPart)
	wantMatch(t, "Gerold Zwirner wartet mit der Gruppe.", "blutgruppe", matchCompound)
}

// A person noun finds the compound whose first part is of its family, as
// a part: "die Tänzerin" in a sentence about a "Tanzturnier".
func TestPersonNounFindsFamilyCompound(t *testing.T) {
	wantMatch(t, "Beim Tanzturnier in Grimma springt Wiebke Zorn die Kniescheibe heraus.", "tänzerin", matchPart)
}

// "Um wie viel Uhr …?" asks for a time of day: a date or a weekday is
// no answer.
func TestClockTimeQuestion(t *testing.T) {
	b := mustBuild(t, "uhr.txt", "Am Dienstag, dem 3. Mai, wird Gerold Zwirner operiert. Um 7.30 Uhr beginnt die Visite. Gegen halb drei schläft Gerold Zwirner.")
	q := b.analyse("um wie viel uhr wird gerold zwirner operiert")
	if !q.clock {
		t.Fatal("not read as a question for a time of day")
	}
	for s, want := range []bool{false, true, true} {
		if got := b.satisfiesQuery(q, s); got != want {
			t.Errorf("sentence %d %q: satisfies %v, want %v", s, b.sentences[s].text, got, want)
		}
	}
}

// A word is as rare as its lemma: three forms of "machen" once each make
// "gemacht" more common than a noun the text holds twice.
func TestIDFCountsAllFormsOfTheLemma(t *testing.T) {
	b := mustBuild(t, "formen.txt", "Holger Brandt macht eine Fastenkur. Holger Brandt machte eine Fastenkur. "+
		"Holger Brandt hat Urlaub gemacht. Holger Brandt liest. Holger Brandt schläft. Holger Brandt lacht.")
	made := b.resolveTerm(analysis.Token{Surface: "gemacht", Norm: "gemacht"})
	cure := b.resolveTerm(analysis.Token{Surface: "Fastenkur", Norm: "fastenkur", Capitalised: true})
	if made.idf >= cure.idf {
		t.Errorf("idf of gemacht %.2f, of Fastenkur %.2f: the verb's forms together are more common", made.idf, cure.idf)
	}
}

// The word naming the kind of answer says nothing about whom a question
// that names no one is about: the anchor is the night watchman's
// sentence, not one that says "Krankheit" (no one in the text is the
// night watchman, so the noun names no one).
func TestAnchorsSkipTheAnswerKindWord(t *testing.T) {
	b := mustBuild(t, "anker.txt", "In Leipzig führen Nachtwächter jeden Abend Touristen durch die Gassen. Dr. Stein stellt bei einem eine Gürtelrose fest.\n\n"+
		"Herr Konrad Abel liegt jede Nacht wach, denn seine schwere Krankheit quält ihn.")
	q := b.analyse("was hat der nachtwächter für ne krankheit")
	if len(q.entities) > 0 {
		t.Fatalf("the question names %v; the test needs one that names no one", q.entities)
	}
	b.centers(q)
	if len(q.anchors) == 0 || !strings.Contains(b.sentences[q.anchors[0]].text, "Nachtwächter") {
		var got []string
		for _, s := range q.anchors {
			got = append(got, b.sentences[s].text)
		}
		t.Errorf("anchors %q, want the night watchman's sentence first", got)
	}
}

// "der Angler" finds the person whose "Angelurlaub" the text tells of:
// Angler is the agent noun of "angeln", which drops its e.
func TestAgentNounOfElVerbFindsCompound(t *testing.T) {
	wantMatch(t, "Gunnar Pieschel hat mit seinem Bruder eine Woche Angelurlaub an der Ostsee verbracht.", "angler", matchPart)
}

// "der zwölfjährige" in a question means the one person the text gives
// that age, written as a word, as digits, or as digits apart.
func TestQuestionByAge(t *testing.T) {
	b := mustBuild(t, "alter.txt", "Luca Sonnabend hinkt seit Wochen. Nach dem Sprung kann der Zwölfjährige nicht mehr auftreten. "+
		"Seine Mutter Manja Sonnabend, 44, fährt ihn in die Klinik.")
	for question, want := range map[string]string{
		"was hat der zwölfjährige":               "Luca Sonnabend",
		"was hatte die 44 jährige vom bus":       "Manja Sonnabend",
		"hab die folge verpasst, die 44-jährige": "Manja Sonnabend",
	} {
		q := b.analyse(question)
		if names := entityNames(b, q); len(names) != 1 || names[0] != want {
			t.Errorf("%q: entities %v, want %s", question, names, want)
		}
	}
}

// A doctor named in the question does not stop the description of the
// patient beside them from naming the patient.
func TestDescribedBesideNamedDoctor(t *testing.T) {
	b := mustBuild(t, "gift.txt", "Gotthard Pönisch, 66, ist Tierpräparator in Colditz. "+
		"Dr. Maria Weber gibt dem Patienten das Gegengift DMPS.")
	names := entityNames(b, b.analyse("welches gegenmittel gibt weber dem präparator"))
	if !slices.Contains(names, "Gotthard Pönisch") {
		t.Errorf("entities %v, want the taxidermist too", names)
	}
}

// A clock time or a date says when, an ordinal which one: they answer
// no "wie viele" or "wie hoch".
func TestTimeIsNoCount(t *testing.T) {
	b := mustBuild(t, "wert.txt", "Bei Enrico Stiebitz sinkt der Calciumwert gegen vier Uhr bedrohlich ab. "+
		"Am 20. März kommt Enrico Stiebitz wieder. Der Calciumwert von Enrico Stiebitz liegt bei 1,9 Millimol. "+
		"Enrico Stiebitz trägt das Klavier in den vierten Stock.")
	for s, want := range []bool{false, false, true, false} {
		if got := b.satisfies(s, typeMeasure); got != want {
			t.Errorf("sentence %d answers a measure: %v, want %v", s, got, want)
		}
		if got := b.satisfies(s, typeNumber); got != want {
			t.Errorf("sentence %d answers a number: %v, want %v", s, got, want)
		}
	}
}

// The noun after "welche" and its adjectives names the kind of answer,
// not the adjective: "welche psychische erkrankung" asks for an illness.
func TestWhichAcrossAdjectives(t *testing.T) {
	b := mustBuild(t, "welche.txt", "Bei Monika Voigt wird eine bipolare Störung diagnostiziert.")
	q := b.analyse("welche psychische erkrankung hat monika")
	for _, term := range q.terms {
		if term.afterWhich != (term.norm == "erkrankung") {
			t.Errorf("%q: afterWhich %v", term.norm, term.afterWhich)
		}
	}
}

// An infinitive typed in lower case is the verb, not the noun made of it:
// a question missing "anfangen" misses no thing it is about.
func TestLowerCaseInfinitiveIsNoNoun(t *testing.T) {
	b := mustBuild(t, "verb.txt", "Die Trauung soll am Samstag um 14 Uhr stattfinden.")
	for word, want := range map[string]bool{"anfangen": false, "trauung": true} {
		if got := b.resolveTerm(analysis.Token{Surface: word, Norm: word}).noun; got != want {
			t.Errorf("%q: noun %v, want %v", word, got, want)
		}
	}
	if !b.resolveTerm(analysis.Token{Surface: "Essen", Norm: "essen", Capitalised: true}).noun {
		t.Error(`capitalised "Essen" is a noun`)
	}
}

// A person noun the text calls a guest by, without making it a role,
// names them: "der Busfahrer" where the text only says so in passing.
func TestPersonNounTheTextCallsSomeoneBy(t *testing.T) {
	b := mustBuild(t, "bus.txt", "Bodo Zschiesche, 61, lenkt seit Jahren den Schulbus durch Wurzen. Seit Wochen hustet er Blut, "+
		"und am Abend entschuldigt sich der Busfahrer bei seiner Frau Heike für seine Launen.\n\nDr. Stein findet einen Tumor in der Lunge.")
	q := b.analyse("was hat der busfahrer")
	if len(q.entities) != 1 || b.characters[q.entities[0].char].Name != "Bodo Zschiesche" {
		var got []string
		for _, e := range q.entities {
			got = append(got, b.characters[e.char].Name)
		}
		t.Errorf("entities %v, want Bodo Zschiesche", got)
	}
}

// Where the text says the word itself, the term's most direct spellings
// are those; a word the text only says in compounds keeps them.
func TestMostDirectSpellings(t *testing.T) {
	b := mustBuild(t, "direkt.txt", "Der Fahrer steigt aus. Der Busfahrer hustet. Die Hausärztin ruft an.")
	driver := b.resolveTerm(analysis.Token{Surface: "Fahrer", Norm: "fahrer", Capitalised: true})
	if len(driver.stems) < 2 {
		t.Fatalf("stems %v, want the word and its compound", driver.stems)
	}
	if got := driver.mostDirect().stems; len(got) != 1 || got[analysis.Stem("fahrer")] != matchStem {
		t.Errorf("most direct %v, want only the word itself", got)
	}
	doctor := b.resolveTerm(analysis.Token{Surface: "Ärztin", Norm: "aerztin", Capitalised: true})
	if got := doctor.mostDirect().stems; len(got) == 0 || !maps.Equal(got, doctor.stems) {
		t.Errorf("most direct %v, want all of %v: the text says no Ärztin", got, doctor.stems)
	}
}
