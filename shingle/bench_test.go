package shingle

import (
	"os"
	"path/filepath"
	"testing"
)

func benchText(b *testing.B) []byte {
	var all []byte
	files, _ := filepath.Glob("../testdata/seeds/*.txt")
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		all = append(all, t...)
	}
	if len(all) == 0 {
		b.Skip("no ../testdata/seeds")
	}
	return all
}

func BenchmarkTokens(b *testing.B) {
	text := benchText(b)
	var s Shingler
	toks := make([]Token, 0, len(text)/4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		toks = s.AppendTokens(toks[:0], text)
	}
}

func BenchmarkShingles(b *testing.B) {
	text := benchText(b)
	var s Shingler
	toks := make([]Token, 0, len(text)/4)
	hashes := make([]uint64, 0, len(text)/4)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		toks = s.AppendTokens(toks[:0], text)
		hashes = s.AppendHashes(hashes[:0], toks)
	}
}

func BenchmarkNormalize(b *testing.B) {
	text := benchText(b)
	dst := make([]byte, 0, len(text))
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		dst = Normalize(dst[:0], text)
	}
}
