package commands

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"iafbot/feedback"
	"iafbot/knowledge"
	"iafbot/knowledge/analysis"
)

// Custom ID kinds of the answer components; short, because a custom ID
// holds at most 100 characters.
const (
	kindDidYouMean = "dym"  // name
	kindWho        = "who"  // typed word; the select's value is the person
	kindSummary    = "sum"  // episode ID, page
	kindMore       = "more" // the question is read from the message
	kindEpisode    = "ep"   // episode ID
	kindCharacter  = "ch"   // name
	kindVote       = "vote" // up|down, episode ID, model version
)

// Texts of the component replies.
const (
	MsgNoQuestion    = "Zu dieser Nachricht finde ich die Frage nicht mehr. Bitte stell sie noch einmal."
	MsgGone          = "Diese Folge oder Figur gibt es in den Zusammenfassungen nicht mehr."
	MsgNoMore        = "Weitere Treffer habe ich zu dieser Frage nicht."
	MsgVoteSaved     = "Danke! Deine Bewertung %s ist gespeichert."
	MsgVoteChanged   = "Deine Bewertung ist jetzt %s (eine Stimme pro Antwort)."
	MsgVoteOff       = "Bewertungen nehme ich gerade nicht an."
	MsgNoMessageText = "In dieser Nachricht steht kein Text, den ich beantworten könnte."
)

func (h *handlers) registerComponents() {
	h.rt.AddComponent(kindDidYouMean, HandlerFunc(h.didYouMean))
	h.rt.AddComponent(kindWho, HandlerFunc(h.who))
	h.rt.AddComponent(kindSummary, HandlerFunc(h.summaryPage))
	h.rt.AddComponent(kindMore, HandlerFunc(h.more))
	h.rt.AddComponent(kindEpisode, HandlerFunc(h.toEpisode))
	h.rt.AddComponent(kindCharacter, HandlerFunc(h.toCharacter))
	h.rt.AddComponent(kindVote, HandlerFunc(h.vote))
}

// questionOf reads the question back from an answer message (its embed
// author line). Discord sends the message with every component click, so
// no process has to remember it.
func questionOf(m *discordgo.Message) string {
	if m == nil || len(m.Embeds) == 0 || m.Embeds[0] == nil || m.Embeds[0].Author == nil {
		return ""
	}
	q, ok := strings.CutPrefix(m.Embeds[0].Author.Name, questionPrefix)
	if !ok {
		return ""
	}
	return strings.TrimSpace(q)
}

// replaceWord swaps the word of q closest to name (a typo of it) for name;
// ok is false when no word is close.
func replaceWord(q, name string) (string, bool) {
	parts := strings.Fields(q)
	best, bestDist := -1, 1<<30
	for i, p := range parts {
		w := strings.ToLower(strings.TrimFunc(p, isPunct))
		for _, n := range strings.Fields(strings.ToLower(name)) {
			budget := max(2, len([]rune(n))/3)
			if d := analysis.Distance(w, n, budget); d <= budget && d < bestDist {
				best, bestDist = i, d
			}
		}
	}
	if best < 0 {
		return q, false
	}
	p := parts[best]
	core := strings.TrimFunc(p, isPunct)
	parts[best] = strings.Replace(p, core, name, 1)
	return strings.Join(parts, " "), true
}

func isPunct(r rune) bool { return strings.ContainsRune("?!.,;:„“\"'()", r) }

// didYouMean answers the question again with the suggested name and puts
// the answer in place of the refusal.
func (h *handlers) didYouMean(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	name := r.Field(0)
	q := questionOf(r.Interaction.Message)
	if nq, ok := replaceWord(q, name); ok && q != "" {
		return UpdateMessage(h.answerData(ctx, r, e, nq)), nil
	}
	// No word to replace: show the person instead.
	if c, ok := e.FindCharacter(name); ok {
		return EphemeralEmbeds(characterEmbed(e, c)), nil
	}
	r.SetOutcome(OutcomeInvalid)
	return EphemeralMessage(MsgGone), nil
}

// who answers the question for the person chosen in the select menu.
func (h *handlers) who(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	word := r.Field(0)
	q := questionOf(r.Interaction.Message)
	if q == "" || len(r.Values) != 1 {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgNoQuestion), nil
	}
	chosen := r.Values[0]
	known := false
	for _, c := range e.Characters() {
		known = known || c.Name == chosen
	}
	if !known {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgGone), nil
	}
	parts := strings.Fields(q)
	for i, p := range parts {
		core := strings.TrimFunc(p, isPunct)
		if strings.EqualFold(core, word) {
			parts[i] = strings.Replace(p, core, chosen, 1)
			break
		}
	}
	return UpdateMessage(h.answerData(ctx, r, e, strings.Join(parts, " "))), nil
}

// summaryPageRunes is the length of one page of a whole synopsis.
const summaryPageRunes = 1500

// summaryPages splits the synopsis into pages of whole sentences; the
// ending is hidden behind spoiler markup when hide is set.
func summaryPages(ep *knowledge.Episode, hide bool) []string {
	var pages []string
	var cur strings.Builder
	for i, s := range ep.Sentences {
		if hide && sentenceInLastPart(ep, i) {
			s = spoiler(s)
		}
		if cur.Len() > 0 && runes(cur.String())+runes(s)+1 > summaryPageRunes {
			pages = append(pages, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteString(" ")
		}
		cur.WriteString(s)
	}
	if cur.Len() > 0 || len(pages) == 0 {
		pages = append(pages, cur.String())
	}
	return pages
}

// summaryPage shows one page of the whole synopsis, only to the clicker;
// the page buttons then turn the pages of that private message.
func (h *handlers) summaryPage(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	ep, ok := e.Episode(r.Field(0))
	if !ok {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgGone), nil
	}
	pages := summaryPages(ep, h.hideSpoilers(ctx, r))
	page, _ := strconv.Atoi(r.Field(1))
	page = max(0, min(page, len(pages)-1))
	embed := &discordgo.MessageEmbed{Title: episodeLabel(ep), Description: pages[page], Color: colorInfo, Footer: footer()}
	data := &discordgo.InteractionResponseData{Embeds: []*discordgo.MessageEmbed{embed}, AllowedMentions: noMentions()}
	if len(pages) > 1 {
		embed.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Seite %d von %d · %s", page+1, len(pages), FooterText)}
		prev := h.rt.mustID(kindSummary, ep.ID, strconv.Itoa(max(0, page-1)))
		next := h.rt.mustID(kindSummary, ep.ID, strconv.Itoa(min(len(pages)-1, page+1)))
		data.Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Zurück", Emoji: &discordgo.ComponentEmoji{Name: "◀️"}, Style: discordgo.SecondaryButton, CustomID: prev, Disabled: page == 0},
			discordgo.Button{Label: "Weiter", Emoji: &discordgo.ComponentEmoji{Name: "▶️"}, Style: discordgo.SecondaryButton, CustomID: next, Disabled: page == len(pages)-1},
		}}}
	}
	if m := r.Interaction.Message; m != nil && m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		return UpdateMessage(data), nil
	}
	data.Flags = discordgo.MessageFlagsEphemeral
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: data}, nil
}

// more lists the next candidate answers with their scores, privately.
func (h *handlers) more(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	q := questionOf(r.Interaction.Message)
	if q == "" {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgNoQuestion), nil
	}
	ranked := e.Ranked(q, 6)
	if len(ranked) > 0 {
		ranked = ranked[1:] // the first is the answer already shown
	}
	if len(ranked) == 0 {
		r.SetOutcome(OutcomeAbstained)
		return EphemeralMessage(MsgNoMore), nil
	}
	hide := h.hideSpoilers(ctx, r)
	var lines []string
	for i, c := range ranked {
		text := Truncate(c.Text, 300)
		label := c.EpisodeID
		if ep, ok := e.Episode(c.EpisodeID); ok {
			label = episodeLabel(ep)
			if hide && sentenceInLastPart(ep, c.Sentence) {
				text = spoiler(text)
			}
		}
		lines = append(lines, fmt.Sprintf("**%d.** %s\n-# %s · Bewertung %s", i+1, text, label, germanFloat(c.Score)))
	}
	embed := &discordgo.MessageEmbed{
		Author:      &discordgo.MessageEmbedAuthor{Name: questionPrefix + Truncate(q, MaxAuthorName-runes(questionPrefix))},
		Title:       "Weitere Treffer",
		Description: strings.Join(lines, "\n\n"),
		Color:       colorInfo,
		Footer:      footer(),
	}
	return EphemeralEmbeds(embed), nil
}

// germanFloat formats a score with a decimal comma.
func germanFloat(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 2, 64), ".", ",", 1)
}

func (h *handlers) toEpisode(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	ep, ok := e.Episode(r.Field(0))
	if !ok {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgGone), nil
	}
	resp := EphemeralEmbeds(episodeEmbed(e, ep, nil))
	resp.Data.Components = h.episodeButtons(ep)
	return resp, nil
}

// episodeButtons offer the whole synopsis under an episode card.
func (h *handlers) episodeButtons(ep *knowledge.Episode) []discordgo.MessageComponent {
	id, err := h.rt.ComponentID(kindSummary, ep.ID, "0")
	if err != nil {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Ganze Zusammenfassung", Emoji: &discordgo.ComponentEmoji{Name: "📖"}, Style: discordgo.SecondaryButton, CustomID: id},
	}}}
}

func (h *handlers) toCharacter(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	e := snapshot(h.e)
	c, ok := e.FindCharacter(r.Field(0))
	if !ok {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgGone), nil
	}
	return EphemeralEmbeds(characterEmbed(e, c)), nil
}

// vote stores 👍/👎 for the answer message; a second vote of the same user
// replaces the first.
func (h *handlers) vote(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	if h.votes == nil {
		return EphemeralMessage(MsgVoteOff), nil
	}
	m := r.Interaction.Message
	q := questionOf(m)
	if q == "" || m.ID == "" || r.UserID() == "" {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgNoQuestion), nil
	}
	up := r.Field(0) == "up"
	v := feedback.Vote{
		MessageID: m.ID, UserID: r.UserID(), GuildID: r.GuildID(), Question: q,
		Answer: unspoiler(m.Embeds[0].Description), EpisodeID: r.Field(1), Engine: r.Field(2), Up: up,
	}
	replaced, err := h.votes.Record(ctx, v)
	if err != nil {
		return nil, fmt.Errorf("storing a vote: %w", err)
	}
	thumb := "👎"
	if up {
		thumb = "👍"
	}
	if replaced {
		return EphemeralMessage(fmt.Sprintf(MsgVoteChanged, thumb)), nil
	}
	return EphemeralMessage(fmt.Sprintf(MsgVoteSaved, thumb)), nil
}

// answerMessage is the message command "Frage beantworten": it answers the
// text of the right-clicked message like /frage.
func (h *handlers) answerMessage(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	text := strings.TrimSpace(r.TargetMessageText())
	if text == "" {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgNoMessageText), nil
	}
	return h.respondQuestion(ctx, r, Truncate(text, MaxQuestionLength))
}

// TargetMessageText is the content of the message a message command was
// used on, "" otherwise.
func (r *Request) TargetMessageText() string {
	d, ok := commandData(r.Interaction)
	if !ok || d.TargetID == "" || d.Resolved == nil {
		return ""
	}
	if m := d.Resolved.Messages[d.TargetID]; m != nil {
		return m.Content
	}
	return ""
}
