package knowledge

import (
	"bufio"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// evalCase is one line of an evaluation file (../shared/eval/dev.jsonl format).
type evalCase struct {
	Question   string   `json:"q"`
	ExpectAny  []string `json:"expect_any"`
	Answerable *bool    `json:"answerable"`
}

func (c evalCase) wantAnswer() bool { return c.Answerable == nil || *c.Answerable }

func readEvalCases(t *testing.T, path string) []evalCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []evalCase
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		if c.Question == "" || c.wantAnswer() && len(c.ExpectAny) == 0 {
			t.Fatalf("%s:%d: needs q and expect_any (or answerable:false)", path, line)
		}
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(cases) == 0 {
		t.Fatalf("%s: no cases", path)
	}
	return cases
}

// checkAnswer returns "" when the answer meets the case, else what is wrong.
func checkAnswer(c evalCase, a Answer) string {
	if !c.wantAnswer() {
		if a.Answered {
			return "should abstain, answered: " + a.Text
		}
		return ""
	}
	if !a.Answered {
		return "abstained: " + a.Reason
	}
	if n := utf8.RuneCountInString(a.Text); n > MaxAnswerLen {
		return "answer too long"
	}
	if a.EpisodeID == "" || a.EpisodeTitle == "" {
		return "answer without source episode"
	}
	lower := strings.ToLower(a.Text)
	for _, want := range c.ExpectAny {
		if strings.Contains(lower, strings.ToLower(want)) {
			return ""
		}
	}
	return "none of " + strings.Join(c.ExpectAny, "/") + " in: " + a.Text
}

func runEval(t *testing.T, base *Base, path string) {
	cases := readEvalCases(t, path)
	failed := 0
	for _, c := range cases {
		if problem := checkAnswer(c, base.Ask(c.Question)); problem != "" {
			failed++
			t.Errorf("%q: %s", c.Question, problem)
		}
	}
	t.Logf("%s: %d/%d passed", filepath.Base(path), len(cases)-failed, len(cases))
}

// TestDevSet runs every line of the shared dev set against the embedded
// seeds. CI always has ../shared; a bare clone without it skips loudly.
func TestDevSet(t *testing.T) {
	path := filepath.Join("..", "..", "shared", "eval", "dev.jsonl")
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not found: the dev set lives beside the repository in ../shared", path)
	}
	base, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	runEval(t, base, path)
}
