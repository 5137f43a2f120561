package knowledge

import (
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"iafbot/knowledge/analysis"
	"iafbot/knowledge/lexicon"
)

// This file holds general German word knowledge the engine reads text with:
// articles, pronouns, kinship and job nouns, medical word shapes, related
// words. Nothing here names a character, an episode or a question of the
// series; every fact about the show comes from the synopses.

// lemmaSet holds lemmas in normalised spelling; a word belongs when the
// lexicon reads it as a form of one, so the set lists no inflections.
type lemmaSet map[string]bool

func lemmas(words string) lemmaSet { return lemmaSet(set(words)) }

// has: the word as written is one of the lemmas or a form of one.
func (s lemmaSet) has(t analysis.Token) bool {
	return s.hasWord(t.Norm, lexicon.Default().Lemmas(t.Surface))
}

// hasWord is has for a word whose lexicon lemmas the caller read already.
func (s lemmaSet) hasWord(norm string, lemmas []string) bool {
	return s[norm] || s.anyOf(lemmas)
}

// anyOf: one of the lexicon's lemmas of a word is in the set.
func (s lemmaSet) anyOf(lemmas []string) bool {
	for _, l := range lemmas {
		if s[analysis.Normalize(l)] {
			return true
		}
	}
	return false
}

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[analysis.Normalize(w)] = true
	}
	return m
}

// honorifics precede names ("Herr Brandt", "Dr. Berger"); the value is
// the gender they imply ('m', 'f' or 0 for unknown).
var honorifics = map[string]byte{
	"herr": 'm', "herrn": 'm', "frau": 'f', "dr": 0, "prof": 0, "doktor": 0,
	"professor": 'm', "professorin": 'f', "schwester": 'f', "pfleger": 'm',
}

// displayHonorific is how an honorific is written in a canonical name.
var displayHonorific = map[string]string{
	"herr": "Herr", "herrn": "Herr", "frau": "Frau", "dr": "Dr.", "doktor": "Dr.",
	"prof": "Prof.", "professor": "Prof.", "professorin": "Prof.",
	"schwester": "Schwester", "pfleger": "Pfleger",
}

// determiners before a capitalised word mark it as a common noun.
var determiners = set(`der die das den dem des ein eine einer einem einen eines
kein keine keiner keinem keinen keines mein meine meiner meinem meinen meines
dein deine deiner deinem deinen deines sein seine seiner seinem seinen seines
ihr ihre ihrer ihrem ihren ihres unser unsere unserer unserem unseren unseres
euer eure eurer eurem euren dieser diese dieses diesem diesen jener jene jenes
jedem jeden jeder jedes welche welcher welches welchem welchen alle allen aller
viele vielen mehrere mehreren einige einigen beide beiden manche solche zwei drei vier
im am ins vom zum zur beim`)

// contractions of a preposition and an article.
var contractions = set(`im am ins vom zum zur beim`)

// prepositions before a bare capitalised word hint at a common noun.
var prepositions = set(`in an auf aus bei mit nach von vor zu durch fuer gegen ohne um
ueber unter zwischen hinter neben trotz waehrend wegen dank seit bis ab
gegenueber ausser samt gemaess entlang innerhalb ausserhalb statt anstatt binnen oberhalb unterhalb`)

// pronoun genders: 'm' he, 'f' she (or they), 'p' plural-only.
var malePronouns = set(`er ihn ihm sein seine seiner seinem seinen seines`)
var femalePronouns = set(`sie ihr ihre ihrer ihrem ihren ihres`)

// haveForms: the auxiliary "haben" (closed class).
var haveForms = set(`hat hatte hatten haben habe hast hattest haette haetten`)

// kinship nouns with the gender of the person they name.
var kinship = map[string]byte{
	"tochter": 'f', "sohn": 'm', "kind": 0, "vater": 'm', "mutter": 'f', "eltern": 0,
	"bruder": 'm', "schwester": 'f', "grossmutter": 'f', "grossvater": 'm', "oma": 'f', "opa": 'm',
	"enkel": 'm', "enkelin": 'f', "onkel": 'm', "tante": 'f', "neffe": 'm', "nichte": 'f',
	"cousin": 'm', "cousine": 'f', "ehefrau": 'f', "ehemann": 'm', "frau": 'f', "mann": 'm',
	"ex-frau": 'f', "ex-mann": 'm', "exfrau": 'f', "exmann": 'm', "freund": 'm', "freundin": 'f',
	"verlobte": 'f', "verlobter": 'm', "partner": 'm', "partnerin": 'f', "lebensgefaehrte": 'm',
	"lebensgefaehrtin": 'f', "schwiegermutter": 'f', "schwiegervater": 'm', "schwiegersohn": 'm',
	"schwiegertochter": 'f', "stiefvater": 'm', "stiefmutter": 'f', "stiefsohn": 'm', "stieftochter": 'f',
	"zwillingsbruder": 'm', "zwillingsschwester": 'f', "halbbruder": 'm', "halbschwester": 'f',
	"kollege": 'm', "kollegin": 'f', "chef": 'm', "chefin": 'f', "patient": 'm', "patientin": 'f',
	"ehepartner": 0, "witwe": 'f', "witwer": 'm', "baby": 0, "zwilling": 0, "geschwister": 0,
}

// inverseKin answers "if A is B's Kind, what is B to A?", by B's gender.
var inverseKin = map[string][2]string{ // [male, female]
	"tochter": {"Vater", "Mutter"}, "sohn": {"Vater", "Mutter"}, "kind": {"Vater", "Mutter"},
	"vater": {"Sohn", "Tochter"}, "mutter": {"Sohn", "Tochter"}, "eltern": {"Sohn", "Tochter"},
	"bruder": {"Bruder", "Schwester"}, "schwester": {"Bruder", "Schwester"},
	"zwilling": {"Zwillingsbruder", "Zwillingsschwester"}, "geschwister": {"Bruder", "Schwester"},
	"grossmutter": {"Enkel", "Enkelin"}, "grossvater": {"Enkel", "Enkelin"}, "oma": {"Enkel", "Enkelin"}, "opa": {"Enkel", "Enkelin"},
	"enkel": {"Großvater", "Großmutter"}, "enkelin": {"Großvater", "Großmutter"},
	"ehefrau": {"Ehemann", "Ehefrau"}, "ehemann": {"Ehemann", "Ehefrau"}, "frau": {"Ehemann", "Ehefrau"}, "mann": {"Ehemann", "Ehefrau"},
	"ex-frau": {"Ex-Mann", "Ex-Frau"}, "ex-mann": {"Ex-Mann", "Ex-Frau"},
	"freund": {"Freund", "Freundin"}, "freundin": {"Freund", "Freundin"},
	"partner": {"Partner", "Partnerin"}, "partnerin": {"Partner", "Partnerin"},
	"kollege": {"Kollege", "Kollegin"}, "kollegin": {"Kollege", "Kollegin"},
	"patient": {"Arzt", "Ärztin"}, "patientin": {"Arzt", "Ärztin"},
	"verlobte": {"Verlobter", "Verlobte"}, "verlobter": {"Verlobter", "Verlobte"},
}

// nounSuffixes end abstract German nouns, never first names or surnames.
var nounSuffixes = []string{"ung", "heit", "keit", "schaft", "tion", "taet", "nis", "tum",
	"ismus", "ment", "enz", "anz", "ik", "ie", "aet", "ling", "chen", "lein", "sion", "ur", "haus",
	"klinik", "eit", "ort", "zeit", "tag", "welt"}

// numberWords spell quantities, for "Wie viele …?" and "Wie alt …?": the
// number words below a hundred and words of count.
var numberWords = func() map[string]bool {
	words := set(`hundert tausend einmal zweimal dreimal viermal mehrere mehreren einige einigen dutzend paar
beide beiden ersten zweiten dritten vierten million millionen milliarde milliarden`)
	for w := range smallNumbers {
		words[w] = true
	}
	for w := range tensNumbers {
		words[w] = true
	}
	return words
}()

// numberParts spell the pieces of a written-out number ("zweieinhalb",
// "eintausendsiebenhundert", "Sechsfache"): the number words up to twelve,
// the stems that take "-zehn" and "-zig", and the joining pieces.
var numberParts = func() []string {
	parts := []string{"sech", "sieb", "zwanzig", "dreissig", "zig", "hundert", "tausend", "und", "halb"}
	for w, v := range smallNumbers {
		if v <= 12 {
			parts = append(parts, w)
		}
	}
	sort.Strings(parts)
	return parts
}()

// spelledNumber: a word written from number pieces, with an ending of
// multiples ("-fach", "-mal") or inflection: "zweieinhalb",
// "eintausendsiebenhundert", "Sechsfachen", "dreimal". A single "ein" or
// "eine" is an article, not a number.
func spelledNumber(norm string) bool {
	if numberWords[norm] {
		return norm != "ein" && norm != "eine"
	}
	for _, end := range []string{"fachen", "fache", "facher", "fach", "mal"} {
		if w, ok := strings.CutSuffix(norm, end); ok && len(w) >= 3 && numberPieces(w) {
			return true
		}
	}
	// Inflected only as a compound: "achten" is a verb, "zweieinhalb" and
	// "dreissigsten" are numbers.
	for _, end := range []string{"sten", "ste", "en", "er", "e", ""} {
		if w, ok := strings.CutSuffix(norm, end); ok && len(w) >= 6 && numberPieces(w) {
			return true
		}
	}
	return false
}

// spelledValue reads the value of a spelled-out number below a thousand
// ("neun", "vierundzwanzig", "zweihundertdreissig"); normalised spelling.
func spelledValue(norm string) (int, bool) {
	if norm == "" {
		return 0, false
	}
	hundreds := 0
	if before, after, ok := strings.Cut(norm, "hundert"); ok {
		hundreds = 1
		if before != "" {
			v, ok := smallNumbers[before]
			if !ok || v == 0 || v > 9 {
				return 0, false
			}
			hundreds = v
		}
		if after == "" {
			return 100 * hundreds, true
		}
		norm = strings.TrimPrefix(after, "und")
	}
	if v, ok := smallNumbers[norm]; ok {
		return 100*hundreds + v, true
	}
	for tens, v := range tensNumbers {
		unit, ok := strings.CutSuffix(norm, tens)
		if !ok {
			continue
		}
		if unit == "" {
			return 100*hundreds + v, true
		}
		if u, ok := smallNumbers[strings.TrimSuffix(unit, "und")]; ok && strings.HasSuffix(unit, "und") && u > 0 && u < 10 {
			return 100*hundreds + v + u, true
		}
	}
	return 0, false
}

// smallNumbers and tensNumbers are the German number words; closed class.
var (
	smallNumbers = map[string]int{"null": 0, "ein": 1, "eins": 1, "eine": 1, "zwei": 2, "drei": 3, "vier": 4, "fuenf": 5,
		"sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwoelf": 12, "dreizehn": 13,
		"vierzehn": 14, "fuenfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19}
	tensNumbers = map[string]int{"zwanzig": 20, "dreissig": 30, "vierzig": 40, "fuenfzig": 50, "sechzig": 60,
		"siebzig": 70, "achtzig": 80, "neunzig": 90}
)

// numberPieces: norm splits wholly into numberParts.
func numberPieces(norm string) bool {
	if norm == "" {
		return true
	}
	for _, p := range numberParts {
		if rest, ok := strings.CutPrefix(norm, p); ok && numberPieces(rest) {
			return true
		}
	}
	return false
}

// measureAdjectives after "wie" ask for a quantity ("Wie hoch war das
// Fieber?"): German's adjectives of dimension, a closed class. "alt" asks
// for an age and "lange" for a time of their own.
var measureAdjectives = set(`hoch tief lang breit weit gross dick schwer teuer schnell`)

// measureVerbs after "was" ask for a quantity: "Was kostet …?".
var measureVerbs = lemmas(`kosten wiegen messen`)

// endWords and startWords ask where in an episode ("am Ende", "zu
// Beginn"); marriageWords ask for a spouse.
var (
	endWords      = lemmas(`ende schluss enden`)
	startWords    = lemmas(`anfang beginn`)
	marriageWords = lemmas(`verheiratet ehe heiraten`)
)

// reasonWords are the conjunctions and prepositions that give a reason, a
// closed class; reasonNouns the lemmas of the nouns and verbs that name one.
var (
	reasonWords = set(`weil da denn wegen aufgrund durch deshalb daher darum dadurch als nachdem damit sodass`)
	reasonNouns = lemmas(`verursachen grund ursache folge`)
)

var directionPrepositions = set(`nach in ins zu zum zur an ans auf`)

// Answer types a question word asks for.
type answerType int

const (
	typeAny answerType = iota
	typePerson
	typePlace
	typeDirection
	typeReason
	typeNumber
	typeAge
	typeTime
	typeDisease
	typeJob
	typeDescription // "Wer ist X?", "Was ist mit X los?"
	typeYesNo
	typeName    // "Wie heißt …?": a name other than the ones asked about
	typeMeasure // "Wie hoch …?", "Wie schwer …?": a quantity, mostly with its unit
	typeMoney   // "Was kostet …?", "Wie viel Geld …?": an amount in a currency
)

// focusTypes: a content word of the question that names the kind of answer
// ("Welche Krankheit …?", "… von Beruf?") rather than a word to find.
// Keys are lemmas; focusType finds inflected forms through the lexicon.
var focusTypes = map[string]answerType{
	"krankheit": typeDisease, "erkrankung": typeDisease, "diagnose": typeDisease,
	"leiden": typeDisease, "erkranken": typeDisease,
	"verletzung": typeDisease, "verletzen": typeDisease,
	"symptom": typeDisease, "beschwerde": typeDisease,
	"beruf": typeJob, "job": typeJob, "taetigkeit": typeJob,
	"alt": typeAge, "alter": typeAge,
	"ort": typePlace, "stadt": typePlace,
	"geld": typeMoney, "kosten": typeMoney, "teuer": typeMoney, "zahlen": typeMoney, "bezahlen": typeMoney,
}

// moneyWord: the thesaurus gives the word as a synonym of "Geld" ("Kohle",
// "Knete"); fans ask for amounts in slang. Only after "wie viel": many of
// them also name other things ("Asche", "Pulver").
func moneyWord(lemmas []string) bool {
	return moneySynonyms().anyOf(lemmas)
}

// moneySynonyms are the thesaurus' synonyms of "Geld", read once.
var moneySynonyms = sync.OnceValue(func() lemmaSet {
	out := lemmaSet{}
	for _, r := range lexicon.Default().Related("geld") {
		if !r.Broader {
			out[analysis.Normalize(r.Word)] = true
		}
	}
	return out
})

// focusStems maps the stems of focusTypes, for adjectives derived from
// them: an adjective in -lich asks for its noun ("örtlich" for the Ort).
var focusStems = func() map[string]answerType {
	m := map[string]answerType{}
	for w, k := range focusTypes {
		m[analysis.Stem(w)] = k
	}
	return m
}()

// focusType tells whether a normalised question word names the kind of
// answer: a focus word itself or an adjective in -lich/-isch made from one.
func focusType(t analysis.Token) (answerType, bool) {
	norm := t.Norm
	if k, ok := focusTypes[norm]; ok {
		return k, true
	}
	for _, a := range lexicon.Default().Analyse(t.Surface) {
		// Not adjectives: "die alte Frau" asks for no age.
		if k, ok := focusTypes[analysis.Normalize(a.Lemma)]; ok && a.POS&lexicon.Adjective == 0 {
			return k, true
		}
	}
	if strings.HasSuffix(norm, "lich") || strings.HasSuffix(norm, "isch") {
		k, ok := focusStems[analysis.Stem(norm)]
		return k, ok
	}
	return 0, false
}

// placeVerbs ask where someone is in "Wo wohnt/lebt X?": with "wo" they
// name the kind of answer, not a word to find.
var placeVerbs = lemmas(`wohnen leben arbeiten sein liegen`)

// diseaseCues introduce the name of an illness: a few general words and
// those learned from the question bank (cues.json, "Es handelt sich um
// …", "Die Diagnose lautet …"); "feststellen" is joined from its
// separated parts ("stellt … fest").
var diseaseCues = withLearned(lemmas(`leiden diagnostizieren erkranken diagnose befund feststellen`))

// kinOf maps a kinship noun in any case or number to its base form:
// "Neffen" → "neffe", "Sohnes" → "sohn", "Töchter" → "tochter" (the
// lexicon's lemmas; a plain ending is stripped without asking it). Words
// the table does not hold are read from the lexicon (see lexiconKin):
// "Papa" → "vater", "Urgroßmutter" → "urgrossmutter".
func kinOf(t analysis.Token) (string, bool) {
	w := kinWordOf(t)
	return w.base, w.base != ""
}

// kinWord is a kinship noun's base form and the gender of the person it
// names ('m', 'f' or 0).
type kinWord struct {
	base   string
	gender byte
}

func kinWordOf(t analysis.Token) kinWord {
	norm := t.Norm
	if g, ok := kinship[norm]; ok {
		return kinWord{norm, g}
	}
	for _, suffix := range []string{"n", "en", "es", "s", "ern", "e"} {
		if base, ok := strings.CutSuffix(norm, suffix); ok && len(base) >= 3 {
			if g, known := kinship[base]; known {
				return kinWord{base, g}
			}
		}
	}
	if v, ok := kinLemmas.Load(norm); ok {
		return v.(kinWord)
	}
	w := lexiconKin(t.Surface)
	if kinLemmaCount.Add(1) <= maxCachedWords {
		kinLemmas.Store(norm, w)
	}
	return w
}

// kinGender is the gender of the person a kinship base form names: a
// table word's, or for a compound ("urgrossmutter") its head's.
func kinGender(base string) byte {
	if g, ok := kinship[base]; ok {
		return g
	}
	return kinship[kinHead(base)]
}

// lexiconKin reads a kinship noun the table does not hold from the
// lexicon: a noun of the thesaurus class of relatives (not a job, with no
// adjective or verb reading: "Alte" is first an adjective). A synonym of a
// table word of the same gender stands for that word ("Papa", "Vati" →
// "vater"), so relations and questions meet on one name; other relatives
// ("Urgroßmutter", "Adoptivtochter") keep their own lemma. Gender
// agreement keeps other senses out: "das Alter" shares a synonym set with
// "Vater" but is neuter.
func lexiconKin(surface string) kinWord {
	lex := lexicon.Default()
	if c := lex.Classes(surface); c&lexicon.Kinship == 0 || c&lexicon.Job != 0 {
		return kinWord{}
	}
	readings := lex.Analyse(surface)
	for _, a := range readings {
		if a.POS&(lexicon.Adjective|lexicon.Verb|lexicon.Participle) != 0 {
			return kinWord{}
		}
	}
	for _, a := range readings {
		lemma := analysis.Normalize(a.Lemma)
		if g, ok := kinship[lemma]; ok {
			return kinWord{lemma, g}
		}
		head := kinHead(lemma)
		if head != "" {
			// "Urgroßmutter", "Adoptivtochter" keep their lemma and take
			// the head's gender; "Krankenschwester" and "Hausfrau" end in
			// a title and name a role, not a relative.
			if _, title := honorifics[head]; title {
				return kinWord{}
			}
			return kinWord{lemma, kinship[head]}
		}
		gender := a.Gender
		if gender == 'n' {
			gender = 0
		}
		best, strength := "", float32(0)
		for _, r := range lex.Related(a.Lemma) {
			n := analysis.Normalize(r.Word)
			_, title := honorifics[n]
			if g, ok := kinship[n]; ok && !title && !r.Broader && g == gender && r.Strength > strength {
				best, strength = n, r.Strength
			}
		}
		if best != "" {
			return kinWord{best, gender}
		}
	}
	return kinWord{}
}

// kinHead is the longest table word that ends the normalised compound,
// or "".
func kinHead(compound string) string {
	head := ""
	for w := range kinship {
		if len(w) > len(head) && len(w) < len(compound) && strings.HasSuffix(compound, w) {
			head = w
		}
	}
	return head
}

// kinLemmas caches lexiconKin's answers by normalised word: a large
// corpus repeats the same few thousand capitalised words. Questions reach
// it too, so it stops growing at maxCachedWords words; later words are
// looked up each time.
var (
	kinLemmas     sync.Map
	kinLemmaCount atomic.Int64
)

// maxCachedWords bounds each of the caches of lexicon answers by word
// that live as long as the program (kinLemmas, jobNouns).
const maxCachedWords = 200_000

// kinDisplay writes an inflected kinship word in its base form for the
// model ("Neffen" → "Neffe"); uninflected words keep their spelling.
func kinDisplay(surface, base string) string {
	if _, core := kinship[base]; analysis.Normalize(surface) == base || !core {
		return surface
	}
	r := []rune(strings.NewReplacer("ae", "ä", "oe", "ö", "ue", "ü").Replace(base))
	if strings.Contains(base, "ss") && strings.HasPrefix(base, "gross") {
		r = []rune(strings.Replace(string(r), "ss", "ß", 1))
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}
