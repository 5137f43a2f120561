package corpus

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"iafbot/knowledge"
)

// BenchmarkMemoryPerTextMB measures what the knowledge base keeps in
// memory per byte of synopsis text (heap-x-text; the goal is below 10).
// The corpus is the embedded synopses copied until it holds about 1 MiB.
// Run: go test -run '^$' -bench MemoryPerTextMB -benchtime 1x ./internal/corpus
func BenchmarkMemoryPerTextMB(b *testing.B) {
	seeds, err := filepath.Glob("../../knowledge/synopses/*.txt")
	if err != nil || len(seeds) == 0 {
		b.Fatalf("no seeds: %v", err)
	}
	var texts [][]byte
	for _, p := range seeds {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, t)
	}
	var docs []knowledge.Document
	size := 0
	for i := 0; size < 1<<20; i++ {
		t := texts[i%len(texts)]
		docs = append(docs, knowledge.Document{Name: fmt.Sprintf("%04d.txt", i), Text: t})
		size += len(t)
	}
	// The lexicon (about 11 MB, shared by every base) loads with the first
	// build; warm it so the figure is what the text costs.
	if _, err := knowledge.Build(docs[:1]); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		kb, err := knowledge.Build(docs)
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(kb)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/float64(size), "heap-x-text")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(size), "alloc-x-text")
		b.ReportMetric(float64(size)/(1<<20), "text-MiB")
	}
}
