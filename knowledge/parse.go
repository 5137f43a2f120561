package knowledge

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// parsedDoc is one synopsis after front matter and sentence splitting.
type parsedDoc struct {
	id, file   string
	number     int
	numbered   bool   // number read from the front matter
	title      string // from front matter or a quoted title; may be empty
	aired      string
	paragraphs [][]string // sentences per paragraph
}

// parseDocument reads the optional front matter and splits the text into
// paragraphs and sentences.
func parseDocument(name, text string) (*parsedDoc, error) {
	text = strings.TrimPrefix(text, "\ufeff")
	text = strings.ReplaceAll(text, "\r\n", "\n")
	d := &parsedDoc{id: strings.TrimSuffix(name, path.Ext(name)), file: name}
	body, err := d.readFrontMatter(text)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(body, "\n")
	for i, para := range lines {
		if d.readHeading(para, i, lines) {
			continue
		}
		if sentences := splitSentences(para); len(sentences) > 0 {
			d.paragraphs = append(d.paragraphs, sentences)
		}
	}
	if len(d.paragraphs) == 0 {
		return nil, fmt.Errorf("kein Text nach dem Kopfbereich")
	}
	if d.title == "" {
		d.title = quotedTitle(body)
	}
	return d, nil
}

// readFrontMatter parses an optional block of "key: value" lines between two
// "---" lines at the very start and returns the rest of the text.
func (d *parsedDoc) readFrontMatter(text string) (string, error) {
	trimmed := strings.TrimLeft(text, " \t\n")
	if !strings.HasPrefix(trimmed, "---") {
		return text, nil
	}
	lines := strings.Split(trimmed, "\n")
	if strings.TrimSpace(lines[0]) != "---" {
		return text, nil
	}
	end := -1
	for i := 1; i < len(lines) && end < 0; i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
		}
	}
	if end < 0 {
		return "", fmt.Errorf("Kopfbereich ohne abschließendes \"---\"")
	}
	for i := 1; i < end; i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			return "", fmt.Errorf("Kopfbereich Zeile %d: erwartet \"schlüssel: wert\", gefunden %q", i+1, line)
		}
		value = strings.Trim(strings.TrimSpace(value), `"'`)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "title", "titel":
			d.title = value
		case "episode", "folge", "nummer", "number", "nr":
			n, err := strconv.Atoi(value)
			if err != nil || n <= 0 {
				return "", fmt.Errorf("Kopfbereich Zeile %d: Folgennummer %q ist keine positive Zahl", i+1, value)
			}
			d.number, d.numbered = n, true
		case "aired", "air_date", "airdate", "date", "datum", "ausgestrahlt", "erstausstrahlung":
			if !validDate(value) {
				return "", fmt.Errorf("Kopfbereich Zeile %d: Datum %q nicht lesbar (erwartet JJJJ-MM-TT oder TT.MM.JJJJ)", i+1, value)
			}
			d.aired = value
		default:
			// Unknown keys are kept out of the model but are not an error:
			// synopsis files may carry metadata for other tools.
		}
	}
	return strings.Join(lines[end+1:], "\n"), nil
}

// readHeading takes a leading line without sentence punctuation ("Folge
// 12: Der lange Weg", "# Nachtdienst", "Staffel 3, Folge 7 – Bis zuletzt")
// as the episode's heading rather than as the start of the first sentence:
// it gives the title and the number when the front matter did not. Only
// lines before the first sentence count; later short lines are text.
func (d *parsedDoc) readHeading(line string, i int, lines []string) bool {
	if len(d.paragraphs) > 0 {
		return false
	}
	text := strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), "#*= "))
	text = strings.TrimSpace(strings.TrimRight(text, "*= "))
	if text == "" || !hasLetter(text) || len(strings.Fields(text)) > 12 || strings.ContainsAny(text[len(text)-1:], ".!?…,;") {
		return false
	}
	rest := false
	for _, next := range lines[i+1:] {
		if strings.TrimSpace(next) != "" {
			rest = true
			break
		}
	}
	if !rest {
		return false
	}
	title, number := splitHeading(text)
	if number > 0 && !d.numbered {
		d.number, d.numbered = number, true
	}
	if d.title == "" && title != "" {
		d.title = strings.Trim(title, "„“”\"»«")
	}
	return true
}

// splitHeading separates "Folge 12: Der lange Weg" into the title and the
// episode number; a heading without "Folge"/"Episode" and a number is all
// title.
func splitHeading(text string) (title string, number int) {
	words := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' })
	for i := 0; i+1 < len(words); i++ {
		w := strings.ToLower(strings.Trim(words[i], ":,–-()"))
		if w != "folge" && w != "episode" && w != "nr" {
			continue
		}
		n, err := strconv.Atoi(strings.Trim(words[i+1], ":,–-().#"))
		if err != nil || n <= 0 {
			continue
		}
		rest := strings.Join(words[i+2:], " ")
		rest = strings.TrimSpace(strings.TrimLeft(rest, ":–-—|) "))
		return rest, n
	}
	return text, 0
}

func validDate(s string) bool {
	for _, layout := range []string{"2006-01-02", "02.01.2006", "2.1.2006"} {
		if _, err := time.Parse(layout, s); err == nil {
			return true
		}
	}
	return false
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"dr": true, "prof": true, "hr": true, "fr": true, "st": true, "nr": true,
	"bzw": true, "ca": true, "usw": true, "etc": true, "ggf": true, "vgl": true,
	"z": true, "b": true, "u": true, "a": true, "d": true, "h": true, "o": true,
	"med": true, "dipl": true, "ing": true, "sen": true, "jun": true, "str": true,
	"evtl": true, "inkl": true, "bspw": true, "sog": true, "max": true, "min": true,
}

// splitSentences splits a paragraph at ., ! and ? (and …) followed by a
// capital letter, a digit or a quote, with or without a space between:
// synopses sometimes glue sentences together ("Lebens.Während").
func splitSentences(para string) []string {
	var out []string
	start := 0
	for i, r := range para {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := i + utf8.RuneLen(r)
		// Swallow closing quotes and further punctuation ("?!", „…“).
		for end < len(para) {
			next, size := utf8.DecodeRuneInString(para[end:])
			if !strings.ContainsRune(`.!?“”"»«’')`, next) {
				break
			}
			end += size
		}
		if !sentenceEndsAt(para, i, end) {
			continue
		}
		if s := strings.TrimSpace(para[start:end]); hasLetter(s) {
			out = append(out, s)
		}
		start = end
	}
	if s := strings.TrimSpace(para[start:]); s != "" && hasLetter(s) {
		out = append(out, s)
	}
	return out
}

func sentenceEndsAt(para string, dot, end int) bool {
	rest := strings.TrimLeft(para[end:], " \t")
	if rest == "" {
		return true
	}
	next, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(next) && !unicode.IsDigit(next) && !strings.ContainsRune(`„"»«`, next) {
		return false
	}
	if para[dot] != '.' {
		return true
	}
	word := lastWord(para[:dot])
	if abbreviations[strings.ToLower(word)] {
		return false
	}
	// "3. Staffel": a short number before the period is an ordinal.
	if word != "" && len(word) <= 2 && strings.IndexFunc(word, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
		return false
	}
	return true
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return s[i+1:]
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// quotedTitle finds a title the text names in quotes, such as
// „Klinikserie: Nachtschicht im Sturm“ → "Nachtschicht im Sturm": a short,
// capitalised quoted phrase without sentence punctuation (direct speech has
// some). After a colon only the subtitle is kept; before it is the series.
func quotedTitle(text string) string {
	pairs := [][2]string{{"„", "“"}, {"„", "”"}, {"»", "«"}, {"«", "»"}, {"“", "”"}, {`"`, `"`}}
	best := ""
	for _, p := range pairs {
		rest := text
		for {
			i := strings.Index(rest, p[0])
			if i < 0 {
				break
			}
			rest = rest[i+len(p[0]):]
			j := strings.Index(rest, p[1])
			if j < 0 {
				break
			}
			candidate := strings.TrimSpace(rest[:j])
			rest = rest[j+len(p[1]):]
			if isTitleLike(candidate) && (best == "" || strings.Contains(candidate, ":") && !strings.Contains(best, ":")) {
				best = candidate
			}
		}
	}
	if i := strings.LastIndex(best, ":"); i >= 0 && strings.TrimSpace(best[i+1:]) != "" {
		best = strings.TrimSpace(best[i+1:])
	}
	return best
}

func isTitleLike(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 10 || strings.ContainsAny(s, ".!?,;\n") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}
