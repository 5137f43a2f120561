package app

// Conventions shared by the sub-commands: German flag errors, the exit
// codes of a signal, and the version.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"unicode"
)

// Exit codes (README, "Exit-Codes").
const (
	ExitOK    = 0
	ExitError = 1 // unusable corpus, configuration or start failure
	ExitUsage = 2 // bad flags or input
)

// Interrupted is the cause main gives the context when a signal arrives.
type Interrupted struct{ Signal os.Signal }

func (i Interrupted) Error() string { return "interrupted by " + i.Signal.String() }

// SignalExit is the conventional exit code after ctx was cancelled by a
// signal (128 + its number: 130 for SIGINT, 143 for SIGTERM), or ExitError
// if it was not.
func SignalExit(ctx context.Context) int {
	var in Interrupted
	if errors.As(context.Cause(ctx), &in) {
		if s, ok := in.Signal.(syscall.Signal); ok {
			return 128 + int(s)
		}
	}
	return ExitError
}

// flagError turns the flag package's English errors into German.
func flagError(err error) string {
	msg := err.Error()
	for _, t := range []struct{ en, de string }{
		{"flag provided but not defined: ", "unbekannte Option "},
		{"flag needs an argument: ", "Option braucht einen Wert: "},
		{"bad flag syntax: ", "ungültige Option: "},
	} {
		if rest, ok := strings.CutPrefix(msg, t.en); ok {
			return t.de + rest
		}
	}
	if strings.HasPrefix(msg, "invalid ") {
		// invalid value "x" for flag -y: ... / invalid boolean value ...
		if i := strings.Index(msg, " for "); i > 0 {
			value := strings.TrimPrefix(strings.TrimPrefix(msg[:i], "invalid boolean value "), "invalid value ")
			flagName, _, _ := strings.Cut(strings.TrimPrefix(msg[i+len(" for "):], "flag "), ":")
			return fmt.Sprintf("ungültiger Wert %s für Option %s", value, flagName)
		}
	}
	return msg
}

// Version prints the module version, the commit and the Go version the
// binary was built with. `go run` and test binaries have no commit.
func Version(w io.Writer) {
	version, commit, modified, goVersion := "(unbekannt)", "", false, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		version, goVersion = bi.Main.Version, bi.GoVersion
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	line := "iafbot " + version
	if commit != "" {
		line += " commit " + commit
		if modified {
			line += " (mit lokalen Änderungen)"
		}
	}
	if goVersion != "" {
		line += " " + goVersion
	}
	fmt.Fprintln(w, line)
}

// printable strips control characters (escape sequences, bells,
// carriage returns, bidi overrides) from text echoed to a terminal, so
// input cannot rewrite the screen; a tab becomes a space.
func printable(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case isControl(r):
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.Is(unicode.Bidi_Control, r)
}
