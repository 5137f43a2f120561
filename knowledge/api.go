package knowledge

import (
	"sort"
	"strconv"
	"strings"

	"github.com/sahilm/fuzzy"

	"iafbot/internal/completion"
	"iafbot/knowledge/analysis"
)

// Episodes returns all episodes in file-name order.
func (b *Base) Episodes() []*Episode { return b.episodes }

// Episode returns the episode with the given ID.
func (b *Base) Episode(id string) (*Episode, bool) {
	ep, ok := b.byID[id]
	return ep, ok
}

// Characters returns all characters, most mentioned first.
func (b *Base) Characters() []*Character {
	out := append([]*Character(nil), b.characters...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mentions > out[j].Mentions })
	return out
}

// Stats describes the size of the knowledge base.
func (b *Base) Stats() Stats {
	return Stats{Episodes: len(b.episodes), Characters: len(b.characters), Sentences: len(b.sentences), Terms: len(b.index.postings)}
}

// FindCharacter finds a character by any of their names, tolerating case,
// genitive and typos ("grethe" → Greta).
func (b *Base) FindCharacter(name string) (*Character, bool) {
	toks := analysis.Tokenize(name)
	if len(toks) == 0 {
		return nil, false
	}
	if ids, ok := b.lookupAlias(toks); ok {
		return b.characters[ids[0]], true
	}
	q := &query{tokens: toks}
	b.findEntities(q, make([]bool, len(toks)))
	if len(q.entities) > 0 {
		return b.characters[q.entities[0].char], true
	}
	matches := fuzzy.FindFrom(name, characterNames(b.characters))
	if len(matches) > 0 {
		return b.characters[matches[0].Index], true
	}
	return nil, false
}

// CharacterFacts returns up to limit sentences about a character, the most
// descriptive first, then in story order.
func (b *Base) CharacterFacts(c *Character, limit int) []Fact {
	if c == nil || limit <= 0 {
		return nil
	}
	var ids []int
	for s, sent := range b.sentences {
		if containsInt(sent.people[:sent.explicit], c.id) {
			ids = append(ids, s)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return c.describe[ids[i]] > c.describe[ids[j]] })
	var out []Fact
	for _, s := range firstN(ids, limit) {
		out = append(out, Fact{Text: b.sentences[s].text, EpisodeID: b.episodes[b.sentences[s].episode].ID})
	}
	return out
}

// FindEpisodes finds episodes by number, title (typo tolerant) or keywords
// and character names, best first.
func (b *Base) FindEpisodes(query string, limit int) []*Episode {
	query = strings.TrimSpace(query)
	if query == "" || limit <= 0 {
		return nil
	}
	score := map[int]float64{}
	if n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(strings.ToLower(query), "folge"), " ")); err == nil {
		for i, ep := range b.episodes {
			if ep.Number == n {
				score[i] += 100
			}
		}
	}
	for i, ep := range b.episodes {
		if strings.EqualFold(ep.ID, query) || strings.EqualFold(ep.Title, query) {
			score[i] += 50
		}
	}
	for _, m := range fuzzy.FindFrom(query, episodeTitles(b.episodes)) {
		score[m.Index] += 10 + float64(m.Score)/100
	}
	q := b.analyse(query)
	for _, e := range q.entities {
		c := b.characters[e.char]
		for _, id := range c.Episodes {
			for i, ep := range b.episodes {
				if ep.ID == id {
					score[i] += 5
				}
			}
		}
	}
	for _, t := range q.terms {
		for stem, kind := range t.stems {
			for _, p := range b.index.postings[stem] {
				score[b.sentences[p.sentence].episode] += kind.strength() * b.index.idf(stem) / 10
			}
		}
	}
	ids := make([]int, 0, len(score))
	for i := range score {
		ids = append(ids, i)
	}
	sort.Slice(ids, func(i, j int) bool {
		if score[ids[i]] != score[ids[j]] {
			return score[ids[i]] > score[ids[j]]
		}
		return ids[i] < ids[j]
	})
	var out []*Episode
	for _, i := range firstN(ids, limit) {
		out = append(out, b.episodes[i])
	}
	return out
}

// CompleteCharacters suggests character names for a typed prefix (fuzzy:
// "gre" → Greta); an empty prefix lists the most mentioned.
func (b *Base) CompleteCharacters(prefix string, limit int) []Choice {
	chars := b.Characters()
	names := make([]string, len(chars))
	for i, c := range chars {
		names[i] = c.Name
	}
	return complete(prefix, names, names, limit, func(prefix string) (string, bool) {
		if c, ok := b.FindCharacter(prefix); ok {
			return c.Name, true
		}
		return "", false
	})
}

// CompleteEpisodes suggests episodes for a typed prefix; the value is the
// episode ID.
func (b *Base) CompleteEpisodes(prefix string, limit int) []Choice {
	labels := make([]string, len(b.episodes))
	values := make([]string, len(b.episodes))
	for i, ep := range b.episodes {
		labels[i] = "Folge " + strconv.Itoa(ep.Number) + ": " + ep.Title
		values[i] = ep.ID
	}
	return complete(prefix, labels, values, limit, func(prefix string) (string, bool) {
		if eps := b.FindEpisodes(prefix, 1); len(eps) > 0 {
			return eps[0].ID, true
		}
		return "", false
	})
}

// complete ranks labels with the shared fuzzy completer, falling back to
// the engine's own matching (typos) when it finds nothing.
func complete(prefix string, labels, values []string, limit int, fallback func(string) (string, bool)) []Choice {
	if limit <= 0 {
		return nil
	}
	prefix = strings.TrimSpace(prefix)
	candidates := make([]completion.Candidate, len(labels))
	for i := range labels {
		candidates[i] = completion.Candidate{Text: labels[i], Name: labels[i], Value: values[i]}
	}
	var out []Choice
	for _, c := range completion.Complete(prefix, candidates, limit, false) {
		out = append(out, Choice{Name: c.Name, Value: c.Value})
	}
	if len(out) == 0 && prefix != "" {
		if v, ok := fallback(prefix); ok {
			for i := range values {
				if values[i] == v {
					out = append(out, Choice{Name: labels[i], Value: v})
					break
				}
			}
		}
	}
	return out
}

// suggest offers names and titles close to the question's words, for
// "Meintest du …?".
func (b *Base) suggest(q *query) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] && len(out) < 3 {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, e := range q.entities {
		add(b.characters[e.char].Name)
	}
	for _, t := range q.tokens {
		if len(t.Norm) < 3 || analysis.IsStopWord(t.Norm) {
			continue
		}
		if id, ok := b.fuzzyCharacter(t.Norm); ok {
			add(b.characters[id].Name)
			continue
		}
		if _, known := b.index.words[t.Norm]; !t.Capitalised || known || len(q.entities) > 0 {
			// The costlier subsequence match only for an unknown name-like
			// word, when no character was recognised.
			continue
		}
		// Names starting like the word: a fuzzy subsequence match over
		// all characters would cost milliseconds on a large corpus.
		names := b.nameIndex.charsByInitial[t.Norm[0]]
		for _, m := range firstMatches(fuzzy.FindFrom(t.Surface, names), 1) {
			if m.Score > 0 {
				add(names[m.Index].Name)
			}
		}
	}
	return out
}

func firstMatches(m fuzzy.Matches, n int) fuzzy.Matches {
	if len(m) > n {
		return m[:n]
	}
	return m
}

type characterNames []*Character

func (c characterNames) String(i int) string { return c[i].Name }
func (c characterNames) Len() int            { return len(c) }

type episodeTitles []*Episode

func (e episodeTitles) String(i int) string { return e[i].Title }
func (e episodeTitles) Len() int            { return len(e) }
