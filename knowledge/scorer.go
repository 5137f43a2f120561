package knowledge

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Model holds the learned parameters of the answer engine: a ranker over
// candidates (a linear score per feature, fitted with a softmax over each
// question's candidates) and an acceptor that turns the best candidate into
// a calibrated probability that it answers the question (logistic
// regression). internal/train fits both on the training split of the
// question bank and writes model.json.
type Model struct {
	// Version names the training run; feedback and logs carry it.
	Version string `json:"version"`
	// Features are the names of the ranker's features, in order; a model
	// trained for other features is refused.
	Features []string  `json:"features"`
	Rank     []float64 `json:"rank"`
	// KindRank adds, per answer type (KindOf), weights on the same
	// features to Rank: what marks the right candidate for "Was hat X?"
	// is not what marks it for "Warum …?". Fitted jointly with Rank as
	// deviations from it ("frustratingly easy" domain adaptation, Daumé
	// 2007), so a type with few questions stays near the shared weights.
	// Empty, or one row per type (a row may be empty).
	KindRank [][]float64 `json:"kind_rank,omitempty"`
	// Trees are boosted on top of the linear Rank (may be empty).
	Trees []Tree `json:"trees,omitempty"`
	// Accept weighs AcceptFeatureNames.
	Accept []float64 `json:"accept"`
	// KindAccept adds per answer type weights to Accept, like KindRank
	// to Rank: how sure a right answer looks differs by type.
	KindAccept [][]float64 `json:"kind_accept,omitempty"`
	// AcceptTrees are boosted on top of the linear Accept (may be empty).
	AcceptTrees []Tree `json:"accept_trees,omitempty"`
	// Threshold is the least probability at which an answer is shown.
	Threshold float64 `json:"threshold"`
	// Trap weighs AcceptFeatureNames for the probability that the question
	// is one the synopses do not answer. With it, an answer is shown when
	// it is likelier right than the question is a trap: withholding a wrong
	// answer to an answerable question gains nothing. Without it (older
	// models), Threshold alone decides.
	Trap      []float64   `json:"trap,omitempty"`
	KindTrap  [][]float64 `json:"kind_trap,omitempty"`
	TrapTrees []Tree      `json:"trap_trees,omitempty"`
	// QuestionTypes guesses the answer type of a question whose question
	// word leaves it open (nil: none).
	QuestionTypes *QuestionTypes `json:"question_types,omitempty"`
	// Trained documents the data and figures of the run (informative).
	Trained map[string]any `json:"trained,omitempty"`
}

//go:embed model.json
var modelJSON []byte

// defaultModel is the embedded model. When it does not fit the code (the
// features changed and nobody retrained), the engine still runs with zero
// weights so the trainer can start from it; TestEmbeddedModel fails then.
var defaultModel, defaultModelErr = func() (*Model, error) {
	m, err := ParseModel(modelJSON)
	if err != nil {
		return &Model{Rank: make([]float64, numFeatures), Accept: make([]float64, len(AcceptFeatureNames())), Threshold: 1}, err
	}
	return m, nil
}()

// ParseModel reads and checks a model file.
func ParseModel(data []byte) (*Model, error) {
	var m Model
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	if strings.Join(m.Features, ",") != strings.Join(featureNames, ",") {
		return nil, fmt.Errorf("Modell passt nicht zu den Merkmalen des Codes (neu trainieren: go run ./internal/train)")
	}
	if len(m.Rank) != numFeatures || len(m.Accept) != len(AcceptFeatureNames()) {
		return nil, fmt.Errorf("Modell hat %d/%d Gewichte, erwartet %d/%d", len(m.Rank), len(m.Accept), numFeatures, len(AcceptFeatureNames()))
	}
	for i := range m.Trees {
		if err := m.Trees[i].check(numFeatures); err != nil {
			return nil, err
		}
	}
	if len(m.Trap) != 0 && len(m.Trap) != len(m.Accept) {
		return nil, fmt.Errorf("Modell hat %d Fallen-Gewichte, erwartet %d", len(m.Trap), len(m.Accept))
	}
	for _, kw := range []struct {
		rows  [][]float64
		width int
	}{{m.KindRank, numFeatures}, {m.KindAccept, len(m.Accept)}, {m.KindTrap, len(m.Trap)}} {
		if err := checkKindRows(kw.rows, kw.width); err != nil {
			return nil, err
		}
	}
	for _, t := range append(append([]Tree{}, m.AcceptTrees...), m.TrapTrees...) {
		if err := t.check(len(m.Accept)); err != nil {
			return nil, err
		}
	}
	if m.QuestionTypes != nil {
		if err := m.QuestionTypes.check(); err != nil {
			return nil, err
		}
	}
	return &m, nil
}

// checkKindRows: no rows, or one per answer type, each empty or as wide
// as the weights it adds to.
func checkKindRows(rows [][]float64, width int) error {
	if len(rows) != 0 && len(rows) != numKinds {
		return fmt.Errorf("Modell hat Gewichte für %d Antworttypen, erwartet %d", len(rows), numKinds)
	}
	for k, row := range rows {
		if len(row) != 0 && len(row) != width {
			return fmt.Errorf("Modell hat für Antworttyp %d %d Gewichte, erwartet %d", k, len(row), width)
		}
	}
	return nil
}

// kindDot is w·f plus the weights of the answer type kind, if any.
func kindDot(w []float64, kinds [][]float64, f []float64, kind int) float64 {
	v := dot(w, f)
	if kind >= 0 && kind < len(kinds) && len(kinds[kind]) != 0 {
		v += dot(kinds[kind], f)
	}
	return v
}

// Score is the ranker's logit for a candidate's features.
func (m *Model) Score(f []float64) float64 {
	v := kindDot(m.Rank, m.KindRank, f, KindOf(f))
	for i := range m.Trees {
		v += m.Trees[i].Eval(f)
	}
	return v
}

// NumKinds is the number of answer types KindOf tells apart.
const NumKinds = numKinds

// KindOf is the answer type of the question a candidate's features belong
// to (their one-hot kind_* part), or -1.
func KindOf(f []float64) int {
	if len(f) < fKindBase+numKinds {
		return -1
	}
	for k := range numKinds {
		if f[fKindBase+k] == 1 {
			return k
		}
	}
	return -1
}

// AcceptKindOf is KindOf for acceptor features, which end with the
// ranker's.
func AcceptKindOf(accept []float64) int {
	if len(accept) < numFeatures {
		return -1
	}
	return KindOf(accept[len(accept)-numFeatures:])
}

// Probability is the acceptor's probability that the best candidate,
// described by its acceptor features, answers the question.
func (m *Model) Probability(accept []float64) float64 { return Sigmoid(m.AcceptLogit(accept)) }

// AcceptLogit is the log-odds behind Probability.
func (m *Model) AcceptLogit(accept []float64) float64 {
	v := kindDot(m.Accept, m.KindAccept, accept, AcceptKindOf(accept))
	for i := range m.AcceptTrees {
		v += m.AcceptTrees[i].Eval(accept)
	}
	return v
}

// TrapProbability is the probability that the question, whose best
// candidate has these acceptor features, is not answered by the synopses;
// 0 without a trap model.
func (m *Model) TrapProbability(accept []float64) float64 {
	if len(m.Trap) == 0 {
		return 0
	}
	v := kindDot(m.Trap, m.KindTrap, accept, AcceptKindOf(accept))
	for i := range m.TrapTrees {
		v += m.TrapTrees[i].Eval(accept)
	}
	return Sigmoid(v)
}

// Shows decides whether the best candidate is shown: at least Threshold
// likely right and, with a trap model, likelier right than a trap.
func (m *Model) Shows(accept []float64) bool {
	p := m.Probability(accept)
	return p >= m.Threshold && p >= m.TrapProbability(accept)
}

// FeatureNames lists the ranker's features in order.
func FeatureNames() []string { return append([]string(nil), featureNames...) }

// AcceptFeatureNames lists the acceptor's features: the best candidate's
// ranker score, its lead over the runner-up and its softmax share, then its
// features.
func AcceptFeatureNames() []string {
	return append([]string{"rank_score", "rank_margin", "rank_prob"}, featureNames...)
}

// Candidate is a possible answer with its features, for the trainer.
type Candidate struct {
	Text     string
	Features []float64
}

// Candidates returns the question's candidate answers with their features
// in a fixed order, for training. Ask scores the same candidates.
func (b *Base) Candidates(question string) []Candidate {
	q := b.analyse(question)
	cands := b.scoredCandidates(q)
	out := make([]Candidate, len(cands))
	for i, c := range cands {
		out[i] = Candidate{Text: b.candidateText(c), Features: c.feats}
	}
	return out
}

func (b *Base) scoredCandidates(q *query) []*candidate {
	if len(q.terms) == 0 && len(q.entities) == 0 {
		return nil
	}
	cands := b.candidates(q)
	sc := b.newScoring(q, cands)
	for _, c := range cands {
		b.features(sc, c)
	}
	relativeFeatures(cands)
	if q.kind == typeDisease && len(q.entities) > 0 {
		b.illnessOrder(sc, cands)
	}
	return cands
}

// illnessOrder marks the candidates holding the earliest and the latest
// sentence of the asked person's story that brings in an illness: a
// story goes from symptoms and first suspicions to the diagnosis, and
// which one a question wants ("Was hat X?", "Was vermutete man
// zuerst?") the ranker learns.
func (b *Base) illnessOrder(sc *scoring, cands []*candidate) {
	first, last := -1, -1
	for _, c := range cands {
		// A diagnosis: a new illness the lexicon knows, or any new term
		// after a diagnosis cue; not a new drug's name.
		// The diagnosis sentence itself goes on with the asked person's
		// story, not only a neighbour in its window: storylines
		// interleave, and the next sentence may be someone else's.
		if ev := b.illnessEvidence(sc, c.center); c.source != fromText || !b.inAskedStory(sc.q, c.center) || !ev.diagnosed || b.staffAffair(sc.q, c.center) {
			continue
		}
		if first < 0 || c.center < first {
			first = c.center
		}
		last = max(last, c.center)
	}
	if first < 0 {
		return
	}
	for _, c := range cands {
		if slices.Contains(c.window, last) {
			c.feats[fIllnessLatest] = 1
		}
		if slices.Contains(c.window, first) {
			c.feats[fIllnessEarliest] = 1
		}
	}
}

// inAskedStory: sentence s belongs to the storyline of a person the
// question asks about.
func (b *Base) inAskedStory(q *query, s int) bool {
	return slices.ContainsFunc(q.entities, func(e entityMatch) bool { return b.inStory(e.char, s) })
}

// staffAffair: sentence s names clinic staff who are no doctors and not
// the asked person: a nurse's burst pipe in the middle of a patient's
// story is hers, and nurses do not diagnose.
func (b *Base) staffAffair(q *query, s int) bool {
	people := b.sentences[s].people
	if slices.ContainsFunc(people, q.asks) {
		return false
	}
	return slices.ContainsFunc(people, func(id int) bool {
		c := b.characters[id]
		return c.staff && !hasAcademicTitle(c.Name)
	})
}

// relativeFeatures sets how far each candidate's coverage and BM25 fall
// short of the question's best candidate: whether a candidate is good
// depends on what else the synopses offer.
func relativeFeatures(cands []*candidate) {
	bestCover, bestBM25, bestIllness := 0.0, 0.0, 0.0
	for _, c := range cands {
		bestCover = math.Max(bestCover, c.feats[fCoverWindow])
		bestBM25 = math.Max(bestBM25, c.feats[fBM25])
		if c.feats[fHasEntity] == 0 || c.feats[fEntityEpisode] == 1 {
			bestIllness = math.Max(bestIllness, illnessLevel(c.feats))
		}
	}
	for _, c := range cands {
		c.feats[fCoverGap] = bestCover - c.feats[fCoverWindow]
		c.feats[fBM25Gap] = bestBM25 - c.feats[fBM25]
		c.feats[fIllnessGap] = math.Max(0, bestIllness-illnessLevel(c.feats))
	}
}

// illnessLevel grades a candidate's evidence of an illness, 0 to 1: a
// diagnosis cue, then an illness the lexicon knows over an unknown term.
// Against the best of the asked person's episodes it tells the diagnosis
// from the symptoms that led to it.
func illnessLevel(f []float64) float64 {
	return (2*f[fIllnessCue] + math.Max(2*f[fIllnessNamed], f[fIllnessUnknown])) / 4
}

func dot(w, x []float64) float64 {
	v := 0.0
	for i := range w {
		v += w[i] * x[i]
	}
	return v
}

// Best picks the candidate the ranker prefers (the first on ties) and the
// acceptor's features for it; top is -1 without candidates.
func Best(features [][]float64, m *Model) (top int, accept []float64) {
	top = -1
	scores := make([]float64, len(features))
	for i, f := range features {
		scores[i] = m.Score(f)
		if top < 0 || scores[i] > scores[top] {
			top = i
		}
	}
	if top < 0 {
		return -1, nil
	}
	runnerUp := math.Inf(-1)
	for i, s := range scores {
		if i != top && s > runnerUp {
			runnerUp = s
		}
	}
	margin := 0.0
	if !math.IsInf(runnerUp, -1) {
		margin = scores[top] - runnerUp
	}
	// The ranker's softmax share of the best candidate: how much it stands
	// out from all others, not just the runner-up.
	z := 0.0
	for _, s := range scores {
		z += math.Exp(s - scores[top])
	}
	return top, append([]float64{scores[top], margin, 1 / z}, features[top]...)
}

// Sigmoid maps a logit to a probability.
func Sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// Ask answers a German question from the synopses, or abstains.
func (b *Base) Ask(question string) Answer {
	ans := Answer{Question: question}
	q := b.analyse(question)
	m := b.model
	cands := b.scoredCandidates(q)
	feats := make([][]float64, len(cands))
	for i, c := range cands {
		feats[i] = c.feats
	}
	top, accept := Best(feats, m)
	switch {
	case len(q.terms) == 0 && len(q.entities) == 0:
		ans.Reason = "Die Frage enthält keine Begriffe, die in den Zusammenfassungen vorkommen."
	case top < 0:
		ans.Reason = "Kein Satz der Zusammenfassungen passt zur Frage."
	default:
		c := cands[top]
		ans.Score = math.Round(accept[0]*1000) / 1000
		ans.Probability = math.Round(m.Probability(accept)*1000) / 1000
		if m.Shows(accept) {
			ep := b.episodes[b.sentences[c.center].episode]
			ans.Answered = true
			ans.Text = b.candidateText(c)
			ans.EpisodeID, ans.EpisodeTitle = ep.ID, ep.Title
		} else {
			ans.Reason = b.abstainReason(q, c)
		}
	}
	if !ans.Answered {
		ans.Text = NotInSynopses
		// Suggestions serve "Meintest du …?", which only abstentions show.
		ans.Suggestions = b.suggest(q)
	} else {
		for _, e := range q.entities {
			ans.Suggestions = append(ans.Suggestions, b.characters[e.char].Name)
		}
	}
	return ans
}

// abstainReason says in German why the best candidate was not good enough.
func (b *Base) abstainReason(q *query, c *candidate) string {
	if q.unknown != "" {
		return "„" + q.unknown + "“ kommt in den Zusammenfassungen nicht vor."
	}
	f := c.feats
	if f[fMissShare] > 0 {
		var missing []string
		sc := &scoring{q: q, matches: map[int][]int8{}}
		window := b.windowMatches(sc, c.window)
		for i, t := range q.terms {
			if window[i] < 0 {
				missing = append(missing, t.norm)
			}
		}
		return "Die Zusammenfassungen sagen nichts über: " + strings.Join(missing, ", ") + "."
	}
	if f[fTypeStrictMissing] > 0 {
		return "Die Zusammenfassungen nennen nicht, wonach gefragt ist."
	}
	if f[fHasEntity] > 0 && f[fEntityWindow] == 0 {
		return "Keine Stelle über die gefragte Person passt zur Frage."
	}
	return "Keine Stelle beantwortet die Frage sicher genug."
}

// WithModel returns the base answering with m instead of the embedded
// model; the two share everything else.
func (b *Base) WithModel(m *Model) *Base {
	c := *b
	c.model = m
	return &c
}

// DefaultModel is the embedded model.
func DefaultModel() *Model { return defaultModel }
