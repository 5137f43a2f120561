package lexicon

import (
	"embed"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

//go:embed data/*.bin.gz
var dataFS embed.FS

// POS is a bit set of parts of speech.
type POS uint8

// Parts of speech.
const (
	Noun POS = 1 << iota
	Verb
	Adjective
	Participle
	Other
)

// Analysis is one reading of a word form.
type Analysis struct {
	Lemma  string // lower-case
	POS    POS
	Gender byte // 'm', 'f', 'n' or 0
	Plural bool
}

// Related is a thesaurus neighbour of a lemma.
type Related struct {
	Word     string
	Strength float32 // in (0,1]
	Broader  bool    // an OpenThesaurus "Oberbegriff"
}

// Class is a bit set of coarse semantic classes.
type Class uint16

// Semantic classes (see the package documentation for their roots).
const (
	Illness Class = 1 << iota
	Injury
	Symptom
	Job
	Place
	Time
	Kinship
	Person
	Currency
)

// word info flags, must match internal/lexgen.
const (
	infNoun      = 1 << 0
	infVerb      = 1 << 1
	infAdj       = 1 << 2
	infSepVerb   = 1 << 3
	infThesNoun  = 1 << 4
	infThesOther = 1 << 5
	infTechnical = 1 << 6
)

// Lexicon answers lookups from the embedded tables. It is immutable and safe
// for concurrent use.
type Lexicon struct {
	forms   fcTable
	entries []byte
	words   fcTable
	info    []byte // 4 bytes per word: flags, gender, classes (u16)
	memOff  []byte // u32 × (nsyn+1)
	mem     []byte // u32: word id << 1 | broader
	synOff  []byte // u32 × (nwords+1)
	syn     []byte // u32 synset ids
}

var (
	defaultOnce sync.Once
	defaultLex  *Lexicon
)

// Default returns the lexicon built from the embedded tables; they are
// decompressed once on first use.
func Default() *Lexicon {
	defaultOnce.Do(func() { defaultLex = load() })
	return defaultLex
}

func mustRead(name string) []byte {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		panic("lexicon: " + err.Error())
	}
	return gunzip(b)
}

func load() *Lexicon {
	l := &Lexicon{
		forms:   newFC(mustRead("forms.bin.gz"), true),
		entries: mustRead("entries.bin.gz"),
		words:   newFC(mustRead("words.bin.gz"), false),
		info:    mustRead("info.bin.gz"),
	}
	s := mustRead("synsets.bin.gz")
	n := int(u32(s, 0))
	s = s[4:]
	l.memOff = s[:4*n]
	s = s[4*n:]
	m := int(u32(l.memOff, n-1))
	l.mem = s[:4*m]
	s = s[4*m:]
	n = int(u32(s, 0))
	s = s[4:]
	l.synOff = s[:4*n]
	s = s[4*n:]
	l.syn = s[:4*int(u32(l.synOff, n-1))]
	return l
}

// raw is an undecoded analysis: lemma word id and flag byte.
type raw struct {
	id   uint32
	flag byte
}

func (r raw) pos() POS { return POS(1) << (r.flag & 7) }

func (r raw) analysis(l *Lexicon) Analysis {
	a := Analysis{Lemma: l.words.key(int(r.id)), POS: r.pos(), Plural: r.flag&(1<<5) != 0}
	a.Gender = genderByte[(r.flag>>3)&3]
	return a
}

var genderByte = [4]byte{0, 'm', 'f', 'n'}

func norm(w string) string { return strings.ToLower(strings.TrimSpace(w)) }

// lookup appends the stored analyses of the (normalised) form w.
func (l *Lexicon) lookup(w string, dst []raw) []raw {
	if w == "" {
		return dst
	}
	_, off, ok := l.forms.find(w)
	reformed := false
	if !ok {
		if off, ok = l.findReformed(w); !ok {
			return dst
		}
		reformed = true
	}
	p := int(off)
	n, k := uvarint(l.entries[p:])
	p += k
	for i := 0; i < int(n); i++ {
		id, k := uvarint(l.entries[p:])
		p += k
		r := raw{uint32(id), l.entries[p]}
		p++
		// The nouns are stored in the reformed spelling already; an old
		// one matched here would be a name ("Weiss" is no "Weiß").
		if !reformed || r.pos() != Noun {
			dst = append(dst, r)
		}
	}
	return dst
}

// findReformed finds a form in the spelling before the 1996 reform, which
// Morphy's verbs and adjectives keep: "lässt" is stored as "läßt", "müsste" as "müßte".
// The reform wrote ß as ss after a short vowel, so each ss is tried as ß.
func (l *Lexicon) findReformed(w string) (uint32, bool) {
	for i := strings.LastIndex(w, "ss"); i >= 0; i = strings.LastIndex(w[:i], "ss") {
		if _, off, ok := l.forms.find(w[:i] + "ß" + w[i+2:]); ok {
			return off, true
		}
	}
	return 0, false
}

func uvarint(b []byte) (uint64, int) {
	var x uint64
	var s uint
	for i, c := range b {
		if c < 0x80 {
			return x | uint64(c)<<s, i + 1
		}
		x |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, 0
}

func (l *Lexicon) wordID(w string) (uint32, bool) {
	i, _, ok := l.words.find(w)
	return uint32(i), ok
}

func (l *Lexicon) flags(id uint32) byte    { return l.info[4*id] }
func (l *Lexicon) classOf(id uint32) Class { return Class(l.info[4*id+2]) | Class(l.info[4*id+3])<<8 }
func (l *Lexicon) wordFlags(w string) byte { id, ok := l.wordID(w); return l.flagsIf(id, ok) }
func (l *Lexicon) flagsIf(id uint32, ok bool) byte {
	if !ok {
		return 0
	}
	return l.flags(id)
}

// isNounLemma reports whether w is a noun lemma (Morphy or a capitalised
// OpenThesaurus term).
func (l *Lexicon) isNounLemma(w string) bool { return l.wordFlags(w)&(infNoun|infThesNoun) != 0 }

// Analyse returns all readings of word. Unknown nouns that are compounds of
// known nouns are analysed via their head ("Schlüsselbeinbruches" →
// schlüsselbeinbruch).
func (l *Lexicon) Analyse(word string) []Analysis {
	w := norm(word)
	var buf [16]raw
	rs := l.lookup(w, buf[:0])
	if len(rs) > 0 {
		out := make([]Analysis, len(rs))
		for i, r := range rs {
			out[i] = r.analysis(l)
		}
		return out
	}
	if out := l.compoundAnalyse(w); out != nil {
		return slices.Clone(out) // the remembered slice stays as it is
	}
	if word == w {
		return l.guessAnalyse(w)
	}
	return nil
}

// compoundAnalyse reads a form the tables lack as a compound. Known,
// IsNoun, Lemmas and Classes all ask it for the same unknown words (names,
// rare compounds) again and again, so the answers are remembered, up to
// maxRemembered words a program.
func (l *Lexicon) compoundAnalyse(w string) []Analysis {
	if len(w) < 6 {
		return nil
	}
	return compounds.get(l, w, (*Lexicon).analyseCompound)
}

// maxRemembered bounds each memo (about 100 bytes a word).
const maxRemembered = 100_000

// memo remembers answers by word, the first maxRemembered words of a
// program; safe for concurrent use.
type memo[V any] struct {
	m sync.Map
	n atomic.Int64
}

// get takes a method expression, not a method value, which would
// allocate on every call.
func (c *memo[V]) get(l *Lexicon, w string, answer func(*Lexicon, string) V) V {
	if v, ok := c.m.Load(w); ok {
		return v.(V)
	}
	v := answer(l, w)
	if c.n.Add(1) <= maxRemembered {
		c.m.Store(w, v)
	}
	return v
}

var (
	compounds memo[[]Analysis]
	classMemo memo[Class]
	splits    memo[[]string]
	isAMemo   memo[bool]
)

func (l *Lexicon) analyseCompound(w string) []Analysis {
	reach := l.reach(w)
	for i := 3; i <= len(w)-3; i++ {
		if reach[i] < 0 {
			continue
		}
		if out, _, _ := l.headNouns(w, i); len(out) > 0 {
			return out
		}
	}
	if out := l.confixAnalyse(w); out != nil {
		return out
	}
	if a, ok := l.guessFeminine(w); ok {
		return []Analysis{a}
	}
	return nil
}

// headNouns reads w[i:] as the head of compound w: its noun readings with
// the first part put before their lemma, whether it has any reading, and
// whether all its readings are nouns.
func (l *Lexicon) headNouns(w string, i int) (out []Analysis, found, onlyNouns bool) {
	var buf [16]raw
	rs := l.lookup(w[i:], buf[:0])
	onlyNouns = true
	for _, r := range rs {
		if r.pos() != Noun {
			onlyNouns = false
			continue
		}
		a := r.analysis(l)
		a.Lemma = w[:i] + a.Lemma
		out = append(out, a)
	}
	return out, len(rs) > 0, onlyNouns
}

// minConfixHead is the shortest head that makes an unknown word a compound
// by itself: long enough that a surname rarely ends in it. maxConfix bounds
// the unknown first part ("Physio", "Stunt"), which keeps the lookups of
// a long unknown word (most are names) few.
const (
	minConfixHead   = 7
	minVerbStemHead = 5
	maxConfix       = 9
)

// isVerbStem: p with "-en" is a verb ("tauch", "fahr"), the first part of
// compounds such as "Fahrlehrer".
func (l *Lexicon) isVerbStem(p string) bool {
	return len(p) >= 4 && l.wordFlags(p+"en")&infVerb != 0
}

// confixAnalyse reads a compound whose first part is no word of its own
// but a confix or a loan ("Physio|therapeut", "Stunt|koordinator"): a
// long known noun at the end names the whole. A verb stem may take a
// shorter head ("Tauch|lehrer"), not a surname's "-mann" ("Lachmann").
func (l *Lexicon) confixAnalyse(w string) []Analysis {
	for i := 3; i <= maxConfix && i+minVerbStemHead <= len(w); i++ {
		if !utf8.RuneStart(w[i]) || i+minConfixHead > len(w) && !l.isVerbStem(w[:i]) {
			continue
		}
		out, found, onlyNouns := l.headNouns(w, i)
		switch {
		case !found:
			continue
		case !onlyNouns:
			// "runter|gefallen": a head that is also a verb form makes
			// no noun.
			return nil
		}
		return out
	}
	return nil
}

// Lemmas returns the distinct lemmas of word, or nil if it is unknown.
func (l *Lexicon) Lemmas(word string) []string {
	var out []string
	for _, a := range l.Analyse(word) {
		dup := false
		for _, s := range out {
			if s == a.Lemma {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, a.Lemma)
		}
	}
	return out
}

// Known reports whether word is a known form (or a compound of known nouns).
func (l *Lexicon) Known(word string) bool {
	w := norm(word)
	var buf [16]raw
	if len(l.lookup(w, buf[:0])) > 0 || len(l.compoundAnalyse(w)) > 0 {
		return true
	}
	return word == w && len(l.guessAnalyse(w)) > 0
}

// Listed reports whether word is a form of the tables themselves, not
// only a compound of their nouns or a guess: "Sommerfeld" reads as Sommer
// + Feld but is listed nowhere, as surnames made of nouns are not.
func (l *Lexicon) Listed(word string) bool {
	var buf [16]raw
	return len(l.lookup(norm(word), buf[:0])) > 0
}

// Technical reports whether the thesaurus marks the word, or a lemma of
// it, as technical language ("fachspr."): "Gastritis", not "Bauchweh".
func (l *Lexicon) Technical(word string) bool {
	w := norm(word)
	if l.wordFlags(w)&infTechnical != 0 {
		return true
	}
	for _, lem := range l.Lemmas(w) {
		if l.wordFlags(lem)&infTechnical != 0 {
			return true
		}
	}
	return false
}

// IsNoun reports whether some reading of word is a common noun. The
// lexicons contain no first names or surnames as proper nouns, so a
// capitalised word for which IsNoun is false may be a name.
func (l *Lexicon) IsNoun(word string) bool {
	w := norm(word)
	var buf [16]raw
	rs := l.lookup(w, buf[:0])
	if len(rs) == 0 {
		for _, a := range l.compoundAnalyse(w) {
			if a.POS == Noun {
				return true
			}
		}
		return false
	}
	for _, r := range rs {
		if r.pos() == Noun {
			return true
		}
	}
	return false
}

// SeparableVerb joins a finite verb and its separated particle to the lemma
// of the separable verb: ("bricht", "ab") → "abbrechen".
func (l *Lexicon) SeparableVerb(finite, particle string) (string, bool) {
	f, p := norm(finite), norm(particle)
	if f == "" || p == "" {
		return "", false
	}
	var buf [16]raw
	// Joined forms ("abbricht") are stored for separable verbs.
	for _, r := range l.lookup(p+f, buf[:0]) {
		if r.pos() == Verb && l.flags(r.id)&infSepVerb != 0 {
			lem := l.words.key(int(r.id))
			if strings.HasPrefix(lem, p) {
				return lem, true
			}
		}
	}
	for _, r := range l.lookup(f, buf[:0]) {
		if r.pos() != Verb {
			continue
		}
		cand := p + l.words.key(int(r.id))
		if l.wordFlags(cand)&infVerb != 0 {
			return cand, true
		}
	}
	return "", false
}

var linkers = [...]string{"s", "es", "n", "en", "e", "er", "ens"}

const minPart = 3

// reach computes, for each byte position i of w, the minimal number of
// non-head noun parts (with linking elements) that spell w[:i], or -1.
// reach[0] is 0 but is not a valid split point.
func (l *Lexicon) reach(w string) []int8 {
	r := make([]int8, len(w)+1)
	for i := range r {
		r[i] = -1
	}
	r[0] = 0
	set := func(i int, v int8) {
		if i <= len(w) && (r[i] < 0 || v < r[i]) {
			r[i] = v
		}
	}
	for i := 0; i+minPart <= len(w); i++ {
		if r[i] < 0 || !utf8.RuneStart(w[i]) {
			continue
		}
		for j := i + minPart; j+minPart <= len(w); j++ {
			if !utf8.RuneStart(w[j]) {
				continue
			}
			part := w[i:j]
			exact, more := l.words.seek(part)
			ok := exact && l.isNounLemma(part)
			if !ok && l.isNounLemma(part+"e") { // Schul-, Sprach-
				ok = true
			}
			if ok {
				v := r[i] + 1
				set(j, v)
				for _, lk := range linkers {
					if strings.HasPrefix(w[j:], lk) {
						set(j+len(lk), v)
					}
				}
			}
			if !more && !exact {
				// no lemma starts with part: neither part nor part+"e"
				// nor any longer part can be a lemma.
				break
			}
		}
	}
	return r
}

// partLemma returns the lemma of a non-head part spelled w (w or w+"e").
func (l *Lexicon) partLemma(w string) string {
	if l.isNounLemma(w) {
		return w
	}
	return w + "e"
}

// split returns the best top-level split of w: non-head parts as lemmas and
// the head lemma, or nil.
func (l *Lexicon) split(w string) []string {
	if len(w) < 2*minPart {
		return nil
	}
	reach := l.reach(w)
	best, bestI := int8(-1), -1
	var headLemma string
	for i := minPart; i+minPart <= len(w); i++ {
		if reach[i] <= 0 || (best >= 0 && reach[i] >= best) {
			continue
		}
		var buf [16]raw
		for _, r := range l.lookup(w[i:], buf[:0]) {
			if r.pos() == Noun {
				best, bestI, headLemma = reach[i], i, l.words.key(int(r.id))
				break
			}
		}
	}
	if bestI < 0 {
		return nil
	}
	// Reconstruct the non-head parts backwards.
	parts := l.backtrack(w[:bestI], reach)
	if parts == nil {
		return nil
	}
	return append(parts, headLemma)
}

// backtrack recovers noun parts for the prefix p (len(p) is a reach point).
func (l *Lexicon) backtrack(p string, reach []int8) []string {
	end := len(p)
	if end == 0 {
		return []string{}
	}
	want := reach[end]
	// try without and with a linking element
	cands := []int{end}
	for _, lk := range linkers {
		if strings.HasSuffix(p, lk) {
			cands = append(cands, end-len(lk))
		}
	}
	for _, j := range cands {
		for i := j - minPart; i >= 0; i-- {
			if reach[i] < 0 || reach[i] != want-1 || !utf8.RuneStart(p[i]) {
				continue
			}
			part := p[i:j]
			if !l.isNounLemma(part) && !l.isNounLemma(part+"e") {
				continue
			}
			if rest := l.backtrack(p[:i], reach); rest != nil {
				return append(rest, l.partLemma(part))
			}
		}
	}
	return nil
}

// Split returns the compound parts of word as lower-case lemmas, head last,
// linking elements removed; nil for non-compounds. Parts that are compounds
// themselves are split further. The slice is shared: callers must not
// modify it. Answers are memoised: a base's build asks for each of its
// words more than once (cohesion keys, word links).
func (l *Lexicon) Split(word string) []string {
	return splits.get(l, norm(word), (*Lexicon).splitNorm)
}

func (l *Lexicon) splitNorm(w string) []string {
	top := l.split(w)
	if top == nil {
		// an inflected form whose lemma is a compound
		for _, lem := range l.Lemmas(w) {
			if lem != w {
				if top = l.split(lem); top != nil {
					break
				}
			}
		}
	}
	if top == nil {
		return nil
	}
	var out []string
	for _, p := range top {
		if sub := l.split(p); sub != nil {
			out = append(out, sub...)
		} else {
			out = append(out, p)
		}
	}
	return out
}

// Classes returns the semantic classes of word: from the OpenThesaurus
// broader-term closure of its lemmas, else of the base of a feminine -in
// form, else of the longest classified compound head; a hyphenated word
// has the classes of its last part.
func (l *Lexicon) Classes(word string) Class {
	// A corpus asks for the same nouns thousands of times, and a compound
	// or an unknown word costs many lookups.
	return classMemo.get(l, norm(word), (*Lexicon).classes)
}

func (l *Lexicon) classes(w string) Class {
	var c Class
	if i := strings.LastIndexByte(w, '-'); i > 0 && i+1 < len(w) {
		// A hyphenated compound is what its last part is ("HNO-Ärztin",
		// "Moyamoya-Erkrankung"), besides what the whole says ("Lkw-Fahrer"
		// is a job as an agent noun).
		c = l.Classes(w[i+1:])
	}
	lemmas := l.Lemmas(w)
	if len(lemmas) == 0 {
		lemmas = []string{w}
	}
	for _, lem := range lemmas {
		c |= l.lemmaClasses(lem)
	}
	if c&Job != 0 {
		return c
	}
	// A head or an agent noun may add what the thesaurus leaves out:
	// "Busfahrerin" is a Person by its head and a Job as an agent noun.
	for _, lem := range lemmas {
		c |= l.compoundClasses(lem)
	}
	return c
}

func (l *Lexicon) lemmaClasses(lem string) Class {
	if id, ok := l.wordID(lem); ok {
		if c := l.classOf(id); c != 0 {
			return c
		}
	}
	if id, ok := l.masculineOf(lem); ok {
		return l.classOf(id)
	}
	return l.motionClasses(lem)
}

// agentSuffixes end the masculine form of profession nouns ("Kosmetiker",
// "Dirigent", "Florist", "Friseur", "Pastor").
var agentSuffixes = []string{"er", "ent", "ant", "ist", "eur", "loge", "or"}

// motionClasses reads a noun the thesaurus leaves unclassed that Morphy
// lists in both genders (Kosmetiker/Kosmetikerin, Nachbar/Nachbarin):
// German forms the feminine with -in for persons, so it names a person;
// with a profession suffix on a noun base most often an occupation.
func (l *Lexicon) motionClasses(lem string) Class {
	noun := func(w string) bool { return l.wordFlags(w)&infNoun != 0 }
	masc := ""
	if base, ok := strings.CutSuffix(lem, "in"); ok && len(base) >= minPart {
		for _, b := range masculineSpellings(base) {
			if noun(b) {
				masc = b
				break
			}
		}
	} else if noun(lem) && noun(lem+"in") {
		masc = lem
	}
	if masc == "" || !noun(lem) {
		return 0
	}
	if stem, ok := strings.CutSuffix(masc, "er"); ok && (l.verbStem(stem) || l.verbStem(deUmlaut.Replace(stem))) {
		// A verb's agent names what someone does now, not a trade:
		// "Verlierer", "Trinker", "Schwimmer".
		return Person
	}
	for _, suffix := range agentSuffixes {
		if strings.HasSuffix(masc, suffix) {
			return Job | Person
		}
	}
	return Person
}

// verbStem: stem+"en" or stem+"n" is a verb ("deck" → decken, "wander"
// → wandern).
func (l *Lexicon) verbStem(stem string) bool {
	return l.wordFlags(stem+"en")&infVerb != 0 || l.wordFlags(stem+"n")&infVerb != 0
}

// masculineSpellings are the masculine forms a feminine -in noun may have
// come from: botin → bot, bote; ärztin → ärzt, arzt.
func masculineSpellings(base string) []string {
	return []string{base, base + "e", deUmlaut.Replace(base)}
}

// masculineOf undoes the feminine motion of a person noun: ärztin → arzt,
// lotsin → lotse, botin → bote; the base must be a classified noun.
func (l *Lexicon) masculineOf(lem string) (uint32, bool) {
	base, ok := strings.CutSuffix(lem, "in")
	if !ok || len(base) < 3 {
		return 0, false
	}
	for _, b := range masculineSpellings(base) {
		if id, ok := l.wordID(b); ok && l.flags(id)&(infNoun|infThesNoun) != 0 && l.classOf(id) != 0 {
			return id, true
		}
	}
	return 0, false
}

func (l *Lexicon) compoundClasses(lem string) Class {
	if len(lem) < 2*minPart {
		return 0
	}
	reach := l.reach(lem)
	for i := minPart; i+minPart <= len(lem); i++ {
		if reach[i] <= 0 {
			continue
		}
		head := lem[i:]
		if c := l.lemmaClasses(head); c != 0 {
			return c | l.agentClasses(lem, reach)
		}
		var buf [16]raw
		for _, r := range l.lookup(head, buf[:0]) {
			if r.pos() == Noun {
				if c := l.lemmaClasses(l.words.key(int(r.id))); c != 0 {
					return c | l.agentClasses(lem, reach)
				}
			}
		}
	}
	if c := l.agentClasses(lem, reach); c != 0 {
		return c
	}
	// A verb stem before a classified head: "Fahr|lehrer", "Tauch|lehrer".
	for i := 4; i+minVerbStemHead <= len(lem); i++ {
		if utf8.RuneStart(lem[i]) && l.isVerbStem(lem[:i]) {
			if c := l.lemmaClasses(lem[i:]); c != 0 {
				return c
			}
		}
	}
	return 0
}

// agentClasses reads a Rektionskompositum with an agent head.
func (l *Lexicon) agentClasses(lem string, reach []int8) Class {
	// Rektionskompositum with an agent head: noun + verb stem + -er/-erin
	// ("Dachdecker": Dach + deck(en) + er) whose feminine counterpart is
	// also a Morphy noun names an occupation or role.
	for i := minPart; i+minPart <= len(lem); i++ {
		if reach[i] <= 0 {
			continue
		}
		head := lem[i:]
		masc := lem
		if strings.HasSuffix(head, "erin") {
			head = head[:len(head)-2]
			masc = lem[:len(lem)-2]
		}
		if !strings.HasSuffix(head, "er") || len(head) < 5 {
			continue
		}
		stem := head[:len(head)-2]
		if !l.verbStem(stem) {
			continue
		}
		// The whole compound or its head must exist in both genders.
		if l.wordFlags(masc)&infNoun != 0 && l.wordFlags(masc+"in")&infNoun != 0 ||
			l.wordFlags(head)&infNoun != 0 && l.wordFlags(head+"in")&infNoun != 0 {
			return Job | Person
		}
	}
	return 0
}

// Related returns OpenThesaurus synonyms and broader terms of lemma, best
// first, at most 30. Multi-word entries are not included.
func (l *Lexicon) Related(lemma string) []Related {
	w := norm(lemma)
	id, ok := l.wordID(w)
	if !ok {
		lems := l.Lemmas(w)
		if len(lems) == 0 {
			return nil
		}
		if id, ok = l.wordID(lems[0]); !ok {
			return nil
		}
	}
	type acc struct {
		s       float64
		broader bool
	}
	score := map[uint32]*acc{}
	s0, s1 := int(u32(l.synOff, int(id))), int(u32(l.synOff, int(id)+1))
	for k := s0; k < s1; k++ {
		si := int(u32(l.syn, k))
		m0, m1 := int(u32(l.memOff, si)), int(u32(l.memOff, si+1))
		w := 1 / math.Sqrt(float64(m1-m0))
		for j := m0; j < m1; j++ {
			v := u32(l.mem, j)
			mid, br := v>>1, v&1 != 0
			if mid == id {
				continue
			}
			a := score[mid]
			if a == nil {
				a = &acc{broader: br}
				score[mid] = a
			}
			if br {
				a.s += w / 2
			} else {
				a.s += w
				a.broader = false
			}
		}
	}
	out := make([]Related, 0, len(score))
	for mid, a := range score {
		s := a.s
		if s > 1 {
			s = 1
		}
		out = append(out, Related{Word: l.words.key(int(mid)), Strength: float32(s), Broader: a.broader})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Strength != out[j].Strength {
			return out[i].Strength > out[j].Strength
		}
		return out[i].Word < out[j].Word
	})
	if len(out) > 30 {
		out = out[:30]
	}
	return out
}

// IsA reports whether the thesaurus files word, or one of its lemmas,
// under broader as an Oberbegriff: a "Geige" is an "Instrument", "rot" a
// "Farbe". It answers "Welche Farbe …?" without listing colours. A
// "Welche …?" question asks it of every word of hundreds of candidate
// sentences, so the answers are remembered.
func (l *Lexicon) IsA(word, broader string) bool {
	return isAMemo.get(l, broader+"\x00"+word, (*Lexicon).isA)
}

func (l *Lexicon) isA(pair string) bool {
	broader, word, _ := strings.Cut(pair, "\x00")
	bid, ok := l.wordID(norm(broader))
	if !ok {
		lems := l.Lemmas(broader) // "Farben"
		if len(lems) == 0 {
			return false
		}
		if bid, ok = l.wordID(lems[0]); !ok {
			return false
		}
	}
	w := norm(word)
	if id, ok := l.wordID(w); ok && l.filedUnder(id, bid) {
		return true
	}
	for _, lem := range l.Lemmas(w) {
		if id, ok := l.wordID(lem); ok && lem != w && l.filedUnder(id, bid) {
			return true
		}
	}
	return false
}

// filedUnder: a synset of word id names bid as its broader term.
func (l *Lexicon) filedUnder(id, bid uint32) bool {
	s0, s1 := int(u32(l.synOff, int(id))), int(u32(l.synOff, int(id)+1))
	for k := s0; k < s1; k++ {
		si := int(u32(l.syn, k))
		m0, m1 := int(u32(l.memOff, si)), int(u32(l.memOff, si+1))
		for j := m0; j < m1; j++ {
			if v := u32(l.mem, j); v&1 != 0 && v>>1 == bid {
				return true
			}
		}
	}
	return false
}

var umlaut = strings.NewReplacer("au", "äu", "a", "ä", "o", "ö", "u", "ü")

// umlautLast returns s with its last vowel (or au) umlauted, or "".
func umlautLast(s string) string {
	i := strings.LastIndexAny(s, "aouäöüeiy")
	if i < 0 {
		return ""
	}
	if i > 0 && s[i] == 'u' && s[i-1] == 'a' {
		return s[:i-1] + "äu" + s[i+1:]
	}
	switch s[i] {
	case 'a', 'o', 'u':
		return s[:i] + umlaut.Replace(s[i:i+1]) + s[i+1:]
	}
	return ""
}

var deUmlaut = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u")

// Family returns the derivational family of lemma as far as it is derivable
// from the noun and verb lemma lists: -ung, -ion/-ation ↔ -ieren, bare verb
// stem, umlaut variants and -er/-erin agent nouns.
func (l *Lexicon) Family(lemma string) []string {
	w := norm(lemma)
	seen := map[string]bool{w: true}
	var out []string
	add := func(s string, flag byte) bool {
		if s == "" || seen[s] || l.wordFlags(s)&flag == 0 {
			return false
		}
		seen[s] = true
		out = append(out, s)
		return true
	}
	f := l.wordFlags(w)
	var verbs []string
	if f&infVerb != 0 {
		verbs = append(verbs, w)
	}
	if f&infNoun != 0 {
		var cands []string
		for _, suf := range []string{"ung", "ation", "ition", "ion", "erin", "er", ""} {
			if !strings.HasSuffix(w, suf) {
				continue
			}
			stem := w[:len(w)-len(suf)]
			if len(stem) < 2 {
				continue
			}
			switch suf {
			case "ation", "ition", "ion":
				cands = append(cands, stem+"ieren")
			default:
				cands = append(cands, stem+"en", stem+"n", umlautLast(stem)+"en", deUmlaut.Replace(stem)+"en")
				if suf != "" && (strings.HasSuffix(stem, "l") || strings.HasSuffix(stem, "r")) {
					// Verbs in -eln and -ern drop their e in the agent
					// noun: "Angler" ← angeln, "Sammlerin" ← sammeln.
					cands = append(cands, stem[:len(stem)-1]+"e"+stem[len(stem)-1:]+"n")
				}
			}
		}
		for _, c := range cands {
			if add(c, infVerb) {
				verbs = append(verbs, c)
			}
		}
	}
	for _, v := range verbs {
		var stem string
		switch {
		case strings.HasSuffix(v, "ieren"):
			stem = v[:len(v)-5]
			add(stem+"ation", infNoun)
			add(stem+"ion", infNoun)
			add(stem+"ierung", infNoun)
			continue
		case strings.HasSuffix(v, "en"):
			stem = v[:len(v)-2]
		case strings.HasSuffix(v, "n"):
			stem = v[:len(v)-1]
		default:
			continue
		}
		add(stem, infNoun)
		add(deUmlaut.Replace(stem), infNoun)
		add(stem+"ung", infNoun)
		add(stem+"er", infNoun)
		add(stem+"erin", infNoun)
		if v != w {
			add(v, infVerb)
		}
	}
	sort.Strings(out)
	return out
}
