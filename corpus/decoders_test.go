package corpus

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestDecodersSameAsSerial reads JSON lines, good and bad, in files big
// enough for many blocks, with 0 to 3 decoders, with warnings capped or
// not: the documents and warnings, in order, must be the same.
func TestDecodersSameAsSerial(t *testing.T) {
	defer func(n int) { maxLine = n }(maxLine)
	maxLine = 300
	var many strings.Builder
	for i := range 2000 {
		switch {
		case i%97 == 0:
			fmt.Fprintf(&many, "{\"id\":\"m%d\",\"text\":%q}\n", i, strings.Repeat("long ", 80)) // too long
		case i%89 == 0:
			fmt.Fprintf(&many, "{\"id\":\"m%d\",\"text\":5}\n", i) // bad field
		case i%83 == 0:
			many.WriteString("\n  \r\n") // blank lines
		case i%79 == 0:
			fmt.Fprintf(&many, "{\"id\":\"m%d\",\"text\":\"dup\"}\n", i-79) // duplicate ID
		case i%73 == 0:
			fmt.Fprintf(&many, "{\"id\":\"m%d\",\"text\":\"caf\xe9 \\n\"}\n", i) // invalid UTF-8
		default:
			fmt.Fprintf(&many, "{\"id\":\"m%d\",\"text\":\"line \\u00e9 %d\\n\",\"time\":%d}\r\n", i, i*i, 1700000000+i)
		}
	}
	full := many.String()
	gzFull := gz(full)
	var garbage, late strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&garbage, "garbage %d\n", i)
		if i == 150 {
			late.WriteString(garbage.String()) // given up before its documents
		}
	}
	late.WriteString(full)
	dir := writeTree(t, map[string]string{
		"a.jsonl":         full,
		"b.jsonl.gz":      gzFull,
		"c.jsonl.gz":      gzFull[:len(gzFull)/2], // truncated
		"d.jsonl":         `{"id":"x","text":"last"}`,
		"e.jsonl.gz":      "not gzip",
		"f.txt":           "a text file between",
		"g/empty.jsonl":   "",
		"h/no-eol.jsonl":  `{"id":"y","text":"no newline at the end"}`,
		"i/garbage.jsonl": garbage.String(),
		"i/late.jsonl.gz": gz(late.String()),
		"i/nul.jsonl":     `{"id":"nul1","text":"before"}` + "\n\x00\n" + `{"id":"nul2","text":"after"}`,
	})
	var wantDocs []Doc
	for _, max := range []int{-1, 0, 3} {
		want, wantWarns := readAllDocs(t, []string{dir}, Options{MaxWarnings: max})
		if len(want) < 1000 || max < 0 && len(wantWarns) < 100 || max >= 0 && len(wantWarns) > 80 {
			t.Fatalf("MaxWarnings %d: %d documents and %d warnings", max, len(want), len(wantWarns))
		}
		if wantDocs != nil && !reflect.DeepEqual(want, wantDocs) {
			t.Errorf("MaxWarnings %d: the documents differ", max)
		}
		wantDocs = want
		for n := 1; n <= 3; n++ {
			docs, warns := readAllDocs(t, []string{dir}, Options{Decoders: n, MaxWarnings: max})
			if !reflect.DeepEqual(docs, wantDocs) {
				t.Errorf("%d decoders: %d documents differ from the %d read serially", n, len(docs), len(wantDocs))
			}
			if !reflect.DeepEqual(warns, wantWarns) {
				t.Errorf("%d decoders, MaxWarnings %d: %d warnings differ from the %d found serially", n, max, len(warns), len(wantWarns))
			}
		}
	}
	// Closing in the middle of a file stops the decoders.
	before := runtime.NumGoroutine()
	for _, stopAt := range []int{1, 300, 1500} {
		r := NewReader([]string{dir}, Options{Decoders: 2})
		for i := 0; i < stopAt && r.Scan(); i++ {
			if d := r.Doc(); d.ID != wantDocs[i].ID {
				t.Fatalf("document %d is %q, want %q", i, d.ID, wantDocs[i].ID)
			}
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if r.Scan() {
			t.Error("Scan after Close returned true")
		}
		for i := 0; runtime.NumGoroutine() > before; i++ {
			if i == 100 {
				t.Fatalf("closed at document %d: %d goroutines left running, %d before", stopAt, runtime.NumGoroutine(), before)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

// FuzzDecoders reads fuzzed JSON lines, gzipped or not, serially and with
// two decoders over blocks of at most three lines: the documents and
// warnings must be the same.
func FuzzDecoders(f *testing.F) {
	for _, s := range []string{
		`{"id":"a","text":"x"}` + "\n" + `{"id":"a","text":"dup"}` + "\r\n\n" + `{"id":1e2,"text":"n","time":1.25}`,
		"\n\n" + `{"id":"b","text":5}` + "\n" + `[` + "\n" + `{"id":"c","text":"` + strings.Repeat("long ", 30) + `"}`,
		gz(`{"id":"z","text":"gzipped"}` + "\n" + `{"id":"y","text":"too"}`),
		gz(`{"id":"z","text":"gzipped"}`)[:20],
		`{"id":"u","text":"caf` + "\xe9" + `"}` + "\n" + `{"id":"v","text":"\xff\n"}` + "\n{bad\n{bad\n",
		`{"id":"g","text":"good"}` + "\n" + strings.Repeat("{bad\n", 15) + `{"id":"g","text":"dup"}`,
		strings.Repeat("garbage\n", GiveUpLines) + `{"id":"late","text":"given up"}`,
		`{"id":"n","text":"before"}` + "\n\x00\n" + `{"id":"m","text":"after"}`,
	} {
		f.Add([]byte(s))
	}
	defer func(l, b, n int) { blockLines, blockBytes, maxLine = l, b, n }(blockLines, blockBytes, maxLine)
	blockLines, blockBytes, maxLine = 3, 64, 100
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := writeTree(t, map[string]string{"f.jsonl": string(data)})
		wantDocs, wantWarns := readAllDocs(t, []string{dir}, Options{})
		docs, warns := readAllDocs(t, []string{dir}, Options{Decoders: 2})
		if !reflect.DeepEqual(docs, wantDocs) || !reflect.DeepEqual(warns, wantWarns) {
			t.Fatalf("with decoders: %d documents, %d warnings; serially: %d, %d", len(docs), len(warns), len(wantDocs), len(wantWarns))
		}
	})
}
