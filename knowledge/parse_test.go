package knowledge

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Maja malt. Sie lacht!", []string{"Maja malt.", "Sie lacht!"}},
		{"Das Leben.Während er schläft", []string{"Das Leben.", "Während er schläft"}},
		{"Dr. Roland Heilmann operiert. Er ist müde.", []string{"Dr. Roland Heilmann operiert.", "Er ist müde."}},
		{"Am 3. Tag geht es ihm besser.", []string{"Am 3. Tag geht es ihm besser."}},
		{"Sie fragt: „Wirst du gesund?“ Er nickt.", []string{"Sie fragt: „Wirst du gesund?“", "Er nickt."}},
		{"Er kauft z.B. Blumen. Dann geht er.", []string{"Er kauft z.B. Blumen.", "Dann geht er."}},
		{"Im Jahr 2019. Danach ändert sich alles.", []string{"Im Jahr 2019.", "Danach ändert sich alles."}},
		{"ohne Punkt am Ende", []string{"ohne Punkt am Ende"}},
		{"   ", nil},
		{"...", nil},
	}
	for _, tt := range tests {
		if got := splitSentences(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFrontMatter(t *testing.T) {
	d, err := parseDocument("007_x.txt", "---\ntitle: Der lange Weg\nepisode: 7\naired: 2024-05-01\nsender: egal\n---\nMaja malt.\n")
	if err != nil {
		t.Fatal(err)
	}
	if d.id != "007_x" || d.title != "Der lange Weg" || d.number != 7 || d.aired != "2024-05-01" {
		t.Errorf("got %+v", d)
	}
	if len(d.paragraphs) != 1 || d.paragraphs[0][0] != "Maja malt." {
		t.Errorf("body: %q", d.paragraphs)
	}
}

func TestFrontMatterErrors(t *testing.T) {
	tests := map[string]string{
		"---\ntitle: X\nMaja malt.\n":               "abschließendes",
		"---\nepisode: sieben\n---\nMaja malt.\n":   "Folgennummer",
		"---\nepisode: -1\n---\nMaja malt.\n":       "Folgennummer",
		"---\naired: gestern\n---\nMaja malt.\n":    "Datum",
		"---\nnur text ohne doppelpunkt\n---\nx.\n": "schlüssel: wert",
		"---\ntitle: Leer\n---\n\n  \n":             "kein Text",
	}
	for text, want := range tests {
		_, err := parseDocument("f.txt", text)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseDocument(%q) error = %v, want it to mention %q", text, err, want)
		}
	}
}

func TestQuotedTitle(t *testing.T) {
	tests := map[string]string{
		"… zeigt „In aller Freundschaft: Wege des Lebens“ die Stärke.": "Wege des Lebens",
		"Die Folge »Neue Wege« beginnt.":                               "Neue Wege",
		"Er sagt: „Ich komme nicht mit, tut mir leid.“":                "",
		"Kein Titel hier.": "",
	}
	for text, want := range tests {
		if got := quotedTitle(text); got != want {
			t.Errorf("quotedTitle(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestHeadingLine(t *testing.T) {
	tests := []struct {
		text   string
		title  string
		number int
		first  string
	}{
		{"Folge 12: Der lange Weg\n\nPaula stürzt. Timo hilft.", "Der lange Weg", 12, "Paula stürzt."},
		{"# Nachtdienst\nPaula stürzt.", "Nachtdienst", 0, "Paula stürzt."},
		{"Staffel 3, Folge 7 – „Bis zuletzt“\nPaula stürzt.", "Bis zuletzt", 7, "Paula stürzt."},
		// A short first line that ends a sentence is text, not a heading.
		{"Paula stürzt.\nTimo hilft.", "", 0, "Paula stürzt."},
		// A lone line is the whole synopsis, not a heading.
		{"Paula stürzt beim Joggen", "", 0, "Paula stürzt beim Joggen"},
	}
	for _, tt := range tests {
		d, err := parseDocument("x.txt", tt.text)
		if err != nil {
			t.Fatal(err)
		}
		if d.title != tt.title || d.number != tt.number || d.paragraphs[0][0] != tt.first {
			t.Errorf("%q: title %q number %d first %q; want %q %d %q", tt.text, d.title, d.number, d.paragraphs[0][0], tt.title, tt.number, tt.first)
		}
	}
	// Front matter wins over the heading.
	d, _ := parseDocument("x.txt", "---\ntitle: Vorne\nepisode: 3\n---\nFolge 9: Hinten\nPaula stürzt.")
	if d.title != "Vorne" || d.number != 3 {
		t.Errorf("front matter lost: %q %d", d.title, d.number)
	}
}
