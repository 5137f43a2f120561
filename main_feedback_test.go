package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iafbot/feedback"
	"iafbot/knowledge/qa"
	"iafbot/sqlite"
)

// TestFeedbackExport: votes stored by the bot come out as question-bank
// lines; 👍 lines read back with knowledge/qa as test questions.
func TestFeedbackExport(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir) // no developer .env
	t.Setenv("DATA_DIR", filepath.Join(dir, "data"))
	t.Setenv("DATABASE_URL", "")
	t.Setenv("SYNOPSES_DIR", "")
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(dir, "data", sqlite.FileName))
	if err != nil {
		t.Fatal(err)
	}
	store := sqlite.NewFeedbackStore(db)
	for _, v := range []feedback.Vote{
		{MessageID: "1", UserID: "a", Question: "Wer ist die Tochter von Herrn Scholze?", Answer: "Maja ist seine Tochter.", EpisodeID: "000_11507054b5e5e890", Engine: "v2", Up: true},
		{MessageID: "1", UserID: "b", Question: "Wer ist die Tochter von Herrn Scholze?", Answer: "Maja ist seine Tochter.", EpisodeID: "000_11507054b5e5e890", Engine: "v2", Up: true},
		{MessageID: "2", UserID: "a", Question: "Wie alt ist Maja?", Answer: "Falsche Antwort.", EpisodeID: "gone", Engine: "v2", Up: false},
	} {
		if _, err := store.Record(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	out := filepath.Join(dir, "feedback.jsonl")
	code, _, errOut := runCLI(t, "", "feedback", "export", "--out", out)
	if code != 0 || !strings.Contains(errOut, "3 Bewertungen, 2 Fragen exportiert") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"file":"000_11507054b5e5e890.txt"`) || !strings.Contains(lines[0], `"votes":2`) ||
		!strings.Contains(lines[1], `"feedback":"down"`) || !strings.Contains(lines[1], `"file":"gone.txt"`) {
		t.Fatalf("export:\n%s", b)
	}
	up := filepath.Join(dir, "up.jsonl")
	os.WriteFile(up, []byte(lines[0]+"\n"), 0o600) //nolint:errcheck // read back below
	cases, err := qa.ReadCases(up)
	if err != nil || len(cases) != 1 || cases[0].ExpectAny[0] != "Maja ist seine Tochter." {
		t.Errorf("not a question-bank line: %v %+v", err, cases)
	}
	if code, _, _ := runCLI(t, "", "feedback"); code != 2 {
		t.Errorf("without export: code %d", code)
	}
}
