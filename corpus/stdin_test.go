package corpus

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// TestReaderStdin: "-" reads Options.Stdin as JSON lines when it starts
// with "{" after white space, as one text document "-" otherwise, in
// either case also when compressed.
func TestReaderStdin(t *testing.T) {
	jsonl := " \n\t{\"id\":\"a\",\"text\":\"alpha\"}\n{\"id\":\"b\",\"text\":\"bravo\"}\n"
	tests := []struct {
		name, in string
		want     []string
	}{
		{"text", "plain text {not json}", []string{"- - plain text {not json}"}},
		{"JSON lines", jsonl, []string{"a - alpha", "b - bravo"}},
		{"gzipped JSON lines", gz(jsonl), []string{"a - alpha", "b - bravo"}},
		{"zstd text", zst("packed text"), []string{"- - packed text"}},
		{"empty", "", []string{"- - "}},
		{"blanks", "  \n ", []string{"- -   \n "}},
	}
	for _, tt := range tests {
		for _, decoders := range []int{0, 2} {
			docs, warns := readAllDocs(t, []string{"-"}, Options{Stdin: strings.NewReader(tt.in), Decoders: decoders})
			if len(warns) > 0 {
				t.Errorf("%s: warnings %v", tt.name, warns)
			}
			var got []string
			for _, d := range docs {
				got = append(got, fmt.Sprintf("%s %s %s", d.ID, d.Path, d.Content))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("%s, %d decoders: got %q, want %q", tt.name, decoders, got, tt.want)
			}
		}
	}
}

// TestReaderStdinProblems: bad input on standard input is warned about
// as "-", like a file.
func TestReaderStdinProblems(t *testing.T) {
	docs, warns := readAllDocs(t, []string{"-"}, Options{Stdin: strings.NewReader("bin\x00ary")})
	if len(docs) != 0 || len(warns) != 1 || !errors.Is(warns[0], ErrBinary) || !strings.HasPrefix(warns[0].Error(), "corpus: -: ") {
		t.Errorf("binary: docs %v, warnings %v", docs, warns)
	}
	docs, warns = readAllDocs(t, []string{"-"}, Options{Stdin: strings.NewReader(strings.Repeat("x", 100)), MaxFileSize: 10})
	if len(docs) != 0 || len(warns) != 1 || !errors.Is(warns[0], ErrTooLarge) {
		t.Errorf("too large: docs %v, warnings %v", docs, warns)
	}
	docs, warns = readAllDocs(t, []string{"-"}, Options{Stdin: strings.NewReader("caf\xe9")})
	if len(docs) != 1 || len(warns) != 1 || !errors.Is(warns[0], ErrInvalidUTF8Replaced) {
		t.Errorf("Latin-1: docs %v, warnings %v", docs, warns)
	}
	docs, warns = readAllDocs(t, []string{"-"}, Options{Stdin: strings.NewReader(gz("some text")[:12])})
	if len(docs) != 0 || len(warns) != 1 {
		t.Errorf("truncated gzip: docs %v, warnings %v", docs, warns)
	}
}
