package commands

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// testRouter has one plain command "echo" (string option "text", max 10),
// a panicking one, one with subcommands, and records middleware calls.
func testRouter(t *testing.T, logs *bytes.Buffer) *Router {
	t.Helper()
	var logger *slog.Logger
	if logs != nil {
		logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	rt := NewRouter(logger)
	rt.Use(Logging(logger))
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "echo", Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionString, Name: "text", NameLocalizations: deOpt("text_de"), Required: true, MaxLength: 10,
		}}},
		Handler: HandlerFunc(func(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			return Message("echo:" + r.String("text")), nil
		}),
	})
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "boom"},
		Handler: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			panic("kaputt")
		}),
		Autocomplete: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			panic("kaputt im autocomplete")
		}),
	})
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "recap", Options: []*discordgo.ApplicationCommandOption{{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "subscribe", Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionChannel, Name: "channel", Required: true},
				{Type: discordgo.ApplicationCommandOptionString, Name: "time", NameLocalizations: deOpt("uhrzeit"), MaxLength: 5},
			},
		}}},
		Slow: true, Ephemeral: true,
		Handler: HandlerFunc(func(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			if !r.HasPermissions(discordgo.PermissionManageGuild) {
				return nil, NewUserError("Dafür brauchst du die Berechtigung „Server verwalten“.")
			}
			return EphemeralMessage(r.Subcommand + " " + r.String("channel") + " " + r.String("time") + " in " + r.GuildID()), nil
		}),
	})
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "fail"},
		Handler: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			return nil, errors.New("database is locked")
		}),
	})
	rt.Add(Command{
		Definition: &discordgo.ApplicationCommand{Name: "nilresp"},
		Handler: HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) {
			return nil, nil
		}),
	})
	return rt
}

func content(resp *discordgo.InteractionResponse) string {
	if resp == nil || resp.Data == nil {
		return ""
	}
	return resp.Data.Content
}

func TestRoute(t *testing.T) {
	subscribe := func(perms int64) *discordgo.Interaction {
		i := slash("recap", &discordgo.ApplicationCommandInteractionDataOption{
			Name: "subscribe", Type: discordgo.ApplicationCommandOptionSubCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{
				{Name: "channel", Type: discordgo.ApplicationCommandOptionChannel, Value: "777"},
				str("time", "08:00"),
			},
		})
		i.Member.Permissions = perms
		return i
	}
	tests := []struct {
		name      string
		in        *discordgo.Interaction
		wantType  discordgo.InteractionResponseType
		wantText  string // substring of content
		ephemeral bool
	}{
		{"ok", slash("echo", str("text", "  hallo ")), discordgo.InteractionResponseChannelMessageWithSource, "echo:hallo", false},
		{"exactly max length", slash("echo", str("text", "ääääääääää")), discordgo.InteractionResponseChannelMessageWithSource, "echo:ääääääääää", false},
		{"too long", slash("echo", str("text", "ääääääääääa")), discordgo.InteractionResponseChannelMessageWithSource, "zu lang (höchstens 10 Zeichen)", true},
		{"empty", slash("echo", str("text", "   ")), discordgo.InteractionResponseChannelMessageWithSource, "Bitte gib bei „text_de“ etwas ein.", true},
		{"missing", slash("echo"), discordgo.InteractionResponseChannelMessageWithSource, "Bitte gib bei „text_de“", true},
		{"wrong type", slash("echo", &discordgo.ApplicationCommandInteractionDataOption{Name: "text", Type: discordgo.ApplicationCommandOptionInteger, Value: 3.0}),
			discordgo.InteractionResponseChannelMessageWithSource, "verstehe ich nicht", true},
		{"unknown command", slash("nope"), discordgo.InteractionResponseChannelMessageWithSource, MsgUnknownCommand, true},
		{"panic", slash("boom"), discordgo.InteractionResponseChannelMessageWithSource, MsgInternalError, true},
		{"handler error", slash("fail"), discordgo.InteractionResponseChannelMessageWithSource, MsgInternalError, true},
		{"nil response", slash("nilresp"), discordgo.InteractionResponseChannelMessageWithSource, MsgInternalError, true},
		{"subcommand", subscribe(discordgo.PermissionManageGuild), discordgo.InteractionResponseChannelMessageWithSource, "subscribe 777 08:00 in 200", true},
		{"administrator implies", subscribe(discordgo.PermissionAdministrator), discordgo.InteractionResponseChannelMessageWithSource, "subscribe 777", true},
		{"missing permission", subscribe(discordgo.PermissionSendMessages), discordgo.InteractionResponseChannelMessageWithSource, "Server verwalten", true},
		{"ping", &discordgo.Interaction{Type: discordgo.InteractionPing}, discordgo.InteractionResponsePong, "", false},
		{"component without a signed custom ID", &discordgo.Interaction{Type: discordgo.InteractionMessageComponent, Data: discordgo.MessageComponentInteractionData{CustomID: "1~sum~x~AAAAAAAAAAAA"}},
			discordgo.InteractionResponseChannelMessageWithSource, MsgStaleComponent, true},
		{"modal", &discordgo.Interaction{Type: discordgo.InteractionModalSubmit},
			discordgo.InteractionResponseChannelMessageWithSource, MsgUnsupported, true},
		{"command without data", &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand},
			discordgo.InteractionResponseChannelMessageWithSource, MsgInternalError, true},
		{"nil interaction", nil, discordgo.InteractionResponseChannelMessageWithSource, MsgInternalError, true},
		{"autocomplete unknown", autocomplete("nope", "x", "a"), discordgo.InteractionApplicationCommandAutocompleteResult, "", false},
		{"autocomplete without handler", autocomplete("echo", "text", "a"), discordgo.InteractionApplicationCommandAutocompleteResult, "", false},
		{"autocomplete panic", autocomplete("boom", "x", "a"), discordgo.InteractionApplicationCommandAutocompleteResult, "", false},
	}
	var logs bytes.Buffer
	rt := testRouter(t, &logs)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rt.Route(context.Background(), tt.in)
			if resp == nil {
				t.Fatal("nil response")
			}
			if resp.Type != tt.wantType {
				t.Fatalf("type = %d, want %d", resp.Type, tt.wantType)
			}
			if !strings.Contains(content(resp), tt.wantText) {
				t.Errorf("content = %q, want it to contain %q", content(resp), tt.wantText)
			}
			if IsEphemeral(resp) != tt.ephemeral {
				t.Errorf("ephemeral = %v, want %v", IsEphemeral(resp), tt.ephemeral)
			}
			if err := CheckResponse(resp); err != nil {
				t.Errorf("CheckResponse: %v", err)
			}
			if resp.Type == discordgo.InteractionApplicationCommandAutocompleteResult && (resp.Data == nil || resp.Data.Choices == nil) {
				t.Errorf("autocomplete result must carry a (possibly empty) choices list")
			}
		})
	}
	out := logs.String()
	for _, want := range []string{"interaction handler panicked", "kaputt", "stack=", "outcome=invalid", "database is locked", "outcome=error", "command=echo"} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %q:\n%s", want, out)
		}
	}
}

func TestMiddlewareOrderAndOutcome(t *testing.T) {
	rt := NewRouter(nil)
	var mu sync.Mutex
	var trace []string
	mw := func(name string) Middleware {
		return func(next Handler) Handler {
			return HandlerFunc(func(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
				mu.Lock()
				trace = append(trace, name+">")
				mu.Unlock()
				resp, err := next.ServeInteraction(ctx, r)
				mu.Lock()
				trace = append(trace, "<"+name+":"+string(r.Outcome()))
				mu.Unlock()
				return resp, err
			})
		}
	}
	rt.Use(mw("a"), mw("b"))
	rt.Add(Command{Definition: &discordgo.ApplicationCommand{Name: "x"}, Handler: HandlerFunc(
		func(_ context.Context, r *Request) (*discordgo.InteractionResponse, error) {
			r.SetOutcome(OutcomeAbstained)
			return Message("x"), nil
		})})
	rt.Route(context.Background(), slash("x"))
	got := strings.Join(trace, " ")
	if want := "a> b> <b:abstained <a:abstained"; got != want {
		t.Errorf("trace %q, want %q", got, want)
	}
}

func TestMiddlewarePanicRecovered(t *testing.T) {
	var logs bytes.Buffer
	rt := NewRouter(slog.New(slog.NewTextHandler(&logs, nil)))
	rt.Use(func(Handler) Handler {
		return HandlerFunc(func(context.Context, *Request) (*discordgo.InteractionResponse, error) { panic("mw") })
	})
	rt.Add(Command{Definition: &discordgo.ApplicationCommand{Name: "x"}, Handler: HandlerFunc(
		func(context.Context, *Request) (*discordgo.InteractionResponse, error) { return Message("x"), nil })})
	resp := rt.Route(context.Background(), slash("x"))
	if content(resp) != MsgInternalError || !IsEphemeral(resp) {
		t.Errorf("resp %+v", resp.Data)
	}
	if !strings.Contains(logs.String(), "panic while routing") {
		t.Errorf("logs: %s", logs.String())
	}
}

func TestAddPanics(t *testing.T) {
	for _, c := range []Command{
		{},
		{Definition: &discordgo.ApplicationCommand{Name: "x"}},
		{Definition: &discordgo.ApplicationCommand{Name: "dup"}, Handler: HandlerFunc(nil)},
	} {
		func() {
			rt := NewRouter(nil)
			rt.Add(Command{Definition: &discordgo.ApplicationCommand{Name: "dup"}, Handler: HandlerFunc(nil)})
			defer func() {
				if recover() == nil {
					t.Errorf("Add(%+v) did not panic", c)
				}
			}()
			rt.Add(c)
		}()
	}
}

func TestDeferPolicyAndDefinitions(t *testing.T) {
	rt := testRouter(t, nil)
	if slow, eph := rt.DeferPolicy(slash("recap")); !slow || !eph {
		t.Errorf("recap: slow=%v ephemeral=%v", slow, eph)
	}
	if slow, eph := rt.DeferPolicy(slash("echo")); slow || eph {
		t.Errorf("echo: slow=%v ephemeral=%v", slow, eph)
	}
	for _, i := range []*discordgo.Interaction{nil, slash("nope"), autocomplete("recap", "x", ""), {Type: discordgo.InteractionApplicationCommand}} {
		if slow, eph := rt.DeferPolicy(i); slow || eph {
			t.Errorf("DeferPolicy(%v) = %v %v", i, slow, eph)
		}
	}
	var names []string
	for _, d := range rt.Definitions() {
		names = append(names, d.Name)
	}
	if got := strings.Join(names, ","); got != "echo,boom,recap,fail,nilresp" {
		t.Errorf("definitions %s", got)
	}
	if _, ok := rt.Lookup("recap"); !ok {
		t.Error("Lookup recap")
	}
}

func TestRequestAccessors(t *testing.T) {
	i := slash("x",
		str("s", "  text "),
		&discordgo.ApplicationCommandInteractionDataOption{Name: "n", Type: discordgo.ApplicationCommandOptionInteger, Value: 42.0},
		&discordgo.ApplicationCommandInteractionDataOption{Name: "f", Type: discordgo.ApplicationCommandOptionNumber, Value: 1.5},
		&discordgo.ApplicationCommandInteractionDataOption{Name: "b", Type: discordgo.ApplicationCommandOptionBoolean, Value: true},
		nil,
	)
	r, ok := NewRequest(i, nil)
	if !ok {
		t.Fatal("NewRequest")
	}
	if r.String("s") != "text" || r.String("n") != "42" || r.String("f") != "1.5" || r.String("missing") != "" {
		t.Errorf("String: %q %q %q", r.String("s"), r.String("n"), r.String("f"))
	}
	if v, ok := r.Int("n"); !ok || v != 42 {
		t.Errorf("Int n = %d %v", v, ok)
	}
	if _, ok := r.Int("f"); ok {
		t.Error("Int f should fail")
	}
	if v, ok := r.Bool("b"); !ok || !v {
		t.Error("Bool")
	}
	if !r.Has("b") || r.Has("zzz") {
		t.Error("Has")
	}
	if r.UserID() != "400" || r.GuildID() != "200" || r.ChannelID() != "300" || !r.German() {
		t.Error("ids/locale")
	}
	dm := slash("x")
	dm.Member, dm.GuildID, dm.User = nil, "", &discordgo.User{ID: "9"}
	r, _ = NewRequest(dm, nil)
	if r.UserID() != "9" || r.HasPermissions(0) || r.MemberPermissions() != 0 {
		t.Error("DM accessors")
	}
	if _, ok := NewRequest(&discordgo.Interaction{Type: discordgo.InteractionApplicationCommand}, nil); ok {
		t.Error("NewRequest without data")
	}
}
