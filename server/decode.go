package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
	"unicode/utf8"

	"github.com/newsreuse/dedupe"
)

// maxIDBytes bounds a document's ID.
const maxIDBytes = 4096

// A posted document is a JSON object:
//
//	{"id": "reuters-123", "text": "Stocks rose ...", "time": "2024-05-12T09:30:00Z", "html": false}
//
// "id" is a non-empty string of at most maxIDBytes, "text" a string;
// "time" (optional) an RFC 3339 string or a number of Unix seconds, and
// "html" (optional) true when the text is HTML. Other fields are
// ignored. The object must be valid UTF-8; a JSON escape of a lone
// surrogate ("\ud800") is read, as encoding/json reads it, as U+FFFD.
type posted struct {
	ID   json.RawMessage `json:"id"`
	Text json.RawMessage `json:"text"`
	Time json.RawMessage `json:"time"`
	HTML json.RawMessage `json:"html"`
}

// decodeDocument decodes one posted document. Its error names what is
// wrong: the JSON's syntax (with the byte offset), a field, or bytes that
// are not UTF-8. The document's ID is returned, if it was read, with an
// error about another field.
func decodeDocument(b []byte) (dedupe.Document, error) {
	var doc dedupe.Document
	if !utf8.Valid(b) {
		return doc, fmt.Errorf("invalid UTF-8 at byte %d", invalidAt(b))
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return doc, errors.New("empty: want a JSON object with \"id\" and \"text\"")
	}
	var p posted
	if err := json.Unmarshal(b, &p); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			return doc, fmt.Errorf("malformed JSON at byte %d: %v", se.Offset, se)
		case errors.As(err, &te) && te.Field == "":
			return doc, fmt.Errorf("want a JSON object with \"id\" and \"text\", not %s", te.Value)
		default:
			return doc, fmt.Errorf("malformed JSON: %v", err)
		}
	}
	if err := stringField("id", p.ID, &doc.ID); err != nil {
		return doc, err
	}
	switch {
	case doc.ID == "":
		return doc, errors.New(`field "id" is empty`)
	case len(doc.ID) > maxIDBytes:
		return doc, fmt.Errorf(`field "id" is longer than the limit of %d bytes`, maxIDBytes)
	}
	var text string
	if err := stringField("text", p.Text, &text); err != nil {
		return doc, err
	}
	doc.Text = []byte(text)
	if !isNull(p.HTML) {
		if err := json.Unmarshal(p.HTML, &doc.HTML); err != nil {
			return doc, fmt.Errorf(`field "html" must be true or false, not %s`, kind(p.HTML))
		}
	}
	t, err := timeField(p.Time)
	if err != nil {
		return doc, err
	}
	doc.Time = t
	return doc, nil
}

// stringField decodes the required string field name from raw into s.
func stringField(name string, raw json.RawMessage, s *string) error {
	if isNull(raw) {
		return fmt.Errorf("field %q is missing", name)
	}
	if raw[0] != '"' {
		return fmt.Errorf("field %q must be a string, not %s", name, kind(raw))
	}
	if err := json.Unmarshal(raw, s); err != nil {
		return fmt.Errorf("field %q: %v", name, err)
	}
	return nil
}

// timeField decodes the optional "time": an RFC 3339 string or a number
// of Unix seconds (fractions allowed).
func timeField(raw json.RawMessage) (time.Time, error) {
	if isNull(raw) {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return time.Time{}, fmt.Errorf(`field "time": %v`, err)
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, fmt.Errorf(`field "time" %q is not an RFC 3339 time (2024-05-12T09:30:00Z)`, s)
		}
		return t, nil
	}
	var secs float64
	if err := json.Unmarshal(raw, &secs); err != nil {
		return time.Time{}, fmt.Errorf(`field "time" must be an RFC 3339 string or Unix seconds, not %s`, kind(raw))
	}
	// Years 1 to 9999, the range of RFC 3339.
	if secs < -62135596800 || secs > 253402300799 || math.IsNaN(secs) {
		return time.Time{}, fmt.Errorf(`field "time" %s is out of range (Unix seconds of years 1 to 9999)`, raw)
	}
	whole, frac := math.Modf(secs)
	return time.Unix(int64(whole), int64(frac*1e9)).UTC(), nil
}

func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// kind names the JSON type of the value raw.
func kind(raw json.RawMessage) string {
	switch raw[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// invalidAt returns the offset of the first byte of b that is not part of
// valid UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}
