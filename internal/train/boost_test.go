package main

import (
	"math"
	"slices"
	"testing"

	"iafbot/knowledge"
)

// softmaxLoss is -log of the probability the scores give the right
// candidates, summed over questions.
func softmaxLoss(b *booster) float64 {
	loss := 0.0
	for _, gr := range b.groups {
		z, zPos := 0.0, 0.0
		for r := gr[0]; r < gr[1]; r++ {
			e := math.Exp(b.score[r])
			z += e
			if b.pos[r] {
				zPos += e
			}
		}
		loss -= math.Log(zPos / z)
	}
	return loss
}

// The right candidate is the one where feature 1 is high and feature 2 is
// low: an interaction a linear score from zero cannot express alone.
func TestBoostingLearnsAnInteraction(t *testing.T) {
	var examples []example
	for q := 0; q < 60; q++ {
		ex := example{group: string(rune('a' + q%26))}
		for c := 0; c < 6; c++ {
			a, b := float64((q+c)%2), float64((q+c/2)%3)/2
			right := a == 1 && b == 0
			ex.feats = append(ex.feats, []float64{1, a, b})
			ex.positive = append(ex.positive, right)
		}
		examples = append(examples, ex)
	}
	base := &knowledge.Model{Rank: make([]float64, 3)}
	bo := newBooster(examples, base, boostShape{depth: 3, shrinkage: 0.5})
	before := softmaxLoss(bo)
	prev := before
	for k := 0; k < 30; k++ {
		base.Trees = append(base.Trees, bo.grow())
		loss := softmaxLoss(bo)
		if loss > prev+1e-9 {
			t.Fatalf("tree %d raised the loss from %.4f to %.4f", k, prev, loss)
		}
		prev = loss
	}
	if prev > before*0.5 {
		t.Fatalf("loss %.3f → %.3f: the trees learned too little", before, prev)
	}
	right, answerable := 0, 0
	for _, ex := range examples {
		if slices.Contains(ex.positive, true) {
			answerable++
		}
		if top, _ := knowledge.Best(ex.feats, base); top >= 0 && ex.positive[top] {
			right++
		}
	}
	if answerable == 0 || right < answerable*9/10 {
		t.Fatalf("right candidate first for %d of %d questions", right, answerable)
	}
}

func TestChooseThresholdCountsOnlyTrapsAsRightAbstentions(t *testing.T) {
	// Two answerable questions with a wrong best candidate (withholding
	// them gains nothing), one right at 0.3, one trap at 0.6 that the
	// trap head recognises.
	p := []float64{0.2, 0.25, 0.3, 0.6}
	trap := []float64{0.1, 0.1, 0.1, 0.9}
	right := []bool{false, false, true, false}
	isTrap := []bool{false, false, false, true}
	if got := oofAccuracy(p, trap, right, isTrap, 0); got != 0.5 {
		t.Errorf("accuracy against the trap head = %v, want 0.5 (the right one shown, the trap withheld)", got)
	}
	if got := oofAccuracy(p, nil, right, isTrap, 0.5); got != 0 {
		t.Errorf("accuracy at 0.5 alone = %v, want 0 (right one withheld, trap shown)", got)
	}
	if th := chooseThreshold(p, trap, right, isTrap); th > 0.3 {
		t.Errorf("threshold %v withholds the right answer at 0.3", th)
	}
}

// TestBoostShapeBounds: a depth beyond grow's int8 node slots, or a step
// that is no shrinkage, is refused before any training.
func TestBoostShapeBounds(t *testing.T) {
	for _, s := range []boostShape{{3, 0.5}, {1, 1}, {6, 0.01}} {
		if err := s.validate(); err != nil {
			t.Errorf("%+v refused: %v", s, err)
		}
	}
	for _, s := range []boostShape{{0, 0.5}, {7, 0.5}, {3, 0}, {3, 1.5}, {3, math.NaN()}} {
		if s.validate() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// Two answer types want opposite things of one feature: shared weights
// alone cannot rank both right, the per-type weights can.
func TestRankerLearnsPerKindWeights(t *testing.T) {
	names := knowledge.FeatureNames()
	feature := slices.Index(names, "cover_window")
	kinds := []int{slices.Index(names, "kind_disease"), slices.Index(names, "kind_reason")}
	var examples []example
	for q := 0; q < 40; q++ {
		kind := kinds[q%2]
		ex := example{}
		for c := 0; c < 4; c++ {
			f := make([]float64, len(names))
			f[kind] = 1
			f[feature] = float64(c) / 3
			// The disease question's right candidate has the most of the
			// feature, the reason question's the least.
			ex.feats = append(ex.feats, f)
			ex.positive = append(ex.positive, kind == kinds[0] && c == 3 || kind == kinds[1] && c == 0)
		}
		examples = append(examples, ex)
	}
	m := &knowledge.Model{}
	m.Rank, m.KindRank = fitRanker(examples, len(names), 0.003)
	for _, ex := range examples {
		if top, _ := knowledge.Best(ex.feats, m); top < 0 || !ex.positive[top] {
			t.Fatalf("kind %d: candidate %d ranked first, not the right one", knowledge.KindOf(ex.feats[0]), top)
		}
	}
}
