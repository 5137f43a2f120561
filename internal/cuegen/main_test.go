package main

import (
	"fmt"
	"testing"

	"iafbot/knowledge/qa"
)

// learn keeps a word that stands before the diagnosis in enough synopses
// and drops words of the other sentences (also of a later sentence that
// names the illness again) and the illness word itself.
func TestLearn(t *testing.T) {
	var docs []document
	for i := range 6 {
		text := fmt.Sprintf("Patient%c kommt mit Schmerzen in die Klinik. Das Wetter ist schön. Der Befund lautet Gastritis%c. Der Hund bellt.", 'a'+i, 'a'+i)
		if i < 3 {
			text += " Die Tasse steht auf dem Tisch neben Gastritis" + string(rune('a'+i)) + "."
		}
		docs = append(docs, document{name: fmt.Sprint(i), text: text,
			cases: []qa.Case{{Question: "Was hat er?", ExpectAny: []string{fmt.Sprintf("Gastritis%c", 'a'+i)}, Kind: "illness"}}})
	}
	got := map[string]bool{}
	for _, c := range learn(docs) {
		got[c.Lemma] = true
	}
	if !got["lauten"] {
		t.Errorf("cues %v: want lauten, which stands in every diagnosis sentence", got)
	}
	for _, w := range []string{"hund", "wetter", "tasse", "gastritis"} {
		if got[w] {
			t.Errorf("cues %v hold %q", got, w)
		}
	}
}
