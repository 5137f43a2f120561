package lexicon

import "testing"

func TestClassBySuffix(t *testing.T) {
	lx := Default()
	for _, w := range []string{"Myokarditis", "Pankreatitis", "Osteomyelitis", "Präeklampsie"} {
		if lx.ClassBySuffix(w)&medical == 0 {
			t.Errorf("%s: no medical class by its ending", w)
		}
	}
	for _, w := range []string{"Wiederitzsch", "Chemielaborantin", "Anger-Crottendorf", "Kleingarten"} {
		if c := lx.ClassBySuffix(w); c != 0 {
			t.Errorf("%s: class %v by its ending, want none", w, c)
		}
	}
	t.Logf("%d endings learned from the lexicon", len(suffixClasses))
}
