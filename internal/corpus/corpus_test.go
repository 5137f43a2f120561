package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const synopsis = "Schwester Yvonne beginnt ihren Nachtdienst. Dr. Heilmann operiert."

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadDirRefusesWhatIsNotASynopsis(t *testing.T) {
	outside := t.TempDir()
	write(t, outside, "geheim.txt", synopsis)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		lim   Limits
		want  string // German error substring; the file name is checked too
		file  string
	}{
		{"FIFO", func(t *testing.T, dir string) {
			if err := syscall.Mkfifo(filepath.Join(dir, "fifo.txt"), 0o644); err != nil {
				t.Skip("no FIFOs here:", err)
			}
		}, Limits{}, "keine gewöhnliche Datei (FIFO)", "fifo.txt"},
		{"link to /dev/zero", func(t *testing.T, dir string) {
			if err := os.Symlink("/dev/zero", filepath.Join(dir, "null.txt")); err != nil {
				t.Fatal(err)
			}
		}, Limits{}, "aus dem Verzeichnis hinaus", "null.txt"},
		{"relative link out of the folder", func(t *testing.T, dir string) {
			rel, _ := filepath.Rel(dir, filepath.Join(outside, "geheim.txt"))
			if err := os.Symlink(rel, filepath.Join(dir, "raus.txt")); err != nil {
				t.Fatal(err)
			}
		}, Limits{}, "aus dem Verzeichnis hinaus", "raus.txt"},
		{"dangling link", func(t *testing.T, dir string) {
			if err := os.Symlink("weg.txt", filepath.Join(dir, "leer.txt")); err != nil {
				t.Fatal(err)
			}
		}, Limits{}, "ins Leere", "leer.txt"},
		{"directory named .txt", func(t *testing.T, dir string) {
			if err := os.Mkdir(filepath.Join(dir, "ordner.txt"), 0o755); err != nil {
				t.Fatal(err)
			}
		}, Limits{}, "keine gewöhnliche Datei (Verzeichnis)", "ordner.txt"},
		{"file over the limit", func(t *testing.T, dir string) {
			write(t, dir, "riesig.txt", strings.Repeat(synopsis+"\n", 1000))
		}, Limits{MaxFileBytes: 4 << 10}, "erlaubt sind 4.0 KiB je Datei", "riesig.txt"},
		{"folder over the limit", func(t *testing.T, dir string) {
			write(t, dir, "b.txt", strings.Repeat("x", 600<<10))
			write(t, dir, "c.txt", strings.Repeat("x", 600<<10))
		}, Limits{MaxTotalBytes: 1 << 20}, "zusammen über 1.0 MiB", "c.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, "a.txt", synopsis)
			tt.setup(t, dir)
			docs, err := ReadDir(dir, tt.lim)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.file) {
				t.Fatalf("got %d documents, error %v; want one naming %s with %q", len(docs), err, tt.file, tt.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error spans lines: %q", err)
			}
		})
	}
}

func TestReadDirReadsRegularFilesAndLinksInside(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.txt", synopsis)
	write(t, dir, "notiz.md", "kein Text für den Bot")
	if err := os.Mkdir(filepath.Join(dir, "archiv"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "archiv"), "b.txt", synopsis)
	if err := os.Symlink("archiv/b.txt", filepath.Join(dir, "b.txt")); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadDir(dir, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Name != "a.txt" || docs[1].Name != "b.txt" || string(docs[1].Text) != synopsis {
		t.Errorf("documents %+v", docs)
	}
}

func TestReadDirMissingOrUnreadable(t *testing.T) {
	if _, err := ReadDir(filepath.Join(t.TempDir(), "fehlt"), Limits{}); err == nil || !strings.Contains(err.Error(), "existiert nicht") {
		t.Errorf("missing: %v", err)
	}
	if _, err := ReadDir(t.TempDir(), Limits{}); err == nil || !strings.Contains(err.Error(), "keine *.txt") {
		t.Errorf("empty: %v", err)
	}
	if os.Geteuid() == 0 {
		return // root reads anything
	}
	dir := t.TempDir()
	write(t, dir, "a.txt", synopsis)
	os.Chmod(filepath.Join(dir, "a.txt"), 0) //nolint:errcheck // checked by the result
	if _, err := ReadDir(dir, Limits{}); err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("unreadable: %v", err)
	}
}
