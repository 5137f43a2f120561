package commands

import (
	"github.com/bwmarrin/discordgo"
)

// noMentions keeps replies from pinging anyone, whatever the user typed.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// Message is a public reply with text content.
func Message(content string) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: content, AllowedMentions: noMentions()},
	}
}

// EphemeralMessage is a reply with text content only the invoker sees.
func EphemeralMessage(content string) *discordgo.InteractionResponse {
	r := Message(content)
	r.Data.Flags = discordgo.MessageFlagsEphemeral
	return r
}

// Embeds is a public reply with embeds.
func Embeds(embeds ...*discordgo.MessageEmbed) *discordgo.InteractionResponse {
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Embeds: embeds, AllowedMentions: noMentions()},
	}
}

// EphemeralEmbeds is a reply with embeds only the invoker sees.
func EphemeralEmbeds(embeds ...*discordgo.MessageEmbed) *discordgo.InteractionResponse {
	r := Embeds(embeds...)
	r.Data.Flags = discordgo.MessageFlagsEphemeral
	return r
}

// Choices is an autocomplete result; nil gives an empty list.
func Choices(choices []*discordgo.ApplicationCommandOptionChoice) *discordgo.InteractionResponse {
	if choices == nil {
		choices = []*discordgo.ApplicationCommandOptionChoice{}
	}
	return &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: choices},
	}
}

// IsEphemeral reports whether resp is a message only the invoker sees.
func IsEphemeral(resp *discordgo.InteractionResponse) bool {
	return resp != nil && resp.Data != nil && resp.Data.Flags&discordgo.MessageFlagsEphemeral != 0
}
