package cluster

import (
	"github.com/newsreuse/dedupe/shingle"
	"math/rand/v2"
	"slices"
	"testing"
)

// BenchmarkAlign aligns two 1,000-word texts sharing a 200-word passage.
func BenchmarkAlign(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 1))
	shared := words(r, 200, 50000)
	x := slices.Concat(words(r, 400, 50000), shared, words(r, 400, 50000))
	y := slices.Concat(words(r, 600, 50000), shared, words(r, 200, 50000))
	b.ReportAllocs()
	for b.Loop() {
		if len(Align(x, y, AlignOptions{})) != 1 {
			b.Fatal("passage not found")
		}
	}
}

// BenchmarkIndex adds documents of 150 fingerprints to an Index and queries
// each; ns/op is per document.
func BenchmarkIndex(b *testing.B) {
	r := rand.New(rand.NewPCG(2, 2))
	var ix Index
	fps := make([]uint64, 150)
	var cands []Candidate
	var scratch []uint32
	id := uint32(0)
	b.ReportAllocs()
	for b.Loop() {
		for i := range fps {
			fps[i] = r.Uint64()
		}
		cands, scratch = ix.AppendCandidates(cands[:0], fps, 50, 2, scratch)
		ix.Add(id, fps)
		id++
	}
}

func BenchmarkWinnow(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 3))
	h := randHashes(r, 1000)
	dst := make([]uint64, 0, 1000)
	b.SetBytes(8 * int64(len(h)))
	b.ReportAllocs()
	for b.Loop() {
		dst = Winnow(dst[:0], h, 8)
	}
}

// BenchmarkAlignSentences splits two 600-word texts sharing a reworded
// 120-word passage into sentences and aligns them, as the Detector does
// for each candidate pair.
func BenchmarkAlignSentences(b *testing.B) {
	r := rand.New(rand.NewPCG(4, 4))
	vocab := vocabulary(r, 5000)
	story := func(n int) [][]string {
		var s [][]string
		for countWords(s) < n {
			s = append(s, randSentence(r, vocab))
		}
		return s
	}
	shared := story(120)
	var reworded [][]string
	for _, s := range shared {
		reworded = append(reworded, reword(r, s, vocab))
	}
	ta := []byte(joinText(slices.Concat(story(240), reworded, story(240))))
	tb := []byte(joinText(slices.Concat(story(300), shared, story(180))))
	var sh shingle.Shingler
	ka, kb := sh.AppendTokens(nil, ta), sh.AppendTokens(nil, tb)
	var sa, sb Sentences
	b.ReportAllocs()
	for b.Loop() {
		sa.Parse(ta, ka)
		sb.Parse(tb, kb)
		if len(AlignSentences(&sa, &sb, nil, SentenceOptions{})) != 1 {
			b.Fatal("passage not found")
		}
	}
}
