package commands

import (
	"fmt"
	"strings"

	"iafbot/recap"
)

// RecapCatalog adapts a knowledge engine to recap.Catalog, so that neither
// package knows the other: every episode of the engine, recapped with its
// title ("Folge 3: Zwischen den Zeilen"), a summary of two to three sentences
// picked by the engine, and its three most prominent characters.
func RecapCatalog(e Engine) recap.Catalog { return recapCatalog{e} }

type recapCatalog struct{ e Engine }

// EpisodeIDs lists the engine's episode IDs; they are file names such as
// "002_zeilen", so their string order is the file order.
func (c recapCatalog) EpisodeIDs() []string {
	eps := c.e.Episodes()
	ids := make([]string, 0, len(eps))
	for _, ep := range eps {
		ids = append(ids, ep.ID)
	}
	return ids
}

// summarySentences is how many sentences a recap summary has at most.
const summarySentences = 3

func (c recapCatalog) Recap(id string) (recap.Recap, error) {
	ep, ok := c.e.Episode(id)
	if !ok {
		return recap.Recap{}, fmt.Errorf("commands: episode %q is not in the knowledge base", id)
	}
	summary := strings.TrimSpace(c.e.Summary(id, summarySentences))
	if summary == "" {
		// An engine that cannot summarise still yields a readable post.
		summary = strings.Join(ep.Sentences[:min(summarySentences, len(ep.Sentences))], " ")
	}
	return recap.Recap{
		EpisodeID:  id,
		Title:      episodeLabel(ep),
		Summary:    summary,
		Characters: append([]string(nil), ep.Characters[:min(3, len(ep.Characters))]...),
		Source:     RecapSource,
	}, nil
}
