package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"iafbot/knowledge/qa"
)

// runEval asks every question of a question file and fails on each miss.
func runEval(t *testing.T, base *Base, path string) {
	cases, err := qa.ReadCases(path)
	if err != nil {
		t.Fatal(err)
	}
	failed := 0
	for _, c := range cases {
		a := base.Ask(c.Question)
		problem := qa.Check(c, a.Answered, a.Text)
		if problem == "" && a.Answered && (a.EpisodeID == "" || a.EpisodeTitle == "") {
			problem = "Antwort ohne Quellfolge"
		}
		if problem != "" {
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
