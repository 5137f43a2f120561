package completion

import (
	"reflect"
	"testing"
)

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
		if got := TypoPrefix(tt.typed, tt.text); got != tt.want {
			t.Errorf("TypoPrefix(%q, %q) = %v, want %v", tt.typed, tt.text, got, tt.want)
		}
	}
}

func TestComplete(t *testing.T) {
	pool := []Candidate{
		{"Katrin", "Katrin", "Katrin"},
		{"Dr. Roland Heilmann", "Dr. Roland Heilmann", "Roland"},
		{"Roland", "Dr. Roland Heilmann", "Roland"}, // alias of the same value
		{"Maja", "Maja", "Maja"},
	}
	values := func(cs []Candidate) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Value)
		}
		return out
	}
	tests := []struct {
		typed string
		limit int
		typos bool
		want  []string
	}{
		{"", 0, false, []string{"Katrin", "Roland", "Maja"}},
		{" ", 2, false, []string{"Katrin", "Roland"}},
		{"hlmn", 0, false, []string{"Roland"}},
		{"kath", 0, false, nil},
		{"kath", 0, true, []string{"Katrin"}},
		{"rol", 1, true, []string{"Roland"}},
	}
	for _, tt := range tests {
		if got := values(Complete(tt.typed, pool, tt.limit, tt.typos)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Complete(%q, %d, %v) = %v, want %v", tt.typed, tt.limit, tt.typos, got, tt.want)
		}
	}
}
