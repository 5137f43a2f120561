package commands

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"iafbot/internal/snowflake"
	"iafbot/recap"
)

// /recap: a daily episode recap posted into a channel of the server.
const (
	CmdRecap = "recap"

	SubSubscribe   = "subscribe"
	SubUnsubscribe = "unsubscribe"
	SubStatus      = "status"
	SubPreview     = "preview"

	OptChannel = "channel"
	OptTime    = "time"
)

// MaxTimeLength bounds the time option ("08:00 Uhr" is 9 characters).
const MaxTimeLength = 10

// RecapSource is the attribution in the footer of a recap embed when the
// recap names no source itself.
const RecapSource = "Episoden-Zusammenfassungen von „In aller Freundschaft“"

// RecapService is what /recap needs from the recap scheduler; a
// *recap.Scheduler satisfies it. Keeping it an interface keeps this package
// free of databases and network.
type RecapService interface {
	Subscribe(ctx context.Context, guildID, channelID string, t recap.TimeOfDay) error
	// RemoveGuild deletes the guild's subscription (and post history).
	RemoveGuild(ctx context.Context, guildID string) error
	Status(ctx context.Context, guildID string) (recap.Status, error)
	Preview(ctx context.Context, guildID string) (recap.Recap, error)
}

var _ RecapService = (*recap.Scheduler)(nil)

// RecapConfig adjusts /recap. The zero value is what production uses.
type RecapConfig struct {
	// Now is the clock for "due now" in /recap status (nil: time.Now); tests
	// pass the scheduler's fake clock.
	Now func() time.Time
	// Location is the time zone shown in replies (nil: recap.Berlin, the
	// scheduler's default).
	Location *time.Location
}

// RecapDefinition is /recap with the subcommands subscribe (de: abonnieren),
// unsubscribe (abbestellen), status and preview (vorschau). It is visible by
// default to members with Manage Server only and not offered in DMs; the
// handler checks the permission again, because server admins can change
// who sees the command.
func RecapDefinition() *discordgo.ApplicationCommand {
	manageServer := int64(discordgo.PermissionManageGuild)
	return &discordgo.ApplicationCommand{
		Name:                     CmdRecap,
		NameLocalizations:        de("rückblick"),
		Description:              "Daily recap of an episode in a channel of this server",
		DescriptionLocalizations: de("Täglicher Recap einer Folge in einem Kanal dieses Servers"),
		DefaultMemberPermissions: &manageServer,
		Contexts:                 &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild},
		IntegrationTypes:         &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall},
		Options: []*discordgo.ApplicationCommandOption{
			{
				Type:                     discordgo.ApplicationCommandOptionSubCommand,
				Name:                     SubSubscribe,
				NameLocalizations:        deOpt("abonnieren"),
				Description:              "Post a recap into a channel every day (needs Manage Server)",
				DescriptionLocalizations: deOpt("Jeden Tag einen Recap in einen Kanal posten (braucht „Server verwalten“)"),
				Options: []*discordgo.ApplicationCommandOption{
					{
						Type:                     discordgo.ApplicationCommandOptionChannel,
						Name:                     OptChannel,
						NameLocalizations:        deOpt("kanal"),
						Description:              "Text channel for the daily recap",
						DescriptionLocalizations: deOpt("Textkanal für den täglichen Recap"),
						ChannelTypes:             []discordgo.ChannelType{discordgo.ChannelTypeGuildText},
						Required:                 true,
					},
					{
						Type:                     discordgo.ApplicationCommandOptionString,
						Name:                     OptTime,
						NameLocalizations:        deOpt("uhrzeit"),
						Description:              "Time of day, HH:MM, German time (default 08:00)",
						DescriptionLocalizations: deOpt("Uhrzeit, HH:MM, deutsche Zeit (Standard 08:00)"),
						MaxLength:                MaxTimeLength,
					},
				},
			},
			{
				Type:                     discordgo.ApplicationCommandOptionSubCommand,
				Name:                     SubUnsubscribe,
				NameLocalizations:        deOpt("abbestellen"),
				Description:              "Stop the daily recap (needs Manage Server)",
				DescriptionLocalizations: deOpt("Den täglichen Recap beenden (braucht „Server verwalten“)"),
			},
			{
				Type:                     discordgo.ApplicationCommandOptionSubCommand,
				Name:                     SubStatus,
				NameLocalizations:        deOpt("status"),
				Description:              "Channel, time, next and last recap, problems",
				DescriptionLocalizations: deOpt("Kanal, Uhrzeit, nächster und letzter Recap, Probleme"),
			},
			{
				Type:                     discordgo.ApplicationCommandOptionSubCommand,
				Name:                     SubPreview,
				NameLocalizations:        deOpt("vorschau"),
				Description:              "Show today's recap to you only",
				DescriptionLocalizations: deOpt("Zeigt den heutigen Recap nur dir"),
			},
		},
	}
}

// RegisterRecap adds /recap to rt, answered by s. All its replies are
// ephemeral: they concern the server's settings, not the conversation.
func RegisterRecap(rt *Router, s RecapService, cfg RecapConfig) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = recap.Berlin
	}
	h := &recapHandlers{s: s, cfg: cfg}
	rt.Add(Command{Definition: RecapDefinition(), Handler: HandlerFunc(h.serve), Ephemeral: true})
}

// German replies of /recap.
const (
	MsgRecapGuildOnly   = "Den täglichen Recap gibt es nur auf Servern, nicht in Direktnachrichten."
	MsgRecapNeedsManage = "Das dürfen nur Mitglieder mit der Berechtigung „Server verwalten“."
	MsgRecapNoEpisodes  = "Es sind keine Folgen geladen, daher gibt es keinen Recap."
)

type recapHandlers struct {
	s   RecapService
	cfg RecapConfig
}

func (h *recapHandlers) serve(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	if r.GuildID() == "" {
		r.SetOutcome(OutcomeInvalid)
		return nil, NewUserError(MsgRecapGuildOnly)
	}
	switch r.Subcommand {
	case SubSubscribe, SubUnsubscribe:
		// default_member_permissions only hides the command; admins can
		// open it to anyone, so the permission is checked here as well.
		if !r.HasPermissions(discordgo.PermissionManageGuild) {
			r.SetOutcome(OutcomeInvalid)
			return nil, NewUserError(MsgRecapNeedsManage)
		}
		if r.Subcommand == SubSubscribe {
			return h.subscribe(ctx, r)
		}
		return h.unsubscribe(ctx, r)
	case SubStatus:
		return h.status(ctx, r)
	case SubPreview:
		return h.preview(ctx, r)
	}
	r.SetOutcome(OutcomeInvalid)
	return nil, NewUserError(MsgUnknownCommand)
}

// sub is the subcommand's name in the user's language, e.g. "/rückblick
// abonnieren".
func sub(r *Request, en string) string {
	return "/" + localName(RecapDefinition(), en, r.German())
}

func (h *recapHandlers) subscribe(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	channel := r.String(OptChannel)
	if !snowflake.Valid(channel) {
		r.SetOutcome(OutcomeInvalid)
		return nil, NewUserError("Bitte einen Textkanal des Servers wählen.")
	}
	if t, ok := resolvedChannelType(r, channel); ok && t != discordgo.ChannelTypeGuildText {
		r.SetOutcome(OutcomeInvalid)
		return nil, NewUserError("<#%s> ist kein Textkanal. Bitte einen Textkanal wählen.", channel)
	}
	tod := recap.DefaultTime
	if s := r.String(OptTime); s != "" {
		var err error
		if tod, err = recap.ParseTimeOfDay(s); err != nil {
			r.SetOutcome(OutcomeInvalid)
			return nil, NewUserError("Die Uhrzeit „%s“ verstehe ich nicht. Bitte als HH:MM angeben, z. B. 08:00 oder 18:30.", Truncate(s, MaxTimeLength))
		}
	}
	if err := h.s.Subscribe(ctx, r.GuildID(), channel, tod); err != nil {
		if errors.Is(err, recap.ErrInvalidID) {
			r.SetOutcome(OutcomeInvalid)
			return nil, NewUserError("Bitte einen Textkanal des Servers wählen.")
		}
		return nil, err
	}
	msg := fmt.Sprintf("Abonniert: Der tägliche Recap erscheint ab jetzt in <#%s>, jeden Tag um %s Uhr (%s).",
		channel, tod, h.cfg.Location)
	// The first post time comes from the scheduler, which knows whether
	// today's time has passed; without it the reply is still right.
	if st, err := h.s.Status(ctx, r.GuildID()); err == nil && !st.NextPost.IsZero() {
		msg += " Der erste kommt " + h.when(st.NextPost) + "."
	}
	msg += " Der Bot braucht dort die Rechte „Nachrichten senden“ und „Links einbetten“, außerdem „Nachrichtenverlauf lesen“:" +
		" Damit sieht er nach einem Ausfall, ob der Recap des Tages schon da ist, und postet ihn nicht doppelt."
	return EphemeralMessage(msg), nil
}

func (h *recapHandlers) unsubscribe(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	st, err := h.s.Status(ctx, r.GuildID())
	if errors.Is(err, recap.ErrNotFound) {
		r.SetOutcome(OutcomeAbstained)
		return EphemeralMessage("Auf diesem Server ist kein täglicher Recap abonniert, es gibt nichts abzubestellen."), nil
	}
	if err != nil {
		return nil, err
	}
	if err := h.s.RemoveGuild(ctx, r.GuildID()); err != nil {
		return nil, err
	}
	return EphemeralMessage(fmt.Sprintf("Abbestellt: In <#%s> erscheint kein täglicher Recap mehr. Mit `%s` lässt er sich wieder einrichten.",
		st.ChannelID, sub(r, SubSubscribe))), nil
}

// Colours of the status embed.
const colorProblem = 0xC0392B

func (h *recapHandlers) status(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	st, err := h.s.Status(ctx, r.GuildID())
	if errors.Is(err, recap.ErrNotFound) {
		r.SetOutcome(OutcomeAbstained)
		return EphemeralMessage(fmt.Sprintf("Auf diesem Server ist kein täglicher Recap abonniert. Einrichten mit `%s` (braucht „Server verwalten“).",
			sub(r, SubSubscribe))), nil
	}
	if err != nil {
		return nil, err
	}
	return EphemeralEmbeds(h.statusEmbed(r, st)), nil
}

// statusEmbed renders a subscription: channel, time, next and last post,
// and a problem or the latest transient failure.
func (h *recapHandlers) statusEmbed(r *Request, st recap.Status) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "Täglicher Recap", Color: colorInfo}
	add := func(name, value string) {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: name, Value: value})
	}
	add("Kanal", "<#"+st.ChannelID+">")
	add("Uhrzeit", fmt.Sprintf("täglich um %s Uhr (%s)", st.Time, h.cfg.Location))

	switch {
	case st.Problem != "":
		e.Color = colorProblem
		e.Description = "⚠️ Der Recap ist angehalten."
		add("Nächster Recap", "keiner, bis das Problem behoben ist")
	case st.NextPost.IsZero():
		add("Nächster Recap", "nicht geplant")
	case st.Failures > 0:
		add("Nächster Versuch", h.when(st.NextPost))
	default:
		add("Nächster Recap", h.when(st.NextPost))
	}

	if p := st.LastSent; p.Sent() {
		title := p.Title
		if title == "" {
			title = p.EpisodeID
		}
		v := fmt.Sprintf("%s: %s", h.date(p.SentAt), title)
		if p.MessageID != "" && p.ChannelID != "" {
			v += fmt.Sprintf(" ([zur Nachricht](https://discord.com/channels/%s/%s/%s))", r.GuildID(), p.ChannelID, p.MessageID)
		}
		add("Letzter Recap", v)
	} else {
		add("Letzter Recap", "noch keiner")
	}

	if st.Problem != "" {
		add("Problem", st.Problem)
	} else if st.Failures > 0 {
		add("Letzter Fehler", fmt.Sprintf("%s (%d Fehlversuch(e) in Folge; der Bot versucht es automatisch weiter)",
			Truncate(st.LastError, 300), st.Failures))
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Zeiten in " + h.cfg.Location.String()}
	FitEmbed(e, 0)
	return e
}

func (h *recapHandlers) preview(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	rc, err := h.s.Preview(ctx, r.GuildID())
	if errors.Is(err, recap.ErrNoEpisodes) {
		r.SetOutcome(OutcomeAbstained)
		return nil, NewUserError(MsgRecapNoEpisodes)
	}
	if err != nil {
		return nil, err
	}
	resp := EphemeralEmbeds(RecapEmbed(rc))
	resp.Data.Content = "Vorschau auf den heutigen Recap – nur für dich sichtbar:"
	return resp, nil
}

// RecapEmbed is the daily post: episode title, summary, main characters
// and the source. The bot posts it; /recap preview shows the same. A post
// (rc.Date set) names its day first in the footer, "Dienstag, 4. März
// 2025 · Quelle: …"; IsRecapOf recognises it by that.
func RecapEmbed(rc recap.Recap) *discordgo.MessageEmbed {
	source := strings.TrimSpace(rc.Source)
	if source == "" {
		source = RecapSource
	}
	title := strings.TrimSpace(rc.Title)
	if title == "" {
		title = rc.EpisodeID
	}
	e := &discordgo.MessageEmbed{
		Author:      &discordgo.MessageEmbedAuthor{Name: "Recap des Tages"},
		Title:       title,
		Description: strings.TrimSpace(rc.Summary),
		Color:       colorAnswer,
		Footer:      &discordgo.MessageEmbedFooter{Text: recapDay(rc.Date) + "Quelle: " + source},
	}
	var names []string
	for _, c := range rc.Characters {
		if c = strings.TrimSpace(c); c != "" {
			names = append(names, c)
		}
	}
	if len(names) > 0 {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: "Hauptfiguren", Value: strings.Join(names, ", ")})
	}
	FitEmbed(e, 0)
	return e
}

// recapDay is the footer's start for a post of the local date (YYYY-MM-DD),
// "Dienstag, 4. März 2025 · "; empty for no or a malformed date. It comes
// first, so that FitEmbed, which cuts the footer from its end, keeps it.
func recapDay(date string) string {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return ""
	}
	return germanDate(d) + " · "
}

// IsRecapOf reports whether e is the embed RecapEmbed made for the post of
// the local date (YYYY-MM-DD). The bot recognises its own post of a day by
// it after a crash: Discord forgets a message's nonce within minutes, the
// footer stays.
func IsRecapOf(e *discordgo.MessageEmbed, date string) bool {
	day := recapDay(date)
	return day != "" && e != nil && e.Footer != nil && strings.HasPrefix(e.Footer.Text, day)
}

// when is a post time for replies: the German date in the configured time
// zone and a Discord timestamp that each client shows relative ("in 3
// Stunden"); "jetzt" when it is due.
func (h *recapHandlers) when(t time.Time) string {
	if !t.After(h.cfg.Now()) {
		return "jetzt (wird gerade gepostet)"
	}
	return fmt.Sprintf("%s (<t:%d:R>)", h.date(t), t.Unix())
}

func (h *recapHandlers) date(t time.Time) string { return GermanDateTime(t, h.cfg.Location) }

var (
	germanWeekdays = [...]string{"Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"}
	germanMonths   = [...]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"}
)

// GermanDateTime formats t in loc as "Mittwoch, 5. März 2025, 08:00 Uhr".
func GermanDateTime(t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return fmt.Sprintf("%s, %02d:%02d Uhr", germanDate(t), t.Hour(), t.Minute())
}

// germanDate formats t's date as "Mittwoch, 5. März 2025".
func germanDate(t time.Time) string {
	return fmt.Sprintf("%s, %d. %s %d", germanWeekdays[t.Weekday()], t.Day(), germanMonths[t.Month()-1], t.Year())
}

// resolvedChannelType is the type Discord resolved for a channel option,
// if the interaction carries it.
func resolvedChannelType(r *Request, id string) (discordgo.ChannelType, bool) {
	data, ok := commandData(r.Interaction)
	if !ok || data.Resolved == nil || data.Resolved.Channels == nil {
		return 0, false
	}
	c := data.Resolved.Channels[id]
	if c == nil {
		return 0, false
	}
	return c.Type, true
}
