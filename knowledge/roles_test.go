package knowledge

import (
	"slices"
	"strings"
	"testing"

	"iafbot/knowledge/analysis"
)

func TestWorkAsRole(t *testing.T) {
	for _, tc := range []struct{ text, name, role string }{
		{"Hannelore Fritzsche arbeitet seit Jahren als Floristin in Markkleeberg.", "Fritzsche", "Floristin"},
		{"Wochenlang hat Bettina Kühnast, die als Kostümbildnerin an der Oper arbeitet, die Müdigkeit ignoriert.", "Kühnast", "Kostümbildnerin"},
		{"Detlef Wuttig ist als Hausmeister tätig und repariert die Heizung selbst.", "Wuttig", "Hausmeister"},
		// The apposition after the hometown is about the person, and the
		// town is no character.
		{"In der Notaufnahme wartet Ursula Wuttig aus Schkeuditz, eine 68-jährige Rentnerin, auf Dr. Heilmann.", "Wuttig", "Rentnerin"},
		// A job noun opening the apposition, and one after an article and
		// adjectives that the thesaurus does not class.
		{"Detlef Wuttig, Autolackierer aus Borna, hustet seit Wochen.", "Wuttig", "Autolackierer"},
		{"Am Morgen kommt der 36-jährige Tontechniker Lasse Wuttig in die Notaufnahme.", "Wuttig", "Tontechniker"},
		// A time phrase between the copula and the job; a noun the
		// thesaurus leaves out, known as a person in both genders.
		{"Detlef Wuttig ist seit dreißig Jahren Kosmetiker in Wurzen.", "Wuttig", "Kosmetiker"},
		{"Detlef Wuttig, im Hauptberuf Glaser, hustet seit Wochen.", "Wuttig", "Glaser"},
		// "als" right after the name: any person noun describes them.
		{"Jeden Abend führt Detlef Wuttig als Nachtwächter verkleidet Touristen durch Leipzig.", "Wuttig", "Nachtwächter"},
	} {
		// The first sentence gives the name the evidence a name needs.
		b := mustBuild(t, "rolle.txt", "Heute kommt Frau "+tc.name+" in die Klinik. "+tc.text)
		c, ok := b.FindCharacter(tc.name)
		if !ok {
			t.Errorf("%q: no character %q (have %v)", tc.text, tc.name, characterNamesOf(b))
			continue
		}
		if !slices.Contains(c.Roles, tc.role) {
			t.Errorf("%q: roles %v, want %q", tc.text, c.Roles, tc.role)
		}
		if _, ok := b.FindCharacter("Schkeuditz"); ok {
			t.Errorf("%q: the town is a character", tc.text)
		}
	}
}

func TestAlsWithoutWorkIsNoRole(t *testing.T) {
	b := mustBuild(t, "rolle.txt", "Hannelore Fritzsche fühlt sich als Verliererin, weil niemand sie besucht. Fritzsche lacht.")
	if c, ok := b.FindCharacter("Fritzsche"); ok && slices.Contains(c.Roles, "Verliererin") {
		t.Errorf("\"fühlt sich als Verliererin\" read as a job: %v", c.Roles)
	}
}

// A job word another person holds is no answer to an asked person's job.
func TestJobOfAskedIgnoresSomeoneElsesJob(t *testing.T) {
	b := mustBuild(t, "beruf.txt",
		"Hannelore Fritzsche arbeitet als Floristin in Markkleeberg. "+
			"Ihr Nachbar Herr Wuttig ist Hausmeister und kommt jeden Tag vorbei. Fritzsche lacht.")
	q := b.analyse("Was ist Hannelore Fritzsche von Beruf?")
	if q.kind != typeJob || len(q.entities) == 0 {
		t.Fatalf("question analysed as kind %v with %d entities", q.kind, len(q.entities))
	}
	if !b.jobOfAsked(q, 0) {
		t.Error("her own job sentence does not count")
	}
	if b.jobOfAsked(q, 1) {
		t.Error("the neighbour's job counts for her")
	}
}

func TestFocusTypeFromDerivedAdjective(t *testing.T) {
	tok := func(w string) analysis.Token { return analysis.Tokenize(w)[0] }
	// Inflected forms reach the lemmas of the table through the lexicon.
	for word, want := range map[string]answerType{"beruf": typeJob, "beruflich": typeJob, "krankheit": typeDisease,
		"Symptome": typeDisease, "Verletzungen": typeDisease, "leidet": typeDisease, "erkrankt": typeDisease, "verletzt": typeDisease} {
		if k, ok := focusType(tok(word)); !ok || k != want {
			t.Errorf("focusType(%q) = %v, %v; want %v", word, k, ok, want)
		}
	}
	for _, word := range []string{"leider", "freundlich", "macht", "alte", "älteren"} {
		if k, ok := focusType(tok(word)); ok {
			t.Errorf("focusType(%q) = %v, want none", word, k)
		}
	}
}

func TestCastQuestion(t *testing.T) {
	b := mustBuild(t, "c.txt", "Frau Edeltraut Quaas spielt Skat mit ihrem Nachbarn. Frau Quaas gewinnt.")
	for q, want := range map[string]bool{
		"Wer spielt Frau Quaas?":                    true,
		"wer spielt edeltraut quaas":                true,
		"Mit wem spielt Frau Quaas Skat?":           false,
		"Was spielt Frau Quaas?":                    false,
		"wer spielt die rentnerin edeltraut quaas":  true,
		"wer spielt die nette frau quaas":           true,
		"wer spielt die oma in der folge skatabend": true,
		"wer spielt heute skat":                     false,
	} {
		if got := b.analyse(q).asksCast; got != want {
			t.Errorf("%q: asksCast %v, want %v", q, got, want)
		}
	}
}

// A diagnosis far from the patient's name and without a word of the
// question is still a candidate for "Welche Krankheit hat X?".
func TestTypedSentencesReachTheDiagnosis(t *testing.T) {
	b := mustBuild(t, "d.txt",
		"Frau Edeltraut Quaas bekommt rote Flecken an den Beinen. Frau Quaas erschrickt. "+
			"Am Abend regnet es. Der Bus kommt zu spät. Die Kantine hat geschlossen. "+
			"Dr. Jens Wolter stellt die Diagnose: eine Vaskulitis.")
	q := b.analyse("Welche Krankheit hat Frau Quaas?")
	last := len(b.sentences) - 1
	centers, _ := b.centers(q)
	if !slices.Contains(b.typedSentences(q), last) || !slices.Contains(centers, last) {
		t.Errorf("the diagnosis sentence is no candidate: typed %v, centers %v", b.typedSentences(q), centers)
	}
}

func TestEmbeddedQuestionDropsTheLeadIn(t *testing.T) {
	norms := func(q string) string {
		var out []string
		for _, t := range embeddedQuestion(analysis.Tokenize(q)) {
			out = append(out, t.Norm)
		}
		return strings.Join(out, " ")
	}
	for q, want := range map[string]string{
		"Weiß jemand, wer die Tochter von Frau Quaas ist?": "wer die tochter von frau quaas ist",
		"sag mal, warum weint sie":                         "warum weint sie",
		"kurze Frage: wo wohnt sie?":                       "wo wohnt sie",
		"Wer ist die Frau, die wo wohnt?":                  "wer ist die frau die wo wohnt",
		"Hat Frau Quaas, wie sie sagt, Fieber?":            "hat frau quaas wie sie sagt fieber",
		"weiß jemand warum dustin bleiben darf":            "warum dustin bleiben darf",
		"kurze frage wer ist jana":                         "wer ist jana",
		// Keywords before a question word are the question's content.
		"backstube übergabe wann":    "backstube uebergabe wann",
		"wehrleiterwahl wer gewinnt": "wehrleiterwahl wer gewinnt",
	} {
		if got := norms(q); got != want {
			t.Errorf("%q → %q, want %q", q, got, want)
		}
	}
}

// "ist 71 Jahre alt" gives an age, not the role "Jahre".
func TestMeasureIsNoRole(t *testing.T) {
	b := mustBuild(t, "alter.txt", "Herr Gottwald kommt in die Klinik. Erwin Gottwald ist 71 Jahre alt und war Dachdecker.")
	c, ok := b.FindCharacter("Gottwald")
	if !ok {
		t.Fatalf("no character (have %v)", characterNamesOf(b))
	}
	if slices.Contains(c.Roles, "Jahre") {
		t.Errorf("roles %v hold the measure \"Jahre\"", c.Roles)
	}
}

// Two people's names side by side are one person the text does not know.
func TestAdjacentNamesOfTwoPeopleAreUnknown(t *testing.T) {
	b := mustBuild(t, "namen.txt", "Herr Gottwald streitet mit Kai Thoma. Später besucht Kai Thoma ihn. Kai lacht. Erwin Gottwald geht.")
	for q, want := range map[string]string{
		"wie alt ist kai gottwald":        "kai gottwald",
		"Wie geht es Gottwald und Thoma?": "",
		"Wie alt ist Erwin Gottwald?":     "",
	} {
		if got := strings.ToLower(b.analyse(q).unknown); got != want {
			t.Errorf("%q: unknown %q, want %q", q, got, want)
		}
	}
}

func TestDoctorWord(t *testing.T) {
	for w, want := range map[string]bool{"Ärztin": true, "Arzt": true, "Kinderärztin": true, "Mediziner": true, "Pfleger": false, "Bäcker": false} {
		if got := doctorWord(w); got != want {
			t.Errorf("doctorWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// "Welche Ärztin …?" is answered by a sentence naming a doctor, not by one
// naming only the patient.
func TestWhichPersonFindsTheDoctor(t *testing.T) {
	b := mustBuild(t, "arzt.txt", "Herr Gottwald stürzt im Garten und kommt in die Klinik. "+
		"Dr. Maria Weber untersucht Herrn Gottwald und findet einen Bruch. Herr Gottwald schläft danach lange.")
	q := b.analyse("welche ärztin untersucht herrn gottwald")
	var term queryTerm
	for _, t := range q.terms {
		if t.focus == typePerson {
			term = t
		}
	}
	if !term.doctor {
		t.Fatalf("terms %+v: no doctor word", q.terms)
	}
	fits := map[int]bool{}
	for s := range b.sentences {
		fits[s] = b.namesFittingPerson(q, term, []int{s})
	}
	if !fits[1] || fits[0] || fits[2] {
		t.Errorf("fitting person per sentence: %v, want only sentence 1", fits)
	}
}

// A lead-in that names someone is the question's topic: "und jürgen, wer
// ist das" asks about Jürgen.
func TestLeadInWithANameStays(t *testing.T) {
	b := mustBuild(t, "lead.txt", "Monika Voigt liegt in der Klinik. Ihr Mann Jürgen, ein Vermessungsingenieur, besucht sie. Jürgen bringt Blumen.")
	q := b.analyse("und jürgen, wer ist das")
	if len(q.entities) != 1 || !strings.Contains(b.characters[q.entities[0].char].Name, "Jürgen") {
		t.Errorf("entities %v, want Jürgen", q.entities)
	}
	if q := b.analyse("sag mal, wer ist jürgen"); len(q.tokens) != 3 {
		t.Errorf("lead-in without a name kept: %d tokens", len(q.tokens))
	}
}

// After an article, a noun with a person ending that the thesaurus does
// not class is a role ("der Schaustellerin Roswitha Kämmerer"); a first
// name after an age adjective stays a name ("die 74-jährige Edeltraud").
func TestRoleAndNameAfterArticle(t *testing.T) {
	b := mustBuild(t, "rolle.txt", "Der Sturm reißt die Hüpfburg der Schaustellerin Roswitha Kämmerer um. Roswitha Kämmerer weint. "+
		"Im zweiten Fall kommt die 74-jährige Edeltraud Rauschenbach mit Atemnot. Edeltraud lacht. Am Abend kommt Pfleger Hans-Peter Brenner.")
	c, ok := b.FindCharacter("Kämmerer")
	if !ok || !slices.Contains(c.Roles, "Schaustellerin") {
		t.Errorf("Kämmerer: %+v %v", c, ok)
	}
	if c, ok := b.FindCharacter("Edeltraud"); !ok || c.Name != "Edeltraud Rauschenbach" {
		t.Errorf("Edeltraud: %+v (have %v)", c, characterNamesOf(b))
	}
	if c, ok := b.FindCharacter("Brenner"); ok && slices.Contains(c.Roles, "Hans-Peter") {
		t.Errorf("first name read as role: %v", c.Roles)
	}
}

// A role names a person: "ist 12 Tage" or "Mittwoch" read from a clause
// about something else are no roles.
func TestPersonNounLike(t *testing.T) {
	for role, want := range map[string]bool{
		"Floristin": true, "Busfahrer": true, "Fachangestellte": true, "Tochter von Lina": true, "Dachdecker": true,
		"HNO-Ärztin": true, "Mittwoch": false, "Visite": false, "Blutdruck": false,
	} {
		if got := personNounLike(role); got != want {
			t.Errorf("personNounLike(%q) = %v, want %v", role, got, want)
		}
	}
}

// Roles after an age between commas, "als" with a job noun after any verb,
// never for the object of the verb; a role's compound head finds its
// holder ("der Boxer" is the Amateurboxer).
func TestRolesAfterAgeAndAls(t *testing.T) {
	b := mustBuild(t, "rollen.txt", "Achim Krull, 52, ist Eismeister in Crimmitschau. Thilo Gnauer boxt als Amateurboxer im Verein. "+
		"Werner Pietsch beschimpft sie als Gefängniswärterin. Achim lacht. Thilo lacht. Werner lacht.")
	for name, want := range map[string]string{"Achim Krull": "Eismeister", "Thilo Gnauer": "Amateurboxer"} {
		if c, ok := b.FindCharacter(name); !ok || !slices.Contains(c.Roles, want) {
			t.Errorf("%s: %+v %v, want role %s", name, c, ok, want)
		}
	}
	if c, ok := b.FindCharacter("Werner Pietsch"); !ok || slices.Contains(c.Roles, "Gefängniswärterin") {
		t.Errorf("Werner Pietsch: %+v %v", c, ok)
	}
	q := b.analyse("was hat der boxer")
	if len(q.entities) != 1 || b.characters[q.entities[0].char].Name != "Thilo Gnauer" {
		t.Errorf("'der boxer' names %v", entityNames(b, q))
	}
}

// A role compound is found by its later parts: "der Hausmeister" is the
// Schulhausmeister.
func TestOccupationByCompoundTail(t *testing.T) {
	b := mustBuild(t, "beruf.txt", "Der 58-jährige Schulhausmeister Eckart Wuttig bricht im Keller zusammen. Wuttig hat Fieber.")
	q := b.analyse("was hat der hausmeister")
	if len(q.entities) != 1 || b.characters[q.entities[0].char].Name != "Eckart Wuttig" {
		t.Errorf("entities %v (characters %v)", q.entities, characterNamesOf(b))
	}
}

// wantRelation: owner has a relation of kind kin to someone named other.
type wantRelation struct{ owner, kin, other string }

func wantRelations(t *testing.T, b *Base, want []wantRelation) {
	t.Helper()
	for _, w := range want {
		c := mustCharacter(t, b, w.owner)
		if !slices.ContainsFunc(c.Relations, func(r Relation) bool { return r.Kind == w.kin && strings.Contains(r.Other, w.other) }) {
			t.Errorf("%s: relations %v, want %s %s", w.owner, c.Relations, w.kin, w.other)
		}
	}
}

// A kinship noun with its owner in a genitive: before the name ("die
// Tochter der Patientin, die 17-jährige Marlene") and in an apposition
// after it ("Lena, die Tochter des Patienten").
func TestKinOfGenitive(t *testing.T) {
	b := mustBuild(t, "genitiv.txt", "Almut Pröhl, eine Floristin, bricht im Laden zusammen. "+
		"Die Tochter der Patientin, die 17-jährige Wiebke, sitzt nachts an ihrem Bett. Wiebke weint. "+
		"Gernot Sauerbier, ein Landwirt, stürzt vom Heuboden. "+
		"Konstanze, die ältere Schwester des Landwirts, bringt ihm Kuchen. Konstanze lacht.")
	wantRelations(t, b, []wantRelation{
		{"Almut Pröhl", "Tochter", "Wiebke"},
		{"Gernot Sauerbier", "Schwester", "Konstanze"},
	})
}

// A cast question's answer type is an actor: only a sentence that says
// who plays whom has it; the rest miss it like an age question misses
// an age.
func TestCastNeedsPlayVerb(t *testing.T) {
	b := mustBuild(t, "c.txt", "Frau Edeltraut Quaas hustet seit Tagen. Frau Quaas gewinnt beim Skat.")
	q := b.analyse("wer spielt frau quaas")
	if !q.asksCast {
		t.Fatal("not read as a cast question")
	}
	for _, c := range b.scoredCandidates(q) {
		if c.feats[fTypeOK] != 0 || c.feats[fTypeStrictMissing] != 1 {
			t.Errorf("%q: type_ok %v, type_strict_missing %v", b.candidateText(c), c.feats[fTypeOK], c.feats[fTypeStrictMissing])
		}
	}
}

// Family ties and roles read from common sentence shapes: two people
// joined by "und" and married, a role after the age in commas, a lone
// surname two family members share, a possessive after "gegenüber X".
func TestFamilyShapes(t *testing.T) {
	b := mustBuild(t, "familie.txt", "Seit vier Monaten sind Nancy Kubelka und Gernot Wuttkowski verheiratet. "+
		"Gernot Wuttkowski hustet. Jens Pöhland, 52, Steinmetz mit eigenem Betrieb, stellt sich vor. "+
		"Pöhland lehnt die Operation ab. Sein Sohn Lukas Pöhland, 24, bietet Hilfe an. "+
		"Gegenüber Dr. Irma Weber gesteht Gernot Wuttkowski, dass er seiner Lebensgefährtin Bärbel nichts sagte. Bärbel weint.")
	wantRelations(t, b, []wantRelation{
		{"Nancy Kubelka", "Ehemann", "Gernot Wuttkowski"},
		{"Jens Pöhland", "Sohn", "Lukas Pöhland"},
		{"Gernot Wuttkowski", "Lebensgefährtin", "Bärbel"},
	})
	if c := mustCharacter(t, b, "Jens Pöhland"); !slices.Contains(c.Roles, "Steinmetz") {
		t.Errorf("roles %v, want Steinmetz", c.Roles)
	}
}

// "der gemeinsame Sohn Fiete" is the child of the couple just named, in
// the same sentence or the one before; without "gemeinsam" the article
// names no owner.
func TestSharedChild(t *testing.T) {
	b := mustBuild(t, "gemeinsam.txt", "Für Dr. Hanne Kessler wird es ernst: Ihr Exmann Malte Kessler hat beantragt, "+
		"dass der gemeinsame Sohn Fiete künftig bei ihm lebt. Fiete geht in die dritte Klasse. "+
		"Gerlinde Trautwein und Bodo Trampe streiten seit Jahren. Die gemeinsame Tochter Ariane vermittelt. Ariane lacht. "+
		"Wilma Pröschold trifft Otto Wendlandt. Der Sohn Benno kommt dazu. Benno lacht.")
	wantRelations(t, b, []wantRelation{
		{"Hanne Kessler", "Sohn", "Fiete"},
		{"Malte Kessler", "Sohn", "Fiete"},
		{"Gerlinde Trautwein", "Tochter", "Ariane"},
		{"Bodo Trampe", "Tochter", "Ariane"},
	})
	for _, name := range []string{"Wilma Pröschold", "Otto Wendlandt"} {
		if c := mustCharacter(t, b, name); len(c.Relations) > 0 {
			t.Errorf("%s: relations %v, want none: no one owns \"Der Sohn Benno\"", name, c.Relations)
		}
	}
}
