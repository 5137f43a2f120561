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
	m := *defaultModel
	m.Trees = []Tree{{Nodes: []TreeNode{{Feature: numFeatures, Left: 1, Right: 2}, {}, {}}}}
	data, err := jsonMarshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseModel(data); err == nil || !strings.Contains(err.Error(), "Merkmal") {
		t.Fatalf("ParseModel = %v, want a German error about the feature", err)
	}
}

func jsonMarshal(m *Model) ([]byte, error) { return json.Marshal(m) }

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
	m := *defaultModel
	m.Trap = []float64{1, 2}
	data, err := jsonMarshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseModel(data); err == nil || !strings.Contains(err.Error(), "Fallen") {
		t.Fatalf("ParseModel = %v, want a German error about the trap weights", err)
	}
}
