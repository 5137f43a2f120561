package customid

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func codec(t testing.TB, key string) *Codec {
	c, err := New([]byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	c := codec(t, "k")
	for _, fields := range [][]string{nil, {""}, {"000_11507054b5e5e890", "3"}, {"Dr. Roland Heilmann", "ä|ö:ü"}} {
		id, err := c.Encode("sum", fields...)
		if err != nil {
			t.Fatal(err)
		}
		kind, got, err := c.Decode(id)
		if err != nil || kind != "sum" || strings.Join(got, "\x00") != strings.Join(fields, "\x00") || len(got) != len(fields) {
			t.Errorf("%q → %q %q %v", fields, kind, got, err)
		}
	}
}

func TestForgedAndStale(t *testing.T) {
	a, b := codec(t, "a"), codec(t, "b")
	id, _ := a.Encode("vote", "up")
	if _, _, err := b.Decode(id); !errors.Is(err, ErrInvalid) {
		t.Errorf("other key: %v", err)
	}
	tampered := strings.Replace(id, "up", "dn", 1)
	if _, _, err := a.Decode(tampered); !errors.Is(err, ErrInvalid) {
		t.Errorf("tampered: %v", err)
	}
	// A correctly signed ID of another format version is stale, not forged.
	payload := "0~vote~up"
	old := payload + sep + a.sign(payload)
	if _, _, err := a.Decode(old); !errors.Is(err, ErrStale) {
		t.Errorf("old version: %v", err)
	}
	for _, bad := range []string{"", "~", "1~~x", "nonsense", strings.Repeat("x", 200)} {
		if _, _, err := a.Decode(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestEncodeLimits(t *testing.T) {
	c := codec(t, "k")
	if _, err := c.Encode("x", "a~b"); !errors.Is(err, ErrField) {
		t.Errorf("separator in field: %v", err)
	}
	if _, err := c.Encode(""); !errors.Is(err, ErrField) {
		t.Errorf("empty kind: %v", err)
	}
	n := MaxFieldRunes("sum", 1)
	id, err := c.Encode("sum", strings.Repeat("ä", n))
	if err != nil || utf8.RuneCountInString(id) != MaxLen {
		t.Errorf("longest field: %d %v", utf8.RuneCountInString(id), err)
	}
	if _, err := c.Encode("sum", strings.Repeat("ä", n+1)); !errors.Is(err, ErrTooLong) {
		t.Errorf("one too long: %v", err)
	}
	if _, err := New(nil); err == nil {
		t.Error("empty key accepted")
	}
}

// FuzzDecode: any input is refused or decodes to fields that encode back to
// the same ID; Decode never panics.
func FuzzDecode(f *testing.F) {
	c := codec(f, "fuzz")
	good, _ := c.Encode("sum", "000_ep", "2")
	for _, s := range []string{good, "", "1~sum~x~AAAAAAAAAAAA", "~~~~", "1~\xff~a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		kind, fields, err := c.Decode(id)
		if err != nil {
			return
		}
		again, err := c.Encode(kind, fields...)
		if err != nil || again != id {
			t.Fatalf("%q decoded to %q %q but encodes to %q (%v)", id, kind, fields, again, err)
		}
	})
}
