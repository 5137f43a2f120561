package lexicon

import (
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

func TestLemmas(t *testing.T) {
	l := Default()
	cases := []struct{ in, lemma string }{
		{"Zusammenpralls", "zusammenprall"},
		{"flüchtete", "flüchten"},
		{"Schlüsselbeinbruches", "schlüsselbeinbruch"},
		{"Ärzten", "arzt"},
		{"Häuser", "haus"},
		{"ging", "gehen"},
		{"ist", "sein"},
		{"abgebrochen", "abbrechen"},
		{"Krankenhäusern", "krankenhaus"},
		{"Kinder", "kind"},
		{"schneller", "schnell"},
		{"Operationen", "operation"},
		{"entschied", "entscheiden"},
		{"Verletzungen", "verletzung"},
		{"Gallenkoliken", "gallenkolik"},
		{"MÜTTER", "mutter"},
	}
	for _, c := range cases {
		if got := l.Lemmas(c.in); !slices.Contains(got, c.lemma) {
			t.Errorf("Lemmas(%q) = %v, want %q", c.in, got, c.lemma)
		}
	}
}

func TestAnalyse(t *testing.T) {
	l := Default()
	as := l.Analyse("Brüche")
	found := false
	for _, a := range as {
		if a.Lemma == "bruch" && a.POS == Noun && a.Gender == 'm' && a.Plural {
			found = true
		}
	}
	if !found {
		t.Errorf("Analyse(Brüche) = %+v, want plural masculine noun bruch", as)
	}
	as = l.Analyse("gebrochen")
	found = false
	for _, a := range as {
		if a.Lemma == "brechen" && a.POS == Participle {
			found = true
		}
	}
	if !found {
		t.Errorf("Analyse(gebrochen) = %+v, want participle of brechen", as)
	}
	if as := l.Analyse("xqzv"); as != nil {
		t.Errorf("Analyse(xqzv) = %v", as)
	}
}

func TestKnownIsNoun(t *testing.T) {
	l := Default()
	if l.Known("xqzv") {
		t.Error("Known(xqzv)")
	}
	for _, w := range []string{"Priorität", "Haus", "Fluglotse", "Nierenversagen", "Schlüsselbeinbruches", "Tochter", "Krankenschwester"} {
		if !l.IsNoun(w) {
			t.Errorf("IsNoun(%q) = false", w)
		}
		if !l.Known(w) {
			t.Errorf("Known(%q) = false", w)
		}
	}
	for _, w := range []string{"Peter", "Anna", "Thomas", "Sabine", "Schmidt", "Klaus", "Maria", "Stefan", "ging", "schnell"} {
		if l.IsNoun(w) {
			t.Errorf("IsNoun(%q) = true", w)
		}
	}
}

func TestSeparableVerb(t *testing.T) {
	l := Default()
	cases := []struct{ fin, part, want string }{
		{"bricht", "ab", "abbrechen"},
		{"stellt", "fest", "feststellen"},
		{"nahm", "teil", "teilnehmen"},
		{"Kam", "an", "ankommen"},
		{"ruft", "an", "anrufen"},
	}
	for _, c := range cases {
		if got, ok := l.SeparableVerb(c.fin, c.part); !ok || got != c.want {
			t.Errorf("SeparableVerb(%q,%q) = %q,%v want %q", c.fin, c.part, got, ok, c.want)
		}
	}
	if got, ok := l.SeparableVerb("bricht", "xqz"); ok {
		t.Errorf("SeparableVerb(bricht,xqz) = %q", got)
	}
}

func TestSplit(t *testing.T) {
	l := Default()
	cases := []struct {
		in   string
		want []string
	}{
		{"Arbeitsunfall", []string{"arbeit", "unfall"}},
		{"Blutdruckmessung", []string{"blut", "druck", "messung"}},
		{"Gallenkolik", []string{"galle", "kolik"}},
		{"Nierenversagen", []string{"niere", "versagen"}},
		{"Dachdecker", []string{"dach", "decker"}},
	}
	for _, c := range cases {
		if got := l.Split(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Split(%q) = %v, want %v", c.in, got, c.want)
		}
	}
	got := l.Split("Schlüsselbeinbruches")
	if len(got) < 2 || got[len(got)-1] != "bruch" || got[0] != "schlüssel" && got[0] != "schlüsselbein" {
		t.Errorf("Split(Schlüsselbeinbruches) = %v", got)
	}
	for _, w := range []string{"Priorität", "Haus", "gehen", "xqzv"} {
		if got := l.Split(w); got != nil {
			t.Errorf("Split(%q) = %v, want nil", w, got)
		}
	}
}

func TestFamily(t *testing.T) {
	l := Default()
	cases := []struct{ in, want string }{
		{"zusammenprall", "zusammenprallen"},
		{"zusammenprallen", "zusammenprall"},
		{"flucht", "flüchten"},
		{"flüchten", "flucht"},
		{"entscheidung", "entscheiden"},
		{"entscheiden", "entscheidung"},
		{"operation", "operieren"},
		{"operieren", "operation"},
		{"fahren", "fahrer"},
		// Verbs in -eln drop their e in the agent noun.
		{"angler", "angeln"},
		{"sammlerin", "sammeln"},
	}
	for _, c := range cases {
		if got := l.Family(c.in); !slices.Contains(got, c.want) {
			t.Errorf("Family(%q) = %v, want %q", c.in, got, c.want)
		}
	}
}

func relatedContains(rs []Related, w string, broader bool) bool {
	for _, r := range rs {
		if r.Word == w && r.Broader == broader && r.Strength > 0 && r.Strength <= 1 {
			return true
		}
	}
	return false
}

func TestRelated(t *testing.T) {
	l := Default()
	cases := []struct {
		in, want string
		broader  bool
	}{
		{"opa", "großvater", false},
		{"streit", "auseinandersetzung", false},
		{"krankheit", "erkrankung", false},
		{"arzt", "mediziner", false},
		{"schlüsselbeinbruch", "knochenbruch", true},
		{"Streits", "konflikt", false},
	}
	for _, c := range cases {
		rs := l.Related(c.in)
		if !relatedContains(rs, c.want, c.broader) {
			t.Errorf("Related(%q) = %v, want %q (broader=%v)", c.in, rs, c.want, c.broader)
		}
		if len(rs) > 30 {
			t.Errorf("Related(%q) has %d entries", c.in, len(rs))
		}
	}
}

func TestIsA(t *testing.T) {
	l := Default()
	cases := []struct {
		word, broader string
		want          bool
	}{
		{"Geige", "Instrument", true},
		{"rote", "Farbe", true}, // through the lemma "rot"
		{"Aspirin", "Medikament", true},
		{"Pension", "Unterkunft", true},
		{"Geige", "Instrumente", true}, // the broader term inflected
		{"Geige", "Farbe", false},
		{"Farbe", "rot", false}, // the relation has a direction
		{"Quxelbrot", "Farbe", false},
		{"Geige", "Quxelbrot", false},
	}
	for _, c := range cases {
		if got := l.IsA(c.word, c.broader); got != c.want {
			t.Errorf("IsA(%q, %q) = %v, want %v", c.word, c.broader, got, c.want)
		}
	}
}

func TestClasses(t *testing.T) {
	l := Default()
	cases := []struct {
		in   string
		want Class // any of these bits
	}{
		{"Gallenkolik", Illness | Symptom},
		{"Nierenversagen", Illness | Symptom},
		{"Dachdecker", Job},
		{"Fluglotse", Job},
		{"Zahnarzthelferin", Job},
		{"Paketbotin", Job}, // short feminine head: Botin → Bote
		{"Polizist", Job},
		{"Ärztin", Job},
		{"Schlüsselbeinbruch", Injury},
		{"Beinbruch", Injury},
		{"Fieber", Symptom | Illness},
		{"Schlaganfall", Illness},
		{"Krankenhaus", Place},
		{"Küche", Place},
		{"Montag", Time},
		{"Opa", Kinship},
		{"Tochter", Kinship},
		{"Bruder", Kinship},
		{"Schwiegermutter", Kinship},
		{"Krankenschwester", Person},
		// Unclassed by the thesaurus, but listed in both genders: a
		// person; with a profession suffix on a noun base a job.
		{"Bäckerin", Person},
		{"Kosmetikerin", Job},
		{"Kosmetiker", Job},
		// A hyphenated compound is what its last part is.
		{"HNO-Ärztin", Job},
		{"Lkw-Fahrer", Job}, // also as an agent noun of the whole
		{"Magen-Darm-Infekt", Illness | Symptom},
	}
	for _, c := range cases {
		if got := l.Classes(c.in); got&c.want == 0 {
			t.Errorf("Classes(%q) = %b, want some of %b", c.in, got, c.want)
		}
	}
	// "Messer" and "Drucker" end like agents but have no feminine;
	// "Verlierer", a verb's agent, is a person but no job.
	if l.Classes("Verlierer")&Job != 0 || l.Classes("Verlierer")&Person == 0 {
		t.Errorf("Classes(Verlierer) = %b, want a person and no job", l.Classes("Verlierer"))
	}
	for _, w := range []string{"Priorität", "gehen", "schnell", "xqzv", "Peter", "Hans-Peter", "Messer", "Drucker", "Mappe"} {
		if got := l.Classes(w); got != 0 {
			t.Errorf("Classes(%q) = %b, want 0", w, got)
		}
	}
}

func TestConcurrent(t *testing.T) {
	l := Default()
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				if len(l.Lemmas("Häuser")) == 0 {
					t.Error("no lemma")
					return
				}
			}
		}()
	}
	wg.Wait()
}

var benchWords = []string{"Zusammenpralls", "flüchtete", "Priorität", "Häuser", "gebrochen", "Krankenhaus", "xqzv", "Arzt"}

func BenchmarkAnalyse(b *testing.B) {
	l := Default()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Analyse(benchWords[i%len(benchWords)])
	}
}

func BenchmarkKnown(b *testing.B) {
	l := Default()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Known(benchWords[i%len(benchWords)])
	}
}

func BenchmarkSplit(b *testing.B) {
	l := Default()
	words := []string{"Schlüsselbeinbruches", "Arbeitsunfall", "Blutdruckmessung", "Priorität"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Split(words[i%len(words)])
	}
}

func BenchmarkClasses(b *testing.B) {
	l := Default()
	words := []string{"Gallenkolik", "Dachdecker", "Opa", "Priorität", "Montag"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		l.Classes(words[i%len(words)])
	}
}

// BenchmarkLoad measures a fresh load of the embedded tables and the heap it
// retains (MB) — the cost Default() pays once.
func BenchmarkLoad(b *testing.B) {
	var heap float64
	for b.Loop() {
		heap = float64(loadHeap()) / (1 << 20)
	}
	b.ReportMetric(heap, "heapMB")
}

func loadHeap() uint64 {
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	l := load()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	runtime.KeepAlive(l)
	if m1.HeapAlloc < m0.HeapAlloc {
		return 0
	}
	return m1.HeapAlloc - m0.HeapAlloc
}

func TestLoadBudget(t *testing.T) {
	start := time.Now()
	heap := loadHeap()
	d := time.Since(start)
	t.Logf("load %v, heap added %.1f MB", d, float64(heap)/(1<<20))
	if heap > 40<<20 {
		t.Errorf("heap added %d bytes > 40 MB", heap)
	}
	// The load time is only logged: timings do not belong in pass/fail
	// tests (BenchmarkLoad reports it).
}

// Listed tells forms of the tables from compounds the lexicon only
// analyses, as surnames made of nouns are.
func TestListed(t *testing.T) {
	l := Default()
	for _, tc := range []struct {
		word          string
		known, listed bool
	}{
		{"Feld", true, true},
		{"Felder", true, true},
		{"Sommerfeld", true, false},
		{"Lausick", false, false},
	} {
		if got := l.Known(tc.word); got != tc.known {
			t.Errorf("Known(%q) = %v, want %v", tc.word, got, tc.known)
		}
		if got := l.Listed(tc.word); got != tc.listed {
			t.Errorf("Listed(%q) = %v, want %v", tc.word, got, tc.listed)
		}
	}
}

// Technical reads the thesaurus' "fachspr." marks, also in a list of
// marks ("fachspr., lat.") and for inflected forms.
func TestTechnical(t *testing.T) {
	lex := Default()
	for word, want := range map[string]bool{
		"Gastritis": true,
		"Pneumonie": true,
		"Ikterus":   true,
		"Basaliom":  true, // marked only "(fachspr., veraltet)"
		"Bauchweh":  false,
		"Halsweh":   false,
		"Zzyzx":     false,
	} {
		if got := lex.Technical(word); got != want {
			t.Errorf("Technical(%q) = %v, want %v", word, got, want)
		}
	}
}
