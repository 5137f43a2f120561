package commands

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's documented limits, counted in characters (runes).
const (
	MaxContent          = 2000 // message content
	MaxEmbeds           = 10   // embeds per message
	MaxEmbedTitle       = 256
	MaxEmbedDescription = 4096
	MaxEmbedFields      = 25
	MaxFieldName        = 256
	MaxFieldValue       = 1024
	MaxFooterText       = 2048
	MaxAuthorName       = 256
	MaxEmbedTotal       = 6000 // title+description+field names/values+footer+author, per message
	MaxChoices          = 25   // autocomplete choices
	MaxChoiceName       = 100
	MaxChoiceValue      = 100
	MaxButtonLabel      = 80  // button label
	MaxSelectOptions    = 25  // options of a select menu
	MaxSelectLabel      = 100 // option label and description
	MaxSelectValue      = 100
)

// Ellipsis marks text cut by Truncate.
const Ellipsis = "…"

// Truncate shortens s to at most max runes, ending in "…" when it had to cut.
// It never splits a UTF-8 sequence and prefers to cut at a word boundary
// when one is close. Invalid UTF-8 is replaced by U+FFFD first, so the result
// is always valid UTF-8 (Discord rejects invalid JSON strings).
func Truncate(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if max <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	if max == 1 {
		return Ellipsis
	}
	// Keep max-1 runes and add the ellipsis.
	head := cutRunes(s, max-1)
	// Back off to a space if it costs at most 20 runes, so words stay whole.
	if sp := strings.LastIndexByte(head, ' '); sp > 0 && utf8.RuneCountInString(head[sp:]) <= 20 {
		head = head[:sp]
	}
	return strings.TrimRight(head, " \t\n,;:") + Ellipsis
}

// runes counts runes.
func runes(s string) int { return utf8.RuneCountInString(s) }

// embedLength is the size Discord counts against MaxEmbedTotal.
func embedLength(e *discordgo.MessageEmbed) int {
	if e == nil {
		return 0
	}
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		if f != nil {
			n += runes(f.Name) + runes(f.Value)
		}
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

// FitEmbed cuts an embed in place so that it satisfies every per-embed limit
// and its total length is at most total runes (MaxEmbedTotal when total <= 0).
// Fields beyond 25 are dropped, empty field names or values are replaced by
// an invisible placeholder (Discord rejects empty ones), and when the total
// is too large the description and then trailing fields are shortened.
func FitEmbed(e *discordgo.MessageEmbed, total int) {
	if e == nil {
		return
	}
	if total <= 0 || total > MaxEmbedTotal {
		total = MaxEmbedTotal
	}
	e.Title = Truncate(e.Title, MaxEmbedTitle)
	e.Description = Truncate(e.Description, MaxEmbedDescription)
	if e.Footer != nil {
		e.Footer.Text = Truncate(e.Footer.Text, MaxFooterText)
	}
	if e.Author != nil {
		e.Author.Name = Truncate(e.Author.Name, MaxAuthorName)
	}
	fields := e.Fields[:0]
	for _, f := range e.Fields {
		if f == nil {
			continue
		}
		f.Name = Truncate(strings.TrimSpace(f.Name), MaxFieldName)
		f.Value = Truncate(strings.TrimSpace(f.Value), MaxFieldValue)
		if f.Name == "" {
			f.Name = "\u200b"
		}
		if f.Value == "" {
			f.Value = "\u200b"
		}
		fields = append(fields, f)
	}
	if len(fields) > MaxEmbedFields {
		fields = fields[:MaxEmbedFields]
	}
	e.Fields = fields

	over := embedLength(e) - total
	if over <= 0 {
		return
	}
	// 1. Shorten the description, keeping at least 200 runes of it.
	if d := runes(e.Description); d > 200 {
		keep := max(200, d-over)
		e.Description = Truncate(e.Description, keep)
		over = embedLength(e) - total
	}
	// 2. Drop or shorten fields from the end.
	for over > 0 && len(e.Fields) > 0 {
		last := e.Fields[len(e.Fields)-1]
		if v := runes(last.Value); v-over >= 50 {
			last.Value = Truncate(last.Value, v-over)
		} else {
			e.Fields = e.Fields[:len(e.Fields)-1]
		}
		over = embedLength(e) - total
	}
	// 3. Last resort: description, footer, title.
	if over > 0 {
		e.Description = Truncate(e.Description, max(0, runes(e.Description)-over))
		over = embedLength(e) - total
	}
	if over > 0 && e.Footer != nil {
		e.Footer.Text = Truncate(e.Footer.Text, max(0, runes(e.Footer.Text)-over))
		over = embedLength(e) - total
	}
	if over > 0 {
		e.Title = Truncate(e.Title, max(0, runes(e.Title)-over))
	}
}

// FitResponse makes resp satisfy Discord's limits in place: message content,
// embed count and sizes (the 6000 total is shared by all embeds of a
// message), autocomplete choice count and lengths. It is applied by the
// Router to every response.
func FitResponse(resp *discordgo.InteractionResponse) {
	if resp == nil || resp.Data == nil {
		return
	}
	d := resp.Data
	d.Content = Truncate(d.Content, MaxContent)
	embeds := d.Embeds[:0]
	for _, e := range d.Embeds {
		if e != nil {
			embeds = append(embeds, e)
		}
	}
	if len(embeds) > MaxEmbeds {
		embeds = embeds[:MaxEmbeds]
	}
	d.Embeds = embeds
	budget := MaxEmbedTotal
	for i, e := range d.Embeds {
		// Give each remaining embed an equal share of what is left, but let
		// an embed use less than its share leave the rest to later ones.
		share := budget / (len(d.Embeds) - i)
		FitEmbed(e, max(share, 1))
		budget -= embedLength(e)
	}
	d.Choices = FitChoices(d.Choices)
}

// FitChoices returns at most MaxChoices choices with names and string values
// cut to 100 runes; choices whose name or value is empty are dropped, and
// duplicate values are removed (Discord rejects neither, but they are useless).
func FitChoices(in []*discordgo.ApplicationCommandOptionChoice) []*discordgo.ApplicationCommandOptionChoice {
	if in == nil {
		return nil
	}
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(in), MaxChoices))
	seen := map[string]bool{}
	for _, c := range in {
		if len(out) == MaxChoices {
			break
		}
		if c == nil {
			continue
		}
		c.Name = Truncate(strings.TrimSpace(c.Name), MaxChoiceName)
		if s, ok := c.Value.(string); ok {
			// A value is sent back verbatim, so cut without an ellipsis.
			s = cutRunes(strings.ToValidUTF8(s, "\uFFFD"), MaxChoiceValue)
			c.Value = s
			if s == "" || seen[s] {
				continue
			}
			seen[s] = true
		}
		if c.Name == "" {
			continue
		}
		out = append(out, c)
	}
	return out
}

// cutRunes returns the first n runes of s.
func cutRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

// CheckResponse reports every way resp breaks a Discord limit or is
// malformed for its type; nil means Discord would accept it. Tests and the
// fuzz target use it.
func CheckResponse(resp *discordgo.InteractionResponse) error {
	if resp == nil {
		return errors.New("nil response")
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	d := resp.Data
	switch resp.Type {
	case discordgo.InteractionResponsePong, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		discordgo.InteractionResponseDeferredMessageUpdate:
		return nil
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		if d == nil {
			return errors.New("autocomplete result without data")
		}
		if len(d.Choices) > MaxChoices {
			bad("%d choices > %d", len(d.Choices), MaxChoices)
		}
		for i, c := range d.Choices {
			if c == nil {
				bad("choice %d is nil", i)
				continue
			}
			if n := runes(c.Name); n < 1 || n > MaxChoiceName {
				bad("choice %d name has %d runes", i, n)
			}
			if s, ok := c.Value.(string); ok && (runes(s) > MaxChoiceValue || s == "") {
				bad("choice %d value has %d runes", i, runes(s))
			}
			if !utf8.ValidString(c.Name) {
				bad("choice %d name is not UTF-8", i)
			}
		}
		return errors.Join(errs...)
	case discordgo.InteractionResponseChannelMessageWithSource, discordgo.InteractionResponseUpdateMessage:
	default:
		return fmt.Errorf("unexpected response type %d", resp.Type)
	}
	if d == nil {
		return errors.New("message response without data")
	}
	if d.Content == "" && len(d.Embeds) == 0 {
		bad("message has neither content nor embeds")
	}
	if n := runes(d.Content); n > MaxContent {
		bad("content has %d runes", n)
	}
	if !utf8.ValidString(d.Content) {
		bad("content is not UTF-8")
	}
	if len(d.Embeds) > MaxEmbeds {
		bad("%d embeds", len(d.Embeds))
	}
	total := 0
	for i, e := range d.Embeds {
		if e == nil {
			bad("embed %d is nil", i)
			continue
		}
		total += embedLength(e)
		check := func(what, s string, limit int) {
			if n := runes(s); n > limit {
				bad("embed %d %s has %d runes > %d", i, what, n, limit)
			}
			if !utf8.ValidString(s) {
				bad("embed %d %s is not UTF-8", i, what)
			}
		}
		check("title", e.Title, MaxEmbedTitle)
		check("description", e.Description, MaxEmbedDescription)
		if e.Footer != nil {
			check("footer", e.Footer.Text, MaxFooterText)
		}
		if e.Author != nil {
			check("author", e.Author.Name, MaxAuthorName)
		}
		if len(e.Fields) > MaxEmbedFields {
			bad("embed %d has %d fields", i, len(e.Fields))
		}
		for j, f := range e.Fields {
			if f == nil {
				bad("embed %d field %d is nil", i, j)
				continue
			}
			if f.Name == "" || f.Value == "" {
				bad("embed %d field %d has an empty name or value", i, j)
			}
			check(fmt.Sprintf("field %d name", j), f.Name, MaxFieldName)
			check(fmt.Sprintf("field %d value", j), f.Value, MaxFieldValue)
		}
	}
	if total > MaxEmbedTotal {
		bad("embeds total %d runes > %d", total, MaxEmbedTotal)
	}
	return errors.Join(errs...)
}
