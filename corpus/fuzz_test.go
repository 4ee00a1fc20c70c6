package corpus

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzReadJSONL(f *testing.F) {
	for _, s := range []string{
		"",
		`{"id":"a","text":"x"}`,
		`{"id":"a","text":"x"}` + "\n" + `{"id":"a","text":"dup"}` + "\r\n\n" + `{"id":1e2,"text":"n","time":1.25}`,
		`{"id":true}`,
		`[`,
		`{"id":"t","text":"t","time":"2024-01-02T03:04:05+01:00"}`,
		`{"id":"t","text":"t","time":-1e20}`,
		`{"id":0.0000001,"text":""}`,
		`null`,
		gz(`{"id":"z","text":"gzipped"}`),
		gz(`{"id":"z","text":"gzipped"}`)[:20],
		zst(`{"id":"z","text":"zstd"}`),
		zst(`{"id":"z","text":"zstd"}`)[:20],
		`{"id":"u","text":"caf` + "\xe9" + ` au lait"}` + "\n" + `{"id":"v","text":"\xff\n\u00e9"}`,
		`{"id":"t","text":"t","time":"yesterday"}`,
		`{"id":"g","text":"good"}` + "\n" + strings.Repeat("{bad\n", 30),
		strings.Repeat("garbage\n", GiveUpLines) + `{"id":"late","text":"given up"}`,
		`{"id":"n","text":"before"}` + "\n\x00\n" + `{"id":"m","text":"after"}`,
		`{"id":"a","teXt":""}` + "\n" + `{"id":"a","teXt":"` + "\x81" + `"}`, // invalid UTF-8 in a duplicate
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.jsonl"
		seen := map[string]bool{}
		invalidDocs, invalidWarns, lineWarns, counts := 0, 0, 0, 0
		err := ReadJSONL(bytes.NewReader(data), name, func(d Doc) error {
			if d.ID == "" {
				t.Errorf("doc with empty ID at line %d", d.Line)
			}
			if seen[d.ID] {
				t.Errorf("duplicate ID %q returned", d.ID)
			}
			seen[d.ID] = true
			if d.Path != name || d.Line < 1 || d.Format != Text {
				t.Errorf("doc %q: path %q, line %d, format %v", d.ID, d.Path, d.Line, d.Format)
			}
			if !utf8.Valid(d.Content) {
				invalidDocs++
			}
			return nil
		}, func(err error) {
			var e *Error
			if !errors.As(err, &e) || e.Path != name || e.Line < 0 || e.Err == nil {
				t.Errorf("warning %#v is not an *Error naming the input", err)
			}
			if !strings.HasPrefix(err.Error(), "corpus: "+name) {
				t.Errorf("warning %q does not name the input", err)
			}
			if counts > 0 {
				t.Errorf("warning %q after the count of those not shown", err)
			}
			switch {
			case errors.Is(err, ErrInvalidUTF8Replaced):
				invalidWarns++
			case errors.Is(err, ErrMoreProblems):
				counts++
			case e.Line > 0:
				lineWarns++
			}
		})
		if err != nil {
			t.Errorf("ReadJSONL = %v, want nil", err)
		}
		// One warning a file, when a document read had invalid UTF-8, or
		// one skipped (a duplicate ID) had: the warning is about the file.
		if invalidWarns > 1 || invalidWarns < min(invalidDocs, 1) {
			t.Errorf("%d documents with invalid UTF-8, %d warnings about it; want one per file", invalidDocs, invalidWarns)
		}
		if lineWarns > DefaultMaxWarnings || counts > 1 || counts == 1 && lineWarns < DefaultMaxWarnings {
			t.Errorf("%d warnings about lines and %d counts of others", lineWarns, counts)
		}
	})
}

// FuzzFastLine checks the fast JSON line decoder against encoding/json:
// whenever it accepts a line, the slow path must decode the same document
// without error.
func FuzzFastLine(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"x"}`,
		`{"id": 12, "title": "T", "topics": ["a", "b"], "n": -1.5e3, "x": {"y": [true, false, null]}, "text": "a\nb\u00e9\ud83d\ude00\"\\"}`,
		`{"id":"a","text":"\ud800x"}`,
		`{"ID":"a","text":"x"}`,
		`{"id":"a","text":"x","id":"b"}`,
		`{"id":"a","text":"x"} x`,
		`{"id":"a","n":01,"text":"x"}`,
		`{"id":"a","text":"x\u0000"}`,
		`{"id":"a","text":"x","time":"2024-01-02T03:04:05Z"}`,
		`{"id":"a","time":1700000000.5,"text":"x"}`,
		`{"id":"a","text":"x","time":"yesterday"}`,
		`{"id":"a","text":"caf` + "\xe9" + `"}`,
		`{"id":"a","text":"caf` + "\xe9\\n" + `"}`,
		`{"id":"a","x":"` + "\xff" + `","text":"b"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		var fast, slow Doc
		if !fastLine(line, &fast) {
			return
		}
		keep, _, err := decodeLineSlow(line, &slow)
		if !keep || err != nil {
			t.Fatalf("fast path accepted %q; encoding/json: keep %v, %v", line, keep, err)
		}
		if fast.ID != slow.ID || !bytes.Equal(fast.Content, slow.Content) || fast.Format != slow.Format || !fast.Time.Equal(slow.Time) {
			t.Fatalf("%q: fast %q %q, slow %q %q", line, fast.ID, fast.Content, slow.ID, slow.Content)
		}
	})
}

// TestFastLineTakesCommonLines: the fast path must take the lines real
// corpora have (extra fields, integer IDs, escapes), or it is no faster.
func TestFastLineTakesCommonLines(t *testing.T) {
	for _, line := range []string{
		`{"id":"d0000001","text":"Food and Drug Administration\nBy JENNIFER HILL"}`,
		`{"id": 1, "oldid": 5544, "date": "26-FEB-1987", "topics": ["cocoa"], "places": [], "text": "Showers continued \u2014 \"in\" the week"}`,
		`{"id":"d0000001","text":"x","time":"2024-01-01T05:00:00Z"}`,
	} {
		var d Doc
		if !fastLine([]byte(line), &d) {
			t.Errorf("fast path declined %s", line)
		}
	}
}

// TestPlain8 checks plain8 against a byte-by-byte test: every byte value
// in every position of a word of plain bytes, and random words.
func TestPlain8(t *testing.T) {
	plain := func(b []byte) bool {
		for _, c := range b {
			if c < 0x20 || c >= 0x80 || c == '"' || c == '\\' {
				return false
			}
		}
		return true
	}
	check := func(b []byte) {
		if got, want := plain8(binary.LittleEndian.Uint64(b)), plain(b); got != want {
			t.Fatalf("plain8(%q) = %v, want %v", b, got, want)
		}
	}
	for pos := range 8 {
		for c := range 256 {
			b := []byte("abcdefgh")
			b[pos] = byte(c)
			check(b)
			b[(pos+1)%8] = 0x1f
			check(b)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		var b [8]byte
		for i := range b {
			b[i] = byte(0x18 + rng.IntN(0x70)) // mostly plain
		}
		check(b[:])
	}
}

// FuzzCheck checks the classification of text files: binary with a NUL
// byte; otherwise valid UTF-8, or with invalid bytes read as U+FFFD up to
// maxInvalid of them, or not UTF-8 text beyond.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"", "plain", "caf\xe9 au lait", "\xcf\xf0\xe8\xe2\xe5\xf2", "a\x00b", "\xe2\x82\xac", "ok \xe2\x80", "\xed\xa0\x80 surrogate"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, content []byte) {
		err := check(content, kindText)
		invalid := 0
		for _, r := range string(content) { // ranging a string decodes as shingle does
			if r == utf8.RuneError {
				invalid++
			}
		}
		invalid -= strings.Count(string(content), "\uFFFD") // a real U+FFFD is valid
		switch {
		case bytes.IndexByte(content, 0) >= 0:
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("check = %v, want ErrBinary", err)
			}
		case invalid == 0:
			if err != nil {
				t.Fatalf("check = %v for valid UTF-8", err)
			}
		case float64(invalid) > maxInvalid*float64(len(content)):
			if !errors.Is(err, ErrNotUTF8) {
				t.Fatalf("check = %v with %d of %d bytes invalid, want ErrNotUTF8", err, invalid, len(content))
			}
		default:
			if !errors.Is(err, ErrInvalidUTF8Replaced) {
				t.Fatalf("check = %v with %d of %d bytes invalid, want ErrInvalidUTF8Replaced", err, invalid, len(content))
			}
			if i := invalidAt(content); i >= len(content) || utf8.Valid(content[i:i+1]) || !utf8.Valid(content[:i]) {
				t.Fatalf("first invalid byte at %d", i)
			}
		}
	})
}
