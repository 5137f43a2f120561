package commands

import (
	"context"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/bwmarrin/discordgo"
	"github.com/sahilm/fuzzy"

	"iafbot/knowledge"
	"iafbot/knowledge/analysis"
)

// candidate is one fuzzy-searchable text and the choice it stands for.
type candidate struct{ text, name, value string }

type candidates []candidate

func (c candidates) String(i int) string { return c[i].text }
func (c candidates) Len() int            { return len(c) }

// fuzzyIndexes holds the autocomplete candidates, built once: the knowledge
// base does not change while the bot runs.
type fuzzyIndexes struct {
	once       sync.Once
	characters candidates // names and aliases; value = canonical name
	episodes   candidates // labels; value = episode ID
}

func (h *handlers) indexes() *fuzzyIndexes {
	h.index.once.Do(func() {
		chars := append([]*knowledge.Character(nil), h.e.Characters()...)
		sort.SliceStable(chars, func(i, j int) bool { return chars[i].Mentions > chars[j].Mentions })
		for _, c := range chars {
			if c == nil || c.Name == "" {
				continue
			}
			h.index.characters = append(h.index.characters, candidate{c.Name, c.Name, c.Name})
			for _, a := range c.Aliases {
				if a != "" && a != c.Name {
					h.index.characters = append(h.index.characters, candidate{a, c.Name, c.Name})
				}
			}
		}
		for _, ep := range h.e.Episodes() {
			if ep == nil {
				continue
			}
			l := episodeLabel(ep)
			h.index.episodes = append(h.index.episodes, candidate{l, l, ep.ID})
		}
	})
	return &h.index
}

// complete merges, deduplicated by value and at most MaxChoices: the
// engine's completions, fuzzy subsequence matches from sahilm/fuzzy ("hlmn"
// finds Heilmann), and prefixes with one typo ("kath" finds Katrin while it
// is being typed). An empty input lists the first candidates.
func complete(typed string, engine []knowledge.Choice, pool candidates) *discordgo.InteractionResponse {
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
	if typed == "" {
		for _, c := range pool {
			add(c.name, c.value)
		}
	} else {
		for _, m := range fuzzy.FindFrom(typed, pool) {
			c := pool[m.Index]
			add(c.name, c.value)
		}
		for _, c := range pool {
			if typoPrefix(typed, c.text) {
				add(c.name, c.value)
			}
		}
	}
	return Choices(out)
}

// typoPrefix reports whether typed (at least 3 letters) is a prefix of text
// or of one of its words with at most one typo (two from 7 letters on).
func typoPrefix(typed, text string) bool {
	t := []rune(strings.ToLower(typed))
	if len(t) < 3 || len(t) > 40 {
		return false
	}
	allowed := 1
	if len(t) >= 7 {
		allowed = 2
	}
	words := append([]string{text}, strings.FieldsFunc(text, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})...)
	for _, w := range words {
		wr := []rune(strings.ToLower(w))
		for l := len(t) - allowed; l <= len(t)+allowed; l++ {
			if l >= 1 && l <= len(wr) && analysis.Distance(string(t), string(wr[:l]), allowed) <= allowed {
				return true
			}
		}
	}
	return false
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
