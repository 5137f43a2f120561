package knowledge

import (
	"strings"
	"testing"
)

// sentencePeople builds one synopsis and returns, per sentence, the names
// of the people it is linked to.
func sentencePeople(t *testing.T, text string) [][]string {
	t.Helper()
	b, err := Build([]Document{{Name: "koref.txt", Text: []byte(text)}})
	if err != nil {
		t.Fatal(err)
	}
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

func TestDescriptionRepeatingARoleMeansThatPerson(t *testing.T) {
	people := sentencePeople(t, "Torsten Wiegand, ein Dachdecker aus Grimma, stürzt von einer Leiter. "+
		"Dr. Helene Marx untersucht ihn in der Notaufnahme. "+
		"Der Dachdecker hat sich das Handgelenk gebrochen.")
	if !hasName(people[2], "Wiegand") {
		t.Errorf("third sentence linked to %v, want Torsten Wiegand", people[2])
	}
}

func TestGenericDescriptionSkipsTitledStaff(t *testing.T) {
	people := sentencePeople(t, "Timo Brakel, ein Schüler aus Taucha, klagt über Bauchschmerzen. "+
		"Dr. Bernd Kowalski untersucht ihn. "+
		"Der Junge hat eine Blinddarmentzündung.")
	if hasName(people[2], "Kowalski") {
		t.Errorf("\"Der Junge\" linked to the doctor: %v", people[2])
	}
	if !hasName(people[2], "Brakel") {
		t.Errorf("third sentence linked to %v, want Timo Brakel", people[2])
	}
}

func TestAgeDescriptionFollowsGender(t *testing.T) {
	people := sentencePeople(t, "Frau Ingrid Pohlmann fährt mit Herrn Konrad Fiebig an die Ostsee. "+
		"Er tankt das Auto. "+
		"Die 71-Jährige bekommt unterwegs Atemnot.")
	if !hasName(people[2], "Ingrid") || hasName(people[2], "Konrad") {
		t.Errorf("\"Die 71-Jährige\" linked to %v, want only Ingrid Pohlmann", people[2])
	}
}

func TestRelationalNounLinksNoOne(t *testing.T) {
	people := sentencePeople(t, "Paula Reimann kommt mit Fieber in die Klinik. "+
		"Die Mutter macht sich Sorgen.")
	if hasName(people[1], "Paula") {
		t.Errorf("\"Die Mutter\" linked to the daughter: %v", people[1])
	}
}
