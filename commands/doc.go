// Package commands turns Discord interactions into interaction responses.
//
// It is the transport-independent half of the bot: a Router maps command
// names to Handlers (like net/http's ServeMux), runs middleware (logging,
// panic recovery), validates option values against the command definitions
// and keeps every response within Discord's limits. Handlers receive the
// interaction as decoded by discordgo and return a
// *discordgo.InteractionResponse; they never talk to Discord themselves, so
// the same handlers serve the gateway (package bot) and an HTTP interactions
// endpoint. Nothing in this package touches the network.
//
// New builds the router with the bot's slash commands (/ask, /episode,
// /character, /help), answered in German from a knowledge Engine.
// RegisterRecap adds /recap (daily recap subscriptions), answered by a
// RecapService such as *recap.Scheduler.
package commands
