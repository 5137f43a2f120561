// Package defaults fills configuration fields left zero. Every Config in
// the project means "the default" by a zero (or negative) field; this is
// the one place that rule is written.
package defaults

import "cmp"

// Set stores def in *field when *field is zero or less ("" for strings).
func Set[T cmp.Ordered](field *T, def T) {
	var zero T
	if *field <= zero {
		*field = def
	}
}
