package knowledge

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadErrorsNameTheFile(t *testing.T) {
	good := &fstest.MapFile{Data: []byte("Maja malt ein Bild. Sie schenkt es ihrem Vater.")}
	tests := []struct {
		name  string
		files fstest.MapFS
		want  []string
	}{
		{"empty file", fstest.MapFS{"a.txt": good, "b.txt": {Data: []byte(" \n\t")}}, []string{"b.txt", "leer"}},
		{"not utf-8", fstest.MapFS{"latin1.txt": {Data: []byte("M\xe4dchen malt.")}}, []string{"latin1.txt", "UTF-8"}},
		{"binary", fstest.MapFS{"bild.txt": {Data: []byte("PNG\x00\x01\x02")}}, []string{"bild.txt", "Binär"}},
		{"no txt", fstest.MapFS{"readme.md": {Data: []byte("# hi")}}, []string{"keine *.txt"}},
		{"bad front matter", fstest.MapFS{"x.txt": {Data: []byte("---\nepisode: zwei\n---\nText.")}}, []string{"x.txt", "Folgennummer"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(tt.files)
			if err == nil {
				t.Fatal("want error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestLoadDirErrors(t *testing.T) {
	if _, err := LoadDir(filepath.Join(t.TempDir(), "fehlt")); err == nil || !strings.Contains(err.Error(), "fehlt") {
		t.Errorf("missing dir: %v", err)
	}
	file := filepath.Join(t.TempDir(), "datei.txt")
	os.WriteFile(file, []byte("x"), 0o644)
	if _, err := LoadDir(file); err == nil || !strings.Contains(err.Error(), "kein Verzeichnis") {
		t.Errorf("file instead of dir: %v", err)
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "a.txt"), []byte("Maja malt."), 0o000)
		if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "a.txt") {
			t.Errorf("unreadable file: %v", err)
		}
	}
}

func TestLoadIgnoresOtherFilesAndSortsByName(t *testing.T) {
	base, err := Load(fstest.MapFS{
		"b.txt":      {Data: []byte("Herr Krause stürzt. Herr Krause kommt in die Klinik.")},
		"a.TXT":      {Data: []byte("Frau Lindner ist krank. Frau Lindner lacht.")},
		"notes.md":   {Data: []byte("ignored")},
		"sub/c.txt":  {Data: []byte("nested files are not episodes")},
		"sub/d.json": {Data: []byte("{}")},
	})
	if err != nil {
		t.Fatal(err)
	}
	eps := base.Episodes()
	if len(eps) != 2 || eps[0].ID != "a" || eps[1].ID != "b" || eps[0].Number != 1 || eps[1].Number != 2 {
		t.Fatalf("episodes: %+v", eps)
	}
}

func TestBuildRejectsDuplicateIDs(t *testing.T) {
	_, err := Build([]Document{{Name: "x.txt", Text: []byte("Maja malt.")}, {Name: "x.TXT", Text: []byte("Maja malt.")}})
	if err == nil || !strings.Contains(err.Error(), "doppelt") {
		t.Errorf("unexpected error: %v", err)
	}
	if _, err := Build(nil); err == nil {
		t.Error("no documents must be an error")
	}
}

func TestDefaultEmbedsSeeds(t *testing.T) {
	base, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	st := base.Stats()
	if st.Episodes != 3 || st.Sentences < 40 || st.Characters < 5 {
		t.Errorf("stats of the embedded seeds: %+v", st)
	}
}
