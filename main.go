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
  iafbot feedback export [--out DATEI]               👍/👎 als Fragenbank-JSONL ausgeben
  iafbot help                                        diese Hilfe
`

type subcommand func(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	subcommands := map[string]subcommand{
		"ask":      app.Ask,
		"feedback": app.Feedback,
		"serve": func(ctx context.Context, args []string, _ io.Reader, _, stderr io.Writer) int {
			return app.Serve(ctx, args, stderr)
		},
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	cmd, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "iafbot: unbekannter Befehl %q (siehe „iafbot help“)\n", args[0])
		return 2
	}
	return cmd(ctx, args[1:], stdin, stdout, stderr)
}
