package bench

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"iafbot/knowledge/synth"
)

// episodes is the size of the synthetic corpus (BENCH_EPISODES overrides).
var episodes = envInt("BENCH_EPISODES", 5000)

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}

// setup is built once and shared by all benchmarks (and -count runs).
type setup struct {
	corpus *Corpus
	iafbot *Iafbot
	bleve  *Bleve
	// mix is the fixed question list of the Ask benchmarks: dev questions,
	// extra keyword/typo/unanswerable ones and the generated questions of
	// 40 episodes (as in knowledge/bench_test.go).
	mix []synth.QA
	// tune and eval are generated questions of two disjoint sets of 200
	// episodes: bleve's abstention threshold is chosen on tune and every
	// synthetic accuracy is measured on eval.
	tune, eval []synth.QA
	dev        []synth.QA
	// seedsOnly are both engines built from the three seeds alone, the
	// product's default corpus, for dev accuracy as the bot sees it.
	seedsIafbot *Iafbot
	seedsBleve  *Bleve
}

var (
	setupOnce sync.Once
	shared    *setup
	setupErr  error
)

func getSetup(b *testing.B) *setup {
	b.Helper()
	setupOnce.Do(func() { shared, setupErr = newSetup() })
	if setupErr != nil {
		b.Fatal(setupErr)
	}
	return shared
}

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

func newSetup() (*setup, error) {
	s := &setup{}
	var err error
	if s.dev, err = DevQuestions(); err != nil {
		return nil, fmt.Errorf("dev questions: %w", err)
	}
	if s.corpus, err = LoadCorpus(episodes); err != nil {
		return nil, err
	}
	if s.iafbot, err = NewIafbot(s.corpus); err != nil {
		return nil, err
	}
	if s.bleve, err = NewBleve(s.iafbot.Base); err != nil {
		return nil, err
	}
	seeds, err := LoadCorpus(0)
	if err != nil {
		return nil, err
	}
	if s.seedsIafbot, err = NewIafbot(seeds); err != nil {
		return nil, err
	}
	if s.seedsBleve, err = NewBleve(s.seedsIafbot.Base); err != nil {
		return nil, err
	}
	eps := s.corpus.Episodes
	s.mix = append(slices.Clone(s.dev), extraQuestions...)
	for i := range 40 {
		s.mix = append(s.mix, eps[i*len(eps)/40].Questions...)
	}
	const sample = 200
	step := max(2, len(eps)/sample)
	for i := 0; i+step/2 < len(eps) && i/step < sample; i += step {
		s.tune = append(s.tune, eps[i].Questions...)
		s.eval = append(s.eval, eps[i+step/2].Questions...)
	}
	s.bleve.TieBreak = true
	s.bleve.Threshold = tuneThreshold(s.bleve, s.tune)
	s.bleve.TieBreak = false
	s.seedsBleve.Threshold = s.bleve.Threshold
	return s, nil
}

// tuneThreshold picks the bleve score below which abstaining gives the best
// accuracy on the tuning questions (synthetic only, never the dev set).
func tuneThreshold(b *Bleve, qs []synth.QA) float64 {
	saved := b.Threshold
	b.Threshold = 0
	defer func() { b.Threshold = saved }()
	type obs struct {
		score      float64
		answerable bool
		textOK     bool // the text would be a correct answer
	}
	var all []obs
	for _, q := range qs {
		r := b.Ask(q.Question)
		all = append(all, obs{r.Score, q.Answerable(), q.Answerable() && r.Answered && q.Correct(true, r.Text)})
	}
	candidates := []float64{0}
	for _, o := range all {
		candidates = append(candidates, o.score+1e-9)
	}
	sort.Float64s(candidates)
	best, bestCorrect := 0.0, -1
	for _, t := range candidates {
		correct := 0
		for _, o := range all {
			if o.answerable && o.textOK && o.score >= t || !o.answerable && o.score < t {
				correct++
			}
		}
		if correct > bestCorrect {
			best, bestCorrect = t, correct
		}
	}
	return best
}

func BenchmarkIafbotBuild(b *testing.B) {
	s := getSetup(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var e *Iafbot
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		var err error
		if e, err = NewIafbot(s.corpus); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpuTime()-cpu)
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(e)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
	b.ReportMetric(float64(len(s.corpus.Docs)), "episodes")
}

func BenchmarkBleveIndex(b *testing.B) {
	s := getSetup(b)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var e *Bleve
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if e != nil {
			e.Index.Close()
		}
		var err error
		if e, err = NewBleve(s.iafbot.Base); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpuTime()-cpu)
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(int64(after.HeapAlloc)-int64(before.HeapAlloc))/(1<<20), "heap-MB")
	b.ReportMetric(float64(len(s.corpus.Docs)), "episodes")
	e.Index.Close()
}

type asker interface{ Ask(string) Reply }

func benchAsk(b *testing.B, e asker, mix []synth.QA) {
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		q := mix[i%len(mix)].Question
		start := time.Now()
		e.Ask(q)
		lat = append(lat, time.Since(start))
	}
	cpu = cpuTime() - cpu
	b.StopTimer()
	reportCPU(b, cpu)
	slices.Sort(lat)
	pct := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
}

// reportCPU adds cpu-ns/op, the process CPU time per operation (GC
// included): on a shared machine it is steadier than ns/op.
func reportCPU(b *testing.B, cpu time.Duration) {
	if cpu > 0 {
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkIafbotAsk(b *testing.B) {
	s := getSetup(b)
	benchAsk(b, s.iafbot, s.mix)
}

func BenchmarkBleveAsk(b *testing.B) {
	s := getSetup(b)
	benchAsk(b, s.bleve, s.mix)
}

// score asks every question once and returns the share answered
// correctly, per kind too, and the mean time per question.
func score(e asker, qs []synth.QA) (acc float64, byKind map[string][2]int, perQ time.Duration) {
	byKind = map[string][2]int{}
	ok := 0
	start := time.Now()
	for _, q := range qs {
		r := e.Ask(q.Question)
		k := byKind[q.Kind]
		if q.Correct(r.Answered, r.Text) {
			ok++
			k[0]++
		}
		k[1]++
		byKind[q.Kind] = k
	}
	return float64(ok) / float64(len(qs)), byKind, time.Since(start) / time.Duration(len(qs))
}

// BenchmarkAccuracy reports each engine's accuracy as metrics:
//
//	dev-acc     dev questions, engine built from the three seeds (the bot's default corpus)
//	dev-big-acc dev questions, seeds plus the synthetic corpus
//	synth-acc   generated questions of 200 held-out synthetic episodes
//
// ns/op is the mean time per question of the synthetic run. bleve answers
// with its top sentence; "bleve" never abstains unless nothing matches,
// "bleve-threshold" abstains below a score tuned on other synthetic
// episodes' questions.
func BenchmarkAccuracy(b *testing.B) {
	s := getSetup(b)
	noThreshold := *s.bleve
	noThreshold.Threshold = 0
	seedsNoThreshold := *s.seedsBleve
	seedsNoThreshold.Threshold = 0
	withThreshold, seedsWithThreshold := *s.bleve, *s.seedsBleve
	for _, e := range []*Bleve{&noThreshold, &seedsNoThreshold, &withThreshold, &seedsWithThreshold} {
		e.TieBreak = true
	}
	engines := []struct {
		name       string
		big, seeds asker
	}{
		{"iafbot", s.iafbot, s.seedsIafbot},
		{"bleve", &noThreshold, &seedsNoThreshold},
		{"bleve-threshold", &withThreshold, &seedsWithThreshold},
	}
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			var synthAcc, devAcc, devBigAcc float64
			var kinds map[string][2]int
			var perQ time.Duration
			for i := 0; i < b.N; i++ {
				synthAcc, kinds, perQ = score(e.big, s.eval)
				devAcc, _, _ = score(e.seeds, s.dev)
				devBigAcc, _, _ = score(e.big, s.dev)
			}
			b.ReportMetric(float64(perQ.Nanoseconds()), "ns/op")
			b.ReportMetric(devAcc, "dev-acc")
			b.ReportMetric(devBigAcc, "dev-big-acc")
			b.ReportMetric(synthAcc, "synth-acc")
			if e.name == "bleve-threshold" {
				b.ReportMetric(s.bleve.Threshold, "threshold")
			}
			b.Logf("%s on %d questions of %d held-out synthetic episodes (corpus: 3 seeds + %d):\n%s",
				e.name, len(s.eval), len(s.eval)/7, episodes, kindTable(kinds))
		})
	}
}

func kindTable(kinds map[string][2]int) string {
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	// Benchmark logs are cut after ten lines: four kinds per line.
	var sb strings.Builder
	for i, k := range names {
		sep := "  "
		if i%4 == 3 || i == len(names)-1 {
			sep = "\n"
		}
		fmt.Fprintf(&sb, "%-12s %4d/%4d %5.1f%%%s", k, kinds[k][0], kinds[k][1], 100*float64(kinds[k][0])/float64(kinds[k][1]), sep)
	}
	return sb.String()
}
