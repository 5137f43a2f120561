package commands

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/bwmarrin/discordgo"

	"iafbot/feedback"
	"iafbot/knowledge"
	"iafbot/settings"
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
// /character, /help, the "Frage beantworten" message command and the
// answer buttons) answering from e, and the Logging middleware. Further
// commands (e.g. /recap) are added with Router.Add.
func New(e Engine, logger *slog.Logger, opts ...Option) *Router {
	rt := NewRouter(logger)
	rt.Use(Logging(logger))
	Register(rt, e, opts...)
	return rt
}

// Option configures Register.
type Option func(*handlers)

// WithFeedback stores 👍/👎 votes in s; without it answers have no vote
// buttons.
func WithFeedback(s feedback.Store) Option { return func(h *handlers) { h.votes = s } }

// WithSettings reads and stores per-server preferences (spoilers) in s and
// adds /einstellungen; without it spoilers are always hidden.
func WithSettings(s settings.Store) Option { return func(h *handlers) { h.prefs = s } }

// Register adds /ask, /episode, /character, /help, the message command and
// the answer components to rt.
func Register(rt *Router, e Engine, opts ...Option) {
	h := &handlers{e: e, rt: rt}
	for _, o := range opts {
		o(h)
	}
	rt.Add(Command{Definition: AskDefinition(), Handler: HandlerFunc(h.ask)})
	rt.Add(Command{Definition: EpisodeDefinition(), Handler: HandlerFunc(h.episode), Autocomplete: HandlerFunc(h.completeEpisode)})
	rt.Add(Command{Definition: CharacterDefinition(), Handler: HandlerFunc(h.character), Autocomplete: HandlerFunc(h.completeCharacter)})
	rt.Add(Command{Definition: HelpDefinition(), Handler: HandlerFunc(h.help), Ephemeral: true})
	rt.Add(Command{Definition: AnswerMessageDefinition(), Handler: HandlerFunc(h.answerMessage)})
	if h.prefs != nil {
		rt.Add(Command{Definition: SettingsDefinition(), Handler: HandlerFunc(h.settings), Ephemeral: true})
	}
	h.registerComponents()
}

type handlers struct {
	e     Engine
	rt    *Router // /help lists only the commands registered here
	votes feedback.Store
	prefs settings.Store

	ixMu sync.Mutex
	ix   atomic.Pointer[engineIndexes]
}

func footer() *discordgo.MessageEmbedFooter {
	return &discordgo.MessageEmbedFooter{Text: FooterText}
}

// episodeLabel is "Folge 3: Zwischen den Zeilen".
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
	e := snapshot(h.e)
	query := r.String(OptQuery)
	found := h.searchEpisodes(e, query, 4)
	if len(found) == 0 {
		r.SetOutcome(OutcomeAbstained)
		msg := fmt.Sprintf("Zu „%s“ habe ich keine Folge gefunden.", Truncate(query, MaxQueryLength))
		var names []string
		for _, c := range e.CompleteEpisodes(query, 3) {
			names = append(names, c.Name)
		}
		if l := quoteList(names); l != "" {
			msg += " " + MsgDidYouMean + " " + l + "?"
		}
		return EphemeralMessage(msg), nil
	}
	resp := Embeds(episodeEmbed(e, found[0], found[1:]))
	resp.Data.Components = h.episodeButtons(found[0])
	return resp, nil
}

// searchEpisodes finds episodes by ID, number, title, characters and text:
// the engine's search first, then episodes with a character or a synopsis
// word starting with a word of the query ("heil" → Heilmann), which the
// engine's whole-word search misses.
func (h *handlers) searchEpisodes(e Engine, query string, limit int) []*knowledge.Episode {
	var out []*knowledge.Episode
	seen := map[string]bool{}
	add := func(ep *knowledge.Episode) {
		if ep != nil && !seen[ep.ID] && len(out) < limit {
			seen[ep.ID] = true
			out = append(out, ep)
		}
	}
	if ep, ok := e.Episode(query); ok {
		add(ep)
	}
	for _, ep := range e.FindEpisodes(query, limit) {
		add(ep)
	}
	ix := h.indexes(e)
	eps := e.Episodes()
	for _, w := range words(query) {
		if runes(w) < 3 {
			continue
		}
		for _, words := range []*prefixIndex{&ix.nameWords, &ix.textWords} {
			for _, i := range words.episodes(w, limit) {
				add(eps[i])
			}
		}
	}
	return out
}

// episodeEmbed shows an episode: a short summary, characters, air date and
// other matches.
func episodeEmbed(e Engine, ep *knowledge.Episode, others []*knowledge.Episode) *discordgo.MessageEmbed {
	summary := strings.TrimSpace(e.Summary(ep.ID, 3))
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
	return embed
}

// relationText renders a relation of the character: Other is the
// character's Kind, so {Tochter, Lina} on Herr Brandt is "Tochter: Lina";
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
	e := snapshot(h.e)
	name := r.String(OptName)
	c, ok := e.FindCharacter(name)
	if !ok || c == nil {
		r.SetOutcome(OutcomeAbstained)
		msg := fmt.Sprintf("Eine Figur namens „%s“ kenne ich aus den Zusammenfassungen nicht.", Truncate(name, MaxQueryLength))
		var names []string
		for _, ch := range e.CompleteCharacters(name, 3) {
			if !strings.EqualFold(ch.Name, name) {
				names = append(names, ch.Name)
			}
		}
		if l := quoteList(names); l != "" {
			msg += " " + MsgDidYouMean + " " + l + "?"
		}
		return EphemeralMessage(msg), nil
	}
	return Embeds(characterEmbed(e, c)), nil
}

// characterEmbed shows a character: what the synopses say (grouped by
// episode, each episode named once), roles, named relations, unnamed
// relatives in one line, episodes and other names.
func characterEmbed(e Engine, c *knowledge.Character) *discordgo.MessageEmbed {
	embed := &discordgo.MessageEmbed{Title: c.Name, Color: colorInfo, Footer: footer()}
	var lines []string
	lastEp := ""
	for _, f := range e.CharacterFacts(c, 4) {
		t := strings.TrimSpace(f.Text)
		if t == "" {
			continue
		}
		if f.EpisodeID != lastEp && (len(c.Episodes) > 1 || lastEp == "") {
			if ep, ok := e.Episode(f.EpisodeID); ok {
				lines = append(lines, "**"+episodeLabel(ep)+"**")
			}
		}
		lastEp = f.EpisodeID
		lines = append(lines, "• "+t)
	}
	embed.Description = strings.Join(lines, "\n")
	if embed.Description == "" {
		embed.Description = "Die Zusammenfassungen erwähnen " + c.Name + ", sagen aber kaum etwas über die Figur."
	}
	if len(c.Roles) > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Rolle", Value: listLines(c.Roles, ", ")})
	}
	var named, unnamed []string
	for _, rel := range c.Relations {
		switch t := relationText(rel); {
		case t == "":
		case strings.TrimSpace(rel.Other) == "":
			unnamed = append(unnamed, t)
		default:
			named = append(named, t)
		}
	}
	if len(unnamed) > 0 {
		named = append(named, "ohne Namen erwähnt: "+strings.Join(unnamed, ", "))
	}
	if len(named) > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "Beziehungen", Value: listLines(named, "\n")})
	}
	if len(c.Episodes) > 0 {
		var eps []string
		for _, id := range c.Episodes {
			if ep, ok := e.Episode(id); ok {
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
	return embed
}
