package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlignSentencesSplit plants, between unrelated sentences, one
// sentence of a that joins two of b: the first copied whole, the second
// in part, so that only the first pair seeds (the oracle: seed and
// containment computed apart). The halves together make a passage; the
// first half alone, its neighbour unrelated, does not.
func TestAlignSentencesSplit(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 14))
	vocab := vocabulary(r, 3000)
	o := SentenceOptions{}.withDefaults()
	words := func(n int) []string { return randomWords(r, vocab, n) }
	tested := 0
	for trial := range 100 {
		y1, y2 := words(16), words(8)
		x := slices.Concat(y1, y2[:5], words(3))
		pa, pb := [][]string{words(12), words(12)}, [][]string{words(12), words(12)}
		sa, sb := [][]string{words(12)}, [][]string{words(12)}
		for _, split := range []bool{true, false} {
			second := y2
			if !split {
				second = words(8)
			}
			a, _ := parse(joinText(slices.Concat(pa, [][]string{x}, sa)))
			b, _ := parse(joinText(slices.Concat(pb, [][]string{y1, second}, sb)))
			w := new(sentAligner)
			w.vectors(a, b)
			w.seed(a, b, o)
			i, j := int32(len(pa)), int32(len(pb))
			var first, other bool
			for _, s := range w.seeds {
				first = first || s.i == i && s.j == j
				other = other || s.i == i && s.j == j+1
			}
			contained := w.contained(int32(a.Len())+j+1, i) >= splitContain
			if !first || other || contained != split {
				continue
			}
			tested++
			got := AlignSentences(a, b, nil, SentenceOptions{})
			if !split {
				assert.Empty(t, got, "trial %d", trial)
				continue
			}
			require.Len(t, got, 1, "trial %d", trial)
			want := Match{
				AStart: countWords(pa), AEnd: countWords(pa) + len(x),
				BStart: countWords(pb), BEnd: countWords(pb) + len(y1) + len(y2),
			}
			got[0].Words = 0
			assert.Equal(t, want, got[0], "trial %d", trial)
		}
	}
	assert.Greater(t, tested, 40, "trials whose seeds are as planned")
}
