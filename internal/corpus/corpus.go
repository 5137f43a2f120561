// Package corpus reads a synopses folder (SYNOPSES_DIR, --synopses) the
// way an operator can trust with any folder: only regular files named
// *.txt, nothing outside the folder, bounded in size, and a German error
// naming the file for anything else. knowledge.Build turns the documents
// into the knowledge base.
//
// Why: opening whatever is named *.txt lets a FIFO hang start-up forever
// and a link to /dev/zero exhaust memory; an oversized file costs many
// times its size in memory once indexed.
package corpus

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"iafbot/knowledge"
)

// Default limits (README: SYNOPSES_MAX_FILE_KB, SYNOPSES_MAX_TOTAL_MB). A
// synopsis is a few KB; the engine needs many times the text in memory.
const (
	DefaultMaxFileBytes  = 1 << 20  // 1 MiB per file
	DefaultMaxTotalBytes = 16 << 20 // 16 MiB per folder (about 0.6 GB once indexed)
)

// Limits bound what ReadDir reads; zero fields take the defaults.
type Limits struct {
	MaxFileBytes  int64
	MaxTotalBytes int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultMaxFileBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultMaxTotalBytes
	}
	return l
}

// ReadDir reads every *.txt directly in dir. A symbolic link is followed
// only when its target stays inside dir; FIFOs, devices, sockets and
// directories named *.txt are refused, as are files over the limits.
func ReadDir(dir string, lim Limits) ([]knowledge.Document, error) {
	lim = lim.withDefaults()
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: %s", dir, cause(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: ist kein Verzeichnis", dir)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: %s", dir, cause(err))
	}
	defer root.Close()
	entries, err := fs.ReadDir(root.FS(), ".")
	if err != nil {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: nicht lesbar: %s", dir, cause(err))
	}
	var docs []knowledge.Document
	var total int64
	for _, e := range entries {
		name := e.Name()
		if !strings.EqualFold(path.Ext(name), ".txt") {
			continue
		}
		text, err := readFile(root, name, lim.MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", path.Join(dir, name), err)
		}
		total += int64(len(text))
		if total > lim.MaxTotalBytes {
			return nil, fmt.Errorf("Synopsen-Verzeichnis %s: zusammen über %s (bei %s; Grenze mit SYNOPSES_MAX_TOTAL_MB anheben)",
				dir, size(lim.MaxTotalBytes), name)
		}
		docs = append(docs, knowledge.Document{Name: name, Text: text})
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: keine *.txt-Dateien gefunden", dir)
	}
	return docs, nil
}

// readFile reads one regular file of at most max bytes. It opens without
// blocking (a FIFO would wait for a writer forever) and checks the opened
// file, so swapping the file after a check changes nothing.
func readFile(root *os.Root, name string, max int64) ([]byte, error) {
	if fi, err := root.Lstat(name); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if _, err := root.Stat(name); err != nil {
			return nil, errors.New("symbolischer Link, der aus dem Verzeichnis hinaus (oder ins Leere) zeigt; nur Dateien im Verzeichnis werden gelesen")
		}
	}
	f, err := root.OpenFile(name, openFlags, 0)
	if err != nil {
		return nil, fmt.Errorf("nicht lesbar: %s", cause(err))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("nicht lesbar: %s", cause(err))
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("keine gewöhnliche Datei (%s); nur Textdateien werden gelesen", kind(fi.Mode()))
	}
	if fi.Size() > max {
		return nil, tooBig(fi.Size(), max)
	}
	// The file may grow while it is read: never read more than max+1.
	text, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("nicht lesbar: %s", cause(err))
	}
	if int64(len(text)) > max {
		return nil, tooBig(int64(len(text)), max)
	}
	return text, nil
}

func tooBig(n, max int64) error {
	return fmt.Errorf("%s groß, erlaubt sind %s je Datei (Grenze mit SYNOPSES_MAX_FILE_KB anheben)", size(n), size(max))
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "Verzeichnis"
	case m&fs.ModeNamedPipe != 0:
		return "FIFO"
	case m&fs.ModeSocket != 0:
		return "Socket"
	case m&fs.ModeDevice != 0:
		return "Gerätedatei"
	}
	return "Sonderdatei"
}

func size(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d Bytes", n)
}

// cause names an OS error in German where it is a common one.
func cause(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "existiert nicht"
	case errors.Is(err, fs.ErrPermission):
		return "keine Berechtigung (permission denied)"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
