package commands

import "testing"

func TestTypoPrefix(t *testing.T) {
	tests := []struct {
		typed, text string
		want        bool
	}{
		{"kath", "Katrin", true}, // one substitution in the prefix
		{"katr", "Katrin", true}, // plain prefix
		{"ktr", "Katrin", true},  // one deletion
		{"hielm", "Dr. Roland Heilmann", true},
		{"heilmnn", "Dr. Roland Heilmann", true},
		{"rolnd", "Dr. Roland Heilmann", true},
		{"ka", "Katrin", false}, // too short to guess
		{"xyz", "Katrin", false},
		{"kxtx", "Katrin", false}, // two typos in four letters
		{"Folge 3", "Folge 3: Wege des Lebens", true},
		{"Lebns", "Folge 3: Wege des Lebens", true},
		{"ÄRZTIN", "ärztin", true},
	}
	for _, tt := range tests {
		if got := typoPrefix(tt.typed, tt.text); got != tt.want {
			t.Errorf("typoPrefix(%q, %q) = %v, want %v", tt.typed, tt.text, got, tt.want)
		}
	}
}
