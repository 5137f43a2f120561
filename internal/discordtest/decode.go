package discordtest

import (
	"encoding/json"

	"github.com/bwmarrin/discordgo"
)

// DecodeResponse decodes an interaction response body (a callback or an
// HTTP-mode answer). discordgo cannot decode the components of
// InteractionResponseData by itself (they are an interface), so they are
// decoded one by one here.
func DecodeResponse(b []byte) (*discordgo.InteractionResponse, error) {
	var raw struct {
		Type discordgo.InteractionResponseType `json:"type"`
		Data *json.RawMessage                  `json:"data"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, err
	}
	resp := &discordgo.InteractionResponse{Type: raw.Type}
	if raw.Data == nil {
		return resp, nil
	}
	type plain discordgo.InteractionResponseData
	var data struct {
		plain
		Components []json.RawMessage `json:"components"`
	}
	if err := json.Unmarshal(*raw.Data, &data); err != nil {
		return nil, err
	}
	d := discordgo.InteractionResponseData(data.plain)
	d.Components = nil
	for _, c := range data.Components {
		mc, err := discordgo.MessageComponentFromJSON(c)
		if err != nil {
			return nil, err
		}
		d.Components = append(d.Components, mc)
	}
	resp.Data = &d
	return resp, nil
}
