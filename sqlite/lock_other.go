//go:build !unix

package sqlite

import (
	"errors"
	"os"
)

var errLocked = errors.New("locked")

// lockFile: no advisory lock on this platform; SQLite's own locking still
// keeps the file consistent.
func lockFile(*os.File) error { return nil }
