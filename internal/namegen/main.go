// Command namegen builds the embedded first-name table of package
// iafbot/knowledge/firstnames from the name lists of the npm package
// gender-detection-from-name (MIT licence).
//
// Usage:
//
//	npm pack gender-detection-from-name && tar xzf gender-detection-from-name-*.tgz
//	go run ./internal/namegen -names package/names -out knowledge/firstnames/data/names.txt.gz
//
// The German list decides; a name it lacks takes the gender that at least
// two of the other languages' lists give it and none contradicts. A name listed as both male and female (in
// German, or across the other lists) is written as unisex.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// entry matches one pair of the lists: ['kathrin', 'female'].
var entry = regexp.MustCompile(`\['([^']+)',\s*'(male|female)'\]`)

// genders: bit 1 male, bit 2 female.
type genders map[string]uint8

func read(path string) (genders, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	g := genders{}
	for _, m := range entry.FindAllSubmatch(data, -1) {
		name := strings.ToLower(string(m[1]))
		if string(m[2]) == "male" {
			g[name] |= 1
		} else {
			g[name] |= 2
		}
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("%s: no names", path)
	}
	return g, nil
}

func main() {
	dir := flag.String("names", "package/names", "directory with the package's names/*.js")
	out := flag.String("out", "knowledge/firstnames/data/names.txt.gz", "output file")
	flag.Parse()
	german, err := read(filepath.Join(*dir, "de.js"))
	if err != nil {
		log.Fatal(err)
	}
	others := genders{}
	lists := map[string]int{} // in how many other languages' lists a name is
	for _, lang := range []string{"en", "fr", "es", "it", "tr"} {
		g, err := read(filepath.Join(*dir, lang+".js"))
		if err != nil {
			log.Fatal(err)
		}
		for name, bits := range g {
			others[name] |= bits
			lists[name]++
		}
	}
	all := genders{}
	for name, bits := range others {
		// One foreign list alone is weak evidence for German usage
		// (English "Merle" is male): at least two must agree.
		if lists[name] >= 2 {
			all[name] = bits
		}
	}
	for name, bits := range german {
		all[name] = bits // German usage decides
	}
	names := make([]string, 0, len(all))
	for name := range all {
		if !strings.ContainsAny(name, " \t\n") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var text bytes.Buffer
	for _, name := range names {
		g := "u"
		switch all[name] {
		case 1:
			g = "m"
		case 2:
			g = "f"
		}
		fmt.Fprintf(&text, "%s\t%s\n", name, g)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	w.Write(text.Bytes())
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, gz.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("%d names (%d German) → %s, %d bytes", len(names), len(german), *out, gz.Len())
}
