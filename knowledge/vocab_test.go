package knowledge

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"iafbot/knowledge/analysis"
)

// TestStoredTokens: after the build a sentence makes its tokens again from
// words; they must be exactly what tokenising its text gives, also for a
// sentence too long for stored spans, and its terms the stems of its
// content words.
func TestStoredTokens(t *testing.T) {
	long := strings.Repeat("Herr Brandt‑Meyer sagt „Ärztin“, dann kommt Jonas' Mutter - und 3 Tage ", 1200)
	if len(long) <= maxSpan {
		t.Fatalf("long sentence has %d bytes, want more than %d", len(long), maxSpan)
	}
	b, err := Build([]Document{
		{Name: "a.txt", Text: []byte("Dr. Anna Berger ist Ärztin. Sie operiert Herrn Brandt, einen Bäcker. STRASSE und Straße, Ex-Frau und Ex‑Frau.\n" + long)},
		{Name: "b.txt", Text: []byte("Lina, ein Mädchen, malt. Ihr Vater Holger (42) ist Busfahrer!")},
	})
	if err != nil {
		t.Fatal(err)
	}
	sawLong := false
	for _, s := range b.sentences {
		if s.sentenceBuild != nil {
			t.Fatalf("%q: build tokens kept", s.text)
		}
		sawLong = sawLong || len(s.text) > maxSpan
		want := analysis.Tokenize(s.text)
		if got := s.tokens(); !reflect.DeepEqual(got, want) {
			t.Errorf("%.60q: tokens differ from Tokenize", s.text)
		}
		var stems []string
		for _, tok := range want {
			if !analysis.IsStopWord(tok.Norm) {
				stems = append(stems, analysis.Stem(tok.Norm))
			}
		}
		if got := slices.Collect(s.terms()); !slices.Equal(got, stems) {
			t.Errorf("%.60q: terms %q, want %q", s.text, got, stems)
		}
		for i, tok := range want {
			if s.norm(i) != tok.Norm {
				t.Errorf("%.60q: norm(%d) = %q, want %q", s.text, i, s.norm(i), tok.Norm)
			}
		}
	}
	if !sawLong {
		t.Error("no sentence longer than the stored spans reach")
	}
}
