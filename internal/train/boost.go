package main

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"iafbot/knowledge"
)

// Boosting settings: textbook values for small data (shallow trees, strong
// shrinkage, a Newton step with an L2 penalty on leaf values). The number
// of trees is chosen by cross-validation on the training split.
const (
	leafL2        = 1.0
	minLeafHess   = 20 // rows, as every row weighs 1
	maxLeafStep   = 1.0
	treeCheckStep = 10
)

// boostShape is the size of the trees and the step each takes; the
// acceptor keeps the textbook shape, the ranker's is chosen by -tune.
type boostShape struct {
	depth     int
	shrinkage float64
}

// validate keeps the depth within what grow's int8 node slots hold and
// the step a shrinkage.
func (s boostShape) validate() error {
	if s.depth < 1 || s.depth > 6 || !(s.shrinkage > 0 && s.shrinkage <= 1) {
		return fmt.Errorf("tree shape depth %d, shrinkage %g: depth must be 1..6 and shrinkage in (0,1]", s.depth, s.shrinkage)
	}
	return nil
}

var (
	acceptorShape = boostShape{depth: 3, shrinkage: 0.5}
	rankShape     = boostShape{depth: 3, shrinkage: 0.5} // set by -depth and -shrinkage
	maxRankTrees  = 200                                  // set by -max-trees
)

// booster fits regression trees to the gradient of the listwise softmax
// loss, starting from a model's scores (gradient boosting with Newton
// leaves, as in XGBoost and LambdaMART).
type booster struct {
	// logistic: each row is its own yes/no example (the acceptor), not a
	// candidate in a question's softmax (the ranker).
	logistic bool
	shape    boostShape
	x        [][]float64 // one row per candidate
	pos      []bool
	groups   [][2]int // row ranges, one per question
	sorted   [][]int32
	// sortedX[j][k] is feature j of row sorted[j][k]: the split search
	// reads each feature's values in order, not row by row.
	sortedX [][]float64
	score   []float64
	g, h    []float64
}

func newBooster(examples []example, base *knowledge.Model, shape boostShape) *booster {
	b := &booster{shape: shape}
	for _, ex := range examples {
		if !slices.Contains(ex.positive, true) {
			continue
		}
		start := len(b.x)
		for i, f := range ex.feats {
			b.x = append(b.x, f)
			b.pos = append(b.pos, ex.positive[i])
			b.score = append(b.score, base.Score(f))
		}
		b.groups = append(b.groups, [2]int{start, len(b.x)})
	}
	b.presort()
	return b
}

// newLogisticBooster boosts a logistic model from the given logits.
func newLogisticBooster(x [][]float64, y []bool, logits []float64) *booster {
	b := &booster{logistic: true, shape: acceptorShape, x: x, pos: y, score: append([]float64(nil), logits...)}
	b.presort()
	return b
}

func (b *booster) presort() {
	n := len(b.x)
	b.g, b.h = make([]float64, n), make([]float64, n)
	if n == 0 {
		return
	}
	dim := len(b.x[0])
	b.sorted = make([][]int32, dim)
	for j := 0; j < dim; j++ {
		idx := make([]int32, n)
		for i := range idx {
			idx[i] = int32(i)
		}
		sort.SliceStable(idx, func(a, c int) bool { return b.x[idx[a]][j] < b.x[idx[c]][j] })
		b.sorted[j] = idx
	}
	b.sortedX = make([][]float64, dim)
	for j, idx := range b.sorted {
		vals := make([]float64, n)
		for k, r := range idx {
			vals[k] = b.x[r][j]
		}
		b.sortedX[j] = vals
	}
}

// gradients of the softmax cross-entropy against the right candidates.
func (b *booster) gradients() {
	if b.logistic {
		for r, s := range b.score {
			y := 0.0
			if b.pos[r] {
				y = 1
			}
			b.g[r], b.h[r] = knowledge.Sigmoid(s)-y, 1
		}
		return
	}
	for _, gr := range b.groups {
		maxS := math.Inf(-1)
		for r := gr[0]; r < gr[1]; r++ {
			maxS = math.Max(maxS, b.score[r])
		}
		var z, zPos float64
		for r := gr[0]; r < gr[1]; r++ {
			e := math.Exp(b.score[r] - maxS)
			z += e
			if b.pos[r] {
				zPos += e
			}
		}
		for r := gr[0]; r < gr[1]; r++ {
			e := math.Exp(b.score[r] - maxS)
			p := e / z
			y := 0.0
			if b.pos[r] {
				y = e / zPos // -log Σ p(right): right candidates share by their own weight
			}
			b.g[r] = p - y
			b.h[r] = 1 // first-order steps: the softmax's own hessian vanishes where the linear part is confident
		}
	}
}

// split is the best split found for one node.
type split struct {
	gain    float64
	feature int
	at      float64
}

// grow fits one tree to the current gradients and adds it to the scores.
func (b *booster) grow() knowledge.Tree {
	b.gradients()
	n := len(b.x)
	nodeOf := make([]int, n) // tree node of each row; all start at the root
	tree := knowledge.Tree{Nodes: []knowledge.TreeNode{{}}}
	active := []int{0}
	maxNodes := 1<<(b.shape.depth+1) - 1
	slot := make([]int8, maxNodes) // active node → its index, or -1
	for depth := 0; depth < b.shape.depth && len(active) > 0; depth++ {
		for i := range slot {
			slot[i] = -1
		}
		for i, id := range active {
			slot[id] = int8(i)
		}
		rowSlot := make([]int8, n)
		G, H := make([]float64, len(active)), make([]float64, len(active))
		for r := 0; r < n; r++ {
			s := slot[nodeOf[r]]
			rowSlot[r] = s
			if s >= 0 {
				G[s] += b.g[r]
				H[s] += b.h[r]
			}
		}
		best := b.bestSplits(rowSlot, G, H)
		var next []int
		for i, id := range active {
			if best[i].gain <= 1e-9 {
				tree.Nodes[id].Value = b.leafValue(G[i], H[i])
				continue
			}
			l := len(tree.Nodes)
			tree.Nodes = append(tree.Nodes, knowledge.TreeNode{}, knowledge.TreeNode{})
			tree.Nodes[id] = knowledge.TreeNode{Feature: best[i].feature, Split: best[i].at, Left: l, Right: l + 1}
			next = append(next, l, l+1)
		}
		for r := 0; r < n; r++ {
			id := nodeOf[r]
			if nd := tree.Nodes[id]; nd.Left != 0 {
				if b.x[r][nd.Feature] <= nd.Split {
					nodeOf[r] = nd.Left
				} else {
					nodeOf[r] = nd.Right
				}
			}
		}
		active = next
	}
	// Leaves at full depth.
	if len(active) > 0 {
		G, H := map[int]float64{}, map[int]float64{}
		for r := 0; r < n; r++ {
			G[nodeOf[r]] += b.g[r]
			H[nodeOf[r]] += b.h[r]
		}
		for _, id := range active {
			tree.Nodes[id].Value = b.leafValue(G[id], H[id])
		}
	}
	for r := 0; r < n; r++ {
		b.score[r] += tree.Eval(b.x[r])
	}
	return tree
}

// bestSplits searches every feature for each active node's best split.
// The features are shared out among the cores; merging in feature order,
// a later feature wins only with a strictly larger gain, as in one pass,
// so the trees do not depend on the number of cores.
func (b *booster) bestSplits(rowSlot []int8, G, H []float64) []split {
	workers := min(runtime.GOMAXPROCS(0), len(b.sorted))
	found := make([][]split, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			from, to := w*len(b.sorted)/workers, (w+1)*len(b.sorted)/workers
			found[w] = b.searchFeatures(from, to, rowSlot, G, H)
		}(w)
	}
	wg.Wait()
	best := found[0]
	for _, more := range found[1:] {
		for s := range best {
			if more[s].gain > best[s].gain {
				best[s] = more[s]
			}
		}
	}
	return best
}

// searchFeatures is the split search over features [from, to).
func (b *booster) searchFeatures(from, to int, rowSlot []int8, G, H []float64) []split {
	best := make([]split, len(G))
	gl, hl := make([]float64, len(G)), make([]float64, len(G))
	last := make([]float64, len(G))
	seen := make([]bool, len(G))
	for j := from; j < to; j++ {
		clear(gl)
		clear(hl)
		clear(seen)
		vals := b.sortedX[j]
		for k, r32 := range b.sorted[j] {
			r := int(r32)
			s := rowSlot[r]
			if s < 0 {
				continue
			}
			v := vals[k]
			if seen[s] && v != last[s] && hl[s] >= minLeafHess && H[s]-hl[s] >= minLeafHess {
				gr, hr := G[s]-gl[s], H[s]-hl[s]
				gain := gl[s]*gl[s]/(hl[s]+leafL2) + gr*gr/(hr+leafL2) - G[s]*G[s]/(H[s]+leafL2)
				if gain > best[s].gain {
					best[s] = split{gain, j, (last[s] + v) / 2}
				}
			}
			gl[s] += b.g[r]
			hl[s] += b.h[r]
			last[s], seen[s] = v, true
		}
	}
	return best
}

// leafValue is the shrunk Newton step, capped: the softmax's diagonal
// hessian is tiny for unlikely candidates, and an uncapped step overshoots
// (XGBoost's max_delta_step).
func (b *booster) leafValue(g, h float64) float64 {
	return b.shape.shrinkage * max(-maxLeafStep, min(maxLeafStep, -g/(h+leafL2)))
}

// fitModel fits the linear ranker, then boosts trees on top of it.
func fitModel(examples []example, dim int, l2 float64, trees int) *knowledge.Model {
	m := &knowledge.Model{}
	m.Rank, m.KindRank = fitRanker(examples, dim, l2)
	if trees > 0 {
		bo := newBooster(examples, m, rankShape)
		for k := 0; k < trees; k++ {
			m.Trees = append(m.Trees, bo.grow())
		}
	}
	return m
}

// chooseTrees picks the number of trees by cross-validation on the
// training split: the count whose held-out rankings put a right candidate
// first most often (the fewest trees on ties).
func chooseTrees(train []example, dim int, l2 float64, folds int, shape boostShape) int {
	hits := make([]int, maxRankTrees/treeCheckStep+1)
	for f := 0; f < folds; f++ {
		in, held := splitFold(train, f, folds)
		m := fitModel(in, dim, l2, 0)
		bo := newBooster(in, m, shape)
		for k := 0; ; k++ {
			if k%treeCheckStep == 0 {
				for _, ex := range held {
					if top, _ := knowledge.Best(ex.feats, m); top >= 0 && ex.positive[top] {
						hits[k/treeCheckStep]++
					}
				}
			}
			if k == maxRankTrees {
				break
			}
			m.Trees = append(m.Trees, bo.grow())
		}
	}
	best := 0
	for i, h := range hits {
		if h > hits[best] {
			best = i
		}
	}
	fmt.Printf("trees by held-out rank@1:")
	for i, h := range hits {
		fmt.Printf(" %d:%d", i*treeCheckStep, h)
	}
	fmt.Printf("; chosen %d\n", best*treeCheckStep)
	return best * treeCheckStep
}

// tuneShapes runs chooseTrees for each tree shape of spec
// ("depth:shrinkage,…"), so the ranker's shape is chosen on held-out
// folds of the training split like its tree count. The whole spec is
// read first: a typo in its last item should not wait for the runs
// before it.
func tuneShapes(train []example, dim int, l2 float64, folds int, spec string) error {
	var shapes []boostShape
	for _, item := range strings.Split(spec, ",") {
		d, sh, ok := strings.Cut(strings.TrimSpace(item), ":")
		depth, err1 := strconv.Atoi(d)
		shrink, err2 := strconv.ParseFloat(sh, 64)
		if !ok || err1 != nil || err2 != nil {
			return fmt.Errorf("-tune: %q is not depth:shrinkage", item)
		}
		shape := boostShape{depth: depth, shrinkage: shrink}
		if err := shape.validate(); err != nil {
			return fmt.Errorf("-tune: %w", err)
		}
		shapes = append(shapes, shape)
	}
	for _, shape := range shapes {
		fmt.Printf("shape depth %d shrinkage %.2f: ", shape.depth, shape.shrinkage)
		chooseTrees(train, dim, l2, folds, shape)
	}
	return nil
}

// splitFold separates fold f of the cross-fitting groups from the rest.
func splitFold(examples []example, f, folds int) (in, held []example) {
	for _, ex := range examples {
		if int(hash(ex.group)%uint32(folds)) == f {
			held = append(held, ex)
		} else {
			in = append(in, ex)
		}
	}
	return in, held
}

// fitAcceptor fits the acceptor on cross-fitted rankings: logistic
// regression, then trees on top, their count chosen by held-out log-loss
// over folds of the acceptor's own examples. It returns the out-of-fold
// probabilities too, on which the threshold is chosen.
func fitAcceptor(x [][]float64, y []bool, groups []string, l2 float64, folds int) (h logisticHead, oof []float64) {
	loss := make([]float64, acceptTrees/treeCheckStep+1)
	for f := 0; f < folds; f++ {
		inX, inY, heldX, heldY, _ := splitRows(x, y, groups, f, folds)
		fh := fitAcceptorOnce(inX, inY, l2, 0)
		bo := newLogisticBooster(inX, inY, fh.logits(inX))
		for k := 0; ; k++ {
			if k%treeCheckStep == 0 {
				for i, hx := range heldX {
					p := fh.probability(hx)
					if heldY[i] {
						loss[k/treeCheckStep] -= math.Log(max(p, 1e-9))
					} else {
						loss[k/treeCheckStep] -= math.Log(max(1-p, 1e-9))
					}
				}
			}
			if k == acceptTrees {
				break
			}
			fh.trees = append(fh.trees, bo.grow())
		}
	}
	best := 0
	for i, l := range loss {
		if l < loss[best] {
			best = i
		}
	}
	n := best * treeCheckStep
	fmt.Printf("acceptor trees by held-out log-loss:")
	for i, l := range loss {
		fmt.Printf(" %d:%.1f", i*treeCheckStep, l)
	}
	fmt.Printf("; chosen %d\n", n)
	oof = make([]float64, len(x))
	for f := 0; f < folds; f++ {
		inX, inY, heldX, _, heldIdx := splitRows(x, y, groups, f, folds)
		fh := fitAcceptorOnce(inX, inY, l2, n)
		for i, hx := range heldX {
			oof[heldIdx[i]] = fh.probability(hx)
		}
	}
	return fitAcceptorOnce(x, y, l2, n), oof
}

// logisticHead is a fitted acceptor or trap head: linear weights, shared
// and per answer type, and boosted trees on top.
type logisticHead struct {
	w     []float64
	kinds [][]float64
	trees []knowledge.Tree
}

func fitAcceptorOnce(x [][]float64, y []bool, l2 float64, n int) logisticHead {
	var h logisticHead
	h.w, h.kinds = fitLogistic(x, y, l2)
	bo := newLogisticBooster(x, y, h.logits(x))
	for k := 0; k < n; k++ {
		h.trees = append(h.trees, bo.grow())
	}
	return h
}

func (h logisticHead) model() *knowledge.Model {
	return &knowledge.Model{Accept: h.w, KindAccept: h.kinds, AcceptTrees: h.trees}
}

func (h logisticHead) probability(f []float64) float64 { return h.model().Probability(f) }

func (h logisticHead) logits(x [][]float64) []float64 {
	out := make([]float64, len(x))
	m := h.model()
	for i, f := range x {
		out[i] = m.AcceptLogit(f)
	}
	return out
}

// splitRows separates fold f of the rows by their cross-fitting group.
func splitRows(x [][]float64, y []bool, groups []string, f, folds int) (inX [][]float64, inY []bool, heldX [][]float64, heldY []bool, heldIdx []int) {
	for i := range x {
		if int(hash(groups[i])%uint32(folds)) == f {
			heldX, heldY, heldIdx = append(heldX, x[i]), append(heldY, y[i]), append(heldIdx, i)
		} else {
			inX, inY = append(inX, x[i]), append(inY, y[i])
		}
	}
	return inX, inY, heldX, heldY, heldIdx
}
