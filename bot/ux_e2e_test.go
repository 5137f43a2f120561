package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/feedback"
	"iafbot/internal/discordtest"
	"iafbot/internal/uxtest"
	"iafbot/settings"
)

// reply is a response the peer recorded, with its components decoded.
func reply(t *testing.T, st discordtest.InteractionState) *discordgo.InteractionResponse {
	t.Helper()
	r, err := discordtest.DecodeResponse(st.Response)
	if err != nil {
		t.Fatalf("callback %s: %v", st.Response, err)
	}
	return r
}

// customID finds a component by button label (or emoji); a select menu
// is found by its placeholder.
func customID(t *testing.T, comps []discordgo.MessageComponent, label string) string {
	t.Helper()
	for _, row := range comps {
		r, ok := row.(discordgo.ActionsRow)
		if !ok {
			if p, ok := row.(*discordgo.ActionsRow); ok {
				r = *p
			}
		}
		for _, c := range r.Components {
			switch c := c.(type) {
			case discordgo.Button:
				if c.Label == label || c.Emoji != nil && c.Emoji.Name == label {
					return c.CustomID
				}
			case *discordgo.Button:
				if c.Label == label || c.Emoji != nil && c.Emoji.Name == label {
					return c.CustomID
				}
			case discordgo.SelectMenu:
				if c.Placeholder == label {
					return c.CustomID
				}
			case *discordgo.SelectMenu:
				if c.Placeholder == label {
					return c.CustomID
				}
			}
		}
	}
	t.Fatalf("no component %q in %#v", label, comps)
	return ""
}

// click sends the component interaction Discord sends when a user clicks
// on a component of msg (the peer stored msg as the bot's reply).
func (h *harness) click(msg *discordgo.Message, id string, values ...string) (*discordgo.InteractionResponse, discordtest.InteractionState) {
	h.t.Helper()
	data := map[string]any{"custom_id": id, "component_type": 2}
	if values != nil {
		data["component_type"], data["values"] = 3, values
	}
	ref, err := h.srv.SendInteraction(discordtest.InteractionSpec{
		Type: discordgo.InteractionMessageComponent, Data: data, Message: msg,
		GuildID: h.guild, ChannelID: h.channel, Locale: discordgo.German,
		MemberPermissions: discordgo.PermissionSendMessages,
	})
	if err != nil {
		h.t.Fatal(err)
	}
	_, st := h.wait(ref.ID)
	return reply(h.t, st), st
}

func (h *harness) ask(q string) (*discordgo.InteractionResponse, *discordgo.Message) {
	h.t.Helper()
	_, st := h.slash("ask", stringOpt("question", q, false))
	if st.Original == nil {
		h.t.Fatalf("no message for %q", q)
	}
	return reply(h.t, st), st.Original
}

// TestEndToEndComponents clicks through every component flow in gateway
// mode: the bot's real session gets the clicks from the local peer.
func TestEndToEndComponents(t *testing.T) {
	votes := &feedback.Memory{}
	h := startBot(t, true, func(c *bot.Config) {
		c.Router = commands.New(uxtest.Base(t), c.Logger, commands.WithFeedback(votes), commands.WithSettings(&settings.Memory{}))
	})

	resp, msg := h.ask("Wer ist die Tochter von Herrn Scholze?")
	if len(msg.Components) != 2 {
		t.Fatalf("answer without its two button rows: %s", resp.Data.Embeds[0].Description)
	}

	t.Run("whole synopsis, paged", func(t *testing.T) {
		first, st := h.click(msg, customID(t, resp.Data.Components, "Ganze Zusammenfassung"))
		if first.Type != discordgo.InteractionResponseChannelMessageWithSource || first.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Fatalf("type %d flags %d", first.Type, first.Data.Flags)
		}
		if f := first.Data.Embeds[0].Footer.Text; !strings.HasPrefix(f, "Seite 1 von ") {
			t.Fatalf("footer %q", f)
		}
		next, _ := h.click(st.Original, customID(t, first.Data.Components, "Weiter"))
		if next.Type != discordgo.InteractionResponseUpdateMessage || !strings.HasPrefix(next.Data.Embeds[0].Footer.Text, "Seite 2 von ") {
			t.Errorf("next page: type %d %+v", next.Type, next.Data.Embeds[0].Footer)
		}
	})
	t.Run("more matches", func(t *testing.T) {
		more, _ := h.click(msg, customID(t, resp.Data.Components, "Weitere Treffer"))
		e := more.Data.Embeds[0]
		if more.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || e.Title != "Weitere Treffer" || !strings.Contains(e.Description, "**1.**") ||
			!strings.Contains(e.Description, "Bewertung") {
			t.Errorf("more: %+v", e)
		}
	})
	t.Run("vote twice", func(t *testing.T) {
		up, _ := h.click(msg, customID(t, resp.Data.Components, "👍"))
		down, _ := h.click(msg, customID(t, resp.Data.Components, "👎"))
		if !strings.Contains(up.Data.Content, "👍 ist gespeichert") || !strings.Contains(down.Data.Content, "jetzt 👎") {
			t.Errorf("votes answered %q, %q", up.Data.Content, down.Data.Content)
		}
		all, _ := votes.Votes(context.Background())
		if len(all) != 1 || all[0].Up || all[0].MessageID != msg.ID || all[0].Question != "Wer ist die Tochter von Herrn Scholze?" ||
			!strings.Contains(all[0].Answer, "Maja") || all[0].Engine == "" || all[0].EpisodeID == "" {
			t.Errorf("stored %+v", all)
		}
	})
	t.Run("stale custom ID", func(t *testing.T) {
		stale, _ := h.click(msg, "1~sum~000_11507054b5e5e890~0~AAAAAAAAAAAA")
		if stale.Data.Content != commands.MsgStaleComponent || stale.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("stale: %+v", stale.Data)
		}
	})
	t.Run("person select", func(t *testing.T) {
		which, whichMsg := h.ask("Wer ist Maja?")
		if !strings.Contains(which.Data.Embeds[0].Description, "Mehrere Personen") {
			t.Fatalf("no choice: %q", which.Data.Embeds[0].Description)
		}
		chosen, _ := h.click(whichMsg, customID(t, which.Data.Components, "Person wählen"), "Maja Berger")
		if chosen.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(chosen.Data.Embeds[0].Description, "Krankenschwester") {
			t.Errorf("after the choice: %d %+v", chosen.Type, chosen.Data.Embeds[0])
		}
	})
	t.Run("did you mean", func(t *testing.T) {
		refusal, rmsg := h.ask("Wie alt ist Heilman?")
		again, _ := h.click(rmsg, customID(t, refusal.Data.Components, "Dr. Roland Heilmann"))
		if again.Type != discordgo.InteractionResponseUpdateMessage || again.Data.Embeds[0].Author.Name != "Frage: Wie alt ist Dr. Roland Heilmann?" {
			t.Errorf("asked again: %d %+v", again.Type, again.Data.Embeds[0].Author)
		}
	})
	t.Run("help with clickable commands", func(t *testing.T) {
		cb, _ := h.slash("help")
		var all strings.Builder
		for _, f := range cb.embed(t).Fields {
			all.WriteString(f.Value + "\n")
		}
		var askID string
		for _, c := range h.srv.Commands(h.guild) {
			if c.Name == "ask" {
				askID = c.ID
			}
		}
		if askID == "" || !strings.Contains(all.String(), "</ask:"+askID+">") {
			t.Errorf("no mention of /ask (%s):\n%s", askID, all.String())
		}
	})
	t.Run("message command", func(t *testing.T) {
		ref, err := h.srv.SendInteraction(discordtest.InteractionSpec{
			Type: discordgo.InteractionApplicationCommand, GuildID: h.guild, ChannelID: h.channel, Locale: discordgo.German,
			Data: map[string]any{"id": h.srv.NewSnowflake(), "name": commands.CmdAnswerMessage, "type": 3, "target_id": "77",
				"resolved": map[string]any{"messages": map[string]any{"77": map[string]any{
					"id": "77", "channel_id": h.channel, "content": "Weiß jemand, wer die Tochter von Herrn Scholze ist?",
					"author": map[string]any{"id": "5", "username": "fan"},
				}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		_, st := h.wait(ref.ID)
		r := reply(t, st)
		if r.Data.Flags&discordgo.MessageFlagsEphemeral != 0 || !strings.Contains(r.Data.Embeds[0].Description, "Maja") {
			t.Errorf("message command: %+v", r.Data.Embeds[0])
		}
	})
}
