package knowledge

import (
	"testing"

	"iafbot/knowledge/analysis"
)

func TestKinOf(t *testing.T) {
	for word, want := range map[string]string{
		"Töchter": "tochter", "Brüdern": "bruder", "Neffen": "neffe", "Sohnes": "sohn",
		"Mütter": "mutter", "Großmutter": "grossmutter", "Schwiegersöhne": "schwiegersohn",
		// From the lexicon: colloquial synonyms meet the table word of the
		// same gender; other relatives keep their lemma.
		"Papa": "vater", "Mamas": "mutter", "Vati": "vater", "Opi": "grossvater", "Gattin": "ehefrau",
		"Urgroßmutter": "urgrossmutter", "Pflegesohn": "pflegesohn",
	} {
		toks := analysis.Tokenize(word)
		got, ok := kinOf(toks[0])
		if !ok || got != want {
			t.Errorf("kinOf(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	// "Alter" shares a synonym set with "Vater" but is neuter; a nurse is no
	// sister; "Alte" is first an adjective.
	for _, word := range []string{"Tisch", "Ärztin", "Haus", "Alter", "Krankenschwester", "Alte", "Kerl", "Priorität"} {
		if got, ok := kinOf(analysis.Tokenize(word)[0]); ok {
			t.Errorf("kinOf(%q) = %q; want none", word, got)
		}
	}
}

func TestKinGender(t *testing.T) {
	for word, want := range map[string]byte{"Papa": 'm', "Urgroßmutter": 'f', "Adoptivtochter": 'f', "Onkel": 'm'} {
		base, ok := kinOf(analysis.Tokenize(word)[0])
		if g := kinGender(base); !ok || g != want {
			t.Errorf("kinGender(kinOf(%q) = %q) = %q, want %q", word, base, g, want)
		}
	}
}
