package knowledge

import (
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
	tests := []struct {
		question string
		want     answerType
	}{
		// "haben" with only the person, named by a role, asks for an illness.
		{"was hat der fahrlehrer", typeDisease},
		{"Um wie viel Uhr kocht Hans-Peter Kaffee?", typeTime},
		{"Wie viele Uhren hat Bodo?", typeNumber},
	}
	for _, tt := range tests {
		if q := b.analyse(tt.question); q.kind != tt.want {
			t.Errorf("%q: kind %d, want %d", tt.question, q.kind, tt.want)
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
		"erstausgestrahlt": labelAired, "erstausstrahlung": labelAired, "lief": labelAired, "fieber": labelNone,
	}
	for word, want := range tests {
		if got := labelPartAsked(word); got != want {
			t.Errorf("%s: %d, want %d", word, got, want)
		}
	}
}

// A separable diagnosis verb ("stellt … fest") names an illness, and so
// does a cue after the illness; another separable verb does not.
func TestNamesIllnessWithSeparableVerb(t *testing.T) {
	b := mustBuild(t, "diagnose.txt", "Dr. Irma Weber stellt eine Borreliose fest. Sie stellt die Tasche ab. Bodo hat Angst, weil Dr. Weber eine Borreliose diagnostiziert.")
	if !b.namesIllness(0) {
		t.Error("'stellt eine Borreliose fest' names no illness")
	}
	if b.namesIllness(1) {
		t.Error("'stellt die Tasche ab' names an illness")
	}
	if !b.namesIllness(2) {
		t.Error("'eine Borreliose diagnostiziert' names no illness")
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
