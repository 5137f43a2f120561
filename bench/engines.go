// Package bench compares the iafbot knowledge engine with bleve v2 (BM25,
// German analyzer) on the same synthetic corpus and on the dev questions.
// It is a separate module so the product's go.mod stays lean; run it with
//
//	cd bench && go test -bench .
//
// Results are recorded in RESULTS.md.
package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"iafbot/knowledge"
	"iafbot/knowledge/synth"
)

// Seed of the synthetic corpus; the same as knowledge/bench_test.go.
const corpusSeed = 1

// Paths relative to this directory.
var (
	seedDir = filepath.Join("..", "knowledge", "synopses")
	devPath = filepath.Join("..", "..", "shared", "eval", "dev.jsonl")
)

// Reply is what either engine says to a question.
type Reply struct {
	Answered bool
	Text     string
	Score    float64
}

// Corpus is the seed synopses plus n generated episodes.
type Corpus struct {
	Docs     []knowledge.Document
	Episodes []synth.Episode
}

func LoadCorpus(n int) (*Corpus, error) {
	c := &Corpus{}
	fsys := os.DirFS(seedDir)
	names, err := fs.Glob(fsys, "*.txt")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		c.Docs = append(c.Docs, knowledge.Document{Name: name, Text: data})
	}
	if n > 0 {
		c.Episodes = synth.Generate(n, corpusSeed)
		for _, ep := range c.Episodes {
			c.Docs = append(c.Docs, knowledge.Document{Name: ep.Name, Text: []byte(ep.Text)})
		}
	}
	return c, nil
}

// DevQuestions reads ../../shared/eval/dev.jsonl.
func DevQuestions() ([]synth.QA, error) {
	f, err := os.Open(devPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return synth.ReadEval(f)
}

// Iafbot is the product's engine.
type Iafbot struct{ Base *knowledge.Base }

func NewIafbot(c *Corpus) (*Iafbot, error) {
	base, err := knowledge.Build(c.Docs)
	if err != nil {
		return nil, err
	}
	return &Iafbot{Base: base}, nil
}

func (e *Iafbot) Ask(q string) Reply {
	a := e.Base.Ask(q)
	return Reply{Answered: a.Answered, Text: a.Text, Score: a.Score}
}

// Bleve indexes one document per sentence (the engine's own sentence
// split, so both see the same units) with bleve's German analyzer and
// BM25 scoring, in memory (scorch without a path).
type Bleve struct {
	Index     bleve.Index
	sentences []sentence
	// Threshold: a top hit scoring below it counts as an abstention.
	// Zero never abstains (unless nothing matches at all).
	Threshold float64
	// TieBreak sorts equal scores by document ID, for reproducible
	// accuracy: bleve's own order among equal scores depends on how the
	// concurrent indexing laid out its segments, and repeated filler
	// sentences tie often. It costs about 1 ms a query at 5,000 episodes,
	// so the speed benchmarks leave it off.
	TieBreak bool
}

type sentence struct {
	text    string
	episode int
}

// BleveMapping: field "text" analysed with "de", field "episode" kept as
// a keyword; BM25 as the scoring model.
func BleveMapping() mapping.IndexMapping {
	text := bleve.NewTextFieldMapping()
	text.Analyzer = de.AnalyzerName
	text.Store = false
	text.IncludeTermVectors = false
	ep := bleve.NewKeywordFieldMapping()
	ep.Store = false
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt("text", text)
	doc.AddFieldMappingsAt("episode", ep)
	m := bleve.NewIndexMapping()
	m.DefaultMapping = doc
	m.DefaultAnalyzer = de.AnalyzerName
	m.ScoringModel = index.BM25Scoring
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	return m
}

// NewBleve indexes the sentences of base's episodes.
func NewBleve(base *knowledge.Base) (*Bleve, error) {
	idx, err := bleve.NewUsing("", BleveMapping(), scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, err
	}
	b := &Bleve{Index: idx}
	batch := idx.NewBatch()
	for ei, ep := range base.Episodes() {
		for _, s := range ep.Sentences {
			id := strconv.Itoa(len(b.sentences))
			b.sentences = append(b.sentences, sentence{text: s, episode: ei})
			if err := batch.Index(id, map[string]any{"text": s, "episode": ep.ID}); err != nil {
				return nil, err
			}
			if batch.Size() >= 2000 {
				if err := idx.Batch(batch); err != nil {
					return nil, err
				}
				batch.Reset()
			}
		}
	}
	if err := idx.Batch(batch); err != nil {
		return nil, err
	}
	return b, nil
}

// Ask runs a match query on the text field and answers with the top
// sentence, plus the one before it when both fit in 400 characters.
func (b *Bleve) Ask(q string) Reply {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	req := bleve.NewSearchRequestOptions(mq, 1, 0, false)
	if b.TieBreak {
		req.SortBy([]string{"-_score", "_id"})
	}
	res, err := b.Index.Search(req)
	if err != nil || len(res.Hits) == 0 {
		return Reply{}
	}
	hit := res.Hits[0]
	i, err := strconv.Atoi(hit.ID)
	if err != nil || i < 0 || i >= len(b.sentences) {
		panic(fmt.Sprintf("bleve returned unknown id %q", hit.ID))
	}
	text := b.sentences[i].text
	if i > 0 && b.sentences[i-1].episode == b.sentences[i].episode {
		if both := b.sentences[i-1].text + " " + text; utf8.RuneCountInString(both) <= knowledge.MaxAnswerLen {
			text = both
		}
	}
	return Reply{Answered: hit.Score >= b.Threshold, Text: text, Score: hit.Score}
}
