package knowledge

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzAsk: any question gets an answer or an abstention within the limits,
// never a panic.
func FuzzAsk(f *testing.F) {
	for _, seed := range []string{
		"Wer ist Maja?", "heilman", "scholze krankheit", "", "???", "Ä", "wie viele",
		"Was ist mit Holgers Vater los?", "Jonas'", "---", "Dr.", "Herr", "ihr gemeinsamer",
		strings.Repeat("Katrin ", 200), "\x00\xff", "In welcher Klinik", "Frau Frau Frau",
		"reinhold uhlich wie alt", "was hat die mama von", "was hat die mama von mama von", "die Glasbläserinnen",
	} {
		f.Add(seed)
	}
	b, err := Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		a := b.Ask(q)
		if a.Question != q {
			t.Fatalf("question not echoed")
		}
		if utf8.RuneCountInString(a.Text) > MaxAnswerLen {
			t.Fatalf("answer too long: %d", utf8.RuneCountInString(a.Text))
		}
		if a.Answered == (a.EpisodeID == "") {
			t.Fatalf("answered=%v but episode %q", a.Answered, a.EpisodeID)
		}
		if !a.Answered && a.Text != NotInSynopses {
			t.Fatalf("abstention text %q", a.Text)
		}
		if utf8.ValidString(q) && !utf8.ValidString(a.Text) {
			t.Fatalf("invalid UTF-8 in answer %q", a.Text)
		}
	})
}

// FuzzBuild: any synopsis text either builds a usable base or fails with an
// error naming the file, never a panic.
func FuzzBuild(f *testing.F) {
	for _, seed := range []string{
		"Maja malt. Sie lacht.",
		"---\ntitle: T\nepisode: 3\n---\nHerr Krause, ein Patient, stürzt.",
		"---\nunclosed",
		"Frau Sommer erwartet Zwillinge. Jonas' Mutter Helga hilft. Ihr Mann Jonas kommt.",
		"„In aller Freundschaft: Titel“ zeigt Dr. Anna Berg.",
		"\ufeffText mit BOM.\r\nZweite Zeile.",
		"", " ", "\xff\xfe", "a\x00b", "...", "Dr. Dr. Dr.", "Herr", "Steffens Vater Vater Vater",
		"Folge 12: Der lange Weg\n\nPaula stürzt. Ihr Papa Gerd hilft.", "# \n\nText.", "Folge -3 –\nText",
		"Citalopram, ein Antidepressivum, hilft. Die Blutwerte der Bewusstlosen steigen.",
		"Gunnar Tietze ist Förster. Schwester Lene hilft. Die Diagnose lautet Gicht. Die Patientin lacht.",
		"Rupert Zschaler, 58, ist vierundzwanzig, ein Landwirt. Er sieht ihn. Die Tochter der Patientin, die 17-jährige Ida, weint. Der 58-Jährige lacht.",
		"Der Befund lautet Morbus Whipple, eine sehr seltene Infektion. Ihm ihn er sie. Der Ortsvorsteher von A.\n\nB C, 3, kommt.",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, text string) {
		b, err := Build([]Document{{Name: "fuzz.txt", Text: []byte(text)}})
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.txt") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, c := range b.Characters() {
			if c.Name == "" {
				t.Fatal("character without a name")
			}
		}
		ep := b.Episodes()[0]
		if ep.Title == "" {
			t.Fatal("episode without title")
		}
		_ = b.Summary(ep.ID, 3)
		a := b.Ask(text)
		if utf8.RuneCountInString(a.Text) > MaxAnswerLen {
			t.Fatal("answer too long")
		}
	})
}
