package commands

import (
	"fmt"
	"math"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"
)

// Kind distinguishes a command invocation from an autocomplete request.
type Kind int

// Request kinds.
const (
	KindCommand Kind = iota
	KindAutocomplete
	KindComponent // a button click or select choice
)

func (k Kind) String() string {
	switch k {
	case KindAutocomplete:
		return "autocomplete"
	case KindComponent:
		return "component"
	}
	return "command"
}

// Outcome classifies how an interaction ended, for logs and metrics.
type Outcome string

// Outcomes. A handler sets OutcomeAbstained when it had nothing to say (the
// synopses do not answer, nothing found); the router sets the others.
const (
	OutcomeAnswered  Outcome = "answered"
	OutcomeAbstained Outcome = "abstained"
	OutcomeInvalid   Outcome = "invalid" // unknown command or bad option value
	OutcomeError     Outcome = "error"   // handler error or panic
)

// Request is one interaction as seen by a Handler: the raw discordgo
// interaction plus accessors for the command path and option values.
type Request struct {
	// Interaction is the interaction as decoded by discordgo.
	Interaction *discordgo.Interaction
	// Kind is KindCommand, KindAutocomplete or KindComponent.
	Kind Kind
	// Command is the top-level command name, e.g. "ask" or "recap"; for
	// components the kind of the custom ID.
	Command string
	// Fields are a component's state from its custom ID, Values the
	// options chosen in a select menu.
	Fields, Values []string
	// Subcommand is the subcommand path below Command, e.g. "subscribe" or
	// "group sub", and "" for commands without subcommands.
	Subcommand string

	def     *discordgo.ApplicationCommand
	options []*discordgo.ApplicationCommandInteractionDataOption // leaf options

	mu      sync.Mutex
	outcome Outcome
}

// maxOptionDepth bounds the walk through subcommand groups (Discord allows
// group > subcommand > options).
const maxOptionDepth = 3

func newRequest(i *discordgo.Interaction, data discordgo.ApplicationCommandInteractionData, def *discordgo.ApplicationCommand) *Request {
	r := &Request{Interaction: i, Command: data.Name, def: def, options: data.Options}
	if i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		r.Kind = KindAutocomplete
	}
	var path []string
	for depth := 0; depth < maxOptionDepth && len(r.options) == 1; depth++ {
		o := r.options[0]
		if o == nil || (o.Type != discordgo.ApplicationCommandOptionSubCommand &&
			o.Type != discordgo.ApplicationCommandOptionSubCommandGroup) {
			break
		}
		path = append(path, o.Name)
		r.options = o.Options
	}
	r.Subcommand = strings.Join(path, " ")
	return r
}

// NewRequest builds the Request a handler would get for i; it is meant for
// tests of handlers and middleware. ok is false for interactions without
// command data.
func NewRequest(i *discordgo.Interaction, def *discordgo.ApplicationCommand) (r *Request, ok bool) {
	if i == nil {
		return nil, false
	}
	data, ok := commandData(i)
	if !ok {
		return nil, false
	}
	return newRequest(i, data, def), true
}

// SetOutcome records how the interaction ended.
func (r *Request) SetOutcome(o Outcome) {
	r.mu.Lock()
	r.outcome = o
	r.mu.Unlock()
}

// Outcome is what SetOutcome recorded, OutcomeAnswered by default.
func (r *Request) Outcome() Outcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.outcome == "" {
		return OutcomeAnswered
	}
	return r.outcome
}

// Options returns the options of the invoked (sub)command.
func (r *Request) Options() []*discordgo.ApplicationCommandInteractionDataOption {
	return r.options
}

func (r *Request) option(name string) *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range r.options {
		if o != nil && o.Name == name {
			return o
		}
	}
	return nil
}

// Has reports whether the option was given.
func (r *Request) Has(name string) bool { return r.option(name) != nil }

// String returns the option's value with surrounding space trimmed; ""
// when it is missing. Non-string values (numbers, booleans) are formatted,
// and snowflake options (user, channel, role) are their ID strings.
func (r *Request) String(name string) string {
	o := r.option(name)
	if o == nil {
		return ""
	}
	switch v := o.Value.(type) {
	case string:
		return strings.TrimSpace(v)
	case nil:
		return ""
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
			return fmt.Sprintf("%d", int64(v))
		}
		return fmt.Sprint(v)
	default:
		return fmt.Sprint(v)
	}
}

// Int returns an integer option; ok is false when missing or not a whole
// number.
func (r *Request) Int(name string) (v int64, ok bool) {
	o := r.option(name)
	if o == nil {
		return 0, false
	}
	f, isNum := o.Value.(float64)
	if !isNum || f != math.Trunc(f) || math.Abs(f) >= 1<<53 {
		return 0, false
	}
	return int64(f), true
}

// Bool returns a boolean option; ok is false when missing or not a bool.
func (r *Request) Bool(name string) (v, ok bool) {
	o := r.option(name)
	if o == nil {
		return false, false
	}
	v, ok = o.Value.(bool)
	return v, ok
}

// Focused returns the option the user is typing in during autocomplete and
// its current (untrimmed) text.
func (r *Request) Focused() (name, value string, ok bool) {
	for _, o := range r.options {
		if o != nil && o.Focused {
			s, _ := o.Value.(string)
			return o.Name, s, true
		}
	}
	return "", "", false
}

// GuildID is the server the interaction came from, "" in direct messages.
func (r *Request) GuildID() string { return r.Interaction.GuildID }

// ChannelID is the channel the interaction came from.
func (r *Request) ChannelID() string { return r.Interaction.ChannelID }

// User is the invoking user (from Member in servers, User in DMs); nil if
// Discord sent neither.
func (r *Request) User() *discordgo.User {
	if m := r.Interaction.Member; m != nil && m.User != nil {
		return m.User
	}
	return r.Interaction.User
}

// UserID is the invoking user's ID, "" if unknown.
func (r *Request) UserID() string {
	if u := r.User(); u != nil {
		return u.ID
	}
	return ""
}

// MemberPermissions are the invoking member's permissions in the channel,
// as computed by Discord (0 in DMs).
func (r *Request) MemberPermissions() int64 {
	if m := r.Interaction.Member; m != nil {
		return m.Permissions
	}
	return 0
}

// HasPermissions reports whether the invoking member has all of perms in
// this server; Administrator implies every permission. Always false in DMs.
func (r *Request) HasPermissions(perms int64) bool {
	if r.Interaction.Member == nil || r.GuildID() == "" {
		return false
	}
	p := r.MemberPermissions()
	return p&discordgo.PermissionAdministrator != 0 || p&perms == perms
}

// Locale is the invoking user's client locale.
func (r *Request) Locale() discordgo.Locale { return r.Interaction.Locale }

// German reports whether the user's client is set to German.
func (r *Request) German() bool {
	return strings.HasPrefix(string(r.Interaction.Locale), "de")
}

// Definition returns the registered definition of the command, nil for
// unknown commands.
func (r *Request) Definition() *discordgo.ApplicationCommand { return r.def }

// optionDefs returns the option definitions of the invoked (sub)command.
func (r *Request) optionDefs() []*discordgo.ApplicationCommandOption {
	if r.def == nil {
		return nil
	}
	defs := r.def.Options
	if r.Subcommand == "" {
		// A command with subcommands invoked without one gives no leaf.
		for _, od := range defs {
			if od != nil && (od.Type == discordgo.ApplicationCommandOptionSubCommand ||
				od.Type == discordgo.ApplicationCommandOptionSubCommandGroup) {
				return nil
			}
		}
		return defs
	}
	for _, part := range strings.Split(r.Subcommand, " ") {
		var next []*discordgo.ApplicationCommandOption
		found := false
		for _, od := range defs {
			if od != nil && od.Name == part {
				next, found = od.Options, true
				break
			}
		}
		if !found {
			return nil
		}
		defs = next
	}
	return defs
}
