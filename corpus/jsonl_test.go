package corpus

import (
	"bufio"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadJSONL(t *testing.T) {
	lines := []string{
		`{"id":"a","text":"first","extra":[1,2]}`, // 1
		``,                                // 2 blank
		`   `,                             // 3 blank
		`{"id":"b","text":"crlf"}` + "\r", // 4
		`{"id":"c","text":`,               // 5
		`{"text":"no id"}`,                // 6
		`{"id":"d"}`,                      // 7
		`{"id":"","text":"empty id"}`,     // 8
		`{"id":null,"text":"null id"}`,    // 9
		`{"id":true,"text":"bool id"}`,    // 10
		`{"id":"e","text":5}`,             // 11
		`[1,2]`,                           // 12
		`{"id":"a","text":"duplicate"}`,   // 13
		`{"id":12345678901234567890,"text":"big number id"}`,                              // 14
		`{"id":-7,"text":"negative"}`,                                                     // 15
		`{"id":"f","text":"bad time","time":"yesterday"}`,                                 // 16
		`{"id":"g","text":"fractional time","time":1.5}`,                                  // 17
		`{"id":"h","text":"","time":null}`,                                                // 18
		`{"id":"i","text":"x"} {"id":"j"}`,                                                // 19
		`{"id":"k","text":"unicode \u00e9 \ud83d\ude00","time":"2024-05-12T09:30:00.5Z"}`, // 20
		`{"id":"l","text":"bool time","time":true}`,                                       // 21
		`{"id":"m","text":"huge time","time":1e300}`,                                      // 22
		`"just a string"`,                      // 23
		`{"id":"n","text":"last, no newline"}`, // 24
	}
	input := strings.Join(lines, "\n")
	var docs []Doc
	var warns []string
	err := ReadJSONL(strings.NewReader(input), "in.jsonl", func(d Doc) error {
		docs = append(docs, d)
		return nil
	}, func(err error) {
		var e *Error
		if !errors.As(err, &e) || e.Path != "in.jsonl" {
			t.Errorf("warning %v does not name the input", err)
		}
		warns = append(warns, err.Error())
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range docs {
		if d.Path != "in.jsonl" || d.Format != Text {
			t.Errorf("doc %q: path %q format %v", d.ID, d.Path, d.Format)
		}
		got = append(got, fmt.Sprintf("%d %s %q", d.Line, d.ID, d.Content))
	}
	wantDocs := []string{
		`1 a "first"`,
		`4 b "crlf"`,
		`14 12345678901234567890 "big number id"`,
		`15 -7 "negative"`,
		`16 f "bad time"`,
		`17 g "fractional time"`,
		`18 h ""`,
		`20 k "unicode é 😀"`,
		`21 l "bool time"`,
		`22 m "huge time"`,
		`24 n "last, no newline"`,
	}
	if strings.Join(got, "\n") != strings.Join(wantDocs, "\n") {
		t.Errorf("docs:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantDocs, "\n"))
	}
	// All the warnings, as a Reader gives them without a cap.
	allWarns := []string{
		`corpus: in.jsonl:5: invalid JSON: unexpected end of JSON input`,
		`corpus: in.jsonl:6: missing "id"`,
		`corpus: in.jsonl:7: missing "text"`,
		`corpus: in.jsonl:8: missing "id" (empty string)`,
		`corpus: in.jsonl:9: missing "id"`,
		`corpus: in.jsonl:10: invalid field "id": want a string or number, got boolean`,
		`corpus: in.jsonl:11: invalid field "text": want a string, got number`,
		`corpus: in.jsonl:12: invalid JSON: want an object, got array`,
		`corpus: in.jsonl:13: duplicate ID "a" (first seen at in.jsonl:1)`,
		`corpus: in.jsonl:16: invalid field "time": "yesterday" is not an RFC 3339 time; added without a time`,
		`corpus: in.jsonl:19: invalid JSON: invalid character '{' after top-level value`,
		`corpus: in.jsonl:21: invalid field "time": want an RFC 3339 string or Unix seconds, got boolean; added without a time`,
		`corpus: in.jsonl:22: invalid field "time": 1e300 seconds is out of range; added without a time`,
		`corpus: in.jsonl:23: invalid JSON: want an object, got string`,
	}
	// ReadJSONL shows DefaultMaxWarnings of them and counts the others.
	wantWarns := append(allWarns[:DefaultMaxWarnings:DefaultMaxWarnings], `corpus: in.jsonl: 4 more problems not shown`)
	if strings.Join(warns, "\n") != strings.Join(wantWarns, "\n") {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(wantWarns, "\n"))
	}
	dir := writeTree(t, map[string]string{"in.jsonl": input})
	p := filepath.Join(dir, "in.jsonl")
	rdocs, rwarns := readAllDocs(t, []string{p}, Options{MaxWarnings: -1})
	if len(rdocs) != len(docs) {
		t.Errorf("Reader: %d documents, ReadJSONL: %d", len(rdocs), len(docs))
	}
	warns = warns[:0]
	for _, w := range rwarns {
		warns = append(warns, strings.ReplaceAll(w.Error(), p, "in.jsonl"))
	}
	if strings.Join(warns, "\n") != strings.Join(allWarns, "\n") {
		t.Errorf("Reader without a cap: warnings:\n%s\nwant:\n%s", strings.Join(warns, "\n"), strings.Join(allWarns, "\n"))
	}
	times := map[string]time.Time{}
	for _, d := range docs {
		times[d.ID] = d.Time
	}
	if got, want := times["g"], time.Unix(1, 5e8).UTC(); !got.Equal(want) {
		t.Errorf("time 1.5 = %v, want %v", got, want)
	}
	if got, want := times["k"], time.Date(2024, 5, 12, 9, 30, 0, 5e8, time.UTC); !got.Equal(want) {
		t.Errorf("time of k = %v, want %v", got, want)
	}
	if !times["f"].IsZero() || !times["h"].IsZero() || !times["a"].IsZero() {
		t.Error("bad, null or missing time is not zero")
	}
}

func TestReadJSONLNumberIDs(t *testing.T) {
	for in, want := range map[string]string{"42": "42", "1e3": "1000", "1.5": "1.5", "-0": "-0", "2.50": "2.5"} {
		got, err := decodeID([]byte(in))
		if err != nil || got != want {
			t.Errorf("decodeID(%s) = %q, %v, want %q", in, got, err, want)
		}
	}
}

func TestReadJSONLLongLine(t *testing.T) {
	defer func(n int) { maxLine = n }(maxLine)
	maxLine = 100
	long := `{"id":"long","text":"` + strings.Repeat("x", 2<<20) + `"}`
	input := `{"id":"a","text":"before"}` + "\n" + long + "\n" + `{"id":"b","text":"` + strings.Repeat("y", 50) + `"}` + "\n" + long
	var ids []string
	var warns []error
	err := ReadJSONL(strings.NewReader(input), "long.jsonl", func(d Doc) error {
		ids = append(ids, d.ID)
		return nil
	}, func(err error) { warns = append(warns, err) })
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(ids, " ") != "a b" {
		t.Errorf("ids = %v, want a b", ids)
	}
	if len(warns) != 2 || !errors.Is(warns[0], ErrLineTooLong) || !errors.Is(warns[0], bufio.ErrTooLong) ||
		!strings.HasPrefix(warns[0].Error(), "corpus: long.jsonl:2: line too long") || !strings.HasPrefix(warns[1].Error(), "corpus: long.jsonl:4: ") {
		t.Errorf("warnings = %v, want line too long at lines 2 and 4", warns)
	}
}

func TestReadJSONLGzipAndStop(t *testing.T) {
	input := gz(`{"id":"1","text":"a"}` + "\n" + `{"id":"2","text":"b"}` + "\n" + `{"id":"3","text":"c"}` + "\n")
	stop := errors.New("stop")
	var ids []string
	err := ReadJSONL(strings.NewReader(input), "-", func(d Doc) error {
		ids = append(ids, d.ID)
		if d.ID == "2" {
			return stop
		}
		return nil
	}, nil)
	if err != stop || strings.Join(ids, " ") != "1 2" {
		t.Errorf("ReadJSONL = %v with ids %v, want stop after 1 2", err, ids)
	}
}
