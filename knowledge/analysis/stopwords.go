package analysis

import "strings"

// stopWords are German function words (articles, pronouns, auxiliaries,
// conjunctions, prepositions, particles) that carry no content for matching.
// They are normalised (umlauts folded) like every token. Question words are
// stop words too; the question analysis reads them before they are dropped.
var stopWords = toSet(`
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anders auch auf aus bei beide beiden beim bereits besonders bin bis bist bzw da dabei dadurch dafuer dagegen daher damals damit danach dann daran darauf daraus darin darueber darum das dass davon davor dazu dein deine deinem deinen deiner dem den denen denn dennoch der deren derer des dessen deshalb dich die dies diese diesem diesen dieser dieses dir doch dort du durch eben ebenfalls ein eine einem einen einer eines einige einigen einiger einmal er es etwa etwas euch euer eure fuer ganz gar gegen gerade gewesen habe haben hast hat hatte hatten hattest hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja je jede jedem jeden jeder jedes jedoch jemand jene jenem jenen jener jenes jetzt kann kannst koennen koennte kein keine keinem keinen keiner keines man manche manchem manchen mancher mehr mein meine meinem meinen meiner mich mir mit muss muessen musste nach nachdem neben nein nicht nichts noch nun nur ob oder ohne oft schon sehr sein seine seinem seinen seiner seines seit selbst sich sie sind so sogar solche solchem solchen solcher soll sollen sollte sondern sowie sowohl um und uns unser unsere unserem unseren unter viel viele vom von vor waehrend war waren warst was weil weiter welche welchem welchen welcher welches wem wen wenn wer werde werden werdet wessen wie wieder will wir wird wirst wo woran worauf woraus worin worum wohin woher womit wovon wozu wuerde wuerden wurde wurden zu zum zur zwar zwischen
wann warum weshalb wieso weswegen wovor worueber wofuer wodurch wogegen wonach heisst heissen hiess los eigentlich genau bitte gibt gab
obwohl trotz dank inmitten schliesslich zudem ausserdem trotzdem spaeter zunaechst anschliessend gleichzeitig inzwischen ploetzlich leider allerdings sodass
wirklich nochmal mal halt bloss ueberhaupt tatsaechlich damit wobei weder jedoch bevor seitdem sobald solange ueber unterdessen daraufhin stattdessen zuletzt ebenso dort hier
`)

func toSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// IsStopWord reports whether a normalised word is a German function word.
func IsStopWord(norm string) bool { return stopWords[norm] }
