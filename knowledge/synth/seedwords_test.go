package synth

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"iafbot/knowledge/analysis"
)

// The project rule: no word or phrase of the seed synopses (the ones the
// bot embeds, ../synopses) belongs in the generator. A seed word counts as
// seed-specific when nothing of the question bank (../testdata/qa/*/
// synopses and the sets' questions, written independently of the seeds;
// not qa/seeds) uses a word of the same stem: what the bank also says is general German, what only the seeds say
// is a paraphrase. The same holds for runs of three words. Names are held
// to a stricter rule, see TestNoSeedNames.

// vocab is the stems and word trigrams of a set of synopses.
type vocab struct {
	stems    map[string]bool
	trigrams map[string]bool
	names    []string // capitalised words, lower-cased, as written
}

func readVocab(t *testing.T, pattern string) vocab {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil || len(files) == 0 {
		t.Fatalf("no synopses match %s (%v)", pattern, err)
	}
	v := vocab{stems: map[string]bool{}, trigrams: map[string]bool{}}
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		v.add(string(data))
		for _, w := range strings.FieldsFunc(string(data), notLetter) {
			if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && !seen[w] {
				seen[w] = true
				v.names = append(v.names, strings.ToLower(w))
			}
		}
	}
	sort.Strings(v.names)
	return v
}

func (v vocab) add(text string) {
	ws := tokens(text)
	for i, w := range ws {
		v.stems[stem(w)] = true
		if i >= 2 {
			v.trigrams[trigram(ws[i-2:i+1])] = true
		}
	}
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) }

// tokens lower-cases text and splits it into words of letters.
func tokens(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), notLetter)
}

// stem strips one common German inflection ending, so "Wohnung" and
// "Wohnungen", "stürzt" and "stürzte" compare equal.
func stem(w string) string {
	for _, suf := range []string{"ern", "em", "en", "er", "es", "et", "te", "st", "e", "n", "s", "t"} {
		if strings.HasSuffix(w, suf) && utf8.RuneCountInString(w)-utf8.RuneCountInString(suf) >= 4 {
			return strings.TrimSuffix(w, suf)
		}
	}
	return w
}

func trigram(ws []string) string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = stem(w)
	}
	return strings.Join(out, " ")
}

// seedSpecific returns the stems and trigrams of the seeds that the bank
// does not use.
func seedSpecific(t *testing.T) (seeds vocab, stems, trigrams map[string]bool) {
	seeds = readVocab(t, filepath.Join("..", "synopses", "*.txt"))
	bank := readVocab(t, filepath.Join("..", "testdata", "qa", "*", "synopses", "*.txt"))
	// The bank's questions are general German too (the seeds' own
	// questions, qa/seeds, are not).
	questions, err := filepath.Glob(filepath.Join("..", "testdata", "qa", "*", "questions.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range questions {
		if filepath.Base(filepath.Dir(f)) == "seeds" {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		bank.add(string(data))
	}
	stems, trigrams = map[string]bool{}, map[string]bool{}
	for s := range seeds.stems {
		if !bank.stems[s] {
			stems[s] = true
		}
	}
	for g := range seeds.trigrams {
		if !bank.trigrams[g] {
			trigrams[g] = true
		}
	}
	return seeds, stems, trigrams
}

// poolStrings lists every entry of every word pool and sentence template,
// by pool name.
func poolStrings() map[string][]string {
	p := map[string][]string{
		"femaleFirst": femaleFirst, "maleFirst": maleFirst, "surnames": allSurnames,
		"doctorRoles": append(append([]string(nil), doctorRolesF...), doctorRolesM...),
		"clinics":     clinics, "cities": cities, "countWords": countWords, "titles": titles,
		"treatments": treatments, "outings": outings, "destGoals": destGoals,
		"hobbyTails": hobbyTails, "youngF": youngF, "youngM": youngM, "adultF": adultF,
		"adultM": adultM,
	}
	for _, k := range kins {
		p["kins"] = append(p["kins"], k.noun)
	}
	for _, j := range jobs {
		p["jobs"] = append(p["jobs"], j.m, j.f)
	}
	for _, a := range jobAdjectives {
		p["jobAdjectives"] = append(p["jobAdjectives"], a[0], a[1])
	}
	for _, il := range illnesses {
		p["illnesses"] = append(p["illnesses"], il.name, il.dat, il.acc)
	}
	for _, e := range events {
		p["events"] = append(p["events"], e.main, e.sub)
		p["events"] = append(p["events"], e.expect...)
	}
	for _, h := range hobbies {
		p["hobbies"] = append(p["hobbies"], h.verb+" "+h.object, h.expect)
	}
	for _, d := range destinations {
		p["destinations"] = append(p["destinations"], d.phrase)
	}
	for _, rs := range outingReasons {
		p["outingReasons"] = append(p["outingReasons"], rs.text)
		p["outingReasons"] = append(p["outingReasons"], rs.expect...)
	}
	templates := map[string][]string{"introOpen": introOpen, "diagIllness": diagIllness,
		"diagInjury": diagInjury, "history": history, "kinIntro": kinIntro, "home": home,
		"introFill": introFill, "relIntro": relIntro, "destSentences": destSentences,
		"married": married, "divorced": divorced, "familyFill": familyFill, "treating": treating,
		"colleague": colleague, "doctorHome": doctorHome, "doctorsFill": doctorsFill,
		"sideFill": sideFill, "crisis": crisis, "crisisFill": crisisFill, "rescued": rescued,
		"lost": lost, "titleLine": {titleLine}, "endingFill": endingFill}
	for name, ts := range templates {
		p["templates."+name] = ts
	}
	for _, w := range parentWords {
		p["parentWords"] = append(p["parentWords"], w[0], w[1])
	}
	return p
}

// TestNoSeedWords fails when a pool entry or sentence template uses a word
// or a three-word phrase that only the seed synopses use, and when a
// generated corpus does (which covers question templates and glue text in
// synth.go as well).
func TestNoSeedWords(t *testing.T) {
	_, stems, trigrams := seedSpecific(t)
	t.Logf("%d seed-specific stems, %d seed-specific trigrams", len(stems), len(trigrams))
	check := func(where, s string) (words int) {
		ws := tokens(placeholders.Replace(s))
		for i, w := range ws {
			if stems[stem(w)] {
				t.Errorf("%s: %q uses the seed word %q", where, s, w)
			}
			if i >= 2 && trigrams[trigram(ws[i-2:i+1])] {
				t.Errorf("%s: %q uses the seed phrase %q", where, s, strings.Join(ws[i-2:i+1], " "))
			}
		}
		return len(ws)
	}
	pools := poolStrings()
	names := make([]string, 0, len(pools))
	for n := range pools {
		names = append(names, n)
	}
	sort.Strings(names)
	words, entries := 0, 0
	for _, n := range names {
		for _, s := range pools[n] {
			words += check(n, s)
			entries++
		}
	}
	t.Logf("checked %d pool words in %d entries of %d pools", words, entries, len(pools))

	// The generated text: every template, filled, and every question.
	seen := map[string]bool{}
	corpus := 0
	for _, ep := range Generate(2000, 3) {
		texts := strings.Split(ep.Text, "\n")
		for _, q := range ep.Questions {
			texts = append(texts, q.Question)
		}
		for _, s := range texts {
			for _, sent := range strings.SplitAfter(s, ". ") {
				if !seen[sent] {
					seen[sent] = true
					corpus += check("generated", sent)
				}
			}
		}
	}
	t.Logf("checked %d words in %d distinct generated sentences and questions", corpus, len(seen))
}

// placeholders blanks template variables so "{seine}" is not read as a word.
var placeholders = strings.NewReplacer("{", " ", "}", " ")

// TestNoSeedNames: no name of the generator (first names, surnames, clinics,
// towns) is a capitalised word of the seeds, nor a near miss of a seed-only
// one (a name such as Maja or Steffen), so a question about a seed character
// ("Wer ist Maja?", or the typo "Was liebt Stefan?" for Steffen) has no
// synthetic namesake. Near miss: one edit away; for first names, which
// questions use bare, two for seed words of six letters or more.
func TestNoSeedNames(t *testing.T) {
	seeds, stems, _ := seedSpecific(t)
	pools := map[string][]string{"femaleFirst": femaleFirst, "maleFirst": maleFirst,
		"surnames": allSurnames, "clinics": clinics, "cities": cities}
	checked := 0
	for _, p := range []string{"femaleFirst", "maleFirst", "surnames", "clinics", "cities"} {
		for _, name := range pools[p] {
			n := strings.ToLower(name)
			checked++
			for _, s := range seeds.names {
				limit := 0
				switch {
				case !stems[stem(s)]:
				case strings.HasSuffix(p, "First") && utf8.RuneCountInString(s) >= 6:
					limit = 2
				default:
					limit = 1
				}
				if analysis.Distance(n, s, limit) <= limit {
					t.Errorf("%s: %q is too close to the seed word %q", p, name, s)
				}
			}
		}
	}
	t.Logf("checked %d names against %d capitalised seed words", checked, len(seeds.names))
}
