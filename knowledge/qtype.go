package knowledge

import (
	"fmt"
	"math"
	"slices"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// QuestionTypes is a learned classifier of the answer type for questions
// whose question word leaves it open: "was arbeitet X" asks for a job,
// "was fehlt ihm" and "was hat sie am arm" for an illness. Multinomial
// logistic regression over the words' lemmas, the first words and the
// lexicon's classes (QuestionTypeFeatures); internal/train fits it on the
// bank's kind labels of the training split.
type QuestionTypes struct {
	// Classes are answer type names (AnswerTypeNames); "any" means the
	// question asks for no particular type.
	Classes []string `json:"classes"`
	// Weights holds per feature one weight per class.
	Weights map[string][]float64 `json:"weights"`
	// Threshold is the least probability at which a guessed type
	// replaces "any" (chosen by cross-validation).
	Threshold float64 `json:"threshold"`
	// Trap weighs the same features for the probability that the
	// question asks what the synopses do not say (logistic regression).
	Trap map[string]float64 `json:"trap,omitempty"`
}

// TrapProbability is the probability the question-only trap model gives
// a question's features (0.5 without one).
func (qt *QuestionTypes) TrapProbability(features []string) float64 {
	if qt == nil || len(qt.Trap) == 0 {
		return 0.5
	}
	z := 0.0
	for _, f := range features {
		z += qt.Trap[f]
	}
	return Sigmoid(z)
}

// answerTypeNames name the answer types, in their order.
var answerTypeNames = []string{"any", "person", "place", "direction", "reason", "number", "age", "time", "disease", "job", "description", "yesno", "name", "measure", "money"}

// AnswerTypeNames returns the names of the answer types.
func AnswerTypeNames() []string { return slices.Clone(answerTypeNames) }

// check: known class names, one weight per class.
func (qt *QuestionTypes) check() error {
	for _, c := range qt.Classes {
		if !slices.Contains(answerTypeNames, c) {
			return fmt.Errorf("Modell kennt den Antworttyp %q nicht", c)
		}
	}
	for f, w := range qt.Weights {
		if len(w) != len(qt.Classes) {
			return fmt.Errorf("Modell hat für das Fragemerkmal %q %d Gewichte, erwartet %d", f, len(w), len(qt.Classes))
		}
	}
	return nil
}

// Predict returns the likeliest class of a question's features and its
// probability ("any" with probability 1 when there are no classes).
func (qt *QuestionTypes) Predict(features []string) (string, float64) {
	if qt == nil || len(qt.Classes) == 0 {
		return "any", 1
	}
	logits := make([]float64, len(qt.Classes))
	for _, f := range features {
		for k, w := range qt.Weights[f] {
			logits[k] += w
		}
	}
	best := 0
	for k := range logits {
		if logits[k] > logits[best] {
			best = k
		}
	}
	sum := 0.0
	for _, l := range logits {
		sum += math.Exp(l - logits[best])
	}
	return qt.Classes[best], 1 / sum
}

// guessType is the type the classifier reads in a question the rules left
// open, or typeAny.
func (b *Base) guessType(q *query) answerType {
	if b.model == nil {
		return typeAny
	}
	name, p := b.model.QuestionTypes.Predict(q.typeFeatures)
	if i := slices.Index(answerTypeNames, name); i > 0 && p >= b.model.QuestionTypes.Threshold {
		return answerType(i)
	}
	return typeAny
}

// questionTypeFeatures are what the classifier reads: the first two words,
// the lemmas of the words the lexicon knows and their semantic classes.
// Names of people (used) count as one feature, so no name is learned.
func questionTypeFeatures(toks []analysis.Token, used []bool) []string {
	lex := lexicon.Default()
	out := []string{"bias"}
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	pos := 0
	for i, t := range toks {
		if t.Punct != 0 {
			continue
		}
		word := t.Norm
		if used[i] {
			word = "<name>"
		}
		if pos < 2 {
			add(fmt.Sprintf("w%d=%s", pos, word))
		}
		pos++
		if used[i] {
			add("<name>")
			continue
		}
		lemmas := lex.Lemmas(t.Surface)
		if len(lemmas) == 0 {
			add("<unknown>")
			continue
		}
		for _, l := range lemmas {
			add("l=" + l)
		}
		classes := lex.Classes(t.Surface)
		for _, c := range classNames {
			if classes&c.class != 0 {
				add("c=" + c.name)
			}
		}
	}
	return out
}

var classNames = []struct {
	class lexicon.Class
	name  string
}{
	{lexicon.Illness, "illness"}, {lexicon.Injury, "injury"}, {lexicon.Symptom, "symptom"}, {lexicon.Job, "job"},
	{lexicon.Place, "place"}, {lexicon.Time, "time"}, {lexicon.Kinship, "kinship"}, {lexicon.Person, "person"}, {lexicon.Currency, "currency"},
}

// QuestionTypeFeatures returns the features the question-type classifier
// reads in question, and whether the rules left its type open (only then
// the classifier's guess counts), for training it.
func (b *Base) QuestionTypeFeatures(question string) (features []string, open bool) {
	q := b.WithModel(&Model{}).analyse(question)
	return q.typeFeatures, q.kind == typeAny
}
