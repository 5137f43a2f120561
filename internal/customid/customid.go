// Package customid encodes the state of a message component (button,
// select menu) into its custom_id, so that any process holding the key can
// answer a click: nothing is kept in memory between the message and the
// click. An ID is
//
//	1~kind~field~field~…~signature
//
// where the signature is a truncated HMAC-SHA256 of everything before it.
// Discord only sends custom IDs that our own messages carried, but the HTTP
// endpoint is reachable by anyone with a valid Discord signature on a
// different application's behalf, and the version byte lets a later format
// reject old buttons cleanly instead of misreading them.
package customid

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strings"
	"unicode/utf8"
)

// MaxLen is Discord's limit for custom_id, in characters.
const MaxLen = 100

// Version is the current format; IDs of another version are stale.
const Version = "1"

const (
	sep    = "~"
	sigLen = 12 // base64url characters, 72 bits
)

// Errors of Decode. ErrStale means the ID was once valid (other format
// version); ErrInvalid means it was not made with this key or is malformed.
var (
	ErrStale   = errors.New("customid: stale format version")
	ErrInvalid = errors.New("customid: invalid or forged")
	ErrTooLong = errors.New("customid: longer than 100 characters")
	ErrField   = errors.New("customid: field contains the separator or is not UTF-8")
)

// Codec signs and checks custom IDs with one key.
type Codec struct{ key []byte }

// New returns a codec for key; an empty key is refused because unsigned IDs
// could be forged.
func New(key []byte) (*Codec, error) {
	if len(key) == 0 {
		return nil, errors.New("customid: empty key")
	}
	return &Codec{key: append([]byte(nil), key...)}, nil
}

// DeriveKey turns a secret (e.g. the bot token, which all replicas share)
// into a key for New, so that no extra configuration is needed.
func DeriveKey(secret string) []byte {
	m := hmac.New(sha256.New, []byte("iafbot component ids"))
	m.Write([]byte(secret))
	return m.Sum(nil)
}

func (c *Codec) sign(payload string) string {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))[:sigLen]
}

// Encode returns the signed ID for kind and fields. It fails when a field
// contains the separator or the ID would exceed MaxLen.
func (c *Codec) Encode(kind string, fields ...string) (string, error) {
	parts := make([]string, 0, len(fields)+2)
	parts = append(parts, Version, kind)
	parts = append(parts, fields...)
	for _, p := range parts[1:] {
		if strings.Contains(p, sep) || !utf8.ValidString(p) {
			return "", ErrField
		}
	}
	if kind == "" {
		return "", ErrField
	}
	payload := strings.Join(parts, sep)
	id := payload + sep + c.sign(payload)
	if utf8.RuneCountInString(id) > MaxLen {
		return "", ErrTooLong
	}
	return id, nil
}

// Decode checks id and returns its kind and fields.
func (c *Codec) Decode(id string) (kind string, fields []string, err error) {
	if utf8.RuneCountInString(id) > MaxLen || !utf8.ValidString(id) {
		return "", nil, ErrInvalid
	}
	i := strings.LastIndex(id, sep)
	if i < 0 {
		return "", nil, ErrInvalid
	}
	payload, sig := id[:i], id[i+len(sep):]
	parts := strings.Split(payload, sep)
	if len(parts) < 2 || parts[1] == "" {
		return "", nil, ErrInvalid
	}
	if !hmac.Equal([]byte(sig), []byte(c.sign(payload))) {
		return "", nil, ErrInvalid
	}
	if parts[0] != Version {
		return "", nil, ErrStale
	}
	return parts[1], parts[2:], nil
}

// MaxFieldRunes is how many characters of fields fit beside kind, given n
// fields; callers use it to shorten free text (names) before Encode.
func MaxFieldRunes(kind string, n int) int {
	return MaxLen - len(Version) - utf8.RuneCountInString(kind) - sigLen - (n+2)*len(sep)
}
