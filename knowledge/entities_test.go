package knowledge

import (
	"slices"
	"strings"
	"testing"
)

func seedBase(t testing.TB) *Base {
	t.Helper()
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func mustCharacter(t *testing.T, b *Base, name string) *Character {
	t.Helper()
	c, ok := b.FindCharacter(name)
	if !ok {
		t.Fatalf("character %q not found; have %v", name, characterNamesOf(b))
	}
	return c
}

func characterNamesOf(b *Base) []string {
	var names []string
	for _, c := range b.Characters() {
		names = append(names, c.Name)
	}
	return names
}

func hasRelation(c *Character, kind, other string) bool {
	for _, r := range c.Relations {
		if strings.EqualFold(r.Kind, kind) && r.Other == other {
			return true
		}
	}
	return false
}

func TestCharactersFromSeeds(t *testing.T) {
	b := seedBase(t)
	roland := mustCharacter(t, b, "Roland")
	if roland.Name != "Dr. Roland Heilmann" {
		t.Errorf("canonical name %q", roland.Name)
	}
	for _, alias := range []string{"Roland", "Heilmann", "Dr. Heilmann", "Roland Heilmann"} {
		if !slices.Contains(roland.Aliases, alias) {
			t.Errorf("Roland lacks alias %q: %v", alias, roland.Aliases)
		}
	}
	if !hasRelation(roland, "Ehefrau", "Katrin") {
		t.Errorf("Roland's relations: %v", roland.Relations)
	}
	katrin := mustCharacter(t, b, "Katrin")
	if !slices.Contains(katrin.Roles, "Ärztin") {
		t.Errorf("Katrin's roles: %v", katrin.Roles)
	}
	lukas := mustCharacter(t, b, "Lukas")
	// "ihr gemeinsamer Sohn": the possessive names her; no rule reads
	// "gemeinsam" as both of them.
	if !hasRelation(lukas, "Mutter", "Katrin") {
		t.Errorf("Lukas should be Katrin's son: %v", lukas.Relations)
	}
	scholze := mustCharacter(t, b, "Scholze")
	if scholze.Name != "Herr Scholze" || !slices.Contains(scholze.Roles, "Patient") {
		t.Errorf("Scholze: %q %v", scholze.Name, scholze.Roles)
	}
	if !hasRelation(scholze, "Tochter", "Maja") || !hasRelation(scholze, "Ex-Frau", "") {
		t.Errorf("Scholze's relations: %v", scholze.Relations)
	}
	father := mustCharacter(t, b, "Steffens Vater")
	if !slices.Contains(father.Roles, "Raucher") || !hasRelation(father, "Sohn", "Steffen") {
		t.Errorf("Steffens Vater: %v %v", father.Roles, father.Relations)
	}
	if got := mustCharacter(t, b, "Scholzes"); got != scholze {
		t.Errorf("genitive Scholzes found %q", got.Name)
	}
	if len(scholze.Episodes) != 1 || scholze.Episodes[0] != b.Episodes()[0].ID {
		t.Errorf("Scholze's episodes: %v", scholze.Episodes)
	}
}

func TestNounsAreNotCharacters(t *testing.T) {
	b := seedBase(t)
	for _, c := range b.Characters() {
		for _, noun := range []string{"Schwierigkeiten", "Krankheit", "Familie", "Musik", "Entschlossen", "Risiken", "Sachsenklinik", "USA", "Leukämie"} {
			if strings.Contains(c.Name, noun) {
				t.Errorf("%q taken for a character", c.Name)
			}
		}
	}
}

func TestUnseenSynopsisModel(t *testing.T) {
	b := mustBuild(t, "neu.txt",
		"Frau Keller, eine erfahrene Hebamme, bringt ihren Sohn Felix in die Klinik. "+
			"Felix hat sich beim Fußball das Bein gebrochen. Sein Vater Thomas ist auf Geschäftsreise in Hamburg. "+
			"Dr. Lea Peters operiert Felix noch am selben Abend. Sie ist zufrieden mit dem Ergebnis.")
	keller := mustCharacter(t, b, "Keller")
	if keller.Name != "Frau Keller" || !slices.Contains(keller.Roles, "Hebamme") || !hasRelation(keller, "Sohn", "Felix") {
		t.Errorf("Frau Keller: %+v", keller)
	}
	felix := mustCharacter(t, b, "Felix")
	if !hasRelation(felix, "Vater", "Thomas") && !hasRelation(mustCharacter(t, b, "Thomas"), "Sohn", "Felix") {
		t.Errorf("Felix/Thomas relation missing: %v", felix.Relations)
	}
	peters := mustCharacter(t, b, "Peters")
	if peters.Name != "Dr. Lea Peters" {
		t.Errorf("doctor's name %q", peters.Name)
	}
	ep := b.Episodes()[0]
	if ep.Title == "" || !strings.Contains(ep.Title, "Felix") && !strings.Contains(ep.Title, "Keller") {
		t.Errorf("derived title %q should name main characters", ep.Title)
	}
	if a := b.Ask("Was ist Frau Keller von Beruf?"); !a.Answered || !strings.Contains(a.Text, "Hebamme") {
		t.Errorf("job question: %+v", a)
	}
	if a := b.Ask("Wo ist Thomas?"); !a.Answered || !strings.Contains(a.Text, "Hamburg") {
		t.Errorf("place question: %+v", a)
	}
}

func TestPronounsLinkFactsToCharacters(t *testing.T) {
	b := seedBase(t)
	maja := mustCharacter(t, b, "Maja")
	found := false
	for _, s := range b.charSentences[maja.id] {
		if strings.HasPrefix(b.sentences[s].text, "Sie malt viele bunte Bilder") {
			found = true
		}
	}
	if !found {
		t.Error("„Sie malt viele bunte Bilder“ should be linked to Maja through its pronoun")
	}
}

// A guest named once after their job is a character; a town named twice
// after "aus"/"bei" is not.
func TestNameAfterJobAndPlaceAfterPreposition(t *testing.T) {
	b := mustBuild(t, "kran.txt",
		"Der 41-jährige Kranführer Danilo Wallschläger arbeitet auf einer Baustelle. "+
			"Der Kranführer ist gekränkt. Seine Kollegin Svea Brambach aus Trebsen bringt ihn in die Klinik. "+
			"Am Abend fährt sie zurück in den Wald bei Trebsen.")
	if _, ok := b.FindCharacter("Wallschläger"); !ok {
		t.Errorf("the crane driver is no character; have %v", characterNamesOf(b))
	}
	noCharacterWith(t, b, "Trebsen")
}

// noCharacterWith fails for every character whose name holds one of the
// words.
func noCharacterWith(t *testing.T, b *Base, words ...string) {
	t.Helper()
	for _, name := range characterNamesOf(b) {
		for _, w := range words {
			if strings.Contains(name, w) {
				t.Errorf("%q taken for a character (have %v)", name, characterNamesOf(b))
			}
		}
	}
}

// A first name the lexicon also knows as a word stays part of the name
// when a surname follows ("Wolfgang Treptow"); a job noun before a
// surname does not become a first name.
func TestFirstNameBeforeSurname(t *testing.T) {
	b := mustBuild(t, "koch.txt",
		"Wolfgang Treptow, ein Schiffskoch aus Riesa, hat Atemnot. "+
			"Der Schiffskoch Treptow muss sofort operiert werden. Wolfgang Treptow ist erleichtert.")
	c, ok := b.FindCharacter("Treptow")
	if !ok {
		t.Fatalf("no Treptow among %v", characterNamesOf(b))
	}
	if c.Name != "Wolfgang Treptow" {
		t.Errorf("name %q, want Wolfgang Treptow (aliases %v)", c.Name, c.Aliases)
	}
	for _, a := range c.Aliases {
		if strings.Contains(a, "Schiffskoch") {
			t.Errorf("the job noun became part of the name: %v", c.Aliases)
		}
	}
}

// A relative "die" after a comma is no article: the name after it stays a
// name and names the person there, and ", zur Nachsorge" after a name is no
// apposition.
func TestRelativePronounBeforeName(t *testing.T) {
	b := mustBuild(t, "relativ.txt", "In der Notaufnahme sitzt Thilo Gnauck, ein Kfz-Mechatroniker aus Döbeln. "+
		"Es ist die Folge einer Grippe, die Thilo verschleppt hat. Später schleicht sich Thilo hinaus. "+
		"Am Ende verspricht Thilo, zur Kontrolluntersuchung wiederzukommen.")
	c, ok := b.FindCharacter("Thilo")
	if !ok || c.Name != "Thilo Gnauck" {
		t.Fatalf("Thilo: %v %v (have %v)", c, ok, characterNamesOf(b))
	}
	if slices.Contains(c.Roles, "Kontrolluntersuchung") {
		t.Errorf("roles %v", c.Roles)
	}
	for _, s := range b.sentences {
		if strings.Contains(s.text, "verschleppt") && !slices.Contains(s.people[:s.explicit], c.id) {
			t.Errorf("%q names %v, not Thilo", s.text, s.people[:s.explicit])
		}
	}
}

// Measures, plural objects after a dative name and long unknown words with
// the ending of a diagnosis are no characters.
func TestNoCharactersFromMeasuresObjectsAndDiagnoses(t *testing.T) {
	b := mustBuild(t, "kein.txt", "Doreen Kühn ist 34 Jahre alt und arbeitet als Erzieherin. Ihr Vater ist 71 Jahre alt. "+
		"Doreen schenkt Mia Batterien für die Taschenlampe. Mia lacht. Mia Kühn ist neun. "+
		"Der Befund zeigt ein Insulinom. Das Insulinom wird entfernt.")
	noCharacterWith(t, b, "Jahre", "Batterien", "Insulinom")
	if c, ok := b.FindCharacter("Doreen"); !ok || !slices.Contains(c.Roles, "Erzieherin") {
		t.Errorf("Doreen: %+v %v", c, ok)
	}
}

// A noun after a genitive name ("Idas Atem") or after a full name
// ("Elfriede Pahlke Straßenbahnen") is no surname.
func TestNoSurnameAfterGenitiveOrFullName(t *testing.T) {
	b := mustBuild(t, "genitiv.txt", "Ida Lorenz ist krank. Idas Mutter weint. Dr. Kai Hoffmann riecht Idas Atem. Idas Bett steht am Fenster. "+
		"Einunddreißig Jahre lang hat Elfriede Pahlke Straßenbahnen gesteuert. Elfriede lacht. Frau Pahlke weint.")
	noCharacterWith(t, b, "Atem", "Bett", "Straßenbahnen")
	if _, ok := b.FindCharacter("Elfriede Pahlke"); !ok {
		t.Errorf("no Elfriede Pahlke (have %v)", characterNamesOf(b))
	}
}

// An apposition that names a thing makes the word a thing: a drug with
// its class is no character.
func TestThingAppositionIsNoName(t *testing.T) {
	b := mustBuild(t, "ding.txt", "Der Hausarzt verschreibt Herrn Gottwald Citalopram, ein Antidepressivum. "+
		"Citalopram hilft nicht. Gottwald nimmt Citalopram weiter. Lina, eine Schülerin, besucht ihn. Lina lacht.")
	noCharacterWith(t, b, "Citalopram")
	if _, ok := b.FindCharacter("Lina"); !ok {
		t.Errorf("no Lina (have %v)", characterNamesOf(b))
	}
}

// A common noun after a surname is no second surname ("bekommt
// Pfannschmidt Fieber"), and a measure before it makes no name either.
func TestNoNounAfterSurname(t *testing.T) {
	b := mustBuild(t, "fieber.txt", "Gerda Pfannschmidt führt eine Gärtnerei in Borna. "+
		"Zwei Tage später bekommt Pfannschmidt Fieber und Husten. Am Freitag kommt sie mit 39 Grad Fieber in die Klinik. "+
		"Pfannschmidt hat Angst.")
	noCharacterWith(t, b, "Fieber", "Grad")
	if c, ok := b.FindCharacter("Pfannschmidt"); !ok || c.Name != "Gerda Pfannschmidt" {
		t.Errorf("Pfannschmidt: %+v %v (have %v)", c, ok, characterNamesOf(b))
	}
}

// "Schwester" after a genitive or a possessive with adjectives is a
// relative, after an article with adjectives a title; a sentence's first
// word is no first name because it is capitalised ("Erst Emmy …").
func TestSisterTitleOrKinAndSentenceStart(t *testing.T) {
	b := mustBuild(t, "schwester.txt", "Lotta Brandl ist acht Jahre alt. Lottas große Schwester Ilka, neunzehn, studiert in Halle. "+
		"Der neue Pfleger Mattes Kühnert misst Fieber. Erst Ilka beruhigt Lotta. Mattes Kühnert lacht. Ilka weint.")
	ilka, ok := b.FindCharacter("Ilka")
	if !ok || ilka.Name != "Ilka" || !slices.Contains(ilka.Roles, "Schwester von Lotta Brandl") {
		t.Errorf("Ilka: %+v %v (have %v)", ilka, ok, characterNamesOf(b))
	}
	if _, ok := b.FindCharacter("Mattes Kühnert"); !ok {
		t.Errorf("no Mattes Kühnert (have %v)", characterNamesOf(b))
	}
	noCharacterWith(t, b, "Erst")
}

// A noun after a first name whose surname the text gives is no second
// surname; two capitalised words the lexicon knows neither of are a name;
// a name in a relative clause is no role.
func TestFirstNamesNounsAndUnknownPairs(t *testing.T) {
	b := mustBuild(t, "paare.txt", "Renate Kunze wohnt in Döbeln. Seit Wochen hat Renate Kopfschmerzen. Renate lacht. "+
		"Diese Freundin, die 86-jährige Hertha Wendt, bleibt im Aufzug stecken. Dort hält Hertha ihre Hand. "+
		"Renate, die Hertha inzwischen mag, verkauft die Werkstatt nicht.")
	noCharacterWith(t, b, "Kopfschmerzen")
	if _, ok := b.FindCharacter("Hertha Wendt"); !ok {
		t.Errorf("no Hertha Wendt (have %v)", characterNamesOf(b))
	}
	if c, ok := b.FindCharacter("Renate Kunze"); !ok || slices.Contains(c.Roles, "Hertha") {
		t.Errorf("Renate: %+v %v", c, ok)
	}
}

// A word the text also writes in lower case is no name, whatever the
// lexicon lacks: "Hinzu kommt …" at a sentence start, "Drei Stunden …".
func TestLowerCaseWordIsNoName(t *testing.T) {
	b := mustBuild(t, "klein.txt", "Dr. Kai Hoffmann untersucht Jana Kluge. Hinzu kommt hohes Fieber. "+
		"Dr. Hoffmann zieht Dr. Stein hinzu. Drei Stunden später lacht Jana Kluge. Jana Kluge schläft drei Tage.")
	noCharacterWith(t, b, "Hinzu", "Drei")
	if _, ok := b.FindCharacter("Jana Kluge"); !ok {
		t.Errorf("Jana Kluge missing: %v", characterNamesOf(b))
	}
}

// Two unknown capitalised words opening a sentence before lower case are
// a full name, even when the text names the person only once.
func TestFullNameOpeningASentence(t *testing.T) {
	b := mustBuild(t, "einmal.txt", "Gunnar Tietze ist seit zehn Jahren Förster in Colditz. Dr. Stein untersucht den Patienten.")
	if _, ok := b.FindCharacter("Gunnar Tietze"); !ok {
		t.Errorf("no Gunnar Tietze (have %v)", characterNamesOf(b))
	}
}

// A surname that reads as a compound of nouns is a name all the same, but a
// place before a plural noun is not.
func TestCompoundSurnameOpeningASentence(t *testing.T) {
	b := mustBuild(t, "einmal.txt", "Jörn Sommerfeld ist seit zehn Jahren Förster in Colditz. Dr. Stein untersucht den Patienten. "+
		"Sie sammelt im Wald um Sebnitz Wildkräuter und Beeren.")
	if _, ok := b.FindCharacter("Jörn Sommerfeld"); !ok {
		t.Errorf("no Jörn Sommerfeld (have %v)", characterNamesOf(b))
	}
	if _, ok := b.FindCharacter("Wildkräuter"); ok {
		t.Errorf("a plural noun is a surname (have %v)", characterNamesOf(b))
	}
}

// Fans ask by first name even when the text only ever writes the full name
// and the surname.
func TestFirstNameAlias(t *testing.T) {
	b := mustBuild(t, "vorname.txt", "Dr. Stein nimmt Jorinde Pfefferle auf. Pfefferle hat seit Tagen Fieber.")
	q := b.analyse("was hat jorinde")
	if len(q.entities) != 1 || b.characters[q.entities[0].char].Name != "Jorinde Pfefferle" {
		t.Errorf("entities %v (characters %v)", q.entities, characterNamesOf(b))
	}
}

// A double first name of the name list is a name, though the lexicon
// reads its parts as a compound and "-ie" ends many nouns.
func TestDoubleFirstName(t *testing.T) {
	b := mustBuild(t, "doppel.txt", "Am Morgen wird die 17-jährige Lea-Sophie Dombrowski eingeliefert. "+
		"Lea-Sophie hat Atemnot. Dr. Irma Weber untersucht sie. Später lacht Lea-Sophie wieder.")
	c, ok := b.FindCharacter("Lea-Sophie")
	if !ok || c.Name != "Lea-Sophie Dombrowski" {
		t.Fatalf("FindCharacter(Lea-Sophie) = %v, %v; characters %v", c, ok, characterNamesOf(b))
	}
}

// A listed first name that ends in -s opens a sentence with its surname:
// the -s is the name's, not a genitive's.
func TestFirstNameEndingInSOpensSentence(t *testing.T) {
	b := mustBuild(t, "niklas.txt", "Der Abiturient hat zu viel getrunken. Niklas Bräuer muss eine Nacht bleiben.")
	if c, ok := b.FindCharacter("Niklas"); !ok || c.Name != "Niklas Bräuer" {
		t.Errorf("FindCharacter(Niklas) = %v, %v; characters %v", c, ok, characterNamesOf(b))
	}
}

// An apposition with an adverb before its adjective names a thing: the
// word before it is no surname ("Morbus Whipple, eine sehr seltene
// Infektion").
func TestThingAppositionWithAdverb(t *testing.T) {
	b := mustBuild(t, "befund.txt", "Der Befund lautet Morbus Whipple, eine sehr seltene bakterielle Infektion. Dr. Irma Weber erklärt es.")
	for _, c := range b.characters {
		if strings.Contains(c.Name, "Whipple") {
			t.Errorf("character %q from a diagnosis", c.Name)
		}
	}
}

// A two-word name of a thing ("Chorea Huntington, eine unheilbare
// Erbkrankheit") is no person, neither word.
func TestTwoWordThingName(t *testing.T) {
	b := mustBuild(t, "chorea.txt", "Dr. Irma Weber äußert den Verdacht auf Zerebra Quendlinghaus, eine unheilbare Erbkrankheit des Gehirns. "+
		"Gernot Wuttkowski weint. Zerebra Quendlinghaus verläuft langsam.")
	for _, c := range b.characters {
		if strings.Contains(c.Name, "Zerebra") || strings.Contains(c.Name, "Quendlinghaus") {
			t.Errorf("character %q from the name of an illness", c.Name)
		}
	}
}

// A first name the lexicon also reads as the plural of a noun ("Bosse" of
// "Boss") before a known surname is a first name; its genitive ("Bosses
// Mutter") is the same lexicon entry and no second piece of evidence for a
// noun.
func TestFirstNameThatIsAPluralNoun(t *testing.T) {
	b := mustBuild(t, "tor.txt",
		"Im Training bricht Torwart Bosse Wendler zusammen. Bosses Mutter Antje Wendler, Verkäuferin in Borna, "+
			"kommt sofort in die Klinik. Am Ende macht Bosse schon wieder Witze.")
	c, ok := b.FindCharacter("Bosse")
	if !ok || c.Name != "Bosse Wendler" {
		t.Fatalf("no Bosse Wendler among %v", characterNamesOf(b))
	}
	if !hasRelation(c, "Mutter", "Antje Wendler") {
		t.Errorf("relations of Bosse: %v, want Mutter Antje Wendler", c.Relations)
	}
}
