package migrate

import (
	"context"
	"errors"
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

// fakeTx is a database that only remembers the applied versions.
type fakeTx struct{ applied *[]int }

func (f fakeTx) Version(context.Context) (int, error) { return len(*f.applied), nil }
func (f fakeTx) Apply(_ context.Context, m Migration) error {
	*f.applied = append(*f.applied, m.Version)
	return nil
}

func TestRun(t *testing.T) {
	ms := []Migration{{Version: 1}, {Version: 2}, {Version: 3}}
	var applied []int
	txs := 0
	inTx := func(_ context.Context, fn func(Tx) error) error { txs++; return fn(fakeTx{&applied}) }
	if err := run(context.Background(), ms, 2, inTx); err != nil || len(applied) != 2 {
		t.Fatalf("up to 2: %v, applied %v", err, applied)
	}
	if err := run(context.Background(), ms, 0, inTx); err != nil || len(applied) != 3 {
		t.Fatalf("all: %v, applied %v", err, applied)
	}
	if txs != 5 { // one per migration plus one that finds nothing to do, per Run
		t.Errorf("%d transactions, want 5", txs)
	}
	if err := run(context.Background(), ms[:2], 0, inTx); err == nil || !strings.Contains(err.Error(), "newer than this program knows") {
		t.Errorf("newer database: %v", err)
	}
	boom := errors.New("boom")
	if err := run(context.Background(), ms, 0, func(context.Context, func(Tx) error) error { return boom }); !errors.Is(err, boom) {
		t.Errorf("transaction error: %v", err)
	}
}
