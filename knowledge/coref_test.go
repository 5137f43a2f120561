package knowledge

import (
	"strings"
	"testing"
)

// mustBuild builds a base from one synopsis text.
func mustBuild(t *testing.T, name, text string) *Base {
	t.Helper()
	b, err := Build([]Document{{Name: name, Text: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sentencePeople builds one synopsis and returns, per sentence, the names
// of the people it is linked to.
func sentencePeople(t *testing.T, text string) [][]string {
	t.Helper()
	b := mustBuild(t, "koref.txt", text)
	var out [][]string
	for _, s := range b.sentences {
		var names []string
		for _, id := range s.people {
			names = append(names, b.characters[id].Name)
		}
		out = append(out, names)
	}
	return out
}

func hasName(names []string, want string) bool {
	for _, n := range names {
		if strings.Contains(n, want) {
			return true
		}
	}
	return false
}

// TestDefiniteDescriptions: which person a description in the last
// sentence is linked to, and which it must not be.
func TestDefiniteDescriptions(t *testing.T) {
	for _, tc := range []struct {
		name, text, want, notWant string
	}{
		{"a repeated role", "Torsten Wiegand, ein Dachdecker aus Grimma, stürzt von einer Leiter. " +
			"Dr. Helene Marx untersucht ihn in der Notaufnahme. " +
			"Der Dachdecker hat sich das Handgelenk gebrochen.", "Wiegand", ""},
		{"a person noun skips titled staff", "Timo Brakel, ein Schüler aus Taucha, klagt über Bauchschmerzen. " +
			"Dr. Bernd Kowalski untersucht ihn. " +
			"Der Junge hat eine Blinddarmentzündung.", "Brakel", "Kowalski"},
		{"an age follows gender", "Frau Ingrid Pohlmann fährt mit Herrn Konrad Fiebig an die Ostsee. " +
			"Er tankt das Auto. " +
			"Die 71-Jährige bekommt unterwegs Atemnot.", "Ingrid", "Konrad"},
		{"a relational noun links no one", "Paula Reimann kommt mit Fieber in die Klinik. " +
			"Die Mutter macht sich Sorgen.", "", "Paula"},
	} {
		people := sentencePeople(t, tc.text)
		last := people[len(people)-1]
		if tc.want != "" && !hasName(last, tc.want) {
			t.Errorf("%s: last sentence linked to %v, want %s", tc.name, last, tc.want)
		}
		if tc.notWant != "" && hasName(last, tc.notWant) {
			t.Errorf("%s: last sentence linked to %v, not %s", tc.name, last, tc.notWant)
		}
	}
}

func TestDistanceToStaysInTheEpisode(t *testing.T) {
	b, err := Build([]Document{
		{Name: "a.txt", Text: []byte("Timo Brakel, ein Schüler aus Taucha, klagt über Bauchschmerzen. Es regnet. Der Wind weht. Die Sonne scheint. Der Bus kommt. Die Tür klemmt. Das Licht flackert.")},
		{Name: "b.txt", Text: []byte("Im Park blüht der Flieder.")},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, ok := b.FindCharacter("Brakel")
	if !ok {
		t.Fatalf("no Brakel among %v", characterNamesOf(b))
	}
	for s, want := range map[int]int{0: 0, 2: 2, 4: 4} {
		if d, ok := b.distanceTo(c.id, s); !ok || d != want {
			t.Errorf("distanceTo(sentence %d) = %d, %v; want %d", s, d, ok, want)
		}
	}
	if _, ok := b.distanceTo(c.id, 5); ok {
		t.Error("five sentences away still counts as the storyline")
	}
	if _, ok := b.distanceTo(c.id, 7); ok {
		t.Error("a sentence of another episode counts as the storyline")
	}
}

// The pronouns after a description see its link: "Seine Frau" after "Der
// Kranführer … Er …" is the crane driver's wife, not the doctor's.
func TestPronounAfterDescription(t *testing.T) {
	b := mustBuild(t, "kran.txt",
		"Der 41-jährige Kranführer Danilo Wallschläger arbeitet auf einer Baustelle. "+
			"In der Notaufnahme untersucht ihn Dr. Kai Hoffmann. Der Kranführer ist gekränkt. "+
			"Er erzählt von seinen Anfällen. Seine Frau Janine holt ihn ab.")
	janine := mustCharacter(t, b, "Janine")
	if !hasRelation(janine, "Ehemann", "Danilo Wallschläger") {
		t.Errorf("Janine's relations: %v (roles %v)", janine.Relations, janine.Roles)
	}
}

// An adjective used as a noun ("der Bewusstlosen", "den Verletzten") is a
// description like "die Patientin"; "die Verletzten" are many.
func TestAdjectivalDescription(t *testing.T) {
	people := sentencePeople(t, "Frau Swantje Voigtländer liegt nach dem Sturz bewusstlos im Flur. Swantje atmet flach, sie reagiert nicht. "+
		"In der Notaufnahme sitzt Herr Thilo Gnauck mit Schmerzen in der Brust. Thilo will bald boxen, er trainiert. "+
		"Die Blutwerte der Bewusstlosen zeigen erhöhte Gallensäuren. "+
		"Thilo stürzt. Dr. Brenner untersucht den Verletzten gründlich. "+
		"Die Verletzten des Unfalls werden verlegt.")
	if !hasName(people[4], "Swantje") {
		t.Errorf("\"der Bewusstlosen\": %v, want Swantje", people[4])
	}
	if !hasName(people[6], "Thilo") {
		t.Errorf("\"den Verletzten\": %v, want Thilo", people[6])
	}
	if len(people[7]) != 0 {
		t.Errorf("\"Die Verletzten\" (plural): %v, want nobody", people[7])
	}
}

// A description that repeats the head of a compound role: "des Boxers" for
// an Amateurboxer.
func TestDescriptionRepeatsRoleHead(t *testing.T) {
	people := sentencePeople(t, "Jördis Wolfram, eine Amateurboxerin, kommt in die Klinik. Jördis hat Schmerzen. "+
		"Dr. Maria Weber untersucht Herrn Ansgar Pohl. "+
		"Die Hand der Boxerin ist gebrochen.")
	if !hasName(people[3], "Wolfram") {
		t.Errorf("\"der Boxerin\": %v, want Wolfram", people[3])
	}
}
