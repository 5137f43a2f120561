package bot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"iafbot/bot"
	"iafbot/commands"
	"iafbot/internal/discordtest"
	"iafbot/knowledge"
)

// End-to-end tests: the real discordgo Session of package bot talks to the
// local Discord peer on 127.0.0.1, with the bot built by bot.New exactly as
// `iafbot serve` builds it; only the HTTP client differs.

var (
	kbOnce sync.Once
	kb     *knowledge.Base
	kbErr  error
)

func knowledgeBase(t *testing.T) *knowledge.Base {
	t.Helper()
	kbOnce.Do(func() { kb, kbErr = knowledge.Default() })
	if kbErr != nil {
		t.Fatalf("knowledge.Default: %v", kbErr)
	}
	return kb
}

// lockedBuffer collects logs; they are printed when a test fails (logging
// through t.Log could outlive the test in discordgo's goroutines).
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func testLogger(t *testing.T) (*slog.Logger, *lockedBuffer) {
	buf := &lockedBuffer{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("bot logs:\n%s", buf.String())
		}
	})
	return slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// callback is the initial response body the peer recorded.
type callback struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Content string                                      `json:"content"`
		Flags   discordgo.MessageFlags                      `json:"flags"`
		Embeds  []*discordgo.MessageEmbed                   `json:"embeds"`
		Choices []*discordgo.ApplicationCommandOptionChoice `json:"choices"`
	} `json:"data"`
}

func (c callback) ephemeral() bool { return c.Data.Flags&discordgo.MessageFlagsEphemeral != 0 }

func (c callback) embed(t *testing.T) *discordgo.MessageEmbed {
	t.Helper()
	if len(c.Data.Embeds) != 1 {
		t.Fatalf("want one embed, got %+v", c.Data)
	}
	return c.Data.Embeds[0]
}

func fieldValue(e *discordgo.MessageEmbed, name string) string {
	for _, f := range e.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

type harness struct {
	t       *testing.T
	srv     *discordtest.Server
	b       *bot.Bot
	guild   string
	channel string
	logs    *lockedBuffer
}

// startBot starts a peer and a bot on it, built as `iafbot serve` builds
// it; guild selects guild (else global) registration, adjust may change the
// config before bot.New, and beforeStart sees the bot between New and Start.
func startBot(t *testing.T, guild bool, adjust func(*bot.Config), beforeStart ...func(*bot.Bot)) *harness {
	t.Helper()
	srv := discordtest.New(t)
	logger, logs := testLogger(t)
	h := &harness{t: t, srv: srv, channel: srv.NewSnowflake(), logs: logs}
	if guild {
		h.guild = srv.NewSnowflake()
		srv.AddGuild(discordgo.Guild{ID: h.guild, Name: "Sachsenklinik"})
	}
	cfg := bot.Config{
		Token:      srv.Token(),
		GuildID:    h.guild,
		Router:     commands.New(knowledgeBase(t), logger),
		Logger:     logger,
		HTTPClient: srv.Client(),
	}
	if adjust != nil {
		adjust(&cfg)
	}
	b, err := bot.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range beforeStart {
		f(b)
	}
	if err := b.Start(timeout(t, 10*time.Second)); err != nil {
		t.Fatalf("Start: %v", err)
	}
	h.b = b
	t.Cleanup(func() {
		if err := b.Stop(timeout(t, 10*time.Second)); err != nil {
			t.Errorf("Stop: %v", err)
		}
	})
	if _, err := srv.WaitReady(timeout(t, 10*time.Second), 1); err != nil {
		t.Fatalf("WaitReady: %v", err)
	}
	return h
}

func stringOpt(name, value string, focused bool) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: name, Type: discordgo.ApplicationCommandOptionString, Value: value, Focused: focused}
}

// slash sends a command and returns the callback the bot answered with.
func (h *harness) slash(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) (callback, discordtest.InteractionState) {
	h.t.Helper()
	ref, err := h.srv.SendSlashCommand(discordtest.InteractionSpec{
		Name: name, Options: opts, GuildID: h.guild, ChannelID: h.channel,
		Locale: discordgo.German, MemberPermissions: discordgo.PermissionSendMessages,
		AppPermissions: discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks,
	})
	if err != nil {
		h.t.Fatalf("SendSlashCommand %s: %v", name, err)
	}
	return h.wait(ref.ID)
}

func (h *harness) autocomplete(name string, opt *discordgo.ApplicationCommandInteractionDataOption) (callback, discordtest.InteractionState) {
	h.t.Helper()
	ref, err := h.srv.SendAutocomplete(discordtest.InteractionSpec{
		Name: name, Options: []*discordgo.ApplicationCommandInteractionDataOption{opt}, GuildID: h.guild, ChannelID: h.channel,
	})
	if err != nil {
		h.t.Fatalf("SendAutocomplete %s: %v", name, err)
	}
	return h.wait(ref.ID)
}

func (h *harness) wait(id string) (callback, discordtest.InteractionState) {
	h.t.Helper()
	st, err := h.srv.WaitResponse(timeout(h.t, 10*time.Second), id)
	if err != nil {
		h.t.Fatalf("no response to interaction %s: %v", id, err)
	}
	var cb callback
	if err := json.Unmarshal(st.Response, &cb); err != nil {
		h.t.Fatalf("callback body %s: %v", st.Response, err)
	}
	if cb.Type != st.ResponseType {
		h.t.Fatalf("type %d vs %d", cb.Type, st.ResponseType)
	}
	return cb, st
}

func TestEndToEnd(t *testing.T) {
	h := startBot(t, true, nil)
	srv := h.srv

	t.Run("identify and registration", func(t *testing.T) {
		ids := srv.Identifies()
		if len(ids) != 1 || ids[0].Intents != discordgo.IntentsGuilds || ids[0].Token != "Bot "+srv.Token() {
			t.Fatalf("identifies %+v", ids)
		}
		puts := srv.RequestsMatching(discordtest.Match("PUT", "/applications/*/**"))
		if len(puts) != 1 || !strings.HasSuffix(puts[0].Path, "/guilds/"+h.guild+"/commands") || puts[0].Status != 200 {
			t.Fatalf("registration requests %v", puts)
		}
		var sent []map[string]any
		if err := puts[0].JSON(&sent); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"ask": "frage", "episode": "folge", "character": "figur", "help": "hilfe", commands.CmdAnswerMessage: "Frage beantworten"}
		if len(sent) != len(want) {
			t.Fatalf("%d commands sent", len(sent))
		}
		for _, c := range sent {
			name, _ := c["name"].(string)
			loc, _ := c["name_localizations"].(map[string]any)
			if loc["de"] != want[name] {
				t.Errorf("%s: name_localizations %v", name, c["name_localizations"])
			}
			if dl, _ := c["description_localizations"].(map[string]any); dl["de"] == nil && c["type"] != 3.0 {
				t.Errorf("%s: no German description", name)
			}
		}
		got := srv.Commands(h.guild)
		if len(got) != 5 || len(srv.Commands("")) != 0 {
			t.Fatalf("peer has %d guild and %d global commands", len(got), len(srv.Commands("")))
		}
		for _, c := range got {
			if c.Name == "episode" || c.Name == "character" {
				if len(c.Options) != 1 || !c.Options[0].Autocomplete {
					t.Errorf("%s: option not autocomplete: %+v", c.Name, c.Options)
				}
			}
			if c.Name == "ask" && (len(c.Options) != 1 || c.Options[0].MaxLength != commands.MaxQuestionLength || !c.Options[0].Required) {
				t.Errorf("ask option %+v", c.Options[0])
			}
		}
		if h.b.ApplicationID() != srv.ApplicationID() {
			t.Errorf("application ID %q", h.b.ApplicationID())
		}
	})

	t.Run("ask answerable", func(t *testing.T) {
		cb, st := h.slash("ask", stringOpt("question", "Wer ist die Tochter von Herrn Scholze?", false))
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.ephemeral() {
			t.Fatalf("type %d flags %d", cb.Type, cb.Data.Flags)
		}
		e := cb.embed(t)
		if !strings.Contains(e.Description, "Maja") || e.Title != "Folge 1: Herr Scholze und Maja" || e.Footer == nil || e.Footer.Text != commands.FooterText {
			t.Errorf("embed %+v", e)
		}
		if st.Original == nil || len(st.Original.Embeds) != 1 {
			t.Errorf("peer did not store the reply: %+v", st.Original)
		}
	})

	t.Run("ask unanswerable", func(t *testing.T) {
		cb, _ := h.slash("ask", stringOpt("question", "Wer ist der Bürgermeister von Leipzig?", false))
		e := cb.embed(t)
		if cb.ephemeral() || !strings.HasPrefix(e.Description, commands.MsgNotInSynopses) || fieldValue(e, "Folge") != "" {
			t.Errorf("embed %+v", e)
		}
	})

	t.Run("ask too long", func(t *testing.T) {
		cb, _ := h.slash("ask", stringOpt("question", strings.Repeat("Warum? ", 50), false))
		if !cb.ephemeral() || !strings.Contains(cb.Data.Content, "zu lang") {
			t.Errorf("%+v", cb.Data)
		}
	})

	t.Run("character kathrin", func(t *testing.T) {
		cb, _ := h.slash("character", stringOpt("name", "kathrin", false))
		e := cb.embed(t)
		if cb.ephemeral() || !strings.Contains(e.Title, "Katrin") || !strings.Contains(fieldValue(e, "Folgen"), "Wege des Lebens") {
			t.Errorf("embed %+v", e)
		}
	})

	t.Run("episode", func(t *testing.T) {
		cb, _ := h.slash("episode", stringOpt("query", "Wege des Lebens", false))
		e := cb.embed(t)
		if !strings.Contains(e.Title, "Wege des Lebens") || !strings.Contains(fieldValue(e, "Figuren"), "Katrin") {
			t.Errorf("embed %+v", e)
		}
	})

	t.Run("episode autocomplete", func(t *testing.T) {
		cb, st := h.autocomplete("episode", stringOpt("query", "wege", true))
		if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Fatalf("type %d", cb.Type)
		}
		if len(st.Choices) == 0 || len(st.Choices) > 25 || !strings.Contains(st.Choices[0].Name, "Wege des Lebens") {
			t.Fatalf("choices %+v", st.Choices)
		}
		for _, c := range st.Choices {
			v, _ := c.Value.(string)
			if utf8.RuneCountInString(c.Name) > 100 || utf8.RuneCountInString(v) > 100 || v == "" {
				t.Errorf("choice %+v", c)
			}
		}
		// The chosen value finds the episode.
		cb2, _ := h.slash("episode", stringOpt("query", st.Choices[0].Value.(string), false))
		if e := cb2.embed(t); !strings.Contains(e.Title, "Wege des Lebens") {
			t.Errorf("choosing %v: %q", st.Choices[0].Value, e.Title)
		}
	})

	t.Run("character autocomplete", func(t *testing.T) {
		_, st := h.autocomplete("character", stringOpt("name", "kath", true))
		if len(st.Choices) == 0 || st.Choices[0].Name != "Katrin" {
			t.Errorf("choices %+v", st.Choices)
		}
	})

	t.Run("help", func(t *testing.T) {
		cb, _ := h.slash("help")
		e := cb.embed(t)
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !cb.ephemeral() || e.Title != "Was ich kann" || fieldValue(e, "/frage") == "" {
			t.Errorf("type %d flags %d embed %+v", cb.Type, cb.Data.Flags, e)
		}
	})

	t.Run("unknown command", func(t *testing.T) {
		cb, _ := h.slash("teleport")
		if !cb.ephemeral() || cb.Data.Content != commands.MsgUnknownCommand {
			t.Errorf("%+v", cb.Data)
		}
	})

	callbacks := discordtest.Match("POST", "/interactions/*/*/callback")

	t.Run("429 Retry-After honoured", func(t *testing.T) {
		srv.FailNext("POST", "/interactions/*/*/callback", 1, discordtest.Fault{Status: 429, RetryAfter: 400 * time.Millisecond})
		before := len(srv.RequestsMatching(callbacks))
		cb, _ := h.slash("help")
		if !cb.ephemeral() {
			t.Errorf("%+v", cb.Data)
		}
		reqs := srv.RequestsMatching(callbacks)[before:]
		if len(reqs) != 2 || reqs[0].Status != 429 || !reqs[0].Fault || reqs[1].Status != 204 {
			t.Fatalf("callbacks %v", reqs)
		}
		if gap := reqs[1].Time.Sub(reqs[0].Time); gap < 400*time.Millisecond {
			t.Errorf("retried after %v, before Retry-After", gap)
		}
	})

	t.Run("500 once", func(t *testing.T) {
		srv.FailNext("POST", "/interactions/*/*/callback", 1, discordtest.Fault{Status: 500})
		before := len(srv.RequestsMatching(callbacks))
		cb, _ := h.slash("ask", stringOpt("question", "Wohin will Lukas ziehen?", false))
		if e := cb.embed(t); !strings.Contains(e.Description, "USA") {
			t.Errorf("embed %+v", e)
		}
		reqs := srv.RequestsMatching(callbacks)[before:]
		if len(reqs) != 2 || reqs[0].Status != 500 || reqs[1].Status != 204 {
			t.Fatalf("callbacks %v", reqs)
		}
	})

	t.Run("gateway drop", func(t *testing.T) {
		if n := srv.DropConnections(); n != 1 {
			t.Fatalf("dropped %d connections", n)
		}
		if _, err := srv.WaitReady(timeout(t, 15*time.Second), 1); err != nil {
			t.Fatalf("no reconnect: %v", err)
		}
		cb, _ := h.slash("character", stringOpt("name", "Maja", false))
		if e := cb.embed(t); e.Title != "Maja" {
			t.Errorf("after reconnect: %+v", e)
		}
		if rs := srv.Resumes(); len(rs) != 1 || !rs[0].Accepted {
			t.Errorf("resumes %+v", rs)
		}
		if ids := srv.Identifies(); len(ids) != 1 {
			t.Errorf("identified %d times; a drop should resume", len(ids))
		}
	})

	t.Run("registration happened once", func(t *testing.T) {
		if puts := srv.RequestsMatching(discordtest.Match("PUT", "/applications/*/**")); len(puts) != 1 {
			t.Errorf("%d bulk overwrites", len(puts))
		}
	})
}

// TestEndToEndDeferredAndShutdown covers a slow handler (deferred, then the
// original edited), global registration, and Run's graceful shutdown with
// an interaction in flight.
func TestEndToEndDeferredAndShutdown(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	release := make(chan struct{})
	started := make(chan struct{}, 1)
	rt := commands.New(knowledgeBase(t), logger)
	rt.Add(commands.Command{
		Definition: &discordgo.ApplicationCommand{Name: "dauer", Description: "slow test command"},
		Handler: commands.HandlerFunc(func(ctx context.Context, r *commands.Request) (*discordgo.InteractionResponse, error) {
			started <- struct{}{}
			<-release
			return commands.Embeds(&discordgo.MessageEmbed{Title: "fertig", Description: "nach langer Arbeit"}), nil
		}),
	})
	b, err := bot.New(bot.Config{Token: "Bot " + srv.Token(), Router: rt, Logger: logger, HTTPClient: srv.Client(), DeferAfter: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- b.Run(ctx) }()
	if _, err := srv.WaitReady(timeout(t, 10*time.Second), 1); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Commands("")); n != 6 {
		t.Fatalf("%d global commands", n)
	}
	channel := srv.NewSnowflake()
	ref, err := srv.SendSlashCommand(discordtest.InteractionSpec{Name: "dauer", ChannelID: channel})
	if err != nil {
		t.Fatal(err)
	}
	<-started
	st, err := srv.WaitResponse(timeout(t, 5*time.Second), ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.ResponseType != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("response type %d, want deferred", st.ResponseType)
	}
	if d := st.Original.Timestamp.Sub(st.Created); d > 2*time.Second {
		t.Errorf("deferred only after %v", d)
	}

	// Shut down while the handler is still working: Run must wait for it.
	cancel()
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-ran:
		t.Fatalf("Run returned with an interaction in flight: %v", err)
	default:
	}
	close(release)
	err = srv.WaitUntil(timeout(t, 5*time.Second), func() bool {
		st, _ := srv.Interaction(ref.ID)
		return st.Original != nil && len(st.Original.Embeds) == 1
	})
	if err != nil {
		t.Fatalf("original never edited: %v", err)
	}
	st, _ = srv.Interaction(ref.ID)
	if st.Original.Embeds[0].Title != "fertig" || st.Original.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Errorf("edited original %+v", st.Original)
	}
	select {
	case err := <-ran:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after shutdown")
	}
	if sess := srv.Sessions(); len(sess) != 1 || !sess[0].Ended {
		t.Errorf("gateway session not closed: %+v", sess)
	}
}

func TestEndToEndBadToken(t *testing.T) {
	srv := discordtest.New(t)
	logger, _ := testLogger(t)
	b, err := bot.New(bot.Config{Token: "not-the-token", Router: commands.New(knowledgeBase(t), logger), Logger: logger, HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	err = b.Run(timeout(t, 10*time.Second))
	if !errors.Is(err, bot.ErrBadToken) {
		t.Fatalf("Run = %v, want ErrBadToken", err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "401") {
		t.Errorf("error %q", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if len(srv.Identifies()) != 0 || len(srv.RequestsMatching(discordtest.Match("PUT", "/applications/**"))) != 0 {
		t.Error("the bot went on after the token was refused")
	}
}
