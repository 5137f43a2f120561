package knowledge

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strings"
	"unicode/utf8"
)

//go:embed synopses/*.txt
var embedded embed.FS

// Document is one synopsis file before parsing.
type Document struct {
	Name string // file name, e.g. "012_hochzeit.txt"
	Text []byte
}

// Default builds the knowledge base from the synopses embedded in the binary.
func Default() (*Base, error) {
	sub, err := fs.Sub(embedded, "synopses")
	if err != nil {
		return nil, err
	}
	return Load(sub)
}

// LoadDir builds the knowledge base from every *.txt file in dir.
func LoadDir(dir string) (*Base, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: %w", dir, unwrapPathError(err))
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("Synopsen-Verzeichnis %s: ist kein Verzeichnis", dir)
	}
	base, err := Load(os.DirFS(dir))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return base, nil
}

// Load builds the knowledge base from every *.txt file at the root of fsys.
func Load(fsys fs.FS) (*Base, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("Verzeichnis nicht lesbar: %w", unwrapPathError(err))
	}
	var docs []Document
	for _, e := range entries {
		if e.IsDir() || !strings.EqualFold(path.Ext(e.Name()), ".txt") {
			continue
		}
		data, err := fs.ReadFile(fsys, e.Name())
		if err != nil {
			return nil, fmt.Errorf("%s: nicht lesbar: %w", e.Name(), unwrapPathError(err))
		}
		docs = append(docs, Document{Name: e.Name(), Text: data})
	}
	if len(docs) == 0 {
		return nil, errors.New("keine *.txt-Dateien gefunden")
	}
	return Build(docs)
}

// Build parses the documents (sorted by name) into a knowledge base. An
// unusable document fails the whole build with an error naming its file:
// answers from a half-loaded corpus would be silently wrong.
func Build(docs []Document) (*Base, error) {
	if len(docs) == 0 {
		return nil, errors.New("keine Zusammenfassungen")
	}
	docs = append([]Document(nil), docs...)
	sort.Slice(docs, func(i, j int) bool { return docs[i].Name < docs[j].Name })
	seen := map[string]bool{}
	parsed := make([]*parsedDoc, 0, len(docs))
	for i, d := range docs {
		if err := checkText(d.Text); err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		p, err := parseDocument(d.Name, string(d.Text))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", d.Name, err)
		}
		if p.number == 0 {
			p.number = i + 1
		}
		if seen[p.id] {
			return nil, fmt.Errorf("%s: Episode %q gibt es doppelt", d.Name, p.id)
		}
		seen[p.id] = true
		parsed = append(parsed, p)
	}
	return newBase(parsed), nil
}

// checkText rejects what cannot be a synopsis before parsing starts.
func checkText(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return errors.New("Datei ist leer")
	}
	if bytes.IndexByte(b, 0) >= 0 {
		return errors.New("Binärdatei, kein Text")
	}
	if !utf8.Valid(b) {
		return errors.New("kein gültiges UTF-8 (bitte als UTF-8 speichern)")
	}
	return nil
}

// unwrapPathError drops the *fs.PathError wrapper whose path we already print.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
