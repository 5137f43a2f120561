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
	// characters carrying it, for "which Maja?".
	byWord map[string][]*knowledge.Character
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
	for _, ep := range e.Episodes() {
		if ep == nil {
			continue
		}
		l := episodeLabel(ep)
		if len(ep.Characters) > 0 {
			l += " · " + strings.Join(ep.Characters[:min(3, len(ep.Characters))], ", ")
		}
		ix.labels[ep.ID] = l
		ix.episodes = append(ix.episodes, completion.Candidate{Text: l, Name: l, Value: ep.ID})
	}
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
