package migrate

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoad(t *testing.T) {
	ms, err := Load(fstest.MapFS{
		"m/0002_b.sql": {Data: []byte("B")},
		"m/0001_a.sql": {Data: []byte("A")},
		"m/readme.md":  {Data: []byte("x")},
	}, "m/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Version != 1 || ms[0].SQL != "A" || ms[1].Name != "0002_b.sql" {
		t.Errorf("got %+v", ms)
	}
}

func TestLoadRejects(t *testing.T) {
	tests := map[string]fstest.MapFS{
		"must start with a number": {"m/x_a.sql": {}},
		"expected version 2":       {"m/0001_a.sql": {}, "m/0003_c.sql": {}},
		"expected version 1":       {"m/0002_b.sql": {}},
	}
	for want, fsys := range tests {
		if _, err := Load(fsys, "m/*.sql"); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("want error %q, got %v", want, err)
		}
	}
	dup := fstest.MapFS{"m/0001_a.sql": {}, "m/0001_b.sql": {}}
	if _, err := Load(dup, "m/*.sql"); err == nil {
		t.Error("duplicate versions must be rejected")
	}
}
