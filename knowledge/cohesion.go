package knowledge

import (
	"math"
	"strings"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// Synopses interleave storylines paragraph by paragraph, and a paragraph
// of examinations often names no patient ("Die Biopsie zeigt …"). Whose
// story it goes on with shows in its words: it shares rare ones with the
// paragraphs that do name that guest (lexical cohesion, as in TextTiling).
// Words count by their lemma and by their compound parts, so "Nierenvene"
// ties in with "Nierenstein", and by how rare they are among the corpus'
// paragraphs.

// guestCohesion is how strongly a paragraph's words tie in with a guest's
// other paragraphs of the episode.
type guestCohesion struct {
	char  int32
	score float32
}

// cohesionKeys numbers the lemmas and compound parts of the corpus'
// words, memoised by word ID: a corpus repeats its words.
type cohesionKeys struct {
	lex      *lexicon.Lexicon
	surfaces []string
	norms    []string
	byWord   [][]int32
	done     []bool
	ids      map[string]int32
}

func (ck *cohesionKeys) of(id wordID) []int32 {
	if ck.done[id] {
		return ck.byWord[id]
	}
	ck.done[id] = true
	norm := ck.norms[id]
	if len(norm) < 3 || analysis.IsStopWord(norm) {
		return nil
	}
	w := strings.ToLower(ck.surfaces[id])
	keys := []string{w}
	if lemmas := ck.lex.Lemmas(w); len(lemmas) > 0 {
		keys[0] = lemmas[0]
	}
	if parts := compoundParts(ck.lex, w); len(parts) > 1 {
		keys = append(keys, parts...)
	}
	for _, k := range keys {
		kid, ok := ck.ids[k]
		if !ok {
			kid = int32(len(ck.ids))
			ck.ids[k] = kid
		}
		ck.byWord[id] = append(ck.byWord[id], kid)
	}
	return ck.byWord[id]
}

// maxCohesionParagraphs bounds the paragraphs of an episode that are
// compared (one bit each); synopses have about ten.
const maxCohesionParagraphs = 64

// findCohesion scores every paragraph against every guest of its episode
// and keeps the scores in b.cohesion, by paragraph.
func (b *Base) findCohesion(tz *tokenizer) {
	if len(b.sentences) == 0 {
		return
	}
	n := len(tz.vocab.norms)
	ck := &cohesionKeys{lex: lexicon.Default(), surfaces: tz.surfaces, norms: tz.vocab.norms,
		byWord: make([][]int32, n), done: make([]bool, n), ids: map[string]int32{}}
	paragraphs := int(b.sentences[len(b.sentences)-1].paragraph) + 1
	b.cohesion = make([][]guestCohesion, paragraphs)
	// keys[p] are paragraph p's distinct keys in text order (so that sums
	// are reproducible); df counts the paragraphs holding each key.
	keys := make([][]int32, paragraphs)
	var df []int32
	seen := map[int32]bool{}
	for i, s := range b.sentences {
		p := s.paragraph
		if i > 0 && b.sentences[i-1].paragraph != p {
			clear(seen)
		}
		for _, w := range s.words {
			for _, k := range ck.of(w.id) {
				if !seen[k] {
					seen[k] = true
					keys[p] = append(keys[p], k)
					for int(k) >= len(df) {
						df = append(df, 0)
					}
					df[k]++
				}
			}
		}
	}
	// in[k] has bit j set when the episode's j-th paragraph holds key k.
	in := make([]uint64, len(df))
	for _, ep := range b.episodes {
		sents := b.sentences[ep.firstSentence : ep.firstSentence+len(ep.Sentences)]
		if len(sents) == 0 {
			continue
		}
		first, last := sents[0].paragraph, sents[len(sents)-1].paragraph
		if last-first >= maxCohesionParagraphs {
			continue
		}
		// The paragraphs naming each guest, as bits.
		var guests []int
		named := map[int]uint64{}
		for _, s := range sents {
			for _, id := range s.people {
				if b.characters[id].staff {
					continue
				}
				if _, ok := named[id]; !ok {
					guests = append(guests, id)
				}
				named[id] |= 1 << (s.paragraph - first)
			}
		}
		if len(guests) < 2 {
			continue // nothing to tell apart
		}
		for p := first; p <= last; p++ {
			for _, k := range keys[p] {
				in[k] |= 1 << (p - first)
			}
		}
		for p := first; p <= last; p++ {
			own := uint64(1) << (p - first)
			for _, g := range guests {
				var score float64
				for _, k := range keys[p] {
					if in[k]&named[g]&^own != 0 {
						score += math.Log(float64(paragraphs) / float64(df[k]))
					}
				}
				if score > 0 {
					b.cohesion[p] = append(b.cohesion[p], guestCohesion{int32(g), float32(score)})
				}
			}
		}
		for p := first; p <= last; p++ {
			for _, k := range keys[p] {
				in[k] = 0
			}
		}
	}
}

// cohesionWith is how strongly paragraph p ties in with guest char,
// relative to the guest it ties in with most: 1 for that guest, 0 for a
// guest it shares no rare word with.
func (b *Base) cohesionWith(char int, p int32) float64 {
	if int(p) >= len(b.cohesion) {
		return 0
	}
	var mine, best float32
	for _, g := range b.cohesion[p] {
		if int(g.char) == char {
			mine = g.score
		}
		best = max(best, g.score)
	}
	if best == 0 {
		return 0
	}
	return float64(mine / best)
}

// cohesiveGuest is the last sentence before i naming the guest paragraph p
// ties in with most, if one guest stands out and is named before i.
func (b *Base) cohesiveGuest(p int32, i int) (int32, bool) {
	if int(p) >= len(b.cohesion) {
		return -1, false
	}
	var best, second float32
	char := -1
	for _, g := range b.cohesion[p] {
		switch {
		case g.score > best:
			best, second, char = g.score, best, int(g.char)
		case g.score > second:
			second = g.score
		}
	}
	if char < 0 || best == second {
		return -1, false
	}
	ep := b.sentences[i].episode
	for k := i - 1; k >= 0 && b.sentences[k].episode == ep; k-- {
		if containsInt(b.sentences[k].people, char) {
			return int32(k), true
		}
	}
	return -1, false
}
