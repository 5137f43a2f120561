package lexicon

import "strings"

// Repair maps a colloquial or clipped spelling the lexicon does not know to
// a known form, following two regular patterns of spoken German rather than
// a word list:
//   - the r-forms of the her- particles: "runtergefallen" → "heruntergefallen",
//     "rausgekommen" → "rauskommen";
//   - a dropped schwa: "gefundn" → "gefunden", "hab" → "habe".
//
// It reports false when the word is known already or no pattern applies.
func (l *Lexicon) Repair(word string) (string, bool) {
	w := norm(word)
	if w == "" || l.Known(w) {
		return "", false
	}
	tries := []string{w}
	if strings.HasPrefix(w, "r") && len(w) > 4 {
		tries = append(tries, "he"+w)
	}
	tries = append(tries, w+"e")
	if n := len(w); n > 3 {
		switch w[n-1] {
		case 'n', 'l', 'r', 't':
			tries = append(tries, w[:n-1]+"e"+w[n-1:])
		}
	}
	for _, t := range tries {
		if _, _, ok := l.forms.find(t); ok && t != w {
			return t, true
		}
		// A particle before a participle the lexicon lists only unjoined:
		// "heraus|gekommen" → herauskommen.
		for i := 2; i+4 <= len(t); i++ {
			if !strings.HasPrefix(t[i:], "ge") {
				continue
			}
			for _, a := range l.Analyse(t[i:]) {
				if a.POS&(Verb|Participle) == 0 {
					continue
				}
				if joined := t[:i] + a.Lemma; joined != w && l.Known(joined) {
					return joined, true
				}
			}
		}
	}
	return "", false
}
