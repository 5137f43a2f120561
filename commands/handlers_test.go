package commands

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"iafbot/knowledge"
)

func route(t testing.TB, rt *Router, i *discordgo.Interaction) *discordgo.InteractionResponse {
	t.Helper()
	resp := rt.Route(context.Background(), i)
	if err := CheckResponse(resp); err != nil {
		t.Fatalf("response breaks Discord limits: %v", err)
	}
	return resp
}

func embed(t *testing.T, resp *discordgo.InteractionResponse) *discordgo.MessageEmbed {
	t.Helper()
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource && resp.Type != discordgo.InteractionResponseUpdateMessage || len(resp.Data.Embeds) != 1 {
		t.Fatalf("want one embed, got type %d data %+v", resp.Type, resp.Data)
	}
	return resp.Data.Embeds[0]
}

func field(e *discordgo.MessageEmbed, name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

func TestAsk(t *testing.T) {
	rt := New(newFake(), nil)
	tests := []struct {
		name     string
		question string
		wantDesc []string
		source   string
		outcome  string
	}{
		{"answered", "Wer ist Maja?", []string{"**Maja** ist die kleine Tochter"}, "Folge 1: Herr Scholze und Maja", "answered"},
		{"abstained with suggestion", "Wer ist Kathrin?", []string{MsgNotInSynopses, "Meintest du …?"}, "", "abstained"},
		{"abstained plainly", "Wie sind die Lottozahlen?", []string{MsgNotInSynopses}, "", "abstained"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := route(t, rt, slash(CmdAsk, str(OptQuestion, tt.question)))
			if IsEphemeral(resp) {
				t.Error("answers are public")
			}
			e := embed(t, resp)
			// The question is the small author line; the title is the source
			// episode, shown once.
			if e.Author == nil || e.Author.Name != "Frage: "+tt.question {
				t.Errorf("author %+v", e.Author)
			}
			if e.Title != tt.source {
				t.Errorf("title %q, want %q", e.Title, tt.source)
			}
			for _, w := range tt.wantDesc {
				if !strings.Contains(e.Description, w) {
					t.Errorf("description %q lacks %q", e.Description, w)
				}
			}
			if tt.outcome == "abstained" && strings.Contains(tt.name, "plainly") && strings.Contains(e.Description, MsgDidYouMean) {
				t.Errorf("no suggestions expected: %q", e.Description)
			}
			// Only answers name the source; refusals have no footer.
			if hasFooter := e.Footer != nil && e.Footer.Text == FooterText; hasFooter != (tt.outcome == "answered") {
				t.Errorf("footer %+v", e.Footer)
			}
			if strings.Contains(tt.name, "suggestion") {
				labels := buttonLabels(resp)
				if len(labels) != 1 || labels[0] != "Katrin" {
					t.Errorf("suggestion buttons %q", labels)
				}
			}
			if resp.Data.AllowedMentions == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
				t.Error("replies must not ping")
			}
		})
	}
}

func TestAskValidation(t *testing.T) {
	rt := New(newFake(), nil)
	for _, q := range []string{"", "   ", strings.Repeat("ß", MaxQuestionLength+1)} {
		resp := route(t, rt, slash(CmdAsk, str(OptQuestion, q)))
		if !IsEphemeral(resp) || !strings.Contains(resp.Data.Content, "„frage“") {
			t.Errorf("question %d runes: %+v", utf8.RuneCountInString(q), resp.Data)
		}
	}
	resp := route(t, rt, slash(CmdAsk, str(OptQuestion, "Maja"+strings.Repeat("?", MaxQuestionLength-4))))
	if IsEphemeral(resp) {
		t.Errorf("a question of exactly %d runes is fine: %+v", MaxQuestionLength, resp.Data)
	}
}

func TestAskPanicIsRecovered(t *testing.T) {
	f := newFake()
	f.panicOn = "Bombe"
	rt := New(f, nil)
	resp := route(t, rt, slash(CmdAsk, str(OptQuestion, "Bombe?")))
	if resp.Data.Content != MsgInternalError || !IsEphemeral(resp) {
		t.Errorf("%+v", resp.Data)
	}
	// The router keeps working afterwards.
	if e := embed(t, route(t, rt, slash(CmdAsk, str(OptQuestion, "Wer ist Maja?")))); !strings.Contains(e.Description, "Maja") {
		t.Error(e.Description)
	}
}

func TestEpisode(t *testing.T) {
	rt := New(newFake(), nil)
	for _, q := range []string{"002_wege", "wege des", "Katrin"} {
		t.Run(q, func(t *testing.T) {
			e := embed(t, route(t, rt, slash(CmdEpisode, str(OptQuery, q))))
			if e.Title != "Folge 3: Wege des Lebens" {
				t.Errorf("title %q", e.Title)
			}
			if !strings.Contains(e.Description, "schwersten Wochen") {
				t.Errorf("summary %q", e.Description)
			}
			if got := field(e, "Figuren"); got != "Dr. Roland Heilmann, Katrin, Lukas, Frau Schmidt" {
				t.Errorf("Figuren %q", got)
			}
			if field(e, "Ausgestrahlt") != "2015" {
				t.Error("Ausgestrahlt")
			}
		})
	}
	resp := route(t, rt, slash(CmdEpisode, str(OptQuery, "Raumschiff")))
	if !IsEphemeral(resp) || !strings.Contains(resp.Data.Content, "Zu „Raumschiff“ habe ich keine Folge gefunden.") {
		t.Errorf("not found: %+v", resp.Data)
	}
}

func TestCharacter(t *testing.T) {
	rt := New(newFake(), nil)
	resp := route(t, rt, slash(CmdCharacter, str(OptName, "kathrin")))
	e := embed(t, resp)
	if e.Title != "Katrin" {
		t.Fatalf("title %q", e.Title)
	}
	checks := map[string]string{
		"Rolle":        "Ärztin",
		"Beziehungen":  "Ehemann: Dr. Roland Heilmann\nSohn: Lukas",
		"Folgen":       "Folge 3: Wege des Lebens",
		"Auch genannt": "Katrin Heilmann",
	}
	for name, want := range checks {
		if got := field(e, name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	// Each episode is named once, not after every line.
	if e.Description != "**Folge 3: Wege des Lebens**\n• Seine Ehe mit Katrin steht auf der Kippe." {
		t.Errorf("description %q", e.Description)
	}
	// Relatives without a name share one line.
	e = embed(t, route(t, rt, slash(CmdCharacter, str(OptName, "Herr Scholze"))))
	if field(e, "Beziehungen") != "ohne Namen erwähnt: Ex-Frau" {
		t.Errorf("Beziehungen %q", field(e, "Beziehungen"))
	}
	resp = route(t, rt, slash(CmdCharacter, str(OptName, "Kat")))
	if !IsEphemeral(resp) || !strings.Contains(resp.Data.Content, "Meintest du „Katrin“?") {
		t.Errorf("not found: %+v", resp.Data)
	}
}

func TestHelp(t *testing.T) {
	rt := New(newFake(), nil)
	for _, tt := range []struct {
		locale discordgo.Locale
		want   []string
	}{
		{discordgo.German, []string{"/frage", "/folge", "/figur", "/hilfe", "`/figur` `name: Kathrin`", "`/frage` `frage: ", "Frage beantworten"}},
		{discordgo.EnglishUS, []string{"/ask", "/episode", "/character", "/help", "`/character` `name: Kathrin`", "Answer question"}},
	} {
		i := slash(CmdHelp)
		i.Locale = tt.locale
		resp := route(t, rt, i)
		if !IsEphemeral(resp) {
			t.Error("help is ephemeral")
		}
		e := embed(t, resp)
		var all strings.Builder
		for _, f := range e.Fields {
			all.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		for _, w := range tt.want {
			if !strings.Contains(all.String(), w) {
				t.Errorf("%s help lacks %q:\n%s", tt.locale, w, all.String())
			}
		}
		if got := field(e, "Wissensstand") + field(e, "Knowledge"); got != "2 Folgen, 4 Figuren" && got != "2 episodes, 4 characters" {
			t.Errorf("Wissensstand %q", got)
		}
	}
}

func TestAutocomplete(t *testing.T) {
	rt := New(newFake(), nil)
	tests := []struct {
		cmd, opt, typed string
		first           string
		wantValue       string
	}{
		{CmdCharacter, OptName, "Kat", "Katrin", "Katrin"},
		{CmdCharacter, OptName, "hlmn", "Dr. Roland Heilmann", "Dr. Roland Heilmann"}, // fuzzy subsequence
		{CmdCharacter, OptName, "", "Katrin", "Katrin"},                               // the engine's order first
		// Episode choices show the main characters.
		{CmdEpisode, OptQuery, "wege", "Folge 3: Wege des Lebens · Dr. Roland Heilmann, Katrin, Lukas", "002_wege"},
		{CmdEpisode, OptQuery, "Fg3", "Folge 3: Wege des Lebens · Dr. Roland Heilmann, Katrin, Lukas", "002_wege"},
		{CmdEpisode, OptQuery, "", "Folge 1: Herr Scholze und Maja · Herr Scholze, Maja", "000_scholze"},
		{CmdEpisode, OptQuery, "Lukas", "Folge 3: Wege des Lebens · Dr. Roland Heilmann, Katrin, Lukas", "002_wege"},
	}
	for _, tt := range tests {
		t.Run(tt.cmd+"/"+tt.typed, func(t *testing.T) {
			resp := route(t, rt, autocomplete(tt.cmd, tt.opt, tt.typed))
			if resp.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
				t.Fatalf("type %d", resp.Type)
			}
			if len(resp.Data.Choices) == 0 {
				t.Fatal("no choices")
			}
			c := resp.Data.Choices[0]
			if c.Name != tt.first || c.Value != tt.wantValue {
				t.Errorf("first choice %q=%v, want %q=%q (all: %v)", c.Name, c.Value, tt.first, tt.wantValue, choiceNames(resp))
			}
		})
	}
	// Nothing matches: an empty list, not an error.
	resp := route(t, rt, autocomplete(CmdCharacter, OptName, "zzzzzz"))
	if len(resp.Data.Choices) != 0 {
		t.Errorf("choices %v", choiceNames(resp))
	}
}

// bigEngine has many characters with very long names.
type bigEngine struct{ *fakeEngine }

func (b bigEngine) CompleteCharacters(prefix string, limit int) []knowledge.Choice {
	var out []knowledge.Choice
	for _, c := range b.characters {
		out = append(out, knowledge.Choice{Name: c.Name, Value: c.Name})
	}
	return out // ignores limit on purpose
}

func TestAutocompleteLimits(t *testing.T) {
	f := newFake()
	f.characters = nil
	for i := range 60 {
		f.characters = append(f.characters, &knowledge.Character{Name: strings.Repeat("Ä", 90) + " Figur Nummer " + string(rune('A'+i%26)) + strings.Repeat("x", i)})
	}
	rt := New(bigEngine{f}, nil)
	for _, typed := range []string{"", "Ä", "Figur", strings.Repeat("Ä", 200)} {
		resp := route(t, rt, autocomplete(CmdCharacter, OptName, typed))
		if len(resp.Data.Choices) > MaxChoices {
			t.Errorf("%d choices", len(resp.Data.Choices))
		}
		for _, c := range resp.Data.Choices {
			if utf8.RuneCountInString(c.Name) > MaxChoiceName || utf8.RuneCountInString(c.Value.(string)) > MaxChoiceValue {
				t.Errorf("choice too long: %q", c.Name)
			}
		}
	}
}

var nameRE = regexp.MustCompile(`^[-_\p{Ll}\p{N}]{1,32}$`)

func TestDefinitions(t *testing.T) {
	rt := New(newFake(), nil)
	want := map[string]string{CmdAsk: "frage", CmdEpisode: "folge", CmdCharacter: "figur", CmdHelp: "hilfe"}
	defs := rt.Definitions()
	if len(defs) != len(want)+1 {
		t.Fatalf("%d definitions", len(defs))
	}
	for _, d := range defs {
		// Fans can install the app for themselves and use it in DMs.
		if d.IntegrationTypes == nil || len(*d.IntegrationTypes) != 2 || d.Contexts == nil || len(*d.Contexts) != 3 {
			t.Errorf("%s: integration types %v, contexts %v", d.Name, d.IntegrationTypes, d.Contexts)
		}
		if d.Type == discordgo.MessageApplicationCommand {
			if d.Name != CmdAnswerMessage || (*d.NameLocalizations)[discordgo.German] != "Frage beantworten" || d.Description != "" {
				t.Errorf("message command %+v", d)
			}
			continue
		}
		if d.NameLocalizations == nil || (*d.NameLocalizations)[discordgo.German] != want[d.Name] {
			t.Errorf("%s: German name %v", d.Name, d.NameLocalizations)
		}
		if d.DescriptionLocalizations == nil || (*d.DescriptionLocalizations)[discordgo.German] == "" {
			t.Errorf("%s: no German description", d.Name)
		}
		names := []string{d.Name, (*d.NameLocalizations)[discordgo.German]}
		descs := []string{d.Description, (*d.DescriptionLocalizations)[discordgo.German]}
		for _, o := range d.Options {
			names = append(names, o.Name, o.NameLocalizations[discordgo.German])
			descs = append(descs, o.Description, o.DescriptionLocalizations[discordgo.German])
			if o.Type == discordgo.ApplicationCommandOptionString && (o.MaxLength == 0 || o.MaxLength > 6000) {
				t.Errorf("%s/%s: max_length %d", d.Name, o.Name, o.MaxLength)
			}
		}
		for _, n := range names {
			if !nameRE.MatchString(n) {
				t.Errorf("%s: invalid name %q", d.Name, n)
			}
		}
		for _, s := range descs {
			if n := utf8.RuneCountInString(s); n < 1 || n > 100 {
				t.Errorf("%s: description %q has %d runes", d.Name, s, n)
			}
		}
	}
	ask, _ := rt.Lookup(CmdAsk)
	if o := ask.Definition.Options[0]; o.Name != OptQuestion || o.NameLocalizations[discordgo.German] != "frage" || !o.Required || o.MaxLength != MaxQuestionLength {
		t.Errorf("ask option %+v", o)
	}
	for _, name := range []string{CmdEpisode, CmdCharacter} {
		c, _ := rt.Lookup(name)
		if !c.Definition.Options[0].Autocomplete || c.Autocomplete == nil {
			t.Errorf("%s: autocomplete not wired", name)
		}
	}
}
