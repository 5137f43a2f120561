package commands

import (
	"context"
	"fmt"

	"github.com/bwmarrin/discordgo"
)

// Texts of /einstellungen.
const (
	MsgSettingsNeedManage = "Einstellungen dürfen nur Mitglieder mit der Berechtigung „Server verwalten“ ändern."
	MsgSettingsGuildOnly  = "Einstellungen gibt es nur auf Servern."
	MsgSpoilersOn         = "Spoiler: Enden von Folgen werden verborgen (||so||). Ändern mit `/einstellungen spoiler verbergen: False`."
	MsgSpoilersOff        = "Spoiler: Enden von Folgen werden offen gezeigt. Ändern mit `/einstellungen spoiler verbergen: True`."
)

func (h *handlers) settings(ctx context.Context, r *Request) (*discordgo.InteractionResponse, error) {
	if r.GuildID() == "" {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgSettingsGuildOnly), nil
	}
	if !r.HasPermissions(discordgo.PermissionManageGuild) {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgSettingsNeedManage), nil
	}
	if r.Subcommand != SubSpoiler {
		r.SetOutcome(OutcomeInvalid)
		return EphemeralMessage(MsgUnknownCommand), nil
	}
	hide, set := r.Bool(OptHide)
	if set {
		if err := h.prefs.SetSpoilers(ctx, r.GuildID(), hide); err != nil {
			return nil, fmt.Errorf("storing the spoiler setting: %w", err)
		}
	} else {
		var err error
		if hide, err = h.prefs.Spoilers(ctx, r.GuildID()); err != nil {
			return nil, fmt.Errorf("reading the spoiler setting: %w", err)
		}
	}
	if hide {
		return EphemeralMessage(MsgSpoilersOn), nil
	}
	return EphemeralMessage(MsgSpoilersOff), nil
}
