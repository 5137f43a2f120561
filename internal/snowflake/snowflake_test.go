package snowflake

import (
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	for s, want := range map[string]bool{
		"123456789012345678":    true,
		"1":                     true,
		"18446744073709551615":  true,  // max uint64
		"18446744073709551616":  false, // overflow, still 20 digits
		"99999999999999999999":  false,
		"123456789012345678901": false, // 21 digits
		"0":                     false,
		"000":                   false,
		"":                      false,
		"+5":                    false,
		"-5":                    false,
		"12a":                   false,
		" 12":                   false,
		"1_000":                 false,
	} {
		if got := Valid(s); got != want {
			t.Errorf("Valid(%q) = %v, want %v", s, got, want)
		}
	}
	if n, ok := Parse("4096"); !ok || n != 4096 {
		t.Errorf("Parse(4096) = %d, %v", n, ok)
	}
}

func TestAt(t *testing.T) {
	// The example from Discord's documentation: ID 175928847299117063 was
	// made at 2016-04-30 11:18:25.796 UTC.
	made := time.Date(2016, 4, 30, 11, 18, 25, 796e6, time.UTC)
	if got := At(made); got != 175928847299117063>>22<<22 {
		t.Errorf("At(%v) = %d", made, got)
	}
	if got := At(made.Add(time.Millisecond)); got <= 175928847299117063 {
		t.Errorf("an ID made a millisecond later is not after the example: %d", got)
	}
	if got := At(Epoch.Add(-time.Hour)); got != 0 {
		t.Errorf("before the epoch: %d", got)
	}
}
