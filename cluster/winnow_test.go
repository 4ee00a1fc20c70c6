package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func randHashes(r *rand.Rand, n int) []uint64 {
	h := make([]uint64, n)
	for i := range h {
		h[i] = r.Uint64()
	}
	return h
}

// TestWinnowGuarantee checks the winnowing guarantee against brute force:
// two sequences sharing a run of w hashes share a fingerprint.
func TestWinnowGuarantee(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, w := range []int{2, 4, 8, 16} {
		for trial := 0; trial < 200; trial++ {
			shared := randHashes(r, w+r.IntN(3*w))
			a := slices.Concat(randHashes(r, r.IntN(50)), shared, randHashes(r, r.IntN(50)))
			b := slices.Concat(randHashes(r, r.IntN(50)), shared, randHashes(r, r.IntN(50)))
			fa, fb := Winnow(nil, a, w), Winnow(nil, b, w)
			found := false
			for _, x := range fa {
				if slices.Contains(fb, x) && slices.Contains(shared, x) {
					found = true
				}
			}
			require.True(t, found, "w=%d trial %d: shared run of %d hashes has no common fingerprint", w, trial, len(shared))
		}
	}
}

func TestWinnowDensity(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	h := randHashes(r, 100000)
	for _, w := range []int{4, 8, 16} {
		got := float64(len(Winnow(nil, h, w))) / float64(len(h))
		want := 2 / float64(w+1)
		assert.InDelta(t, want, got, 0.1*want, "w=%d", w)
	}
}

func TestWinnowEdges(t *testing.T) {
	assert.Empty(t, Winnow(nil, nil, 4))
	assert.Equal(t, []uint64{3}, Winnow(nil, []uint64{5, 3, 9}, 8), "short input keeps its minimum")
	assert.Equal(t, []uint64{5, 3, 9}, Winnow(nil, []uint64{5, 3, 9}, 1))
	// Every selected value is the minimum of some window (brute force).
	r := rand.New(rand.NewPCG(5, 6))
	h := make([]uint64, 500)
	for i := range h {
		h[i] = uint64(r.IntN(20)) // many ties
	}
	w := 5
	want := []uint64{}
	last := -1
	for s := 0; s+w <= len(h); s++ {
		m := s
		for i := s; i < s+w; i++ {
			if h[i] <= h[m] {
				m = i
			}
		}
		if m != last {
			want = append(want, h[m])
			last = m
		}
	}
	assert.Equal(t, want, Winnow(nil, h, w))
}

// TestWinnowAt: the positions WinnowAt selects are increasing and hold
// the hashes Winnow selects, ties, short inputs and w <= 1 included.
func TestWinnowAt(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		h := make([]uint64, r.IntN(60))
		for i := range h {
			h[i] = uint64(r.IntN(1 + trial%25)) // many ties at first
		}
		w := r.IntN(10)
		at := WinnowAt(nil, h, w)
		var got []uint64
		for i, p := range at {
			got = append(got, h[p])
			require.True(t, i == 0 || p > at[i-1], "trial %d: positions %v not increasing", trial, at)
		}
		require.Equal(t, Winnow(nil, h, w), got, "trial %d, w=%d", trial, w)
	}
}
