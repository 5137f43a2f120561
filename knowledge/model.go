// Package knowledge turns plain-text episode synopses into a structured,
// searchable model of the series (episodes, characters, sentence-level facts)
// and answers German questions from it. It knows nothing about Discord.
package knowledge

// Episode is one synopsis file.
type Episode struct {
	ID     string // file name without extension; stable across loads
	Number int    // from front matter, else the 1-based position in file-name order
	Title  string // from front matter, a quoted title in the text, or the main characters
	Aired  string // air date from front matter (as written), may be empty
	File   string // file name the episode was read from

	// Characters lists canonical character names, most prominent first.
	Characters []string
	// Sentences holds the synopsis split into sentences, in text order.
	Sentences []string

	firstSentence int // index of Sentences[0] in Base.sentences
	// numbered and titled: Number and Title come from the synopsis, not
	// from the file order or the cast, so an answer may cite them.
	numbered, titled bool
	// titleWords counts the distinct content words of a synopsis title.
	titleWords int
}

// Character is a person of the series, merged across episodes.
type Character struct {
	Name      string     // canonical display name, e.g. "Dr. Anna Berger"
	Aliases   []string   // other names the text uses, e.g. "Anna", "Berger", "Dr. Berger"
	Roles     []string   // what the text says they are, e.g. "Ärztin", "Patient", "Bäcker"
	Relations []Relation // family and work ties taken from the text
	Episodes  []string   // IDs of the episodes the character appears in
	Mentions  int        // number of sentences linked to the character

	id       int
	gender   byte        // 'm', 'f' or 0 when the text does not tell
	kin      string      // for unnamed relatives ("Holgers Vater"): "Vater"
	ownerID  int         // for unnamed relatives: whose relative, else -1
	describe map[int]int // sentence → how much it says about who they are
	// occupations are the roles that are not kinship ("Ärztin", not
	// "Tochter von …"), for "Was ist X von Beruf?".
	occupations []string
	// relationSource maps a relation (lower-case kind + "|" + other) to the
	// sentence it was read from.
	relationSource map[string]int
	// doctor: the name has an academic title ("Dr. …"); set when the
	// characters are final.
	doctor bool
	// staff: the text gives them a professional title, academic or of
	// nursing ("Dr. …", "Schwester …", "Pfleger …"), or names them in
	// regularCastEpisodes episodes; every doctor is staff.
	staff bool
}

// titled: the character's name has an academic title ("Dr. …").
func (c *Character) titled() bool { return c.doctor }

// Relation says that Other is the character's Kind: on Herr Brandt,
// {Kind: "Tochter", Other: "Lina"} means Lina is his daughter. Other is empty
// when the text leaves the relative unnamed ("seine Ex-Frau").
type Relation struct {
	Kind  string
	Other string
}

// Fact is one sentence of a synopsis with its source.
type Fact struct {
	Text      string
	EpisodeID string
}

// Answer is the engine's reply to one question.
type Answer struct {
	Question string
	// Answered is false when the synopses do not contain what was asked.
	Answered bool
	// Text is at most MaxAnswerLen characters: one or two sentences.
	Text string
	// EpisodeID and EpisodeTitle name the source; empty when not answered.
	EpisodeID    string
	EpisodeTitle string
	// Score is the ranker's score of the best candidate; higher is better.
	// It is kept also when abstaining, for diagnostics.
	Score float64
	// Probability is the calibrated chance that the best candidate answers
	// the question; the engine answers when it is at least the model's
	// threshold and at least the chance that the question is a trap.
	Probability float64
	// Reason explains an abstention in German, for logs and debugging.
	Reason string
	// Suggestions are names or titles close to words of the question, useful
	// for "Meintest du …?" when the engine abstains.
	Suggestions []string
}

// MaxAnswerLen is the longest answer text in characters (runes).
const MaxAnswerLen = 400

// NotInSynopses is the reply text for questions the synopses cannot answer.
const NotInSynopses = "Dazu steht nichts in den Zusammenfassungen."

// Stats describes the size of a knowledge base.
type Stats struct {
	Episodes   int
	Characters int
	Sentences  int
	Terms      int
}

// Choice is one autocomplete suggestion: Name is shown, Value is sent back.
type Choice struct {
	Name  string
	Value string
}
