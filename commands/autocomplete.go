package commands

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/completion"
	"iafbot/knowledge"
)

// fuzzyIndexes holds the autocomplete candidates, built once: the knowledge
// base does not change while the bot runs.
type fuzzyIndexes struct {
	once       sync.Once
	characters []completion.Candidate // names and aliases; value = canonical name
	episodes   []completion.Candidate // labels; value = episode ID
}

func (h *handlers) indexes() *fuzzyIndexes {
	h.index.once.Do(func() {
		chars := append([]*knowledge.Character(nil), h.e.Characters()...)
		sort.SliceStable(chars, func(i, j int) bool { return chars[i].Mentions > chars[j].Mentions })
		for _, c := range chars {
			if c == nil || c.Name == "" {
				continue
			}
			h.index.characters = append(h.index.characters, completion.Candidate{Text: c.Name, Name: c.Name, Value: c.Name})
			for _, a := range c.Aliases {
				if a != "" && a != c.Name {
					h.index.characters = append(h.index.characters, completion.Candidate{Text: a, Name: c.Name, Value: c.Name})
				}
			}
		}
		for _, ep := range h.e.Episodes() {
			if ep == nil {
				continue
			}
			l := episodeLabel(ep)
			h.index.episodes = append(h.index.episodes, completion.Candidate{Text: l, Name: l, Value: ep.ID})
		}
	})
	return &h.index
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
	typed := typedText(r)
	return complete(typed, h.e.CompleteCharacters(typed, MaxChoices), h.indexes().characters), nil
}

func (h *handlers) completeEpisode(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	typed := typedText(r)
	return complete(typed, h.e.CompleteEpisodes(typed, MaxChoices), h.indexes().episodes), nil
}
