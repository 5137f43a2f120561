package main

import "testing"

// The softmax regression learns which word marks which class, and the
// bias the class of questions without one.
func TestFitSoftmaxLearnsMarkingWords(t *testing.T) {
	// Feature 0 is the bias, 1 marks class 1, 2 marks class 2.
	rows := [][]int{{0}, {0}, {0, 1}, {0, 1}, {0, 2}, {0, 2}, {0}}
	examples := []typeExample{{label: 0}, {label: 0}, {label: 1}, {label: 1}, {label: 2}, {label: 2}, {label: 0}}
	picked := []int{0, 1, 2, 3, 4, 5, 6}
	w := fitSoftmax(rows, examples, picked, 3, 3, 0.001)
	for i, row := range rows {
		if got := argmax(softmaxLogits(w, row, 3)); got != examples[i].label {
			t.Errorf("example %d (features %v): class %d, want %d", i, row, got, examples[i].label)
		}
	}
}

// The trap prior learns which word marks a question the synopses do not
// answer.
func TestFitTrapPriorLearnsMarkingWord(t *testing.T) {
	rows := [][]int{{0}, {0}, {0, 1}, {0, 1}, {0}}
	examples := []typeExample{{}, {}, {trap: true}, {trap: true}, {}}
	w := fitTrapPrior(rows, examples, []int{0, 1, 2, 3, 4}, 2, 0.001)
	for i, row := range rows {
		if got := trapLogit(w, row) > 0; got != examples[i].trap {
			t.Errorf("example %d: trap %v, want %v", i, got, examples[i].trap)
		}
	}
}
