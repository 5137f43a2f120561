package knowledge

import (
	"testing"

	"iafbot/knowledge/analysis"
)

func TestKinOf(t *testing.T) {
	for word, want := range map[string]string{
		"Töchter": "tochter", "Brüdern": "bruder", "Neffen": "neffe", "Sohnes": "sohn",
		"Mütter": "mutter", "Großmutter": "grossmutter", "Schwiegersöhne": "schwiegersohn",
	} {
		toks := analysis.Tokenize(word)
		got, ok := kinOf(toks[0])
		if !ok || got != want {
			t.Errorf("kinOf(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	for _, word := range []string{"Tisch", "Ärztin", "Haus"} {
		if got, ok := kinOf(analysis.Tokenize(word)[0]); ok {
			t.Errorf("kinOf(%q) = %q; want none", word, got)
		}
	}
}
