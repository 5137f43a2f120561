package analysis

import (
	"reflect"
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Seine Ex-Frau kommt.", []string{"Seine", "Ex-Frau", "kommt"}},
		{"Jonas' Mutter", []string{"Jonas'", "Mutter"}},
		{"Lebens.Während", []string{"Lebens", "Während"}},
		{"vier Chemotherapien, 3 Tage", []string{"vier", "Chemotherapien", "3", "Tage"}},
		{"Hin- und hergerissen", []string{"Hin", "und", "hergerissen"}},
		{"„Wege des Lebens“", []string{"Wege", "des", "Lebens"}},
		{"", nil},
		{" \t!?", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range Tokenize(tt.in) {
			got = append(got, tok.Surface)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeMarks(t *testing.T) {
	toks := Tokenize("Maja, ein Mädchen")
	if !toks[0].Capitalised || toks[1].Capitalised {
		t.Errorf("capitalisation wrong: %+v", toks)
	}
	if toks[0].Punct != ',' || toks[1].Punct != 0 {
		t.Errorf("punctuation after words wrong: %q %q", toks[0].Punct, toks[1].Punct)
	}
	if got := toks[2].Surface; got != "Mädchen" {
		t.Errorf("third surface is %q", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := map[string]string{
		"Ärztin":      "aerztin",
		"Aerztin":     "aerztin",
		"STRASSE":     "strasse",
		"Straße":      "strasse",
		"Größe":       "groesse",
		"Ex‑Frau":     "ex-frau", // non-breaking hyphen
		"Jonas’":      "jonas'",
		"A\u0308rzte": "aerzte", // decomposed umlaut
	}
	for in, want := range tests {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStemGroupsInflections(t *testing.T) {
	same := [][]string{
		{"trennt", "trennen"},
		{"liebt", "liebe", "lieben"},
		{"aerztin", "ärztin"},
		{"schwanger", "schwangeren"},
		{"rettet", "retten"},
		{"stuerzt", "stürzt"},
		{"krankheit", "krankheiten"},
	}
	for _, group := range same {
		want := Stem(Normalize(group[0]))
		for _, w := range group[1:] {
			if got := Stem(Normalize(w)); got != want {
				t.Errorf("Stem(%q) = %q, Stem(%q) = %q: want equal", group[0], want, w, got)
			}
		}
	}
	different := [][2]string{{"maja", "mama"}, {"vater", "mutter"}, {"klinik", "kind"}}
	for _, p := range different {
		if Stem(p[0]) == Stem(p[1]) {
			t.Errorf("Stem(%q) == Stem(%q)", p[0], p[1])
		}
	}
	if Stem("") != "" || Stem("2025") != "2025" {
		t.Error("empty and numbers must pass through")
	}
	if got := Stem("ex-frauen"); got != "ex-"+Stem("frauen") {
		t.Errorf("hyphenated words stem on the last part: %q", got)
	}
}

func TestStopWords(t *testing.T) {
	for _, w := range []string{"der", "und", "wer", "warum", "fuer", "ueber", "dass"} {
		if !IsStopWord(w) {
			t.Errorf("%q should be a stop word", w)
		}
	}
	for _, w := range []string{"maja", "krankheit", "tochter", "musik", "vier"} {
		if IsStopWord(w) {
			t.Errorf("%q must not be a stop word", w)
		}
	}
}

func TestTerms(t *testing.T) {
	got := Terms("Welche Krankheit hat Herr Scholze?")
	want := []string{Stem("krankheit"), Stem("herr"), Stem("scholze")}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Terms = %q, want %q", got, want)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"heilman", "heilmann", 2, 1},
		{"kathrin", "katrin", 2, 1},
		{"stefan", "steffen", 2, 2},
		{"maja", "maja", 1, 0},
		{"ab", "ba", 1, 1}, // transposition
		{"scholze", "lukas", 2, 3},
		{"", "abc", 5, 3},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.max, got, tt.want)
		}
	}
}

func TestTypoBudget(t *testing.T) {
	for n, want := range map[int]int{3: 0, 4: 0, 5: 1, 8: 1, 9: 2, 20: 2} {
		if got := TypoBudget(n); got != want {
			t.Errorf("TypoBudget(%d) = %d, want %d", n, got, want)
		}
	}
}

func TestPhonetic(t *testing.T) {
	alike := [][2]string{{"kathrin", "katrin"}, {"stefan", "steffen"}, {"meier", "mayer"}, {"schmidt", "schmitt"}}
	for _, p := range alike {
		if Phonetic(p[0]) != Phonetic(p[1]) {
			t.Errorf("Phonetic(%q)=%q != Phonetic(%q)=%q", p[0], Phonetic(p[0]), p[1], Phonetic(p[1]))
		}
	}
	if Phonetic("maja") == Phonetic("lukas") {
		t.Error("different names must differ")
	}
	// Reference value from the Kölner Phonetik definition.
	if got := Phonetic("wikipedia"); got != "3412" {
		t.Errorf("Phonetic(wikipedia) = %q, want 3412", got)
	}
}

func TestColloquial(t *testing.T) {
	got := Colloquial(Tokenize("was ham die ärzte bei ihm gefunden, isser nich krank?"))
	var norms []string
	for _, tok := range got {
		norms = append(norms, tok.Norm)
	}
	want := "was haben die aerzte bei ihm gefunden ist er nicht krank"
	if strings.Join(norms, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(norms, " "), want)
	}
	if got[6].Punct != ',' || got[len(got)-1].Punct != '?' {
		t.Errorf("punctuation moved: %+v", got)
	}
	// A capitalised word inside the question may be a name.
	if out := Colloquial(Tokenize("wer ist Ne")); out[2].Norm != "ne" {
		t.Errorf("name rewritten: %+v", out)
	}
}
