package httpserver_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/commands"
	"iafbot/feedback"
	"iafbot/internal/uxtest"
	"iafbot/settings"
)

// componentJSON is a click as Discord POSTs it: the custom ID (and chosen
// values) plus the message the component belongs to.
func componentJSON(t *testing.T, msgID string, msg *discordgo.InteractionResponse, customID string, values ...string) []byte {
	t.Helper()
	var p map[string]any
	if err := json.Unmarshal(interactionJSON(discordgo.InteractionMessageComponent, ""), &p); err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"custom_id": customID, "component_type": 2}
	if values != nil {
		data["component_type"], data["values"] = 3, values
	}
	p["data"] = data
	p["message"] = map[string]any{
		"id": msgID, "channel_id": "300000000000000003", "flags": msg.Data.Flags,
		"embeds": msg.Data.Embeds, "components": msg.Data.Components,
		"author": map[string]any{"id": "100000000000000001", "username": "iafbot", "bot": true},
	}
	b, _ := json.Marshal(p)
	return b
}

func findID(t *testing.T, resp *discordgo.InteractionResponse, label string) string {
	t.Helper()
	for _, row := range resp.Data.Components {
		r, _ := row.(*discordgo.ActionsRow)
		if r == nil {
			continue
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case *discordgo.Button:
				if c.Label == label || c.Emoji != nil && c.Emoji.Name == label {
					return c.CustomID
				}
			case *discordgo.SelectMenu:
				if c.Placeholder == label {
					return c.CustomID
				}
			}
		}
	}
	t.Fatalf("no component %q in %s", label, mustJSON(resp))
	return ""
}

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

// TestComponentsOverHTTP clicks through the component flows with signed
// requests. Two replicas with the same key stand for a load balancer:
// one makes the answer, the other answers the clicks on it.
func TestComponentsOverHTTP(t *testing.T) {
	votes := &feedback.Memory{}
	logger := testLogger(t)
	newRouter := func() *commands.Router {
		return commands.New(uxtest.Base(t), logger, commands.WithFeedback(votes), commands.WithSettings(&settings.Memory{}))
	}
	a := newEnvRouter(t, true, newRouter(), logger)
	b := newEnvRouter(t, true, newRouter(), logger)

	answer := a.post(interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", "Wer ist die Tochter von Herrn Scholze?"))).response(t)
	const msgID = "600000000000000006"

	t.Run("whole synopsis, paged", func(t *testing.T) {
		first := b.post(componentJSON(t, msgID, answer, findID(t, answer, "Ganze Zusammenfassung"))).response(t)
		if !ephemeral(first) || !strings.HasPrefix(embed(t, first).Footer.Text, "Seite 1 von ") {
			t.Fatalf("first page %s", mustJSON(first))
		}
		next := b.post(componentJSON(t, "600000000000000007", first, findID(t, first, "Weiter"))).response(t)
		if next.Type != discordgo.InteractionResponseUpdateMessage || !strings.HasPrefix(next.Data.Embeds[0].Footer.Text, "Seite 2 von ") {
			t.Errorf("next page %s", mustJSON(next))
		}
	})
	t.Run("more matches", func(t *testing.T) {
		more := b.post(componentJSON(t, msgID, answer, findID(t, answer, "Weitere Treffer"))).response(t)
		if !ephemeral(more) || embed(t, more).Title != "Weitere Treffer" {
			t.Errorf("more %s", mustJSON(more))
		}
	})
	t.Run("vote twice", func(t *testing.T) {
		up := a.post(componentJSON(t, msgID, answer, findID(t, answer, "👍"))).response(t)
		down := b.post(componentJSON(t, msgID, answer, findID(t, answer, "👎"))).response(t)
		if !strings.Contains(up.Data.Content, "gespeichert") || !strings.Contains(down.Data.Content, "jetzt 👎") {
			t.Errorf("votes %q %q", up.Data.Content, down.Data.Content)
		}
		if all, _ := votes.Votes(context.Background()); len(all) != 1 || all[0].Up || all[0].MessageID != msgID {
			t.Errorf("stored %+v", all)
		}
	})
	t.Run("stale and forged custom IDs", func(t *testing.T) {
		for _, id := range []string{"1~sum~000_11507054b5e5e890~0~AAAAAAAAAAAA", "0~more~x", strings.Repeat("x", 100)} {
			r := b.post(componentJSON(t, msgID, answer, id)).response(t)
			if !ephemeral(r) || r.Data.Content != commands.MsgStaleComponent {
				t.Errorf("%q: %s", id, mustJSON(r))
			}
		}
	})
	t.Run("person select", func(t *testing.T) {
		which := a.post(interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", "Wer ist Maja?"))).response(t)
		chosen := b.post(componentJSON(t, msgID, which, findID(t, which, "Person wählen"), "Maja Berger")).response(t)
		if chosen.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(chosen.Data.Embeds[0].Description, "Krankenschwester") {
			t.Errorf("after the choice %s", mustJSON(chosen))
		}
	})
	t.Run("did you mean", func(t *testing.T) {
		refusal := a.post(interactionJSON(discordgo.InteractionApplicationCommand, "ask", str("question", "Wie alt ist Heilman?"))).response(t)
		again := b.post(componentJSON(t, msgID, refusal, findID(t, refusal, "Dr. Roland Heilmann"))).response(t)
		if again.Type != discordgo.InteractionResponseUpdateMessage || embed(t, again).Author == nil ||
			embed(t, again).Author.Name != "Frage: Wie alt ist Dr. Roland Heilmann?" {
			t.Errorf("asked again: %s", mustJSON(again))
		}
	})
	t.Run("message command", func(t *testing.T) {
		var p map[string]any
		json.Unmarshal(interactionJSON(discordgo.InteractionApplicationCommand, ""), &p) //nolint:errcheck // our own JSON
		p["data"] = map[string]any{"id": "500000000000000009", "name": commands.CmdAnswerMessage, "type": 3, "target_id": "77",
			"resolved": map[string]any{"messages": map[string]any{"77": map[string]any{
				"id": "77", "channel_id": "300000000000000003", "content": "Wer ist die Tochter von Herrn Scholze?",
				"author": map[string]any{"id": "5", "username": "fan"},
			}}}}
		body, _ := json.Marshal(p)
		r := b.post(body).response(t)
		if ephemeral(r) || !strings.Contains(embed(t, r).Description, "Maja") {
			t.Errorf("message command %s", mustJSON(r))
		}
	})
}

// The spoiler setting over signed HTTP: endings are hidden by default, a
// member without Manage Server cannot change that, a manager can, and the
// next answer (from another replica sharing the store) shows the ending.
func TestSpoilerSettingOverHTTP(t *testing.T) {
	logger := testLogger(t)
	prefs := &settings.Memory{}
	newRouter := func() *commands.Router {
		return commands.New(uxtest.Base(t), logger, commands.WithFeedback(&feedback.Memory{}), commands.WithSettings(prefs))
	}
	a := newEnvRouter(t, true, newRouter(), logger)
	b := newEnvRouter(t, true, newRouter(), logger)
	ending := func(e *env) string {
		r := e.post(interactionJSON(discordgo.InteractionApplicationCommand, commands.CmdAsk, str(commands.OptQuestion, "Was macht Lukas am Ende?"))).response(t)
		return embed(t, r).Description
	}
	if d := ending(a); !strings.HasPrefix(d, "||") || !strings.HasSuffix(d, "||") {
		t.Fatalf("ending not hidden by default: %q", d)
	}
	set := func(permissions string) *discordgo.InteractionResponse {
		opt := &discordgo.ApplicationCommandInteractionDataOption{
			Name: commands.SubSpoiler, Type: discordgo.ApplicationCommandOptionSubCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: commands.OptHide, Type: discordgo.ApplicationCommandOptionBoolean, Value: false}},
		}
		var p map[string]any
		json.Unmarshal(interactionJSON(discordgo.InteractionApplicationCommand, commands.CmdSettings, opt), &p) //nolint:errcheck // our own JSON
		p["member"].(map[string]any)["permissions"] = permissions
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return a.post(body).response(t)
	}
	if r := set("2048"); r.Data.Content != commands.MsgSettingsNeedManage {
		t.Fatalf("member without Manage Server: %q", r.Data.Content)
	}
	if r := set("32"); r.Data.Content != commands.MsgSpoilersOff || !ephemeral(r) {
		t.Fatalf("manager: %s", mustJSON(r))
	}
	if d := ending(b); strings.Contains(d, "||") {
		t.Errorf("ending hidden after the setting was turned off: %q", d)
	}
}
