// Package migrate reads numbered SQL migrations embedded in a binary. The
// stores (sqlite, postgres) apply them in their own dialect and locking;
// reading and checking the files is the same for both.
package migrate

import (
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one file NNNN_description.sql.
type Migration struct {
	Version int
	Name    string // file name, e.g. "0002_failures.sql"
	SQL     string
}

// Load reads the files matching pattern (e.g. "migrations/*.sql") from
// fsys. They must be numbered 1, 2, 3, … without gaps or duplicates.
func Load(fsys fs.FS, pattern string) ([]Migration, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, name := range names {
		base := path.Base(name)
		prefix, _, _ := strings.Cut(base, "_")
		v, err := strconv.Atoi(prefix)
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migration %s: expected version %d", m.Name, i+1)
		}
	}
	return ms, nil
}
