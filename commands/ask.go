package commands

import (
	"context"
	"regexp"
	"strings"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"iafbot/knowledge"
	"iafbot/knowledge/analysis"
)

// Texts of /ask replies besides the answer.
const (
	// questionPrefix starts the embed author line that repeats the
	// question; components read the question back from it.
	questionPrefix   = "Frage: "
	MsgEmptyQuestion = "Stell mir eine Frage zur Serie, zum Beispiel: `/frage Wer ist die Tochter von Herrn Scholze?`"
	MsgOtherLanguage = "Ich verstehe nur Fragen auf Deutsch, zum Beispiel „Wer ist Maja?“.\n" +
		"*I only understand questions in German, e.g. “Wer ist Maja?” (Who is Maja?).*"
	MsgWhich = "Mehrere Personen passen zu „%s“. Welche meinst du?"
)

func (h *handlers) ask(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	return h.respondQuestion(ctx, r, r.String(OptQuestion))
}

// respondQuestion answers q as a new message: a hint for empty or foreign
// input, a choice when a name fits several people, else the answer.
func (h *handlers) respondQuestion(ctx context.Context, r *Request, q string) (*discordgo.InteractionResponse, error) {
	q = strings.TrimSpace(q)
	if !hasLetter(q) {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgEmptyQuestion), nil
	}
	if looksForeign(q) {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgOtherLanguage), nil
	}
	e := snapshot(h.e)
	if word, cands := h.ambiguous(e, q); len(cands) > 1 {
		r.SetOutcome(OutcomeAbstained)
		return &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: h.whichData(e, q, word, cands),
		}, nil
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: h.answerData(ctx, r, e, q),
	}, nil
}

func hasLetter(s string) bool {
	return strings.IndexFunc(s, unicode.IsLetter) >= 0
}

// Function words that tell English from German questions; words both
// languages use ("in", "was", "die") are in neither list.
var (
	englishWords = wordSet("the what who is are does did why how when where which and of to his her with happen happens happened about episode")
	germanWords  = wordSet("der das dem den des wer wie warum wieso weshalb ist sind hat haben und von mit ein eine einen einem wo wann welche welcher welches im nicht sich seine ihre ihr sein am beim zum zur auf")
)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// looksForeign reports a question that is clearly not German: at least two
// English function words and more of them than German ones.
func looksForeign(q string) bool {
	en, de := 0, 0
	for _, w := range words(q) {
		if englishWords[w] {
			en++
		}
		if germanWords[w] {
			de++
		}
	}
	return en >= 2 && en > de
}

// words are the lower-case words of s without punctuation.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
}

// asksForEnding matches questions about how an episode ends.
var asksForEnding = regexp.MustCompile(`(?i)\b(am ende|zum schluss|am schluss|wie endet|endet|ausgang|geht .* aus|letzte[nrs]? (szene|folge|teil))\b`)

// answerData answers q: the answer embed with its buttons, or the refusal
// with "Meintest du …?" buttons.
func (h *handlers) answerData(ctx context.Context, r *Request, e Engine, q string) *discordgo.InteractionResponseData {
	a := e.Ask(q)
	embed := &discordgo.MessageEmbed{Author: &discordgo.MessageEmbedAuthor{Name: questionPrefix + Truncate(q, MaxAuthorName-runes(questionPrefix))}}
	data := &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{embed}, AllowedMentions: noMentions()}
	if !a.Answered {
		r.SetOutcome(OutcomeAbstained)
		embed.Color = colorAbstain
		embed.Description = MsgNotInSynopses
		var buttons []discordgo.MessageComponent
		for _, s := range untyped(a.Suggestions, q) {
			if len(buttons) == 5 {
				break
			}
			if id, err := h.rt.ComponentID(kindDidYouMean, s); err == nil {
				buttons = append(buttons, discordgo.Button{Label: Truncate(s, MaxButtonLabel), Style: discordgo.SecondaryButton, CustomID: id})
			}
		}
		if len(buttons) > 0 {
			embed.Description += "\n\n" + MsgDidYouMean + " …?"
			data.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: buttons}}
		}
		return data
	}
	embed.Color = colorAnswer
	embed.Footer = footer()
	text := boldNames(a.Text, a.Suggestions)
	ep, hasEp := e.Episode(a.EpisodeID)
	if hasEp && a.EpisodeID != "" {
		embed.Title = episodeLabel(ep)
		if (asksForEnding.MatchString(q) || inLastPart(ep, a.Text)) && h.hideSpoilers(ctx, r) {
			text = spoiler(text)
		}
	} else if t := strings.TrimSpace(a.EpisodeTitle); t != "" {
		embed.Title = t
	}
	embed.Description = text
	data.Components = h.answerButtons(e, a, ep)
	return data
}

// untyped drops suggestions the user already typed: suggesting back the
// name in the question helps nobody.
func untyped(suggestions []string, q string) []string {
	typed := map[string]bool{}
	for _, w := range words(q) {
		typed[w] = true
	}
	lq := strings.ToLower(q)
	var out []string
	for _, s := range suggestions {
		ls := strings.ToLower(strings.TrimSpace(s))
		if ls == "" || typed[ls] || strings.Contains(lq, ls) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// boldNames marks the first mention of each asked person in the answer.
func boldNames(text string, names []string) string {
	for _, n := range names {
		if n = strings.TrimSpace(n); n == "" || strings.Contains(text, "**"+n) {
			continue
		}
		if i := strings.Index(text, n); i >= 0 {
			text = text[:i] + "**" + n + "**" + text[i+len(n):]
		}
	}
	return text
}

// spoiler hides text behind Discord's spoiler markup; "|" inside would end
// it early, so it is replaced.
func spoiler(text string) string {
	return "||" + strings.ReplaceAll(text, "|", "¦") + "||"
}

// unspoiler removes spoiler and bold markup again (feedback stores the
// plain answer).
func unspoiler(text string) string {
	text = strings.TrimSuffix(strings.TrimPrefix(text, "||"), "||")
	return strings.ReplaceAll(text, "**", "")
}

// lastPart is the share of an episode's sentences counted as its ending.
const lastPart = 3

// inLastPart reports whether text quotes a sentence from the last third of
// the episode.
func inLastPart(ep *knowledge.Episode, text string) bool {
	last := -1
	for i, s := range ep.Sentences {
		if s = strings.TrimSpace(s); s != "" && strings.Contains(text, s) {
			last = i
		}
	}
	return sentenceInLastPart(ep, last)
}

func sentenceInLastPart(ep *knowledge.Episode, i int) bool {
	n := len(ep.Sentences)
	if i < 0 || n < 2 {
		return false
	}
	return i >= n-max(1, n/lastPart)
}

// hideSpoilers is the server's preference (hidden by default and in DMs).
func (h *handlers) hideSpoilers(ctx context.Context, r *Request) bool {
	if h.prefs == nil || r.GuildID() == "" {
		return true
	}
	hide, err := h.prefs.Spoilers(ctx, r.GuildID())
	return hide || err != nil
}

// answerButtons are the buttons under an answer: the whole synopsis, more
// matches, the episode, the asked person, and the votes.
func (h *handlers) answerButtons(e Engine, a knowledge.Answer, ep *knowledge.Episode) []discordgo.MessageComponent {
	var nav []discordgo.MessageComponent
	add := func(row *[]discordgo.MessageComponent, label, emoji string, style discordgo.ButtonStyle, kind string, fields ...string) {
		id, err := h.rt.ComponentID(kind, fields...)
		if err != nil {
			return // an ID too long for Discord: no button rather than a broken one
		}
		b := discordgo.Button{Label: label, Style: style, CustomID: id}
		if emoji != "" {
			b.Emoji = &discordgo.ComponentEmoji{Name: emoji}
		}
		*row = append(*row, b)
	}
	if ep != nil {
		add(&nav, "Ganze Zusammenfassung", "📖", discordgo.SecondaryButton, kindSummary, ep.ID, "0")
	}
	add(&nav, "Weitere Treffer", "🔎", discordgo.SecondaryButton, kindMore)
	if ep != nil {
		add(&nav, "Zur Folge", "", discordgo.SecondaryButton, kindEpisode, ep.ID)
	}
	if len(a.Suggestions) > 0 {
		add(&nav, "Zur Figur", "", discordgo.SecondaryButton, kindCharacter, Truncate(a.Suggestions[0], 60))
	}
	rows := []discordgo.MessageComponent{}
	if len(nav) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: nav})
	}
	if h.votes != nil {
		var votes []discordgo.MessageComponent
		epID := ""
		if ep != nil {
			epID = ep.ID
		}
		version := Truncate(e.ModelVersion(), 24)
		add(&votes, "", "👍", discordgo.SecondaryButton, kindVote, "up", epID, version)
		add(&votes, "", "👎", discordgo.SecondaryButton, kindVote, "down", epID, version)
		if len(votes) > 0 {
			rows = append(rows, discordgo.ActionsRow{Components: votes})
		}
	}
	return rows
}

// ambiguous finds a word of q that names several people (two Majas, every
// "Vater") and no other word of q narrows down; it returns the word and
// the people. A word next to a name of someone else ("der Vater von Maja")
// is left to the engine.
func (h *handlers) ambiguous(e Engine, q string) (string, []*knowledge.Character) {
	ix := h.indexes(e)
	ws := words(q)
	for _, w := range ws {
		cands := ix.byWord[w]
		if len(cands) < 2 || analysis.IsStopWord(w) {
			continue
		}
		narrowed, elsewhere := cands, false
		for _, w2 := range ws {
			if w2 == w || len(ix.byWord[w2]) == 0 {
				continue
			}
			inter := intersect(narrowed, ix.byWord[w2])
			if len(inter) > 0 {
				narrowed = inter
			} else {
				elsewhere = true
			}
		}
		if len(narrowed) > 1 && !elsewhere {
			return w, narrowed[:min(len(narrowed), MaxSelectOptions)]
		}
	}
	return "", nil
}

// typedForm is word as the user wrote it in q ("Maja", not "maja").
func typedForm(q, word string) string {
	for _, p := range strings.Fields(q) {
		if core := strings.TrimFunc(p, isPunct); strings.EqualFold(core, word) {
			return core
		}
	}
	return word
}

func intersect(a, b []*knowledge.Character) []*knowledge.Character {
	var out []*knowledge.Character
	for _, x := range a {
		for _, y := range b {
			if x == y {
				out = append(out, x)
				break
			}
		}
	}
	return out
}

// whichData asks which person is meant, with a select menu of the
// candidates and their first episode.
func (h *handlers) whichData(e Engine, q, word string, cands []*knowledge.Character) *discordgo.InteractionResponseData {
	embed := &discordgo.MessageEmbed{
		Author:      &discordgo.MessageEmbedAuthor{Name: questionPrefix + Truncate(q, MaxAuthorName-runes(questionPrefix))},
		Description: strings.Replace(MsgWhich, "%s", typedForm(q, word), 1),
		Color:       colorInfo,
	}
	data := &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{embed}, AllowedMentions: noMentions()}
	id, err := h.rt.ComponentID(kindWho, word)
	if err != nil {
		return data
	}
	var opts []discordgo.SelectMenuOption
	for _, c := range cands {
		o := discordgo.SelectMenuOption{Label: Truncate(c.Name, MaxSelectLabel), Value: cutRunes(c.Name, MaxSelectValue)}
		if len(c.Episodes) > 0 {
			if ep, ok := e.Episode(c.Episodes[0]); ok {
				o.Description = Truncate(episodeLabel(ep), MaxSelectLabel)
			}
		}
		opts = append(opts, o)
	}
	data.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.SelectMenu{CustomID: id, Placeholder: "Person wählen", Options: opts},
	}}}
	return data
}
