// Package completion is the one fuzzy completer of the bot: the knowledge
// base completes names and titles with it, and the slash commands complete
// their options with it (over aliases, with typo tolerance).
package completion

import (
	"strings"
	"unicode"

	"github.com/sahilm/fuzzy"

	"iafbot/knowledge/analysis"
)

// Candidate is one possible completion: Text is matched against what the
// user typed, Name is shown and Value is sent back (an alias can stand for
// its canonical name this way).
type Candidate struct{ Text, Name, Value string }

type pool []Candidate

func (p pool) String(i int) string { return p[i].Text }
func (p pool) Len() int            { return len(p) }

// Complete returns at most limit candidates for typed, deduplicated by
// Value. An empty typed lists the first candidates in their order (callers
// put the likeliest first); otherwise fuzzy subsequence matches come first
// ("hlmn" finds Heilmann), then, with typos set, candidates a word of which
// starts like typed with a typo or two ("matt" finds Mathias while it is
// being typed). limit <= 0 means no limit.
func Complete(typed string, candidates []Candidate, limit int, typos bool) []Candidate {
	var out []Candidate
	seen := map[string]bool{}
	add := func(c Candidate) bool {
		if limit > 0 && len(out) >= limit {
			return false
		}
		if !seen[c.Value] {
			seen[c.Value] = true
			out = append(out, c)
		}
		return true
	}
	typed = strings.TrimSpace(typed)
	if typed == "" {
		for _, c := range candidates {
			if !add(c) {
				break
			}
		}
		return out
	}
	for _, m := range fuzzy.FindFrom(typed, pool(candidates)) {
		if !add(candidates[m.Index]) {
			return out
		}
	}
	if typos {
		for _, c := range candidates {
			if TypoPrefix(typed, c.Text) && !add(c) {
				break
			}
		}
	}
	return out
}

// TypoPrefix reports whether typed (at least 3 letters) is a prefix of text
// or of one of its words with at most one typo (two from 7 letters on).
func TypoPrefix(typed, text string) bool {
	t := []rune(strings.ToLower(typed))
	if len(t) < 3 || len(t) > 40 {
		return false
	}
	allowed := 1
	if len(t) >= 7 {
		allowed = 2
	}
	words := append([]string{text}, strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})...)
	for _, w := range words {
		wr := []rune(strings.ToLower(w))
		for l := len(t) - allowed; l <= len(t)+allowed; l++ {
			if l >= 1 && l <= len(wr) && analysis.Distance(string(t), string(wr[:l]), allowed) <= allowed {
				return true
			}
		}
	}
	return false
}
