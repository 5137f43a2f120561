package commands

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"iafbot/recap"
)

// fakeRecap is a RecapService that records calls and answers from fields.
type fakeRecap struct {
	mu         sync.Mutex
	subscribed []subscribeCall
	removed    []string
	status     recap.Status
	statusErr  error
	preview    recap.Recap
	previewErr error
	err        error // returned by Subscribe and RemoveGuild
}

type subscribeCall struct {
	guild, channel string
	time           recap.TimeOfDay
}

func (f *fakeRecap) Subscribe(_ context.Context, guildID, channelID string, t recap.TimeOfDay) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.subscribed = append(f.subscribed, subscribeCall{guildID, channelID, t})
	return f.err
}

func (f *fakeRecap) RemoveGuild(_ context.Context, guildID string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.removed = append(f.removed, guildID)
	return f.err
}

func (f *fakeRecap) Status(context.Context, string) (recap.Status, error) {
	return f.status, f.statusErr
}

func (f *fakeRecap) Preview(context.Context, string) (recap.Recap, error) {
	return f.preview, f.previewErr
}

// The fake clock of these tests: Tuesday, 4 March 2025, 07:00 in Berlin.
var recapNow = time.Date(2025, 3, 4, 6, 0, 0, 0, time.UTC)

func recapRouter(f *fakeRecap) *Router {
	rt := New(newFake(), nil)
	RegisterRecap(rt, f, RecapConfig{Now: func() time.Time { return recapNow }})
	return rt
}

// recapSlash builds /recap <sub> as Discord sends it, invoked by a member
// with perms on guild 200.
func recapSlash(sub string, perms int64, opts ...*discordgo.ApplicationCommandInteractionDataOption) *discordgo.Interaction {
	i := slash(CmdRecap, &discordgo.ApplicationCommandInteractionDataOption{
		Name: sub, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts,
	})
	i.Member.Permissions = perms
	return i
}

func channelOpt(id string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Name: OptChannel, Type: discordgo.ApplicationCommandOptionChannel, Value: id}
}

// ephemeralText asserts an ephemeral text reply and returns it.
func ephemeralText(t *testing.T, resp *discordgo.InteractionResponse) string {
	t.Helper()
	if !IsEphemeral(resp) || resp.Type != discordgo.InteractionResponseChannelMessageWithSource {
		t.Fatalf("want an ephemeral message, got type %d data %+v", resp.Type, resp.Data)
	}
	return resp.Data.Content
}

func TestRecapDefinition(t *testing.T) {
	b, err := json.Marshal(RecapDefinition())
	if err != nil {
		t.Fatal(err)
	}
	var def struct {
		Name              string            `json:"name"`
		NameLocalizations map[string]string `json:"name_localizations"`
		Description       string            `json:"description"`
		DefaultPerms      any               `json:"default_member_permissions"`
		Contexts          []int             `json:"contexts"`
		Options           []struct {
			Type              int               `json:"type"`
			Name              string            `json:"name"`
			NameLocalizations map[string]string `json:"name_localizations"`
			Description       string            `json:"description"`
			DescLocalizations map[string]string `json:"description_localizations"`
			Options           []struct {
				Type              int               `json:"type"`
				Name              string            `json:"name"`
				NameLocalizations map[string]string `json:"name_localizations"`
				Description       string            `json:"description"`
				Required          bool              `json:"required"`
				ChannelTypes      []int             `json:"channel_types"`
				MaxLength         int               `json:"max_length"`
			} `json:"options"`
		} `json:"options"`
	}
	if err := json.Unmarshal(b, &def); err != nil {
		t.Fatal(err)
	}
	// Discord wants the permission bit set as a decimal string.
	if def.Name != "recap" || def.NameLocalizations["de"] != "rückblick" || def.DefaultPerms != "32" {
		t.Errorf("command: %s", b)
	}
	if len(def.Contexts) != 1 || def.Contexts[0] != int(discordgo.InteractionContextGuild) {
		t.Errorf("contexts %v: must be guild only", def.Contexts)
	}
	want := map[string]string{"subscribe": "abonnieren", "unsubscribe": "abbestellen", "status": "status", "preview": "vorschau"}
	if len(def.Options) != len(want) {
		t.Fatalf("%d subcommands", len(def.Options))
	}
	for _, o := range def.Options {
		if o.Type != int(discordgo.ApplicationCommandOptionSubCommand) || o.NameLocalizations["de"] != want[o.Name] {
			t.Errorf("subcommand %s: type %d, de %q", o.Name, o.Type, o.NameLocalizations["de"])
		}
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 || o.DescLocalizations["de"] == "" ||
			utf8.RuneCountInString(o.DescLocalizations["de"]) > 100 {
			t.Errorf("subcommand %s: descriptions %q / %q", o.Name, o.Description, o.DescLocalizations["de"])
		}
		if o.Name != "subscribe" {
			if len(o.Options) != 0 {
				t.Errorf("%s has options", o.Name)
			}
			continue
		}
		if len(o.Options) != 2 {
			t.Fatalf("subscribe options: %s", b)
		}
		ch, tm := o.Options[0], o.Options[1]
		if ch.Name != "channel" || ch.NameLocalizations["de"] != "kanal" || ch.Type != int(discordgo.ApplicationCommandOptionChannel) ||
			!ch.Required || len(ch.ChannelTypes) != 1 || ch.ChannelTypes[0] != int(discordgo.ChannelTypeGuildText) {
			t.Errorf("channel option %+v", ch)
		}
		if tm.Name != "time" || tm.NameLocalizations["de"] != "uhrzeit" || tm.Type != int(discordgo.ApplicationCommandOptionString) ||
			tm.Required || tm.MaxLength != MaxTimeLength || !strings.Contains(tm.Description, "08:00") {
			t.Errorf("time option %+v", tm)
		}
	}
}

func TestRecapSubscribePermissions(t *testing.T) {
	for _, tt := range []struct {
		name  string
		perms int64
		ok    bool
	}{
		{"send messages only", discordgo.PermissionSendMessages, false},
		{"none", 0, false},
		{"manage channels is not enough", discordgo.PermissionManageChannels, false},
		{"manage server", discordgo.PermissionManageGuild, true},
		{"administrator", discordgo.PermissionAdministrator, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRecap{status: recap.Status{Subscription: recap.Subscription{ChannelID: "301"}}}
			rt := recapRouter(f)
			for _, sub := range []string{SubSubscribe, SubUnsubscribe} {
				var opts []*discordgo.ApplicationCommandInteractionDataOption
				if sub == SubSubscribe {
					opts = append(opts, channelOpt("301"))
				}
				msg := ephemeralText(t, route(t, rt, recapSlash(sub, tt.perms, opts...)))
				if refused := msg == MsgRecapNeedsManage; refused == tt.ok {
					t.Errorf("%s with permissions %d: %q", sub, tt.perms, msg)
				}
			}
			if tt.ok != (len(f.subscribed) == 1 && len(f.removed) == 1) {
				t.Errorf("calls: subscribe %v, remove %v", f.subscribed, f.removed)
			}
			// Status and preview are open to whoever sees the command.
			if e := embed(t, route(t, rt, recapSlash(SubStatus, tt.perms))); e.Title != "Täglicher Recap" {
				t.Errorf("status: %+v", e)
			}
		})
	}
}

func TestRecapSubscribeTime(t *testing.T) {
	for _, tt := range []struct {
		given string // "" = option not given
		want  recap.TimeOfDay
		err   string
	}{
		{"", recap.DefaultTime, ""},
		{"18:30", 18*60 + 30, ""},
		{"7 Uhr", 7 * 60, ""},
		{"00:00", 0, ""},
		{"25:99", 0, "Die Uhrzeit „25:99“ verstehe ich nicht. Bitte als HH:MM angeben"},
		{"acht", 0, "Die Uhrzeit „acht“ verstehe ich nicht"},
		{"12345678901", 0, "höchstens 10 Zeichen"}, // the router enforces max_length
	} {
		t.Run(tt.given, func(t *testing.T) {
			f := &fakeRecap{status: recap.Status{NextPost: time.Date(2025, 3, 5, 7, 0, 0, 0, time.UTC)}}
			opts := []*discordgo.ApplicationCommandInteractionDataOption{channelOpt("301")}
			if tt.given != "" {
				opts = append(opts, str(OptTime, tt.given))
			}
			msg := ephemeralText(t, route(t, recapRouter(f), recapSlash(SubSubscribe, discordgo.PermissionManageGuild, opts...)))
			if tt.err != "" {
				if !strings.Contains(msg, tt.err) || len(f.subscribed) != 0 {
					t.Fatalf("reply %q, calls %v", msg, f.subscribed)
				}
				return
			}
			if len(f.subscribed) != 1 || f.subscribed[0] != (subscribeCall{"200", "301", tt.want}) {
				t.Fatalf("calls %v", f.subscribed)
			}
			for _, w := range []string{"Abonniert", "<#301>", "um " + tt.want.String() + " Uhr (Europe/Berlin)",
				"Der erste kommt Mittwoch, 5. März 2025, 08:00 Uhr"} {
				if !strings.Contains(msg, w) {
					t.Errorf("reply %q lacks %q", msg, w)
				}
			}
		})
	}
}

func TestRecapSubscribeChannel(t *testing.T) {
	f := &fakeRecap{}
	rt := recapRouter(f)
	// A voice channel, as resolved by Discord (the client filters by
	// channel_types, but requests can come from elsewhere).
	i := recapSlash(SubSubscribe, discordgo.PermissionManageGuild, channelOpt("302"))
	d := i.Data.(discordgo.ApplicationCommandInteractionData)
	d.Resolved = &discordgo.ApplicationCommandInteractionDataResolved{Channels: map[string]*discordgo.Channel{
		"302": {ID: "302", Type: discordgo.ChannelTypeGuildVoice},
	}}
	i.Data = d
	if msg := ephemeralText(t, route(t, rt, i)); !strings.Contains(msg, "kein Textkanal") {
		t.Errorf("voice channel: %q", msg)
	}
	if msg := ephemeralText(t, route(t, rt, recapSlash(SubSubscribe, discordgo.PermissionManageGuild, channelOpt("#allgemein")))); !strings.Contains(msg, "Textkanal") {
		t.Errorf("not an ID: %q", msg)
	}
	if len(f.subscribed) != 0 {
		t.Errorf("subscribed %v", f.subscribed)
	}
	// The scheduler's own validation error reads the same.
	f.err = recap.ErrInvalidID
	if msg := ephemeralText(t, route(t, rt, recapSlash(SubSubscribe, discordgo.PermissionManageGuild, channelOpt("301")))); !strings.Contains(msg, "Textkanal") {
		t.Errorf("invalid ID: %q", msg)
	}
}

func TestRecapDirectMessage(t *testing.T) {
	f := &fakeRecap{}
	rt := recapRouter(f)
	for _, sub := range []string{SubSubscribe, SubUnsubscribe, SubStatus, SubPreview} {
		var opts []*discordgo.ApplicationCommandInteractionDataOption
		if sub == SubSubscribe {
			opts = append(opts, channelOpt("301")) // required: Discord always sends it
		}
		i := recapSlash(sub, 0, opts...)
		i.GuildID, i.Member = "", nil
		i.User = &discordgo.User{ID: "400", Username: "tester"}
		if msg := ephemeralText(t, route(t, rt, i)); msg != MsgRecapGuildOnly {
			t.Errorf("%s in DM: %q", sub, msg)
		}
	}
	if len(f.subscribed)+len(f.removed) != 0 {
		t.Errorf("calls in DM: %v %v", f.subscribed, f.removed)
	}
}

func TestRecapStatus(t *testing.T) {
	berlin := func(day, hour, minute int) time.Time {
		return time.Date(2025, 3, day, hour, minute, 0, 0, recap.Berlin)
	}
	sent := recap.Post{GuildID: "200", LocalDate: "2025-03-03", EpisodeID: "002_wege", Title: "Folge 3: Wege des Lebens",
		ChannelID: "301", MessageID: "999", SentAt: berlin(3, 8, 0).Add(2 * time.Second)}
	sub := recap.Subscription{GuildID: "200", ChannelID: "301", Time: 8 * 60}
	for _, tt := range []struct {
		name  string
		st    recap.Status
		want  map[string]string // field name -> substrings ("" = field absent)
		color int
	}{
		{"scheduled", recap.Status{Subscription: sub, NextPost: berlin(4, 8, 0), LastSent: sent}, map[string]string{
			"Kanal":          "<#301>",
			"Uhrzeit":        "täglich um 08:00 Uhr (Europe/Berlin)",
			"Nächster Recap": "Dienstag, 4. März 2025, 08:00 Uhr",
			"Letzter Recap":  "Montag, 3. März 2025, 08:00 Uhr: Folge 3: Wege des Lebens ([zur Nachricht](https://discord.com/channels/200/301/999))",
			"Problem":        "",
		}, colorInfo},
		{"new, due now", recap.Status{Subscription: sub, NextPost: recapNow}, map[string]string{
			"Nächster Recap": "jetzt",
			"Letzter Recap":  "noch keiner",
		}, colorInfo},
		{"broken", recap.Status{Subscription: func() recap.Subscription {
			s := sub
			s.Problem = "Der Kanal <#301> existiert nicht mehr."
			return s
		}(), LastSent: sent}, map[string]string{
			"Nächster Recap": "keiner, bis das Problem behoben ist",
			"Problem":        "Der Kanal <#301> existiert nicht mehr.",
			"Letzter Recap":  "Folge 3: Wege des Lebens",
		}, colorProblem},
		{"retrying", recap.Status{Subscription: func() recap.Subscription {
			s := sub
			s.Failures, s.LastError = 2, "HTTP 500 Internal Server Error"
			return s
		}(), NextPost: berlin(4, 7, 5)}, map[string]string{
			"Nächster Versuch": "Dienstag, 4. März 2025, 07:05 Uhr",
			"Letzter Fehler":   "HTTP 500 Internal Server Error (2 Fehlversuch(e) in Folge",
			"Nächster Recap":   "",
		}, colorInfo},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := route(t, recapRouter(&fakeRecap{status: tt.st}), recapSlash(SubStatus, 0))
			if !IsEphemeral(resp) {
				t.Error("status is not ephemeral")
			}
			e := embed(t, resp)
			for name, w := range tt.want {
				got := field(e, name)
				if w == "" && got != "" || !strings.Contains(got, w) {
					t.Errorf("field %q = %q, want %q", name, got, w)
				}
			}
			if e.Color != tt.color {
				t.Errorf("colour %x", e.Color)
			}
		})
	}

	t.Run("not subscribed", func(t *testing.T) {
		msg := ephemeralText(t, route(t, recapRouter(&fakeRecap{statusErr: recap.ErrNotFound}), recapSlash(SubStatus, 0)))
		if !strings.Contains(msg, "kein täglicher Recap abonniert") || !strings.Contains(msg, "/rückblick abonnieren") {
			t.Errorf("reply %q", msg)
		}
	})
	t.Run("store failure", func(t *testing.T) {
		msg := ephemeralText(t, route(t, recapRouter(&fakeRecap{statusErr: errors.New("disk I/O error")}), recapSlash(SubStatus, 0)))
		if msg != MsgInternalError {
			t.Errorf("reply %q", msg)
		}
	})
}

func TestRecapUnsubscribe(t *testing.T) {
	f := &fakeRecap{status: recap.Status{Subscription: recap.Subscription{GuildID: "200", ChannelID: "301"}}}
	msg := ephemeralText(t, route(t, recapRouter(f), recapSlash(SubUnsubscribe, discordgo.PermissionManageGuild)))
	if !strings.Contains(msg, "Abbestellt") || !strings.Contains(msg, "<#301>") || len(f.removed) != 1 || f.removed[0] != "200" {
		t.Errorf("reply %q, removed %v", msg, f.removed)
	}

	f = &fakeRecap{statusErr: recap.ErrNotFound}
	msg = ephemeralText(t, route(t, recapRouter(f), recapSlash(SubUnsubscribe, discordgo.PermissionManageGuild)))
	if !strings.Contains(msg, "nichts abzubestellen") || len(f.removed) != 0 {
		t.Errorf("reply %q, removed %v", msg, f.removed)
	}
}

func TestRecapPreview(t *testing.T) {
	f := &fakeRecap{preview: recap.Recap{EpisodeID: "002_wege", Title: "Folge 3: Wege des Lebens",
		Summary:    "Dr. Roland Heilmann steht vor einer schweren Woche. Seine Ehe mit Katrin steht auf der Kippe.",
		Characters: []string{"Dr. Roland Heilmann", "Katrin", "Lukas"}}}
	resp := route(t, recapRouter(f), recapSlash(SubPreview, 0))
	if !IsEphemeral(resp) || !strings.Contains(resp.Data.Content, "nur für dich") {
		t.Fatalf("preview is not ephemeral: %+v", resp.Data)
	}
	e := embed(t, resp)
	if e.Title != "Folge 3: Wege des Lebens" || !strings.HasPrefix(e.Description, "Dr. Roland Heilmann steht") ||
		field(e, "Hauptfiguren") != "Dr. Roland Heilmann, Katrin, Lukas" ||
		e.Footer == nil || e.Footer.Text != "Quelle: "+RecapSource {
		t.Errorf("embed %+v", e)
	}

	f = &fakeRecap{previewErr: recap.ErrNoEpisodes}
	if msg := ephemeralText(t, route(t, recapRouter(f), recapSlash(SubPreview, 0))); msg != MsgRecapNoEpisodes {
		t.Errorf("no episodes: %q", msg)
	}
}

func TestRecapEmbedLimits(t *testing.T) {
	e := RecapEmbed(recap.Recap{EpisodeID: "x", Title: strings.Repeat("T", 400), Summary: strings.Repeat("Satz. ", 1000),
		Characters: []string{" ", "Katrin"}, Source: "Eigene Notizen"})
	if err := CheckResponse(Embeds(e)); err != nil {
		t.Fatal(err)
	}
	if field(e, "Hauptfiguren") != "Katrin" || e.Footer.Text != "Quelle: Eigene Notizen" {
		t.Errorf("embed %+v", e)
	}
	if e := RecapEmbed(recap.Recap{EpisodeID: "007"}); e.Title != "007" || len(e.Fields) != 0 {
		t.Errorf("bare recap: %+v", e)
	}
}

func TestRecapEmbedDay(t *testing.T) {
	rc := recap.Recap{EpisodeID: "x", Title: "Wege des Lebens", Summary: strings.Repeat("Satz. ", 1000), Source: "Eigene Notizen", Date: "2025-03-04"}
	post := RecapEmbed(rc)
	if post.Footer.Text != "Dienstag, 4. März 2025 · Quelle: Eigene Notizen" {
		t.Errorf("footer %q", post.Footer.Text)
	}
	if !IsRecapOf(post, "2025-03-04") {
		t.Error("the day's post not recognised")
	}
	rc.Date = ""
	for _, tc := range []struct {
		name string
		e    *discordgo.MessageEmbed
		date string
	}{
		{"another day", post, "2025-03-05"},
		{"a preview", RecapEmbed(rc), "2025-03-04"},
		{"no footer", &discordgo.MessageEmbed{Title: post.Title}, "2025-03-04"},
		{"no embed", nil, "2025-03-04"},
		{"no date", post, ""},
	} {
		if IsRecapOf(tc.e, tc.date) {
			t.Errorf("%s recognised as the post of %q", tc.name, tc.date)
		}
	}
}

func TestGermanDateTime(t *testing.T) {
	for _, tt := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2025, 3, 5, 7, 0, 0, 0, time.UTC), "Mittwoch, 5. März 2025, 08:00 Uhr"},
		// After the spring DST switch Berlin is UTC+2.
		{time.Date(2025, 3, 30, 6, 0, 0, 0, time.UTC), "Sonntag, 30. März 2025, 08:00 Uhr"},
		{time.Date(2025, 12, 31, 22, 59, 0, 0, time.UTC), "Mittwoch, 31. Dezember 2025, 23:59 Uhr"},
	} {
		if got := GermanDateTime(tt.t, recap.Berlin); got != tt.want {
			t.Errorf("%v: %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestHelpMentionsRecapWhenRegistered(t *testing.T) {
	text := func(rt *Router, locale discordgo.Locale) string {
		i := slash(CmdHelp)
		i.Locale = locale
		var b strings.Builder
		for _, f := range embed(t, route(t, rt, i)).Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		return b.String()
	}
	with := recapRouter(&fakeRecap{})
	// Only members who can use /recap (Manage Server) read about it.
	if s := text(with, discordgo.German); strings.Contains(s, "rückblick") {
		t.Errorf("help tells an ordinary member about /recap:\n%s", s)
	}
	manager := func(locale discordgo.Locale) string {
		i := slash(CmdHelp)
		i.Locale = locale
		i.Member.Permissions = discordgo.PermissionManageGuild
		var b strings.Builder
		for _, f := range embed(t, route(t, with, i)).Fields {
			b.WriteString(f.Name + "\n" + f.Value + "\n")
		}
		return b.String()
	}
	if s := manager(discordgo.German); !strings.Contains(s, "/rückblick abonnieren\n") || !strings.Contains(s, "`/rückblick abonnieren` `kanal: #serie uhrzeit: 08:00`") {
		t.Errorf("German help:\n%s", s)
	}
	// With the registered IDs, commands become clickable mentions.
	with.SetCommandIDs([]*discordgo.ApplicationCommand{{Name: CmdRecap, ID: "111"}, {Name: CmdAsk, ID: "222"}})
	if s := manager(discordgo.EnglishUS); !strings.Contains(s, "</recap subscribe:111> `channel: #serie time: 08:00`") || !strings.Contains(s, "</ask:222>") {
		t.Errorf("English help:\n%s", s)
	}
	if s := text(New(newFake(), nil), discordgo.German); strings.Contains(s, "/recap") {
		t.Errorf("help mentions /recap without it:\n%s", s)
	}
}

func TestRecapCatalog(t *testing.T) {
	c := RecapCatalog(newFake())
	if ids := c.EpisodeIDs(); strings.Join(ids, ",") != "000_scholze,002_wege" {
		t.Errorf("IDs %v", ids)
	}
	rc, err := c.Recap("002_wege")
	if err != nil {
		t.Fatal(err)
	}
	want := recap.Recap{EpisodeID: "002_wege", Title: "Folge 3: Wege des Lebens",
		Summary:    "Dr. Roland Heilmann steht vor einer der schwersten Wochen seines Lebens. Seine Ehe mit Katrin steht auf der Kippe.",
		Characters: []string{"Dr. Roland Heilmann", "Katrin", "Lukas"}, Source: RecapSource}
	if rc.EpisodeID != want.EpisodeID || rc.Title != want.Title || rc.Summary != want.Summary ||
		strings.Join(rc.Characters, "|") != strings.Join(want.Characters, "|") || rc.Source != want.Source {
		t.Errorf("recap %+v", rc)
	}
	if _, err := c.Recap("404_nope"); err == nil {
		t.Error("unknown episode: no error")
	}
}
