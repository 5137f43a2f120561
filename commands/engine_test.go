package commands

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"iafbot/knowledge"
)

// The real knowledge base satisfies Engine.
var _ Engine = (*knowledge.Base)(nil)

var (
	realOnce   sync.Once
	realRouter *Router
	realErr    error
)

// realEngine builds the router on the synopses embedded in the binary.
func realEngine(t *testing.T) *Router {
	t.Helper()
	realOnce.Do(func() {
		var b *knowledge.Base
		b, realErr = knowledge.Default()
		if realErr == nil {
			realRouter = New(b, nil)
		}
	})
	if realErr != nil {
		t.Fatalf("knowledge.Default: %v", realErr)
	}
	return realRouter
}

// These tests use the real engine and the seed synopses: they state what a
// correct engine must give for the commands, end to end without Discord.

func TestRealAsk(t *testing.T) {
	rt := realEngine(t)
	tests := []struct {
		question string
		answered bool
		want     []string // substrings of description (any one of each group separated by |)
	}{
		{"Wer ist die Tochter von Herrn Scholze?", true, []string{"Maja"}},
		{"Wohin will Lukas ziehen?", true, []string{"USA"}},
		{"Wer ist der Bürgermeister von Leipzig?", false, []string{MsgNotInSynopses}},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			e := embed(t, route(t, rt, slash(CmdAsk, str(OptQuestion, tt.question))))
			for _, w := range tt.want {
				ok := false
				for _, alt := range strings.Split(w, "|") {
					ok = ok || strings.Contains(e.Description, alt)
				}
				if !ok {
					t.Errorf("description %q lacks %q", e.Description, w)
				}
			}
			hasSource := e.Title != ""
			if hasSource != tt.answered {
				t.Errorf("source title %q, answered=%v", e.Title, tt.answered)
			}
			if tt.answered && strings.Contains(e.Description, MsgNotInSynopses) {
				t.Errorf("abstained: %q", e.Description)
			}
		})
	}
}

func TestRealCharacterKathrin(t *testing.T) {
	rt := realEngine(t)
	e := embed(t, route(t, rt, slash(CmdCharacter, str(OptName, "kathrin"))))
	if !strings.Contains(e.Title, "Katrin") {
		t.Fatalf("/character kathrin shows %q, want Katrin", e.Title)
	}
	if !strings.Contains(field(e, "Folgen"), "Wege des Lebens") && !strings.Contains(field(e, "Folgen"), "Folge 3") {
		t.Errorf("Folgen %q", field(e, "Folgen"))
	}
	if !strings.Contains(field(e, "Beziehungen"), "Roland") && !strings.Contains(field(e, "Beziehungen"), "Lukas") {
		t.Errorf("Beziehungen %q", field(e, "Beziehungen"))
	}
	if e.Description == "" || !strings.Contains(e.Description, "•") {
		t.Errorf("description %q", e.Description)
	}
}

func TestRealEpisode(t *testing.T) {
	rt := realEngine(t)
	for _, q := range []string{"Wege des Lebens", "3", "Lukas USA"} {
		t.Run(q, func(t *testing.T) {
			e := embed(t, route(t, rt, slash(CmdEpisode, str(OptQuery, q))))
			if !strings.Contains(e.Title, "Folge 3") {
				t.Errorf("title %q", e.Title)
			}
			if !strings.Contains(field(e, "Figuren"), "Katrin") {
				t.Errorf("Figuren %q", field(e, "Figuren"))
			}
			if len(e.Description) < 40 {
				t.Errorf("summary %q", e.Description)
			}
		})
	}
}

func TestRealAutocomplete(t *testing.T) {
	rt := realEngine(t)
	for _, tt := range []struct{ cmd, opt, typed, want string }{
		{CmdCharacter, OptName, "kat", "Katrin"},
		{CmdCharacter, OptName, "kathrin", "Katrin"},
		{CmdCharacter, OptName, "kath", "Katrin"},
		{CmdCharacter, OptName, "heilman", "Heilmann"},
		{CmdEpisode, OptQuery, "schloze", "Scholze"},
		{CmdEpisode, OptQuery, "wege", "Wege des Lebens"},
		{CmdEpisode, OptQuery, "", ""},
	} {
		resp := route(t, rt, autocomplete(tt.cmd, tt.opt, tt.typed))
		names := choiceNames(resp)
		if len(names) == 0 {
			t.Errorf("%s %q: no choices", tt.cmd, tt.typed)
			continue
		}
		if !strings.Contains(names[0], tt.want) {
			t.Errorf("%s %q: first choice %q, want %q (all %q)", tt.cmd, tt.typed, names[0], tt.want, names)
		}
		// Choosing a suggestion must find it again.
		v := resp.Data.Choices[0].Value.(string)
		var follow *discordgo.InteractionResponse
		if tt.cmd == CmdCharacter {
			follow = route(t, rt, slash(CmdCharacter, str(OptName, v)))
		} else {
			follow = route(t, rt, slash(CmdEpisode, str(OptQuery, v)))
		}
		if IsEphemeral(follow) {
			t.Errorf("%s: choosing %q gives %q", tt.cmd, v, follow.Data.Content)
		}
	}
}

func TestRealHelpAndLimits(t *testing.T) {
	rt := realEngine(t)
	e := embed(t, route(t, rt, slash(CmdHelp)))
	if !strings.Contains(field(e, "Wissensstand"), "3 Folgen") {
		t.Errorf("Wissensstand %q", field(e, "Wissensstand"))
	}
	// Every character and episode renders within limits.
	b, _ := knowledge.Default()
	for _, c := range b.Characters() {
		route(t, rt, slash(CmdCharacter, str(OptName, c.Name)))
	}
	for _, ep := range b.Episodes() {
		route(t, rt, slash(CmdEpisode, str(OptQuery, ep.ID)))
	}
	_ = context.Background
}
