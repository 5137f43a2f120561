package knowledge

import (
	"testing"

	"iafbot/knowledge/analysis"
)

// A diagnosis sentence introduces its illness; a later one refers back.
func TestIntroducedAt(t *testing.T) {
	tests := []struct {
		sentence, word string
		want           bool
	}{
		{"Im CT zeigt sich eine Mesenterialvenenthrombose.", "Mesenterialvenenthrombose", true},
		{"Man findet einen zweieinhalb Zentimeter großen Tumor, ein Akustikusneurinom.", "Akustikusneurinom", true},
		{"Der Befund lautet Sarkoidose.", "Sarkoidose", true},
		{"Sie leidet an Diabetes.", "Diabetes", true},
		{"Nach sieben Stunden ist der Tumor entfernt.", "Tumor", false},
		{"Ihre chronische Gastritis macht ihr zu schaffen.", "Gastritis", false},
		{"Diese seltene Borreliose heilt langsam.", "Borreliose", false},
		{"Er stirbt fast am Infarkt.", "Infarkt", false},
	}
	for _, tt := range tests {
		toks := analysis.Tokenize(tt.sentence)
		at := -1
		for i, tok := range toks {
			if tok.Surface == tt.word {
				at = i
			}
		}
		if at < 0 {
			t.Fatalf("%q not in %q", tt.word, tt.sentence)
		}
		if got := introducedAt(toks, at); got != tt.want {
			t.Errorf("%q in %q: introduced %v, want %v", tt.word, tt.sentence, got, tt.want)
		}
	}
}
