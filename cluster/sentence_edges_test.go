package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// keep returns s with all but about a fraction f of its words replaced:
// an edge sentence reworded too much to seed.
func keep(r *rand.Rand, s []string, f float64, vocab []string) []string {
	out := slices.Clone(s)
	for i := range out {
		if r.Float64() >= f {
			out[i] = vocab[r.IntN(len(vocab))]
		}
	}
	return out
}

// TestAlignSentencesEdges plants a reworded block whose first and last
// sentences keep only a third of their words, between unrelated
// sentences, and checks that the passage takes in exactly the edge
// sentences whose cosine passes edgeCosine, and none of the unrelated
// ones (the oracle is the cosine of the sentences, computed apart).
func TestAlignSentencesEdges(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	vocab := vocabulary(r, 3000)
	grown := 0
	for trial := range 50 {
		var src, cp, pa, pb, sa, sb [][]string
		for range 7 {
			src = append(src, randSentence(r, vocab))
		}
		for k, s := range src {
			if k == 0 || k == len(src)-1 {
				cp = append(cp, keep(r, s, 0.35, vocab))
			} else {
				cp = append(cp, reword(r, s, vocab))
			}
		}
		for range 1 + r.IntN(5) {
			pa = append(pa, randSentence(r, vocab))
			pb = append(pb, randSentence(r, vocab))
			sa = append(sa, randSentence(r, vocab))
			sb = append(sb, randSentence(r, vocab))
		}
		a, _ := parse(joinText(slices.Concat(pa, cp, sa)))
		b, _ := parse(joinText(slices.Concat(pb, src, sb)))
		require.Equal(t, len(pa)+len(cp)+len(sa), a.Len())
		require.Equal(t, len(pb)+len(src)+len(sb), b.Len())
		// The oracle: the cosine of the edge pairs, and the seeds that
		// hold the middle.
		w := new(sentAligner)
		w.vectors(a, b)
		na := int32(a.Len())
		head := w.cosine(int32(len(pa)), na+int32(len(pb))) > edgeCosine
		tail := w.cosine(int32(len(pa)+len(cp)-1), na+int32(len(pb)+len(src)-1)) > edgeCosine
		got := AlignSentences(a, b, nil, SentenceOptions{})
		require.Len(t, got, 1, "trial %d", trial)
		m := got[0]
		// The sentences the passage reaches into (trimming may drop
		// words of the edge sentences that are missing on the other
		// side).
		i0, i1 := a.sentenceOf(m.AStart), a.sentenceOf(m.AEnd-1)
		j0, j1 := b.sentenceOf(m.BStart), b.sentenceOf(m.BEnd-1)
		wantI0, wantJ0 := int32(len(pa)+1), int32(len(pb)+1)
		if head {
			wantI0, wantJ0 = wantI0-1, wantJ0-1
			grown++
		}
		wantI1, wantJ1 := int32(len(pa)+len(cp)-2), int32(len(pb)+len(src)-2)
		if tail {
			wantI1, wantJ1 = wantI1+1, wantJ1+1
			grown++
		}
		assert.Equal(t, []int32{wantI0, wantI1, wantJ0, wantJ1}, []int32{i0, i1, j0, j1}, "trial %d", trial)
	}
	assert.Greater(t, grown, 50, "edge sentences alike enough to join")
}

// TestPruneKeepsSplit: a sentence split in two on the other side seeds
// with both halves, the weaker far below the best; pruning keeps the
// weaker half next to the best, and drops a partner further away.
func TestPruneKeepsSplit(t *testing.T) {
	w := &sentAligner{seeds: []sseed{
		{i: 3, j: 7, cos: 0.8},
		{i: 3, j: 8, cos: 0.35}, // the other half of a split sentence
		{i: 3, j: 12, cos: 0.35},
	}}
	w.prune(10, 20)
	assert.Equal(t, []sseed{{i: 3, j: 7, cos: 0.8}, {i: 3, j: 8, cos: 0.35}}, w.seeds)
}

// TestSummaryDirection: passages three times longer in b than in a make
// a a summary of b; three times longer in a make no summary.
func TestSummaryDirection(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	vocab := vocabulary(r, 3000)
	var long [][]string
	for range 12 {
		long = append(long, randSentence(r, vocab))
	}
	// Each summary sentence takes half the words of two source
	// sentences, three sentences of the source apart.
	var short [][]string
	for k := 0; k+3 < len(long); k += 4 {
		x, y := long[k], long[k+3]
		short = append(short, slices.Concat(x[:len(x)/2], y[len(y)/2:]))
	}
	s, _ := parse(joinText(short))
	l, _ := parse(joinText(long))
	for _, c := range []struct {
		a, b *Sentences
		want bool
	}{{s, l, true}, {l, s, false}} {
		w := new(sentAligner)
		w.vectors(c.a, c.b)
		o := SentenceOptions{}.withDefaults()
		w.seed(c.a, c.b, o)
		w.passages(c.a, c.b, int32(c.a.Len()), o.SummaryGap, o, false)
		require.NotEmpty(t, w.frags)
		assert.Equal(t, c.want, w.summary(c.a, c.b, nil))
	}
}

// TestJoinSummaries: a summary passage replaces the passages of the
// usual pass inside it, but one that overlaps a passage elsewhere in a
// on b's side alone is two passages reused in order, and gives way.
func TestJoinSummaries(t *testing.T) {
	normal := []frag{
		{i0: 10, i1: 12, j0: 2, j1: 5, lo: 0, hi: 3},   // inside the first summary
		{i0: 40, i1: 44, j0: 30, j1: 34, lo: 3, hi: 6}, // apart from both
		{i0: 60, i1: 63, j0: 52, j1: 55, lo: 6, hi: 9}, // meets the second on b alone
	}
	sums := []frag{
		{i0: 9, i1: 13, j0: 0, j1: 20, lo: 0, hi: 5},
		{i0: 80, i1: 83, j0: 50, j1: 70, lo: 5, hi: 9},
	}
	w := &sentAligner{frags: slices.Clone(normal)}
	w.joinSummaries(sums, 9)
	want := []frag{normal[1], normal[2], {i0: 9, i1: 13, j0: 0, j1: 20, lo: 9, hi: 14}}
	assert.Equal(t, want, w.frags)
}

// TestAlignSentencesShort plants blocks of short alike sentences, spanning
// between two thirds of MinBytes and MinBytes, between unrelated
// sentences (of rare words only, which no edge takes in): three seeds
// make a passage, two do not.
func TestAlignSentencesShort(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	vocab := vocabulary(r, 3000)
	minBytes := SentenceOptions{}.withDefaults().MinBytes
	words := func(n int) []string { return randomWords(r, vocab, n) }
	tested := [2]int{}
	for trial := range 40 {
		for k, c := range []struct {
			sents, words int
			found        bool
		}{{3, 5, true}, {2, 8, false}} {
			var block, pa, pb, sa, sb [][]string
			for range c.sents {
				block = append(block, words(c.words))
			}
			for range 1 + r.IntN(4) {
				pa = append(pa, words(12))
				pb = append(pb, words(12))
			}
			sa, sb = append(sa, words(12)), append(sb, words(12))
			span := len(joinText(block)) - 2 // no ". " after the last
			if span < minBytes*2/3 || span >= minBytes {
				continue
			}
			tested[k]++
			a, _ := parse(joinText(slices.Concat(pa, block, sa)))
			b, _ := parse(joinText(slices.Concat(pb, block, sb)))
			got := AlignSentences(a, b, nil, SentenceOptions{})
			if c.found {
				require.Len(t, got, 1, "trial %d, %d bytes", trial, span)
				want := Match{
					AStart: countWords(pa), AEnd: countWords(pa) + countWords(block),
					BStart: countWords(pb), BEnd: countWords(pb) + countWords(block),
					Words: countWords(block),
				}
				assert.Equal(t, want, got[0], "trial %d", trial)
			} else {
				assert.Empty(t, got, "trial %d, %d bytes", trial, span)
			}
		}
	}
	assert.Greater(t, min(tested[0], tested[1]), 10, "blocks of the length tested")
}

// TestAlignSentencesWeakSeeds plants blocks of sentence pairs that share
// half their words, each pair alike enough to seed but none above
// MinBestCosine, the block alike enough as a whole (the oracle: the
// cosines, computed apart), between unrelated sentences: three such seeds
// make a passage, two do not.
func TestAlignSentencesWeakSeeds(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 12))
	vocab := vocabulary(r, 3000)
	o := SentenceOptions{}.withDefaults()
	words := func(n int) []string { return randomWords(r, vocab, n) }
	tested := [2]int{}
	for trial := range 200 {
		for k, c := range []struct {
			pairs int
			found bool
		}{{3, true}, {2, false}} {
			var ba, bb, pa, pb, sa, sb [][]string
			for range c.pairs {
				x := words(12)
				y := slices.Concat(x[:6], words(6))
				r.Shuffle(len(y), func(i, j int) { y[i], y[j] = y[j], y[i] })
				ba, bb = append(ba, x), append(bb, y)
			}
			for range 1 + r.IntN(3) {
				pa, pb = append(pa, words(12)), append(pb, words(12))
			}
			sa, sb = append(sa, words(12)), append(sb, words(12))
			a, _ := parse(joinText(slices.Concat(pa, ba, sa)))
			b, _ := parse(joinText(slices.Concat(pb, bb, sb)))
			w := new(sentAligner)
			w.vectors(a, b)
			weak := true
			for p := range c.pairs {
				cos := w.cosine(int32(len(pa)+p), int32(a.Len()+len(pb)+p))
				weak = weak && cos > o.MinCosine && cos <= o.MinBestCosine
			}
			i0, j0 := int32(len(pa)), int32(len(pb))
			whole := frag{i0: i0, i1: i0 + int32(c.pairs) - 1, j0: j0, j1: j0 + int32(c.pairs) - 1}
			if !weak || w.passageCosine(whole, int32(a.Len())) <= o.MinPassageCosine {
				continue
			}
			tested[k]++
			got := AlignSentences(a, b, nil, SentenceOptions{})
			if c.found {
				require.Len(t, got, 1, "trial %d", trial)
				assert.Equal(t, countWords(pa), got[0].AStart, "trial %d", trial)
				assert.Equal(t, countWords(pb), got[0].BStart, "trial %d", trial)
			} else {
				assert.Empty(t, got, "trial %d", trial)
			}
		}
	}
	assert.Greater(t, min(tested[0], tested[1]), 10, "blocks of weak seeds tested")
}
