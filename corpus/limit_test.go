package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/klauspost/compress/zstd"
)

// readBoth reads paths serially and with two decoders, checks that both
// give the same documents and warnings, and returns them.
func readBoth(t *testing.T, paths []string, opts Options) ([]Doc, []error) {
	t.Helper()
	docs, warns := readAllDocs(t, paths, opts)
	opts.Decoders = 2
	docs2, warns2 := readAllDocs(t, paths, opts)
	if !reflect.DeepEqual(docs, docs2) || !reflect.DeepEqual(warns, warns2) {
		t.Errorf("with decoders: %d documents, %d warnings; serially: %d, %d", len(docs2), len(warns2), len(docs), len(warns))
	}
	return docs, warns
}

// countIs returns how many of warns wrap target.
func countIs(warns []error, target error) int {
	n := 0
	for _, w := range warns {
		if errors.Is(w, target) {
			n++
		}
	}
	return n
}

// TestWarningCap: a file of 100,000 bad lines after a good one gives
// DefaultMaxWarnings warnings and one count of the rest, as does a file of
// good lines among bad ones; MaxWarnings changes the cap.
func TestWarningCap(t *testing.T) {
	var many, mixed strings.Builder
	many.WriteString(`{"id":"first","text":"good"}` + "\n")
	for i := range 100000 {
		fmt.Fprintf(&many, "{bad %d\n", i)
	}
	for i := range 60 {
		if i%3 == 0 {
			fmt.Fprintf(&mixed, `{"id":"g%d","text":"good"}`+"\n", i)
		} else {
			fmt.Fprintf(&mixed, "{\"id\":%d}\n", i) // missing "text"
		}
	}
	dir := writeTree(t, map[string]string{"many.jsonl.zst": zst(many.String()), "mixed.jsonl": mixed.String(), "z.txt": "after"})
	tests := []struct {
		file      string
		max       int
		docs      int
		shown     int
		countLine string
	}{
		{"many.jsonl.zst", 0, 1, 10, "99990 more problems not shown"},
		{"many.jsonl.zst", 1, 1, 1, "99999 more problems not shown"},
		{"mixed.jsonl", 0, 20, 10, "30 more problems not shown"},
		{"mixed.jsonl", 39, 20, 39, "1 more problem not shown"},
		{"mixed.jsonl", -1, 20, 40, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d", tt.file, tt.max), func(t *testing.T) {
			p := filepath.Join(dir, tt.file)
			docs, warns := readBoth(t, []string{p, filepath.Join(dir, "z.txt")}, Options{MaxWarnings: tt.max})
			if len(docs) != tt.docs+1 || docs[len(docs)-1].ID != filepath.Join(dir, "z.txt") {
				t.Errorf("%d documents, want %d and then z.txt", len(docs), tt.docs+1)
			}
			wantWarns := tt.shown
			if tt.countLine != "" {
				wantWarns++
			}
			if len(warns) != wantWarns {
				t.Fatalf("%d warnings, want %d", len(warns), wantWarns)
			}
			for i, w := range warns[:tt.shown] {
				var e *Error
				if !errors.As(w, &e) || e.Path != p || e.Line < 2 || errors.Is(w, ErrMoreProblems) {
					t.Errorf("warning %d = %v, want one about a line of %s", i, w, p)
				}
			}
			if tt.countLine != "" {
				last := warns[len(warns)-1]
				if want := "corpus: " + p + ": " + tt.countLine; last.Error() != want || !errors.Is(last, ErrMoreProblems) {
					t.Errorf("last warning = %v, want %q wrapping ErrMoreProblems", last, want)
				}
			}
		})
	}
}

// TestGiveUp: a JSON lines file whose first GiveUpLines non-blank lines
// hold no document is given up with one warning, and reading goes on with
// the next file; one with a document among them is read to its end.
func TestGiveUp(t *testing.T) {
	lines := func(bad int, blank bool) string {
		var b strings.Builder
		for i := range bad {
			fmt.Fprintf(&b, "garbage %d\n", i)
			if blank {
				b.WriteString("\n  \n")
			}
		}
		for i := range 5 {
			fmt.Fprintf(&b, `{"id":"%d-%d","text":"good"}`+"\n", bad, i)
		}
		return b.String()
	}
	dir := writeTree(t, map[string]string{
		"a.jsonl":    lines(GiveUpLines, false),
		"b.jsonl":    lines(GiveUpLines-1, true), // blank lines do not count
		"c.jsonl.gz": gz(lines(100000, false)),
		"d.txt":      "after",
	})
	docs, warns := readBoth(t, []string{dir}, Options{})
	if got, want := strings.Join(ids2(docs), " "), "99-0 99-1 99-2 99-3 99-4 d.txt"; got != want {
		t.Errorf("documents %q, want %q", got, want)
	}
	var given []string
	for _, w := range warns {
		if errors.Is(w, ErrGivenUp) {
			given = append(given, w.Error())
		}
	}
	want := []string{
		"corpus: " + filepath.Join(dir, "a.jsonl") + ": file given up at line 100: no document in the first 100 non-blank lines",
		"corpus: " + filepath.Join(dir, "c.jsonl.gz") + ": file given up at line 100: no document in the first 100 non-blank lines",
	}
	if !reflect.DeepEqual(given, want) {
		t.Errorf("given up:\n%s\nwant:\n%s", strings.Join(given, "\n"), strings.Join(want, "\n"))
	}
	// Per file: 10 shown, 1 given up, 1 count; b.jsonl: 10 shown, 1 count.
	if len(warns) != 3*12-1 || countIs(warns, ErrMoreProblems) != 3 {
		t.Errorf("%d warnings, %d counts; want 35, 3", len(warns), countIs(warns, ErrMoreProblems))
	}
}

// TestBinaryStream: a JSON lines stream of random bytes, or of zeros
// without a line end, is given up at its first NUL byte, at once, and
// the documents before it are kept.
func TestBinaryStream(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 4<<20)
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	// 1 GiB of zeros, streamed into zstd: about 40 KB compressed.
	var zeros bytes.Buffer
	enc, err := zstd.NewWriter(&zeros, zstd.WithEncoderConcurrency(1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(enc, io.LimitReader(zeroReader{}, 1<<30)); err != nil {
		t.Fatal(err)
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	dir := writeTree(t, map[string]string{
		"random.jsonl.zst": zst(string(random)),
		// Two frames: a document, then the zeros.
		"zeros.jsonl.zst": zst(`{"id":"z","text":"before"}`+"\n") + zeros.String(),
	})
	start := time.Now()
	docs, warns := readBoth(t, []string{dir}, Options{})
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("reading took %v", d)
	}
	if got := strings.Join(ids2(docs), " "); got != "z" {
		t.Errorf("documents %q, want z", got)
	}
	// Random bytes may have a bad line or two before their first NUL.
	if len(warns) > 4 || countIs(warns, ErrBinary) != 2 || !errors.Is(warns[len(warns)-2], ErrBinary) ||
		!strings.HasSuffix(warns[len(warns)-1].Error(), "zeros.jsonl.zst: binary file (NUL byte at offset 27, line 2); rest of file skipped") {
		t.Errorf("warnings %v, want the two binary files", warns)
	}
	// A NUL byte past the first 8 KiB is one bad line among good ones.
	var late strings.Builder
	for i := 0; late.Len() < binaryPrefix; i++ {
		fmt.Fprintf(&late, `{"id":"%d","text":"good"}`+"\n", i)
	}
	n := strings.Count(late.String(), "\n")
	late.WriteString("\x00\n" + `{"id":"last","text":"good"}` + "\n")
	docs, warns = readBoth(t, []string{writeTree(t, map[string]string{"late.jsonl": late.String()})}, Options{})
	if len(docs) != n+1 || len(warns) != 1 || !errors.Is(warns[0], ErrInvalidJSON) {
		t.Errorf("%d documents, warnings %v; want %d and one invalid JSON", len(docs), warns, n+1)
	}
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestMaxLineSize: Options.MaxLineSize sets the longest line read.
func TestMaxLineSize(t *testing.T) {
	input := `{"id":"a","text":"` + strings.Repeat("x", 100) + `"}` + "\n" + `{"id":"b","text":"` + strings.Repeat("x", 1000) + `"}` + "\n"
	dir := writeTree(t, map[string]string{"a.jsonl": input})
	for _, tt := range []struct {
		max  int
		docs string
	}{{0, "a b"}, {200, "a"}, {-1, "a b"}, {10, ""}} {
		docs, warns := readBoth(t, []string{dir}, Options{MaxLineSize: tt.max})
		if got := strings.Join(ids2(docs), " "); got != tt.docs {
			t.Errorf("MaxLineSize %d: documents %q, want %q", tt.max, got, tt.docs)
		}
		if n := len(strings.Fields(tt.docs)); countIs(warns, ErrLineTooLong) != 2-n || len(warns) != 2-n {
			t.Errorf("MaxLineSize %d: warnings %v, want %d lines too long", tt.max, warns, 2-n)
		}
	}
}
