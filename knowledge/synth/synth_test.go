package synth_test

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"iafbot/knowledge"
	"iafbot/knowledge/synth"
)

func TestGenerateDeterministic(t *testing.T) {
	a, b := synth.Generate(300, 42), synth.Generate(300, 42)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("same seed gave different corpora")
	}
	c := synth.Generate(300, 43)
	if a[0].Text == c[0].Text {
		t.Error("different seeds gave the same first episode")
	}
	// Episode i does not depend on n.
	small := synth.Generate(20, 42)
	for i := range small {
		if small[i].Text != a[i].Text || small[i].Name != a[i].Name {
			t.Fatalf("episode %d differs between n=20 and n=300", i)
		}
	}
}

func TestGenerateShape(t *testing.T) {
	for _, n := range []int{0, 1, 7, 250} {
		if got := len(synth.Generate(n, 1)); got != n {
			t.Errorf("Generate(%d) gave %d episodes", n, got)
		}
	}
	eps := synth.Generate(250, 1)
	names := map[string]bool{}
	for _, ep := range eps {
		if names[ep.Name] {
			t.Errorf("duplicate file name %s", ep.Name)
		}
		names[ep.Name] = true
		if strings.TrimSpace(ep.Text) == "" || !utf8.ValidString(ep.Text) {
			t.Fatalf("%s: empty or invalid UTF-8", ep.Name)
		}
		paras := strings.Split(strings.TrimSpace(ep.Text), "\n")
		if len(paras) < 3 || len(paras) > 6 {
			t.Errorf("%s: %d paragraphs, want 3..6", ep.Name, len(paras))
		}
		for _, p := range paras {
			if strings.TrimSpace(p) == "" {
				t.Errorf("%s: empty paragraph", ep.Name)
			}
		}
		if strings.Contains(ep.Text, "{") || strings.Contains(ep.Text, "}") {
			t.Errorf("%s: unfilled template variable in %q", ep.Name, ep.Text)
		}
		if len(ep.Questions) < 5 {
			t.Errorf("%s: only %d questions", ep.Name, len(ep.Questions))
		}
		lower := strings.ToLower(ep.Text)
		for _, q := range ep.Questions {
			if q.Episode != ep.Name {
				t.Errorf("%s: question %q names episode %q", ep.Name, q.Question, q.Episode)
			}
			if !q.Answerable() {
				continue
			}
			found := false
			for _, e := range q.Expect {
				found = found || strings.Contains(lower, strings.ToLower(e))
			}
			if !found {
				t.Errorf("%s: no expected phrase %v of %q in the text", ep.Name, q.Expect, q.Question)
			}
		}
	}
}

// TestGenerateVariety checks that a large corpus does not repeat itself:
// many distinct patients and surnames, and recurring doctors.
func TestGenerateVariety(t *testing.T) {
	eps := synth.Generate(5000, 7)
	surnames := map[string]bool{}
	texts := map[string]bool{}
	for _, ep := range eps {
		surnames[strings.SplitN(strings.TrimSuffix(ep.Name, ".txt"), "_", 2)[1]] = true
		texts[ep.Text] = true
	}
	if len(surnames) != len(eps) {
		t.Errorf("%d patient surnames in %d episodes: patients share names", len(surnames), len(eps))
	}
	if len(texts) != len(eps) {
		t.Errorf("%d duplicate texts", len(eps)-len(texts))
	}
}

func docs(eps []synth.Episode) []knowledge.Document {
	out := make([]knowledge.Document, len(eps))
	for i, ep := range eps {
		out[i] = knowledge.Document{Name: ep.Name, Text: []byte(ep.Text)}
	}
	return out
}

// TestEngineOnSynthetic builds the engine from 200 generated episodes and
// asks every generated question. The floor is below what was measured
// (see bench/RESULTS.md) so engine changes that lose accuracy on the
// synthetic corpus fail here.
func TestEngineOnSynthetic(t *testing.T) {
	eps := synth.Generate(200, 1)
	base, err := knowledge.Build(docs(eps))
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range eps {
		got, ok := base.Episode(strings.TrimSuffix(ep.Name, ".txt"))
		if !ok {
			t.Fatalf("%s missing from the base", ep.Name)
		}
		if n := len(got.Sentences); n < 15 || n > 30 {
			t.Errorf("%s: %d sentences, want 15..30", ep.Name, n)
		}
	}
	type tally struct{ ok, n int }
	kinds := map[string]*tally{}
	total := tally{}
	var failures bytes.Buffer
	for _, q := range synth.Questions(eps) {
		a := base.Ask(q.Question)
		k := kinds[q.Kind]
		if k == nil {
			k = &tally{}
			kinds[q.Kind] = k
		}
		k.n++
		total.n++
		if q.Correct(a.Answered, a.Text) {
			k.ok++
			total.ok++
		} else if testing.Verbose() {
			fmt.Fprintf(&failures, "  %-55s want %v, got answered=%v %q\n", q.Question, q.Expect, a.Answered, a.Text)
		}
	}
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Logf("%-14s %4d/%4d = %5.1f%%", k, kinds[k].ok, kinds[k].n, 100*float64(kinds[k].ok)/float64(kinds[k].n))
	}
	acc := float64(total.ok) / float64(total.n)
	t.Logf("%-14s %4d/%4d = %5.1f%%", "all", total.ok, total.n, 100*acc)
	if testing.Verbose() && failures.Len() > 0 {
		t.Logf("failures:\n%s", failures.String())
	}
	if acc < floor {
		t.Errorf("accuracy %.1f%% below the floor %.0f%%", 100*acc, 100*floor)
	}
}

// floor guards against regressions only. The learned engine of issue 13 is
// fitted on the question bank, not on these generated sentences. Measured
// 59.6% while the pools still paraphrased the seeds, 63.6% (62.8% with the
// scorer then under work) since issue 9 rewrote them with vocabulary and
// sentence shapes of their own (passive, relative clauses, separable verbs,
// indirect speech; see TestNoSeedWords). The model of 2026-11-30 reached
// 66.9%; a retrain that moved it to 58% was a real regression (the
// acceptor had learned to distrust every illness question), which is what
// the floor is for. With the trap head and definite descriptions: 72.9–75.9%; 76.8% after seed words in the pools were replaced by synonyms.
const floor = 0.65

func TestReadEval(t *testing.T) {
	in := `{"q": "Wer ist Lena?", "expect_any": ["Tochter"]}

{"q": "Wie heißt der Hund von Lena?", "answerable": false}
`
	qs, err := synth.ReadEval(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || !qs[0].Answerable() || qs[1].Answerable() {
		t.Fatalf("got %+v", qs)
	}
	if !qs[0].Correct(true, "Lena ist seine TOCHTER.") || qs[0].Correct(false, "Tochter") || qs[0].Correct(true, "Sohn") {
		t.Error("Correct scores an answerable question wrongly")
	}
	if !qs[1].Correct(false, "") || qs[1].Correct(true, "Bello") {
		t.Error("Correct scores an unanswerable question wrongly")
	}
	for _, bad := range []string{`{"q": ""}`, `{"q": "x"}`, `nope`} {
		if _, err := synth.ReadEval(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadEval(%q) gave no error", bad)
		}
	}
}
