package knowledge

import (
	"slices"
	"strings"
	"testing"
)

// A paragraph of findings that names no patient goes on with the guest
// whose paragraphs share its rare words (here a compound part: "Leber" of
// "Leberwerte"), not with the guest told just before it.
func TestParagraphWithoutPatientJoinsTheStoryItSharesWordsWith(t *testing.T) {
	b := mustBuild(t, "verflochten.txt", "Bodo Krahl, ein Schornsteinfeger, hat seit Tagen gelbe Augen. Seine Leberwerte sind hoch.\n\n"+
		"Ilka Sauer, eine Bäckerin, hustet seit dem Frühjahr. Im Röntgenbild sieht man einen Schatten.\n\n"+
		"Die Biopsie der Leber bringt Klarheit. Die Diagnose lautet Hämochromatose.\n\n"+
		"Ilka Sauer bekommt ein Spray. Bodo Krahl darf nach Hause.")
	bodo := mustCharacter(t, b, "Bodo Krahl")
	ilka := mustCharacter(t, b, "Ilka Sauer")
	diagnosis := slices.IndexFunc(b.sentences, func(s *sentence) bool { return strings.HasPrefix(s.text, "Die Diagnose") })
	if diagnosis < 0 {
		t.Fatal("no diagnosis sentence")
	}
	p := b.sentences[diagnosis].paragraph
	if got := b.cohesionWith(bodo.id, p); got != 1 {
		t.Errorf("cohesion with Bodo = %.2f, want 1 (the most)", got)
	}
	if got := b.cohesionWith(ilka.id, p); got >= 1 {
		t.Errorf("cohesion with Ilka = %.2f, want less than Bodo's", got)
	}
	wantInStory(t, b, diagnosis, map[string]bool{"Bodo Krahl": true, "Ilka Sauer": false})
}

// With no word in common with anyone, a paragraph keeps the old rule: it
// goes on with the guest told last.
func TestParagraphWithoutSharedWordsStaysWithTheLastGuest(t *testing.T) {
	b := mustBuild(t, "verflochten.txt", "Bodo Krahl, ein Schornsteinfeger, stürzt vom Dach. Bodo Krahl flucht.\n\n"+
		"Ilka Sauer, eine Bäckerin, hustet. Ilka Sauer friert.\n\n"+
		"Die Diagnose lautet Hämochromatose.")
	wantInStory(t, b, len(b.sentences)-1, map[string]bool{"Bodo Krahl": false, "Ilka Sauer": true})
}

// wantInStory checks, for each named guest, whether sentence s is in
// their story.
func wantInStory(t *testing.T, b *Base, s int, want map[string]bool) {
	t.Helper()
	for name, in := range want {
		if got := b.inStory(mustCharacter(t, b, name).id, s); got != in {
			t.Errorf("sentence %d in %s's story: %v, want %v", s, name, got, in)
		}
	}
}
