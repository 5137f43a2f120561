package discordtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// ChannelAccess is how the peer treats a channel ID. Channels not configured
// with SetChannel are ChannelOK: any ID is a text channel the bot may use.
type ChannelAccess int

const (
	// ChannelOK: the channel exists and the bot may read and post.
	ChannelOK ChannelAccess = iota
	// ChannelUnknown: every request answers 404 Unknown Channel (10003),
	// as for a deleted channel.
	ChannelUnknown
	// ChannelForbidden: reads work but posting and editing answer 403
	// Missing Permissions (50013), as when Send Messages is denied.
	ChannelForbidden
	// ChannelNoAccess: every request answers 403 Missing Access (50001), as
	// when the bot cannot view the channel.
	ChannelNoAccess
	// ChannelNoHistory: posting works, but listing the messages answers
	// an empty list, as Discord does when Read Message History is denied.
	ChannelNoHistory
)

// SetChannel configures how requests for channel id are answered.
func (s *Server) SetChannel(id string, a ChannelAccess) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels[id] = a
	s.notifyLocked()
}

type storedMessage struct {
	obj     map[string]any
	created time.Time
}

type nonceKey struct{ channel, nonce string }

type nonceEntry struct {
	id      string
	created time.Time
}

// Messages returns the messages currently in a channel (created by POST
// /channels/{id}/messages, minus deleted ones, with edits applied), oldest
// first. Interaction responses are not channel messages here; see
// Interaction.
func (s *Server) Messages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]*discordgo.Message, 0, len(s.messages[channelID]))
	for _, m := range s.messages[channelID] {
		out = append(out, toMessage(m.obj))
	}
	return out
}

// AllMessages returns the channel messages of every channel, keyed by
// channel ID.
func (s *Server) AllMessages() map[string][]*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string][]*discordgo.Message{}
	for ch, ms := range s.messages {
		for _, m := range ms {
			out[ch] = append(out[ch], toMessage(m.obj))
		}
	}
	return out
}

// toMessage converts a stored JSON object to discordgo's type by a JSON round
// trip, exactly as the client would see it.
func toMessage(obj map[string]any) *discordgo.Message {
	b, err := json.Marshal(obj)
	if err != nil {
		panic(fmt.Sprintf("discordtest: marshal message: %v", err))
	}
	var m discordgo.Message
	if err := json.Unmarshal(b, &m); err != nil {
		panic(fmt.Sprintf("discordtest: unmarshal message %s: %v", b, err))
	}
	return &m
}

func copyObj(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// channelLocked serves /channels/{id}[/messages[/{mid}]].
func (s *Server) channelLocked(seg []string, r Request) response {
	chID := seg[0]
	access := s.channels[chID]
	switch access {
	case ChannelUnknown:
		return apiError(404, 10003, "Unknown Channel")
	case ChannelNoAccess:
		return apiError(403, 50001, "Missing Access")
	}
	write := r.Method != http.MethodGet
	if write && access == ChannelForbidden {
		return apiError(403, 50013, "Missing Permissions")
	}
	switch {
	case len(seg) == 1 && r.Method == "GET":
		return jsonResp(200, map[string]any{"id": chID, "type": 0, "name": "channel-" + chID})
	case len(seg) == 2 && seg[1] == "messages" && r.Method == "POST":
		return s.createChannelMessageLocked(chID, r)
	case len(seg) == 2 && seg[1] == "messages" && r.Method == "GET":
		if access == ChannelNoHistory {
			return jsonResp(200, []any{})
		}
		return s.listChannelMessagesLocked(chID, r.Query)
	case len(seg) == 3 && seg[1] == "messages":
		idx := -1
		for i, m := range s.messages[chID] {
			if m.obj["id"] == seg[2] {
				idx = i
			}
		}
		if idx < 0 {
			return apiError(404, 10008, "Unknown Message")
		}
		sm := s.messages[chID][idx]
		switch r.Method {
		case "GET":
			return jsonResp(200, s.shownLocked(sm))
		case "PATCH":
			body, bad := decodeObject(r.Body)
			if bad != nil {
				return *bad
			}
			next, bad := editMessage(sm.obj, body, len(r.Files))
			if bad != nil {
				return *bad
			}
			sm.obj = next
			s.notifyLocked()
			return jsonResp(200, next)
		case "DELETE":
			s.messages[chID] = append(s.messages[chID][:idx:idx], s.messages[chID][idx+1:]...)
			s.notifyLocked()
			return response{status: 204}
		}
	}
	return errNotFound()
}

// listChannelMessagesLocked answers GET /channels/{id}/messages as Discord
// documents it: newest first, limit 1-100 (default 50), and at most one of
// before and after. With before, the messages just before that ID; with
// after, those just after it (the oldest ones, so paging forward skips
// none); with neither, the newest. around is not emulated and answered
// 400, like a malformed parameter, so a client using it notices.
func (s *Server) listChannelMessagesLocked(chID string, q url.Values) response {
	limit := 50
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil:
			return formError("limit", "NUMBER_TYPE_COERCE", fmt.Sprintf("Value %q is not int.", v))
		case n < 1:
			return formError("limit", "NUMBER_TYPE_MIN", "int value should be greater than or equal to 1.")
		case n > 100:
			return formError("limit", "NUMBER_TYPE_MAX", "int value should be less than or equal to 100.")
		}
		limit = n
	}
	var pivots []string
	for _, k := range []string{"around", "before", "after"} {
		if q.Has(k) {
			pivots = append(pivots, k)
		}
	}
	var pivot uint64
	switch {
	case len(pivots) > 1:
		return formError(pivots[1], "BASE_TYPE_BAD_COMBINATION", "around, before and after are mutually exclusive.")
	case len(pivots) == 1 && pivots[0] == "around":
		return formError("around", "NOT_EMULATED", "discordtest does not emulate around.")
	case len(pivots) == 1:
		v := q.Get(pivots[0])
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return formError(pivots[0], "NUMBER_TYPE_COERCE", fmt.Sprintf("Value %q is not snowflake.", v))
		}
		pivot = n
	}

	// Messages are stored in creation order, which is ID order.
	ms := s.messages[chID]
	lo, hi := 0, len(ms)
	if q.Has("after") {
		lo = sort.Search(len(ms), func(i int) bool { return messageID(ms[i]) > pivot })
		hi = min(hi, lo+limit)
	} else {
		if q.Has("before") {
			hi = sort.Search(len(ms), func(i int) bool { return messageID(ms[i]) >= pivot })
		}
		lo = max(0, hi-limit)
	}
	out := make([]any, 0, hi-lo)
	for i := hi - 1; i >= lo; i-- {
		out = append(out, s.shownLocked(ms[i]))
	}
	return jsonResp(200, out)
}

func messageID(m *storedMessage) uint64 {
	id, _ := strconv.ParseUint(m.obj["id"].(string), 10, 64)
	return id
}

// shownLocked is m as a later GET shows it: Discord keeps a message's
// nonce only for its deduplication window, so after that the nonce is gone
// and cannot tell a resend that the message exists.
func (s *Server) shownLocked(m *storedMessage) map[string]any {
	if _, ok := m.obj["nonce"]; !ok || time.Since(m.created) < s.nonceWindow {
		return m.obj
	}
	obj := copyObj(m.obj)
	delete(obj, "nonce")
	return obj
}

func (s *Server) createChannelMessageLocked(chID string, r Request) response {
	body, bad := decodeObject(r.Body)
	if bad != nil {
		return *bad
	}
	if bad := validateMessage(body, len(r.Files)); bad != nil {
		return *bad
	}
	nonce := nonceString(body["nonce"])
	if len(nonce) > 25 {
		return formError("nonce", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
	}
	enforce, _ := body["enforce_nonce"].(bool)
	key := nonceKey{chID, nonce}
	now := time.Now()
	if enforce && nonce != "" {
		if e, ok := s.nonces[key]; ok && now.Sub(e.created) < s.nonceWindow {
			for _, m := range s.messages[chID] {
				if m.obj["id"] == e.id {
					// Discord answers the resend with the original message.
					return jsonResp(200, m.obj)
				}
			}
		}
	}
	id := s.NewSnowflake()
	obj := s.newMessageObj(id, chID, body, r.Files, now)
	s.messages[chID] = append(s.messages[chID], &storedMessage{obj: obj, created: now})
	if nonce != "" {
		s.nonces[key] = nonceEntry{id: id, created: now}
	}
	s.notifyLocked()
	return jsonResp(200, obj)
}

// newMessageObj builds a message object from a create payload.
func (s *Server) newMessageObj(id, chID string, body map[string]any, files []File, now time.Time) map[string]any {
	obj := map[string]any{
		"id":               id,
		"channel_id":       chID,
		"type":             0,
		"author":           s.bot,
		"content":          "",
		"timestamp":        now.UTC().Format(time.RFC3339Nano),
		"edited_timestamp": nil,
		"tts":              false,
		"mention_everyone": false,
		"mentions":         []any{},
		"mention_roles":    []any{},
		"attachments":      []any{},
		"embeds":           []any{},
		"components":       []any{},
		"pinned":           false,
		"flags":            0,
	}
	for _, k := range []string{"content", "tts", "embeds", "components", "flags", "message_reference", "poll", "nonce"} {
		if v, ok := body[k]; ok && v != nil {
			obj[k] = v
		}
	}
	if len(files) > 0 {
		att := []any{}
		for _, f := range files {
			aid := s.NewSnowflake()
			att = append(att, map[string]any{
				"id": aid, "filename": f.Name, "size": len(f.Data), "content_type": f.ContentType,
				"url": "https://cdn.discordapp.com/attachments/" + chID + "/" + aid + "/" + f.Name,
			})
		}
		obj["attachments"] = att
	}
	return obj
}

// editMessage applies a PATCH payload to a stored message.
func editMessage(old, body map[string]any, files int) (map[string]any, *response) {
	next := copyObj(old)
	for _, k := range []string{"content", "embeds", "components", "flags", "attachments", "allowed_mentions"} {
		if v, ok := body[k]; ok {
			if v == nil && k != "content" {
				v = []any{}
			}
			if v == nil {
				v = ""
			}
			next[k] = v
		}
	}
	if bad := validateMessage(next, files); bad != nil {
		return nil, bad
	}
	next["edited_timestamp"] = time.Now().UTC().Format(time.RFC3339Nano)
	return next, nil
}

func nonceString(v any) string {
	switch n := v.(type) {
	case string:
		return n
	case json.Number:
		return n.String()
	}
	return ""
}

// validateMessage applies Discord's limits that a bot most plausibly trips:
// empty messages, 2000-character content, 10 embeds and the embed sizes.
func validateMessage(m map[string]any, files int) *response {
	content, _ := m["content"].(string)
	if utf8.RuneCountInString(content) > 2000 {
		r := formError("content", "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
		return &r
	}
	embeds, _ := m["embeds"].([]any)
	if len(embeds) > 10 {
		r := formError("embeds", "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
		return &r
	}
	total := 0
	for i, e := range embeds {
		em, _ := e.(map[string]any)
		field := func(f string) string { return "embeds." + strconv.Itoa(i) + "." + f }
		check := func(name string, v any, limit int) *response {
			sv, _ := v.(string)
			n := utf8.RuneCountInString(sv)
			total += n
			if n > limit {
				r := formError(name, "BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", limit))
				return &r
			}
			return nil
		}
		if bad := check(field("title"), em["title"], 256); bad != nil {
			return bad
		}
		if bad := check(field("description"), em["description"], 4096); bad != nil {
			return bad
		}
		if f, ok := em["footer"].(map[string]any); ok {
			if bad := check(field("footer.text"), f["text"], 2048); bad != nil {
				return bad
			}
		}
		if a, ok := em["author"].(map[string]any); ok {
			if bad := check(field("author.name"), a["name"], 256); bad != nil {
				return bad
			}
		}
		fields, _ := em["fields"].([]any)
		if len(fields) > 25 {
			r := formError(field("fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
			return &r
		}
		for j, fv := range fields {
			fm, _ := fv.(map[string]any)
			fn := field("fields." + strconv.Itoa(j))
			for _, part := range []struct {
				k     string
				limit int
			}{{"name", 256}, {"value", 1024}} {
				if sv, _ := fm[part.k].(string); strings.TrimSpace(sv) == "" {
					r := formError(fn+"."+part.k, "BASE_TYPE_REQUIRED", "This field is required")
					return &r
				}
				if bad := check(fn+"."+part.k, fm[part.k], part.limit); bad != nil {
					return bad
				}
			}
		}
	}
	if total > 6000 {
		r := formError("embeds", "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000")
		return &r
	}
	comps, _ := m["components"].([]any)
	stickers, _ := m["sticker_ids"].([]any)
	atts, _ := m["attachments"].([]any)
	if content == "" && len(embeds) == 0 && len(comps) == 0 && len(stickers) == 0 && files == 0 && len(atts) == 0 && m["poll"] == nil {
		r := apiError(400, 50006, "Cannot send an empty message")
		return &r
	}
	return nil
}
