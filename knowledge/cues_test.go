package knowledge

import "testing"

// TestLearnedCues: the committed table parses and adds to the general cue
// words, and a broken one is reported.
func TestLearnedCues(t *testing.T) {
	learned, err := learnedCues(cuesJSON)
	if err != nil {
		t.Fatalf("cues.json: %v", err)
	}
	if len(learned) == 0 {
		t.Fatal("cues.json holds no cues; run go run ./internal/cuegen")
	}
	for w := range learned {
		if !diseaseCues[w] {
			t.Errorf("learned cue %q missing from diseaseCues", w)
		}
	}
	if _, err := learnedCues([]byte("{")); err == nil {
		t.Error("a broken table parsed")
	}
}
