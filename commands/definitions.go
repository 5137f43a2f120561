package commands

import "github.com/bwmarrin/discordgo"

// Command and option names (English; German names are localisations).
const (
	CmdAsk       = "ask"
	CmdEpisode   = "episode"
	CmdCharacter = "character"
	CmdHelp      = "help"
	CmdSettings  = "settings"
	// CmdAnswerMessage is the message command (right click → Apps).
	CmdAnswerMessage = "Answer question"

	OptQuestion = "question"
	OptQuery    = "query"
	OptName     = "name"
)

// Input limits, in characters. Discord enforces them in the client through
// max_length; the router checks them again for requests from elsewhere.
const (
	MaxQuestionLength = 300
	MaxQueryLength    = 100 // also the autocomplete value limit
)

func de(s string) *map[discordgo.Locale]string {
	return &map[discordgo.Locale]string{discordgo.German: s}
}

func deOpt(s string) map[discordgo.Locale]string {
	return map[discordgo.Locale]string{discordgo.German: s}
}

func intPtr(n int) *int { return &n }

// public lets fans use a command everywhere: in servers that installed the
// app, and, installed for themselves, in DMs and group chats.
func public(c *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	c.IntegrationTypes = &[]discordgo.ApplicationIntegrationType{
		discordgo.ApplicationIntegrationGuildInstall, discordgo.ApplicationIntegrationUserInstall,
	}
	c.Contexts = &[]discordgo.InteractionContextType{
		discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM, discordgo.InteractionContextPrivateChannel,
	}
	return c
}

// AnswerMessageDefinition is the message command "Answer question" (de:
// "Frage beantworten"): it answers the text of the chosen message.
func AnswerMessageDefinition() *discordgo.ApplicationCommand {
	return public(&discordgo.ApplicationCommand{
		Type:              discordgo.MessageApplicationCommand,
		Name:              CmdAnswerMessage,
		NameLocalizations: de("Frage beantworten"),
	})
}

// Settings subcommand and option names.
const (
	SubSpoiler = "spoiler"
	OptHide    = "hide"
)

// SettingsDefinition is /settings spoiler [hide] (de: /einstellungen
// spoiler [verbergen]), for members with Manage Server, in servers only.
func SettingsDefinition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	return &discordgo.ApplicationCommand{
		Name:                     CmdSettings,
		NameLocalizations:        de("einstellungen"),
		Description:              "Settings of the bot on this server",
		DescriptionLocalizations: de("Einstellungen des Bots auf diesem Server"),
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
		IntegrationTypes:         &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall},
		Options: []*discordgo.ApplicationCommandOption{{
			Type:                     discordgo.ApplicationCommandOptionSubCommand,
			Name:                     SubSpoiler,
			NameLocalizations:        deOpt("spoiler"),
			Description:              "Hide episode endings behind spoiler markup (default: on)",
			DescriptionLocalizations: deOpt("Enden von Folgen als Spoiler verbergen (Standard: an)"),
			Options: []*discordgo.ApplicationCommandOption{{
				Type:                     discordgo.ApplicationCommandOptionBoolean,
				Name:                     OptHide,
				NameLocalizations:        deOpt("verbergen"),
				Description:              "true: hide endings; false: show them; empty: show the setting",
				DescriptionLocalizations: deOpt("wahr: verbergen; falsch: zeigen; leer: Einstellung anzeigen"),
			}},
		}},
	}
}

// AskDefinition is /ask question (de: /frage frage).
func AskDefinition() *discordgo.ApplicationCommand {
	return public(&discordgo.ApplicationCommand{
		Name:                     CmdAsk,
		NameLocalizations:        de("frage"),
		Description:              "Ask a question about the series In aller Freundschaft",
		DescriptionLocalizations: de("Stell eine Frage zur Serie In aller Freundschaft"),
		Options: []*discordgo.ApplicationCommandOption{{
			Type:                     discordgo.ApplicationCommandOptionString,
			Name:                     OptQuestion,
			NameLocalizations:        deOpt("frage"),
			Description:              "Your question, e.g. What is the patient suffering from?",
			DescriptionLocalizations: deOpt("Deine Frage, z. B. Woran leidet die Patientin?"),
			Required:                 true,
			MinLength:                intPtr(1),
			MaxLength:                MaxQuestionLength,
		}},
	})
}

// EpisodeDefinition is /episode query (de: /folge suche), with autocomplete.
func EpisodeDefinition() *discordgo.ApplicationCommand {
	return public(&discordgo.ApplicationCommand{
		Name:                     CmdEpisode,
		NameLocalizations:        de("folge"),
		Description:              "Show an episode: find it by title, number or keywords",
		DescriptionLocalizations: de("Zeigt eine Folge: Suche nach Titel, Nummer oder Stichworten"),
		Options: []*discordgo.ApplicationCommandOption{{
			Type:                     discordgo.ApplicationCommandOptionString,
			Name:                     OptQuery,
			NameLocalizations:        deOpt("suche"),
			Description:              "Title, number or keywords of the episode",
			DescriptionLocalizations: deOpt("Titel, Nummer oder Stichworte der Folge"),
			Required:                 true,
			Autocomplete:             true,
			MinLength:                intPtr(1),
			MaxLength:                MaxQueryLength,
		}},
	})
}

// CharacterDefinition is /character name (de: /figur name), with autocomplete.
func CharacterDefinition() *discordgo.ApplicationCommand {
	return public(&discordgo.ApplicationCommand{
		Name:                     CmdCharacter,
		NameLocalizations:        de("figur"),
		Description:              "Show a character: role, relations, episodes",
		DescriptionLocalizations: de("Zeigt eine Figur: Rolle, Beziehungen, Folgen"),
		Options: []*discordgo.ApplicationCommandOption{{
			Type:                     discordgo.ApplicationCommandOptionString,
			Name:                     OptName,
			NameLocalizations:        deOpt("name"),
			Description:              "Name of the character, e.g. Katrin",
			DescriptionLocalizations: deOpt("Name der Figur, z. B. Katrin"),
			Required:                 true,
			Autocomplete:             true,
			MinLength:                intPtr(1),
			MaxLength:                MaxQueryLength,
		}},
	})
}

// HelpDefinition is /help (de: /hilfe).
func HelpDefinition() *discordgo.ApplicationCommand {
	return public(&discordgo.ApplicationCommand{
		Name:                     CmdHelp,
		NameLocalizations:        de("hilfe"),
		Description:              "What this bot can do, with examples",
		DescriptionLocalizations: de("Was dieser Bot kann, mit Beispielen"),
		Options:                  []*discordgo.ApplicationCommandOption{},
	})
}
