package commands

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

func TestTruncate(t *testing.T) {
	long := strings.Repeat("Wort ", 100)
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"short unchanged", "Katrin", 10, "Katrin"},
		{"exact length unchanged", "Katrin", 6, "Katrin"},
		{"cut ascii", "abcdefghij", 5, "abcd…"},
		{"cut umlauts by rune", "ÄÖÜäöüß", 4, "ÄÖÜ…"},
		{"emoji not split", "🙂🙂🙂🙂", 3, "🙂🙂…"},
		{"max one", "abc", 1, "…"},
		{"max zero", "abc", 0, ""},
		{"negative", "abc", -3, ""},
		{"invalid utf8 repaired", "ab\xffcd", 10, "ab\uFFFDcd"},
		{"word boundary", "Maja malt bunte Bilder", 15, "Maja malt…"},
		{"empty", "", 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Truncate(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); tt.max >= 0 && n > tt.max {
				t.Errorf("result has %d runes > %d", n, tt.max)
			}
			if !utf8.ValidString(got) {
				t.Errorf("result not valid UTF-8")
			}
		})
	}
	if got := Truncate(long, 100); utf8.RuneCountInString(got) > 100 || !strings.HasSuffix(got, "…") {
		t.Errorf("long: %q", got)
	}
}

func TestFitEmbed(t *testing.T) {
	many := func(n int, value string) []*discordgo.MessageEmbedField {
		var fs []*discordgo.MessageEmbedField
		for i := range n {
			fs = append(fs, &discordgo.MessageEmbedField{Name: fmt.Sprintf("Feld %d", i), Value: value})
		}
		return fs
	}
	tests := []struct {
		name  string
		embed *discordgo.MessageEmbed
		check func(t *testing.T, e *discordgo.MessageEmbed)
	}{
		{"title 256", &discordgo.MessageEmbed{Title: strings.Repeat("T", 300), Description: "x"},
			func(t *testing.T, e *discordgo.MessageEmbed) {
				if runes(e.Title) != MaxEmbedTitle {
					t.Errorf("title %d runes", runes(e.Title))
				}
			}},
		{"description 4096", &discordgo.MessageEmbed{Description: strings.Repeat("ä", 5000)},
			func(t *testing.T, e *discordgo.MessageEmbed) {
				if runes(e.Description) != MaxEmbedDescription {
					t.Errorf("description %d runes", runes(e.Description))
				}
			}},
		{"25 fields", &discordgo.MessageEmbed{Fields: many(30, "v")},
			func(t *testing.T, e *discordgo.MessageEmbed) {
				if len(e.Fields) != MaxEmbedFields {
					t.Errorf("%d fields", len(e.Fields))
				}
			}},
		{"field value 1024 and empty placeholders", &discordgo.MessageEmbed{Fields: []*discordgo.MessageEmbedField{
			{Name: "a", Value: strings.Repeat("v", 2000)}, {Name: "", Value: " "}, nil}},
			func(t *testing.T, e *discordgo.MessageEmbed) {
				if len(e.Fields) != 2 || runes(e.Fields[0].Value) != MaxFieldValue || e.Fields[1].Name == "" || e.Fields[1].Value == "" {
					t.Errorf("fields %+v", e.Fields)
				}
			}},
		{"total 6000", &discordgo.MessageEmbed{Title: strings.Repeat("T", 256), Description: strings.Repeat("D", 4096),
			Fields: many(10, strings.Repeat("F", 1000)), Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 2100)}},
			func(t *testing.T, e *discordgo.MessageEmbed) {
				if n := embedLength(e); n > MaxEmbedTotal {
					t.Errorf("total %d", n)
				}
				if runes(e.Title) != 256 {
					t.Errorf("title should survive, got %d runes", runes(e.Title))
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			FitEmbed(tt.embed, 0)
			tt.check(t, tt.embed)
			if err := CheckResponse(Embeds(tt.embed)); err != nil {
				t.Errorf("CheckResponse: %v", err)
			}
		})
	}
}

func TestFitResponseSharesTotalAcrossEmbeds(t *testing.T) {
	var embeds []*discordgo.MessageEmbed
	for range 12 {
		embeds = append(embeds, &discordgo.MessageEmbed{Title: "t", Description: strings.Repeat("d", 3000)})
	}
	resp := Embeds(embeds...)
	resp.Data.Content = strings.Repeat("c", 2500)
	FitResponse(resp)
	if err := CheckResponse(resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Data.Embeds) != MaxEmbeds {
		t.Errorf("%d embeds", len(resp.Data.Embeds))
	}
}

func TestFitChoices(t *testing.T) {
	var in []*discordgo.ApplicationCommandOptionChoice
	for i := range 40 {
		in = append(in, &discordgo.ApplicationCommandOptionChoice{Name: fmt.Sprintf("%d %s", i, strings.Repeat("ö", 150)), Value: fmt.Sprintf("%d%s", i, strings.Repeat("v", 150))})
	}
	in = append([]*discordgo.ApplicationCommandOptionChoice{nil, {Name: "", Value: "x"}, {Name: "dup", Value: "0" + strings.Repeat("v", 150)}}, in...)
	out := FitChoices(in)
	if len(out) != MaxChoices {
		t.Fatalf("%d choices", len(out))
	}
	if out[0].Name != "dup" {
		t.Errorf("first = %q", out[0].Name)
	}
	if err := CheckResponse(Choices(out)); err != nil {
		t.Fatal(err)
	}
}

func TestCheckResponseFindsViolations(t *testing.T) {
	tests := []struct {
		name string
		resp *discordgo.InteractionResponse
	}{
		{"nil", nil},
		{"no data", &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource}},
		{"empty message", Message("")},
		{"content too long", Message(strings.Repeat("x", 2001))},
		{"title too long", Embeds(&discordgo.MessageEmbed{Title: strings.Repeat("x", 257)})},
		{"empty field", Embeds(&discordgo.MessageEmbed{Fields: []*discordgo.MessageEmbedField{{Name: "a"}}})},
		{"too many choices", Choices(make([]*discordgo.ApplicationCommandOptionChoice, 26))},
		{"long choice", Choices([]*discordgo.ApplicationCommandOptionChoice{{Name: strings.Repeat("x", 101), Value: "v"}})},
		{"bad type", &discordgo.InteractionResponse{Type: 42}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if CheckResponse(tt.resp) == nil {
				t.Error("no error")
			}
		})
	}
}
