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
