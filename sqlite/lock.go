package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// LockFileName is the lock file inside the data directory.
const LockFileName = "iafbot.lock"

// ErrDirInUse means another process holds the data directory's lock.
var ErrDirInUse = errors.New("DATA_DIR wird schon von einem anderen iafbot-Prozess benutzt")

// LockDir takes the exclusive lock of the data directory dir (creating
// dir if needed), so that a second process on the same SQLite file
// refuses to start instead of sharing it silently (two schedulers on one
// file, two bots on one token). The lock ends with unlock or the process;
// the file stays and is reused. created lists what LockDir created (the
// directory and/or the lock file), for a failed start to remove.
func LockDir(dir string) (unlock func(), created []string, err error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, nil, fmt.Errorf("DATA_DIR %s anlegen: %s", dir, osCause(err))
		}
		created = append(created, dir)
	}
	path := filepath.Join(dir, LockFileName)
	_, statErr := os.Stat(path)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, created, fmt.Errorf("DATA_DIR %s: Sperrdatei %s anlegen: %s", dir, LockFileName, osCause(err))
	}
	if errors.Is(statErr, fs.ErrNotExist) {
		created = append(created, path)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(path)
		f.Close()
		if errors.Is(err, errLocked) {
			pid := strings.TrimSpace(string(holder))
			if _, convErr := strconv.Atoi(pid); convErr == nil {
				return nil, created, fmt.Errorf("%w (PID %s, Sperrdatei %s)", ErrDirInUse, pid, path)
			}
			return nil, created, fmt.Errorf("%w (Sperrdatei %s)", ErrDirInUse, path)
		}
		return nil, created, fmt.Errorf("DATA_DIR %s: Sperrdatei sperren: %s", dir, osCause(err))
	}
	// The PID is only for the message above; the lock is what counts.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0) //nolint:errcheck // informative only
	}
	return func() { f.Close() }, created, nil
}

// osCause names the common OS errors in German, keeping the original.
func osCause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "keine Berechtigung (" + err.Error() + ")"
	case errors.Is(err, fs.ErrNotExist):
		return "existiert nicht (" + err.Error() + ")"
	}
	return err.Error()
}
