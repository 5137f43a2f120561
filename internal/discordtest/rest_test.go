package discordtest_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/discordtest"
	"iafbot/internal/snowflake"
)

// opened is a peer with one open session shared by the subtests of a test
// (discordgo's Close costs ~1 s, so tests share sessions where they can).
type opened struct {
	srv *discordtest.Server
	dg  *discordgo.Session
	ics <-chan *discordgo.InteractionCreate
}

func openPeer(t *testing.T, opts ...discordtest.Option) opened {
	t.Helper()
	srv := discordtest.New(t, opts...)
	dg := newSession(t, srv)
	ics := chanOf[*discordgo.InteractionCreate](dg)
	open(t, dg)
	return opened{srv, dg, ics}
}

func TestSlashCommandRoundTrip(t *testing.T) {
	t.Parallel()
	p := openPeer(t)
	guild, channel := p.srv.NewSnowflake(), p.srv.NewSnowflake()
	user := &discordgo.User{ID: p.srv.NewSnowflake(), Username: "alice"}
	const memberPerms = discordgo.PermissionManageGuild | discordgo.PermissionSendMessages
	const appPerms = discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks

	ref, err := p.srv.SendSlashCommand(discordtest.InteractionSpec{
		Name: "ask",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "who is the tallest?"},
			{Name: "count", Type: discordgo.ApplicationCommandOptionInteger, Value: 3},
		},
		GuildID: guild, ChannelID: channel, User: user, Roles: []string{"42"},
		MemberPermissions: memberPerms, AppPermissions: appPerms,
	})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, p.ics)
	if ic.ID != ref.ID || ic.Token != ref.Token || ic.AppID != p.srv.ApplicationID() {
		t.Fatalf("interaction ids: %+v", ic.Interaction)
	}
	if ic.Type != discordgo.InteractionApplicationCommand || ic.GuildID != guild || ic.ChannelID != channel {
		t.Fatalf("interaction: %+v", ic.Interaction)
	}
	if ic.AppPermissions != appPerms {
		t.Fatalf("app_permissions = %d, want %d", ic.AppPermissions, appPerms)
	}
	if ic.Member == nil || ic.Member.Permissions != memberPerms || ic.Member.User.ID != user.ID || len(ic.Member.Roles) != 1 {
		t.Fatalf("member = %+v", ic.Member)
	}
	if ic.User != nil || ic.Locale != discordgo.EnglishUS {
		t.Fatalf("user = %+v, locale %q", ic.User, ic.Locale)
	}
	data := ic.ApplicationCommandData()
	if data.Name != "ask" || len(data.Options) != 2 || data.Options[0].StringValue() != "who is the tallest?" || data.Options[1].IntValue() != 3 {
		t.Fatalf("data = %+v", data)
	}

	// The initial response, recorded.
	if err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "thinking done", Flags: discordgo.MessageFlagsEphemeral},
	}); err != nil {
		t.Fatal(err)
	}
	req, err := p.srv.NextRequest(ctx(t), discordtest.Match("POST", "/interactions/*/*/callback"))
	if err != nil {
		t.Fatal(err)
	}
	var body discordgo.InteractionResponse
	if err := req.JSON(&body); err != nil || body.Type != discordgo.InteractionResponseChannelMessageWithSource || req.Status != 204 {
		t.Fatalf("callback %v: %+v %v", req, body, err)
	}
	st, err := p.srv.WaitResponse(ctx(t), ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.ResponseType != discordgo.InteractionResponseChannelMessageWithSource || st.Original == nil ||
		st.Original.Content != "thinking done" || st.Original.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("state = %+v", st)
	}

	// Discord accepts one initial response only.
	err = p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "again"},
	})
	restErr(t, err, 400, 40060)

	// Followups and edits through the interaction webhook.
	fu, err := p.dg.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "part 2"})
	if err != nil {
		t.Fatal(err)
	}
	if fu.ID == "" || fu.Content != "part 2" || fu.ChannelID != channel {
		t.Fatalf("followup = %+v", fu)
	}
	edited := "final answer"
	orig, err := p.dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &edited})
	if err != nil {
		t.Fatal(err)
	}
	if orig.Content != edited || orig.EditedTimestamp == nil {
		t.Fatalf("edited original = %+v", orig)
	}
	got, err := p.dg.InteractionResponse(ic.Interaction)
	if err != nil || got.Content != edited {
		t.Fatalf("GET @original = %+v, %v", got, err)
	}
	fuEdit := "part 2 (edited)"
	if _, err := p.dg.FollowupMessageEdit(ic.Interaction, fu.ID, &discordgo.WebhookEdit{Content: &fuEdit}); err != nil {
		t.Fatal(err)
	}
	st, _ = p.srv.Interaction(ref.ID)
	if len(st.Followups) != 1 || st.Followups[0].Content != fuEdit {
		t.Fatalf("followups = %+v", st.Followups)
	}
	if err := p.dg.FollowupMessageDelete(ic.Interaction, fu.ID); err != nil {
		t.Fatal(err)
	}
	if err := p.dg.InteractionResponseDelete(ic.Interaction); err != nil {
		t.Fatal(err)
	}
	_, err = p.dg.InteractionResponse(ic.Interaction)
	restErr(t, err, 404, 10008)
	st, _ = p.srv.Interaction(ref.ID)
	if st.Original != nil || len(st.Followups) != 0 {
		t.Fatalf("after deletes: %+v", st)
	}

	t.Run("deferred then edit", func(t *testing.T) {
		ref, err := p.srv.SendSlashCommand(discordtest.InteractionSpec{Name: "ask", ChannelID: channel})
		if err != nil {
			t.Fatal(err)
		}
		ic := recv(t, p.ics)
		if ic.ID != ref.ID || ic.Member != nil || ic.User == nil || ic.GuildID != "" {
			t.Fatalf("DM interaction = %+v", ic.Interaction)
		}
		// Followups need the interaction acknowledged first.
		_, err = p.dg.FollowupMessageCreate(ic.Interaction, true, &discordgo.WebhookParams{Content: "too early"})
		restErr(t, err, 404, 10015)
		if err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
		}); err != nil {
			t.Fatal(err)
		}
		st, _ := p.srv.Interaction(ref.ID)
		if st.Original == nil || st.Original.Flags&discordgo.MessageFlagsLoading == 0 {
			t.Fatalf("deferred original = %+v", st.Original)
		}
		content := "done"
		if _, err := p.dg.InteractionResponseEdit(ic.Interaction, &discordgo.WebhookEdit{Content: &content}); err != nil {
			t.Fatal(err)
		}
		st, _ = p.srv.Interaction(ref.ID)
		if st.Original.Content != "done" || st.Original.Flags&discordgo.MessageFlagsLoading != 0 {
			t.Fatalf("edited original = %+v", st.Original)
		}
	})

	t.Run("files are sent multipart", func(t *testing.T) {
		if _, err := p.srv.SendSlashCommand(discordtest.InteractionSpec{Name: "export", GuildID: guild, ChannelID: channel}); err != nil {
			t.Fatal(err)
		}
		ic := recv(t, p.ics)
		if err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{
				Content: "here",
				Files:   []*discordgo.File{{Name: "a.txt", ContentType: "text/plain", Reader: strings.NewReader("hello")}},
			},
		}); err != nil {
			t.Fatal(err)
		}
		st, _ := p.srv.Interaction(ic.ID)
		if st.Original == nil || len(st.Original.Attachments) != 1 || st.Original.Attachments[0].Filename != "a.txt" {
			t.Fatalf("original = %+v", st.Original)
		}
		reqs := p.srv.RequestsMatching(discordtest.Match("POST", "/interactions/"+ic.ID+"/*/callback"))
		if len(reqs) != 1 || len(reqs[0].Files) != 1 || string(reqs[0].Files[0].Data) != "hello" || !strings.Contains(string(reqs[0].Body), `"here"`) {
			t.Fatalf("multipart request = %+v", reqs)
		}
	})

	t.Run("unknown interaction", func(t *testing.T) {
		fake := &discordgo.Interaction{ID: ref.ID, Token: "wrong", AppID: p.srv.ApplicationID()}
		err := p.dg.InteractionRespond(fake, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
		restErr(t, err, 404, 10062)
	})

	t.Run("invalid responses", func(t *testing.T) {
		if _, err := p.srv.SendSlashCommand(discordtest.InteractionSpec{Name: "ask", GuildID: guild, ChannelID: channel}); err != nil {
			t.Fatal(err)
		}
		ic := recv(t, p.ics)
		for _, tc := range []struct {
			name string
			resp *discordgo.InteractionResponse
			code int
		}{
			{"empty message", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{}}, 50006},
			{"too long", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: strings.Repeat("x", 2001)}}, 50035},
			{"autocomplete result for a command", &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult, Data: &discordgo.InteractionResponseData{}}, 50035},
		} {
			t.Run(tc.name, func(t *testing.T) {
				restErr(t, p.dg.InteractionRespond(ic.Interaction, tc.resp), 400, tc.code)
			})
		}
		// Failed attempts do not acknowledge: a valid response still works.
		if err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCallbackDeadline(t *testing.T) {
	t.Parallel()
	p := openPeer(t, discordtest.WithCallbackDeadline(time.Millisecond))
	if _, err := p.srv.SendSlashCommand(discordtest.InteractionSpec{Name: "slow", ChannelID: "1"}); err != nil {
		t.Fatal(err)
	}
	ic := recv(t, p.ics)
	time.Sleep(5 * time.Millisecond) // past the (shortened) 3 s deadline
	err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{Type: discordgo.InteractionResponseDeferredChannelMessageWithSource})
	restErr(t, err, 404, 10062)
}

func TestAutocomplete(t *testing.T) {
	t.Parallel()
	p := openPeer(t)
	if _, err := p.srv.SendAutocomplete(discordtest.InteractionSpec{Name: "ask", ChannelID: "1",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "topic", Type: discordgo.ApplicationCommandOptionString}}}); err == nil {
		t.Fatal("autocomplete without a focused option accepted")
	}
	ref, err := p.srv.SendAutocomplete(discordtest.InteractionSpec{
		Name: "ask", GuildID: "7", ChannelID: "1",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "topic", Type: discordgo.ApplicationCommandOptionString, Value: "gia", Focused: true},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ic := recv(t, p.ics)
	data := ic.ApplicationCommandData()
	if ic.Type != discordgo.InteractionApplicationCommandAutocomplete || !data.Options[0].Focused || data.Options[0].StringValue() != "gia" {
		t.Fatalf("autocomplete = %+v %+v", ic.Interaction, data.Options[0])
	}
	// A message response is invalid for autocomplete.
	err = p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{Content: "x"},
	})
	restErr(t, err, 400, 50035)
	if err := p.dg.InteractionRespond(ic.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionApplicationCommandAutocompleteResult,
		Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{{Name: "Giants", Value: "giants"}}},
	}); err != nil {
		t.Fatal(err)
	}
	st, _ := p.srv.Interaction(ref.ID)
	if st.ResponseType != discordgo.InteractionApplicationCommandAutocompleteResult || len(st.Choices) != 1 || st.Choices[0].Value != "giants" {
		t.Fatalf("state = %+v", st)
	}
}

func TestBulkOverwriteCommands(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	dg := newSession(t, srv) // REST only: no gateway needed
	app := srv.ApplicationID()
	perms := int64(discordgo.PermissionManageGuild)
	cmds := []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question", Options: []*discordgo.ApplicationCommandOption{
			{Name: "question", Description: "What to ask", Type: discordgo.ApplicationCommandOptionString, Required: true, Autocomplete: true},
		}},
		{Name: "setup", Description: "Configure", DefaultMemberPermissions: &perms},
	}

	for _, guild := range []string{"", "900"} {
		t.Run("guild="+guild, func(t *testing.T) {
			got, err := dg.ApplicationCommandBulkOverwrite(app, guild, cmds)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got[0].ID == "" || got[0].ID == got[1].ID || got[0].ApplicationID != app || got[0].GuildID != guild {
				t.Fatalf("created = %+v", got)
			}
			if got[1].DefaultMemberPermissions == nil || *got[1].DefaultMemberPermissions != perms {
				t.Fatalf("default_member_permissions = %v", got[1].DefaultMemberPermissions)
			}
			listed, err := dg.ApplicationCommands(app, guild)
			if err != nil || len(listed) != 2 || listed[0].ID != got[0].ID || !listed[0].Options[0].Autocomplete {
				t.Fatalf("listed = %+v, %v", listed, err)
			}
			// Overwriting keeps the IDs of commands with the same name.
			again, err := dg.ApplicationCommandBulkOverwrite(app, guild, cmds[:1])
			if err != nil || len(again) != 1 || again[0].ID != got[0].ID {
				t.Fatalf("overwrite = %+v, %v", again, err)
			}
			if stored := srv.Commands(guild); len(stored) != 1 || stored[0].Name != "ask" {
				t.Fatalf("stored = %+v", stored)
			}
		})
	}

	for _, tc := range []struct {
		name string
		cmd  *discordgo.ApplicationCommand
	}{
		{"upper case name", &discordgo.ApplicationCommand{Name: "Ask", Description: "x"}},
		{"missing description", &discordgo.ApplicationCommand{Name: "ask"}},
		{"name too long", &discordgo.ApplicationCommand{Name: strings.Repeat("a", 33), Description: "x"}},
		{"required after optional", &discordgo.ApplicationCommand{Name: "ask", Description: "x", Options: []*discordgo.ApplicationCommandOption{
			{Name: "a", Description: "a", Type: discordgo.ApplicationCommandOptionString},
			{Name: "b", Description: "b", Type: discordgo.ApplicationCommandOptionString, Required: true},
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dg.ApplicationCommandBulkOverwrite(app, "", []*discordgo.ApplicationCommand{tc.cmd})
			restErr(t, err, 400, 50035)
		})
	}
	t.Run("other application", func(t *testing.T) {
		_, err := dg.ApplicationCommandBulkOverwrite("123", "", cmds)
		restErr(t, err, 403, 50001)
	})

	// Interactions default to the registered command's ID.
	dg2 := newSession(t, srv)
	ics := chanOf[*discordgo.InteractionCreate](dg2)
	open(t, dg2)
	if _, err := srv.SendSlashCommand(discordtest.InteractionSpec{Name: "ask", ChannelID: "1"}); err != nil {
		t.Fatal(err)
	}
	if ic := recv(t, ics); ic.ApplicationCommandData().ID != srv.Commands("")[0].ID {
		t.Fatalf("command id = %s", ic.ApplicationCommandData().ID)
	}
}

// sendNonce posts a message with a nonce; discordgo's MessageSend has no
// nonce fields, so the bot must send its own struct like this.
func sendNonce(dg *discordgo.Session, channel, content, nonce string, enforce bool) (*discordgo.Message, error) {
	body := map[string]any{"content": content, "nonce": nonce, "enforce_nonce": enforce}
	b, err := dg.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(channel), body, discordgo.EndpointChannelMessages(channel))
	if err != nil {
		return nil, err
	}
	var m discordgo.Message
	return &m, discordgo.Unmarshal(b, &m)
}

func TestChannelMessages(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	dg := newSession(t, srv)
	ch := srv.NewSnowflake()

	t.Run("create, edit, list, delete", func(t *testing.T) {
		ch := srv.NewSnowflake()
		m, err := dg.ChannelMessageSendComplex(ch, &discordgo.MessageSend{
			Content: "weekly recap",
			Embeds:  []*discordgo.MessageEmbed{{Title: "Recap", Description: "things happened"}},
		})
		if err != nil {
			t.Fatal(err)
		}
		if m.ID == "" || m.ChannelID != ch || m.Author == nil || m.Author.ID != srv.BotUser().ID || len(m.Embeds) != 1 {
			t.Fatalf("message = %+v", m)
		}
		if _, err := dg.ChannelMessageEdit(ch, m.ID, "weekly recap (fixed)"); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Messages(ch)
		if len(msgs) != 1 || msgs[0].Content != "weekly recap (fixed)" || msgs[0].EditedTimestamp == nil {
			t.Fatalf("messages = %+v", msgs)
		}
		list, err := dg.ChannelMessages(ch, 10, "", "", "")
		if err != nil || len(list) != 1 {
			t.Fatalf("list = %+v, %v", list, err)
		}
		if err := dg.ChannelMessageDelete(ch, m.ID); err != nil {
			t.Fatal(err)
		}
		if msgs := srv.Messages(ch); len(msgs) != 0 {
			t.Fatalf("after delete: %+v", msgs)
		}
		_, err = dg.ChannelMessage(ch, m.ID)
		restErr(t, err, 404, 10008)
	})

	t.Run("nonce", func(t *testing.T) {
		a, err := sendNonce(dg, ch, "recap 1", "recap-2024-w01", true)
		if err != nil {
			t.Fatal(err)
		}
		// A resend (e.g. after a crash) returns the original message.
		b, err := sendNonce(dg, ch, "recap 1", "recap-2024-w01", true)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID != b.ID || len(srv.Messages(ch)) != 1 {
			t.Fatalf("enforce_nonce duplicated: %s vs %s, %d messages", a.ID, b.ID, len(srv.Messages(ch)))
		}
		// Without enforce_nonce the nonce does not deduplicate.
		c, err := sendNonce(dg, ch, "recap 1", "recap-2024-w01", false)
		if err != nil || c.ID == a.ID {
			t.Fatalf("without enforce: %+v %v", c, err)
		}
		// Another nonce, or the same nonce in another channel, is new.
		d, _ := sendNonce(dg, ch, "recap 2", "recap-2024-w02", true)
		e, _ := sendNonce(dg, srv.NewSnowflake(), "recap 1", "recap-2024-w01", true)
		if d.ID == a.ID || e.ID == a.ID || len(srv.Messages(ch)) != 3 {
			t.Fatalf("nonce scope: %s %s %s, %d messages", a.ID, d.ID, e.ID, len(srv.Messages(ch)))
		}
		_, err = sendNonce(dg, ch, "x", strings.Repeat("n", 26), true)
		restErr(t, err, 400, 50035)
	})

	t.Run("nonce window", func(t *testing.T) {
		srv := discordtest.New(t, discordtest.WithNonceWindow(time.Nanosecond))
		dg := newSession(t, srv)
		a, _ := sendNonce(dg, "1", "x", "n1", true)
		b, _ := sendNonce(dg, "1", "x", "n1", true)
		if a == nil || b == nil || a.ID == b.ID {
			t.Fatalf("expired nonce deduplicated: %+v %+v", a, b)
		}
	})

	t.Run("list", func(t *testing.T) {
		ch := srv.NewSnowflake()
		var ids []string // oldest first
		for i := range 5 {
			m, err := dg.ChannelMessageSendComplex(ch, &discordgo.MessageSend{
				Content: fmt.Sprint("m", i), Embeds: []*discordgo.MessageEmbed{{Footer: &discordgo.MessageEmbedFooter{Text: fmt.Sprint("f", i)}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, m.ID)
		}
		for _, tc := range []struct {
			name          string
			limit         int
			before, after string
			want          []int // indexes into ids, as listed
		}{
			{"newest", 0, "", "", []int{4, 3, 2, 1, 0}},
			{"limit", 2, "", "", []int{4, 3}},
			{"before", 2, ids[3], "", []int{2, 1}},
			{"before the first", 2, ids[0], "", []int{}},
			{"after: the next ones, newest first", 2, "", ids[0], []int{2, 1}},
			{"after the last", 2, "", ids[4], []int{}},
			{"after a time", 0, "", strconv.FormatUint(snowflake.At(time.Now().Add(-time.Hour)), 10), []int{4, 3, 2, 1, 0}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, err := dg.ChannelMessages(ch, tc.limit, tc.before, tc.after, "")
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, m := range list {
					i := slices.Index(ids, m.ID)
					got = append(got, i)
					if m.Author == nil || m.Author.ID != srv.BotUser().ID || m.Timestamp.IsZero() ||
						len(m.Embeds) != 1 || m.Embeds[0].Footer.Text != fmt.Sprint("f", i) {
						t.Errorf("message %+v", m)
					}
				}
				if !slices.Equal(got, tc.want) {
					t.Errorf("listed %v, want %v", got, tc.want)
				}
			})
		}
		for _, query := range []string{"limit=0", "limit=101", "limit=x", "before=x", "before=1&after=1", "around=" + ids[2]} {
			_, err := dg.RequestWithBucketID("GET", discordgo.EndpointChannelMessages(ch)+"?"+query, nil, discordgo.EndpointChannelMessages(ch))
			restErr(t, err, 400, 50035)
		}
	})

	t.Run("listed nonce", func(t *testing.T) {
		// Discord keeps a message's nonce only for its deduplication window.
		for _, tc := range []struct {
			window time.Duration
			want   string
		}{{time.Hour, "n1"}, {time.Nanosecond, ""}} {
			srv := discordtest.New(t, discordtest.WithNonceWindow(tc.window))
			dg := newSession(t, srv)
			if _, err := sendNonce(dg, "1", "x", "n1", true); err != nil {
				t.Fatal(err)
			}
			// discordgo's Message has no nonce field.
			var list []struct{ Nonce string }
			b, err := dg.RequestWithBucketID("GET", discordgo.EndpointChannelMessages("1"), nil, discordgo.EndpointChannelMessages("1"))
			if err == nil {
				err = discordgo.Unmarshal(b, &list)
			}
			if err != nil || len(list) != 1 || list[0].Nonce != tc.want {
				t.Errorf("window %v: listed %s, %v; want nonce %q", tc.window, b, err, tc.want)
			}
		}
	})

	t.Run("access", func(t *testing.T) {
		for _, tc := range []struct {
			access       discordtest.ChannelAccess
			status, code int
		}{
			{discordtest.ChannelUnknown, 404, 10003},
			{discordtest.ChannelForbidden, 403, 50013},
			{discordtest.ChannelNoAccess, 403, 50001},
		} {
			id := srv.NewSnowflake()
			srv.SetChannel(id, tc.access)
			_, err := dg.ChannelMessageSend(id, "hello")
			restErr(t, err, tc.status, tc.code)
			if len(srv.Messages(id)) != 0 {
				t.Fatalf("message stored in channel with access %v", tc.access)
			}
		}
		id := srv.NewSnowflake()
		srv.SetChannel(id, discordtest.ChannelNoAccess)
		_, err := dg.ChannelMessages(id, 0, "", "", "")
		restErr(t, err, 403, 50001)
		// Without Read Message History, Discord lists nothing (no error).
		srv.SetChannel(id, discordtest.ChannelNoHistory)
		if _, err := dg.ChannelMessageSend(id, "hello"); err != nil {
			t.Fatal(err)
		}
		if list, err := dg.ChannelMessages(id, 0, "", "", ""); err != nil || len(list) != 0 || len(srv.Messages(id)) != 1 {
			t.Fatalf("no history: listed %+v, %v", list, err)
		}
	})

	t.Run("validation", func(t *testing.T) {
		fields := make([]*discordgo.MessageEmbedField, 26)
		for i := range fields {
			fields[i] = &discordgo.MessageEmbedField{Name: "n", Value: "v"}
		}
		for _, tc := range []struct {
			name string
			msg  *discordgo.MessageSend
			code int
		}{
			{"empty", &discordgo.MessageSend{}, 50006},
			{"2001 characters", &discordgo.MessageSend{Content: strings.Repeat("é", 2001)}, 50035},
			{"11 embeds", &discordgo.MessageSend{Embeds: make11Embeds()}, 50035},
			{"26 fields", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: fields}}}, 50035},
			{"embed over 6000", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("x", 4000)}, {Description: strings.Repeat("x", 2001)}}}, 50035},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := dg.ChannelMessageSendComplex(ch, tc.msg)
				restErr(t, err, 400, tc.code)
			})
		}
		if _, err := dg.ChannelMessageSend(ch, strings.Repeat("é", 2000)); err != nil {
			t.Fatalf("2000 characters rejected: %v", err)
		}
	})
}

func make11Embeds() []*discordgo.MessageEmbed {
	out := make([]*discordgo.MessageEmbed, 11)
	for i := range out {
		out[i] = &discordgo.MessageEmbed{Title: "t"}
	}
	return out
}

func TestFaults(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		fault     discordtest.Fault
		times     int
		noRetry   bool // Session.ShouldRetryOnRateLimit = false
		attempts  int  // requests the peer sees
		check     func(t *testing.T, err error)
		minElapse time.Duration
	}{
		{name: "429 honoured then success", fault: discordtest.Fault{Status: 429, RetryAfter: 200 * time.Millisecond}, times: 1,
			attempts: 2, minElapse: 200 * time.Millisecond, check: noErr},
		{name: "429 without retry", fault: discordtest.Fault{Status: 429, RetryAfter: 200 * time.Millisecond}, times: 1, noRetry: true,
			attempts: 1, check: func(t *testing.T, err error) {
				var rl *discordgo.RateLimitError
				if !errors.As(err, &rl) || rl.RetryAfter != 200*time.Millisecond {
					t.Fatalf("error = %v (%T), want *discordgo.RateLimitError", err, err)
				}
			}},
		// discordgo does not retry 500: the caller gets the error.
		{name: "500 is not retried", fault: discordtest.Fault{Status: 500}, times: 1,
			attempts: 1, check: func(t *testing.T, err error) { restErr(t, err, 500, 0) }},
		// 502 is retried up to MaxRestRetries (3) times.
		{name: "502 retried", fault: discordtest.Fault{Status: 502}, times: 2, attempts: 3, check: noErr},
		{name: "502 gives up", fault: discordtest.Fault{Status: 502}, times: 10, attempts: 4, check: func(t *testing.T, err error) {
			if err == nil || !strings.Contains(err.Error(), "Exceeded Max retries HTTP 502") {
				t.Fatalf("error = %v", err)
			}
		}},
		{name: "403 custom body", fault: discordtest.Fault{Status: 403, Body: map[string]any{"message": "Missing Access", "code": 50001}}, times: 1,
			attempts: 1, check: func(t *testing.T, err error) { restErr(t, err, 403, 50001) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := discordtest.New(t)
			dg := newSession(t, srv)
			dg.ShouldRetryOnRateLimit = !tc.noRetry
			rateLimits := chanOf[*discordgo.RateLimit](dg)
			ch := srv.NewSnowflake()
			srv.FailNext("POST", "/channels/*/messages", tc.times, tc.fault)

			start := time.Now()
			_, err := dg.ChannelMessageSend(ch, "hi")
			elapsed := time.Since(start)
			tc.check(t, err)
			reqs := srv.RequestsMatching(discordtest.Match("POST", "/channels/"+ch+"/messages"))
			if len(reqs) != tc.attempts {
				t.Fatalf("attempts = %d, want %d: %v", len(reqs), tc.attempts, reqs)
			}
			for i, r := range reqs {
				wantFault := i < tc.times
				if r.Fault != wantFault || (wantFault && r.Status != tc.fault.Status) {
					t.Fatalf("request %v: fault=%v", r, r.Fault)
				}
			}
			if elapsed < tc.minElapse {
				t.Fatalf("retried after %v, want >= %v", elapsed, tc.minElapse)
			}
			if tc.fault.Status == 429 && !tc.noRetry {
				// discordgo emits a RateLimit event before sleeping.
				if ev := recv(t, rateLimits); ev.RetryAfter != tc.fault.RetryAfter {
					t.Fatalf("RateLimit event = %+v", ev.TooManyRequests)
				}
			}
		})
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestRateLimitHeaders(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	srv.FailNext("GET", "/users/@me", 1, discordtest.Fault{Status: 429, RetryAfter: 1500 * time.Millisecond, Global: true})
	req, _ := http.NewRequest("GET", "https://discord.com/api/v9/users/@me", nil)
	req.Header.Set("Authorization", "Bot "+srv.Token())
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || resp.Header.Get("X-RateLimit-Global") != "true" {
		t.Fatalf("429 response: %d %v", resp.StatusCode, resp.Header)
	}
	// The fault is used up.
	resp, err = srv.Client().Do(req.Clone(t.Context()))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

func TestUnknownRoutesAndRecording(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t)
	dg := newSession(t, srv)

	_, err := dg.GuildRoles("123")
	restErr(t, err, 404, 0)
	reqs := srv.RequestsMatching(discordtest.Match("GET", "/guilds/*/roles"))
	if len(reqs) != 1 || reqs[0].Status != 404 || reqs[0].Header.Get("User-Agent") == "" {
		t.Fatalf("recorded = %v", reqs)
	}

	u, err := dg.User("@me")
	if err != nil || u.ID != srv.BotUser().ID {
		t.Fatalf("users/@me = %+v, %v", u, err)
	}
	gb, err := dg.GatewayBot()
	if err != nil || gb.Shards != 1 || gb.URL != srv.GatewayURL()+"/" {
		t.Fatalf("gateway/bot = %+v, %v", gb, err)
	}

	// Non-Discord hosts are refused by the client, not silently reached.
	if _, err := srv.Client().Get("https://example.com/"); err == nil || !strings.Contains(err.Error(), "non-Discord host") {
		t.Fatalf("example.com: %v", err)
	}

	// NextRequest walks through matches one by one, including ones that
	// arrived before the call.
	match := discordtest.Match("GET", "/users/*")
	for range 2 {
		if _, err := dg.User("@me"); err != nil {
			t.Fatal(err)
		}
	}
	var seqs []int
	for range 3 {
		r, err := srv.NextRequest(ctx(t), match)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, r.Seq)
	}
	if seqs[0] >= seqs[1] || seqs[1] >= seqs[2] {
		t.Fatalf("NextRequest order: %v", seqs)
	}
	short, cancel := contextWithTimeout(t, 20*time.Millisecond)
	defer cancel()
	if _, err := srv.NextRequest(short, match); err == nil {
		t.Fatal("NextRequest returned a request twice")
	}
	if got, err := srv.WaitRequests(ctx(t), 3, match); err != nil || len(got) != 3 {
		t.Fatalf("WaitRequests = %v, %v", got, err)
	}
}

func TestMatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method, pattern string
		req             discordtest.Request
		want            bool
	}{
		{"POST", "/channels/*/messages", discordtest.Request{Method: "POST", Path: "/api/v9/channels/1/messages"}, true},
		{"post", "channels/*/messages", discordtest.Request{Method: "POST", Path: "/api/v9/channels/1/messages"}, true},
		{"GET", "/channels/*/messages", discordtest.Request{Method: "POST", Path: "/api/v9/channels/1/messages"}, false},
		{"", "/channels/*/messages", discordtest.Request{Method: "GET", Path: "/api/v9/channels/1/messages"}, true},
		{"*", "/channels/*", discordtest.Request{Method: "GET", Path: "/api/v9/channels/1/messages"}, false},
		{"*", "/channels/**", discordtest.Request{Method: "GET", Path: "/api/v9/channels/1/messages/2"}, true},
		{"PATCH", "/webhooks/*/*/messages/@original", discordtest.Request{Method: "PATCH", Path: "/api/v9/webhooks/1/tok/messages/@original"}, true},
		{"GET", "/api/v10/users/@me", discordtest.Request{Method: "GET", Path: "/api/v10/users/@me"}, true},
	} {
		if got := discordtest.Match(tc.method, tc.pattern)(tc.req); got != tc.want {
			t.Errorf("Match(%q, %q)(%s %s) = %v", tc.method, tc.pattern, tc.req.Method, tc.req.Path, got)
		}
	}
}
