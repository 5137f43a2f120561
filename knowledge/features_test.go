package knowledge

import (
	"slices"
	"strings"
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
		toks, at := wordIn(t, tt.sentence, tt.word)
		if got := introducedAt(toks, at); got != tt.want {
			t.Errorf("%q in %q: introduced %v, want %v", tt.word, tt.sentence, got, tt.want)
		}
	}
}

// wordIn tokenizes sentence and finds word in it.
func wordIn(t *testing.T, sentence, word string) ([]analysis.Token, int) {
	t.Helper()
	toks := analysis.Tokenize(sentence)
	at := slices.IndexFunc(toks, func(tk analysis.Token) bool { return tk.Surface == word })
	if at < 0 {
		t.Fatalf("%q not in %q", word, sentence)
	}
	return toks, at
}

// The candidates holding the first and the last sentence of the asked
// person's story that brings in an illness are marked; another guest's
// diagnosis is not in the story.
func TestIllnessOrder(t *testing.T) {
	b := mustBuild(t, "verlauf.txt", "Kurt Bellmann kommt mit Bauchschmerzen in die Klinik. Dr. Irma Weber vermutet eine Gastritis. "+
		"Das Labor zeigt später eine Pankreatitis. Kurt Bellmann wird operiert. Kurt Bellmann bekommt danach Zelmorafin.\n\n"+
		"Erna Pohlack stürzt im Garten. Dr. Irma Weber findet eine Radiusfraktur.")
	q := b.analyse("was hat kurt bellmann")
	if q.kind != typeDisease || len(q.entities) == 0 {
		t.Fatalf("kind %v, entities %v", q.kind, entityNames(b, q))
	}
	latest, earliest := map[int]bool{}, map[int]bool{}
	for _, c := range b.scoredCandidates(q) {
		if c.source != fromText || len(c.window) != 1 {
			continue
		}
		latest[c.center] = latest[c.center] || c.feats[fIllnessLatest] == 1
		earliest[c.center] = earliest[c.center] || c.feats[fIllnessEarliest] == 1
	}
	// Not the new drug of sentence 4: a diagnosis is an illness.
	if !latest[2] || latest[1] || latest[4] || latest[6] {
		t.Errorf("latest illness at sentences %v, want only 2 (Pankreatitis)", latest)
	}
	if earliest[2] || earliest[6] || !earliest[0] && !earliest[1] {
		t.Errorf("earliest illness at sentences %v, want 0 or 1", earliest)
	}
}

func TestWindowNegates(t *testing.T) {
	b := mustBuild(t, "band.txt", "Das Kreuzband von Tilo Hanke ist nicht gerissen. Das Röntgenbild zeigt keine Fraktur. Tilo Hanke geht nach Hause.")
	for window, want := range map[[2]int]bool{{0, 0}: true, {1, 1}: true, {2, 2}: false, {1, 2}: true} {
		var w []int
		for s := window[0]; s <= window[1]; s++ {
			w = append(w, s)
		}
		if got := b.windowNegates(w); got != want {
			t.Errorf("windowNegates(%v) = %v, want %v", w, got, want)
		}
	}
}

// The number by the measured word is near; one clauses away is not.
func TestNumberDistance(t *testing.T) {
	b := mustBuild(t, "wert.txt", "Gegen drei Uhr wird Anke Riedel blass. Dr. Irma Weber lässt den Kaliumwert bestimmen. Der Kaliumwert liegt bei 6,8.")
	q := b.analyse("wie hoch war der kaliumwert bei anke riedel")
	if d, ok := b.numberDistance(q, 2); !ok || d > 3 {
		t.Errorf("sentence with the value: distance %d, %v; want at most 3", d, ok)
	}
	if _, ok := b.numberDistance(q, 1); ok {
		t.Error("a sentence without a number has a distance")
	}
	if _, ok := b.numberDistance(q, 0); ok {
		t.Error("a number without the measured word has a distance")
	}
}

// A diagnosis in technical language is told from a plain complaint.
func TestIllnessTechnical(t *testing.T) {
	b := mustBuild(t, "lunge.txt", "Horst Keilbach hustet seit Tagen. Dr. Irma Weber diagnostiziert eine Pneumonie.")
	q := b.analyse("was hat horst keilbach")
	sc := b.newScoring(q, nil)
	if ev := b.illnessEvidence(sc, 1); !ev.named || !ev.technical {
		t.Errorf("Pneumonie: %+v, want named and technical", ev)
	}
	if ev := b.illnessEvidence(sc, 0); ev.technical {
		t.Errorf("hustet: %+v, want not technical", ev)
	}
}

// A sentence of complaints is told from one that names the illness, and a
// denied complaint is none.
func TestIllnessSymptom(t *testing.T) {
	b := mustBuild(t, "bauch.txt", "Horst Keilbach klagt über starkes Fieber. Dr. Irma Weber diagnostiziert eine Pneumonie trotz Fieber. Horst Keilbach hat kein Fieber.")
	q := b.analyse("was hat horst keilbach")
	sc := b.newScoring(q, nil)
	for i, want := range []bool{true, false, false} {
		if ev := b.illnessEvidence(sc, i); ev.symptom != want {
			t.Errorf("%q: symptom %v, want %v (%+v)", b.sentences[i].text, ev.symptom, want, ev)
		}
	}
}

// A word the thesaurus files under symptoms is the illness when a
// diagnosis names it; felt, it stays a symptom.
func TestDiagnosedSymptomWordIsNamed(t *testing.T) {
	b := mustBuild(t, "hirn.txt", "Horst Keilbach hat eine Lungenentzündung und Kopfschmerzen. Die Diagnose lautet Lungenentzündung.")
	q := b.analyse("was hat horst keilbach")
	sc := b.newScoring(q, nil)
	for i, want := range []bool{false, true} {
		if ev := b.illnessEvidence(sc, i); ev.named != want || ev.symptom == want {
			t.Errorf("%q: named %v, symptom %v; want named %v (%+v)", b.sentences[i].text, ev.named, ev.symptom, want, ev)
		}
	}
}

// The question's words count toward cover_with_entity only in a sentence
// about the asked person, not in the neighbour that tells of another.
func TestCoverWithEntity(t *testing.T) {
	b := mustBuild(t, "ehe.txt", "Dr. Irma Weber operiert am Morgen. Axel Brenner ist mit Gundula verheiratet. Irma Weber ist mit Jost verheiratet.")
	q := b.analyse("mit wem ist dr irma weber verheiratet")
	sc := b.newScoring(q, nil)
	if got := b.coverWithEntity(sc, []int{0, 1}); got != 0 {
		t.Errorf("Weber's sentence and Axel's marriage: %v, want 0", got)
	}
	if got := b.coverWithEntity(sc, []int{2}); got < 0.99 {
		t.Errorf("Weber's own marriage: %v, want 1", got)
	}
}

// An age question about a relative: the named person's own age is
// someone else's, whether the relative is a character or not.
func TestAgeOfRelativeIsNotTheNamed(t *testing.T) {
	b := mustBuild(t, "alter.txt", "Der 13-jährige Fiete Rennwagen aus Wurzen fährt Skateboard. "+
		"Seine Mutter Ramona Zibulla hält das für Wachstumsschmerzen. Fiete Rennwagen humpelt.")
	for _, question := range []string{"wie alt ist fietes mutter", "wie alt ist fietes vater"} {
		q := b.analyse(question)
		for _, c := range b.scoredCandidates(q) {
			if strings.Contains(b.candidateText(c), "13-jährige") && c.feats[fAgeOfAsked] != 0 {
				t.Errorf("%q: the age of Fiete counts as the asked one's in %q", question, b.candidateText(c))
			}
		}
	}
}

// A nurse's burst pipe told inside a patient's story is no diagnosis of
// the patient: illness order skips sentences about staff who are no
// doctors.
func TestIllnessOrderSkipsStaffAffairs(t *testing.T) {
	b := mustBuild(t, "rohr.txt", "Kurt Bellmann stürzt von der Leiter. Dr. Irma Weber findet einen Bandscheibenvorfall. "+
		"Schwester Gunda Pfeil zieht um, nach einem Wasserrohrbruch ist ihre Wohnung nass. Kurt Bellmann lacht.")
	q := b.analyse("was hat kurt bellmann")
	for _, c := range b.scoredCandidates(q) {
		if c.source == fromText && len(c.window) == 1 && c.center == 2 && c.feats[fIllnessLatest] == 1 {
			t.Error("the nurse's burst pipe is the latest illness of Kurt's story")
		}
	}
}

// Interleaved storylines: a diagnosis in another patient's story is not
// the asked person's latest, even when the sentence after it names her.
func TestIllnessOrderNeedsTheDiagnosisInTheStory(t *testing.T) {
	b := mustBuild(t, "zwei.txt", "Gerda Pohl kommt mit Husten in die Klinik. Dr. Irma Weber findet eine Lungenembolie.\n\n"+
		"Kurt Bellmann stürzt von der Leiter. Dr. Irma Weber findet einen Bandscheibenvorfall. Gerda Pohl darf nach Hause.")
	q := b.analyse("was hat gerda pohl")
	latest := 0
	for _, c := range b.scoredCandidates(q) {
		if c.feats[fIllnessLatest] == 1 {
			latest++
			if !slices.Contains(c.window, 1) {
				t.Errorf("%q is Gerda's latest diagnosis", b.candidateText(c))
			}
		}
	}
	if latest == 0 {
		t.Error("no candidate holds Gerda's diagnosis as her latest")
	}
}

// An illness the text denies is no diagnosis: the latest diagnosis is the
// one found, not the one ruled out after it.
func TestDeniedIllnessIsNoDiagnosis(t *testing.T) {
	b := mustBuild(t, "verneint.txt", "Kurt Bellmann kommt mit Bauchschmerzen in die Klinik. Dr. Irma Weber findet eine Pankreatitis. "+
		"Dr. Irma Weber findet bei Kurt Bellmann weder einen Infekt noch einen Hinweis auf eine Gastritis.")
	q := b.analyse("was hat kurt bellmann")
	latest, denied := map[int]bool{}, map[int]bool{}
	for _, c := range b.scoredCandidates(q) {
		if c.source == fromText && len(c.window) == 1 {
			latest[c.center] = latest[c.center] || c.feats[fIllnessLatest] == 1
			denied[c.center] = denied[c.center] || c.feats[fIllnessDenied] == 1
		}
	}
	if !latest[1] || latest[2] {
		t.Errorf("latest illness at sentences %v, want only 1 (Pankreatitis)", latest)
	}
	if denied[1] || !denied[2] {
		t.Errorf("illness_denied at sentences %v, want only 2", denied)
	}
	for _, tt := range []struct {
		sentence, word string
		want           bool
	}{
		{"Das Röntgenbild zeigt keine Fraktur.", "Fraktur", true},
		{"Er findet keinen Hinweis auf eine entzündliche Darmerkrankung.", "Darmerkrankung", true},
		{"Es ist kein Infarkt, sondern eine Aortendissektion.", "Aortendissektion", false},
		{"Ohne Behandlung droht ein Schlaganfall.", "Schlaganfall", false},
		{"Sie hat nicht geschlafen, und die Gastritis kehrt zurück.", "Gastritis", false},
	} {
		toks, at := wordIn(t, tt.sentence, tt.word)
		if got := deniedAt(toks, at); got != tt.want {
			t.Errorf("%q in %q: denied %v, want %v", tt.word, tt.sentence, got, tt.want)
		}
	}
}

// Where an asked person is from: "aus" and a place after their name, after
// an age in commas, or after the noun that brought them in.
func TestPlaceOfAsked(t *testing.T) {
	b := mustBuild(t, "ort.txt", "Bärbel Tetzlaff, 61, aus Laußig kommt zur Hochzeit. "+
		"Am Morgen wird ein Gerüstbauer aus Ostrau gebracht. Gernot Wuttkowski hat Fieber. "+
		"Dr. Irma Weber fährt aus Grimma in die Klinik.")
	for question, want := range map[string][]bool{
		"woher kommt bärbel tetzlaff":   {true, false, false, false},
		"woher kommt gernot wuttkowski": {false, true, false, false},
	} {
		q := b.analyse(question)
		for s, w := range want {
			if got := b.placeOfAsked(q, s); got != w {
				t.Errorf("%q, sentence %d: %v, want %v", question, s, got, w)
			}
		}
	}
}

// The asked kind near the question's words: the place beside the name
// is nearer than one at the far end of the sentence.
func TestTypeDistance(t *testing.T) {
	b := mustBuild(t, "nah.txt", "Gernot Wuttkowski aus Ostrau bricht zusammen. "+
		"Gernot Wuttkowski bricht am Abend nach einem langen Tag voller Arbeit mit seinen Kollegen in Ostrau zusammen.")
	q := b.analyse("woher kommt gernot wuttkowski")
	near, okNear := b.typeDistance(q, 0)
	far, okFar := b.typeDistance(q, 1)
	if !okNear || !okFar || near >= far {
		t.Errorf("distances %d (%v) and %d (%v): want the first smaller", near, okNear, far, okFar)
	}
}

// A question that names an episode by its whole title asks about that
// episode: its label's air date answers "wann lief …".
func TestWholeTitleAsksForTheLabel(t *testing.T) {
	b := mustBuild(t, "stein.txt", "---\ntitle: Der Stein des Anstoßes\nepisode: 571\naired: 2012-05-08\n---\n"+
		"Dr. Kai Hoffmann hat einen Nierenstein. Es läuft besser als befürchtet.")
	found := false
	for _, c := range b.scoredCandidates(b.analyse("wann lief der stein des anstoßes das erste mal")) {
		if c.source == fromEpisode && c.titleMatch == 1 {
			found = true
			if c.feats[fTypeOK] != 1 {
				t.Errorf("%q: the label's air date does not answer", c.lead)
			}
		}
	}
	if !found {
		t.Fatal("no episode candidate matching the whole title")
	}
}
