package knowledge

import "container/heap"

// accumulator sums BM25 scores per sentence in dense arrays: on a large
// corpus a question touches tens of thousands of postings, and map updates
// cost more than the scoring itself. Accumulators are pooled per index so a
// question allocates nothing for them.
type accumulator struct {
	score   []float64
	best    []float64 // the current term's best spelling per sentence
	scored  []bool
	hit     []bool
	marked  []bool // scratch for callers' dedup; left all false
	touched []int  // sentences with a score, in first-touch order
	termHit []int  // sentences the current term reached
}

func (ix *index) accumulator() *accumulator {
	if a, ok := ix.accumulators.Get().(*accumulator); ok && len(a.score) == len(ix.sentLen) {
		return a
	}
	n := len(ix.sentLen)
	return &accumulator{score: make([]float64, n), best: make([]float64, n), scored: make([]bool, n), hit: make([]bool, n), marked: make([]bool, n)}
}

// release clears what the question wrote and returns a to the pool.
func (ix *index) release(a *accumulator) {
	for _, s := range a.touched {
		a.score[s] = 0
		a.scored[s] = false
	}
	a.touched = a.touched[:0]
	ix.accumulators.Put(a)
}

// addTerms scores every sentence holding a question word, each question
// word counted once per sentence with its best spelling.
func (a *accumulator) addTerms(ix *index, terms []queryTerm) {
	for _, t := range terms {
		for stem := range t.stems {
			idf := ix.idf(stem)
			for _, p := range ix.postings[stem] {
				s := int(p.sentence)
				v := idf * ix.bm25(float64(p.tf), s)
				if !a.hit[s] {
					a.hit[s] = true
					a.termHit = append(a.termHit, s)
					a.best[s] = v
				} else if v > a.best[s] {
					a.best[s] = v
				}
			}
		}
		for _, s := range a.termHit {
			if !a.scored[s] {
				a.scored[s] = true
				a.touched = append(a.touched, s)
			}
			a.score[s] += a.best[s]
			a.best[s] = 0
			a.hit[s] = false
		}
		a.termHit = a.termHit[:0]
	}
}

// top returns the n best of ids by score (ties: lower id first), best
// first, in O(len(ids) log n).
func (a *accumulator) top(ids []int, n int) []int {
	h := &minHeap{score: a.score}
	for _, s := range ids {
		if h.Len() < n {
			heap.Push(h, s)
		} else if h.less(h.ids[0], s) {
			h.ids[0] = s
			heap.Fix(h, 0)
		}
	}
	out := make([]int, h.Len())
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop(h).(int)
	}
	return out
}

// minHeap keeps the worst of the kept sentences on top.
type minHeap struct {
	ids   []int
	score []float64
}

// less: sentence x ranks below y.
func (h *minHeap) less(x, y int) bool {
	if h.score[x] != h.score[y] {
		return h.score[x] < h.score[y]
	}
	return x > y
}

func (h *minHeap) Len() int           { return len(h.ids) }
func (h *minHeap) Less(i, j int) bool { return h.less(h.ids[i], h.ids[j]) }
func (h *minHeap) Swap(i, j int)      { h.ids[i], h.ids[j] = h.ids[j], h.ids[i] }
func (h *minHeap) Push(x any)         { h.ids = append(h.ids, x.(int)) }
func (h *minHeap) Pop() any {
	x := h.ids[len(h.ids)-1]
	h.ids = h.ids[:len(h.ids)-1]
	return x
}
