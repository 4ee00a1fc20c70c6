package corpus

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/newsreuse/dedupe/shingle"
)

// TestInvalidUTF8 reads text files and JSON lines with bytes that are not
// UTF-8: mis-encoded text is kept, its bytes unchanged, with one warning
// per file; text in another encoding, or not text, is skipped.
func TestInvalidUTF8(t *testing.T) {
	utf16 := []byte{}
	for _, c := range "Stocks rose" {
		utf16 = append(utf16, byte(c), 0)
	}
	files := map[string]string{
		"latin1.txt":    "caf\xe9 au lait, cr\xe8me br\xfbl\xe9e", // 4 of 29 bytes invalid
		"cp1251.txt":    "\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0",  // "Привет мир": 9 of 10
		"utf16le.txt":   string(utf16),
		"edge30.txt":    "\xff\xff\xffabcdefg", // 30% exactly: kept
		"edge31.txt":    "\xff\xff\xff\xffabcdefghi",
		"truncated.txt": "ok, a cut rune \xe2\x80", // two invalid bytes
		"feed.jsonl": `{"id":"j1","text":"valid \u00e9"}` + "\n" +
			`{"id":"j2","text":"caf` + "\xe9" + ` au lait"}` + "\n" +
			`{"id":"j3","text":"caf` + "\xe9" + `\n\u00e9"}` + "\n" + // with escapes
			`{"id":"j4","text":"` + "\xff" + `"}` + "\n",
	}
	dir := writeTree(t, files)
	docs, warns := readBoth(t, []string{dir}, Options{})
	content := map[string]string{}
	for _, d := range docs {
		content[d.ID] = string(d.Content)
	}
	want := map[string]string{
		"latin1.txt":    files["latin1.txt"],
		"edge30.txt":    files["edge30.txt"],
		"truncated.txt": files["truncated.txt"],
		"j1":            "valid é",
		"j2":            "caf\xe9 au lait",
		"j3":            "caf\xe9\né",
		"j4":            "\xff",
	}
	for id, w := range want {
		if content[id] != w {
			t.Errorf("%s: content %q, want %q", id, content[id], w)
		}
	}
	if len(content) != len(want) {
		t.Errorf("documents %q, want those of %v", ids2(docs), want)
	}
	checkWarnings(t, dir, warns, []wantWarning{
		{"cp1251.txt", ErrNotUTF8, "not UTF-8 text (9 of 10 bytes invalid, the first at offset 0)"},
		{"edge30.txt", ErrInvalidUTF8Replaced, "invalid UTF-8 at byte 0 (and 2 more); read as U+FFFD"},
		{"edge31.txt", ErrNotUTF8, "not UTF-8 text (4 of 13 bytes invalid, the first at offset 0)"},
		{"feed.jsonl:2", ErrInvalidUTF8Replaced, `invalid UTF-8 in "text" at byte 3 (and in 2 more lines); read as U+FFFD`},
		{"latin1.txt", ErrInvalidUTF8Replaced, "invalid UTF-8 at byte 3 (and 3 more); read as U+FFFD"},
		{"truncated.txt", ErrInvalidUTF8Replaced, "invalid UTF-8 at byte 15 (and 1 more); read as U+FFFD"},
		{"utf16le.txt", ErrBinary, "binary file (NUL byte at offset 1)"},
	})

	// Package shingle reads each invalid byte as U+FFFD, a separator, and
	// its offsets index the bytes as read.
	var words []string
	text := []byte(want["latin1.txt"])
	for tok := range (shingle.Shingler{}).Tokens(text) {
		words = append(words, string(text[tok.Start:tok.End]))
	}
	if got := strings.Join(words, "|"); got != "caf|au|lait|cr|me|br|l|e" {
		t.Errorf("tokens %q", got)
	}
	if !bytes.Equal(text, []byte(files["latin1.txt"])) {
		t.Error("the tokenizer changed the text")
	}
}

// TestCheckThreshold: a text file is skipped as not UTF-8 when more than
// maxInvalid of its bytes are invalid, and kept otherwise.
func TestCheckThreshold(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want error
	}{
		{"", nil},
		{"plain", nil},
		{"\xff", ErrNotUTF8},
		{"\xffabc", ErrInvalidUTF8Replaced}, // 25%
		{"\xff\xfeab", ErrNotUTF8},          // 50%
		{"\xe2\x82", ErrNotUTF8},            // a cut rune is two invalid bytes
		{"\xe2\x82\xac", nil},               // €
		{"a\x00", ErrBinary},
	} {
		err := check([]byte(tt.in), kindText)
		if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
			t.Errorf("check(%q) = %v, want %v", tt.in, err, tt.want)
		}
		if err := check([]byte(tt.in), kindHTML); err != nil && !errors.Is(err, ErrBinary) {
			t.Errorf("check(%q, HTML) = %v: HTML is not checked for UTF-8", tt.in, err)
		}
	}
}
