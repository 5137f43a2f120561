package commands

import (
	"context"
	"sort"
	"strings"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/completion"
	"iafbot/knowledge"
)

// engineIndexes holds what autocomplete and the person choice search,
// built once per knowledge base: a reload builds new ones.
type engineIndexes struct {
	e          Engine
	characters []completion.Candidate // names and aliases; value = canonical name
	episodes   []completion.Candidate // labels with main characters; value = episode ID
	labels     map[string]string      // episode ID → label with main characters
	// byWord maps each lower-case word of a name or alias to the
	// characters carrying it, for "which Lina?".
	byWord map[string][]*knowledge.Character
	// nameWords and textWords find episodes by the start of a word of
	// their characters' names or of their synopsis ("heil" → Heilmann).
	nameWords, textWords prefixIndex
}

// prefixIndex maps sorted distinct words to the episodes (indices into
// Episodes()) using them.
type prefixIndex struct {
	words []string
	eps   [][]int
}

func newPrefixIndex(byWord map[string][]int) prefixIndex {
	px := prefixIndex{words: make([]string, 0, len(byWord))}
	for w := range byWord {
		px.words = append(px.words, w)
	}
	sort.Strings(px.words)
	px.eps = make([][]int, len(px.words))
	for i, w := range px.words {
		px.eps[i] = byWord[w]
	}
	return px
}

// episodes lists up to limit episodes with a word starting with p, in
// episode order within each word.
func (px *prefixIndex) episodes(p string, limit int) []int {
	var out []int
	seen := map[int]bool{}
	for i := sort.SearchStrings(px.words, p); i < len(px.words) && strings.HasPrefix(px.words[i], p); i++ {
		for _, ep := range px.eps[i] {
			if !seen[ep] {
				seen[ep] = true
				out = append(out, ep)
				if len(out) == limit {
					return out
				}
			}
		}
	}
	return out
}

// addWords records the words of text for episode ep (ascending ep, so a
// repeat is the last entry).
func addWords(byWord map[string][]int, text string, ep int) {
	for _, w := range words(text) {
		if l := byWord[w]; len(l) == 0 || l[len(l)-1] != ep {
			byWord[w] = append(l, ep)
		}
	}
}

// sameEngine compares engines without panicking on uncomparable fakes.
func sameEngine(a, b Engine) (same bool) {
	defer func() {
		if recover() != nil {
			same = false
		}
	}()
	return a == b
}

func (h *handlers) indexes(e Engine) *engineIndexes {
	if ix := h.ix.Load(); ix != nil && sameEngine(ix.e, e) {
		return ix
	}
	h.ixMu.Lock()
	defer h.ixMu.Unlock()
	if ix := h.ix.Load(); ix != nil && sameEngine(ix.e, e) {
		return ix
	}
	ix := &engineIndexes{e: e, labels: map[string]string{}, byWord: map[string][]*knowledge.Character{}}
	chars := append([]*knowledge.Character(nil), e.Characters()...)
	sort.SliceStable(chars, func(i, j int) bool { return chars[i].Mentions > chars[j].Mentions })
	for _, c := range chars {
		if c == nil || c.Name == "" {
			continue
		}
		ix.characters = append(ix.characters, completion.Candidate{Text: c.Name, Name: c.Name, Value: c.Name})
		seen := map[string]bool{}
		for _, a := range append([]string{c.Name}, c.Aliases...) {
			if a != "" && a != c.Name {
				ix.characters = append(ix.characters, completion.Candidate{Text: a, Name: c.Name, Value: c.Name})
			}
			for _, w := range strings.Fields(strings.ToLower(a)) {
				if !seen[w] && !strings.HasSuffix(w, ".") { // "Dr." names no one
					seen[w] = true
					ix.byWord[w] = append(ix.byWord[w], c)
				}
			}
		}
	}
	names, text := map[string][]int{}, map[string][]int{}
	for i, ep := range e.Episodes() {
		if ep == nil {
			continue
		}
		for _, c := range ep.Characters {
			addWords(names, c, i)
		}
		for _, s := range ep.Sentences {
			addWords(text, s, i)
		}
		l := episodeLabel(ep)
		if len(ep.Characters) > 0 {
			l += " · " + strings.Join(ep.Characters[:min(3, len(ep.Characters))], ", ")
		}
		ix.labels[ep.ID] = l
		ix.episodes = append(ix.episodes, completion.Candidate{Text: l, Name: l, Value: ep.ID})
	}
	ix.nameWords, ix.textWords = newPrefixIndex(names), newPrefixIndex(text)
	h.ix.Store(ix)
	return ix
}

// complete merges, deduplicated by value and at most MaxChoices: the
// engine's completions, then the shared fuzzy completer's over names and
// aliases, typos included. An empty input lists the first candidates.
func complete(typed string, engine []knowledge.Choice, pool []completion.Candidate) *discordgo.InteractionResponse {
	seen := map[string]bool{}
	var out []*discordgo.ApplicationCommandOptionChoice
	add := func(name, value string) {
		value = cutRunes(value, MaxChoiceValue)
		if len(out) >= MaxChoices || value == "" || strings.TrimSpace(name) == "" || seen[value] {
			return
		}
		seen[value] = true
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: Truncate(name, MaxChoiceName), Value: value})
	}
	for _, c := range engine {
		add(c.Name, c.Value)
	}
	for _, c := range completion.Complete(typed, pool, 0, true) {
		add(c.Name, c.Value)
	}
	return Choices(out)
}

// typedText is the focused option's text, trimmed and bounded.
func typedText(r *Request) string {
	_, v, _ := r.Focused()
	return strings.TrimSpace(cutRunes(strings.ToValidUTF8(v, ""), MaxQueryLength))
}

func (h *handlers) completeCharacter(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	typed := typedText(r)
	return complete(typed, e.CompleteCharacters(typed, MaxChoices), h.indexes(e).characters), nil
}

// completeEpisode shows each episode with its main characters, so a fan
// recognises it by who is in it.
func (h *handlers) completeEpisode(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	typed := typedText(r)
	ix := h.indexes(e)
	engine := e.CompleteEpisodes(typed, MaxChoices)
	for i, c := range engine {
		if l, ok := ix.labels[c.Value]; ok {
			engine[i].Name = l
		}
	}
	return complete(typed, engine, ix.episodes), nil
}
