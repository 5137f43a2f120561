package commands

import (
	"context"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// helpEntry documents one command for /help, in German and English.
type helpEntry struct {
	name           string // registered (English) name
	sub            string // subcommand of the example, "" for none
	whatDe, whatEn string
	exampleDe      string // example input after the command mention
	exampleEn      string
	manage         bool // only for members with Manage Server
}

var helpEntries = []helpEntry{
	{name: CmdAsk, whatDe: "Beantwortet eine Frage aus den Zusammenfassungen der Folgen; darunter Knöpfe für die ganze Zusammenfassung, weitere Treffer und 👍/👎.",
		whatEn:    "Answers a question (in German) from the episode synopses; buttons below show the whole synopsis, more matches and 👍/👎.",
		exampleDe: "frage: Warum ist Herr Scholze im Krankenhaus?", exampleEn: "question: Warum ist Herr Scholze im Krankenhaus?"},
	{name: CmdEpisode, whatDe: "Zeigt eine Folge: Suche nach Titel, Nummer, Figur oder einem Wort aus der Zusammenfassung; Vorschläge beim Tippen zeigen die Hauptfiguren.",
		whatEn:    "Shows an episode: search by title, number, character or a word of the synopsis; suggestions show the main characters.",
		exampleDe: "suche: Heilmann", exampleEn: "query: Heilmann"},
	{name: CmdCharacter, whatDe: "Zeigt eine Figur: Rolle, Beziehungen, Folgen und was über sie erzählt wird. Tippfehler sind kein Problem.",
		whatEn:    "Shows a character: role, relations, episodes and what the synopses tell. Typos are fine.",
		exampleDe: "name: Kathrin", exampleEn: "name: Kathrin"},
	{name: CmdAnswerMessage, whatDe: "Rechtsklick auf eine Nachricht → Apps → „Frage beantworten“: beantwortet die Frage darin.",
		whatEn: "Right-click a message → Apps → “Answer question”: answers the question in it."},
	{name: CmdRecap, sub: SubSubscribe, manage: true,
		whatDe:    "Postet jeden Tag den Recap einer Folge in einen Kanal; dazu Status und eine Vorschau nur für dich.",
		whatEn:    "Posts the recap of one episode to a channel every day; status and a private preview too.",
		exampleDe: "kanal: #serie uhrzeit: 08:00", exampleEn: "channel: #serie time: 08:00"},
	{name: CmdSettings, sub: SubSpoiler, manage: true,
		whatDe: "Legt fest, ob Enden von Folgen als Spoiler verborgen werden (Standard: ja).",
		whatEn: "Sets whether episode endings are hidden as spoilers (default: yes).", exampleDe: "verbergen: False", exampleEn: "hide: False"},
	{name: CmdHelp, whatDe: "Zeigt diese Hilfe.", whatEn: "Shows this help."},
}

// SetCommandIDs records the IDs Discord gave the registered commands, so
// /help can show clickable command mentions (</name:id>).
func (rt *Router) SetCommandIDs(registered []*discordgo.ApplicationCommand) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.ids = map[string]string{}
	for _, c := range registered {
		if c != nil && c.ID != "" {
			rt.ids[c.Name] = c.ID
		}
	}
}

// mention is a clickable command mention, or the command as code when its
// ID is unknown (not registered yet).
func (rt *Router) mention(name, sub, shown string) string {
	rt.mu.RLock()
	id := rt.ids[name]
	rt.mu.RUnlock()
	full := strings.TrimSpace(name + " " + sub)
	if id == "" {
		return "`/" + strings.TrimSpace(shown) + "`"
	}
	return "</" + full + ":" + id + ">"
}

// localName is the command's (or subcommand's) name in the user's language.
func localName(def *discordgo.ApplicationCommand, sub string, german bool) string {
	name := def.Name
	if german && def.NameLocalizations != nil && (*def.NameLocalizations)[discordgo.German] != "" {
		name = (*def.NameLocalizations)[discordgo.German]
	}
	if sub == "" {
		return name
	}
	for _, o := range def.Options {
		if o != nil && o.Name == sub {
			s := o.Name
			if german && o.NameLocalizations[discordgo.German] != "" {
				s = o.NameLocalizations[discordgo.German]
			}
			return name + " " + s
		}
	}
	return name + " " + sub
}

func (h *handlers) help(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	german := !strings.HasPrefix(string(r.Locale()), "en")
	embed := &discordgo.MessageEmbed{
		Title: "Was ich kann",
		Description: "Ich beantworte Fragen zur Krankenhausserie „In aller Freundschaft“ – " +
			"ausschließlich aus den Zusammenfassungen der Folgen. Steht etwas nicht darin, sage ich das.",
		Color:  colorInfo,
		Footer: footer(),
	}
	if !german {
		embed.Title = "What I can do"
		embed.Description = "I answer questions about the hospital series “In aller Freundschaft” – only from the " +
			"episode synopses, which are German, so please ask in German. If the synopses do not say, I tell you."
	}
	manager := r.HasPermissions(discordgo.PermissionManageGuild)
	for _, e := range helpEntries {
		cmd, ok := h.rt.Lookup(e.name)
		if !ok || e.manage && !manager {
			continue
		}
		what, example := e.whatEn, e.exampleEn
		if german {
			what, example = e.whatDe, e.exampleDe
		}
		if cmd.Definition.Type == discordgo.MessageApplicationCommand {
			embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: localName(cmd.Definition, "", german), Value: what})
			continue
		}
		shown := localName(cmd.Definition, e.sub, german)
		value := what
		if example != "" {
			value += "\n" + h.rt.mention(e.name, e.sub, shown) + " `" + example + "`"
		} else {
			value += "\n" + h.rt.mention(e.name, e.sub, shown)
		}
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "/" + shown, Value: value})
	}
	st := snapshot(h.e).Stats()
	if st.Episodes > 0 {
		name, format := "Wissensstand", "%d Folgen, %d Figuren"
		if !german {
			name, format = "Knowledge", "%d episodes, %d characters"
		}
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: name, Value: fmt.Sprintf(format, st.Episodes, st.Characters)})
	}
	return EphemeralEmbeds(embed), nil
}
