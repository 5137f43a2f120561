package discordtest

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Commands returns the registered application commands for guildID, or the
// global ones for "".
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	for _, c := range s.commands[guildID] {
		b, _ := json.Marshal(c)
		var cmd discordgo.ApplicationCommand
		if err := json.Unmarshal(b, &cmd); err != nil {
			panic(fmt.Sprintf("discordtest: command %s: %v", b, err))
		}
		out = append(out, &cmd)
	}
	return out
}

// commandIDLocked finds the ID of a registered command by name, preferring
// the guild's commands over global ones.
func (s *Server) commandIDLocked(guildID, name string) string {
	for _, scope := range []string{guildID, ""} {
		for _, c := range s.commands[scope] {
			if c["name"] == name {
				id, _ := c["id"].(string)
				return id
			}
		}
	}
	return ""
}

// commandsLocked serves /applications/{app}/commands[/{id}] and
// /applications/{app}/guilds/{guild}/commands[/{id}].
func (s *Server) commandsLocked(seg []string, r Request) response {
	if seg[0] != s.appID {
		return apiError(403, 50001, "Missing Access")
	}
	guildID := ""
	rest := seg[1:]
	if rest[0] == "guilds" {
		if len(rest) < 3 || rest[2] != "commands" {
			return errNotFound()
		}
		guildID = rest[1]
		rest = rest[2:]
	}
	// rest is ["commands"] or ["commands", id]
	switch {
	case len(rest) == 1 && r.Method == "GET":
		list := []any{}
		for _, c := range s.commands[guildID] {
			list = append(list, c)
		}
		return jsonResp(200, list)
	case len(rest) == 1 && r.Method == "PUT":
		var in []map[string]any
		if err := json.Unmarshal(r.Body, &in); err != nil {
			return apiError(400, 50109, "The request body contains invalid JSON.")
		}
		if len(in) > 100 {
			return formError("_root", "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
		}
		seen := map[string]bool{}
		out := make([]map[string]any, 0, len(in))
		for i, c := range in {
			if bad := validateCommand(fmt.Sprint(i), c); bad != nil {
				return *bad
			}
			key := fmt.Sprint(commandType(c)) + "/" + fmt.Sprint(c["name"])
			if seen[key] {
				return formError(fmt.Sprint(i)+".name", "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
			}
			seen[key] = true
			out = append(out, s.storeCommandLocked(guildID, c))
		}
		s.commands[guildID] = out
		s.notifyLocked()
		list := make([]any, len(out))
		for i, c := range out {
			list[i] = c
		}
		return jsonResp(200, list)
	case len(rest) == 1 && r.Method == "POST":
		var c map[string]any
		if err := json.Unmarshal(r.Body, &c); err != nil || c == nil {
			return apiError(400, 50109, "The request body contains invalid JSON.")
		}
		if bad := validateCommand("", c); bad != nil {
			return *bad
		}
		stored := s.storeCommandLocked(guildID, c)
		list := s.commands[guildID]
		status := 201
		replaced := false
		for i, old := range list {
			if old["id"] == stored["id"] {
				list[i], replaced, status = stored, true, 200
			}
		}
		if !replaced {
			list = append(list, stored)
		}
		s.commands[guildID] = list
		s.notifyLocked()
		return jsonResp(status, stored)
	case len(rest) == 2:
		list := s.commands[guildID]
		for i, c := range list {
			if c["id"] != rest[1] {
				continue
			}
			switch r.Method {
			case "GET":
				return jsonResp(200, c)
			case "DELETE":
				s.commands[guildID] = append(list[:i:i], list[i+1:]...)
				s.notifyLocked()
				return response{status: 204}
			}
		}
		if r.Method == "GET" || r.Method == "DELETE" {
			return apiError(404, 10063, "Unknown application command")
		}
	}
	return errNotFound()
}

func commandType(c map[string]any) int {
	switch t := c["type"].(type) {
	case float64:
		return int(t)
	}
	return 1
}

// storeCommandLocked completes a command object; like Discord, a command
// keeps its ID when overwritten with the same name and type.
func (s *Server) storeCommandLocked(guildID string, c map[string]any) map[string]any {
	out := copyObj(c)
	id := ""
	for _, old := range s.commands[guildID] {
		if old["name"] == c["name"] && commandType(old) == commandType(c) {
			id, _ = old["id"].(string)
		}
	}
	if id == "" {
		id = s.NewSnowflake()
	}
	out["id"] = id
	out["application_id"] = s.appID
	out["type"] = commandType(c)
	out["version"] = s.NewSnowflake()
	if guildID != "" {
		out["guild_id"] = guildID
	} else {
		delete(out, "guild_id")
	}
	if _, ok := out["default_member_permissions"]; !ok {
		out["default_member_permissions"] = nil
	}
	return out
}

// validateCommand checks the rules that reject a registration on Discord:
// names (1-32 chars, lowercase for chat input), descriptions (1-100 chars for
// chat input), at most 25 options/choices, required options first.
func validateCommand(path string, c map[string]any) *response {
	at := func(f string) string {
		if path == "" {
			return f
		}
		return path + "." + f
	}
	chat := commandType(c) == 1
	name, _ := c["name"].(string)
	if bad := validateName(at("name"), name, chat); bad != nil {
		return bad
	}
	if chat {
		desc, _ := c["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			r := formError(at("description"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			return &r
		}
	}
	opts, _ := c["options"].([]any)
	return validateOptions(at("options"), opts)
}

func validateOptions(path string, opts []any) *response {
	if len(opts) > 25 {
		r := formError(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
		return &r
	}
	optionalSeen := false
	for i, o := range opts {
		om, _ := o.(map[string]any)
		at := fmt.Sprintf("%s.%d", path, i)
		name, _ := om["name"].(string)
		if bad := validateName(at+".name", name, true); bad != nil {
			return bad
		}
		desc, _ := om["description"].(string)
		if n := utf8.RuneCountInString(desc); n < 1 || n > 100 {
			r := formError(at+".description", "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.")
			return &r
		}
		req, _ := om["required"].(bool)
		if req && optionalSeen {
			r := formError(at+".required", "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options")
			return &r
		}
		if !req {
			optionalSeen = true
		}
		if choices, _ := om["choices"].([]any); len(choices) > 25 {
			r := formError(at+".choices", "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
			return &r
		}
		if sub, _ := om["options"].([]any); len(sub) > 0 {
			if bad := validateOptions(at+".options", sub); bad != nil {
				return bad
			}
		}
	}
	return nil
}

func validateName(field, name string, lower bool) *response {
	bad := func(msg string) *response {
		r := formError(field, "APPLICATION_COMMAND_INVALID_NAME", msg)
		return &r
	}
	if n := utf8.RuneCountInString(name); n < 1 || n > 32 {
		r := formError(field, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.")
		return &r
	}
	if !lower {
		return nil
	}
	if strings.ToLower(name) != name {
		return bad("Command name is invalid")
	}
	for _, r := range name {
		if !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '-' || r == '_' || r == '\'') {
			return bad("Command name is invalid")
		}
	}
	return nil
}
