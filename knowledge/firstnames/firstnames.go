// Package firstnames tells the gender of a first name from an embedded
// list (data/names.txt.gz, made by internal/namegen from the npm package
// gender-detection-from-name, MIT licence; see NOTICE). German usage
// decides; names used for both sexes have no gender.
package firstnames

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"io"
	"sort"
	"strings"
	"sync"
)

//go:embed data/names.txt.gz
var compressed []byte

// table is the sorted list "name\tg\n" with the start of each line.
type table struct {
	text  string
	lines []uint32
}

var loaded = sync.OnceValue(func() *table {
	r, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		panic("firstnames: embedded data: " + err.Error()) // a broken build, not bad input
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		panic("firstnames: embedded data: " + err.Error())
	}
	t := &table{text: string(raw)}
	for i := 0; i < len(t.text); {
		t.lines = append(t.lines, uint32(i))
		end := strings.IndexByte(t.text[i:], '\n')
		if end < 0 {
			break
		}
		i += end + 1
	}
	return t
})

// lookup returns the gender letter of an exact lower-case name: 'm', 'f',
// 'u' (both) or 0 (not listed).
func (t *table) lookup(name string) byte {
	line := func(k int) (string, byte) {
		s := t.text[t.lines[k]:]
		tab := strings.IndexByte(s, '\t')
		return s[:tab], s[tab+1]
	}
	k := sort.Search(len(t.lines), func(k int) bool { n, _ := line(k); return n >= name })
	if k < len(t.lines) {
		if n, g := line(k); n == name {
			return g
		}
	}
	return 0
}

// Gender is 'm' or 'f' for a first name the list gives one sex, 0 for a
// name used for both or not listed. A double name takes the gender of its
// first part ("Hans-Peter").
func Gender(name string) byte {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return 0
	}
	t := loaded()
	g := t.lookup(name)
	if g == 0 {
		if first, _, ok := strings.Cut(name, "-"); ok {
			g = t.lookup(first)
		}
	}
	if g == 'u' {
		return 0
	}
	return g
}

// Listed: the list holds the name, or every part of a double name
// ("Marie-Sophie"), whatever its gender.
func Listed(name string) bool {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return false
	}
	t := loaded()
	for part := range strings.SplitSeq(name, "-") {
		if t.lookup(part) == 0 {
			return false
		}
	}
	return true
}

// Size is the number of names listed.
func Size() int { return len(loaded().lines) }
