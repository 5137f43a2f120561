package lexicon

import "testing"

func TestRepair(t *testing.T) {
	lx := Default()
	for in, want := range map[string]string{
		"runtergefallen": "heruntergefallen",
		"rausgekommen":   "rauskommen",
		"gefundn":        "gefunden",
	} {
		if got, ok := lx.Repair(in); !ok || got != want {
			t.Errorf("Repair(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"gefunden", "xqzt", ""} {
		if got, ok := lx.Repair(in); ok {
			t.Errorf("Repair(%q) = %q; want no repair", in, got)
		}
	}
}
