package knowledge

import (
	"strings"
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
		// A verb that is also a stop word of questions ("was gibt es").
		{"Finn gibt zu, er habe das Medikament abgesetzt.", "gibt", "zugeben"},
		{"Am Ende gab sie auf.", "gab", "aufgeben"},
		// A conjunction is no verb, though the lexicon knows its spelling.
		{"Er schweigt nicht aus Trotz, sondern aus Angst.", "", ""},
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
// the verb stands apart from its particle, and the other way round; the
// finite verb alone ("gibt", "ruft" without the particle) is another verb.
func TestSeparableVerbMatchesFamily(t *testing.T) {
	b := mustBuild(t, "lehre.txt", "Jonas Kettler lernt Koch in Borna. Nach dem Streit mit dem Chef bricht Jonas die Lehre ab. "+
		"Seine Mutter weint. Am Ende ruft ihn der Chef an. Der Chef ruft laut nach dem Lehrling. "+
		"Jonas gibt zu, er habe geschwänzt. Es gibt Kuchen.")
	sentenceWith := func(text string) int {
		for i, s := range b.sentences {
			if strings.Contains(s.text, text) {
				return i
			}
		}
		t.Fatalf("no sentence holds %q", text)
		return -1
	}
	reaches := func(question string, s int) bool {
		q := b.analyse(question)
		for _, term := range q.terms {
			for stem := range b.sentences[s].terms() {
				if _, ok := term.stems[stem]; ok {
					return true
				}
			}
		}
		return false
	}
	tests := []struct {
		question, sentence string
		want               bool
	}{
		{"Von wem kam der Anruf?", "ruft ihn der Chef an", true},
		{"Wer hat Jonas angerufen?", "ruft ihn der Chef an", true},
		{"Wer hat Jonas angerufen?", "ruft laut", false},
		{"Was hat Jonas zugegeben?", "gibt zu", true},
		{"Was hat Jonas zugegeben?", "Es gibt Kuchen", false},
	}
	for _, tt := range tests {
		if got := reaches(tt.question, sentenceWith(tt.sentence)); got != tt.want {
			t.Errorf("%q reaches %q: %v, want %v", tt.question, tt.sentence, got, tt.want)
		}
	}
}
