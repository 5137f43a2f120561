package commands

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Logging logs every interaction with log/slog: command, kind, subcommand,
// guild, user, outcome and duration. Commands log at Info, autocomplete at
// Debug; handler errors at Warn and panics (with stack) at Error.
func Logging(logger *slog.Logger) Middleware {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return func(next Handler) Handler {
		return HandlerFunc(func(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			start := time.Now()
			resp, err := next.ServeInteraction(ctx, r)
			outcome := r.Outcome()
			var ue *UserError
			if err != nil && !errors.As(err, &ue) && outcome != OutcomeError {
				r.SetOutcome(OutcomeError)
				outcome = OutcomeError
			}
			attrs := []slog.Attr{
				slog.String("command", r.Command),
				slog.String("kind", r.Kind.String()),
				slog.String("outcome", string(outcome)),
				slog.Duration("duration", time.Since(start)),
				slog.String("interaction", r.Interaction.ID),
			}
			if r.Subcommand != "" {
				attrs = append(attrs, slog.String("subcommand", r.Subcommand))
			}
			if g := r.GuildID(); g != "" {
				attrs = append(attrs, slog.String("guild", g))
			}
			if u := r.UserID(); u != "" {
				attrs = append(attrs, slog.String("user", u))
			}
			level := slog.LevelInfo
			msg := "interaction"
			if r.Kind == KindAutocomplete {
				level = slog.LevelDebug
			}
			var pe *PanicError
			switch {
			case errors.As(err, &pe):
				level, msg = slog.LevelError, "interaction handler panicked"
				attrs = append(attrs, slog.Any("panic", pe.Value), slog.String("stack", string(pe.Stack)))
			case ue != nil:
				attrs = append(attrs, slog.String("reply", ue.Message))
			case err != nil:
				level, msg = slog.LevelWarn, "interaction failed"
				attrs = append(attrs, slog.String("error", err.Error()))
			}
			logger.LogAttrs(ctx, level, msg, attrs...)
			return resp, err
		})
	}
}
