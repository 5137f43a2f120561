package main

import (
	"fmt"
	"math"
	"slices"

	"iafbot/knowledge"
	"iafbot/knowledge/qa"
)

// bankTypes maps the bank's kind labels to the answer type their questions
// ask for; the other kinds (synonym, coref, traps, …) name how a question
// is put, not what it asks for, and count as "any".
var bankTypes = map[string]string{
	"illness": "disease", "why": "reason", "where": "place", "when": "time", "age": "age",
	"job": "job", "howmany": "number", "who": "person", "yesno": "yesno",
}

// typeL2s are the penalties the question-type classifier's cross-validation
// chooses from.
var typeL2s = []float64{0.0003, 0.001, 0.003, 0.01}

const (
	typeEpochs   = 300
	typeMinCount = 2 // a feature seen in fewer training questions is left out
)

type typeExample struct {
	group string
	feats []string
	label int
	open  bool // the rules leave the type open
	trap  bool // the synopses do not answer it
}

// fitQuestionTypes fits the question-type classifier on the training split:
// softmax regression over the features two training questions share at
// least, its L2 penalty chosen by cross-validated accuracy.
//
// The same features feed a logistic model of whether the question is a trap
// (one the synopses do not answer); its prior becomes the feature
// trap_prior. The training questions get it from the model of their fold
// (byFold), fitted without them, so the acceptor does not learn to trust
// a prior that saw the question.
func fitQuestionTypes(sets []qa.Set, bases map[string]*knowledge.Base, folds int) (final *knowledge.QuestionTypes, byFold []map[string]float64) {
	classes := []string{"any"}
	for _, name := range knowledge.AnswerTypeNames() {
		for _, t := range bankTypes {
			if t == name && !slices.Contains(classes, name) {
				classes = append(classes, name)
			}
		}
	}
	var examples []typeExample
	for _, s := range sets {
		for _, c := range s.Cases {
			if s.Validation(c) {
				continue
			}
			label := 0
			if t, ok := bankTypes[c.Kind]; ok {
				label = slices.Index(classes, t)
			}
			feats, open := bases[s.Name].QuestionTypeFeatures(c.Question)
			examples = append(examples, typeExample{group: typeGroup(s, c), feats: feats, label: label, open: open, trap: !c.WantAnswer()})
		}
	}
	count := map[string]int{}
	for _, ex := range examples {
		for _, f := range ex.feats {
			count[f]++
		}
	}
	var vocab []string
	for f, n := range count {
		if n >= typeMinCount {
			vocab = append(vocab, f)
		}
	}
	slices.Sort(vocab)
	index := map[string]int{}
	for i, f := range vocab {
		index[f] = i
	}
	rows := make([][]int, len(examples))
	for i, ex := range examples {
		for _, f := range ex.feats {
			if j, ok := index[f]; ok {
				rows[i] = append(rows[i], j)
			}
		}
	}
	// Cross-validation chooses the penalty by accuracy on all questions,
	// then the threshold by the accuracy of the type the question gets on
	// those the rules leave open: a guess below it stays "any".
	bestL2, bestAcc := typeL2s[0], -1.0
	var bestHeld [][]float64
	for _, l2 := range typeL2s {
		right := 0
		held := make([][]float64, len(examples))
		for f := 0; f < folds; f++ {
			in, out := splitTypeFold(examples, f, folds)
			w := fitSoftmax(rows, examples, in, len(vocab), len(classes), l2)
			for _, i := range out {
				p := softmax(softmaxLogits(w, rows[i], len(classes)))
				held[i] = p
				if argmax(p) == examples[i].label {
					right++
				}
			}
		}
		acc := float64(right) / float64(len(examples))
		fmt.Printf("question types: L2 %g, cross-validated accuracy %.3f\n", l2, acc)
		if acc > bestAcc+1e-9 {
			bestL2, bestAcc, bestHeld = l2, acc, held
		}
	}
	open, openAny := 0, 0
	for _, ex := range examples {
		if ex.open {
			open++
			if ex.label == 0 {
				openAny++
			}
		}
	}
	threshold, bestOpen := 1.0, -1
	for t := 0.3; t <= 1.0001; t += 0.05 {
		right := 0
		for i, ex := range examples {
			if !ex.open {
				continue
			}
			got := argmax(bestHeld[i])
			if bestHeld[i][got] < t {
				got = 0
			}
			if got == ex.label {
				right++
			}
		}
		if right > bestOpen {
			threshold, bestOpen = math.Round(t*100)/100, right
		}
	}
	fmt.Printf("question types: threshold %.2f, %d of %d questions the rules leave open typed right (%d when all stay any)\n", threshold, bestOpen, open, openAny)
	all := make([]int, len(examples))
	for i := range all {
		all[i] = i
	}
	w := fitSoftmax(rows, examples, all, len(vocab), len(classes), bestL2)
	qt := &knowledge.QuestionTypes{Classes: classes, Weights: map[string][]float64{}, Threshold: threshold}
	for j, f := range vocab {
		row := round(w[j*len(classes) : (j+1)*len(classes)])
		if slices.ContainsFunc(row, func(x float64) bool { return x != 0 }) {
			qt.Weights[f] = row
		}
	}
	qt.Trap = trapWeights(fitTrapPrior(rows, examples, all, len(vocab), bestL2), vocab)
	right := 0
	for f := 0; f < folds; f++ {
		in, out := splitTypeFold(examples, f, folds)
		tw := fitTrapPrior(rows, examples, in, len(vocab), bestL2)
		for _, i := range out {
			if (trapLogit(tw, rows[i]) > 0) == examples[i].trap {
				right++
			}
		}
		byFold = append(byFold, trapWeights(tw, vocab))
	}
	fmt.Printf("question types: %d training questions, %d features, L2 %g; trap prior cross-validated accuracy %.3f\n", len(examples), len(qt.Weights), bestL2, float64(right)/float64(len(examples)))
	return qt, byFold
}

// fitTrapPrior fits a logistic regression of "the question is a trap" on
// the examples picked.
func fitTrapPrior(rows [][]int, examples []typeExample, picked []int, features int, l2 float64) []float64 {
	return descend(features, features, typeEpochs, len(picked), l2, func(w, grad []float64) {
		for _, i := range picked {
			g := knowledge.Sigmoid(trapLogit(w, rows[i]))
			if examples[i].trap {
				g--
			}
			for _, j := range rows[i] {
				grad[j] += g
			}
		}
	})
}

func trapLogit(w []float64, row []int) float64 {
	z := 0.0
	for _, j := range row {
		z += w[j]
	}
	return z
}

// trapWeights names the trap prior's rounded non-zero weights.
func trapWeights(w []float64, vocab []string) map[string]float64 {
	out := map[string]float64{}
	for j, f := range vocab {
		if x := round1(w[j]); x != 0 {
			out[f] = x
		}
	}
	return out
}

// typeGroup is the cross-validation group of a question: its synopsis.
func typeGroup(s qa.Set, c qa.Case) string { return s.Name + "/" + c.File }

// splitTypeFold returns the indexes of the examples outside fold f and of
// those in it.
func splitTypeFold(examples []typeExample, f, folds int) (in, out []int) {
	for i, ex := range examples {
		if typeFold(ex.group, folds) == f {
			out = append(out, i)
		} else {
			in = append(in, i)
		}
	}
	return in, out
}

// typeFold is the cross-validation fold of a group.
func typeFold(group string, folds int) int { return int(hash(group) % uint32(folds)) }

// fitSoftmax fits weights (feature-major, one per class) of a softmax
// regression on the examples picked.
func fitSoftmax(rows [][]int, examples []typeExample, picked []int, features, classes int, l2 float64) []float64 {
	return descend(features*classes, features*classes, typeEpochs, len(picked), l2, func(w, grad []float64) {
		for _, i := range picked {
			p := softmax(softmaxLogits(w, rows[i], classes))
			for k := range p {
				g := p[k]
				if k == examples[i].label {
					g--
				}
				for _, j := range rows[i] {
					grad[j*classes+k] += g
				}
			}
		}
	})
}

// softmax turns logits into probabilities.
func softmax(logits []float64) []float64 {
	p := make([]float64, len(logits))
	top := logits[argmax(logits)]
	sum := 0.0
	for k, l := range logits {
		p[k] = math.Exp(l - top)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

func softmaxLogits(w []float64, row []int, classes int) []float64 {
	logits := make([]float64, classes)
	for _, j := range row {
		for k := range logits {
			logits[k] += w[j*classes+k]
		}
	}
	return logits
}

func argmax(xs []float64) int {
	best := 0
	for i := range xs {
		if xs[i] > xs[best] {
			best = i
		}
	}
	return best
}
