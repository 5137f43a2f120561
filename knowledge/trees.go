package knowledge

import "fmt"

// Tree is one regression tree of the ranker's boosted part: the ranker's
// score is its linear part plus the sum of the trees, so interactions the
// linear part cannot express ("a person is named, and the question asks
// who") are learned rather than hand-written.
type Tree struct {
	Nodes []TreeNode `json:"nodes"`
}

// TreeNode is a split (Left > 0) or a leaf (Left == 0) of a Tree; node 0
// is the root and children come after their parent.
type TreeNode struct {
	Feature int     `json:"f,omitempty"`
	Split   float64 `json:"s,omitempty"`
	Left    int     `json:"l,omitempty"`
	Right   int     `json:"r,omitempty"`
	Value   float64 `json:"v,omitempty"`
}

// Eval returns the leaf value the features reach: at each split, a value
// at most Split goes left.
func (t *Tree) Eval(f []float64) float64 {
	if len(t.Nodes) == 0 {
		return 0
	}
	i := 0
	for t.Nodes[i].Left != 0 {
		n := &t.Nodes[i]
		if f[n.Feature] <= n.Split {
			i = n.Left
		} else {
			i = n.Right
		}
	}
	return t.Nodes[i].Value
}

// check refuses trees that would index outside the features or loop.
func (t *Tree) check(features int) error {
	for i, n := range t.Nodes {
		if n.Left == 0 {
			continue
		}
		if n.Feature < 0 || n.Feature >= features {
			return fmt.Errorf("Baumknoten %d: Merkmal %d außerhalb von 0..%d", i, n.Feature, features-1)
		}
		if n.Left <= i || n.Right <= i || n.Left >= len(t.Nodes) || n.Right >= len(t.Nodes) {
			return fmt.Errorf("Baumknoten %d: ungültige Kinder %d/%d", i, n.Left, n.Right)
		}
	}
	return nil
}
