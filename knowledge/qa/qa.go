// Package qa reads labelled question sets (the question-bank format of
// ../shared/eval), splits them into training and validation parts by
// synopsis, and scores answers against them. The trainer fits the answer
// engine on the training part; tests report the validation part, which is
// never used for fitting.
package qa

import (
	"bufio"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// Case is one labelled question.
type Case struct {
	Question   string   `json:"q"`
	ExpectAny  []string `json:"expect_any,omitempty"`
	Answerable *bool    `json:"answerable,omitempty"`
	Kind       string   `json:"kind,omitempty"`
	File       string   `json:"file,omitempty"`
}

// WantAnswer reports whether the synopses answer the question.
func (c Case) WantAnswer() bool { return c.Answerable == nil || *c.Answerable }

// KindOrDefault names the case's kind for reports.
func (c Case) KindOrDefault() string {
	switch {
	case c.Kind != "":
		return c.Kind
	case !c.WantAnswer():
		return "unanswerable"
	}
	return "other"
}

// Set is a corpus (synopsis files) with its questions.
type Set struct {
	Name     string
	Synopses []string // paths of the *.txt files, seeds included where the set says so
	Cases    []Case
	// Holdout marks a set used for reporting only, never for training.
	Holdout bool
}

// ReadCases reads a JSONL question file.
func ReadCases(path string) ([]Case, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases []Case
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c Case
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if c.Question == "" || c.WantAnswer() && len(c.ExpectAny) == 0 {
			return nil, fmt.Errorf("%s:%d: braucht q und expect_any (oder answerable:false)", path, line)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("%s: keine Fragen", path)
	}
	return cases, nil
}

// NeverTrained reports whether a set is kept out of training and out of
// the validation figures: dev2 and the holdout sets, reported apart.
func NeverTrained(set string) bool {
	return set == "dev2" || strings.HasPrefix(set, "holdout/")
}

// Sets finds every question set below the repository root: the project's
// own bank (knowledge/testdata/qa/*) and holdout sets
// (knowledge/testdata/holdout/*), the generality set, and the public
// sets in ../shared/eval when they are there. Each set's corpus is its own
// synopses plus the seeds, as the public sets prescribe.
func Sets(repoRoot string) ([]Set, error) {
	seeds, _ := filepath.Glob(filepath.Join(repoRoot, "knowledge", "synopses", "*.txt"))
	var sets []Set
	add := func(name, dir, questions string, withSeeds, holdout bool) error {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		if withSeeds {
			files = append(append([]string(nil), seeds...), files...)
		}
		cases, err := ReadCases(questions)
		if err != nil {
			return err
		}
		sets = append(sets, Set{Name: name, Synopses: files, Cases: cases, Holdout: holdout})
		return nil
	}
	// Each directory of the bank is a set; holdout sets are written like
	// the bank but never trained on: a check on questions and synopses
	// the model has not seen at all.
	for _, kind := range []struct {
		dir, prefix string
		holdout     bool
	}{{"qa", "bank/", false}, {"holdout", "holdout/", true}} {
		found, _ := filepath.Glob(filepath.Join(repoRoot, "knowledge", "testdata", kind.dir, "*", "questions.jsonl"))
		sort.Strings(found)
		for _, q := range found {
			dir := filepath.Dir(q)
			if err := add(kind.prefix+filepath.Base(dir), filepath.Join(dir, "synopses"), q, true, kind.holdout); err != nil {
				return nil, err
			}
		}
	}
	gen := filepath.Join(repoRoot, "knowledge", "testdata", "generality")
	if err := add("generality", gen, filepath.Join(gen, "questions.jsonl"), false, false); err != nil {
		return nil, err
	}
	shared := filepath.Join(repoRoot, "..", "shared", "eval")
	if _, err := os.Stat(shared); err != nil {
		return sets, nil
	}
	if err := add("dev", filepath.Join(shared, "none"), filepath.Join(shared, "dev.jsonl"), true, false); err != nil {
		return nil, err
	}
	if err := add("dev2", filepath.Join(shared, "dev2", "synopses"), filepath.Join(shared, "dev2", "questions.jsonl"), true, true); err != nil {
		return nil, err
	}
	ext, _ := filepath.Glob(filepath.Join(shared, "train-ext", "*", "questions.jsonl"))
	sort.Strings(ext)
	for _, q := range ext {
		dir := filepath.Dir(q)
		if err := add("ext/"+filepath.Base(dir), filepath.Join(dir, "synopses"), q, true, false); err != nil {
			return nil, err
		}
	}
	return sets, nil
}

// ValidationShare is the part of each set's synopses kept for validation.
const ValidationShare = 0.3

// Validation reports whether a case belongs to the validation split. The
// split is by synopsis file (a question about a file goes where its file
// goes), so validation questions are about text the model never saw in
// training; questions without a file are split by their own text. Holdout
// sets are validation as a whole.
func (s Set) Validation(c Case) bool {
	if s.Holdout {
		return true
	}
	files := map[string]bool{}
	for _, x := range s.Cases {
		if x.File != "" && x.File != "-" {
			files[x.File] = true
		}
	}
	if c.File != "" && c.File != "-" && len(files) > 1 {
		names := make([]string, 0, len(files))
		for f := range files {
			names = append(names, f)
		}
		// Files ordered by hash; the last ValidationShare of them validate.
		sort.Slice(names, func(i, j int) bool { return hash(s.Name+names[i]) < hash(s.Name+names[j]) })
		keep := len(names) - int(float64(len(names))*ValidationShare+0.5)
		for i, f := range names {
			if f == c.File {
				return i >= keep
			}
		}
	}
	return float64(hash(s.Name+c.Question)%1000) >= 1000*(1-ValidationShare)
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// MaxAnswerLen mirrors the engine's limit on answer length.
const MaxAnswerLen = 400

// Check returns "" when an answer (answered, text) meets the case, else
// what is wrong. An answerable case passes when the text is at most
// MaxAnswerLen characters and holds one expected phrase; an unanswerable
// one when the engine abstains.
func Check(c Case, answered bool, text string) string {
	if !c.WantAnswer() {
		if answered {
			return "sollte sich enthalten, antwortete: " + text
		}
		return ""
	}
	if !answered {
		return "enthielt sich"
	}
	if utf8.RuneCountInString(text) > MaxAnswerLen {
		return "Antwort zu lang"
	}
	if Contains(c, text) {
		return ""
	}
	return "keins von " + strings.Join(c.ExpectAny, "/") + " in: " + text
}

// Contains reports whether text holds one of the case's expected phrases.
func Contains(c Case, text string) bool {
	lower := strings.ToLower(text)
	for _, want := range c.ExpectAny {
		if strings.Contains(lower, strings.ToLower(want)) {
			return true
		}
	}
	return false
}

// ReadSynopses reads the set's synopsis files: their base names and texts.
func (s Set) ReadSynopses() (names []string, texts [][]byte, err error) {
	for _, p := range s.Synopses {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, nil, err
		}
		names = append(names, filepath.Base(p))
		texts = append(texts, data)
	}
	return names, texts, nil
}

// Result is the outcome of one case.
type Result struct {
	Set        string
	Case       Case
	Validation bool
	Answered   bool
	Text       string
	Problem    string // "" when the case passed
}

// Run asks every case of the set and checks the answers.
func Run(s Set, ask func(question string) (answered bool, text string)) []Result {
	out := make([]Result, 0, len(s.Cases))
	for _, c := range s.Cases {
		answered, text := ask(c.Question)
		out = append(out, Result{Set: s.Name, Case: c, Validation: s.Validation(c), Answered: answered, Text: text, Problem: Check(c, answered, text)})
	}
	return out
}

// Summary holds the figures of a group of results.
type Summary struct {
	N, Passed int
	// Given answers and how many of them were right; abstentions asked
	// for and how many the engine made.
	Answered, AnsweredRight int
	Traps, TrapsAbstained   int
}

// Accuracy is the share of passed cases.
func (s Summary) Accuracy() float64 { return ratio(s.Passed, s.N) }

// Precision is the share of given answers that were right (an answer to a
// trap counts as wrong).
func (s Summary) Precision() float64 { return ratio(s.AnsweredRight, s.Answered) }

// AbstentionRecall is the share of traps the engine abstained on.
func (s Summary) AbstentionRecall() float64 { return ratio(s.TrapsAbstained, s.Traps) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Summarise groups results by key.
func Summarise(results []Result, key func(Result) string) map[string]*Summary {
	out := map[string]*Summary{}
	for _, r := range results {
		k := key(r)
		s := out[k]
		if s == nil {
			s = &Summary{}
			out[k] = s
		}
		s.N++
		if r.Problem == "" {
			s.Passed++
		}
		if r.Answered {
			s.Answered++
			if r.Problem == "" {
				s.AnsweredRight++
			}
		}
		if !r.Case.WantAnswer() {
			s.Traps++
			if !r.Answered {
				s.TrapsAbstained++
			}
		}
	}
	return out
}

// Report writes a table of the summaries, keys sorted.
func Report(w io.Writer, title string, groups map[string]*Summary) {
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%s\n%-28s %5s %7s %9s %9s\n", title, "", "n", "acc", "precision", "abstained")
	for _, k := range keys {
		s := groups[k]
		fmt.Fprintf(w, "%-28s %5d %7.3f %9.3f %9.3f\n", k, s.N, s.Accuracy(), s.Precision(), s.AbstentionRecall())
	}
}
