package commands

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/customid"
)

// Message components (buttons, select menus) are routed like commands: a
// component's custom ID names a kind, registered with AddComponent, and
// carries the state the handler needs, signed with the router's key
// (customid). Any process with the same key answers any click, so HTTP
// replicas need no shared memory; a forged or outdated ID gets
// MsgStaleComponent.

// MsgStaleComponent answers clicks on buttons the bot cannot read any more
// (older format, other key, forged).
const MsgStaleComponent = "Diese Schaltfläche ist veraltet. Bitte stell deine Frage noch einmal."

// SetComponentKey sets the key that signs custom IDs. Every process that
// answers the same application must use the same key (the app derives it
// from the bot token); without it the router signs with a random key, fine
// for a single process and tests.
func (rt *Router) SetComponentKey(key []byte) error {
	c, err := customid.New(key)
	if err != nil {
		return err
	}
	rt.mu.Lock()
	rt.codec = c
	rt.mu.Unlock()
	return nil
}

func (rt *Router) componentCodec() *customid.Codec {
	rt.mu.RLock()
	c := rt.codec
	rt.mu.RUnlock()
	if c != nil {
		return c
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.codec == nil {
		key := make([]byte, 32)
		rand.Read(key) //nolint:errcheck // crypto/rand.Read never fails
		rt.codec, _ = customid.New(key)
	}
	return rt.codec
}

// AddComponent registers the handler for custom IDs of kind. Like Add, it
// panics on programming errors (empty kind, nil handler, duplicate).
func (rt *Router) AddComponent(kind string, h Handler) {
	if kind == "" || h == nil {
		panic("commands: AddComponent: empty kind or nil handler")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.components == nil {
		rt.components = map[string]Handler{}
	}
	if _, dup := rt.components[kind]; dup {
		panic("commands: AddComponent: duplicate kind " + kind)
	}
	rt.components[kind] = h
}

// ComponentID returns the signed custom ID for kind and fields.
func (rt *Router) ComponentID(kind string, fields ...string) (string, error) {
	return rt.componentCodec().Encode(kind, fields...)
}

func (rt *Router) component(kind string) (Handler, bool) {
	rt.mu.RLock()
	defer rt.mu.RUnlock()
	h, ok := rt.components[kind]
	return h, ok
}

// componentData extracts the component data without discordgo's
// panicking accessor.
func componentData(i *discordgo.Interaction) (discordgo.MessageComponentInteractionData, bool) {
	return dataAs[discordgo.MessageComponentInteractionData](i)
}

// routeComponent answers a button click or select choice.
func (rt *Router) routeComponent(ctx context.Context, i *discordgo.Interaction) *discordgo.InteractionResponse {
	data, ok := componentData(i)
	if !ok {
		return EphemeralMessage(MsgInternalError)
	}
	req := &Request{Interaction: i, Kind: KindComponent, Values: data.Values}
	kind, fields, err := rt.componentCodec().Decode(data.CustomID)
	var h Handler
	if err == nil {
		req.Command, req.Fields = kind, fields
		h, ok = rt.component(kind)
	}
	if err != nil || !ok {
		stale := "forged"
		if errors.Is(err, customid.ErrStale) || err == nil {
			stale = "stale"
		}
		h = HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			req.SetOutcome(OutcomeInvalid)
			rt.logger.Info("component with unusable custom ID", "reason", stale)
			return EphemeralMessage(MsgStaleComponent), nil
		})
	}
	return rt.serveWrapped(ctx, req, h)
}

// Field returns the n-th state field of a component's custom ID, "" when
// missing.
func (r *Request) Field(n int) string {
	if n < 0 || n >= len(r.Fields) {
		return ""
	}
	return r.Fields[n]
}

// UpdateMessage replaces the message the clicked component belongs to
// (response type 7).
func UpdateMessage(data *discordgo.InteractionResponseData) *discordgo.InteractionResponse {
	if data.AllowedMentions == nil {
		data.AllowedMentions = noMentions()
	}
	if data.Components == nil {
		data.Components = []discordgo.MessageComponent{}
	}
	return &discordgo.InteractionResponse{Type: discordgo.InteractionResponseUpdateMessage, Data: data}
}

// mustID is ComponentID for IDs whose fields are known to fit; it panics
// otherwise (a programming error caught by tests).
func (rt *Router) mustID(kind string, fields ...string) string {
	id, err := rt.ComponentID(kind, fields...)
	if err != nil {
		panic(fmt.Sprintf("commands: custom ID %s %q: %v\n%s", kind, fields, err, debug.Stack()))
	}
	return id
}
