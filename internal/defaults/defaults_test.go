package defaults

import (
	"testing"
	"time"
)

func TestSet(t *testing.T) {
	var d time.Duration
	Set(&d, time.Second)
	neg := -time.Second
	Set(&neg, time.Second)
	kept := 2 * time.Second
	Set(&kept, time.Second)
	s := ""
	Set(&s, "./data")
	if d != time.Second || neg != time.Second || kept != 2*time.Second || s != "./data" {
		t.Errorf("got %v %v %v %q", d, neg, kept, s)
	}
}
