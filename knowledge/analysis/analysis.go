// Package analysis is the German text pipeline of the knowledge engine: text
// flows through small filters (tokenise, normalise, drop stop words, stem),
// each usable and tested on its own, in the spirit of bleve's analysers.
package analysis

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// Token is one word of a text.
type Token struct {
	Surface string // as written, e.g. "Ex-Frau"
	Norm    string // normalised: lower case, umlauts and ß folded, e.g. "ex-frau"
	// Punct is the punctuation mark right after the word (spaces skipped),
	// or 0: a comma after a name signals an apposition ("Lina, eine Schülerin").
	Punct rune
	// Capitalised reports whether the word starts with an upper-case letter;
	// in German that marks nouns and names.
	Capitalised bool
}

// Tokenize splits text into words. Letters and digits form words; a hyphen or
// an apostrophe inside a word keeps it together ("Ex-Frau", "Jonas'" stays
// "Jonas'"), so compound names and genitives survive as one token.
func Tokenize(text string) []Token {
	var tokens []Token
	ScanWords(text, func(start, end int) {
		tokens = append(tokens, NewToken(text, start, end, Normalize(text[start:end])))
	})
	return tokens
}

// ScanWords calls word with the span of each word of text, in order, as
// Tokenize splits them: the word is text[start:end]. A caller that keeps
// much text can keep spans and norms and make the tokens again with
// NewToken.
func ScanWords(text string, word func(start, end int)) {
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		if surface := strings.TrimRight(text[start:end], "-"); surface != "" {
			word(start, start+len(surface))
		}
		start = -1
	}
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case (r == '-' || r == '\u2011') && start >= 0:
			// Hyphen inside a word: keep going; a trailing one is trimmed.
		case (r == '\'' || r == '’') && start >= 0:
			// Genitive apostrophe ("Jonas'") ends the word but belongs to it.
			flush(i + utf8.RuneLen(r))
		default:
			flush(i)
		}
	}
	flush(len(text))
}

// NewToken is the word text[start:end] (a span from ScanWords) with its
// normalised form.
func NewToken(text string, start, end int, norm string) Token {
	surface := text[start:end]
	r, _ := utf8.DecodeRuneInString(surface)
	return Token{
		Surface:     surface,
		Norm:        norm,
		Punct:       punctAfter(text[end:]),
		Capitalised: unicode.IsUpper(r),
	}
}

func punctAfter(rest string) rune {
	for _, r := range rest {
		switch {
		case r == ' ' || r == '\t':
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return 0
		default:
			return r
		}
	}
	return 0
}

// folds maps German letters to the spelling used on keyboards without them,
// so "Ärztin", "Aerztin" and "ärztin" normalise alike.
var folds = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "’", "'", "\u2011", "-")

// Normalize lower-cases, composes (NFC) and folds umlauts and ß: ä→ae, ö→oe,
// ü→ue, ß→ss. Accents outside German are kept.
func Normalize(s string) string {
	s = norm.NFC.String(s)
	return folds.Replace(strings.ToLower(s))
}

// Stem reduces a normalised German word to its stem with the Snowball German
// stemmer, then trims verb endings Snowball leaves ("heilt" → "heil"), so
// that "heilt", "heilen" and "geheilt"'s core meet. Hyphenated words are
// stemmed on their last part, which carries the inflection.
func Stem(word string) string {
	if word == "" {
		return ""
	}
	head, last := "", word
	if i := strings.LastIndexByte(word, '-'); i >= 0 && i < len(word)-1 {
		head, last = word[:i+1], word[i+1:]
	}
	last = strings.TrimSuffix(last, "'")
	if isNumber(last) {
		return head + last
	}
	env := snowballstem.NewEnv(unfold(last))
	german.Stem(env)
	return head + trimVerbEnding(Normalize(env.Current()))
}

// unfold restores umlauts before stemming, because Snowball's German rules
// are written for them ("ae" would be read as two vowels).
var unfoldReplacer = strings.NewReplacer("ae", "ä", "oe", "ö", "ue", "ü")

func unfold(s string) string {
	// "ue" after "q" ("quelle") and "eue" ("neue", "teuer") are not umlauts.
	if strings.Contains(s, "que") || strings.Contains(s, "eue") || strings.Contains(s, "aue") {
		return s
	}
	return unfoldReplacer.Replace(s)
}

func trimVerbEnding(s string) string {
	if len(s) < 4 {
		return s
	}
	if rest, ok := strings.CutSuffix(s, "et"); ok && len(rest) >= 3 && isConsonant(rest[len(rest)-1]) {
		return rest
	}
	if rest, ok := strings.CutSuffix(s, "t"); ok && isConsonant(rest[len(rest)-1]) && rest[len(rest)-1] != 't' {
		return rest
	}
	return s
}

func isConsonant(b byte) bool {
	return b >= 'a' && b <= 'z' && !strings.ContainsRune("aeiouy", rune(b))
}

func isNumber(s string) bool {
	for _, r := range s {
		if !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}

// Terms runs the whole pipeline for indexing and matching: tokenise,
// normalise, drop stop words, stem.
func Terms(text string) []string {
	var out []string
	for _, t := range Tokenize(text) {
		if IsStopWord(t.Norm) {
			continue
		}
		out = append(out, Stem(t.Norm))
	}
	return out
}
