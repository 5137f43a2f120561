package lexicon

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"strings"
)

// blockSize must match internal/lexgen.frontCode.
const blockSize = 16

// fcTable is a read-only sorted string table with front coding in blocks of
// 16 keys (see internal/lexgen). Values are optional uvarints.
type fcTable struct {
	n      int
	nb     int
	offs   []byte // nb × u32
	data   []byte
	hasVal bool
}

func newFC(b []byte, hasVal bool) fcTable {
	n := int(binary.LittleEndian.Uint32(b))
	nb := int(binary.LittleEndian.Uint32(b[4:]))
	return fcTable{n: n, nb: nb, offs: b[8 : 8+4*nb], data: b[8+4*nb:], hasVal: hasVal}
}

func (t *fcTable) blockOff(i int) int {
	return int(binary.LittleEndian.Uint32(t.offs[4*i:]))
}

// head returns the first key of block i (it is stored uncompressed).
func (t *fcTable) head(i int) []byte {
	p := t.blockOff(i)
	_, n := binary.Uvarint(t.data[p:]) // shared == 0
	p += n
	l, n := binary.Uvarint(t.data[p:])
	p += n
	return t.data[p : p+int(l)]
}

// blockAtMost is the last block whose head is at most key, or -1.
func (t *fcTable) blockAtMost(key string) int {
	lo, hi := 0, t.nb
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if string(t.head(m)) <= key {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// entry decodes the front-coded entry at p onto prev (the key before it)
// and returns the key, its value (0 without values) and the next offset.
func (t *fcTable) entry(p int, prev []byte) (key []byte, val uint64, next int) {
	shared, n := binary.Uvarint(t.data[p:])
	p += n
	l, n := binary.Uvarint(t.data[p:])
	p += n
	key = append(prev[:shared], t.data[p:p+int(l)]...)
	p += int(l)
	if t.hasVal {
		val, n = binary.Uvarint(t.data[p:])
		p += n
	}
	return key, val, p
}

// find returns the index and value of key.
func (t *fcTable) find(key string) (idx int, val uint32, ok bool) {
	b := t.blockAtMost(key)
	if b < 0 {
		return 0, 0, false
	}
	var buf [96]byte
	cur := buf[:0]
	p := t.blockOff(b)
	for i := b * blockSize; i < t.n && i < (b+1)*blockSize; i++ {
		var v uint64
		cur, v, p = t.entry(p, cur)
		switch c := compare(cur, key); {
		case c == 0:
			return i, uint32(v), true
		case c > 0:
			return 0, 0, false
		}
	}
	return 0, 0, false
}

func compare(b []byte, s string) int {
	bs := string(b) // no allocation in comparisons
	switch {
	case bs < s:
		return -1
	case bs > s:
		return 1
	}
	return 0
}

// key returns the key with index i.
func (t *fcTable) key(i int) string {
	if i < 0 || i >= t.n {
		return ""
	}
	b := i / blockSize
	var buf [96]byte
	cur := buf[:0]
	p := t.blockOff(b)
	for j := b * blockSize; j <= i; j++ {
		cur, _, p = t.entry(p, cur)
	}
	return string(cur)
}

func gunzip(b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		panic("lexicon: corrupt embedded data: " + err.Error())
	}
	var out bytes.Buffer
	out.Grow(len(b) * 3)
	if _, err := io.Copy(&out, zr); err != nil {
		panic("lexicon: corrupt embedded data: " + err.Error())
	}
	return out.Bytes()
}

// u32 reads element i of a little-endian uint32 array.
func u32(b []byte, i int) uint32 { return binary.LittleEndian.Uint32(b[4*i:]) }

// seek reports whether key is in the table (exact) and whether some key has
// key as a proper prefix (more).
func (t *fcTable) seek(key string) (exact, more bool) {
	b := max(t.blockAtMost(key), 0)
	var buf, nbuf [96]byte
	cur := buf[:0]
	p := t.blockOff(b)
	i := b * blockSize
	next := func(dst []byte) []byte {
		dst, _, p = t.entry(p, dst)
		i++
		return dst
	}
	for {
		if i >= t.n {
			return false, false
		}
		cur = next(cur)
		if compare(cur, key) >= 0 {
			break
		}
	}
	if string(cur) == key {
		if i >= t.n {
			return true, false
		}
		nx := append(nbuf[:0], cur...)
		nx = next(nx)
		return true, strings.HasPrefix(string(nx), key)
	}
	return false, strings.HasPrefix(string(cur), key)
}
