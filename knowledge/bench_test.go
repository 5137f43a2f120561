package knowledge_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"iafbot/knowledge"
	"iafbot/knowledge/synth"
)

// Benchmarks on a synthetic corpus: the three seed synopses plus N
// generated episodes (knowledge/synth, seed 1). Targets at 5,000 episodes:
// p99 under 1 ms per question, build under 2 s, heap after build under
// 200 MB. Run:
//
//	go test ./knowledge -run '^$' -bench . -benchtime=2000x
//
// The figures measured are in bench/RESULTS.md.

const benchSeed = 1

var benchSizes = []int{500, 5000}

// corpus is built once per size and shared by all benchmarks and -count
// repetitions.
type corpus struct {
	once      sync.Once
	docs      []knowledge.Document
	base      *knowledge.Base
	questions []synth.QA // the fixed mix asked by BenchmarkAsk
	err       error
}

var (
	corporaMu sync.Mutex
	corpora   = map[int]*corpus{}
)

func loadCorpus(b *testing.B, n int) *corpus {
	b.Helper()
	corporaMu.Lock()
	c := corpora[n]
	if c == nil {
		c = &corpus{}
		corpora[n] = c
	}
	corporaMu.Unlock()
	c.once.Do(func() {
		c.docs, c.err = seedDocuments()
		if c.err != nil {
			return
		}
		eps := synth.Generate(n, benchSeed)
		for _, ep := range eps {
			c.docs = append(c.docs, knowledge.Document{Name: ep.Name, Text: []byte(ep.Text)})
		}
		c.questions = questionMix(eps)
		c.base, c.err = knowledge.Build(c.docs)
	})
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c
}

// seedDocuments reads the embedded default corpus from the package
// directory, so the dev questions have their answers in every base.
func seedDocuments() ([]knowledge.Document, error) {
	fsys := os.DirFS("synopses")
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	var docs []knowledge.Document
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		docs = append(docs, knowledge.Document{Name: name, Text: data})
	}
	return docs, nil
}

// extraQuestions are keyword queries, typos and questions the synopses do
// not answer, about the seed episodes.
var extraQuestions = []synth.QA{
	{Question: "scholze krankheit", Expect: []string{"Leukämie", "Waldenström"}, Kind: "keyword"},
	{Question: "heilman", Expect: []string{"Heilmann", "Sachsenklinik", "Arzt"}, Kind: "typo"},
	{Question: "wer ist kathrin", Expect: []string{"Ärztin", "Roland", "Heilmann", "Lukas"}, Kind: "typo"},
	{Question: "Was liebt Stefan?", Expect: []string{"Musik"}, Kind: "typo"},
	{Question: "lukas usa", Expect: []string{"USA"}, Kind: "keyword"},
	{Question: "Wie viele Staffeln hat die Serie?", Kind: "unanswerable"},
	{Question: "Auf welchem Sender läuft In aller Freundschaft?", Kind: "unanswerable"},
	{Question: "Wie alt ist Maja?", Kind: "unanswerable"},
	{Question: "Wer ist Bruno Pfefferkorn?", Kind: "unanswerable"},
}

// questionMix is the fixed list BenchmarkAsk cycles through: the dev
// questions (when ../shared is there), the extra questions above, and the
// generated questions of 40 episodes spread over the corpus. Its size and
// make-up are the same for every corpus size.
func questionMix(eps []synth.Episode) []synth.QA {
	var mix []synth.QA
	if f, err := os.Open(filepath.Join("..", "..", "shared", "eval", "dev.jsonl")); err == nil {
		dev, err := synth.ReadEval(f)
		f.Close()
		if err == nil {
			mix = append(mix, dev...)
		}
	}
	mix = append(mix, extraQuestions...)
	const sample = 40
	for i := range sample {
		mix = append(mix, eps[i*len(eps)/sample].Questions...)
	}
	return mix
}

func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
			c := loadCorpus(b, n)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			var base *knowledge.Base
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				var err error
				base, err = knowledge.Build(c.docs)
				if err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			runtime.ReadMemStats(&after)
			heap := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / (1 << 20)
			runtime.KeepAlive(base)
			b.ReportMetric(heap, "heap-MB")
			b.ReportMetric(float64(base.Stats().Sentences), "sentences")
		})
	}
}

func BenchmarkAsk(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("episodes=%d", n), func(b *testing.B) {
			c := loadCorpus(b, n)
			lat := make([]time.Duration, 0, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				q := c.questions[i%len(c.questions)].Question
				start := time.Now()
				c.base.Ask(q)
				lat = append(lat, time.Since(start))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(percentile(lat, 0.50).Nanoseconds()), "p50-ns")
			b.ReportMetric(float64(percentile(lat, 0.99).Nanoseconds()), "p99-ns")
			b.ReportMetric(float64(lat[len(lat)-1].Nanoseconds()), "max-ns")
		})
	}
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}
