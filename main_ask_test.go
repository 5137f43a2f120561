package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"iafbot/internal/app"
)

func runCLI(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestAskOneQuestionText(t *testing.T) {
	code, out, errOut := runCLI(t, "", "ask", "Wer", "ist", "Maja?")
	if code != 0 || errOut != "" {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"Frage: Wer ist Maja?", "Tochter", "Quelle: „"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestAskJSONContract(t *testing.T) {
	// Flags may come after the question words, too.
	code, out, _ := runCLI(t, "", "ask", "Wie heißt der Hund von Maja?", "--json")
	if code != 0 {
		t.Fatalf("code %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("want one JSON line, got %q", out)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"question", "answered", "answer", "episode", "score", "probability"} {
		if _, ok := got[key]; !ok {
			t.Errorf("JSON lacks %q: %s", key, lines[0])
		}
	}
	if got["answered"] != false || got["question"] != "Wie heißt der Hund von Maja?" {
		t.Errorf("abstention expected: %s", lines[0])
	}
}

func TestAskStdinOnePerLine(t *testing.T) {
	code, out, _ := runCLI(t, "Wer ist Lukas?\n\nWohin will Lukas ziehen?\r\nWie heißt der Hund von Maja?\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("code %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 3 lines (blank input lines skipped), got %d:\n%s", len(lines), out)
	}
	var results []app.AskResult
	for _, l := range lines {
		var r app.AskResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
	}
	if results[0].Question != "Wer ist Lukas?" || !results[0].Answered || !strings.Contains(results[1].Answer, "USA") || results[2].Answered {
		t.Errorf("answers out of order or wrong: %+v", results)
	}
	if results[1].Episode == "" || results[1].EpisodeID == "" || results[1].Score <= 0 {
		t.Errorf("answer without source: %+v", results[1])
	}
}

func TestAskSynopsesDir(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "eins.txt"), []byte("Herr Krause, ein Bäcker, stürzt von der Leiter. Er bricht sich den Arm."), 0o644)
	code, out, _ := runCLI(t, "", "ask", "--synopses", dir, "--json", "Was ist Herr Krause von Beruf?")
	if code != 0 || !strings.Contains(out, "Bäcker") || !strings.Contains(out, `"episode_id":"eins"`) {
		t.Errorf("code %d, out %s", code, out)
	}
	t.Setenv("SYNOPSES_DIR", dir)
	if code, out, _ := runCLI(t, "", "ask", "Wer ist Maja?"); code != 0 || !strings.Contains(out, knowledgeAbstention) {
		t.Errorf("SYNOPSES_DIR must replace the seeds: code %d, %s", code, out)
	}
}

const knowledgeAbstention = "Dazu steht nichts in den Zusammenfassungen."

func TestAskErrors(t *testing.T) {
	empty := t.TempDir()
	bad := t.TempDir()
	os.WriteFile(filepath.Join(bad, "kaputt.txt"), []byte{0xff, 0xfe, 0x00}, 0o644)
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"ask", "--nope", "x"}, 2, "-nope"},
		{[]string{"ask", "--synopses"}, 2, "synopses"},
		{[]string{"ask", "  "}, 2, "leere Frage"},
		{[]string{"ask", "--synopses", empty, "x"}, 1, "keine *.txt"},
		{[]string{"ask", "--synopses", bad, "x"}, 1, "kaputt.txt"},
		{[]string{"ask", "--synopses", filepath.Join(empty, "fehlt"), "x"}, 1, "fehlt"},
		{[]string{"frobnicate"}, 2, "unbekannter Befehl"},
		{nil, 2, "Aufruf"},
	}
	for _, tt := range tests {
		code, _, errOut := runCLI(t, "", tt.args...)
		if code != tt.code || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: code %d stderr %q, want code %d mentioning %q", tt.args, code, errOut, tt.code, tt.want)
		}
		if strings.Count(strings.TrimSpace(errOut), "\n") > 0 && tt.args != nil {
			t.Errorf("%q: error must be one line: %q", tt.args, errOut)
		}
	}
	if code, out, _ := runCLI(t, "", "help"); code != 0 || !strings.Contains(out, "iafbot ask") {
		t.Errorf("help: %d %q", code, out)
	}
}
