package corpus

import (
	"bytes"
	"errors"
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.jsonl"
		seen := map[string]bool{}
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
				t.Errorf("doc %q: content not UTF-8", d.ID)
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
		})
		if err != nil {
			t.Errorf("ReadJSONL = %v, want nil", err)
		}
	})
}
