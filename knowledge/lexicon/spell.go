package lexicon

import "slices"

// spellingAlphabet are the letters an insertion or substitution may put
// into a German word.
var spellingAlphabet = []rune("abcdefghijklmnopqrstuvwxyzäöüß")

// Corrections lists the forms of the tables one edit away from word (a
// letter left out, added, replaced, or two neighbours swapped: the four
// slips of typing, after Damerau), in a fixed order: swaps, then left out,
// then replaced, then added. A word the tables list has none.
func (l *Lexicon) Corrections(word string) []string {
	w := []rune(norm(word))
	if len(w) == 0 || l.Listed(string(w)) {
		return nil
	}
	var out []string
	try := func(c []rune) {
		s := string(c)
		if !slices.Contains(out, s) && l.Listed(s) {
			out = append(out, s)
		}
	}
	buf := make([]rune, 0, len(w)+1)
	for i := 0; i+1 < len(w); i++ {
		buf = append(append(append(append(buf[:0], w[:i]...), w[i+1]), w[i]), w[i+2:]...)
		try(buf)
	}
	for i := range w {
		try(append(append(buf[:0], w[:i]...), w[i+1:]...))
	}
	for i := range w {
		for _, r := range spellingAlphabet {
			if r != w[i] {
				try(append(append(append(buf[:0], w[:i]...), r), w[i+1:]...))
			}
		}
	}
	for i := 0; i <= len(w); i++ {
		for _, r := range spellingAlphabet {
			try(append(append(append(buf[:0], w[:i]...), r), w[i:]...))
		}
	}
	return out
}
