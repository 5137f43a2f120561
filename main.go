// Command iafbot answers questions about "In aller Freundschaft" from
// episode synopses: offline on the command line (ask) or as a Discord bot
// (serve). main only dispatches sub-commands; the application, both of its
// transports included, is package internal/app.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"iafbot/internal/app"
)

const usage = `iafbot beantwortet Fragen zu „In aller Freundschaft“ aus Episoden-Zusammenfassungen.

Aufruf:
  iafbot ask [--synopses DIR] [--json] [FRAGE ...]   Frage(n) offline beantworten
  iafbot serve [--synopses DIR] [--http ADDR]        Discord-Bot starten (Gateway oder HTTP)
  iafbot version                                     Version und Commit
  iafbot feedback export [--out DATEI]               👍/👎 als Fragenbank-JSONL ausgeben
  iafbot help                                        diese Hilfe

„iafbot BEFEHL --help“ erklärt einen Befehl. Exit-Codes: 0 ok, 1 Fehler
(Korpus, Konfiguration, Start), 2 Aufruffehler, 130/143 nach SIGINT/SIGTERM
(ask; serve endet dann geordnet mit 0).
`

type subcommand func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

func main() {
	// The first SIGINT/SIGTERM cancels ctx with the signal as its cause
	// (ask exits 128+signal, serve shuts down gracefully); later ones are
	// caught too, so a second Ctrl-C does not cut the shutdown short.
	ctx, cancel := context.WithCancelCause(context.Background())
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			cancel(app.Interrupted{Signal: s})
		}
	}()
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	subcommands := map[string]subcommand{
		"ask":      app.Ask,
		"feedback": app.Feedback,
		"serve": func(ctx context.Context, args []string, _ io.Reader, stdout, stderr io.Writer) int {
			return app.Serve(ctx, args, stdout, stderr)
		},
		"version": func(_ context.Context, _ []string, _ io.Reader, stdout, _ io.Writer) int {
			app.Version(stdout)
			return app.ExitOK
		},
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return app.ExitUsage
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return app.ExitOK
	case "--version", "-version", "-v":
		app.Version(stdout)
		return app.ExitOK
	}
	cmd, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "iafbot: unbekannter Befehl %q (siehe „iafbot help“)\n", args[0])
		return app.ExitUsage
	}
	return cmd(ctx, args[1:], stdin, stdout, stderr)
}
