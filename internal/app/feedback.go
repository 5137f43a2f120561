package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"iafbot/internal/corpus"
	"io"
	"os"
	"strings"

	"iafbot/feedback"
	"iafbot/internal/defaults"
)

const feedbackUsage = `Aufruf: iafbot feedback export [--out DATEI] [--synopses DIR]

Schreibt die 👍/👎-Bewertungen der Antworten als JSONL im Format der
Fragenbank (knowledge/testdata/qa/*/questions.jsonl): eine Zeile je Frage,
Antwort und Urteil, mit "feedback" ("up"/"down"), "answer", "engine" und
"votes". 👍 bringt die Antwort als "expect_any" mit; bei 👎 trägt ein Mensch
die richtige Antwort (oder "answerable": false) nach. Die Datenbank kommt
aus DATABASE_URL oder DATA_DIR (wie bei serve, auch aus .env).
`

// Feedback is `iafbot feedback export`.
func Feedback(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "export" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, feedbackUsage)
			return 0
		}
		fmt.Fprint(stderr, feedbackUsage)
		return 2
	}
	flags := flag.NewFlagSet("feedback export", flag.ContinueOnError)
	flags.SetOutput(io.Discard)
	out := flags.String("out", "", "")
	synopses := flags.String("synopses", "", "")
	if err := flags.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, feedbackUsage)
			return 0
		}
		fmt.Fprintf(stderr, "iafbot feedback: %v\n%s", err, feedbackUsage)
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "iafbot feedback: "+format+"\n", a...)
		return 1
	}
	if _, err := loadDotEnv(".env"); err != nil {
		return fail("%v", err)
	}
	get := func(k string) string { return strings.TrimSpace(os.Getenv(k)) }
	cfg := serveConfig{dataDir: get("DATA_DIR"), databaseURL: get("DATABASE_URL"), synopses: get("SYNOPSES_DIR")}
	defaults.Set(&cfg.dataDir, "./data")
	if *synopses != "" {
		cfg.synopses = *synopses
	}
	db, err := openRecapStore(ctx, cfg)
	if err != nil {
		return fail("Datenbank: %s", oneLine(err.Error()))
	}
	defer db.close() //nolint:errcheck // read only
	votes, err := db.prefs.Votes(ctx)
	if err != nil {
		return fail("Bewertungen lesen: %s", oneLine(err.Error()))
	}
	// The synopsis file names the question bank wants; an episode no longer
	// in the synopses keeps its ID.
	files := map[string]string{}
	if kb, err := LoadKnowledge(cfg.synopses, corpus.Limits{}); err == nil {
		for _, ep := range kb.Episodes() {
			files[ep.ID] = ep.File
		}
	}
	fileOf := func(id string) string {
		if f, ok := files[id]; ok {
			return f
		}
		return id + ".txt"
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return fail("%v", err)
		}
		defer f.Close()
		w = f
	}
	cases := feedback.Cases(votes, fileOf)
	if err := feedback.WriteJSONL(w, cases); err != nil {
		return fail("schreiben: %v", err)
	}
	fmt.Fprintf(stderr, "%d Bewertungen, %d Fragen exportiert\n", len(votes), len(cases))
	return 0
}
