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
	if s.toks != nil || len(s.words) == 0 {
		return s.toks
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
	toks     arena[analysis.Token]
	words    arena[word]
	sents    arena[sentence]
	// scratch for one sentence
	tokBuf  []analysis.Token
	wordBuf []word
}

func newTokenizer() *tokenizer {
	return &tokenizer{vocab: &vocabulary{}, bySurface: map[string]wordID{}, byNorm: map[string]wordID{}}
}

// sentence tokenises text into a new sentence of episode ep.
func (tz *tokenizer) sentence(text string, ep int) *sentence {
	tz.tokBuf, tz.wordBuf = tz.tokBuf[:0], tz.wordBuf[:0]
	analysis.ScanWords(text, func(start, end int) {
		id := tz.id(text[start:end])
		tz.tokBuf = append(tz.tokBuf, analysis.NewToken(text, start, end, tz.vocab.norms[id]))
		w := word{id: id}
		if len(text) <= maxSpan {
			w.start, w.end = uint16(start), uint16(end)
		}
		tz.wordBuf = append(tz.wordBuf, w)
	})
	s := &tz.sents.alloc(1)[0]
	s.text, s.episode, s.vocab = text, ep, tz.vocab
	s.toks = tz.toks.alloc(len(tz.tokBuf))
	copy(s.toks, tz.tokBuf)
	s.words = tz.words.alloc(len(tz.wordBuf))
	copy(s.words, tz.wordBuf)
	return s
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

// arena hands out exact-size slices cut from shared chunks: one
// allocation serves many small slices, without the slack append leaves.
type arena[T any] struct {
	chunk []T
	size  int // of the last chunk
}

// alloc returns a zeroed slice of length and capacity n (nil for 0).
func (a *arena[T]) alloc(n int) []T {
	if n == 0 {
		return nil
	}
	if n > len(a.chunk) {
		// Chunks grow with use, so a small corpus wastes little.
		a.size = min(max(2*a.size, 64), 1<<14)
		a.chunk = make([]T, max(n, a.size))
	}
	out := a.chunk[:n:n]
	a.chunk = a.chunk[n:]
	return out
}

// compact drops what only building needed: the full tokens and the
// pronoun references.
func (b *Base) compact() {
	for _, s := range b.sentences {
		s.toks = nil
		s.refs = nil
	}
}
