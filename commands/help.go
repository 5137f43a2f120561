package commands

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// helpEntry documents one command for /help.
type helpEntry struct {
	en, de       string // command names
	optEn, optDe string // option names, "" for none
	what         string
	example      string // option value of the example
	// exampleEn and exampleDe, when set, are whole examples instead
	// (commands with subcommands).
	exampleEn, exampleDe string
}

var helpEntries = []helpEntry{
	{en: CmdAsk, de: "frage", optEn: OptQuestion, optDe: "frage",
		what: "Beantwortet eine Frage aus den Zusammenfassungen der Folgen.", example: "Warum ist Herr Scholze im Krankenhaus?"},
	{en: CmdEpisode, de: "folge", optEn: OptQuery, optDe: "suche",
		what: "Zeigt eine Folge mit kurzer Zusammenfassung und den Figuren. Suche nach Titel, Nummer oder Stichworten; die Vorschläge erscheinen beim Tippen.", example: "Wege des Lebens"},
	{en: CmdCharacter, de: "figur", optEn: OptName, optDe: "name",
		what: "Zeigt eine Figur: Rolle, Beziehungen, Folgen und was über sie erzählt wird. Tippfehler sind kein Problem.", example: "Katrin"},
	{en: CmdRecap, de: "recap",
		what: "Postet jeden Tag den Recap einer Folge (Titel, Zusammenfassung, Hauptfiguren) in einen Kanal. " +
			"Einrichten und abbestellen dürfen Mitglieder mit „Server verwalten“; dazu Status und eine Vorschau nur für dich.",
		exampleEn: "/recap subscribe channel: #serie time: 08:00", exampleDe: "/recap abonnieren kanal: #serie uhrzeit: 08:00"},
	{en: CmdHelp, de: "hilfe", what: "Zeigt diese Hilfe."},
}

func (h *handlers) help(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	german := r.German()
	embed := &discordgo.MessageEmbed{
		Title: "Was ich kann",
		Description: "Ich beantworte Fragen zur Krankenhausserie „In aller Freundschaft“ – " +
			"ausschließlich aus den Zusammenfassungen der Folgen. Steht etwas nicht darin, sage ich das.",
		Color:  colorInfo,
		Footer: footer(),
	}
	for _, e := range helpEntries {
		if h.rt != nil {
			if _, ok := h.rt.Lookup(e.en); !ok {
				continue
			}
		}
		name, opt, example := e.en, e.optEn, e.exampleEn
		if german {
			name, opt, example = e.de, e.optDe, e.exampleDe
		}
		value := e.what
		switch {
		case example != "":
			value += fmt.Sprintf("\nBeispiel: `%s`", example)
		case e.example != "":
			value += fmt.Sprintf("\nBeispiel: `/%s %s: %s`", name, opt, e.example)
		}
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{Name: "/" + name, Value: value})
	}
	st := h.e.Stats()
	if st.Episodes > 0 {
		embed.Fields = append(embed.Fields, &discordgo.MessageEmbedField{
			Name:  "Wissensstand",
			Value: fmt.Sprintf("%d Folgen, %d Figuren", st.Episodes, st.Characters),
		})
	}
	return EphemeralEmbeds(embed), nil
}
