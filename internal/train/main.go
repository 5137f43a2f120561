// Command train fits the answer engine's ranker and acceptor on the
// training split of the question bank and writes knowledge/model.json.
//
//	go run ./internal/train            # from the repository root
//
// The split is by synopsis (knowledge/qa); the validation split and the
// holdout sets are only reported, never fitted. The run is deterministic.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"

	"iafbot/knowledge"
	"iafbot/knowledge/qa"
)

var (
	fixedTrees          int
	acceptTrees         int
	verbose             bool
	explain, explainSet string
	explainShow         int
	tune                string
)

// kindL2Scale weighs the per-answer-type weights in the L2 penalty, as a
// multiple of the shared weights' (-kind-l2-scale).
var kindL2Scale = 1.0

// example is one question with its candidates.
type example struct {
	set        string
	group      string // cross-fitting group: set and synopsis file
	validation bool
	trap       bool
	feats      [][]float64
	positive   []bool
	question   string   // for -v
	texts      []string // for -v
}

func main() {
	root := flag.String("root", ".", "repository root")
	out := flag.String("out", filepath.Join("knowledge", "model.json"), "model file to write")
	flag.Float64Var(&kindL2Scale, "kind-l2-scale", kindL2Scale, "L2 penalty of the per-answer-type weights, as a multiple of -l2 (out-of-fold accuracy 0.709 at 1, 0.701 at 0.3, 0.704 at 3, 0.703 at 10)")
	l2 := flag.Float64("l2", 0.003, "L2 penalty of both models (out-of-fold accuracy 0.693 at 0.003 and at 0.001, 0.686 at 0.01)")
	folds := flag.Int("folds", 5, "cross-fitting folds for the acceptor's training data")
	flag.IntVar(&fixedTrees, "trees", -1, "boosted trees on top of the linear ranker; -1 chooses the count by cross-validation")
	flag.IntVar(&acceptTrees, "accept-trees", 300, "most boosted trees on top of each logistic head of the acceptor (count chosen by held-out log-loss; at 100 it was still falling)")
	flag.IntVar(&rankShape.depth, "depth", rankShape.depth, "depth of the ranker's boosted trees")
	flag.Float64Var(&rankShape.shrinkage, "shrinkage", rankShape.shrinkage, "step of each of the ranker's boosted trees")
	flag.IntVar(&maxRankTrees, "max-trees", maxRankTrees, "most ranker trees the cross-validation tries")
	flag.StringVar(&tune, "tune", "", "cross-validate these ranker tree shapes (depth:shrinkage,…) on the training split, print rank@1 by tree count, and stop")
	flag.BoolVar(&verbose, "v", false, "list the training questions the model gets wrong")
	flag.StringVar(&explain, "explain", "", "show the best candidates of this question (with -set) and stop")
	flag.StringVar(&explainSet, "set", "", "the set whose corpus -explain uses")
	flag.IntVar(&explainShow, "show", 6, "how many candidates -explain shows")
	flag.Parse()
	if err := run(*root, *out, *l2, *folds); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(root, out string, l2 float64, folds int) error {
	if err := rankShape.validate(); err != nil {
		return fmt.Errorf("-depth/-shrinkage: %w", err)
	}
	sets, err := qa.Sets(root)
	if err != nil {
		return err
	}
	if explain != "" {
		for _, s := range sets {
			if s.Name == explainSet {
				base, err := build(s)
				if err != nil {
					return err
				}
				cands := base.Candidates(explain)
				names := knowledge.FeatureNames()
				m := knowledge.DefaultModel()
				sort.SliceStable(cands, func(i, j int) bool { return m.Score(cands[i].Features) > m.Score(cands[j].Features) })
				a := base.Ask(explain)
				fmt.Printf("answered=%v p=%.3f reason=%s\n", a.Answered, a.Probability, a.Reason)
				for _, c := range cands[:min(explainShow, len(cands))] {
					fmt.Printf("%.2f %s\n   ", m.Score(c.Features), c.Text)
					for i, v := range c.Features {
						if v != 0 {
							fmt.Printf(" %s=%.2f", names[i], v)
						}
					}
					fmt.Println()
				}
			}
		}
		return nil
	}
	bases := map[string]*knowledge.Base{}
	for _, s := range sets {
		base, err := build(s)
		if err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		bases[s.Name] = base
	}
	// The question types come first: the candidates' features depend on
	// the type a question asks for.
	questionTypes, trapByFold := fitQuestionTypes(sets, bases, folds)
	var examples []example
	for _, s := range sets {
		for _, c := range s.Cases {
			// A training question gets its trap prior from the model that
			// did not see it, like any question of new text.
			types := questionTypes
			if !s.Validation(c) {
				own := *questionTypes
				own.Trap = trapByFold[typeFold(typeGroup(s, c), folds)]
				types = &own
			}
			base := bases[s.Name].WithModel(&knowledge.Model{QuestionTypes: types})
			ex := example{set: s.Name, group: s.Name + "/" + c.File, validation: s.Validation(c), trap: !c.WantAnswer()}
			if c.File == "" || c.File == "-" {
				ex.group = s.Name + "/" + c.Question
			}
			ex.question = c.Question
			for _, cand := range base.Candidates(c.Question) {
				ex.texts = append(ex.texts, cand.Text)
				ex.feats = append(ex.feats, cand.Features)
				ex.positive = append(ex.positive, c.WantAnswer() && qa.Contains(c, cand.Text))
			}
			examples = append(examples, ex)
		}
	}
	var train []example
	for _, ex := range examples {
		if !ex.validation {
			train = append(train, ex)
		}
	}
	dim := len(knowledge.FeatureNames())
	if tune != "" {
		return tuneShapes(train, dim, l2, folds, tune)
	}
	trees := fixedTrees
	if trees < 0 {
		trees = chooseTrees(train, dim, l2, folds, rankShape)
	}
	rank := fitModel(train, dim, l2, trees)

	// The acceptor learns from rankings the ranker made without seeing the
	// question (cross-fitting), so its confidence is not inflated.
	var acceptX [][]float64
	var acceptY, trapY []bool
	var acceptGroups []string
	for f := 0; f < folds; f++ {
		in, held := splitFold(train, f, folds)
		w := fitModel(in, dim, l2, trees)
		for _, ex := range held {
			top, af := knowledge.Best(ex.feats, w)
			if top < 0 {
				continue
			}
			acceptX = append(acceptX, af)
			acceptY = append(acceptY, ex.positive[top])
			trapY = append(trapY, ex.trap)
			acceptGroups = append(acceptGroups, ex.group)
		}
	}
	accept, oof := fitAcceptor(acceptX, acceptY, acceptGroups, l2, folds)
	// The trap head: how likely the question is one the synopses do not
	// answer. Abstaining is right only then, so an answer is shown when it
	// is likelier right than a trap; the least probability on top of that
	// is chosen on the same out-of-fold predictions.
	trap, trapOOF := fitAcceptor(acceptX, trapY, acceptGroups, l2, folds)
	threshold := chooseThreshold(oof, trapOOF, acceptY, trapY)
	fmt.Printf("out-of-fold accuracy: threshold 0.5 alone %.3f; against the trap head %.3f; with threshold %.3f: %.3f\n",
		oofAccuracy(oof, nil, acceptY, trapY, 0.5), oofAccuracy(oof, trapOOF, acceptY, trapY, 0),
		threshold, oofAccuracy(oof, trapOOF, acceptY, trapY, threshold))

	m := &knowledge.Model{Features: knowledge.FeatureNames(), Rank: round(rank.Rank), KindRank: roundRows(rank.KindRank), Trees: rank.Trees,
		Accept: round(accept.w), KindAccept: roundRows(accept.kinds), AcceptTrees: accept.trees,
		Trap: round(trap.w), KindTrap: roundRows(trap.kinds), TrapTrees: trap.trees, Threshold: threshold,
		QuestionTypes: questionTypes}
	params := append(append([]float64{}, m.Rank...), m.Accept...)
	params = append(params, m.Trap...)
	for _, row := range slices.Concat(m.KindRank, m.KindAccept, m.KindTrap) {
		params = append(params, row...)
	}
	for _, t := range append(append(append([]knowledge.Tree{}, m.Trees...), m.AcceptTrees...), m.TrapTrees...) {
		for _, n := range t.Nodes {
			params = append(params, n.Split, n.Value)
		}
	}
	m.Version = fmt.Sprintf("v2-%08x", hashFloats(params))
	var results []qa.Result
	for _, s := range sets {
		base := bases[s.Name].WithModel(m)
		results = append(results, qa.Run(s, func(q string) (bool, string) {
			a := base.Ask(q)
			return a.Answered, a.Text
		})...)
	}
	if verbose {
		recall, answerable := 0, 0
		for _, ex := range train {
			if ex.trap {
				continue
			}
			answerable++
			for _, p := range ex.positive {
				if p {
					recall++
					break
				}
			}
		}
		top1 := 0
		for _, ex := range train {
			if top, _ := knowledge.Best(ex.feats, rank); top >= 0 && ex.positive[top] {
				top1++
			}
		}
		fmt.Printf("training questions with a right candidate: %d of %d answerable; ranked first: %d\n", recall, answerable, top1)
		for _, ex := range train {
			top, af := knowledge.Best(ex.feats, m)
			if top < 0 || !ex.positive[top] {
				continue
			}
			if p := m.Probability(af); !m.Shows(af) {
				fmt.Printf("SHY %s p=%.2f %q: %.160s\n", ex.set, p, ex.question, ex.texts[top])
			}
		}
		for _, r := range results {
			if !r.Validation && r.Problem != "" {
				fmt.Printf("FAIL %s [%s] %q: %s\n", r.Set, r.Case.KindOrDefault(), r.Case.Question, r.Problem)
			}
		}
	}
	diagnose(examples, m)
	split := func(r qa.Result) string {
		if r.Validation {
			return "validation"
		}
		return "train"
	}
	overall := qa.Summarise(results, func(r qa.Result) string { return r.Set + " " + split(r) })
	qa.Report(os.Stdout, "by set and split", overall)
	var val []qa.Result
	for _, r := range results {
		if r.Validation && !qa.NeverTrained(r.Set) {
			val = append(val, r)
		}
	}
	qa.Report(os.Stdout, "validation (without dev2 and holdout) by kind", qa.Summarise(val, func(r qa.Result) string { return r.Case.KindOrDefault() }))
	all := qa.Summarise(val, func(qa.Result) string { return "all" })["all"]
	trainSum := qa.Summarise(results, func(r qa.Result) string { return split(r) })
	m.Trained = map[string]any{
		"train_questions":      len(train),
		"train_accuracy":       round1(trainSum["train"].Accuracy()),
		"validation_questions": all.N,
		"validation_accuracy":  round1(all.Accuracy()),
		"validation_precision": round1(all.Precision()),
		"l2":                   l2,
		"kind_l2_scale":        kindL2Scale,
	}
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	fmt.Printf("version %s; writing %s\n", m.Version, out)
	if !filepath.IsAbs(out) {
		out = filepath.Join(root, out)
	}
	return os.WriteFile(out, append(data, '\n'), 0o644)
}

// diagnose prints what does not depend on the threshold, so two feature
// sets can be compared without the noise of where the cut falls: how often
// the ranker puts a right candidate first, and how well the acceptor's
// probability orders right answers before wrong ones (AUC).
func diagnose(examples []example, model *knowledge.Model) {
	type tally struct {
		answerable, reachable, first int
		pos, neg                     []float64
	}
	groups := map[string]*tally{}
	for _, ex := range examples {
		key := "validation"
		switch {
		case ex.set == "dev2":
			key = "dev2"
		case qa.NeverTrained(ex.set):
			key = "holdout"
		case !ex.validation:
			key = "train"
		}
		t := groups[key]
		if t == nil {
			t = &tally{}
			groups[key] = t
		}
		top, af := knowledge.Best(ex.feats, model)
		right := top >= 0 && ex.positive[top]
		if !ex.trap {
			t.answerable++
			if slices.Contains(ex.positive, true) {
				t.reachable++
			}
			if right {
				t.first++
			}
		}
		if top < 0 {
			continue
		}
		p := model.Probability(af)
		if right {
			t.pos = append(t.pos, p)
		} else {
			t.neg = append(t.neg, p)
		}
	}
	for _, key := range []string{"train", "validation", "dev2", "holdout"} {
		t := groups[key]
		if t == nil {
			continue
		}
		fmt.Printf("%-10s answerable %3d, a right candidate %3d, ranked first %3d (%.3f); acceptor AUC %.3f\n",
			key, t.answerable, t.reachable, t.first, float64(t.first)/float64(max(t.answerable, 1)), auc(t.pos, t.neg))
	}
}

// auc is the chance that a right answer gets a higher probability than a
// wrong one.
func auc(pos, neg []float64) float64 {
	if len(pos) == 0 || len(neg) == 0 {
		return 0
	}
	wins := 0.0
	for _, p := range pos {
		for _, n := range neg {
			switch {
			case p > n:
				wins++
			case p == n:
				wins += 0.5
			}
		}
	}
	return wins / float64(len(pos)*len(neg))
}

func build(s qa.Set) (*knowledge.Base, error) {
	names, texts, err := s.ReadSynopses()
	if err != nil {
		return nil, err
	}
	docs := make([]knowledge.Document, len(names))
	for i := range names {
		docs[i] = knowledge.Document{Name: names[i], Text: texts[i]}
	}
	return knowledge.Build(docs)
}

// fitRanker maximises, over the questions with a right candidate, the
// softmax probability of the right candidates (a conditional logit model),
// with an L2 penalty. Each feature has a shared weight and one per answer
// type (knowledge.KindOf), both penalised alike: a type's own weight grows
// only where its questions disagree with the rest (Daumé 2007).
func fitRanker(examples []example, dim int, l2 float64) (shared []float64, kinds [][]float64) {
	var used []example
	for _, ex := range examples {
		if slices.Contains(ex.positive, true) {
			used = append(used, ex)
		}
	}
	if len(used) == 0 {
		return make([]float64, dim), nil
	}
	kindOf := make([]int, len(used))
	for i, ex := range used {
		kindOf[i] = knowledge.KindOf(ex.feats[0])
	}
	w := descend(dim*(1+knowledge.NumKinds), dim, 400, len(used), l2, func(w, grad []float64) {
		for n, ex := range used {
			own, ownGrad := kindBlock(w, grad, dim, kindOf[n])
			scores := make([]float64, len(ex.feats))
			maxS := math.Inf(-1)
			for i, f := range ex.feats {
				scores[i] = dotF(w[:dim], f) + dotF(own, f)
				maxS = math.Max(maxS, scores[i])
			}
			var z, zPos float64
			for i, s := range scores {
				e := math.Exp(s - maxS)
				scores[i] = e
				z += e
				if ex.positive[i] {
					zPos += e
				}
			}
			for i, f := range ex.feats {
				p := scores[i] / z
				q := 0.0
				if ex.positive[i] {
					q = scores[i] / zPos
				}
				addKindGrad(grad, ownGrad, f, p-q)
			}
		}
	})
	return splitKinds(w, dim)
}

// fitLogistic fits P(y) = sigmoid(w·x) with an L2 penalty, with shared
// weights and weights per answer type of the row (acceptor features) as in
// fitRanker.
func fitLogistic(x [][]float64, y []bool, l2 float64) (shared []float64, kinds [][]float64) {
	if len(x) == 0 {
		return nil, nil
	}
	dim := len(x[0])
	kindOf := make([]int, len(x))
	for i, f := range x {
		kindOf[i] = knowledge.AcceptKindOf(f)
	}
	w := descend(dim*(1+knowledge.NumKinds), dim, 600, len(x), l2, func(w, grad []float64) {
		for i, f := range x {
			own, ownGrad := kindBlock(w, grad, dim, kindOf[i])
			p := knowledge.Sigmoid(dotF(w[:dim], f) + dotF(own, f))
			t := 0.0
			if y[i] {
				t = 1
			}
			addKindGrad(grad, ownGrad, f, p-t)
		}
	})
	return splitKinds(w, dim)
}

// kindBlock is the part of the augmented weights and gradient that belongs
// to answer type k (none for -1).
func kindBlock(w, grad []float64, dim, k int) (own, ownGrad []float64) {
	if k < 0 {
		return nil, nil
	}
	return w[dim*(1+k) : dim*(2+k)], grad[dim*(1+k) : dim*(2+k)]
}

// addKindGrad adds g·f to the shared gradient and to the answer type's
// own (if any): the score is the sum of both dot products.
func addKindGrad(grad, ownGrad, f []float64, g float64) {
	for j, x := range f {
		grad[j] += g * x
		if ownGrad != nil {
			ownGrad[j] += g * x
		}
	}
}

// splitKinds cuts augmented weights into the shared ones and a row per
// answer type.
func splitKinds(w []float64, dim int) (shared []float64, kinds [][]float64) {
	kinds = make([][]float64, knowledge.NumKinds)
	for k := range kinds {
		kinds[k] = w[dim*(1+k) : dim*(2+k)]
	}
	return w[:dim], kinds
}

// descend minimises a loss averaged over n examples plus an L2 penalty with
// full-batch Adam from zero for the given epochs, so the result is
// deterministic. addGrad adds the examples' summed gradient at w to grad.
// Weights from shared on are per answer type and weigh kindL2Scale times
// as much in the penalty.
func descend(dim, shared, epochs, n int, l2 float64, addGrad func(w, grad []float64)) []float64 {
	w := make([]float64, dim)
	opt := newAdam(dim, 0.05)
	grad := make([]float64, dim)
	for epoch := 0; epoch < epochs; epoch++ {
		clear(grad)
		addGrad(w, grad)
		for j := range grad {
			penalty := l2
			if j >= shared {
				penalty *= kindL2Scale
			}
			grad[j] = grad[j]/float64(n) + penalty*w[j]
		}
		opt.step(w, grad)
	}
	return w
}

// oofAccuracy is the share of right outcomes on out-of-fold predictions
// (a right best candidate shown, or a trap withheld) when an answer is
// shown at probability p >= threshold and, with trap probabilities, p at
// least the trap's.
func oofAccuracy(p, trap []float64, right, isTrap []bool, threshold float64) float64 {
	good := 0
	for i := range p {
		shown := p[i] >= threshold && (trap == nil || p[i] >= trap[i])
		if shown && right[i] || !shown && isTrap[i] {
			good++
		}
	}
	return float64(good) / float64(max(len(p), 1))
}

// chooseThreshold picks the least probability of being right, on top of
// the comparison with the trap head, that maximises out-of-fold accuracy;
// ties go to the lower threshold.
func chooseThreshold(p, trap []float64, right, isTrap []bool) float64 {
	best, bestT := -1.0, 0.0
	for t := 0.0; t <= 0.9; t += 0.01 {
		if a := oofAccuracy(p, trap, right, isTrap, t); a > best+1e-9 {
			best, bestT = a, t
		}
	}
	return math.Round(bestT*100) / 100
}

type adam struct {
	m, v   []float64
	t      int
	rate   float64
	b1, b2 float64
}

func newAdam(dim int, rate float64) *adam {
	return &adam{m: make([]float64, dim), v: make([]float64, dim), rate: rate, b1: 0.9, b2: 0.999}
}

func (a *adam) step(w, g []float64) {
	a.t++
	c1 := 1 - math.Pow(a.b1, float64(a.t))
	c2 := 1 - math.Pow(a.b2, float64(a.t))
	for j := range w {
		a.m[j] = a.b1*a.m[j] + (1-a.b1)*g[j]
		a.v[j] = a.b2*a.v[j] + (1-a.b2)*g[j]*g[j]
		w[j] -= a.rate * (a.m[j] / c1) / (math.Sqrt(a.v[j]/c2) + 1e-8)
	}
}

func dotF(w, x []float64) float64 {
	v := 0.0
	for i := range w {
		v += w[i] * x[i]
	}
	return v
}

func round(w []float64) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = math.Round(x*1e5) / 1e5
	}
	return out
}

func roundRows(rows [][]float64) [][]float64 {
	out := make([][]float64, len(rows))
	for i, r := range rows {
		out[i] = round(r)
	}
	return out
}

func round1(x float64) float64 { return math.Round(x*1000) / 1000 }

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

func hashFloats(xs []float64) uint32 {
	h := fnv.New32a()
	for _, x := range xs {
		fmt.Fprintf(h, "%.5f,", x)
	}
	return h.Sum32()
}
