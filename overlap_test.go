package dedupe

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/newsreuse/dedupe/shingle"
)

// TestShingleSetOverlap holds shingleSet.overlap to the definition: the
// number of distinct shingle hashes of q found among p's, by maps, for
// every shingle length the packing covers and beyond, short documents,
// and small vocabularies (many repeated shingles).
func TestShingleSetOverlap(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var s shingleSet
	draw := func(n, vocab int) []uint16 {
		w := make([]uint16, n)
		for i := range w {
			w[i] = uint16(r.IntN(vocab))
		}
		return w
	}
	shared := 0
	for trial := range 2000 {
		k := 1 + trial%10
		vocab := []int{2, 5, 50, 65536}[r.IntN(4)]
		sh := shingle.Shingler{K: k, Seed: uint32(trial)}
		p := draw(r.IntN(40), vocab)
		hs := sh.AppendWordHashes(nil, p)
		set := map[uint64]bool{}
		var distinct []uint64
		for _, h := range hs {
			if !set[h] {
				set[h] = true
				distinct = append(distinct, h)
			}
		}
		s.reset(sh, p, distinct)
		for range 3 { // several candidates against one set
			q := draw(r.IntN(40), vocab)
			if r.IntN(3) == 0 && len(p) > 0 { // share a stretch of p
				i := r.IntN(len(p))
				q = append(q, p[i:]...)
			}
			want, seen := 0, map[uint64]bool{}
			for _, h := range sh.AppendWordHashes(nil, q) {
				if set[h] && !seen[h] {
					seen[h] = true
					want++
				}
			}
			need := r.IntN(want + 3)
			got, ok := s.overlap(q, need)
			require.Equal(t, want >= need, ok, "trial %d: need %d", trial, need)
			if ok {
				require.Equal(t, want, got, "trial %d, k %d, p %v, q %v", trial, k, p, q)
			}
			shared += want
		}
	}
	require.Greater(t, shared, 1000)
}

// TestNearNeed checks nearNeed against trying every count.
func TestNearNeed(t *testing.T) {
	for _, th := range []float64{0, 0.3, 0.5, 0.8, 0.9, 1} {
		for n := range 40 {
			for m := range 40 {
				want := min(n, m) + 1
				for x := 0; x <= min(n, m); x++ {
					j := 0.0
					if x > 0 {
						j = float64(x) / float64(n+m-x)
					}
					if j >= th {
						want = x
						break
					}
				}
				require.Equal(t, want, nearNeed(n, m, th), "n %d m %d t %v", n, m, th)
			}
		}
	}
}
