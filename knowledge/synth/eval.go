package synth

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// ReadEval reads questions in the evaluation format of ../shared/eval
// (one JSON object per line: {"q": …, "expect_any": [...]} or
// {"q": …, "answerable": false}), so benchmarks can score the dev set with
// the same rules as the generated questions. Blank lines are skipped.
func ReadEval(r io.Reader) ([]QA, error) {
	var out []QA
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		var c struct {
			Q          string   `json:"q"`
			ExpectAny  []string `json:"expect_any"`
			Answerable *bool    `json:"answerable"`
		}
		if err := json.Unmarshal([]byte(text), &c); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
		if c.Q == "" {
			return nil, fmt.Errorf("line %d: no question", line)
		}
		answerable := c.Answerable == nil || *c.Answerable
		if answerable && len(c.ExpectAny) == 0 {
			return nil, fmt.Errorf("line %d: answerable question without expect_any", line)
		}
		qa := QA{Question: c.Q, Kind: "dev"}
		if answerable {
			qa.Expect = c.ExpectAny
		} else {
			qa.Kind = "dev-unanswerable"
		}
		out = append(out, qa)
	}
	return out, sc.Err()
}
