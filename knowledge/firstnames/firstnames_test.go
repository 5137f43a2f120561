package firstnames

import "testing"

func TestGender(t *testing.T) {
	for _, tc := range []struct {
		name string
		want byte
	}{
		{"Kathrin", 'f'},
		{"maja", 'f'},
		{"Siegfried", 'm'},
		{"Hans-Peter", 'm'}, // the first part decides
		{"Kai", 0},          // used for both in German
		{"Conny", 0},
		{"Sachsenklinik", 0}, // not a name
		{"", 0},
	} {
		if got := Gender(tc.name); got != tc.want {
			t.Errorf("Gender(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if n := Size(); n < 10000 {
		t.Errorf("only %d names listed", n)
	}
}

func TestListed(t *testing.T) {
	for name, want := range map[string]bool{
		"Marie-Luise":   true, // every part listed
		"luise":         true,
		"Kai":           true, // listed for both sexes
		"Marie-Zzyzx":   false,
		"Sachsenklinik": false,
		"":              false,
		"-":             false,
	} {
		if got := Listed(name); got != want {
			t.Errorf("Listed(%q) = %v, want %v", name, got, want)
		}
	}
}

func BenchmarkGender(b *testing.B) {
	Gender("Kathrin") // load outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Gender("Siegfried")
	}
}
