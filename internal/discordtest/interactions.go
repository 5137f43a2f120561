package discordtest

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// InteractionSpec describes an INTERACTION_CREATE to dispatch.
type InteractionSpec struct {
	// Type defaults to InteractionApplicationCommand.
	Type discordgo.InteractionType
	// Name and Options build the data of a chat-input command. CommandID
	// defaults to the ID of the registered command of that name (guild
	// commands first), else a fresh snowflake.
	Name      string
	CommandID string
	Options   []*discordgo.ApplicationCommandInteractionDataOption
	// Data, if set, is sent as "data" instead (e.g. for components).
	Data any
	// Message is sent as "message": for a component, the message it
	// belongs to, as Discord sends it with every click.
	Message any

	// GuildID "" means a DM: the payload then has "user" instead of
	// "member".
	GuildID   string
	ChannelID string // required
	// User is the invoking user (default: a fixed "tester" user).
	User  *discordgo.User
	Roles []string
	// MemberPermissions and AppPermissions are the invoker's and the bot's
	// permissions in the channel; they are sent as strings, like Discord.
	// Zero means no permissions.
	MemberPermissions int64
	AppPermissions    int64
	Locale            discordgo.Locale // default "en-US"
}

// InteractionRef identifies a dispatched interaction.
type InteractionRef struct {
	ID, Token string
	SessionID string // gateway session it was dispatched to
}

// InteractionState is what the bot has done with an interaction so far.
type InteractionState struct {
	ID, Token    string
	Type         discordgo.InteractionType
	Created      time.Time
	Acknowledged bool
	ResponseType discordgo.InteractionResponseType
	// Response is the raw callback body ({"type":..,"data":..}).
	Response json.RawMessage
	// Choices are the autocomplete choices of a type 8 response.
	Choices []*discordgo.ApplicationCommandOptionChoice
	// Original is the @original message (created by a type 4 or 5
	// callback, edited by PATCH @original), nil if none or deleted.
	Original  *discordgo.Message
	Followups []*discordgo.Message
}

type interaction struct {
	id, token          string
	typ                discordgo.InteractionType
	guildID, channelID string
	user               discordgo.User
	created            time.Time
	acked              bool
	respType           int
	response           json.RawMessage
	choices            []*discordgo.ApplicationCommandOptionChoice
	original           map[string]any
	followups          []map[string]any
}

// SendSlashCommand dispatches a chat-input command interaction (type 2).
func (s *Server) SendSlashCommand(spec InteractionSpec) (InteractionRef, error) {
	spec.Type = discordgo.InteractionApplicationCommand
	return s.SendInteraction(spec)
}

// SendAutocomplete dispatches an autocomplete interaction (type 4); exactly
// one option (possibly nested in a subcommand) must have Focused set.
func (s *Server) SendAutocomplete(spec InteractionSpec) (InteractionRef, error) {
	spec.Type = discordgo.InteractionApplicationCommandAutocomplete
	if spec.Data == nil && countFocused(spec.Options) != 1 {
		return InteractionRef{}, errors.New("discordtest: autocomplete needs exactly one focused option")
	}
	return s.SendInteraction(spec)
}

func countFocused(opts []*discordgo.ApplicationCommandInteractionDataOption) int {
	n := 0
	for _, o := range opts {
		if o.Focused {
			n++
		}
		n += countFocused(o.Options)
	}
	return n
}

// SendInteraction dispatches INTERACTION_CREATE to one live session (the
// one whose shard owns the guild, preferring connected, most recently
// identified sessions) and returns the ID and token the bot must answer with.
func (s *Server) SendInteraction(spec InteractionSpec) (InteractionRef, error) {
	if spec.ChannelID == "" {
		return InteractionRef{}, errors.New("discordtest: InteractionSpec.ChannelID is required")
	}
	if spec.Type == 0 {
		spec.Type = discordgo.InteractionApplicationCommand
	}
	if spec.Locale == "" {
		spec.Locale = discordgo.EnglishUS
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return InteractionRef{}, ErrClosed
	}
	sess := s.pickSessionLocked(spec.GuildID)
	if sess == nil {
		return InteractionRef{}, ErrNoSession
	}
	user := s.tester
	if spec.User != nil {
		user = *spec.User
	}
	in := &interaction{
		id: s.NewSnowflake(), token: "aW50ZXJhY3Rpb24" + randomHex(24), typ: spec.Type,
		guildID: spec.GuildID, channelID: spec.ChannelID, user: user, created: time.Now(),
	}
	data := spec.Data
	if data == nil {
		cmdID := spec.CommandID
		if cmdID == "" {
			cmdID = s.commandIDLocked(spec.GuildID, spec.Name)
		}
		if cmdID == "" {
			cmdID = s.NewSnowflake()
		}
		d := map[string]any{"id": cmdID, "name": spec.Name, "type": 1}
		if spec.Options != nil {
			d["options"] = spec.Options
		}
		if spec.GuildID != "" {
			d["guild_id"] = spec.GuildID
		}
		data = d
	}
	payload := map[string]any{
		"id":                    in.id,
		"application_id":        s.appID,
		"type":                  spec.Type,
		"token":                 in.token,
		"version":               1,
		"data":                  data,
		"channel_id":            spec.ChannelID,
		"channel":               map[string]any{"id": spec.ChannelID, "type": 0},
		"app_permissions":       strconv.FormatInt(spec.AppPermissions, 10),
		"locale":                spec.Locale,
		"entitlements":          []any{},
		"attachment_size_limit": 10 << 20,
	}
	if spec.Message != nil {
		payload["message"] = spec.Message
	}
	if spec.GuildID != "" {
		roles := spec.Roles
		if roles == nil {
			roles = []string{}
		}
		payload["guild_id"] = spec.GuildID
		payload["guild_locale"] = discordgo.EnglishUS
		payload["context"] = 0
		payload["authorizing_integration_owners"] = map[string]string{"0": spec.GuildID}
		payload["member"] = map[string]any{
			"user":        user,
			"roles":       roles,
			"permissions": strconv.FormatInt(spec.MemberPermissions, 10),
			"joined_at":   in.created.Add(-24 * time.Hour).UTC().Format(time.RFC3339),
			"deaf":        false, "mute": false, "flags": 0, "pending": false,
		}
	} else {
		payload["context"] = 1
		payload["user"] = user
		payload["authorizing_integration_owners"] = map[string]string{"1": user.ID}
	}
	if err := s.dispatchLocked(sess, "INTERACTION_CREATE", payload, true); err != nil {
		return InteractionRef{}, err
	}
	s.interactions[in.id] = in
	s.byToken[in.token] = in
	return InteractionRef{ID: in.id, Token: in.token, SessionID: sess.id}, nil
}

func (s *Server) pickSessionLocked(guildID string) *gwSession {
	var best *gwSession
	for _, g := range s.sessOrder {
		if g.ended || !g.ownsGuild(guildID) {
			continue
		}
		connected := g.conn != nil && g.conn.ready
		if best == nil || connected || !(best.conn != nil && best.conn.ready) {
			best = g
		}
	}
	return best
}

// Interaction returns the state of a dispatched interaction.
func (s *Server) Interaction(id string) (InteractionState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	in := s.interactions[id]
	if in == nil {
		return InteractionState{}, false
	}
	st := InteractionState{
		ID: in.id, Token: in.token, Type: in.typ, Created: in.created, Acknowledged: in.acked,
		ResponseType: discordgo.InteractionResponseType(in.respType),
		Response:     append(json.RawMessage(nil), in.response...), Choices: in.choices,
	}
	if in.original != nil {
		st.Original = toMessage(in.original)
	}
	for _, f := range in.followups {
		st.Followups = append(st.Followups, toMessage(f))
	}
	return st, true
}

// WaitResponse waits until the interaction has its initial callback and
// returns its state.
func (s *Server) WaitResponse(ctx context.Context, id string) (InteractionState, error) {
	var st InteractionState
	err := s.WaitUntil(ctx, func() bool {
		st, _ = s.Interaction(id)
		return st.Acknowledged
	})
	return st, err
}

// allowedResponses lists the callback types Discord accepts per interaction
// type.
var allowedResponses = map[discordgo.InteractionType][]int{
	discordgo.InteractionApplicationCommand:             {4, 5, 9},
	discordgo.InteractionMessageComponent:               {4, 5, 6, 7, 9},
	discordgo.InteractionApplicationCommandAutocomplete: {8},
	discordgo.InteractionModalSubmit:                    {4, 5, 6, 7},
}

func (s *Server) interactionCallbackLocked(id, token string, r Request) response {
	in := s.interactions[id]
	if in == nil || in.token != token {
		return apiError(404, 10062, "Unknown interaction")
	}
	if in.acked {
		return apiError(400, 40060, "Interaction has already been acknowledged.")
	}
	if s.callbackDeadline > 0 && time.Since(in.created) > s.callbackDeadline {
		return apiError(404, 10062, "Unknown interaction")
	}
	body, bad := decodeObject(r.Body)
	if bad != nil {
		return *bad
	}
	typ := intOf(body["type"])
	ok := false
	for _, t := range allowedResponses[in.typ] {
		ok = ok || t == typ
	}
	if !ok {
		return formError("type", "INTERACTION_RESPONSE_TYPE_INVALID", "Value must be one of the allowed interaction response types.")
	}
	data, _ := body["data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	switch typ {
	case 4:
		if bad := validateMessage(data, len(r.Files)); bad != nil {
			return prefixed(*bad)
		}
		in.original = s.interactionMessageLocked(in, data, r.Files)
	case 5:
		flags := intOf(data["flags"])&64 | 128 // EPHEMERAL kept, LOADING set
		in.original = s.interactionMessageLocked(in, map[string]any{"flags": flags}, nil)
	case 8:
		choices, _ := data["choices"].([]any)
		if len(choices) > 25 {
			return formError("data.choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		}
		raw, _ := json.Marshal(choices)
		json.Unmarshal(raw, &in.choices) //nolint:errcheck // lenient
	case 9:
		if t, _ := data["title"].(string); t == "" {
			return formError("data.title", "BASE_TYPE_REQUIRED", "This field is required")
		}
	}
	in.acked = true
	in.respType = typ
	in.response = append(json.RawMessage(nil), r.Body...)
	s.notifyLocked()
	return response{status: 204}
}

// prefixed keeps an error response but places field errors under "data",
// as Discord reports them for callbacks. Only the error body differs.
func prefixed(r response) response {
	m, ok := r.body.(map[string]any)
	if !ok || m["errors"] == nil {
		return r
	}
	m2 := copyObj(m)
	m2["errors"] = map[string]any{"data": m["errors"]}
	r.body = m2
	return r
}

func intOf(v any) int {
	switch n := v.(type) {
	case json.Number:
		i, _ := n.Int64()
		return int(i)
	case float64:
		return int(n)
	}
	return 0
}

func (s *Server) interactionMessageLocked(in *interaction, body map[string]any, files []File) map[string]any {
	obj := s.newMessageObj(s.NewSnowflake(), in.channelID, body, files, time.Now())
	obj["webhook_id"] = s.appID
	obj["application_id"] = s.appID
	if in.typ == discordgo.InteractionApplicationCommand {
		obj["type"] = 20
	} else {
		obj["type"] = 19
	}
	obj["interaction_metadata"] = map[string]any{"id": in.id, "type": in.typ, "user": in.user}
	return obj
}

// webhookLocked serves /webhooks/{app}/{token}[/messages/{id|@original}]
// for interaction tokens (followups and edits).
func (s *Server) webhookLocked(seg []string, r Request) response {
	in := s.byToken[seg[1]]
	if seg[0] != s.appID || in == nil || !in.acked {
		// Also before the initial callback: the token is not usable yet.
		return apiError(404, 10015, "Unknown Webhook")
	}
	if len(seg) == 2 && r.Method == "POST" {
		body, bad := decodeObject(r.Body)
		if bad != nil {
			return *bad
		}
		if bad := validateMessage(body, len(r.Files)); bad != nil {
			return *bad
		}
		obj := s.interactionMessageLocked(in, body, r.Files)
		in.followups = append(in.followups, obj)
		s.notifyLocked()
		// Followups always answer with the message (wait is implied).
		return jsonResp(200, obj)
	}
	if len(seg) != 4 || seg[2] != "messages" {
		return errNotFound()
	}
	mid := seg[3]
	var cur map[string]any
	idx := -1
	if mid == "@original" || (in.original != nil && in.original["id"] == mid) {
		cur = in.original
	} else {
		for i, f := range in.followups {
			if f["id"] == mid {
				cur, idx = f, i
			}
		}
	}
	if cur == nil {
		return apiError(404, 10008, "Unknown Message")
	}
	switch r.Method {
	case "GET":
		return jsonResp(200, cur)
	case "PATCH":
		body, bad := decodeObject(r.Body)
		if bad != nil {
			return *bad
		}
		next, bad := editMessage(cur, body, len(r.Files))
		if bad != nil {
			return *bad
		}
		next["flags"] = intOf(next["flags"]) &^ 128 // no longer loading
		if idx < 0 {
			in.original = next
		} else {
			in.followups[idx] = next
		}
		s.notifyLocked()
		return jsonResp(200, next)
	case "DELETE":
		if idx < 0 {
			in.original = nil
		} else {
			in.followups = append(in.followups[:idx:idx], in.followups[idx+1:]...)
		}
		s.notifyLocked()
		return response{status: 204}
	}
	return errNotFound()
}
