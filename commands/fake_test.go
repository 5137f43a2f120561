package commands

import (
	"strings"

	"iafbot/knowledge"
)

// fakeEngine is a tiny hand-made knowledge base for unit tests.
type fakeEngine struct {
	episodes   []*knowledge.Episode
	characters []*knowledge.Character
	panicOn    string // Ask panics when the question contains it
}

func newFake() *fakeEngine {
	eps := []*knowledge.Episode{
		{ID: "000_scholze", Number: 1, Title: "Herr Scholze und Maja", Characters: []string{"Herr Scholze", "Maja"},
			Sentences: []string{"Herr Scholze stürzt in seiner Wohnung.", "Maja malt Bilder für ihren Vater."}},
		{ID: "002_wege", Number: 3, Title: "Wege des Lebens", Aired: "2015",
			Characters: []string{"Dr. Roland Heilmann", "Katrin", "Lukas", "Frau Schmidt"},
			Sentences:  []string{"Dr. Roland Heilmann steht vor einer der schwersten Wochen seines Lebens.", "Seine Ehe mit Katrin steht auf der Kippe."}},
	}
	chars := []*knowledge.Character{
		{Name: "Katrin", Aliases: []string{"Katrin", "Katrin Heilmann"}, Roles: []string{"Ärztin"},
			Relations: []knowledge.Relation{{Kind: "Ehemann", Other: "Dr. Roland Heilmann"}, {Kind: "Sohn", Other: "Lukas"}},
			Episodes:  []string{"002_wege"}, Mentions: 6},
		{Name: "Dr. Roland Heilmann", Aliases: []string{"Roland", "Heilmann"}, Roles: []string{"Arzt"},
			Relations: []knowledge.Relation{{Kind: "Ehefrau", Other: "Katrin"}}, Episodes: []string{"002_wege"}, Mentions: 9},
		{Name: "Maja", Roles: []string{"Mädchen"}, Relations: []knowledge.Relation{{Kind: "Vater", Other: "Herr Scholze"}},
			Episodes: []string{"000_scholze"}, Mentions: 8},
		{Name: "Herr Scholze", Roles: []string{"Patient"}, Relations: []knowledge.Relation{{Kind: "Ex-Frau"}},
			Episodes: []string{"000_scholze"}, Mentions: 7},
	}
	return &fakeEngine{episodes: eps, characters: chars}
}

func (f *fakeEngine) Ask(q string) knowledge.Answer {
	if f.panicOn != "" && strings.Contains(q, f.panicOn) {
		panic("fake engine exploded")
	}
	lq := strings.ToLower(q)
	switch {
	case strings.Contains(lq, "maja"):
		return knowledge.Answer{Question: q, Answered: true, Text: "Maja ist die kleine Tochter von Herrn Scholze.",
			EpisodeID: "000_scholze", EpisodeTitle: "Herr Scholze und Maja", Score: 3, Suggestions: []string{"Maja"}}
	case strings.Contains(lq, "kathrin"):
		return knowledge.Answer{Question: q, Text: knowledge.NotInSynopses, Suggestions: []string{"Katrin"}}
	}
	return knowledge.Answer{Question: q, Text: knowledge.NotInSynopses}
}

func (f *fakeEngine) Episodes() []*knowledge.Episode { return f.episodes }

func (f *fakeEngine) Episode(id string) (*knowledge.Episode, bool) {
	for _, e := range f.episodes {
		if e.ID == id {
			return e, true
		}
	}
	return nil, false
}

func (f *fakeEngine) FindEpisodes(q string, limit int) []*knowledge.Episode {
	var out []*knowledge.Episode
	lq := strings.ToLower(q)
	for _, e := range f.episodes {
		if lq != "" && (strings.Contains(strings.ToLower(e.Title), lq) || strings.Contains(strings.ToLower(strings.Join(e.Characters, " ")), lq)) {
			out = append(out, e)
		}
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out
}

func (f *fakeEngine) Characters() []*knowledge.Character { return f.characters }

func (f *fakeEngine) FindCharacter(name string) (*knowledge.Character, bool) {
	ln := strings.ToLower(strings.ReplaceAll(name, "th", "t"))
	for _, c := range f.characters {
		if strings.ToLower(c.Name) == ln {
			return c, true
		}
		for _, a := range c.Aliases {
			if strings.ToLower(a) == ln {
				return c, true
			}
		}
	}
	return nil, false
}

func (f *fakeEngine) CharacterFacts(c *knowledge.Character, limit int) []knowledge.Fact {
	var out []knowledge.Fact
	for _, e := range f.episodes {
		for _, s := range e.Sentences {
			if strings.Contains(s, c.Name) && len(out) < limit {
				out = append(out, knowledge.Fact{Text: s, EpisodeID: e.ID})
			}
		}
	}
	return out
}

func (f *fakeEngine) CompleteCharacters(prefix string, limit int) []knowledge.Choice {
	var out []knowledge.Choice
	for _, c := range f.characters {
		if strings.HasPrefix(strings.ToLower(c.Name), strings.ToLower(prefix)) && len(out) < limit {
			out = append(out, knowledge.Choice{Name: c.Name, Value: c.Name})
		}
	}
	return out
}

func (f *fakeEngine) CompleteEpisodes(prefix string, limit int) []knowledge.Choice {
	var out []knowledge.Choice
	for _, e := range f.FindEpisodes(prefix, limit) {
		out = append(out, knowledge.Choice{Name: e.Title, Value: e.ID})
	}
	return out
}

func (f *fakeEngine) Summary(id string, n int) string {
	e, ok := f.Episode(id)
	if !ok {
		return ""
	}
	return strings.Join(e.Sentences[:min(n, len(e.Sentences))], " ")
}

func (f *fakeEngine) Stats() knowledge.Stats {
	return knowledge.Stats{Episodes: len(f.episodes), Characters: len(f.characters), Sentences: 4, Terms: 40}
}

func (f *fakeEngine) Ranked(q string, limit int) []knowledge.Ranked {
	a := f.Ask(q)
	if a.EpisodeID == "" {
		return nil
	}
	out := []knowledge.Ranked{{Text: a.Text, EpisodeID: a.EpisodeID, Score: 3}}
	for _, e := range f.episodes {
		for i, s := range e.Sentences {
			if len(out) < limit && s != a.Text {
				out = append(out, knowledge.Ranked{Text: s, EpisodeID: e.ID, Sentence: i, Score: 1 - float64(len(out))/10})
			}
		}
	}
	return out
}

func (f *fakeEngine) ModelVersion() string { return "fake-1" }
