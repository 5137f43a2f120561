package lexicon_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// TestCoverageOfSynopses measures how many content words of every synopsis
// in the repository (seeds, generality set, question bank) the lexicon
// analyses, so a regeneration that loses data shows up. Capitalised words that are not
// known nouns are mostly names and are counted apart.
func TestCoverageOfSynopses(t *testing.T) {
	var files []string
	for _, pattern := range []string{
		filepath.Join("..", "synopses", "*.txt"),                        // the seeds
		filepath.Join("..", "testdata", "generality", "*.txt"),          // the generality set
		filepath.Join("..", "testdata", "qa", "*", "synopses", "*.txt"), // the question bank
	} {
		found, err := filepath.Glob(pattern)
		if err != nil || len(found) == 0 {
			t.Fatalf("no synopses at %s: %v", pattern, err)
		}
		files = append(files, found...)
	}
	lx := lexicon.Default()
	var lower, lowerKnown, upper, upperKnown int
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tok := range analysis.Tokenize(string(data)) {
			w := strings.ToLower(tok.Surface)
			// Function words are closed classes the engine's stop-word
			// list holds; Morphy covers the open classes.
			if !strings.ContainsFunc(w, unicode.IsLetter) || strings.ContainsFunc(w, unicode.IsDigit) || analysis.IsStopWord(tok.Norm) {
				continue
			}
			_, repaired := lx.Repair(w)
			known := lx.Known(w) || repaired
			if tok.Capitalised {
				upper++
				if known {
					upperKnown++
				}
			} else {
				lower++
				if known {
					lowerKnown++
				}
			}
		}
	}
	lowShare := float64(lowerKnown) / float64(lower)
	upShare := float64(upperKnown) / float64(upper)
	t.Logf("%d files: lower-case words known %.1f %% (%d of %d), capitalised %.1f %% (%d of %d; the rest are mostly names)",
		len(files), 100*lowShare, lowerKnown, lower, 100*upShare, upperKnown, upper)
	if lowShare < 0.92 { // measured 93.7 %
		t.Errorf("lexicon knows only %.1f %% of lower-case words; regenerated with data missing?", 100*lowShare)
	}
	if upShare < 0.72 { // measured 75.2 %
		t.Errorf("lexicon knows only %.1f %% of capitalised words", 100*upShare)
	}
}
