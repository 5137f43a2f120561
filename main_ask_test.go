package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
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

// Every sub-command's --help goes to stdout with exit code 0 (ask's used
// to exit 2, serve's to print on stderr); usage errors are German, exit 2.
func TestHelpAndUsageConsistent(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"ask", "--help"}, {"ask", "-h"}, {"serve", "--help"}, {"serve", "-h"}} {
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 || !strings.Contains(out, "Aufruf") || errOut != "" {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	for _, args := range [][]string{{"ask", "--nope"}, {"serve", "--nope"}, {"ask", "--json=vielleicht", "x"}} {
		code, _, errOut := runCLI(t, "", args...)
		if code != 2 || strings.Contains(errOut, "flag") || !strings.Contains(errOut, "Option") {
			t.Errorf("%q: code %d, stderr %q", args, code, errOut)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errOut := runCLI(t, "", args...)
		if code != 0 || errOut != "" || !strings.HasPrefix(out, "iafbot ") || !strings.Contains(out, "go1.") {
			t.Errorf("%q: code %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
}

// A line too long to be a question (it used to end the run with exit
// code 1, the corpus-error code, and skip the rest) is reported and
// skipped; the other lines are answered; exit code 2.
func TestAskLongLine(t *testing.T) {
	long := strings.Repeat("Maja ", 1<<20) // 5 MiB
	code, out, errOut := runCLI(t, "Wer ist Lukas?\n"+long+"\nWer ist Maja?\n", "ask", "--json")
	if code != 2 || !strings.Contains(errOut, "Zeile 2 ist länger als 4096 Bytes") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	if n := strings.Count(out, "\n"); n != 2 || !strings.Contains(out, "Wer ist Maja?") {
		t.Errorf("want the two other questions answered, got:\n%s", out)
	}
}

// Escape sequences and other control characters in a question are not
// echoed to the terminal in text mode.
func TestAskStripsControlCharacters(t *testing.T) {
	code, out, _ := runCLI(t, "", "ask", "Wer ist \x1b[2J\x1b]0;pwned\x07Maja?\r")
	if code != 0 {
		t.Fatalf("code %d", code)
	}
	if strings.ContainsAny(out, "\x1b\x07\r") || !strings.Contains(out, "Frage: Wer ist [2J]0;pwnedMaja?") {
		t.Errorf("output %q", out)
	}
}

// A FIFO named *.txt in the synopses folder used to hang `ask` forever, a
// link to /dev/zero to kill it with "out of memory"; both are now one
// German line naming the file, exit code 1.
func TestAskHostileSynopsesFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Maja ist die Tochter von Herrn Scholze."), 0o644)
	if err := syscall.Mkfifo(filepath.Join(dir, "b.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, "", "ask", "--synopses", dir, "Wer ist Maja?")
	if code != 1 || !strings.Contains(errOut, "b.txt: keine gewöhnliche Datei (FIFO)") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("FIFO: code %d, stderr %q", code, errOut)
	}
	os.Remove(filepath.Join(dir, "b.txt"))
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runCLI(t, "", "ask", "--synopses", dir, "Wer ist Maja?")
	if code != 1 || !strings.Contains(errOut, "b.txt: symbolischer Link") {
		t.Errorf("/dev/zero: code %d, stderr %q", code, errOut)
	}
	os.Remove(filepath.Join(dir, "b.txt"))
	os.WriteFile(filepath.Join(dir, "b.txt"), bytes.Repeat([]byte("Maja lacht. "), 200<<10), 0o644) // 2.3 MiB
	code, _, errOut = runCLI(t, "", "ask", "--synopses", dir, "Wer ist Maja?")
	if code != 1 || !strings.Contains(errOut, "b.txt: 2.3 MiB groß, erlaubt sind 1.0 MiB je Datei") {
		t.Errorf("oversized: code %d, stderr %q", code, errOut)
	}
	t.Setenv("SYNOPSES_MAX_FILE_KB", "4096")
	if code, _, errOut = runCLI(t, "", "ask", "--synopses", dir, "Wer ist Maja?"); code != 0 {
		t.Errorf("with a raised limit: code %d, stderr %q", code, errOut)
	}
}
