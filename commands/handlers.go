package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"

	"iafbot/knowledge"
)

// Embed colours.
const (
	colorAnswer  = 0x1F6FB2 // hospital blue
	colorAbstain = 0x8C8C8C
	colorInfo    = 0x2E9E6A
)

// FooterText names the source of every answer.
const FooterText = "Quelle: Zusammenfassungen der Folgen von „In aller Freundschaft“"

// Texts used in replies.
const (
	MsgNotInSynopses = knowledge.NotInSynopses
	MsgDidYouMean    = "Meintest du"
)

// New returns a router with the bot's commands (/ask, /episode,
// /character, /help) answering from e, and the Logging middleware.
// Further commands (e.g. /recap) are added with Router.Add.
func New(e Engine, logger *slog.Logger) *Router {
	rt := NewRouter(logger)
	rt.Use(Logging(logger))
	Register(rt, e)
	return rt
}

// Register adds /ask, /episode, /character and /help to rt.
func Register(rt *Router, e Engine) {
	h := &handlers{e: e, rt: rt}
	rt.Add(Command{Definition: AskDefinition(), Handler: HandlerFunc(h.ask)})
	rt.Add(Command{Definition: EpisodeDefinition(), Handler: HandlerFunc(h.episode), Autocomplete: HandlerFunc(h.completeEpisode)})
	rt.Add(Command{Definition: CharacterDefinition(), Handler: HandlerFunc(h.character), Autocomplete: HandlerFunc(h.completeCharacter)})
	rt.Add(Command{Definition: HelpDefinition(), Handler: HandlerFunc(h.help), Ephemeral: true})
}

type handlers struct {
	e     Engine
	rt    *Router // /help lists only the commands registered here
	index fuzzyIndexes
}

func footer() *discordgo.MessageEmbedFooter {
	return &discordgo.MessageEmbedFooter{Text: FooterText}
}

// episodeLabel is "Folge 3: Wege des Lebens".
func episodeLabel(ep *knowledge.Episode) string {
	title := strings.TrimSpace(ep.Title)
	switch {
	case ep.Number > 0 && title != "":
		return fmt.Sprintf("Folge %d: %s", ep.Number, title)
	case ep.Number > 0:
		return fmt.Sprintf("Folge %d", ep.Number)
	case title != "":
		return title
	}
	return ep.ID
}

// quoteList renders names as „a“, „b“ oder „c“.
func quoteList(names []string) string {
	q := make([]string, 0, len(names))
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			q = append(q, "„"+n+"“")
		}
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " oder " + q[len(q)-1]
}

// didYouMean is "Meintest du „a“ oder „b“?", or "" without suggestions.
func didYouMean(suggestions []string) string {
	if len(suggestions) > 5 {
		suggestions = suggestions[:5]
	}
	l := quoteList(suggestions)
	if l == "" {
		return ""
	}
	return MsgDidYouMean + " " + l + "?"
}

func (h *handlers) ask(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	q := r.String(OptQuestion)
	a := h.e.Ask(q)
	embed := &discordgo.MessageEmbed{
		Title:  q,
		Footer: footer(),
	}
	if !a.Answered {
		r.SetOutcome(OutcomeAbstained)
		embed.Color = colorAbstain
		embed.Description = MsgNotInSynopses
		if s := didYouMean(a.Suggestions); s != "" {
			embed.Description += "\n\n" + s
		}
		return Embeds(embed), nil
	}
	embed.Color = colorAnswer
	embed.Description = a.Text
	source := strings.TrimSpace(a.EpisodeTitle)
	if ep, ok := h.e.Episode(a.EpisodeID); ok && a.EpisodeID != "" {
		source = episodeLabel(ep)
	}
	if source != "" {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Folge", Value: source})
	}
	return Embeds(embed), nil
}

// maxListed bounds lists in embed fields.
const maxListed = 12

// listLines joins up to maxListed items, one per line, noting the rest.
func listLines(items []string, sep string) string {
	if len(items) <= maxListed {
		return strings.Join(items, sep)
	}
	return strings.Join(items[:maxListed], sep) + fmt.Sprintf("%s… und %d weitere", sep, len(items)-maxListed)
}

func (h *handlers) episode(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	query := r.String(OptQuery)
	var ep *knowledge.Episode
	var others []*knowledge.Episode
	if e, ok := h.e.Episode(query); ok {
		ep = e
	} else if found := h.e.FindEpisodes(query, 4); len(found) > 0 {
		ep, others = found[0], found[1:]
	}
	if ep == nil {
		r.SetOutcome(OutcomeAbstained)
		msg := fmt.Sprintf("Zu „%s“ habe ich keine Folge gefunden.", Truncate(query, MaxQueryLength))
		var names []string
		for _, c := range h.e.CompleteEpisodes(query, 3) {
			names = append(names, c.Name)
		}
		if s := didYouMean(names); s != "" {
			msg += " " + s
		}
		return EphemeralMessage(msg), nil
	}
	summary := strings.TrimSpace(h.e.Summary(ep.ID, 3))
	if summary == "" && len(ep.Sentences) > 0 {
		summary = strings.Join(ep.Sentences[:min(3, len(ep.Sentences))], " ")
	}
	embed := &discordgo.MessageEmbed{
		Title:       episodeLabel(ep),
		Description: summary,
		Color:       colorInfo,
		Footer:      footer(),
	}
	if len(ep.Characters) > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{
			Name: "Figuren", Value: listLines(ep.Characters, ", "),
		})
	}
	if a := strings.TrimSpace(ep.Aired); a != "" {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Ausgestrahlt", Value: a, Inline: true})
	}
	if len(others) > 0 {
		var labels []string
		for _, o := range others {
			labels = append(labels, episodeLabel(o))
		}
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Weitere Treffer", Value: strings.Join(labels, "\n")})
	}
	if embed.Description == "" {
		embed.Description = "Zu dieser Folge gibt es keine Zusammenfassung."
	}
	return Embeds(embed), nil
}

// relationText renders a relation of the character: Other is the
// character's Kind, so {Tochter, Maja} on Herr Scholze is "Tochter: Maja";
// an unnamed relative is just "Ex-Frau".
func relationText(rel knowledge.Relation) string {
	kind, other := strings.TrimSpace(rel.Kind), strings.TrimSpace(rel.Other)
	switch {
	case kind == "":
		return other
	case other == "":
		return kind
	}
	return kind + ": " + other
}

func (h *handlers) character(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	name := r.String(OptName)
	c, ok := h.e.FindCharacter(name)
	if !ok || c == nil {
		r.SetOutcome(OutcomeAbstained)
		msg := fmt.Sprintf("Eine Figur namens „%s“ kenne ich aus den Zusammenfassungen nicht.", Truncate(name, MaxQueryLength))
		var names []string
		for _, ch := range h.e.CompleteCharacters(name, 3) {
			names = append(names, ch.Name)
		}
		if s := didYouMean(names); s != "" {
			msg += " " + s
		}
		return EphemeralMessage(msg), nil
	}
	embed := &discordgo.MessageEmbed{Title: c.Name, Color: colorInfo, Footer: footer()}
	var lines []string
	for _, f := range h.e.CharacterFacts(c, 4) {
		t := strings.TrimSpace(f.Text)
		if t == "" {
			continue
		}
		if ep, ok := h.e.Episode(f.EpisodeID); ok && f.EpisodeID != "" {
			t += " _(" + episodeLabel(ep) + ")_"
		}
		lines = append(lines, "• "+t)
	}
	embed.Description = strings.Join(lines, "\n")
	if embed.Description == "" {
		embed.Description = "Die Zusammenfassungen erwähnen " + c.Name + ", sagen aber kaum etwas über die Figur."
	}
	if len(c.Roles) > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Rolle", Value: listLines(c.Roles, ", ")})
	}
	if len(c.Relations) > 0 {
		var rels []string
		for _, rel := range c.Relations {
			if t := relationText(rel); t != "" {
				rels = append(rels, t)
			}
		}
		if len(rels) > 0 {
			embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Beziehungen", Value: listLines(rels, "\n")})
		}
	}
	if len(c.Episodes) > 0 {
		var eps []string
		for _, id := range c.Episodes {
			if ep, ok := h.e.Episode(id); ok {
				eps = append(eps, episodeLabel(ep))
			} else {
				eps = append(eps, id)
			}
		}
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Folgen", Value: listLines(eps, "\n")})
	}
	var aliases []string
	for _, a := range c.Aliases {
		if a = strings.TrimSpace(a); a != "" && !strings.EqualFold(a, c.Name) {
			aliases = append(aliases, a)
		}
	}
	if len(aliases) > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Auch genannt", Value: listLines(aliases, ", "), Inline: true})
	}
	return Embeds(embed), nil
}
