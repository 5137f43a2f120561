package feedback

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestMemoryOneVotePerUserAndAnswer(t *testing.T) {
	m := &Memory{}
	ctx := context.Background()
	v := Vote{MessageID: "1", UserID: "u", Question: "q", Answer: "a", Up: true}
	if replaced, _ := m.Record(ctx, v); replaced {
		t.Error("first vote replaced something")
	}
	v.Up = false
	if replaced, _ := m.Record(ctx, v); !replaced {
		t.Error("second vote not a replacement")
	}
	votes, _ := m.Votes(ctx)
	if len(votes) != 1 || votes[0].Up {
		t.Errorf("votes %+v", votes)
	}
}

func TestExportIsQuestionBankJSONL(t *testing.T) {
	votes := []Vote{
		{MessageID: "1", UserID: "a", Question: "Wer ist Maja?", Answer: "Maja ist die Tochter.", EpisodeID: "e1", Up: true, Engine: "v2"},
		{MessageID: "1", UserID: "b", Question: "Wer ist Maja?", Answer: "Maja ist die Tochter.", EpisodeID: "e1", Up: true, Engine: "v2"},
		{MessageID: "2", UserID: "a", Question: "Wie alt ist Maja?", Answer: "Falsch.", EpisodeID: "e1", Up: false},
	}
	var buf bytes.Buffer
	if err := WriteJSONL(&buf, Cases(votes, func(id string) string { return id + ".txt" })); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("lines %q", lines)
	}
	var up, down map[string]any
	json.Unmarshal([]byte(lines[0]), &up)   //nolint:errcheck // checked below
	json.Unmarshal([]byte(lines[1]), &down) //nolint:errcheck // checked below
	if up["q"] != "Wer ist Maja?" || up["feedback"] != "up" || up["votes"] != 2.0 || up["file"] != "e1.txt" {
		t.Errorf("up %v", up)
	}
	if exp, _ := up["expect_any"].([]any); len(exp) != 1 || exp[0] != "Maja ist die Tochter." {
		t.Errorf("up expect_any %v", up["expect_any"])
	}
	if down["feedback"] != "down" || down["expect_any"] != nil || down["kind"] != "feedback" {
		t.Errorf("down %v", down)
	}
}
