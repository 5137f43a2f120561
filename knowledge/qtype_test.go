package knowledge

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// A question whose question word leaves the type open takes the
// classifier's; one the rules type keeps theirs.
func TestGuessedTypeFillsOpenQuestion(t *testing.T) {
	b := mustBuild(t, "beruf.txt", "Gerold Zwirner arbeitet als Dachdecker in Grimma.")
	if q := b.WithModel(&Model{}).analyse("was arbeitet gerold zwirner"); q.kind != typeAny {
		t.Fatalf("without a classifier: kind %d, want any", q.kind)
	}
	m := &Model{QuestionTypes: &QuestionTypes{Classes: []string{"any", "job"}, Weights: map[string][]float64{
		"bias": {1, 0}, "l=arbeiten": {0, 3},
	}}}
	if q := b.WithModel(m).analyse("was arbeitet gerold zwirner"); q.kind != typeJob {
		t.Errorf("kind %d, want job (features %v)", q.kind, q.typeFeatures)
	}
	if q := b.WithModel(m).analyse("wo arbeitet gerold zwirner"); q.kind != typePlace {
		t.Errorf("kind %d, want the rules' place", q.kind)
	}
	m.QuestionTypes.Threshold = 0.99
	if q := b.WithModel(m).analyse("was arbeitet gerold zwirner"); q.kind != typeAny {
		t.Errorf("below the threshold: kind %d, want any", q.kind)
	}
}

// Names count as one feature, so no name is learned; known words count by
// their lemmas.
func TestQuestionTypeFeaturesHideNames(t *testing.T) {
	b := mustBuild(t, "beruf.txt", "Gerold Zwirner arbeitet als Dachdecker in Grimma.")
	f, open := b.QuestionTypeFeatures("was arbeitet gerold zwirner")
	if !open {
		t.Error("the rules typed \"was arbeitet\", want it left open")
	}
	for _, want := range []string{"bias", "w0=was", "w1=arbeitet", "l=arbeiten", "<name>"} {
		if !slices.Contains(f, want) {
			t.Errorf("features %v lack %q", f, want)
		}
	}
	for _, x := range f {
		if strings.Contains(x, "zwirner") || strings.Contains(x, "gerold") {
			t.Errorf("feature %q names the person", x)
		}
	}
}

func TestQuestionTypesPredict(t *testing.T) {
	var none *QuestionTypes
	if c, p := none.Predict([]string{"bias"}); c != "any" || p != 1 {
		t.Errorf("nil classifier: %q %v, want any 1", c, p)
	}
	qt := &QuestionTypes{Classes: []string{"any", "disease"}, Weights: map[string][]float64{"bias": {0, 0}, "l=fehlen": {0, math.Log(3)}}}
	if c, p := qt.Predict([]string{"bias", "l=fehlen", "unseen"}); c != "disease" || math.Abs(p-0.75) > 1e-9 {
		t.Errorf("got %q %v, want disease 0.75", c, p)
	}
}

func TestParseModelRefusesBadQuestionTypes(t *testing.T) {
	for _, qt := range []*QuestionTypes{
		{Classes: []string{"any", "hobby"}},
		{Classes: []string{"any", "job"}, Weights: map[string][]float64{"bias": {1}}},
	} {
		if err := parseAltered(t, func(m *Model) { m.QuestionTypes = qt }); err == nil || !strings.Contains(err.Error(), "Modell") {
			t.Errorf("ParseModel(%v) = %v, want a German error", qt, err)
		}
	}
}

// The question-only trap prior reads the same features; without a model
// it says nothing (0.5), and every candidate of a question carries it.
func TestTrapPrior(t *testing.T) {
	var none *QuestionTypes
	if p := none.TrapProbability([]string{"bias"}); p != 0.5 {
		t.Errorf("no model: %v, want 0.5", p)
	}
	qt := &QuestionTypes{Trap: map[string]float64{"bias": -1, "l=blutgruppe": 3}}
	if p := qt.TrapProbability([]string{"bias", "l=blutgruppe"}); math.Abs(p-Sigmoid(2)) > 1e-12 {
		t.Errorf("got %v, want sigmoid(2)", p)
	}
	b := mustBuild(t, "falle.txt", "Gerold Zwirner arbeitet als Dachdecker in Grimma. Er hustet.")
	m := &Model{Rank: make([]float64, numFeatures), QuestionTypes: &QuestionTypes{Trap: map[string]float64{"l=arbeiten": 2}}}
	cands := b.WithModel(m).Candidates("was arbeitet gerold zwirner")
	if len(cands) == 0 {
		t.Fatal("no candidates")
	}
	for _, c := range cands {
		if c.Features[fTrapPrior] != Sigmoid(2) {
			t.Errorf("%q: trap prior %v, want %v", c.Text, c.Features[fTrapPrior], Sigmoid(2))
		}
	}
}
