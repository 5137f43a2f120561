package analysis

import "strings"

// Distance is the optimal-string-alignment edit distance (Levenshtein plus
// transposition of neighbours) between two strings, counted in runes. It
// stops early and returns max+1 once the distance must exceed max, which
// keeps typo repair over a whole vocabulary cheap.
func Distance(a, b string, max int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > max || -d > max {
		return max + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > max {
			return max + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// TypoBudget is how many edits a word of n runes may carry and still count
// as a misspelling rather than another word: none for short words, one from
// five letters, two from nine.
func TypoBudget(n int) int {
	switch {
	case n < 5:
		return 0
	case n < 9:
		return 1
	default:
		return 2
	}
}

var phoneticFolds = strings.NewReplacer("ae", "a", "oe", "o", "ue", "u", "ss", "s")

// Phonetic returns the Kölner Phonetik code of a normalised word, a German
// sound-alike key: "mathias" and "matthias", "meier" and "meyer" share one.
func Phonetic(norm string) string {
	s := []rune(phoneticFolds.Replace(norm))
	code := make([]byte, 0, len(s))
	at := func(i int) rune {
		if i < 0 || i >= len(s) {
			return 0
		}
		return s[i]
	}
	for i, r := range s {
		prev, next := at(i-1), at(i+1)
		var c byte
		switch r {
		case 'a', 'e', 'i', 'j', 'o', 'u', 'y':
			c = '0'
		case 'h':
			continue
		case 'b':
			c = '1'
		case 'p':
			c = '1'
			if next == 'h' {
				c = '3'
			}
		case 'd', 't':
			c = '2'
			if strings.ContainsRune("csz", next) {
				c = '8'
			}
		case 'f', 'v', 'w':
			c = '3'
		case 'g', 'k', 'q':
			c = '4'
		case 'c':
			switch {
			case i == 0 && strings.ContainsRune("ahkloqrux", next):
				c = '4'
			case i > 0 && strings.ContainsRune("ahkoqux", next) && !strings.ContainsRune("sz", prev):
				c = '4'
			default:
				c = '8'
			}
		case 'x':
			if strings.ContainsRune("ckq", prev) {
				c = '8'
			} else {
				code = append(code, '4')
				c = '8'
			}
		case 'l':
			c = '5'
		case 'm', 'n':
			c = '6'
		case 'r':
			c = '7'
		case 's', 'z':
			c = '8'
		default:
			continue
		}
		if len(code) > 0 && code[len(code)-1] == c {
			continue
		}
		code = append(code, c)
	}
	// Vowels count only at the start.
	out := code[:0:0]
	for i, c := range code {
		if c == '0' && i > 0 {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}
