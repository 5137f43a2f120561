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
}

var helpEntries = []helpEntry{
	{CmdAsk, "frage", OptQuestion, "frage", "Beantwortet eine Frage aus den Zusammenfassungen der Folgen.", "Warum ist Herr Scholze im Krankenhaus?"},
	{CmdEpisode, "folge", OptQuery, "suche", "Zeigt eine Folge mit kurzer Zusammenfassung und den Figuren. Suche nach Titel, Nummer oder Stichworten; die Vorschläge erscheinen beim Tippen.", "Wege des Lebens"},
	{CmdCharacter, "figur", OptName, "name", "Zeigt eine Figur: Rolle, Beziehungen, Folgen und was über sie erzählt wird. Tippfehler sind kein Problem.", "Katrin"},
	{CmdHelp, "hilfe", "", "", "Zeigt diese Hilfe.", ""},
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
		name, opt := e.en, e.optEn
		if german {
			name, opt = e.de, e.optDe
		}
		value := e.what
		if e.example != "" {
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
