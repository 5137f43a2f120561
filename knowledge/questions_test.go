package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// questionBase is a small corpus of two titled episodes for reading
// questions.
func questionBase(t *testing.T) *Base {
	t.Helper()
	b, err := Build([]Document{
		{Name: "a.txt", Text: []byte("---\ntitle: Kaffeeklatsch mit Folgen\nepisode: 12\n---\n" +
			"Pfleger Hans-Peter Sauerbier kocht heimlich Kaffee. Hans-Peter lacht. Der Fahrlehrer Bodo Krahl stürzt auf der Treppe. " +
			"Dr. Irma Weber stellt eine Gehirnerschütterung fest. In der Werkstatt von Bodo Krahl hängen 41 Uhren.")},
		{Name: "b.txt", Text: []byte("---\ntitle: Drei Tage Fieber\nepisode: 13\n---\n" +
			"Seit Freitag hat der kleine Jonas Kettler hohes Fieber. Seine Schwester Frieda bringt ihn in die Klinik. " +
			"Frieda ist zehn Jahre alt. Hans-Peter Sauerbier tröstet sie.")},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func entityNames(b *Base, q *query) []string {
	var out []string
	for _, e := range q.entities {
		out = append(out, b.characters[e.char].Name)
	}
	return out
}

func TestQuestionNamesPeople(t *testing.T) {
	b := questionBase(t)
	tests := []struct {
		question string
		want     string
	}{
		// A double name typed without its hyphen.
		{"in welchen folgen kommt hans peter vor", "Hans-Peter Sauerbier"},
		// A first name the text gives alone, with the family's surname.
		{"wie alt ist frieda kettler", "Frieda"},
	}
	for _, tt := range tests {
		q := b.analyse(tt.question)
		if got := entityNames(b, q); len(got) != 1 || got[0] != tt.want || q.unknown != "" {
			t.Errorf("%q: entities %v unknown %q, want %s", tt.question, got, q.unknown, tt.want)
		}
	}
	// A common noun of the text is no misspelt name ("Fieber" is not Weber).
	if q := b.analyse("Wann lief Drei Tage Fieber?"); len(q.entities) > 0 {
		t.Errorf("Fieber read as %v", entityNames(b, q))
	}
}

func TestQuestionKinds(t *testing.T) {
	b := questionBase(t)
	checkKinds(t, b, map[string]answerType{
		// "haben" with only the person, named by a role, asks for an illness.
		"was hat der fahrlehrer": typeDisease,
		// Also when the person noun resolves to no one, with a particle.
		"was hat der opa wirklich":                 typeDisease,
		"was hat die oma dem enkel geschenkt":      typeAny,
		"was hat die souffleuse":                   typeDisease,
		"was hat die souffleuse gesagt":            typeAny,
		"Um wie viel Uhr kocht Hans-Peter Kaffee?": typeTime,
		"Wie viele Uhren hat Bodo?":                typeNumber,
		"wie heist die schwester von jonas":        typeName,
		// Adjectives of dimension and verbs of measure ask for a quantity,
		// the words of price for a sum of money.
		"wie hoch war das fieber von jonas":          typeMeasure,
		"was wog das baby":                           typeMeasure,
		"Was kostet der Kaffee?":                     typeMoney,
		"was kostete die brille":                     typeMoney,
		"was hat das neue hüftgelenk gekostet":       typeMoney,
		"um wie viel geld haben die zwei gewettet":   typeMoney,
		"wie teuer war die brille":                   typeMoney,
		"wie viel kohle hat bodo verdient":           typeMoney, // a synonym of "Geld"
		"was passiert mit der asche von bodos vater": typeAny,   // also one, but no amount is asked
		"was zahlt bodo für die brille":              typeMoney,
		"wie viele tabletten nimmt jonas":            typeNumber,
		"Als was arbeiten Bodos Eltern?":             typeJob,
		"Wie lange lag Jonas in der Klinik?":         typeTime,
		// A finite verb first asks yes or no; a keyword that is also a
		// verb form ("folge") does not.
		"überlebt der dachdecker die op": typeYesNo,
		"Raucht Bodo?":                   typeYesNo,
		"folge mit dem brand":            typeAny,
	})
}

// "hoch" in "Wie hoch …?" names the kind of answer, not a word to find.
func TestMeasureWordIsNoTerm(t *testing.T) {
	b := questionBase(t)
	q := b.analyse("Wie hoch war das Fieber von Jonas?")
	for _, term := range q.terms {
		if term.norm == "hoch" {
			t.Errorf("'hoch' searched as %v", term)
		}
	}
	for i, s := range b.sentences {
		if strings.Contains(s.text, "hohes Fieber") && b.satisfiesQuery(q, i) {
			t.Errorf("%q holds no quantity", s.text)
		}
		if strings.Contains(s.text, "41 Uhren") && !b.satisfiesQuery(q, i) {
			t.Errorf("%q holds a quantity", s.text)
		}
	}
}

// The title a question names is covered by share; the product's own word
// "Folge" matches no title.
func TestTitleCoverage(t *testing.T) {
	b := questionBase(t)
	share := b.titleEpisodes(b.analyse("In welcher Folge stürzt Bodo?"))
	if len(share) != 0 {
		t.Errorf("'Folge' matched titles: %v", share)
	}
	share = b.titleEpisodes(b.analyse("Wann lief Drei Tage Fieber?"))
	if share[1] != 1 || share[0] != 0 {
		t.Errorf("shares %v, want the whole second title", share)
	}
	if share = b.titleEpisodes(b.analyse("wie heißt folge 12")); share[0] != 1 {
		t.Errorf("number: shares %v", share)
	}
}

func TestLabelPartAsked(t *testing.T) {
	tests := map[string]labelPart{
		"folgennummer": labelNumber, "nummer": labelNumber, "episodentitel": labelTitle,
		"erstausgestrahlt": labelAired, "erstausstrahlung": labelAired, "lief": labelAired, "laeuft": labelAired, "fieber": labelNone,
	}
	for word, want := range tests {
		if got := labelPartAsked(word); got != want {
			t.Errorf("%s: %d, want %d", word, got, want)
		}
	}
}

// A separable diagnosis verb ("stellt … fest") names an illness, and so
// does a cue after the illness; another separable verb does not.
// An amount of money needs a currency after the number.
func TestMoneyNeedsACurrency(t *testing.T) {
	b := mustBuild(t, "geld.txt", "Die Brille kostet 1.290 Euro. Zum Fest kommen 1.290 Besucher. Bodo wettet um zehn Euro.")
	for s, want := range []bool{true, false, true} {
		if got := b.satisfies(s, typeMoney); got != want {
			t.Errorf("sentence %d %q: money %v, want %v", s, b.sentences[s].text, got, want)
		}
	}
}

func TestNamesIllnessWithSeparableVerb(t *testing.T) {
	b := mustBuild(t, "diagnose.txt", "Dr. Irma Weber stellt eine Borreliose fest. Sie stellt die Tasche ab. Bodo hat Angst, weil Dr. Weber eine Borreliose diagnostiziert. Im Mai diagnostizierte sie bei Bodo eine Sarkoidose.")
	if !b.namesIllness(0) {
		t.Error("'stellt eine Borreliose fest' names no illness")
	}
	if b.namesIllness(1) {
		t.Error("'stellt die Tasche ab' names an illness")
	}
	if !b.namesIllness(2) {
		t.Error("'eine Borreliose diagnostiziert' names no illness")
	}
	if !b.namesIllness(3) {
		t.Error("'diagnostizierte … eine Sarkoidose' (a past form of a cue's lemma) names no illness")
	}
}

func TestCountsThing(t *testing.T) {
	b := questionBase(t)
	q := b.analyse("Wie viele Uhren hängen in der Werkstatt?")
	var counted *queryTerm
	for i := range q.terms {
		if q.terms[i].counted {
			counted = &q.terms[i]
		}
	}
	if counted == nil || counted.norm != "uhren" {
		t.Fatalf("no counted term in %+v", q.terms)
	}
	found := false
	for s, sent := range b.sentences {
		if b.countsThing(*counted, []int{s}) {
			found = true
			if sent.text != "In der Werkstatt von Bodo Krahl hängen 41 Uhren." {
				t.Errorf("counts in %q", sent.text)
			}
		}
	}
	if !found {
		t.Error("'41 Uhren' counts no Uhren")
	}
}

// An age between commas after a name ("Achim Krull, 52, ist …") answers
// "Wie alt …?"; a number after a noun and a duration ("ein Jahr lang") do
// not.
func TestAgeAfterName(t *testing.T) {
	b := mustBuild(t, "alter.txt", "Achim Krull, 52, ist Eismeister in Crimmitschau. Im Stadion sitzen, 400, nicht mehr. "+
		"Danach muss Achim ein Jahr lang eine Schiene tragen. Zwei Jahre lang fährt er nicht. Sein Sohn ist zwei Jahre alt.")
	if !b.satisfies(0, typeAge) || !b.satisfies(4, typeAge) {
		t.Error("'Achim Krull, 52,' or 'zwei Jahre alt' gives no age")
	}
	for s, what := range map[int]string{1: "sitzen, 400,", 2: "ein Jahr lang", 3: "Zwei Jahre lang"} {
		if b.satisfies(s, typeAge) {
			t.Errorf("%q gives an age", what)
		}
	}
}

// "Folge" in a question is the product's word for an episode: no thesaurus
// sense of it ("Ergebnis", "Serie") is searched, and an episode's label
// covers it.
func TestEpisodeWordIsNoContent(t *testing.T) {
	b := mustBuild(t, "folge.txt", "---\ntitle: Am Anleger\n---\nGunnar steuert die Elbfähre. Das Ergebnis der Serie ist gut. Gunnar lacht.")
	q := b.analyse("Wie heißt die Folge mit der Elbfähre?")
	for _, term := range q.terms {
		if term.norm != "folge" {
			continue
		}
		for stem, k := range term.stems {
			if k != matchStem {
				t.Errorf("'Folge' searches %q (kind %d)", stem, k)
			}
		}
		if !b.labelHolds(0, term) {
			t.Error("the episode's label does not cover 'Folge'")
		}
	}
}

// Asked for an air date the synopsis does not give, no candidate has it;
// asked for a number it gives, the episode candidate has it.
func TestLabelLacks(t *testing.T) {
	b := mustBuild(t, "label.txt", "---\ntitle: Am Anleger\nepisode: 77\n---\nGunnar steuert die Elbfähre. Gunnar lacht.")
	for question, lacks := range map[string]bool{
		"Wann wurde die Folge mit der Elbfähre ausgestrahlt?": true,
		"Welche Folgennummer hat die Folge mit der Elbfähre?": false,
	} {
		q := b.analyse(question)
		episodes := 0
		for _, c := range b.candidates(q) {
			if c.source == fromEpisode {
				episodes++
				if got := b.labelLacks(q, c); got != lacks {
					t.Errorf("%q: labelLacks %v, want %v", question, got, lacks)
				}
			}
		}
		if episodes == 0 {
			t.Errorf("%q: no episode candidate", question)
		}
	}
}

// With interleaved patients, a sentence about another guest is "about
// others" for the asked one; a sentence about nobody, or about the asked
// person with a doctor, is not.
func TestAboutOthers(t *testing.T) {
	b := mustBuild(t, "zwei.txt", "Ines Pöhler hat Fieber. Uwe Trommer hat Schmerzen. Trommer schweigt. "+
		"Ines hat Atemnot. Die Untersuchung ergibt eine Fournier-Gangrän. Dr. Maria Kunze untersucht Trommer.")
	q := b.analyse("was hat uwe trommer")
	if len(q.entities) != 1 {
		t.Fatalf("entities %v", entityNames(b, q))
	}
	for s, want := range map[int]bool{3: true, 4: false, 5: false} {
		if got := b.aboutOthers(q, s); got != want {
			t.Errorf("sentence %d %q: aboutOthers %v, want %v", s, b.sentences[s].text, got, want)
		}
	}
}

func TestSpelledNumber(t *testing.T) {
	for w, want := range map[string]bool{
		"zweieinhalb": true, "eintausendsiebenhundert": true, "sechsfachen": true, "dreimal": true,
		"zwanzig": true, "achtundzwanzig": true, "million": true, "dreissigsten": true, "42": false,
		"ein": false, "eine": false, "achten": false, "einen": false, "halbe": false, "elfen": false, "undenkbar": false,
	} {
		if got := spelledNumber(w); got != want {
			t.Errorf("spelledNumber(%q) = %v, want %v", w, got, want)
		}
	}
}

// A title before a misspelt, lower-case name is no kinship word: "frau
// weeber" asks about Frau Weber, not about someone's wife.
func TestTitleBeforeTypedName(t *testing.T) {
	b := questionBase(t)
	q := b.analyse("woran leidet frau weeber")
	if len(q.kin) > 0 {
		t.Errorf("kin %v", q.kin)
	}
	for _, term := range q.terms {
		if term.norm == "frau" {
			t.Errorf("'frau' searched")
		}
	}
	if len(q.entities) != 1 {
		t.Errorf("entities %v", entityNames(b, q))
	}
}

// namesKin finds the asked relative's name next to the kinship word, and
// not another relative's.
func TestNamesKin(t *testing.T) {
	b := questionBase(t)
	var s int
	for i, sent := range b.sentences {
		if strings.Contains(sent.text, "Seine Schwester Frieda") {
			s = i
		}
	}
	if q := b.analyse("wie heißt die schwester von jonas"); !b.sentenceNamesKin(q, s) {
		t.Errorf("kin %v: sister not found in %q", q.kin, b.sentences[s].text)
	}
	if q := b.analyse("wie heißt der bruder von jonas"); b.sentenceNamesKin(q, s) {
		t.Errorf("a sister's name taken for a brother's")
	}
}

// A chatty lead-in typed without its comma is no content: "weiß jemand
// warum …" searches neither "weiß" nor "jemand".
func TestLeadInWithoutComma(t *testing.T) {
	b := questionBase(t)
	for _, question := range []string{"weiß jemand warum jonas fieber hat", "sag mal wer tröstet frieda"} {
		q := b.analyse(question)
		for _, term := range q.terms {
			if term.norm == "weiss" || term.norm == "sag" {
				t.Errorf("%q searches %q", question, term.norm)
			}
		}
	}
	// A lead-in with a name is the question's topic: "frieda was hat sie".
	if q := b.analyse("frieda was hat sie"); len(q.entities) != 1 {
		t.Errorf("'frieda was hat sie': entities %v", entityNames(b, q))
	}
}

// A misspelt surname takes the first name before it along, and a role
// with a modifier names the person: "was hat der fahrlehrer aus der stadt".
func TestTypedNamesAndDescriptions(t *testing.T) {
	b := questionBase(t)
	q := b.analyse("was hatte bodo krahll nochmal")
	if len(q.entities) != 1 || len(q.terms) != 0 || q.kind != typeDisease {
		t.Errorf("entities %v, terms %v, kind %d", entityNames(b, q), q.terms, q.kind)
	}
	q = b.analyse("was hat der fahrlehrer aus der werkstatt")
	if len(q.entities) != 1 || q.kind != typeDisease {
		t.Errorf("entities %v, kind %d", entityNames(b, q), q.kind)
	}
}

// A question that names no one ("was hat der gärtner") reaches the
// diagnosis of the paragraph where the text speaks of the gärtner, though
// that sentence shares no word with the question.
func TestAnchorsReachTheDiagnosis(t *testing.T) {
	b := mustBuild(t, "anker.txt", "Ein Gärtner aus Taucha stürzt im Gewächshaus. Er klagt über Schmerzen. "+
		"Im Röntgen zeigt sich eine Schenkelhalsfraktur.\n\nAuf Station gibt es Kuchen.")
	q := b.analyse("was hat der gärtner")
	if q.kind != typeDisease {
		t.Fatalf("kind %d", q.kind)
	}
	found := false
	for _, c := range b.scoredCandidates(q) {
		if strings.Contains(b.candidateText(c), "Schenkelhalsfraktur") {
			found = true
			if c.feats[fAnchorNear] == 0 {
				t.Errorf("%q: not near the anchor", b.candidateText(c))
			}
		}
	}
	if !found {
		t.Error("the diagnosis is no candidate")
	}
}

// Spoken forms typed in chat read as the written ones: "is" opens a yes/no
// question, "ham" is a form of "haben".
func TestColloquialQuestions(t *testing.T) {
	b := questionBase(t)
	if q := b.analyse("is jonas wieder gesund"); q.kind != typeYesNo {
		t.Errorf("'is …': kind %d", q.kind)
	}
	if q := b.analyse("was ham der jonas"); q.kind != typeDisease {
		t.Errorf("'was ham …': kind %d", q.kind)
	}
}

// The paragraph where the asked patient's doctor works on someone unnamed
// carries doctor_paragraph; another doctor's paragraph does not.
func TestDoctorParagraph(t *testing.T) {
	b := mustBuild(t, "arzt.txt", "Dr. Martin Stein untersucht Holger Mersch. Holger Mersch hat Bauchschmerzen.\n\n"+
		"Dr. Kai Hoffmann behandelt Tanja Rudloff. Tanja Rudloff hat Fieber.\n\n"+
		"Bei dem Patienten findet Dr. Martin Stein eine Thrombose.\n\nDr. Kai Hoffmann findet eine Grippe.")
	q := b.analyse("Woran leidet Holger Mersch?")
	seen := map[string]float64{}
	for _, c := range b.scoredCandidates(q) {
		if len(c.window) == 1 {
			seen[b.candidateText(c)] = c.feats[fDoctorParagraph]
		}
	}
	if seen["Bei dem Patienten findet Dr. Martin Stein eine Thrombose."] != 1 || seen["Dr. Kai Hoffmann findet eine Grippe."] != 0 {
		t.Errorf("doctor_paragraph: %v", seen)
	}
}

// "die Elfriede" is the fan's way of naming her; "im Sommer" stays a
// season although a character is called Sommer.
func TestArticleBeforeName(t *testing.T) {
	b := mustBuild(t, "artikel.txt", "Elfriede Pahlke kauft eine Heizdecke. Elfriede zahlt bar. Frau Sommer erwartet Zwillinge. Frau Sommer lacht. Im Sommer blühen die Rosen.")
	if got := entityNames(b, b.analyse("was hat die elfriede gekauft")); len(got) != 1 || got[0] != "Elfriede Pahlke" {
		t.Errorf("die elfriede: entities %v", got)
	}
	if got := entityNames(b, b.analyse("was blüht im sommer")); len(got) != 0 {
		t.Errorf("im sommer: entities %v", got)
	}
}

// A compound the question uses and the text says in parts finds the
// parts: its family ("versteigert"), a compound part of the text
// ("Fundsachen"), across a hyphen, and other compounds with its first part.
func TestCompoundSaidInParts(t *testing.T) {
	b := mustBuild(t, "teile.txt", "Arzu versteigert die Fundsachen der Klinik. Elfriede kauft eine Magnetfeld-Matratzenauflage. "+
		"Dietlinde leitet den Klöppelzirkel.")
	for question, want := range map[string][]string{
		"was bringt die fundsachenversteigerung": {"versteigert", "fundsachen"},
		"was kostet die magnetfeld-auflage":      {"magnetfeld-matratzenauflage"},
		"was hatte die klöppeloma":               {"kloeppelzirkel"}, // another compound with its first part
	} {
		q := b.analyse(question)
		found := map[string]bool{}
		for _, term := range q.terms {
			for stem := range term.stems {
				found[stem] = true
			}
		}
		for _, w := range want {
			if !found[b.index.words[w]] {
				t.Errorf("%q: no spelling %q among %v", question, w, found)
			}
		}
	}
}

// "zum ersten Mal" says when, it is no content word; the episode's label
// then answers "Wann lief …?" with its air date.
func TestFirstTimeAndAirDate(t *testing.T) {
	b := mustBuild(t, "mal.txt", "---\ntitle: Der Umschlag\naired: 2016-03-22\n---\nLara öffnet den Umschlag. Lara weint.")
	q := b.analyse("wann lief die folge mit dem umschlag zum ersten mal")
	for _, term := range q.terms {
		if term.norm == "ersten" || term.norm == "mal" {
			t.Errorf("%q is a content word", term.norm)
		}
	}
	found := false
	for _, c := range b.candidates(q) {
		if c.source == fromEpisode {
			found = found || b.labelAnswers(q, c)
		}
	}
	if !found {
		t.Error("no episode label answers the air date")
	}
}

func TestSpelledValue(t *testing.T) {
	for in, want := range map[string]int{"neun": 9, "zwoelf": 12, "siebzehn": 17, "zwanzig": 20,
		"vierundzwanzig": 24, "einundneunzig": 91, "hundert": 100, "zweihundertdreissig": 230, "hundertundeins": 101} {
		if got, ok := spelledValue(in); !ok || got != want {
			t.Errorf("spelledValue(%q) = %d, %v, want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "und", "neunzigzwei", "zweiundzwanzigdrei", "achten", "elfundzwanzig"} {
		if got, ok := spelledValue(in); ok {
			t.Errorf("spelledValue(%q) = %d, want none", in, got)
		}
	}
}

// "Welche Farbe …?": a colour the thesaurus files under "Farbe" names one;
// a sentence with neither the noun nor an instance of it lacks the answer.
// "Welches Instrument …?" finds the "Geige".
func TestWhichNounInstances(t *testing.T) {
	b := mustBuild(t, "welche.txt", "Roswitha Kämmerer baut eine rote Hüpfburg auf. Roswitha Kämmerer baut ein Zelt auf. "+
		"Roswitha Kämmerer spielt abends Geige.")
	for question, want := range map[string]map[string][2]float64{
		"Welche Farbe hat die Hüpfburg von Roswitha?": {
			"Roswitha Kämmerer baut eine rote Hüpfburg auf.": {1, 0},
			"Roswitha Kämmerer baut ein Zelt auf.":           {0, 1},
		},
		"Welches Instrument spielt Roswitha?": {
			"Roswitha Kämmerer spielt abends Geige.": {1, 0},
		},
	} {
		got := map[string][2]float64{}
		for _, c := range b.scoredCandidates(b.analyse(question)) {
			if len(c.window) == 1 && c.source == fromText {
				got[b.candidateText(c)] = [2]float64{c.feats[fWhichSpecific], c.feats[fWhichMissing]}
			}
		}
		for text, w := range want {
			if got[text] != w {
				t.Errorf("%q / %q: which_specific, which_missing = %v, want %v", question, text, got[text], w)
			}
		}
	}
}

// "Wer …?" about a person asks for someone else: the asked person's own
// kinship word ("seinem Vater" for Holgers Vater) names nobody new.
func TestAskedPersonsKinIsNoOtherPerson(t *testing.T) {
	b := mustBuild(t, "kin.txt", "Holger hat Asthma. Holgers Vater raucht viel. Holger lacht. "+
		"Es gibt Ärger mit seinem Vater. Am Ende trennt sich die Mutter von ihm.")
	q := b.analyse("Wer trennt sich von Holgers Vater?")
	if len(q.entities) == 0 || q.kind != typePerson {
		t.Fatalf("entities %v kind %v", entityNames(b, q), q.kind)
	}
	for i, s := range b.sentences {
		want := strings.Contains(s.text, "die Mutter")
		if strings.Contains(s.text, "seinem Vater") || want {
			if got := b.satisfiesQuery(q, i); got != want {
				t.Errorf("%q: satisfies %v, want %v", s.text, got, want)
			}
		}
	}
}

// "Was hat die Mama von Kerstin?" is about the mother, however the
// question calls her; "Wer ist die Mutter von …?" still asks for her.
func TestQuestionAboutARelative(t *testing.T) {
	b := mustBuild(t, "verwandt.txt", "Ines Kowalke bläst Glas in Weißwasser. Ihre Tochter Nele bringt sie in die Klinik. "+
		"Ines Kowalke hat Fieber. Nele wartet.")
	for question, kind := range map[string]answerType{
		"was hat die mama von nele": typeDisease, "wie alt ist die mutter von nele": typeAge,
	} {
		q := b.analyse(question)
		if got := entityNames(b, q); len(got) != 1 || got[0] != "Ines Kowalke" || q.kind != kind {
			t.Errorf("%q: entities %v kind %v, want Ines Kowalke, %v", question, got, q.kind, kind)
		}
	}
	// An adjective of the kinship word names the relative too: the
	// question still asks for her, about Nele.
	for _, question := range []string{"wer ist die mutter von nele", "wie heißt neles liebe mutter"} {
		if got := entityNames(b, b.analyse(question)); len(got) != 1 || got[0] != "Nele" {
			t.Errorf("%s: entities %v, want Nele", question, got)
		}
	}
}

// "Welche Ärztin …?" names the answer: the person the question is about is
// the one described after it, though the text also calls someone Ärztin.
func TestWhichRoleIsNotTheDescribedPerson(t *testing.T) {
	b := mustBuild(t, "rolle.txt", "Die Ärztin Irma Weber beginnt ihren Dienst. Irma Weber lacht. "+
		"Der Orgelbauer Gottlob Lippert bricht in der Kirche zusammen. Lippert hustet.")
	q := b.analyse("welche ärztin kümmert sich um den orgelbauer")
	if got := entityNames(b, q); len(got) != 1 || got[0] != "Gottlob Lippert" {
		t.Errorf("entities %v, want the Orgelbauer", got)
	}
}

// "Welche Ärztin …?" is answered by a woman's name, "Welcher Arzt …?" by
// any doctor's.
func TestFeminineDoctorWord(t *testing.T) {
	b := mustBuild(t, "rolle.txt", "Dr. Irma Weber und Dr. Gustav Lenz untersuchen Herrn Kunze. Herr Kunze lacht.")
	irma, _ := b.FindCharacter("Dr. Irma Weber")
	gustav, _ := b.FindCharacter("Dr. Gustav Lenz")
	if irma == nil || gustav == nil {
		t.Fatalf("characters %v", characterNamesOf(b))
	}
	for question, want := range map[string][2]bool{
		"welche ärztin untersucht herrn kunze": {true, false},
		"welcher arzt untersucht herrn kunze":  {true, true},
	} {
		q := b.analyse(question)
		i := slices.IndexFunc(q.terms, func(t queryTerm) bool { return t.afterWhich })
		if i < 0 {
			t.Fatalf("%q: no term after welche", question)
		}
		if got := [2]bool{irma.fitsPersonNoun(q.terms[i]), gustav.fitsPersonNoun(q.terms[i])}; got != want {
			t.Errorf("%q: Irma, Gustav fit %v, want %v", question, got, want)
		}
	}
}

// "haben" without an object asks for an illness also when the name comes
// with a kinship word; "Wer ist die Mutter von …?" still asks for her.
func TestHaveWithKinshipWordAndName(t *testing.T) {
	b := mustBuild(t, "oma.txt", "Hedwig Kreibich, eine 77-jährige Witwe, kocht Pilzsuppe. Ihr Sohn Uwe isst mit. Hedwig Kreibich hat Bauchschmerzen.")
	checkKinds(t, b, map[string]answerType{
		"was hat oma kreibich":        typeDisease,
		"was hat hedwig kreibich":     typeDisease,
		"wer ist hedwig kreibich":     typeDescription,
		"wer ist der sohn von hedwig": typePerson,
	})
}

// checkKinds asserts the answer type each question is read as.
func checkKinds(t *testing.T, b *Base, want map[string]answerType) {
	t.Helper()
	for question, kind := range want {
		if q := b.analyse(question); q.kind != kind {
			t.Errorf("%q: kind %d, want %d", question, q.kind, kind)
		}
	}
}

// "Was fehlt X?" asks for an illness like "Was hat X?"; "was fehlt im
// Koffer" does not.
func TestWhatIsMissingAsksForIllness(t *testing.T) {
	b := mustBuild(t, "fehlt.txt", "Der Orgelbauer Gottlob Lippert hustet. Lippert packt seinen Koffer.")
	checkKinds(t, b, map[string]answerType{
		"was fehlt dem orgelbauer":   typeDisease,
		"Was fehlt Gottlob Lippert?": typeDisease,
		"was fehlt im koffer":        typeAny,
	})
}

// A person noun with a modifier the text never makes a role means the
// guests whose story holds the modifier's word: not staff, not the other
// sex, and only when few fit.
func TestDescriptionByContext(t *testing.T) {
	b := mustBuild(t, "kontext.txt", "Günter Pfefferkorn stürzt mit seinem Rollator. Dr. Irma Weber untersucht ihn. "+
		"Den Rollator hat ihm seine Tochter Carola Pfefferkorn gekauft. Carola Pfefferkorn weint.\n\n"+
		"Ilka Sauer hustet seit Wochen. Ilka Sauer lacht.")
	for question, want := range map[string][]string{
		"was hat der opa mit dem rollator":  {"Günter Pfefferkorn"},
		"was hat die frau mit dem rollator": {"Carola Pfefferkorn"},
		"was hat der mann mit dem fahrrad":  nil, // the text holds no Fahrrad
	} {
		q := b.analyse(question)
		if got := entityNames(b, q); !slices.Equal(got, want) {
			t.Errorf("%q: entities %v, want %v", question, got, want)
		}
	}
}

// A fan names a guest by a compound of their own making or by a
// relative clause about what they did; a question for a name asks for
// the one described, who may be no guest at all.
func TestDescriptionByCompoundAndClause(t *testing.T) {
	b := mustBuild(t, "hof.txt", "Renate Pfützner hält auf ihrem Hof vierzig Ziegen. Dr. Irma Weber untersucht sie wegen Fieber. "+
		"Ihr Nachbar Olaf Brenske repariert die Orgel der Dorfkirche. Olaf Brenske hustet.\n\n"+
		"Ilka Sauer hustet seit Wochen. Ilka Sauer lacht. Bernd Sauer hustet auch.")
	for question, want := range map[string][]string{
		"was hat die ziegenbäuerin":                     {"Renate Pfützner"},
		"was hat der mann der die orgel repariert":      {"Olaf Brenske"},
		"was hat der mann, der die orgel repariert?":    {"Olaf Brenske"},
		"wie heißt der pfarrer der die orgel repariert": nil, // asks for the one described
		"was hat der schüler das rad repariert":         nil, // "das" after a masculine noun opens no clause
		"was hat die schafbäuerin":                      nil, // the text holds no Schaf
	} {
		q := b.analyse(question)
		if got := entityNames(b, q); !slices.Equal(got, want) {
			t.Errorf("%q: entities %v, want %v", question, got, want)
		}
	}
}

// A question for a sum of money that names no one finds the sentences
// that name one, though it shares no word with them.
func TestMoneyWithoutAPerson(t *testing.T) {
	b := mustBuild(t, "umzug.txt", "Bodo Kranz zieht um. Für den Samstag hat er für 89 Euro einen Transporter gemietet. Am Abend ist er müde.")
	q := b.analyse("was hat der umzugswagen gekostet")
	if q.kind != typeMoney {
		t.Fatalf("kind %v, want money", q.kind)
	}
	if got := b.typedSentences(q); !slices.Contains(got, 1) {
		t.Errorf("typed sentences %v, want the one with 89 Euro (1)", got)
	}
}
