package lexicon

import (
	"slices"
	"testing"
)

func TestCorrections(t *testing.T) {
	lex := Default()
	for _, tc := range []struct{ typed, want string }{
		{"schwetser", "schwester"},  // swapped
		{"ärtzin", "ärztin"},        // swapped
		{"hatt", "hat"},             // one letter too many
		{"studendin", "studentin"},  // replaced
		{"kreuzfart", "kreuzfahrt"}, // left out
	} {
		if got := lex.Corrections(tc.typed); !slices.Contains(got, tc.want) {
			t.Errorf("Corrections(%q) = %v, want %q among them", tc.typed, got, tc.want)
		}
	}
	if got := lex.Corrections("schwester"); got != nil {
		t.Errorf("a listed word has corrections %v", got)
	}
}
