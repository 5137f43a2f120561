package main

import (
	"context"
	"fmt"
	"io"
)

// runServe is replaced by the Discord transport change.
func runServe(_ context.Context, _ []string, _, stderr io.Writer) int {
	fmt.Fprintln(stderr, "iafbot serve: noch nicht verfügbar")
	return 1
}
