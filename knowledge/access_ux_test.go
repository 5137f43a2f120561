package knowledge

import "testing"

func TestRankedLeadsWithAsk(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	q := "Wer ist die Tochter von Herrn Scholze?"
	a := b.Ask(q)
	r := b.Ranked(q, 5)
	if !a.Answered || len(r) < 2 {
		t.Fatalf("answer %+v, ranked %d", a, len(r))
	}
	if r[0].Text != a.Text || r[0].EpisodeID != a.EpisodeID {
		t.Errorf("first ranked %q (%s), Ask %q (%s)", r[0].Text, r[0].EpisodeID, a.Text, a.EpisodeID)
	}
	for i := 1; i < len(r); i++ {
		if r[i].Score > r[i-1].Score {
			t.Errorf("not sorted at %d", i)
		}
	}
	ep, _ := b.Episode(r[0].EpisodeID)
	if r[0].Sentence < 0 || r[0].Sentence >= len(ep.Sentences) {
		t.Errorf("sentence %d of %d", r[0].Sentence, len(ep.Sentences))
	}
	if b.ModelVersion() == "" {
		t.Error("no model version")
	}
}

func TestRankedHasNoRepeatedText(t *testing.T) {
	b, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range b.Ranked("Wer ist die Tochter von Herrn Scholze?", 10) {
		if seen[r.Text] {
			t.Errorf("repeated %q", r.Text)
		}
		seen[r.Text] = true
	}
}
