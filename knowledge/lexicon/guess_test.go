package lexicon

import (
	"slices"
	"testing"
)

// Forms the tables lack, read by regular inflection or spelling.
func TestRegularFormsOfKnownLemmas(t *testing.T) {
	l := Default()
	cases := []struct {
		word, lemma string
		pos         POS
	}{
		{"lässt", "lassen", Verb},       // stored as "läßt"
		{"verlässt", "verlassen", Verb}, // likewise
		{"müsste", "müssen", Verb},
		{"älterer", "alt", Adjective}, // comparative with umlaut
		{"größere", "groß", Adjective},
		{"jüngerer", "jung", Adjective},
		{"humpelt", "humpeln", Verb}, // a thesaurus verb without paradigm
		{"schlichtete", "schlichten", Verb},
		{"hüstelt", "hüsteln", Verb},
		{"restauriert", "restaurieren", Verb | Participle},
	}
	for _, c := range cases {
		as := l.Analyse(c.word)
		i := slices.IndexFunc(as, func(a Analysis) bool { return a.Lemma == c.lemma })
		if i < 0 || as[i].POS&c.pos == 0 {
			t.Errorf("Analyse(%q) = %v, want lemma %q as %v", c.word, as, c.lemma, c.pos)
		}
		if !l.Known(c.word) {
			t.Errorf("Known(%q) = false", c.word)
		}
	}
}

// Guesses stay away from names and old-spelling nouns.
func TestGuessesLeaveNamesAlone(t *testing.T) {
	l := Default()
	for _, w := range []string{"Brandt", "Humpelt", "Kessler", "Quxelbrot"} {
		if l.Known(w) {
			t.Errorf("Known(%q) = true, want a possible name", w)
		}
	}
	if l.IsNoun("Weiss") {
		t.Error(`IsNoun("Weiss") = true: an old-spelling noun matched a name`)
	}
}

// A compound whose first part is a confix or loan is a noun by its long
// head; a short head or a verb form makes none.
func TestConfixCompounds(t *testing.T) {
	l := Default()
	for _, w := range []string{"Physiotherapeut", "Stuntkoordinator", "Fahrlehrerin", "Tauchlehrer"} {
		if !l.IsNoun(w) {
			t.Errorf("IsNoun(%q) = false", w)
		}
	}
	// A verb stem before a job noun: the compound is a job too.
	for _, w := range []string{"Fahrlehrer", "Fahrlehrerin", "Tauchlehrer"} {
		if l.Classes(w)&Job == 0 {
			t.Errorf("Classes(%q) = %v, want Job", w, l.Classes(w))
		}
	}
	for _, w := range []string{"Hesselbarth", "runtergefallen"} {
		if l.IsNoun(w) {
			t.Errorf("IsNoun(%q) = true", w)
		}
	}
}

// The feminine of a job noun the tables hold only as masculine is a
// feminine job noun; first names in "-in" stay unknown.
func TestFeminineOfJobNouns(t *testing.T) {
	l := Default()
	for _, w := range []string{"Glasbläserin", "Glasbläserinnen"} {
		as := l.Analyse(w)
		if len(as) != 1 || as[0].Lemma != "glasbläserin" || as[0].Gender != 'f' || as[0].POS != Noun {
			t.Errorf("Analyse(%q) = %+v", w, as)
		}
		if l.Classes(w)&Job == 0 {
			t.Errorf("Classes(%q) = %v, want Job", w, l.Classes(w))
		}
	}
	for _, w := range []string{"Kerstin", "Karin", "Martin"} {
		if l.IsNoun(w) {
			t.Errorf("IsNoun(%q) = true", w)
		}
	}
}
