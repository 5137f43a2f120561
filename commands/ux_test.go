package commands

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/feedback"
	"iafbot/knowledge"
	"iafbot/settings"
)

// button finds the custom ID of the button with the label (or emoji).
func button(t *testing.T, resp *discordgo.InteractionResponse, label string) string {
	t.Helper()
	for _, row := range resp.Data.Components {
		for _, c := range row.(discordgo.ActionsRow).Components {
			if b, ok := c.(discordgo.Button); ok && (b.Label == label || b.Emoji != nil && b.Emoji.Name == label) {
				return b.CustomID
			}
		}
	}
	t.Fatalf("no button %q in %+v", label, resp.Data.Components)
	return ""
}

// click builds the component interaction Discord sends for a click on a
// component of the message resp created (Discord includes that message).
func click(resp *discordgo.InteractionResponse, customID string, values ...string) *discordgo.Interaction {
	i := slash("")
	i.Type = discordgo.InteractionMessageComponent
	i.Data = discordgo.MessageComponentInteractionData{CustomID: customID, Values: values}
	i.Message = &discordgo.Message{ID: "900", Embeds: resp.Data.Embeds, Flags: resp.Data.Flags}
	return i
}

func uxRouter(e Engine) (*Router, *feedback.Memory, *settings.Memory) {
	votes, prefs := &feedback.Memory{}, &settings.Memory{}
	return New(e, nil, WithFeedback(votes), WithSettings(prefs)), votes, prefs
}

func TestAnswerButtons(t *testing.T) {
	rt, votes, _ := uxRouter(newFake())
	answer := route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Maja?")))
	if got := strings.Join(buttonLabels(answer), "|"); got != "Ganze Zusammenfassung|Weitere Treffer|Zur Folge|Zur Figur||" {
		t.Fatalf("buttons %q", got)
	}
	if CheckResponse(answer) != nil {
		t.Fatal(CheckResponse(answer))
	}

	t.Run("whole synopsis, private", func(t *testing.T) {
		resp := route(t, rt, click(answer, button(t, answer, "Ganze Zusammenfassung")))
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || !IsEphemeral(resp) {
			t.Fatalf("type %d, ephemeral %v", resp.Type, IsEphemeral(resp))
		}
		e := embed(t, resp)
		// The last sentence is the ending: hidden by default.
		if e.Title != "Folge 1: Herr Scholze und Maja" || !strings.Contains(e.Description, "Herr Scholze stürzt") ||
			!strings.Contains(e.Description, "||Maja malt Bilder für ihren Vater.||") {
			t.Errorf("synopsis %q %q", e.Title, e.Description)
		}
	})
	t.Run("more matches", func(t *testing.T) {
		resp := route(t, rt, click(answer, button(t, answer, "Weitere Treffer")))
		e := embed(t, resp)
		if !IsEphemeral(resp) || e.Title != "Weitere Treffer" || strings.Contains(e.Description, "kleine Tochter") ||
			!strings.Contains(e.Description, "**1.** Herr Scholze stürzt") || !strings.Contains(e.Description, "Bewertung 0,90") {
			t.Errorf("more: %q", e.Description)
		}
	})
	t.Run("to the episode and the person", func(t *testing.T) {
		if e := embed(t, route(t, rt, click(answer, button(t, answer, "Zur Folge")))); e.Title != "Folge 1: Herr Scholze und Maja" {
			t.Errorf("episode %q", e.Title)
		}
		if e := embed(t, route(t, rt, click(answer, button(t, answer, "Zur Figur")))); e.Title != "Maja" {
			t.Errorf("person %q", e.Title)
		}
	})
	t.Run("vote twice", func(t *testing.T) {
		first := route(t, rt, click(answer, button(t, answer, "👍")))
		second := route(t, rt, click(answer, button(t, answer, "👎")))
		if !IsEphemeral(first) || !strings.Contains(first.Data.Content, "👍 ist gespeichert") {
			t.Errorf("first vote: %q", first.Data.Content)
		}
		if !strings.Contains(second.Data.Content, "jetzt 👎") {
			t.Errorf("second vote: %q", second.Data.Content)
		}
		all, _ := votes.Votes(context.Background())
		if len(all) != 1 || all[0].Up || all[0].Question != "Wer ist Maja?" || all[0].Answer != "Maja ist die kleine Tochter von Herrn Scholze." ||
			all[0].EpisodeID != "000_scholze" || all[0].Engine != "fake-1" || all[0].MessageID != "900" || all[0].UserID != "400" {
			t.Errorf("stored %+v", all)
		}
	})
	t.Run("stale and forged", func(t *testing.T) {
		other, _, _ := uxRouter(newFake())
		forged, _ := other.ComponentID(kindSummary, "000_scholze", "0")
		for _, id := range []string{forged, "0~sum~x~AAAAAAAAAAAA", "nonsense"} {
			resp := route(t, rt, click(answer, id))
			if !IsEphemeral(resp) || resp.Data.Content != MsgStaleComponent {
				t.Errorf("%q: %+v", id, resp.Data)
			}
		}
		// A signed ID for an episode that is gone after a reload.
		gone, _ := rt.ComponentID(kindEpisode, "999_gone")
		if resp := route(t, rt, click(answer, gone)); resp.Data.Content != MsgGone {
			t.Errorf("gone: %q", resp.Data.Content)
		}
	})
}

func TestSummaryPaging(t *testing.T) {
	f := newFake()
	long := f.episodes[1]
	for i := 0; i < 40; i++ {
		long.Sentences = append(long.Sentences, "Dr. Roland Heilmann operiert den nächsten Patienten der Sachsenklinik, es ist der Satz Nummer "+strings.Repeat("x", i%5)+".")
	}
	rt, _, _ := uxRouter(f)
	ep := route(t, rt, slash(CmdEpisode, str(OptQuery, "Wege des Lebens")))
	first := route(t, rt, click(ep, button(t, ep, "Ganze Zusammenfassung")))
	if !IsEphemeral(first) || !strings.Contains(embed(t, first).Footer.Text, "Seite 1 von ") {
		t.Fatalf("first page %+v", embed(t, first).Footer)
	}
	next := route(t, rt, click(first, button(t, first, "Weiter")))
	if next.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(embed(t, next).Footer.Text, "Seite 2 von ") {
		t.Fatalf("next page: type %d %+v", next.Type, embed(t, next).Footer)
	}
	back := route(t, rt, click(next, button(t, next, "Zurück")))
	if !strings.Contains(embed(t, back).Footer.Text, "Seite 1 von ") {
		t.Errorf("back: %+v", embed(t, back).Footer)
	}
	if err := CheckResponse(next); err != nil {
		t.Error(err)
	}
}

func TestDidYouMeanButtons(t *testing.T) {
	rt, _, _ := uxRouter(newFake())
	refusal := route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Kathrin?")))
	if e := embed(t, refusal); e.Footer != nil {
		t.Errorf("refusal with footer %+v", e.Footer)
	}
	resp := route(t, rt, click(refusal, button(t, refusal, "Katrin")))
	if resp.Type != discordgo.InteractionResponseUpdateMessage {
		t.Fatalf("type %d", resp.Type)
	}
	if a := embed(t, resp).Author; a == nil || a.Name != "Frage: Wer ist Katrin?" {
		t.Errorf("asked again as %+v", a)
	}
	// The name the user typed is never suggested back.
	if got := untyped([]string{"Maja", "Katrin"}, "Wie alt ist Maja?"); len(got) != 1 || got[0] != "Katrin" {
		t.Errorf("untyped %q", got)
	}
}

func TestAmbiguousPersonSelect(t *testing.T) {
	f := newFake()
	f.characters = append(f.characters, &knowledge.Character{Name: "Maja Berger", Aliases: []string{"Maja", "Berger"}, Episodes: []string{"002_wege"}, Mentions: 2})
	rt, _, _ := uxRouter(f)
	resp := route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Maja?")))
	e := embed(t, resp)
	if !strings.Contains(e.Description, "Mehrere Personen passen zu „Maja“") {
		t.Fatalf("no choice: %q", e.Description)
	}
	menu := resp.Data.Components[0].(discordgo.ActionsRow).Components[0].(discordgo.SelectMenu)
	if len(menu.Options) != 2 || menu.Options[1].Value != "Maja Berger" || menu.Options[1].Description != "Folge 3: Wege des Lebens" {
		t.Fatalf("options %+v", menu.Options)
	}
	chosen := route(t, rt, click(resp, menu.CustomID, "Maja Berger"))
	if chosen.Type != discordgo.InteractionResponseUpdateMessage || embed(t, chosen).Author.Name != "Frage: Wer ist Maja Berger?" ||
		!strings.Contains(embed(t, chosen).Description, "kleine Tochter") {
		t.Errorf("after the choice: %d %+v", chosen.Type, embed(t, chosen))
	}
	if bad := route(t, rt, click(resp, menu.CustomID, "Niemand")); bad.Data.Content != MsgGone {
		t.Errorf("unknown person: %q", bad.Data.Content)
	}
	// A full name is not ambiguous.
	if e := embed(t, route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Maja Berger?")))); strings.Contains(e.Description, "Mehrere") {
		t.Errorf("full name asked back: %q", e.Description)
	}
}

func TestSpoilers(t *testing.T) {
	rt, _, prefs := uxRouter(newFake())
	ask := func() string {
		return embed(t, route(t, rt, slash(CmdAsk, str(OptQuestion, "Was macht Maja am Ende?")))).Description
	}
	if d := ask(); !strings.HasPrefix(d, "||") || !strings.HasSuffix(d, "||") {
		t.Errorf("ending not hidden: %q", d)
	}
	// Only with Manage Server.
	set := slash(CmdSettings, &discordgo.ApplicationCommandInteractionDataOption{
		Name: SubSpoiler, Type: discordgo.ApplicationCommandOptionSubCommand,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: OptHide, Type: discordgo.ApplicationCommandOptionBoolean, Value: false}},
	})
	if resp := route(t, rt, set); resp.Data.Content != MsgSettingsNeedManage {
		t.Fatalf("member changed settings: %q", resp.Data.Content)
	}
	set.Member.Permissions = discordgo.PermissionManageGuild
	if resp := route(t, rt, set); resp.Data.Content != MsgSpoilersOff || !IsEphemeral(resp) {
		t.Fatalf("manager: %q", resp.Data.Content)
	}
	if hide, _ := prefs.Spoilers(context.Background(), "200"); hide {
		t.Error("not stored")
	}
	if d := ask(); strings.Contains(d, "||") {
		t.Errorf("hidden although turned off: %q", d)
	}
	// Other questions about the start are never hidden.
	if d := embed(t, route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Maja?")))).Description; strings.Contains(d, "||") {
		t.Errorf("hidden: %q", d)
	}
}

func TestTidyInput(t *testing.T) {
	rt, _, _ := uxRouter(newFake())
	for q, want := range map[string]string{
		"?":                                  MsgEmptyQuestion,
		"...":                                MsgEmptyQuestion,
		"What is the name of Maja's father?": MsgOtherLanguage,
	} {
		resp := route(t, rt, slash(CmdAsk, str(OptQuestion, q)))
		if !IsEphemeral(resp) || resp.Data.Content != want {
			t.Errorf("%q: %+v", q, resp.Data)
		}
	}
	if looksForeign("Wer ist der Vater von Maja?") || looksForeign("Was ist mit Herrn Scholze?") {
		t.Error("German taken for foreign")
	}
}

func TestAnswerMessageCommand(t *testing.T) {
	rt, _, _ := uxRouter(newFake())
	i := slash(CmdAnswerMessage)
	i.Data = discordgo.ApplicationCommandInteractionData{ID: "501", Name: CmdAnswerMessage, CommandType: discordgo.MessageApplicationCommand,
		TargetID: "77", Resolved: &discordgo.ApplicationCommandInteractionDataResolved{
			Messages: map[string]*discordgo.Message{"77": {ID: "77", Content: "Weiß jemand, wer Maja ist?"}},
		}}
	resp := route(t, rt, i)
	if e := embed(t, resp); IsEphemeral(resp) || !strings.Contains(e.Description, "kleine Tochter") || e.Author.Name != "Frage: Weiß jemand, wer Maja ist?" {
		t.Errorf("answer %+v", e)
	}
	i.Data = discordgo.ApplicationCommandInteractionData{ID: "501", Name: CmdAnswerMessage, CommandType: discordgo.MessageApplicationCommand, TargetID: "78",
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Messages: map[string]*discordgo.Message{"78": {ID: "78"}}}}
	if resp := route(t, rt, i); resp.Data.Content != MsgNoMessageText {
		t.Errorf("empty message: %q", resp.Data.Content)
	}
}

func TestEpisodeSearchesNamesAndText(t *testing.T) {
	rt, _, _ := uxRouter(newFake())
	for q, want := range map[string]string{"heil": "Folge 3: Wege des Lebens", "Wohnung": "Folge 1: Herr Scholze und Maja", "schwersten": "Folge 3: Wege des Lebens"} {
		resp := route(t, rt, slash(CmdEpisode, str(OptQuery, q)))
		if IsEphemeral(resp) || embed(t, resp).Title != want {
			t.Errorf("%q: %+v", q, resp.Data)
		}
	}
}

func TestLiveSwap(t *testing.T) {
	live := NewLive(newFake())
	rt, _, _ := uxRouter(live)
	if c := route(t, rt, autocomplete(CmdCharacter, OptName, "Neu")); len(c.Data.Choices) != 0 {
		t.Fatalf("choices before the reload %v", choiceNames(c))
	}
	f := newFake()
	f.characters = append(f.characters, &knowledge.Character{Name: "Neue Ärztin", Episodes: []string{"002_wege"}, Mentions: 1})
	live.Swap(f)
	if c := route(t, rt, autocomplete(CmdCharacter, OptName, "Neu")); len(c.Data.Choices) == 0 || c.Data.Choices[0].Name != "Neue Ärztin" {
		t.Errorf("choices after the reload %v", choiceNames(c))
	}
}
