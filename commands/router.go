package commands

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sort"
	"strings"
	"sync"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/customid"
)

// Handler answers one interaction. It must not send anything to Discord
// itself: the transport (gateway or HTTP) sends the returned response. A
// non-nil error becomes a short ephemeral German message; use NewUserError
// for errors whose text the user should see.
type Handler interface {
	ServeInteraction(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error)

// ServeInteraction calls f.
func (f HandlerFunc) ServeInteraction(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	return f(ctx, r)
}

// Middleware wraps a Handler; the first middleware passed to Router.Use is
// the outermost. Middleware runs for commands and autocomplete alike
// (Request.Kind tells them apart).
type Middleware func(Handler) Handler

// Command is one registered slash command.
type Command struct {
	// Definition is registered with Discord; its Name is the route key.
	Definition *discordgo.ApplicationCommand
	// Handler answers the command.
	Handler Handler
	// Autocomplete answers autocomplete requests for the command's options
	// (optional; without it the router answers with no choices).
	Autocomplete Handler
	// Slow asks the transport to defer the response at once (type 5) and
	// edit it when the handler is done, instead of waiting for the handler
	// first. Fast handlers are deferred only when they overrun a threshold.
	Slow bool
	// Ephemeral makes a deferred response visible to the invoker only. Set it
	// for commands whose replies are ephemeral, because a deferred response
	// cannot change its visibility later.
	Ephemeral bool
}

// Router maps command names to Commands, like http.ServeMux. Register
// commands and middleware before serving; Route is safe for concurrent use.
type Router struct {
	logger *slog.Logger

	mu         sync.RWMutex
	cmds       map[string]*Command
	order      []string
	mws        []Middleware
	components map[string]Handler // by custom ID kind
	codec      *customid.Codec    // signs custom IDs; see SetComponentKey
	ids        map[string]string  // registered command IDs by name, for mentions
}

// NewRouter returns an empty router. logger receives recovered panics (nil
// discards them); use the Logging middleware for per-interaction logs.
func NewRouter(logger *slog.Logger) *Router {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Router{logger: logger, cmds: map[string]*Command{}}
}

// Use appends middleware to the chain.
func (rt *Router) Use(mw ...Middleware) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.mws = append(rt.mws, mw...)
}

// Add registers a command. It panics, like http.ServeMux.Handle, on a nil
// definition or handler and on a duplicate name: those are programming
// errors.
func (rt *Router) Add(c Command) {
	if c.Definition == nil || c.Definition.Name == "" {
		panic("commands: Add: command without a definition name")
	}
	if c.Handler == nil {
		panic("commands: Add: command " + c.Definition.Name + " without a handler")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if _, dup := rt.cmds[c.Definition.Name]; dup {
		panic("commands: Add: duplicate command " + c.Definition.Name)
	}
	cc := c
	rt.cmds[c.Definition.Name] = &cc
	rt.order = append(rt.order, c.Definition.Name)
}

// Definitions returns the command definitions in registration order, ready
// for ApplicationCommandBulkOverwrite.
func (rt *Router) Definitions() []*discordgo.ApplicationCommand {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	out := make([]*discordgo.ApplicationCommand, 0, len(rt.order))
	for _, name := range rt.order {
		out = append(out, rt.cmds[name].Definition)
	}
	return out
}

// Lookup returns the command registered under name.
func (rt *Router) Lookup(name string) (Command, bool) {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	c, ok := rt.cmds[name]
	if !ok {
		return Command{}, false
	}
	return *c, true
}

// Names returns the registered command names, sorted.
func (rt *Router) Names() []string {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	out := append([]string(nil), rt.order...)
	sort.Strings(out)
	return out
}

// DeferPolicy tells a transport how to treat a command interaction: slow
// means defer at once; ephemeral means a deferred response must be
// ephemeral. Unknown commands and other interaction types are neither.
func (rt *Router) DeferPolicy(i *discordgo.Interaction) (slow, ephemeral bool) {
	if i == nil || i.Type != discordgo.InteractionApplicationCommand {
		return false, false
	}
	d, ok := commandData(i)
	if !ok {
		return false, false
	}
	c, ok := rt.Lookup(d.Name)
	if !ok {
		return false, false
	}
	return c.Slow, c.Ephemeral
}

// German texts of the router's own replies.
const (
	MsgUnknownCommand = "Diesen Befehl kenne ich nicht. Mit /hilfe siehst du, was ich kann."
	MsgInternalError  = "Da ist leider etwas schiefgelaufen. Bitte versuch es gleich noch einmal."
	MsgUnsupported    = "Diese Art von Interaktion unterstütze ich nicht."
	MsgTimeout        = "Das hat leider zu lange gedauert. Bitte versuch es noch einmal."
	MsgShuttingDown   = "Ich starte gerade neu. Bitte versuch es in ein paar Sekunden noch einmal."
)

// Route answers an interaction. It never returns nil and never panics: a
// panic in a handler or middleware is recovered, logged and answered with
// an ephemeral error message. The response always fits Discord's limits.
func (rt *Router) Route(ctx context.Context, i *discordgo.Interaction) (resp *discordgo.InteractionResponse) {
	defer func() {
		if v := recover(); v != nil {
			rt.logger.Error("panic while routing interaction", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			resp = errorResponse(i)
		}
		FitResponse(resp)
	}()
	if i == nil {
		return EphemeralMessage(MsgInternalError)
	}
	switch i.Type {
	case discordgo.InteractionPing:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong}
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
	case discordgo.InteractionMessageComponent:
		return rt.routeComponent(ctx, i)
	default:
		return EphemeralMessage(MsgUnsupported)
	}
	data, ok := commandData(i)
	if !ok {
		return errorResponse(i)
	}
	cmd, known := rt.Lookup(data.Name)
	req := newRequest(i, data, cmd.Definition)

	var h Handler
	switch {
	case !known:
		h = HandlerFunc(func(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			r.SetOutcome(OutcomeInvalid)
			if r.Kind == KindAutocomplete {
				return Choices(nil), nil
			}
			return EphemeralMessage(MsgUnknownCommand), nil
		})
	case req.Kind == KindAutocomplete:
		h = cmd.Autocomplete
		if h == nil {
			h = HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
				return Choices(nil), nil
			})
		}
	default:
		h = validating(cmd.Handler)
	}
	return rt.serveWrapped(ctx, req, h)
}

// serveWrapped runs h behind panic recovery and the registered
// middlewares, the same way for commands and components.
func (rt *Router) serveWrapped(ctx context.Context, req *Request, h Handler) *discordgo.InteractionResponse {
	h = recovering(rt.logger, h)
	rt.mu.RLock()
	for j := len(rt.mws) - 1; j >= 0; j-- {
		h = rt.mws[j](h)
	}
	rt.mu.RUnlock()
	resp, err := h.ServeInteraction(ctx, req)
	return finish(req, resp, err)
}

// finish turns a handler result into the response to send.
func finish(r *Request, resp *discordgo.InteractionResponse, err error) *discordgo.InteractionResponse {
	if r.Kind == KindAutocomplete {
		if err != nil || resp == nil || resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			return Choices(nil)
		}
		if resp.Data == nil {
			resp.Data = &discordgo.InteractionResponseData{}
		}
		return resp
	}
	if err != nil {
		var ue *UserError
		if errors.As(err, &ue) {
			return EphemeralMessage(ue.Message)
		}
		return EphemeralMessage(MsgInternalError)
	}
	if resp == nil || resp.Data == nil && resp.Type == discordgo.InteractionResponseChannelMessageWithSource {
		return EphemeralMessage(MsgInternalError)
	}
	return resp
}

func errorResponse(i *discordgo.Interaction) *discordgo.InteractionResponse {
	if i != nil && i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		return Choices(nil)
	}
	return EphemeralMessage(MsgInternalError)
}

// PanicError is the error a recovered handler panic turns into, so
// middleware (logging, metrics) sees it like any other failure.
type PanicError struct {
	Value any
	Stack []byte
}

func (e *PanicError) Error() string { return fmt.Sprintf("panic in handler: %v", e.Value) }

// recovering converts a handler panic into a *PanicError.
func recovering(logger *slog.Logger, h Handler) Handler {
	return HandlerFunc(func(ctx context.Context, r *Request) (resp *discordgo.InteractionResponse, err error) {
		defer func() {
			if v := recover(); v != nil {
				r.SetOutcome(OutcomeError)
				resp, err = nil, &PanicError{Value: v, Stack: debug.Stack()}
			}
		}()
		return h.ServeInteraction(ctx, r)
	})
}

// UserError is an error whose Message (German) is shown to the user as an
// ephemeral reply.
type UserError struct{ Message string }

func (e *UserError) Error() string { return e.Message }

// NewUserError returns a *UserError with the given German message.
func NewUserError(format string, args ...any) error {
	return &UserError{Message: fmt.Sprintf(format, args...)}
}

// validating checks the request's option values against the command
// definition before the handler sees them.
func validating(h Handler) Handler {
	return HandlerFunc(func(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
		if err := r.validate(); err != nil {
			r.SetOutcome(OutcomeInvalid)
			return nil, err
		}
		return h.ServeInteraction(ctx, r)
	})
}

// Option length limits.
const (
	// MaxOptionLength caps string options whose definition sets no
	// MaxLength (Discord's own maximum for max_length).
	MaxOptionLength = 6000
)

// validate enforces Required, MinLength and MaxLength of string options
// (in runes, after trimming space) and rejects values of the wrong type.
func (r *Request) validate() error {
	defs := r.optionDefs()
	for _, od := range defs {
		if od == nil {
			continue
		}
		o := r.option(od.Name)
		if o == nil {
			if od.Required {
				return NewUserError("Bitte gib bei „%s“ etwas ein.", germanName(od))
			}
			continue
		}
		if od.Type != discordgo.ApplicationCommandOptionString {
			continue
		}
		s, ok := o.Value.(string)
		if !ok {
			return NewUserError("Die Eingabe bei „%s“ verstehe ich nicht.", germanName(od))
		}
		s = strings.TrimSpace(s)
		limit := od.MaxLength
		if limit <= 0 || limit > MaxOptionLength {
			limit = MaxOptionLength
		}
		switch n := runes(s); {
		case n == 0 && (od.Required || od.MinLength != nil && *od.MinLength > 0):
			return NewUserError("Bitte gib bei „%s“ etwas ein.", germanName(od))
		case od.MinLength != nil && n < *od.MinLength:
			return NewUserError("Die Eingabe bei „%s“ ist zu kurz (mindestens %d Zeichen).", germanName(od), *od.MinLength)
		case n > limit:
			return NewUserError("Die Eingabe bei „%s“ ist zu lang (höchstens %d Zeichen).", germanName(od), limit)
		}
	}
	return nil
}

func germanName(od *discordgo.ApplicationCommandOption) string {
	if n := od.NameLocalizations[discordgo.German]; n != "" {
		return n
	}
	return od.Name
}

// commandData extracts the command data of an application command or
// autocomplete interaction without discordgo's panicking accessor.
func commandData(i *discordgo.Interaction) (discordgo.ApplicationCommandInteractionData, bool) {
	return dataAs[discordgo.ApplicationCommandInteractionData](i)
}

// dataAs returns the interaction's data as T, whether discordgo decoded it
// as a value or a pointer.
func dataAs[T any](i *discordgo.Interaction) (T, bool) {
	var zero T
	if d, ok := any(i.Data).(T); ok {
		return d, true
	}
	if p, ok := any(i.Data).(*T); ok && p != nil {
		return *p, true
	}
	return zero, false
}
