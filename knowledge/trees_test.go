package knowledge

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestTreeEval(t *testing.T) {
	tree := Tree{Nodes: []TreeNode{
		{Feature: 1, Split: 0.5, Left: 1, Right: 2},
		{Value: -1},
		{Feature: 0, Split: 2, Left: 3, Right: 4},
		{Value: 3},
		{Value: 7},
	}}
	for _, tc := range []struct {
		f    []float64
		want float64
	}{
		{[]float64{9, 0.5}, -1}, // at the split goes left
		{[]float64{2, 1}, 3},
		{[]float64{2.1, 1}, 7},
	} {
		if got := tree.Eval(tc.f); got != tc.want {
			t.Errorf("Eval(%v) = %v, want %v", tc.f, got, tc.want)
		}
	}
	if got := (&Tree{}).Eval([]float64{1}); got != 0 {
		t.Errorf("empty tree = %v, want 0", got)
	}
}

func TestTreeCheckRefusesBadTrees(t *testing.T) {
	for name, tree := range map[string]Tree{
		"feature out of range": {Nodes: []TreeNode{{Feature: 99, Left: 1, Right: 2}, {}, {}}},
		"cycle":                {Nodes: []TreeNode{{Left: 1, Right: 2}, {Left: 1, Right: 2}, {}}},
		"child out of range":   {Nodes: []TreeNode{{Left: 1, Right: 5}, {}}},
	} {
		if err := tree.check(3); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	good := Tree{Nodes: []TreeNode{{Feature: 2, Left: 1, Right: 2}, {}, {}}}
	if err := good.check(3); err != nil {
		t.Errorf("good tree refused: %v", err)
	}
}

func TestParseModelRefusesBadTree(t *testing.T) {
	err := parseAltered(t, func(m *Model) {
		m.Trees = []Tree{{Nodes: []TreeNode{{Feature: numFeatures, Left: 1, Right: 2}, {}, {}}}}
	})
	if err == nil || !strings.Contains(err.Error(), "Merkmal") {
		t.Fatalf("ParseModel = %v, want a German error about the feature", err)
	}
}

// parseAltered parses the embedded model after alter changed a copy.
func parseAltered(t *testing.T, alter func(m *Model)) error {
	t.Helper()
	m := *defaultModel
	alter(&m)
	data, err := json.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ParseModel(data)
	return err
}

func TestShowsWeighsTheTrapHead(t *testing.T) {
	n := len(AcceptFeatureNames())
	accept := make([]float64, n)
	accept[0] = 1
	model := func(right, trap, threshold float64) *Model {
		m := &Model{Accept: make([]float64, n), Threshold: threshold}
		m.Accept[0] = right
		if trap != 0 {
			m.Trap = make([]float64, n)
			m.Trap[0] = trap
		}
		return m
	}
	// P(right) = sigmoid(-0.4) ≈ 0.40.
	if !model(-0.4, -2, 0).Shows(accept) {
		t.Error("0.40 right against 0.12 trap: want shown")
	}
	if model(-0.4, 0.5, 0).Shows(accept) {
		t.Error("0.40 right against 0.62 trap: want withheld")
	}
	if model(-0.4, -2, 0.5).Shows(accept) {
		t.Error("0.40 right under a threshold of 0.5: want withheld")
	}
	if model(-0.4, 0, 0.5).Shows(accept) || !model(0.4, 0, 0.5).Shows(accept) {
		t.Error("without a trap head the threshold alone decides")
	}
}

func TestParseModelRefusesBadTrapHead(t *testing.T) {
	if err := parseAltered(t, func(m *Model) { m.Trap = []float64{1, 2} }); err == nil || !strings.Contains(err.Error(), "Fallen") {
		t.Fatalf("ParseModel = %v, want a German error about the trap weights", err)
	}
}

// The per-type weights count only for candidates of their answer type.
func TestScoreAddsTheKindsOwnWeights(t *testing.T) {
	f := make([]float64, numFeatures)
	f[fCoverWindow] = 1
	f[fKindBase+int(typeDisease)] = 1
	m := &Model{Rank: make([]float64, numFeatures), KindRank: make([][]float64, numKinds)}
	m.Rank[fCoverWindow] = 2
	m.KindRank[typeDisease] = make([]float64, numFeatures)
	m.KindRank[typeDisease][fCoverWindow] = 0.5
	if KindOf(f) != int(typeDisease) {
		t.Fatalf("KindOf = %d, want %d", KindOf(f), typeDisease)
	}
	if got := m.Score(f); got != 2.5 {
		t.Errorf("disease question: score %v, want 2.5", got)
	}
	f[fKindBase+int(typeDisease)], f[fKindBase+int(typePerson)] = 0, 1
	if got := m.Score(f); got != 2 {
		t.Errorf("person question: score %v, want 2 (no weights of its own)", got)
	}
	if KindOf(make([]float64, numFeatures)) != -1 || KindOf(nil) != -1 {
		t.Error("features without a kind: want -1")
	}
}

func TestParseModelRefusesBadKindWeights(t *testing.T) {
	for _, rows := range [][][]float64{make([][]float64, numKinds-1), append(make([][]float64, numKinds-1), []float64{1})} {
		if err := parseAltered(t, func(m *Model) { m.KindRank = rows }); err == nil || !strings.Contains(err.Error(), "Antworttyp") {
			t.Errorf("ParseModel with %d rows = %v, want a German error about the answer types", len(rows), err)
		}
	}
}

// The acceptor and the trap head read the answer type from the ranker
// features at the end of their own.
func TestProbabilityAddsTheKindsOwnWeights(t *testing.T) {
	n := len(AcceptFeatureNames())
	accept := make([]float64, n)
	accept[0] = 1
	accept[n-numFeatures+fKindBase+int(typeTime)] = 1
	m := &Model{Accept: make([]float64, n), KindAccept: make([][]float64, numKinds), Trap: make([]float64, n), KindTrap: make([][]float64, numKinds)}
	m.KindAccept[typeTime] = make([]float64, n)
	m.KindAccept[typeTime][0] = 2
	m.KindTrap[typeTime] = make([]float64, n)
	m.KindTrap[typeTime][0] = -2
	if AcceptKindOf(accept) != int(typeTime) {
		t.Fatalf("AcceptKindOf = %d, want %d", AcceptKindOf(accept), typeTime)
	}
	if got := m.AcceptLogit(accept); got != 2 {
		t.Errorf("logit %v, want 2 from the time type's own weight", got)
	}
	if got := m.TrapProbability(accept); got != Sigmoid(-2) {
		t.Errorf("trap probability %v, want sigmoid(-2)", got)
	}
	accept[n-numFeatures+fKindBase+int(typeTime)] = 0
	if got := m.AcceptLogit(accept); got != 0 {
		t.Errorf("without a type: logit %v, want 0", got)
	}
}
