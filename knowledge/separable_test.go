package knowledge

import (
	"testing"

	"iafbot/knowledge/analysis"
)

func TestSeparableVerbs(t *testing.T) {
	tests := []struct {
		sentence string
		verb     string // the finite verb's surface, "" for none
		lemma    string
	}{
		{"Merle bricht die Therapie nach zwei Wochen ab.", "bricht", "abbrechen"},
		{"Dr. Weber stellt eine Borreliose fest, und Jonas weint.", "stellt", "feststellen"},
		{"Am Abend ruft Sandy ihre Mutter an.", "ruft", "anrufen"},
		// The particle must close the clause.
		{"Sie geht ab und zu spazieren.", "", ""},
		{"Er bringt Blumen mit einem Gruß.", "", ""},
	}
	for _, tt := range tests {
		toks := analysis.Tokenize(tt.sentence)
		got := separableVerbs(toks, joinSeparable)
		switch {
		case tt.verb == "" && len(got) > 0:
			t.Errorf("%q: %v, want none", tt.sentence, got)
		case tt.verb != "" && (len(got) != 1 || toks[got[0].verb].Surface != tt.verb || got[0].lemma != tt.lemma):
			t.Errorf("%q: %v, want %s → %s", tt.sentence, got, tt.verb, tt.lemma)
		}
	}
}

// A question word of the separable verb's family finds the sentence where
// the verb stands apart from its particle, and the other way round.
func TestSeparableVerbMatchesFamily(t *testing.T) {
	b := mustBuild(t, "lehre.txt", "Jonas Kettler lernt Koch in Borna. Nach dem Streit mit dem Chef bricht Jonas die Lehre ab. "+
		"Seine Mutter weint. Am Ende ruft ihn der Chef an.")
	for _, question := range []string{"Von wem kam der Anruf?", "Wer hat Jonas angerufen?"} {
		q := b.analyse(question)
		found := false
		for _, term := range q.terms {
			for stem := range term.stems {
				found = found || stem == analysis.Stem("ruft")
			}
		}
		if !found {
			t.Errorf("%q: no term reaches the separated verb: %+v", question, q.terms)
		}
	}
}
