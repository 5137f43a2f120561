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

type askOptions struct {
	synopses  string
	json      bool
	questions []string
}

// parseAskArgs accepts flags before, between or after the question words,
// like most command-line tools; "--" ends the flags.
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
				return opts, errors.New("Aufruf: iafbot ask [--synopses DIR] [--json] [FRAGE ...]")
			}
			return opts, err
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
// line of stdin, and returns the exit code.
func Ask(_ context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	opts, err := parseAskArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
		return 2
	}
	base, err := LoadKnowledge(opts.synopses)
	if err != nil {
		fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
		return 1
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
			return 1
		}
		return 0
	}
	in := bufio.NewScanner(stdin)
	in.Buffer(make([]byte, 64*1024), 1024*1024)
	for in.Scan() {
		q := strings.TrimSpace(in.Text())
		if q == "" {
			continue
		}
		if err := answer(q); err != nil {
			fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
			return 1
		}
		// Flush per answer so a tool reading line by line gets each at once.
		if err := out.Flush(); err != nil {
			fmt.Fprintf(stderr, "iafbot ask: %v\n", err)
			return 1
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintf(stderr, "iafbot ask: Eingabe: %v\n", err)
		return 1
	}
	return 0
}

// LoadKnowledge builds the knowledge base from the synopses in dir, or from
// the embedded ones when dir is "": the one place both sub-commands load it.
func LoadKnowledge(dir string) (*knowledge.Base, error) {
	if dir == "" {
		return knowledge.Default()
	}
	return knowledge.LoadDir(dir)
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

func writeTextAnswer(w io.Writer, a knowledge.Answer) {
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
