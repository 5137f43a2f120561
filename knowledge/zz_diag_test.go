package knowledge_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"iafbot/knowledge/qa"
)

func TestDiag(t *testing.T) {
	want := os.Getenv("DIAG")
	if want == "" {
		t.Skip()
	}
	sets, _ := qa.Sets("..")
	for _, s := range sets {
		base := buildSet(t, s)
		for _, c := range s.Cases {
			if !(s.Name == "dev2" || s.Validation(c)) && os.Getenv("DIAGALL") == "" {
				continue
			}
			if want != "all" && !strings.Contains(","+want+",", ","+c.KindOrDefault()+",") {
				continue
			}
			a := base.Ask(c.Question)
			if qa.Check(c, a.Answered, a.Text) == "" {
				continue
			}
			r := base.Ranked(c.Question, 3)
			top := ""
			rightAt := -1
			for i, x := range r {
				if i == 0 {
					top = x.Text
				}
				if c.WantAnswer() && qa.Contains(c, x.Text) && rightAt < 0 {
					rightAt = i
				}
			}
			if len(top) > 160 {
				top = top[:160]
			}
			fmt.Printf("FAIL %s %s %q want=%v ans=%v p=%.2f right@%d | %s\n", s.Name, c.KindOrDefault(), c.Question, c.ExpectAny, a.Answered, a.Probability, rightAt, top)
		}
	}
}
