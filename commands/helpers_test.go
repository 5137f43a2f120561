package commands

import (
	"github.com/bwmarrin/discordgo"
)

// slash builds an application command interaction as discordgo decodes it.
func slash(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	return &discordgo.Interaction{
		ID: "100", AppID: "1", Type: discordgo.InteractionApplicationCommand, Token: "tok",
		GuildID: "200", ChannelID: "300", Locale: discordgo.German,
		Member: &discordgo.Member{User: &discordgo.User{ID: "400", Username: "tester"}, Permissions: discordgo.PermissionSendMessages},
		Data:   discordgo.ApplicationCommandInteractionData{ID: "500", Name: name, Options: opts},
	}
}

// autocomplete builds an autocomplete interaction with one focused option.
func autocomplete(name, option, typed string) *discordgo.Interaction {
	i := slash(name, &discordgo.ApplicationCommandInteractionDataOption{
		Name: option, Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true,
	})
	i.Type = discordgo.InteractionApplicationCommandAutocomplete
	return i
}

func str(name, value string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value}
}

func choiceNames(resp *discordgo.InteractionResponse) []string {
	var out []string
	for _, c := range resp.Data.Choices {
		out = append(out, c.Name)
	}
	return out
}

// buttonLabels lists the labels of all buttons of a response.
func buttonLabels(resp *discordgo.InteractionResponse) []string {
	var out []string
	for _, row := range resp.Data.Components {
		if r, ok := row.(discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(discordgo.Button); ok {
					out = append(out, b.Label)
				}
			}
		}
	}
	return out
}
