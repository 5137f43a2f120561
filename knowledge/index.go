package knowledge

import (
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// index is an inverted index over sentences (BM25) plus the lookup tables
// that repair words of a question that the synopses spell differently.
type index struct {
	postings map[string][]posting
	sentLen  []float32 // terms per sentence
	avgLen   float64
	// words maps every normalised word of the corpus to its stem.
	words map[string]string
	// byInitial buckets the words by first byte and length: typo repair
	// compares only words that start alike and are about as long, which
	// keeps it fast on a large corpus.
	byInitial map[initialKey][]string
	// phonetic maps Kölner Phonetik codes to words ("mathias" → "matthias").
	phonetic map[string][]string
	// reversed holds the words spelled backwards, sorted, so a compound's
	// head ("klinik" in "muldentalklinik") is found by a prefix search. Words,
	// not stems: Snowball cuts compounds differently from their heads.
	reversed []string
	links    *wordLinks
	// currency lists the sentences with a currency word, ascending: an
	// amount of money is rare, so a question for one may search them all.
	currency []int
	// accumulators pools the per-question score arrays.
	accumulators sync.Pool
}

type posting struct {
	sentence int32
	tf       float32
}

func buildIndex(sentences []*sentence, tz *tokenizer) *index {
	v := tz.vocab
	ix := &index{
		sentLen:   make([]float32, len(sentences)),
		words:     make(map[string]string, len(v.norms)),
		byInitial: map[initialKey][]string{},
		phonetic:  map[string][]string{},
	}
	// Each distinct word is analysed once, in the order words first occur
	// (the typo lists keep that order). Stems are numbered so that counting
	// them per sentence needs no map.
	v.stems = make([]string, len(v.norms))
	v.stop = make([]bool, len(v.norms))
	stemOf := make([]int32, len(v.norms)) // wordID → stem number, -1 for stop words
	var stems []string
	byStem := map[string]int32{}
	surfaces := map[string]string{}
	for id, norm := range v.norms {
		if analysis.IsStopWord(norm) {
			v.stop[id] = true
			stemOf[id] = -1
			continue
		}
		stem := analysis.Stem(norm)
		sid, ok := byStem[stem]
		if !ok {
			sid = int32(len(stems))
			stems = append(stems, stem)
			byStem[stem] = sid
		}
		stemOf[id] = sid
		v.stems[id] = stems[sid]
		ix.words[norm] = stems[sid]
		surfaces[norm] = tz.surfaces[id]
		k := keyOf(norm)
		ix.byInitial[k] = append(ix.byInitial[k], norm)
		if len(norm) >= 4 {
			code := analysis.Phonetic(norm)
			ix.phonetic[code] = append(ix.phonetic[code], norm)
		}
	}
	// Postings: count the sentences per stem first, so that all lists are
	// cut to size from one array.
	df := make([]int32, len(stems))
	last := make([]int32, len(stems)) // 1 + the last sentence counted
	total, size := 0, 0
	for si, s := range sentences {
		n := 0
		for _, w := range s.words {
			sid := stemOf[w.id]
			if sid < 0 {
				continue
			}
			n++
			if last[sid] != int32(si+1) {
				last[sid] = int32(si + 1)
				df[sid]++
				size++
			}
		}
		ix.sentLen[si] = float32(n)
		total += n
	}
	lists := make([][]posting, len(stems))
	all := make([]posting, size)
	for sid, n := range df {
		lists[sid], all = all[:0:n], all[n:]
	}
	tf := make([]float32, len(stems))
	var touched []int32
	for si, s := range sentences {
		for _, w := range s.words {
			if sid := stemOf[w.id]; sid >= 0 {
				if tf[sid] == 0 {
					touched = append(touched, sid)
				}
				tf[sid]++
			}
		}
		for _, sid := range touched {
			lists[sid] = append(lists[sid], posting{sentence: int32(si), tf: tf[sid]})
			tf[sid] = 0
		}
		touched = touched[:0]
	}
	ix.postings = make(map[string][]posting, len(stems))
	for sid, stem := range stems {
		ix.postings[stem] = lists[sid]
	}
	if len(sentences) > 0 {
		ix.avgLen = float64(total) / float64(len(sentences))
	}
	ix.links = linkWords(surfaces, ix.words)
	ix.currency = ix.sentencesOfClass(lexicon.Currency)
	ix.reversed = make([]string, 0, len(ix.words))
	for word := range ix.words {
		ix.reversed = append(ix.reversed, reverse(word))
	}
	sort.Strings(ix.reversed)
	return ix
}

// idf is BM25's inverse document frequency of a stem over sentences.
func (ix *index) idf(stem string) float64 { return ix.idfOfCount(len(ix.postings[stem])) }

// idfOfCount is the inverse document frequency of a word that df
// sentences hold.
func (ix *index) idfOfCount(df int) float64 {
	n := float64(len(ix.sentLen))
	d := math.Min(float64(df), n)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

const bm25K1, bm25B = 1.2, 0.75

func (ix *index) bm25(tf float64, sentence int) float64 {
	norm := 1 - bm25B + bm25B*float64(ix.sentLen[sentence])/ix.avgLen
	return tf * (bm25K1 + 1) / (tf + bm25K1*norm)
}

// compoundsEndingIn lists the stems of words that end in word, such as
// "muldentalklinik" for "klinik": German compounds put their head last.
func (ix *index) compoundsEndingIn(word string, limit int) []string {
	if len(word) < 4 {
		return nil
	}
	r := reverse(word)
	i := sort.SearchStrings(ix.reversed, r)
	var out []string
	for ; i < len(ix.reversed) && strings.HasPrefix(ix.reversed[i], r) && len(out) < limit; i++ {
		if len(ix.reversed[i]) > len(r)+2 {
			out = append(out, ix.words[reverse(ix.reversed[i])])
		}
	}
	return out
}

// similarWords finds corpus words that a misspelt word probably means:
// within the typo budget for its length, or sounding alike (Kölner
// Phonetik) and at most two edits away. Closest first.
func (ix *index) similarWords(norm string, nameLike bool) []string {
	if len(norm) < 4 {
		return nil
	}
	budget := analysis.TypoBudget(len([]rune(norm)))
	if nameLike && budget < 2 && len(norm) >= 6 {
		budget = 2
	}
	type hit struct {
		word string
		d    int
	}
	var hits []hit
	seen := map[string]bool{}
	consider := func(w string, max int) {
		if seen[w] || w == norm {
			return
		}
		seen[w] = true
		if d := analysis.Distance(norm, w, max); d <= max {
			hits = append(hits, hit{w, d})
		}
	}
	if budget > 0 {
		k := keyOf(norm)
		for n := max(1, k.length-budget); n <= k.length+budget; n++ {
			for _, w := range ix.byInitial[initialKey{k.first, n}] {
				consider(w, budget)
			}
		}
	}
	// Sounding alike earns a second edit only for names ("mathias"/
	// "matthias"); for words it would make "läuft" into "Luft".
	soundBudget := budget
	if nameLike {
		soundBudget = 2
	}
	for _, w := range ix.phonetic[analysis.Phonetic(norm)] {
		consider(w, soundBudget)
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return len(ix.postings[ix.words[hits[i].word]]) > len(ix.postings[ix.words[hits[j].word]])
	})
	out := make([]string, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.word)
	}
	return out
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// initialKey buckets words by first byte and length in runes.
type initialKey struct {
	first  byte
	length int
}

func keyOf(word string) initialKey {
	return initialKey{word[0], utf8.RuneCountInString(word)}
}

// sentencesOfClass lists, ascending, the sentences with a word of class c.
func (ix *index) sentencesOfClass(c lexicon.Class) []int {
	var out []int
	for norm, cls := range ix.links.classes {
		if cls&c == 0 {
			continue
		}
		for _, p := range ix.postings[ix.words[norm]] {
			out = append(out, int(p.sentence))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
