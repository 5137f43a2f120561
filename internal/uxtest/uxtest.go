// Package uxtest provides the knowledge base the end-to-end tests of the
// answer components share: the embedded seeds plus one episode with a
// second "Maja", so that "Wer ist Maja?" needs a choice.
package uxtest

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"

	"iafbot/knowledge"
)

// BergerEpisode is the extra synopsis; its last sentence is the ending.
const BergerEpisode = `---
title: Maja Berger kommt zurück
episode: 4
---
Die Krankenschwester Maja Berger kehrt nach einem Jahr in Hamburg an die Sachsenklinik zurück. Maja Berger freut sich auf ihre alten Kollegen. Doch schon am ersten Tag muss sie einen schweren Unfall versorgen. Ein junger Motorradfahrer wird mit einem Beckenbruch eingeliefert. Maja Berger bleibt die ganze Nacht an seinem Bett. Am Ende der Folge entscheidet sie sich, für immer in Leipzig zu bleiben.
`

var (
	once sync.Once
	base *knowledge.Base
	err  error
)

// Base returns the seeds plus BergerEpisode, built once per test binary.
func Base(tb testing.TB) *knowledge.Base {
	tb.Helper()
	once.Do(func() {
		_, file, _, _ := runtime.Caller(0)
		seeds, _ := filepath.Glob(filepath.Join(filepath.Dir(file), "..", "..", "knowledge", "synopses", "*.txt"))
		var docs []knowledge.Document
		for _, s := range seeds {
			b, rerr := os.ReadFile(s)
			if rerr != nil {
				err = rerr
				return
			}
			docs = append(docs, knowledge.Document{Name: filepath.Base(s), Text: b})
		}
		docs = append(docs, knowledge.Document{Name: "003_berger.txt", Text: []byte(BergerEpisode)})
		base, err = knowledge.Build(docs)
	})
	if err != nil {
		tb.Fatalf("uxtest: %v", err)
	}
	return base
}
