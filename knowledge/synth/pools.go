package synth

// Word pools. Everything here is ordinary German vocabulary and common
// German names; the generator combines them at random (seeded), so no
// episode, name or question of the real series is written down here.

var femaleFirst = words(`Anna Lena Maja Sophie Marie Emma Mia Hannah Lea Laura Julia Sarah Lisa Katrin
Sabine Petra Monika Andrea Claudia Susanne Birgit Heike Karin Ute Gabriele Martina Kerstin Silke
Anja Nicole Stefanie Tanja Nadine Melanie Christina Franziska Johanna Katharina Charlotte Clara
Greta Ida Frieda Paula Luise Helene Mathilda Emilia Amelie Lina Pia Nele Jana Carla Alina Vanessa
Jessica Jennifer Sandra Daniela Simone Manuela Doris Renate Ingrid Ursula Elke Bärbel Gisela
Hildegard Margarete Erika Christa Brigitte Elisabeth Waltraud Helga Edith Irene Jutta Dagmar
Rosemarie Gudrun Marlene Käthe Lotte Wilma Tamara Miriam Nina Svenja Yvonne Antje Britta Corinna
Dörte Friederike Gesine Hanna Imke Inga Jasmin Judith Kathrin Larissa Leonie Lilly Luisa Maren
Marina Merle Natalie Olga Pauline Ronja Rebecca Regina Ricarda Romy Saskia Selina Sina Sonja
Theresa Ulrike Verena Viktoria Wiebke Zoe Elena Eva Ella Fiona Gerda Hedwig Irma Josefine Lara
Linda Magdalena Melina Nora Patricia Ramona Sibylle Tina Vera Annika Bettina Cornelia Elfriede
Esther Henriette Isabell Karla Marion Martha Nadja Rita Roswitha Sylvia Tatjana Evelyn Ines`)

var maleFirst = words(`Thomas Michael Andreas Stefan Frank Jürgen Klaus Peter Wolfgang Uwe Bernd Ralf
Jörg Dirk Holger Matthias Markus Martin Christian Alexander Sebastian Tobias Daniel Florian Jan
Lukas Leon Paul Jonas Felix Maximilian Luca Noah Elias Finn Ben Tim Niklas Moritz Julian Philipp
David Simon Jakob Anton Emil Theo Oskar Karl Friedrich Heinrich Hermann Werner Günther Helmut
Manfred Dieter Gerhard Horst Rolf Rainer Norbert Lothar Siegfried Joachim Hartmut Volker Detlef
Reinhard Gerd Harald Kurt Otto Walter Ernst Willi Heinz Hans Georg Ludwig Erich Alfred Roland
Steffen Sven Torsten Carsten Kai Lars Nils Ole Björn Henning Malte Timo Marco Mario Patrick
Benjamin Dominik Fabian Kevin Marcel Pascal Robin Dennis Sascha Jens Mirko Axel Bodo Eckhard
Egon Falk Gregor Gustav Ingo Konrad Lutz Norman Olaf Rüdiger Ulrich Vincent Wilhelm Xaver Adrian
Arne Bastian Bruno Colin Erik Hannes Hendrik Jannik Jonathan Kilian Leo Lennart Linus Mats Mika
Nico Pius Rafael Samuel Till Valentin Benedikt Clemens Eberhard Ferdinand Gottfried Hubert
Jannis Konstantin Leopold Magnus Raphael Severin Tristan Wendelin Yannick Johannes Mathis
Jonte Hugo Richard Albert Viktor Franz Rudolf August Christoph Bernhard Gunnar`)

// surnames: common German surnames written out, plus compounds built from
// surname parts below (Lind+ner, Hof+mann, …) for a few hundred more.
var surnamesCommon = words(`Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz
Hoffmann Schäfer Koch Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
Hartmann Lange Schmitt Werner Schmitz Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann
König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert Vogel
Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht Schuster
Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto Sommer Groß Seidel
Heinrich Brandt Haas Schreiber Graf Schulte Dietrich Ziegler Kuhn Kühn Pohl Engel Horn Busch
Bergmann Thomas Voigt Sauer Arnold Wolff Pfeiffer Lindner Voß Ernst Brunner Ebert Kessler Gerlach
Hesse Jansen Kolb Kühne Lindemann Marx Nowak Oswald Petzold Rausch Rieger Seifert Thiele Ulbrich
Wendt Wirth Zander Fiedler Grimm Hennig Jakob Kunze Lenz Mertens Naumann Opitz Paul Reuter Sander
Stark Ulrich Wenzel Zeller Böttcher Dörr Eichler Fritsche Gebhardt Haase Illing Junghans Kasper
Lorenzen Matthes Nitsche Pätzold Queck Reichelt Sattler Tietze Uhlig Vetter Wunderlich Zschoche
Scholze Hertel Kretschmer Hänel Gräfe Pietsch Ackermann Beyer Claus Dressler Ehrlich Fleischer
Göbel Heller Iwanow Jahn Kirchner Lucas Mohr Nagel Ott Preuß Rösler Stolz Teichmann Unger`)

var surnameHeads = words(`Lind Hof Berg Wald Stein Rosen Sommer Fried Kast Kress Brand Eich Hart
Feld Bach Kirch Mühl Holz Buch Wies Linden Ober Nieder Kal Ross Sonnen Gold Silber Eisen Blum
Hage Rein Stock Birk Esch Heid Loh Moos Rath Tann Weid Dorn Hessel Kamp Brock Alt Neu Hoch
Lauten Reich Stroh Korn Hein Ehren Grün Kron Wend Wester Oster Hasel Apfel Wein Hopf Lehr Burg
Elb Saal Mulde Pleiß Iser Gries Sand Lehm Fels Quell Brunn Teich Hain Au Ried Rodt Roden Zell
Kling Stahl Kupfer Horn Adler Falk Hirsch Bären Wolfs Otter Luchs Engel Gott Frei Voll Kurz Lang`)

var surnameTails = words(`mann ner meier huber hofer bauer berger hold ert inger ke müller schmidt`)

var doctorRolesF = words(`Ärztin Oberärztin Chirurgin Internistin Chefärztin Assistenzärztin Kardiologin Neurologin Anästhesistin`)
var doctorRolesM = words(`Arzt Oberarzt Chirurg Internist Chefarzt Assistenzarzt Kardiologe Neurologe Anästhesist`)

var clinics = words(`Sachsenklinik Elbtalklinik Lindenklinik Auenklinik Muldentalklinik`)

var cities = words(`Leipzig Dresden Chemnitz Zwickau Halle Erfurt Jena Gera Plauen Bautzen Görlitz
Meißen Freiberg Torgau Grimma Wurzen Delitzsch Markkleeberg Borna Riesa Pirna Döbeln Altenburg Weimar
Magdeburg Dessau Potsdam Cottbus Zeitz Naumburg Merseburg Oschatz Eilenburg Taucha Radebeul
Hoyerswerda Glauchau Annaberg Aue Meerane Crimmitschau Reichenbach Schkeuditz Colditz Rochlitz`)

var countWords = words(`zwei drei vier fünf sechs sieben acht neun zehn elf zwölf`)

var titles = []string{"Wege des Lebens", "Zweite Chance", "Zwischen den Welten", "Herzenssache",
	"Ein neuer Anfang", "Schatten der Vergangenheit", "Gegen die Zeit", "Letzte Hoffnung",
	"Familienbande", "Mut zur Wahrheit", "Ungesagte Worte", "Der lange Weg", "Vertrauensfrage",
	"Am seidenen Faden", "Neue Wege", "Im Hier und Jetzt", "Auf Messers Schneide", "Gemeinsam stark",
	"Was bleibt", "Loslassen", "Bis zum Morgen", "Stille Helden", "Zerreißprobe", "Unter Druck"}

// job is a profession in male and female form.
type job struct{ m, f string }

var jobs = []job{{"Busfahrer", "Busfahrerin"}, {"Lehrer", "Lehrerin"}, {"Tischler", "Tischlerin"},
	{"Bäcker", "Bäckerin"}, {"Elektriker", "Elektrikerin"}, {"Polizist", "Polizistin"},
	{"Journalist", "Journalistin"}, {"Landwirt", "Landwirtin"}, {"Architekt", "Architektin"},
	{"Buchhalter", "Buchhalterin"}, {"Verkäufer", "Verkäuferin"}, {"Friseur", "Friseurin"},
	{"Mechaniker", "Mechanikerin"}, {"Musiker", "Musikerin"}, {"Gärtner", "Gärtnerin"},
	{"Postbote", "Postbotin"}, {"Taxifahrer", "Taxifahrerin"}, {"Ingenieur", "Ingenieurin"},
	{"Dachdecker", "Dachdeckerin"}, {"Maler", "Malerin"}, {"Apotheker", "Apothekerin"},
	{"Fotograf", "Fotografin"}, {"Kellner", "Kellnerin"}, {"Hausmeister", "Hausmeisterin"},
	{"Unternehmer", "Unternehmerin"}, {"Fernfahrer", "Fernfahrerin"}, {"Schreiner", "Schreinerin"},
	{"Koch", "Köchin"}, {"Rechtsanwalt", "Rechtsanwältin"}, {"Erzieher", "Erzieherin"},
	{"Bauarbeiter", "Bauarbeiterin"}, {"Schlosser", "Schlosserin"}, {"Förster", "Försterin"},
	{"Metzger", "Metzgerin"}, {"Bibliothekar", "Bibliothekarin"}, {"Trainer", "Trainerin"}}

// jobAdjectives are declined after "ein" (m) and "eine" (f).
var jobAdjectives = [][2]string{{"pensionierter", "pensionierte"}, {"junger", "junge"},
	{"erfolgreicher", "erfolgreiche"}, {"alleinerziehender", "alleinerziehende"},
	{"leidenschaftlicher", "leidenschaftliche"}, {"ehemaliger", "ehemalige"},
	{"selbstständiger", "selbstständige"}, {"erfahrener", "erfahrene"}, {"fleißiger", "fleißige"}}

// illness: the word to expect in an answer, "an …" after "leidet", and the
// accusative object after "diagnostiziert".
type illness struct{ name, dat, acc string }

var illnesses = []illness{
	{"Leukämie", "an Leukämie", "Leukämie"},
	{"Herzinfarkt", "an den Folgen eines Herzinfarkts", "einen Herzinfarkt"},
	{"Lungenentzündung", "an einer schweren Lungenentzündung", "eine schwere Lungenentzündung"},
	{"Blinddarmentzündung", "an einer akuten Blinddarmentzündung", "eine akute Blinddarmentzündung"},
	{"Schlaganfall", "an den Folgen eines Schlaganfalls", "einen Schlaganfall"},
	{"Diabetes", "an Diabetes", "Diabetes"},
	{"Hirntumor", "an einem Hirntumor", "einen Hirntumor"},
	{"Brustkrebs", "an Brustkrebs", "Brustkrebs"},
	{"Darmkrebs", "an Darmkrebs", "Darmkrebs"},
	{"Lungenkrebs", "an Lungenkrebs", "Lungenkrebs"},
	{"Sklerose", "an Multipler Sklerose", "Multiple Sklerose"},
	{"Epilepsie", "an Epilepsie", "Epilepsie"},
	{"Lungenembolie", "an einer Lungenembolie", "eine Lungenembolie"},
	{"Thrombose", "an einer tiefen Thrombose", "eine tiefe Thrombose"},
	{"Sepsis", "an einer Sepsis", "eine Sepsis"},
	{"Nierenversagen", "an akutem Nierenversagen", "akutes Nierenversagen"},
	{"Herzinsuffizienz", "an einer Herzinsuffizienz", "eine Herzinsuffizienz"},
	{"Herzrhythmusstörung", "an einer Herzrhythmusstörung", "eine Herzrhythmusstörung"},
	{"Morbus Crohn", "an Morbus Crohn", "Morbus Crohn"},
	{"Lymphom", "an einem Lymphom", "ein Lymphom"},
	{"Hepatitis", "an Hepatitis", "eine Hepatitis"},
	{"Leberzirrhose", "an einer Leberzirrhose", "eine Leberzirrhose"},
	{"Parkinson", "an Parkinson", "Parkinson"},
	{"Demenz", "an einer beginnenden Demenz", "eine beginnende Demenz"},
	{"Magengeschwür", "an einem Magengeschwür", "ein Magengeschwür"},
	{"Gehirnerschütterung", "an einer schweren Gehirnerschütterung", "eine schwere Gehirnerschütterung"},
	{"Beckenbruch", "an einem komplizierten Beckenbruch", "einen komplizierten Beckenbruch"},
	{"Oberschenkelhalsbruch", "an einem Oberschenkelhalsbruch", "einen Oberschenkelhalsbruch"},
	{"Borreliose", "an Borreliose", "eine Borreliose"},
	{"Tuberkulose", "an Tuberkulose", "eine Tuberkulose"},
	{"Asthma", "an schwerem Asthma", "schweres Asthma"},
	{"Anämie", "an einer Anämie", "eine Anämie"},
	{"Aneurysma", "an einem Aneurysma", "ein Aneurysma"},
	{"Bandscheibenvorfall", "an einem Bandscheibenvorfall", "einen Bandscheibenvorfall"},
	{"Gürtelrose", "an einer Gürtelrose", "eine Gürtelrose"},
	{"Mukoviszidose", "an Mukoviszidose", "Mukoviszidose"},
	{"Herzmuskelentzündung", "an einer Herzmuskelentzündung", "eine Herzmuskelentzündung"},
	{"Blutvergiftung", "an einer Blutvergiftung", "eine Blutvergiftung"},
	{"Schilddrüsenkrebs", "an Schilddrüsenkrebs", "Schilddrüsenkrebs"},
	{"Hautkrebs", "an Hautkrebs", "Hautkrebs"},
}

// treatment: plural noun for "Wie viele … hatte X?".
var treatments = words(`Operationen Chemotherapien Bestrahlungen Eingriffe Klinikaufenthalte Therapien Dialysen Herzkatheteruntersuchungen`)

// event: why the patient comes to the clinic, as a main clause after the
// subject and as a verb-final subordinate clause; {sein} etc. refer to the
// patient. expect lists words an answer must contain (any of them).
type event struct {
	main, sub string
	expect    []string
}

var events = []event{
	{"stürzt plötzlich in {seiner} Wohnung", "plötzlich in {seiner} Wohnung stürzt", []string{"stürzt", "Sturz"}},
	{"hat auf der Autobahn einen schweren Unfall", "auf der Autobahn einen schweren Unfall hat", []string{"Unfall"}},
	{"verliert beim Einkaufen das Bewusstsein", "beim Einkaufen das Bewusstsein verliert", []string{"Bewusstsein"}},
	{"fällt im Garten von einer Leiter", "im Garten von einer Leiter fällt", []string{"Leiter"}},
	{"klagt über starke Schmerzen in der Brust", "über starke Schmerzen in der Brust klagt", []string{"Schmerzen"}},
	{"erleidet beim Joggen einen Kreislaufkollaps", "beim Joggen einen Kreislaufkollaps erleidet", []string{"Kreislaufkollaps", "Joggen"}},
	{"wird mit hohem Fieber von {seiner} Nachbarin gefunden", "mit hohem Fieber von {seiner} Nachbarin gefunden wird", []string{"Fieber"}},
	{"verunglückt mit dem Fahrrad", "mit dem Fahrrad verunglückt", []string{"Fahrrad", "verunglückt"}},
	{"bekommt auf einer Familienfeier keine Luft mehr", "auf einer Familienfeier keine Luft mehr bekommt", []string{"Luft"}},
	{"kollabiert während einer Wanderung", "während einer Wanderung kollabiert", []string{"kollabiert", "Wanderung"}},
	{"wird bei einem Brand in {seiner} Werkstatt verletzt", "bei einem Brand in {seiner} Werkstatt verletzt wird", []string{"Brand"}},
	{"bricht auf dem Weg zur Arbeit zusammen", "auf dem Weg zur Arbeit zusammenbricht", []string{"bricht", "zusammenbricht", "Arbeit"}},
	{"stolpert auf der Kellertreppe", "auf der Kellertreppe stolpert", []string{"Kellertreppe", "stolpert"}},
	{"hat nach einem Streit einen Krampfanfall", "nach einem Streit einen Krampfanfall hat", []string{"Krampfanfall"}},
}

// hobby: "{R} malt viele bunte Bilder" → "Was malt {R}?" → "Bilder".
type hobby struct{ verb, object, expect string }

var hobbies = []hobby{
	{"malt", "viele bunte Bilder", "Bilder"},
	{"spielt", "leidenschaftlich gern Geige", "Geige"},
	{"liebt", "Pferde über alles", "Pferde"},
	{"sammelt", "alte Briefmarken", "Briefmarken"},
	{"schreibt", "Gedichte in ein kleines Heft", "Gedichte"},
	{"baut", "Modellflugzeuge aus Holz", "Modellflugzeuge"},
	{"liebt", "die Musik", "Musik"},
	{"spielt", "Fußball im Verein", "Fußball"},
	{"liest", "am liebsten Abenteuerromane", "Abenteuerromane"},
	{"backt", "Kuchen für die ganze Familie", "Kuchen"},
	{"fotografiert", "Vögel im Stadtpark", "Vögel"},
	{"tanzt", "seit Jahren Ballett", "Ballett"},
	{"züchtet", "Kaninchen im Hinterhof", "Kaninchen"},
	{"spielt", "jeden Abend Klavier", "Klavier"},
	{"sammelt", "Steine vom Flussufer", "Steine"},
}

// hobbyTails follow the hobby; {R…} refer to the relative.
var hobbyTails = []string{
	"in der Hoffnung, dass {rParentDat} das etwas Trost spendet",
	"um sich von den Sorgen abzulenken",
	"obwohl {rer} dafür kaum noch Zeit hat",
	"und erzählt {rParentDat} bei jedem Besuch davon",
	"weil {rihn} das an glücklichere Zeiten erinnert",
}

// destination: "{R} träumt davon, nach Kanada zu ziehen".
type destination struct{ phrase, expect string }

var destinations = []destination{{"nach Hamburg", "Hamburg"}, {"nach Kanada", "Kanada"},
	{"in die USA", "USA"}, {"in die Schweiz", "Schweiz"}, {"nach Australien", "Australien"},
	{"nach Berlin", "Berlin"}, {"nach München", "München"}, {"nach Spanien", "Spanien"},
	{"nach Norwegen", "Norwegen"}, {"nach Wien", "Wien"}, {"in die Niederlande", "Niederlande"},
	{"nach Neuseeland", "Neuseeland"}, {"nach Schweden", "Schweden"}, {"nach Köln", "Köln"},
	{"nach Irland", "Irland"}, {"nach Japan", "Japan"}, {"nach Frankreich", "Frankreich"}}

var destGoals = []string{"um dort zu studieren", "um dort eine Ausbildung zu beginnen",
	"um sich dort eine eigene Zukunft aufzubauen", "um dort ein neues Leben anzufangen",
	"wo {rer} eine Stelle angeboten bekommen hat"}

// outing: "Warum kann {R} nicht zum Konzert gehen?".
var outings = words(`Konzert Abschlussball Fußballturnier Schulfest Sommerfest Theaterstück Vorstellungsgespräch Stadtfest`)

// outingReasons complete "… gehen, weil …"; {r…} is the relative.
type reason struct {
	text   string
	expect []string
}

var outingReasons = []reason{
	{"{rer} sich um {rParentAcc} kümmern muss", []string{"kümmern"}},
	{"{rParentNom} es {rihm} verbietet", []string{"verbietet"}},
	{"{rer} kein Geld für die Fahrt hat", []string{"Geld"}},
	{"{rer} eine Nachtschicht im Supermarkt übernehmen muss", []string{"Nachtschicht"}},
	{"{rer} sich beim Training das Bein gebrochen hat", []string{"Bein", "gebrochen"}},
	{"{rer} Angst hat, {rParentAcc} allein zu lassen", []string{"allein", "Angst"}},
	{"der letzte Bus an diesem Abend ausfällt", []string{"Bus", "ausfällt"}},
	{"{rer} für eine wichtige Prüfung lernen muss", []string{"Prüfung", "lernen"}},
}
