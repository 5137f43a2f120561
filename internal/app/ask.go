package app

// The offline sub-command: `iafbot ask`.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"iafbot/internal/corpus"
	"iafbot/knowledge"
)

// AskResult is one line of `ask --json`; its field names are a contract
// other tools rely on.
type AskResult struct {
	Question  string  `json:"question"`
	Answered  bool    `json:"answered"`
	Answer    string  `json:"answer"`
	Episode   string  `json:"episode"`
	EpisodeID string  `json:"episode_id"`
	Score     float64 `json:"score"`
	// Probability is the engine's calibrated chance that the answer is
	// right; it answers at or above its threshold.
	Probability float64  `json:"probability"`
	Reason      string   `json:"reason,omitempty"`
	Suggestions []string `json:"suggestions,omitempty"`
}

const askUsage = `Aufruf: iafbot ask [--synopses DIR] [--json] [FRAGE ...]

Beantwortet FRAGE oder, ohne FRAGE, jede Zeile von stdin (Leerzeilen
werden übersprungen, Zeilen über 4096 Bytes mit einer Meldung auf stderr
und Exit-Code 2). --json schreibt ein JSON-Objekt pro Frage; --synopses
DIR (oder SYNOPSES_DIR) lädt die *.txt in DIR statt der eingebetteten
Zusammenfassungen. SIGINT/SIGTERM beenden mit 130/143.
`

// MaxQuestionBytes bounds a question read from stdin: Discord allows 300
// characters, so a longer line is not a question; it is skipped without
// being held in memory.
const MaxQuestionBytes = 4096

type askOptions struct {
	synopses  string
	limits    corpus.Limits
	json      bool
	questions []string
}

// parseAskArgs accepts flags before, between or after the question words,
// like most command-line tools; "--" ends the flags. -h/--help gives
// flag.ErrHelp.
func parseAskArgs(args []string) (askOptions, error) {
	opts := askOptions{synopses: os.Getenv("SYNOPSES_DIR")}
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&opts.synopses, "synopses", opts.synopses, "")
	fs.BoolVar(&opts.json, "json", false, "")
	var words []string
	for len(args) > 0 {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return opts, err
			}
			return opts, errors.New(flagError(err))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" && len(args) > len(rest) && args[len(args)-len(rest)] == "--" {
			words = append(words, rest[1:]...)
			break
		}
		words = append(words, rest[0])
		args = rest[1:]
	}
	lim, err := corpusLimits(os.LookupEnv)
	if err != nil {
		return opts, err
	}
	opts.limits = lim
	if len(words) > 0 {
		q := strings.TrimSpace(strings.Join(words, " "))
		if q == "" {
			return opts, errors.New("leere Frage")
		}
		opts.questions = []string{q}
	}
	return opts, nil
}

// Ask is `iafbot ask`: it answers the question given as arguments, or each
// line of stdin, and returns the exit code. When ctx ends (main cancels it
// on SIGINT and SIGTERM) it stops, also while waiting for input, and
// returns 130 or 143.
func Ask(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseAskArgs(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, askUsage)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "iafbot ask: %v (siehe „iafbot ask --help“)\n", err)
		return ExitUsage
	}
	base, err := loadUntil(ctx, opts.synopses, opts.limits)
	if ctx.Err() != nil {
		return SignalExit(ctx)
	}
	if err != nil {
		fmt.Fprintf(stderr, "iafbot ask: %s\n", oneLine(err.Error()))
		return ExitError
	}
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	answer := func(q string) error {
		a := base.Ask(q)
		if opts.json {
			return writeJSONAnswer(out, a)
		}
		writeTextAnswer(out, a)
		return nil
	}
	if opts.questions != nil {
		if err := answer(opts.questions[0]); err != nil {
			fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	code := ExitOK
	lines := readQuestions(ctx, stdin, MaxQuestionBytes)
	for {
		var l questionLine
		var more bool
		select {
		case <-ctx.Done():
			return SignalExit(ctx)
		case l, more = <-lines:
		}
		switch {
		case !more:
			return code
		case l.err != nil:
			fmt.Fprintf(stderr, "iafbot ask: Eingabe: %v\n", l.err)
			return ExitError
		case l.tooLong:
			fmt.Fprintf(stderr, "iafbot ask: Zeile %d ist länger als %d Bytes und keine Frage; übersprungen\n", l.n, MaxQuestionBytes)
			code = ExitUsage
			continue
		}
		q := strings.TrimSpace(l.text)
		if q == "" {
			continue
		}
		if err := answer(q); err != nil {
			fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
			return ExitError
		}
		// Flush per answer so a tool reading line by line gets each at once.
		if err := out.Flush(); err != nil {
			fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
			return ExitError
		}
		if ctx.Err() != nil {
			return SignalExit(ctx)
		}
	}
}

// loadUntil builds the knowledge base, or gives up waiting when ctx ends
// (the build cannot be interrupted; the process is about to exit).
func loadUntil(ctx context.Context, dir string, lim corpus.Limits) (*knowledge.Base, error) {
	type result struct {
		kb  *knowledge.Base
		err error
	}
	done := make(chan result, 1)
	go func() {
		kb, err := LoadKnowledge(dir, lim)
		done <- result{kb, err}
	}()
	select {
	case r := <-done:
		return r.kb, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// questionLine is one line of stdin: its text, or that it was too long
// (its bytes were skipped, not kept), or a read error.
type questionLine struct {
	n       int // line number, from 1
	text    string
	tooLong bool
	err     error
}

// readQuestions reads r line by line in a goroutine, so the caller can
// stop waiting when ctx ends (a read from a terminal or pipe cannot be
// interrupted). Lines longer than limit are reported, not buffered.
func readQuestions(ctx context.Context, r io.Reader, limit int) <-chan questionLine {
	ch := make(chan questionLine)
	go func() {
		defer close(ch)
		br := bufio.NewReaderSize(r, limit+2) // room for "\r\n"
		for n := 1; ; n++ {
			l := questionLine{n: n}
			line, err := br.ReadSlice('\n')
			if errors.Is(err, bufio.ErrBufferFull) {
				l.tooLong = true
				for errors.Is(err, bufio.ErrBufferFull) {
					_, err = br.ReadSlice('\n')
				}
			} else {
				l.text = string(line)
			}
			if err != nil && !errors.Is(err, io.EOF) {
				l = questionLine{n: n, err: err}
			}
			if l.tooLong || l.err != nil || len(line) > 0 {
				select {
				case ch <- l:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

// LoadKnowledge builds the knowledge base from the synopses in dir (read
// safely within lim, see package corpus), or from the embedded ones when
// dir is "": the one place both sub-commands load it.
func LoadKnowledge(dir string, lim corpus.Limits) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Default()
	}
	docs, err := corpus.ReadDir(dir, lim)
	if err != nil {
		return nil, err
	}
	kb, err := knowledge.Build(docs)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return kb, nil
}

// corpusLimits reads SYNOPSES_MAX_FILE_KB and SYNOPSES_MAX_TOTAL_MB.
func corpusLimits(lookup func(string) (string, bool)) (corpus.Limits, error) {
	get := func(k string) string {
		v, _ := lookup(k)
		return strings.TrimSpace(v)
	}
	var lim corpus.Limits
	kb, err := envPositive(get, "SYNOPSES_MAX_FILE_KB")
	if err != nil {
		return lim, err
	}
	mb, err := envPositive(get, "SYNOPSES_MAX_TOTAL_MB")
	if err != nil {
		return lim, err
	}
	lim.MaxFileBytes, lim.MaxTotalBytes = int64(kb)<<10, int64(mb)<<20
	return lim, nil
}

func writeJSONAnswer(w io.Writer, a knowledge.Answer) error {
	line, err := json.Marshal(AskResult{
		Question:    a.Question,
		Answered:    a.Answered,
		Answer:      a.Text,
		Episode:     a.EpisodeTitle,
		EpisodeID:   a.EpisodeID,
		Score:       a.Score,
		Probability: a.Probability,
		Reason:      a.Reason,
		Suggestions: a.Suggestions,
	})
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", line)
	return err
}

// writeTextAnswer prints for people: nothing from the question or the
// corpus reaches the terminal as a control character.
func writeTextAnswer(w io.Writer, a knowledge.Answer) {
	a.Question, a.Text, a.EpisodeTitle, a.EpisodeID = printable(a.Question), printable(a.Text), printable(a.EpisodeTitle), printable(a.EpisodeID)
	for i, sg := range a.Suggestions {
		a.Suggestions[i] = printable(sg)
	}
	fmt.Fprintf(w, "Frage: %s\n", a.Question)
	if !a.Answered {
		fmt.Fprintf(w, "Antwort: %s\n", knowledge.NotInSynopses)
		if len(a.Suggestions) > 0 {
			fmt.Fprintf(w, "Meintest du: %s?\n", strings.Join(a.Suggestions, ", "))
		}
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "Antwort: %s\n", a.Text)
	fmt.Fprintf(w, "Quelle: „%s“ (%s), Wahrscheinlichkeit %.0f %%\n\n", a.EpisodeTitle, a.EpisodeID, 100*a.Probability)
}
