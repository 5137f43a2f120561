package knowledge

import (
	"iter"
	"math"

	"iafbot/knowledge/analysis"
)

// Sentences keep their words compactly: a token costs 40 bytes, a word 8.
// A base keeps each distinct normalised word once, in a vocabulary; a
// sentence keeps, per word, its ID and where it stands in the text, and
// while the base is built also its tokens. Afterwards tokens() makes them
// again: surface and norm are shared strings, punctuation and case are
// read off the text.

// wordID numbers the distinct normalised words of a base, in the order
// they first occur.
type wordID uint32

// word is a token of a stored sentence: its norm and its surface
// text[start:end].
type word struct {
	id         wordID
	start, end uint16
}

// maxSpan is the longest sentence whose words' spans fit a word; the
// words of a longer one (a paragraph without a full stop) are found again
// by scanning its text.
const maxSpan = math.MaxUint16

// vocabulary holds the distinct words of a base.
type vocabulary struct {
	norms []string // by wordID
	// stems and stop are filled by buildIndex: a word's stem, and whether
	// it is a stop word (kept out of terms).
	stems []string
	stop  []bool
}

// tokens returns the sentence's words.
func (s *sentence) tokens() []analysis.Token {
	if s.sentenceBuild != nil {
		return s.toks
	}
	if len(s.words) == 0 {
		return nil
	}
	norms := s.vocab.norms
	out := make([]analysis.Token, len(s.words))
	if len(s.text) > maxSpan {
		i := 0
		analysis.ScanWords(s.text, func(start, end int) {
			out[i] = analysis.NewToken(s.text, start, end, norms[s.words[i].id])
			i++
		})
		return out
	}
	for i, w := range s.words {
		out[i] = analysis.NewToken(s.text, int(w.start), int(w.end), norms[w.id])
	}
	return out
}

// norm is the normalised form of the sentence's i-th word, for callers
// that need no more of it than that.
func (s *sentence) norm(i int) string { return s.vocab.norms[s.words[i].id] }

// stem is the stem of the sentence's i-th word ("" for a stop word), as
// the index computed it once; queries must not stem the text again.
func (s *sentence) stem(i int) string { return s.vocab.stems[s.words[i].id] }

// terms yields the stems of the sentence's content words, for ranking.
func (s *sentence) terms() iter.Seq[string] {
	return func(yield func(string) bool) {
		v := s.vocab
		for _, w := range s.words {
			if !v.stop[w.id] && !yield(v.stems[w.id]) {
				return
			}
		}
	}
}

// tokenizer splits the sentences of a corpus into tokens and words. It is
// used while a base is built and dropped afterwards.
type tokenizer struct {
	vocab *vocabulary
	// bySurface caches Normalize: words repeat, and normalising is the
	// costliest step of tokenising.
	bySurface map[string]wordID
	byNorm    map[string]wordID
	// surfaces holds each word's first spelling, by wordID.
	surfaces []string
	// joined memoises the lexicon's separable verbs ("bricht" + "ab" →
	// abbrechen).
	joined map[[2]string]string
	// scratch for one episode
	tokBuf  []analysis.Token
	wordBuf []word
	ends    []int // of each sentence's words in wordBuf
}

func newTokenizer() *tokenizer {
	return &tokenizer{vocab: &vocabulary{}, bySurface: map[string]wordID{}, byNorm: map[string]wordID{},
		joined: map[[2]string]string{}}
}

// appendSentences tokenises the sentences of episode ep and appends them
// to dst. An episode's sentences, words and tokens take one allocation
// each, of the exact size.
func (tz *tokenizer) appendSentences(dst []*sentence, texts []string, ep int) []*sentence {
	tz.tokBuf, tz.wordBuf, tz.ends = tz.tokBuf[:0], tz.wordBuf[:0], tz.ends[:0]
	for _, text := range texts {
		first := len(tz.tokBuf)
		analysis.ScanWords(text, func(start, end int) {
			id := tz.id(text[start:end])
			tz.tokBuf = append(tz.tokBuf, analysis.NewToken(text, start, end, tz.vocab.norms[id]))
			w := word{id: id}
			if len(text) <= maxSpan {
				w.start, w.end = uint16(start), uint16(end)
			}
			tz.wordBuf = append(tz.wordBuf, w)
		})
		// A finite verb whose particle closes the clause ("Finn gibt zu")
		// stands for the whole verb: the word is "zugeben", so questions
		// about admitting find it, and other sentences' "gibt" do not.
		// Its surface stays the text's.
		for _, v := range separableVerbs(tz.tokBuf[first:], tz.join) {
			id := tz.id(v.lemma)
			tz.wordBuf[first+v.verb].id = id
			tz.tokBuf[first+v.verb].Norm = tz.vocab.norms[id]
		}
		tz.ends = append(tz.ends, len(tz.wordBuf))
	}
	sents := make([]sentence, len(texts))
	build := make([]sentenceBuild, len(texts))
	toks := make([]analysis.Token, len(tz.tokBuf))
	copy(toks, tz.tokBuf)
	words := make([]word, len(tz.wordBuf))
	copy(words, tz.wordBuf)
	start := 0
	for i, text := range texts {
		s := &sents[i]
		s.text, s.episode, s.vocab, s.sentenceBuild = text, ep, tz.vocab, &build[i]
		if end := tz.ends[i]; end > start {
			s.toks, s.words = toks[start:end:end], words[start:end:end]
			start = end
		}
		dst = append(dst, s)
	}
	return dst
}

// join is joinSeparable, memoised: a corpus repeats its verbs.
func (tz *tokenizer) join(finite, particle string) (string, bool) {
	key := [2]string{finite, particle}
	lemma, ok := tz.joined[key]
	if !ok {
		lemma, _ = joinSeparable(finite, particle)
		tz.joined[key] = lemma
	}
	return lemma, lemma != ""
}

// id returns the ID of a surface's normalised word, adding it when new.
func (tz *tokenizer) id(surface string) wordID {
	if id, ok := tz.bySurface[surface]; ok {
		return id
	}
	norm := analysis.Normalize(surface)
	id, ok := tz.byNorm[norm]
	if !ok {
		id = wordID(len(tz.vocab.norms))
		tz.vocab.norms = append(tz.vocab.norms, norm)
		tz.surfaces = append(tz.surfaces, surface)
		tz.byNorm[norm] = id
	}
	tz.bySurface[surface] = id
	return id
}

// compact drops what only the build needed: the sentences' tokens and
// pronoun references, and how each mention named its person. The
// sentences' mentions, people and occupations move into one array each:
// grown piece by piece among the build's garbage, they would keep its
// memory pages in use.
func (b *Base) compact() {
	for _, s := range b.sentences {
		s.sentenceBuild = nil
		for i := range s.mentions {
			s.mentions[i].mentionName = nil
		}
	}
	pack(b.sentences, func(s *sentence) *[]mention { return &s.mentions })
	pack(b.sentences, func(s *sentence) *[]int { return &s.people })
	pack(b.sentences, func(s *sentence) *[]occupationToken { return &s.occupationAt })
	pack(b.sentences, func(s *sentence) *[]occupationToken { return &s.ageAt })
}

// pack copies a slice of every sentence into one array of the exact size.
func pack[T any](sentences []*sentence, field func(*sentence) *[]T) {
	n := 0
	for _, s := range sentences {
		n += len(*field(s))
	}
	all := make([]T, 0, n)
	for _, s := range sentences {
		if f := field(s); len(*f) > 0 {
			start := len(all)
			all = append(all, *f...)
			*f = all[start:len(all):len(all)]
		}
	}
}
