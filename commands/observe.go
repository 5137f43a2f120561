package commands

import (
	"context"
	"errors"
	"time"

	"github.com/bwmarrin/discordgo"
)

// UnknownCommand is the label of command names the router does not know;
// counting them under their own names would let anyone grow the label set.
const UnknownCommand = "unknown"

// Observer receives one observation per interaction the router answers,
// e.g. Prometheus counters. It is an interface so that the metrics package
// needs no import of commands.
type Observer interface {
	ObserveInteraction(command, kind, outcome string, took time.Duration)
}

// Observe reports every interaction to o: command label (CommandLabel),
// kind, outcome (Request.Outcome) and handler latency. It classifies errors
// as Logging does (a non-user error without an outcome is "error"), so it
// may sit anywhere in the chain. A nil o is no middleware at all.
func Observe(o Observer) Middleware {
	return func(next Handler) Handler {
		if o == nil {
			return next
		}
		return HandlerFunc(func(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			start := time.Now()
			resp, err := next.ServeInteraction(ctx, r)
			took := time.Since(start)
			outcome := r.Outcome()
			var ue *UserError
			if err != nil && !errors.As(err, &ue) {
				outcome = OutcomeError
			}
			o.ObserveInteraction(CommandLabel(r), r.Kind.String(), string(outcome), took)
			return resp, err
		})
	}
}

// CommandLabel is the command label for r: its name when the router knows
// the command, else UnknownCommand.
func CommandLabel(r *Request) string {
	if r != nil && r.Kind == KindComponent && r.Command != "" {
		return "component:" + r.Command
	}
	if r == nil || r.Definition() == nil {
		return UnknownCommand
	}
	return r.Command
}

// CommandLabel is the label of a command interaction, as for a Request.
func (rt *Router) CommandLabel(i *discordgo.Interaction) string {
	if i != nil {
		if d, ok := commandData(i); ok {
			if _, known := rt.Lookup(d.Name); known {
				return d.Name
			}
		}
	}
	return UnknownCommand
}
