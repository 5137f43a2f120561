package analysis

import "strings"

// colloquial maps the spoken forms of function words that fans type in
// chat to the written ones: contractions of a verb and a pronoun ("isser"),
// of an article ("ne", "nen") and dropped endings ("nich", "ham"). A closed
// class; content words are repaired by the lexicon instead.
var colloquial = map[string]string{
	"is": "ist", "isser": "ist er", "isse": "ist sie", "isses": "ist es",
	"nich": "nicht", "nix": "nichts", "ham": "haben", "hamse": "haben sie",
	"ne": "eine", "nen": "einen", "nem": "einem", "ner": "einer",
	"gibts": "gibt es", "gehts": "geht es", "wars": "war es", "hats": "hat es",
	"haste": "hast du", "biste": "bist du", "kannste": "kannst du", "weisste": "weisst du",
	"fuern": "fuer einen", "fuers": "fuer das", "aufm": "auf dem", "ausm": "aus dem",
}

// Colloquial writes the spoken forms among toks as their written words;
// a contraction becomes two tokens, the punctuation after it stays after
// the last. Capitalised tokens are left alone: they may be names.
func Colloquial(toks []Token) []Token {
	var out []Token
	for i, t := range toks {
		written, ok := colloquial[t.Norm]
		if !ok || t.Capitalised && i > 0 {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = append(make([]Token, 0, len(toks)+2), toks[:i]...)
		}
		words := strings.Fields(written)
		for k, w := range words {
			nt := Token{Surface: w, Norm: w, Capitalised: t.Capitalised && k == 0}
			if k == len(words)-1 {
				nt.Punct = t.Punct
			}
			out = append(out, nt)
		}
	}
	if out == nil {
		return toks
	}
	return out
}
