package commands

import "iafbot/knowledge"

// Engine is the part of the knowledge base (*knowledge.Base) the commands
// use. Tests may substitute a small fake; Live makes it replaceable.
type Engine interface {
	Ask(question string) knowledge.Answer
	Episodes() []*knowledge.Episode
	Episode(id string) (*knowledge.Episode, bool)
	FindEpisodes(query string, limit int) []*knowledge.Episode
	Characters() []*knowledge.Character
	FindCharacter(name string) (*knowledge.Character, bool)
	CharacterFacts(c *knowledge.Character, limit int) []knowledge.Fact
	CompleteCharacters(prefix string, limit int) []knowledge.Choice
	CompleteEpisodes(prefix string, limit int) []knowledge.Choice
	Summary(episodeID string, maxSentences int) string
	Stats() knowledge.Stats
	// Ranked lists the candidate answers best first ("Weitere Treffer").
	Ranked(question string, limit int) []knowledge.Ranked
	// ModelVersion names the answering model (stored with feedback).
	ModelVersion() string
}
