package synth

// Word pools and sentence templates. Everything here is ordinary German
// vocabulary and common names; the generator combines them at random
// (seeded), so no episode, name or question of the real series is written
// down here. Nothing is taken from the seed synopses the bot ships
// (../synopses): TestNoSeedWords and TestNoSeedNames check that no entry
// uses a word or three-word phrase only the seeds use, nor a name close to
// one of theirs, so the synthetic corpus measures general reading, not
// paraphrases of the seeds.
//
// Template variables: {P} "Herr Krüger", {Pfull} "Herr Jan Krüger", {Pd}
// "Herrn Krüger" (dative and accusative), {Pg} genitive; {R} the relative,
// {S} the patient's spouse; {D}/{Dl}/{Df} the treating doctor (full name,
// "Dr. Krüger", first name), {D2…} a colleague, {Dspouse} the doctor's
// spouse. Pronouns take a prefix per person: "" patient, "r" relative,
// "d" doctor, "e" colleague, "s" patient's spouse, "ds" doctor's spouse;
// see pronouns.

var femaleFirst = words(`Anna Lena Sophie Marie Emma Lea Laura Julia Sarah Lisa Sabine Petra
Monika Andrea Claudia Susanne Birgit Heike Ute Gabriele Kerstin Silke Anja Nicole Stefanie Tanja
Nadine Melanie Christina Franziska Johanna Charlotte Clara Greta Ida Frieda Paula Luise Helene
Mathilda Emilia Amelie Lina Pia Nele Jana Carla Alina Vanessa Jessica Jennifer Sandra Daniela
Simone Manuela Doris Renate Ingrid Ursula Elke Bärbel Gisela Hildegard Margarete Erika Christa
Brigitte Elisabeth Waltraud Helga Edith Irene Jutta Dagmar Rosemarie Gudrun Marlene Käthe Lotte
Wilma Tamara Miriam Nina Svenja Yvonne Antje Britta Corinna Dörte Friederike Gesine Imke Inga
Jasmin Judith Larissa Leonie Lilly Luisa Maren Marina Merle Natalie Olga Pauline Ronja Rebecca
Regina Ricarda Romy Saskia Selina Sina Sonja Theresa Ulrike Verena Viktoria Wiebke Zoe Elena Eva
Ella Fiona Gerda Hedwig Irma Josefine Lara Linda Magdalena Melina Nora Patricia Ramona Sibylle
Tina Vera Annika Bettina Cornelia Elfriede Esther Henriette Isabell Karla Marion Martha Nadja
Rita Roswitha Sylvia Tatjana Evelyn Ines Aylin Elif Zeynep Natascha Swetlana Agnieszka Dorota
Linh Mai Jolanthe Rieke Thea Undine Liesel Anneliese Gertrud Hanne Mareike Constanze Ilse
Kunigunde Oda Malin Edda Wencke`)

var maleFirst = words(`Thomas Michael Andreas Frank Jürgen Klaus Peter Wolfgang Uwe Bernd Ralf
Jörg Dirk Holger Matthias Markus Christian Alexander Sebastian Tobias Daniel Florian Jan Leon Paul
Jonas Felix Maximilian Luca Noah Elias Finn Ben Tim Niklas Moritz Julian Philipp David Simon Jakob
Anton Emil Theo Oskar Karl Friedrich Heinrich Werner Günther Helmut Manfred Dieter Gerhard Horst
Rolf Rainer Norbert Lothar Siegfried Joachim Hartmut Volker Detlef Reinhard Gerd Harald Kurt Otto
Walter Ernst Willi Heinz Hans Georg Ludwig Erich Alfred Sven Torsten Carsten Kai Lars Nils Ole
Björn Henning Malte Timo Marco Mario Patrick Benjamin Dominik Fabian Kevin Marcel Pascal Robin
Dennis Sascha Jens Mirko Axel Bodo Eckhard Egon Falk Gregor Gustav Ingo Konrad Lutz Norman Olaf
Rüdiger Ulrich Vincent Wilhelm Xaver Adrian Arne Bastian Bruno Colin Erik Hannes Hendrik Jannik
Jonathan Kilian Leo Lennart Linus Mats Mika Nico Pius Rafael Samuel Till Valentin Benedikt
Clemens Eberhard Ferdinand Gottfried Hubert Jannis Konstantin Leopold Magnus Raphael Severin
Tristan Wendelin Yannick Johannes Mathis Jonte Hugo Richard Albert Viktor Franz Rudolf August
Christoph Bernhard Gunnar Mehmet Emre Deniz Dmitri Igor Tomasz Piotr Minh Quang Wenzel Ansgar
Berthold Gernot Jost Ortwin Reinhold Sigmund Veit Wigbert Enno Fiete`)

// surnames: common German surnames written out, plus compounds built from
// surname parts below (Lind+ner, Hof+mann, …) for a few hundred more.
var surnamesCommon = words(`Müller Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schäfer
Koch Klein Wolf Schröder Schwarz Zimmermann Braun Krüger Hofmann Hartmann Lange Werner Krause
Meier Lehmann Maier Köhler König Walter Mayer Huber Kaiser Fuchs Peters Lang Möller Weiß Jung
Hahn Schubert Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke
Albrecht Schuster Simon Ludwig Böhm Winter Kraus Schumacher Krämer Vogt Jäger Otto Sommer Groß
Seidel Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn
Busch Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Lindner Voß Ernst Brunner Ebert Kessler
Gerlach Hesse Jansen Kolb Kühne Lindemann Marx Nowak Oswald Petzold Rausch Rieger Seifert Thiele
Ulbrich Wendt Wirth Zander Fiedler Grimm Hennig Jakob Kunze Lenz Mertens Opitz Reuter Sander
Stark Ulrich Wenzel Zeller Böttcher Dörr Eichler Fritsche Gebhardt Haase Illing Junghans Kasper
Lorenzen Matthes Nitsche Pätzold Queck Reichelt Sattler Tietze Uhlig Vetter Wunderlich Zschoche
Hertel Kretschmer Hänel Gräfe Pietsch Ackermann Beyer Claus Dressler Ehrlich Fleischer Göbel
Heller Iwanow Jahn Kirchner Mohr Nagel Ott Preuß Rösler Stolz Teichmann Unger Yilmaz Kaya
Kowalski Wojcik Nguyen Tran Petrenko Sobotka Hanke Bartsch Löffler Mättig Rudolph Quaas Zenker
Gläser Richtsteig Bormann Drechsler`)

var surnameHeads = words(`Lind Hof Berg Wald Rosen Sommer Fried Kast Kress Brand Eich Hart Feld
Bach Kirch Mühl Holz Buch Wies Linden Ober Nieder Kal Ross Sonnen Gold Silber Eisen Blum Hage Rein
Stock Birk Esch Heid Loh Moos Rath Tann Weid Dorn Hessel Kamp Brock Alt Neu Hoch Lauten Reich
Stroh Korn Hein Ehren Kron Wend Wester Oster Hasel Apfel Wein Hopf Lehr Burg Elb Saal Mulde
Pleiß Iser Gries Sand Lehm Fels Quell Brunn Teich Hain Au Ried Rodt Roden Zell Kling Stahl Kupfer
Horn Adler Falk Hirsch Bären Wolfs Otter Luchs Engel Gott Frei Voll Kurz Lang`)

var surnameTails = words(`mann ner meier huber hofer bauer berger hold ert inger ke müller`)

var doctorRolesF = words(`Ärztin Oberärztin Chirurgin Internistin Chefärztin Assistenzärztin Kardiologin Neurologin Anästhesistin Urologin Radiologin`)
var doctorRolesM = words(`Arzt Oberarzt Chirurg Internist Chefarzt Assistenzarzt Kardiologe Neurologe Anästhesist Urologe Radiologe`)

// clinics: invented, so no synthetic episode plays in the series' clinic.
var clinics = words(`Elbtalklinik Muldentalklinik Auenklinik Erzgebirgsklinik Lausitzklinik Vogtlandklinik`)

// cities: towns in Saxony.
var cities = words(`Leipzig Dresden Chemnitz Zwickau Plauen Bautzen Görlitz Meißen Freiberg
Torgau Grimma Wurzen Delitzsch Markkleeberg Borna Riesa Pirna Döbeln Radebeul Hoyerswerda Glauchau
Aue Meerane Crimmitschau Reichenbach Schkeuditz Colditz Rochlitz Oschatz Eilenburg Taucha Zittau
Kamenz Löbau Freital Heidenau Coswig Großenhain Mittweida Werdau Oelsnitz Auerbach Marienberg
Olbernhau Stollberg Frankenberg Flöha Zschopau Weißwasser Niesky Bischofswerda Sebnitz
Dippoldiswalde Geithain Naunhof Markranstädt Zwenkau Leisnig Waldheim Hainichen Schneeberg
Schwarzenberg Eibenstock Klingenthal Falkenstein Lengenfeld Treuen Adorf Annaberg`)

var countWords = words(`zwei drei vier fünf sechs sieben acht neun zehn elf zwölf`)

var titles = []string{"Gegenwind", "Glatteis", "Funkstille", "Kurswechsel", "Doppelspiel",
	"Sturmwarnung", "Atempause", "Spätlese", "Heimweg", "Kopfsprung", "Wellengang", "Rückenwind",
	"Feuerprobe", "Herzklopfen", "Nachspiel", "Bruchstellen", "Schonzeit", "Grenzgang", "Notbremse",
	"Eiszeit", "Tapetenwechsel", "Lampenfieber", "Katzensprung", "Flächenbrand"}

// job is a profession in male and female form.
type job struct{ m, f string }

var jobs = []job{{"Busfahrer", "Busfahrerin"}, {"Lehrer", "Lehrerin"}, {"Tischler", "Tischlerin"},
	{"Bäcker", "Bäckerin"}, {"Elektriker", "Elektrikerin"}, {"Polizist", "Polizistin"},
	{"Journalist", "Journalistin"}, {"Landwirt", "Landwirtin"}, {"Architekt", "Architektin"},
	{"Buchhalter", "Buchhalterin"}, {"Verkäufer", "Verkäuferin"}, {"Friseur", "Friseurin"},
	{"Mechaniker", "Mechanikerin"}, {"Gärtner", "Gärtnerin"}, {"Fluglotse", "Fluglotsin"},
	{"Postbote", "Postbotin"}, {"Taxifahrer", "Taxifahrerin"}, {"Ingenieur", "Ingenieurin"},
	{"Dachdecker", "Dachdeckerin"}, {"Zahntechniker", "Zahntechnikerin"}, {"Apotheker", "Apothekerin"},
	{"Fotograf", "Fotografin"}, {"Kellner", "Kellnerin"}, {"Hausmeister", "Hausmeisterin"},
	{"Unternehmer", "Unternehmerin"}, {"Fernfahrer", "Fernfahrerin"}, {"Schornsteinfeger", "Schornsteinfegerin"},
	{"Koch", "Köchin"}, {"Rechtsanwalt", "Rechtsanwältin"}, {"Erzieher", "Erzieherin"},
	{"Bauarbeiter", "Bauarbeiterin"}, {"Schlosser", "Schlosserin"}, {"Förster", "Försterin"},
	{"Metzger", "Metzgerin"}, {"Bibliothekar", "Bibliothekarin"}, {"Lokführer", "Lokführerin"},
	{"Winzer", "Winzerin"}, {"Optiker", "Optikerin"}, {"Steuerberater", "Steuerberaterin"},
	{"Tierpfleger", "Tierpflegerin"}, {"Kranführer", "Kranführerin"}}

// jobAdjectives are declined after "ein" (m) and "eine" (f).
var jobAdjectives = [][2]string{{"pensionierter", "pensionierte"}, {"junger", "junge"},
	{"erfolgreicher", "erfolgreiche"}, {"alleinerziehender", "alleinerziehende"},
	{"gewissenhafter", "gewissenhafte"}, {"ehemaliger", "ehemalige"},
	{"selbstständiger", "selbstständige"}, {"erfahrener", "erfahrene"}, {"fleißiger", "fleißige"},
	{"redseliger", "redselige"}, {"zugezogener", "zugezogene"}, {"frisch verrenteter", "frisch verrentete"}}

// illness: the word to expect in an answer, "an …" after "leidet", and the
// accusative object after "stellt … fest"; injuries take other sentences
// and questions.
type illness struct {
	name, dat, acc string
	injury         bool
}

var illnesses = []illness{
	{"Herzinfarkt", "an den Folgen eines Herzinfarkts", "einen Herzinfarkt", false},
	{"Lungenentzündung", "an einer heftigen Lungenentzündung", "eine heftige Lungenentzündung", false},
	{"Blinddarmentzündung", "an einer akuten Blinddarmentzündung", "eine akute Blinddarmentzündung", false},
	{"Schlaganfall", "an den Folgen eines Schlaganfalls", "einen Schlaganfall", false},
	{"Diabetes", "an Diabetes", "Diabetes", false},
	{"Hirntumor", "an einem Hirntumor", "einen Hirntumor", false},
	{"Brustkrebs", "an Brustkrebs", "Brustkrebs", false},
	{"Darmkrebs", "an Darmkrebs", "Darmkrebs", false},
	{"Lungenkrebs", "an Lungenkrebs", "Lungenkrebs", false},
	{"Sklerose", "an Multipler Sklerose", "Multiple Sklerose", false},
	{"Epilepsie", "an Epilepsie", "Epilepsie", false},
	{"Lungenembolie", "an einer Lungenembolie", "eine Lungenembolie", false},
	{"Thrombose", "an einer tiefen Thrombose", "eine tiefe Thrombose", false},
	{"Sepsis", "an einer Sepsis", "eine Sepsis", false},
	{"Nierenversagen", "an akutem Nierenversagen", "akutes Nierenversagen", false},
	{"Herzinsuffizienz", "an einer Herzinsuffizienz", "eine Herzinsuffizienz", false},
	{"Lymphom", "an einem Lymphom", "ein Lymphom", false},
	{"Hepatitis", "an Hepatitis", "eine Hepatitis", false},
	{"Leberzirrhose", "an einer Leberzirrhose", "eine Leberzirrhose", false},
	{"Parkinson", "an Parkinson", "Parkinson", false},
	{"Demenz", "an einer beginnenden Demenz", "eine beginnende Demenz", false},
	{"Magengeschwür", "an einem Magengeschwür", "ein Magengeschwür", false},
	{"Borreliose", "an Borreliose", "eine Borreliose", false},
	{"Tuberkulose", "an Tuberkulose", "eine Tuberkulose", false},
	{"Asthma", "an hartnäckigem Asthma", "hartnäckiges Asthma", false},
	{"Anämie", "an einer Anämie", "eine Anämie", false},
	{"Aneurysma", "an einem Aneurysma", "ein Aneurysma", false},
	{"Bandscheibenvorfall", "an einem Bandscheibenvorfall", "einen Bandscheibenvorfall", false},
	{"Gürtelrose", "an einer Gürtelrose", "eine Gürtelrose", false},
	{"Mukoviszidose", "an Mukoviszidose", "Mukoviszidose", false},
	{"Herzmuskelentzündung", "an einer Herzmuskelentzündung", "eine Herzmuskelentzündung", false},
	{"Blutvergiftung", "an einer Blutvergiftung", "eine Blutvergiftung", false},
	{"Schilddrüsenkrebs", "an Schilddrüsenkrebs", "Schilddrüsenkrebs", false},
	{"Hautkrebs", "an Hautkrebs", "Hautkrebs", false},
	{"Gallenkolik", "an einer Gallenkolik", "eine Gallenkolik", false},
	{"Nierensteine", "an Nierensteinen", "Nierensteine", false},
	{"Gicht", "an Gicht", "Gicht", false},
	{"Hirnhautentzündung", "an einer Hirnhautentzündung", "eine Hirnhautentzündung", false},
	{"Lungenfibrose", "an einer Lungenfibrose", "eine Lungenfibrose", false},
	{"Herzklappenfehler", "an einem Herzklappenfehler", "einen Herzklappenfehler", false},
	{"Schilddrüsenüberfunktion", "an einer Schilddrüsenüberfunktion", "eine Schilddrüsenüberfunktion", false},
	{"Gehirnerschütterung", "an einer ernsten Gehirnerschütterung", "eine ernste Gehirnerschütterung", true},
	{"Beckenbruch", "an einem komplizierten Beckenbruch", "einen komplizierten Beckenbruch", true},
	{"Oberschenkelhalsbruch", "an einem Oberschenkelhalsbruch", "einen Oberschenkelhalsbruch", true},
	{"Schlüsselbeinbruch", "an einem Schlüsselbeinbruch", "einen Schlüsselbeinbruch", true},
	{"Kreuzbandriss", "an einem Kreuzbandriss", "einen Kreuzbandriss", true},
	{"Milzriss", "an einem Milzriss", "einen Milzriss", true},
	{"Rippenbrüche", "an mehreren Rippenbrüchen", "mehrere Rippenbrüche", true},
	{"Schädelbruch", "an einem Schädelbruch", "einen Schädelbruch", true},
	{"Verbrennungen", "an großflächigen Verbrennungen", "großflächige Verbrennungen", true},
	{"Handgelenksbruch", "an einem Handgelenksbruch", "einen Handgelenksbruch", true},
}

// treatment: plural noun for "Wie viele … hatte X?".
var treatments = words(`Operationen Bestrahlungen Eingriffe Klinikaufenthalte Dialysen
Herzkatheteruntersuchungen Kuren Magenspiegelungen Bluttransfusionen Narkosen`)

// event: why the patient comes to the clinic, as a main clause after the
// subject and as a verb-final subordinate clause; {sein} etc. refer to the
// patient. expect lists words an answer must contain (any of them).
type event struct {
	main, sub string
	expect    []string
}

var events = []event{
	{"rutscht auf dem vereisten Gehweg aus", "auf dem vereisten Gehweg ausrutscht", []string{"Gehweg", "rutscht"}},
	{"hat auf der Autobahn einen folgenreichen Unfall", "auf der Autobahn einen folgenreichen Unfall hat", []string{"Unfall"}},
	{"verliert beim Einkaufen das Bewusstsein", "beim Einkaufen das Bewusstsein verliert", []string{"Bewusstsein"}},
	{"fällt im Garten von einer Leiter", "im Garten von einer Leiter fällt", []string{"Leiter"}},
	{"klagt über starke Schmerzen in der Brust", "über starke Schmerzen in der Brust klagt", []string{"Schmerzen"}},
	{"erleidet beim Joggen einen Kreislaufkollaps", "beim Joggen einen Kreislaufkollaps erleidet", []string{"Kreislaufkollaps", "Joggen"}},
	{"wird mit hohem Fieber von {seiner} Nachbarin gefunden", "mit hohem Fieber von {seiner} Nachbarin gefunden wird", []string{"Fieber"}},
	{"verunglückt mit dem Fahrrad", "mit dem Fahrrad verunglückt", []string{"Fahrrad", "verunglückt"}},
	{"wird auf dem Zebrastreifen von einem Auto angefahren", "auf dem Zebrastreifen von einem Auto angefahren wird", []string{"Auto", "angefahren"}},
	{"wird beim Pilzesammeln von einer Kreuzotter gebissen", "beim Pilzesammeln von einer Kreuzotter gebissen wird", []string{"Kreuzotter", "gebissen"}},
	{"verschluckt sich beim Abendessen an einer Fischgräte", "sich beim Abendessen an einer Fischgräte verschluckt", []string{"Fischgräte", "verschluckt"}},
	{"verletzt sich in der Werkstatt an einer Kreissäge", "sich in der Werkstatt an einer Kreissäge verletzt", []string{"Kreissäge"}},
	{"bricht auf dem Weg zur Arbeit zusammen", "auf dem Weg zur Arbeit zusammenbricht", []string{"bricht", "zusammenbricht", "Arbeit"}},
	{"stolpert auf der Kellertreppe", "auf der Kellertreppe stolpert", []string{"Kellertreppe", "stolpert"}},
	{"hat nach einem Streit einen Krampfanfall", "nach einem Streit einen Krampfanfall hat", []string{"Krampfanfall"}},
	{"verbrüht sich beim Kochen mit heißem Öl", "sich beim Kochen mit heißem Öl verbrüht", []string{"verbrüht", "Öl"}},
	{"kippt bei der Chorprobe unvermittelt um", "bei der Chorprobe unvermittelt umkippt", []string{"kippt", "umkippt", "Chorprobe"}},
	{"fällt beim Reiten vom Pferd", "beim Reiten vom Pferd fällt", []string{"Pferd", "Reiten"}},
}

// hobby: "{R} baut im Schrebergarten Kürbisse an" → "Was baut {R} an?" →
// "Kürbisse". particle is the separable prefix, if any.
type hobby struct{ verb, object, particle, expect string }

var hobbies = []hobby{
	{"spielt", "seit der Grundschule Cello", "", "Cello"},
	{"sammelt", "alte Postkarten aus dem Erzgebirge", "", "Postkarten"},
	{"baut", "im Schrebergarten Kürbisse", "an", "Kürbisse"},
	{"nimmt", "mit {rseiner} Band eigene Lieder", "auf", "Lieder"},
	{"strickt", "Socken für die halbe Nachbarschaft", "", "Socken"},
	{"repariert", "in der Garage alte Motorräder", "", "Motorräder"},
	{"schnitzt", "kleine Figuren aus Lindenholz", "", "Figuren"},
	{"hält", "auf dem Dachboden Brieftauben", "", "Brieftauben"},
	{"zeichnet", "Comics für die Schülerzeitung", "", "Comics"},
	{"übt", "täglich Saxofon", "", "Saxofon"},
	{"richtet", "im Keller eine Modelleisenbahn", "ein", "Modelleisenbahn"},
	{"näht", "Kostüme für den Karnevalsverein", "", "Kostüme"},
	{"pflegt", "einen Bienenstock im Hinterhof", "", "Bienenstock"},
	{"bastelt", "Vogelhäuschen aus Treibholz", "", "Vogelhäuschen"},
	{"trainiert", "eine Jugendmannschaft im Volleyball", "", "Volleyball"},
	{"baut", "aus alten Fahrradteilen Lampen", "zusammen", "Lampen"},
}

// hobbyTails follow the hobby; {R…} refer to the relative.
var hobbyTails = []string{
	"um nicht ständig an die Klinik zu denken",
	"was {rihm} hilft, abzuschalten",
	"obwohl {rer} dafür kaum noch Zeit hat",
	"und zeigt {rParentDat} bei jedem Besuch die Fortschritte",
	"wie früher zusammen mit den Großeltern",
}

// destination: "{R} will nach Kanada ziehen".
type destination struct{ phrase, expect string }

var destinations = []destination{{"nach Hamburg", "Hamburg"}, {"nach Kanada", "Kanada"},
	{"in die Schweiz", "Schweiz"}, {"nach Australien", "Australien"}, {"nach Bremen", "Bremen"},
	{"nach Berlin", "Berlin"}, {"nach München", "München"}, {"nach Spanien", "Spanien"},
	{"nach Norwegen", "Norwegen"}, {"nach Wien", "Wien"}, {"in die Niederlande", "Niederlande"},
	{"nach Neuseeland", "Neuseeland"}, {"nach Schweden", "Schweden"}, {"nach Köln", "Köln"},
	{"nach Irland", "Irland"}, {"nach Japan", "Japan"}, {"nach Frankreich", "Frankreich"},
	{"nach Portugal", "Portugal"}, {"nach Island", "Island"}, {"nach Rostock", "Rostock"}}

var destGoals = []string{"um dort zu studieren", "um dort eine Lehre als Bootsbauer anzufangen",
	"wo {rseine} Freundin lebt", "um dort in einem Hotel zu arbeiten",
	"wo {rer} eine Stelle angeboten bekommen hat"}

// outing: "Warum sagt {R} die Klassenfahrt ab?", with its article.
var outings = []string{"die Klassenfahrt", "den Abschlussball", "das Fußballturnier",
	"das Sommerfest", "die Theaterpremiere", "das Vorstellungsgespräch", "den Tanzkurs",
	"die Führerscheinprüfung", "das Trainingslager", "die Hochzeitsfeier einer Freundin"}

// outingReasons complete "…, weil …"; {r…} is the relative.
type reason struct {
	text   string
	expect []string
}

var outingReasons = []reason{
	{"{rer} die Nächte bei {rParentDat} in der Klinik verbringen will", []string{"Nächte", "Klinik"}},
	{"{rParentNom} es {rihm} verboten hat", []string{"verboten"}},
	{"das Geld für die Fahrkarte fehlt", []string{"Geld", "Fahrkarte"}},
	{"{rer} für eine Kollegin eine Nachtschicht an der Tankstelle übernimmt", []string{"Nachtschicht", "Tankstelle"}},
	{"{rer} sich beim Handball den Knöchel verstaucht hat", []string{"Knöchel", "verstaucht"}},
	{"der Zug wegen eines Sturms ausfällt", []string{"Zug", "Sturm"}},
	{"{rer} die Meisterprüfung nachholen muss", []string{"Meisterprüfung"}},
	{"{rer} zu Hause niemanden allein lassen will", []string{"allein"}},
}

// kinship of the relative to the patient.
type kin struct {
	noun   string // "Tochter"
	female bool
	group  int // index into parentWords
}

var kins = []kin{{"Tochter", true, 0}, {"Sohn", false, 0}, {"Tochter", true, 0}, {"Sohn", false, 0},
	{"Enkelin", true, 1}, {"Enkel", false, 1}, {"Schwester", true, 2}, {"Bruder", false, 2},
	{"Nichte", true, 3}, {"Neffe", false, 3}, {"Schwiegertochter", true, 4}, {"Schwiegersohn", false, 4},
	{"Stieftochter", true, 5}, {"Stiefsohn", false, 5}, {"Cousine", true, 6}, {"Cousin", false, 6}}

// parentWords: what the patient (male, female) is to a relative of each
// group: "Vater" to a daughter.
var parentWords = [...][2]string{{"Vater", "Mutter"}, {"Großvater", "Großmutter"},
	{"Bruder", "Schwester"}, {"Onkel", "Tante"}, {"Schwiegervater", "Schwiegermutter"},
	{"Stiefvater", "Stiefmutter"}, {"Cousin", "Cousine"}}

// adultKin: groups whose relatives get an adult description.
var adultKin = map[int]bool{2: true, 4: true, 6: true}

// descriptions of the relative, as an apposition after the name.
var youngF = []string{"eine Abiturientin", "eine Auszubildende im Hotelfach",
	"eine Studentin der Tiermedizin", "eine junge Mutter von Zwillingen", "eine begabte Turnerin"}
var youngM = []string{"ein Abiturient", "ein Auszubildender in einer Autowerkstatt",
	"ein Student der Informatik", "ein junger Vater", "ein begabter Schwimmer"}
var adultF = []string{"eine gestresste Immobilienmaklerin", "eine Hebamme aus der Nachbarstadt",
	"eine pensionierte Grundschullehrerin"}
var adultM = []string{"ein gestresster Immobilienmakler", "ein wortkarger Schichtarbeiter",
	"ein Busunternehmer aus der Nachbarstadt"}

// Sentence templates, one pool per story step. The generator takes one
// sentence of each core pool, in this order, and fills the paragraphs with
// sentences of the filler pools (…Fill).

// introOpen: the patient, job and how they come to the clinic.
var introOpen = []string{
	"{Pfull}, {jobAppos}, {evMain} und wird in die {clinic} eingeliefert.",
	"Als {Pfull}, {jobAppos}, {evSub}, bringt der Rettungsdienst {Pd} in die {clinic}.",
	"In der Notaufnahme der {clinic} ist viel los, als {Pfull}, {jobAppos}, eingeliefert wird: {Er} {evMain}.",
	"Mit Blaulicht wird {Pfull}, {jobAppos}, in die {clinic} eingeliefert, weil {er} {evSub}.",
}

var diagIllness = []string{
	"Die Blutwerte und ein CT ergeben, dass {P} {illDat} leidet.",
	"{Dl} stellt bei {Pd} {illAcc} fest.",
	"Nach mehreren Untersuchungen steht fest: {P} hat {illAcc}.",
	"{P} leidet schon seit längerem {illDat}, was {er} bisher vor {seiner} Verwandtschaft verheimlicht hat.",
}

var diagInjury = []string{
	"Das Röntgenbild zeigt, dass {P} {illAcc} erlitten hat.",
	"{Dl} stellt bei {Pd} {illAcc} fest.",
	"Nach mehreren Untersuchungen steht fest: {P} hat {illAcc}.",
}

// history holds the count fact.
var history = []string{
	"{P} hat bereits {count} {treat} hinter sich.",
	"Bereits {count} {treat} hat {P} in den vergangenen Jahren überstanden.",
	"In den vergangenen Jahren musste {P} {count} {treat} über sich ergehen lassen.",
}

// kinIntro names the relative and the kinship.
var kinIntro = []string{
	"Kurz darauf trifft {kinNom} {R} in der Klinik ein.",
	"{R}, {kinNom}, wird von der Station verständigt und kommt sofort vorbei.",
	"Ein Pfleger ruft {kinAcc} {R} an.",
}

var home = []string{
	"{P} wohnt in {city}, wo {er} ein kleines Haus am Stadtrand hat.",
	"In {city}, wo {P} seit {seiner} Kindheit lebt, kennt {ihn} fast jeder.",
	"{P} stammt aus {city} und lebt dort bis heute.",
}

var introFill = []string{
	"{Er} behauptet, es gehe {ihm} schon wieder gut.",
	"Eigentlich wollte {er} an diesem Tag nur kurz etwas erledigen.",
	"Dass {er} mit dem Arztbesuch so lange gewartet hat, bereut {er} nun.",
	"Die Schmerzmittel wirken nur langsam.",
	"{Er} fragt ständig, wann {er} wieder nach Hause darf.",
	"Die Aufnahme auf der Station verläuft zunächst ruhig.",
	"Ein Pfleger, der {ihn} von früher kennt, bringt {ihm} eine Tasse Tee.",
	"An eine längere Pause will {er} gar nicht denken.",
}

// relIntro describes the relative.
var relIntro = []string{
	"{R}, {relDesc}, macht sich Vorwürfe, weil {rer} die Anzeichen übersehen hat.",
	"{R}, {relDesc}, hält in diesen Tagen die Angehörigen zusammen.",
	"{R}, {relDesc}, nimmt sich für die nächsten Tage frei.",
}

var destSentences = []string{
	"{R} will im Herbst {dest} ziehen, {goal}.",
	"{R} hat beschlossen, {dest} umzuziehen, {goal}.",
}

var married = []string{
	"{P} ist seit vielen Jahren mit {S} verheiratet.",
	"{S}, mit {sdem} {P} seit über zwanzig Jahren verheiratet ist, weicht nicht von {seiner} Seite.",
	"Verheiratet ist {P} mit {S}, {sder} im Schichtdienst arbeitet.",
}

var divorced = []string{
	"Von {ex} lebt {P} seit Jahren getrennt.",
	"{P} ist geschieden, der Kontakt zu {ex} ist längst abgebrochen.",
}

var familyFill = []string{
	"{rEr} hat das Gefühl, dass man {rihm} nicht alles sagt.",
	"Zu Hause stapelt sich die Post, um die sich niemand kümmert.",
	"{R} telefoniert stundenlang mit Verwandten.",
	"Am Küchentisch wird über Geld gestritten.",
	"{Rg} Freund bringt jeden Tag etwas zu essen vorbei.",
	"{rEr} schläft seit Tagen kaum.",
	"Ein Nachbar bietet an, den Rasen zu mähen.",
	"Alte Fotos erinnern {R} an den vorigen Urlaub an der Ostsee.",
}

// treating names the treating doctor.
var treating = []string{
	"{P} wird auf der Station von {D} behandelt.",
	"Die Behandlung von {Pd} übernimmt {D}.",
	"{D}, {dder} an diesem Tag Dienst hat, kümmert sich um {Pd}.",
}

var colleague = []string{
	"Unterstützt wird {Dl} von {D2}, {docApposDat}.",
	"{D2} arbeitet seit vielen Jahren als {D2role} in der {clinic}.",
}

// doctorHome holds the doctor's spouse.
var doctorHome = []string{
	"{Df} ist mit {Dspouse} verheiratet, {dsder} sich über die vielen Nachtdienste beklagt.",
	"Zu Hause wartet {Dspouse}, mit {dsdem} {Df} seit Jahren verheiratet ist, vergeblich mit dem Abendessen.",
}

var doctorsFill = []string{
	"{Dl} lässt weitere Befunde anfordern.",
	"Im Arztzimmer wird heftig über die richtige Therapie diskutiert.",
	"{Dl} erklärt, die nächsten Stunden seien entscheidend.",
	"Die Laborwerte geben zunächst keinen klaren Hinweis.",
	"{dEr} setzt eine weitere Ultraschalluntersuchung an.",
	"Eine Kollegin aus der Radiologie wird hinzugezogen.",
	"{Dl} nimmt sich Zeit, den Angehörigen jeden Schritt zu erklären.",
}

// sideFill: a short side story about the clinic, two of these.
var sideFill = []string{
	"Währenddessen hat {D2l} mit einem kniffligen Notfall zu tun.",
	"Auf der Station sorgt ein neuer Kollege für Ärger.",
	"Die Verwaltung der {clinic} kündigt Einsparungen an, die das Team verärgern.",
	"{D2f} überlegt, ob {eer} die Leitung einer Praxis übernehmen soll.",
	"Ein Praktikant verwechselt zwei Patientenakten, was zum Glück rechtzeitig bemerkt wird.",
	"Am Abend wird im Aufenthaltsraum der Geburtstag einer Pflegerin gefeiert.",
}

var crisis = []string{
	"In der zweiten Nacht fällt der Blutdruck von {Pd} unvermittelt ab, und {Dl} muss sofort operieren.",
	"Kurz vor der geplanten Entlassung erleidet {P} einen Rückschlag, der einen erneuten Eingriff nötig macht.",
	"Bei einer Nachuntersuchung entdeckt {Dl}, dass sich bei {Pd} eine gefährliche Blutung gebildet hat.",
}

var crisisFill = []string{
	"Auf dem Flur wartet {R} stundenlang auf Nachricht.",
	"{R} fragt {Dl}, ob {rParentNom} es schaffen werde.",
	"Der Eingriff dauert länger als geplant.",
	"Niemand aus der Verwandtschaft kann in dieser Nacht schlafen.",
	"{Dl} versichert, man tue alles Menschenmögliche.",
}

var rescued = []string{
	"Bei einem mehrstündigen Eingriff wird {P} gerettet.",
	"Dank dem raschen Eingreifen von {Dl} kann {P} gerettet werden.",
	"{Dl} und {dsein} Team retten {Pd} in letzter Minute.",
}

var lost = []string{
	"{P} stirbt in der folgenden Nacht, ohne aus der Narkose aufzuwachen.",
	"Für {Pd} kommt jede Hilfe zu spät.",
}

// titleLine names the episode now and then.
var titleLine = "Die Folge trägt den Titel „{title}“."

var endingFill = []string{
	"{R} nimmt sich vor, künftig mehr Zeit mit den Angehörigen zu verbringen.",
	"Die Verwandtschaft rückt in diesen Tagen enger zusammen.",
	"Für {R} fängt ein neues Kapitel an.",
	"Ob alles wieder wird wie früher, weiß niemand.",
	"{Dl} verlässt an diesem Abend erst spät die Klinik.",
}
