package minhash

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpus returns signatures of stories × variants sets: each variant keeps a
// random share (30 to 100 %) of its story's 60 elements and adds new ones,
// so similarities within a story spread over the S-curve.
func corpus(h *Hasher, stories, variants int, rng *rand.Rand) []Signature {
	var sigs []Signature
	for range stories {
		base := randomHashes(60, rng.Uint64())
		for range variants {
			keep := 0.3 + 0.7*rng.Float64()
			var set []uint64
			for _, x := range base {
				if rng.Float64() < keep {
					set = append(set, x)
				} else {
					set = append(set, rng.Uint64())
				}
			}
			sigs = append(sigs, h.Sum(nil, set))
		}
	}
	return sigs
}

// bandMatch is the brute-force oracle: do a and b agree on a whole band?
func bandMatch(a, b Signature, bands, rows int) bool {
	for i := range bands {
		if slices.Equal(a[i*rows:(i+1)*rows], b[i*rows:(i+1)*rows]) {
			return true
		}
	}
	return false
}

// checkOracle requires the candidates of every query to be exactly the
// indexed ids that agree with it on a band.
func checkOracle(t *testing.T, l *LSH, indexed map[uint32]Signature, queries []Signature) {
	t.Helper()
	for qi, q := range queries {
		var want []uint32
		for id, s := range indexed {
			if bandMatch(q, s, l.Bands(), l.Rows()) {
				want = append(want, id)
			}
		}
		slices.Sort(want)
		got := l.AppendCandidates(nil, q)
		require.Equal(t, want, got, "query %d", qi)
	}
}

func TestLSHOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	h := New(32, 11)
	sigs := corpus(h, 30, 10, rng)
	l := NewLSH(8, 4)
	indexed := map[uint32]Signature{}
	for i, s := range sigs {
		id := uint32(i * 3) // ids need not be dense
		l.Add(id, s)
		indexed[id] = s
	}
	require.Equal(t, len(sigs), l.Len())
	queries := append(slices.Clone(sigs), corpus(h, 5, 4, rng)...)
	checkOracle(t, l, indexed, queries)

	// The story structure produces real candidate sets, not just self-matches.
	total := 0
	for _, q := range sigs {
		total += len(l.AppendCandidates(nil, q))
	}
	assert.Greater(t, total, 2*len(sigs))

	// Candidates append after dst's values and leave them alone.
	got := l.AppendCandidates([]uint32{99, 1}, sigs[0])
	assert.Equal(t, []uint32{99, 1}, got[:2])
	assert.Equal(t, l.AppendCandidates(nil, sigs[0]), got[2:])
}

func TestLSHRemove(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	h := New(32, 12)
	sigs := corpus(h, 20, 8, rng)
	l := NewLSH(16, 2)
	indexed := map[uint32]Signature{}
	for i, s := range sigs {
		l.Add(uint32(i), s)
		indexed[uint32(i)] = s
	}
	lists := 0
	for b := range l.tables {
		lists += l.tables[b].Lists()
	}
	require.NotZero(t, lists, "some buckets should hold several signatures")
	// Remove every other signature, in an order unrelated to insertion.
	for _, i := range rng.Perm(len(sigs)) {
		if i%2 == 0 {
			l.Remove(uint32(i), sigs[i])
			delete(indexed, uint32(i))
		}
	}
	require.Equal(t, len(indexed), l.Len())
	checkOracle(t, l, indexed, sigs)

	// Removing what is absent does nothing.
	l.Remove(0, sigs[0])
	l.Remove(12345, sigs[1])
	require.Equal(t, len(indexed), l.Len())
	checkOracle(t, l, indexed, sigs)

	// Re-adding reuses the freed buckets.
	for i := 0; i < len(sigs); i += 2 {
		l.Add(uint32(i), sigs[i])
		indexed[uint32(i)] = sigs[i]
	}
	reused := 0
	for b := range l.tables {
		reused += l.tables[b].Lists()
	}
	assert.Equal(t, lists, reused)
	checkOracle(t, l, indexed, sigs)

	// Removing everything empties every table, by signature or by keys.
	for i, s := range sigs {
		if i%2 == 0 {
			l.Remove(uint32(i), s)
		} else {
			l.RemoveKeys(uint32(i), l.Keys(nil, s))
		}
	}
	assert.Zero(t, l.Len())
	for b := range l.tables {
		assert.Zero(t, l.tables[b].Len())
	}
	assert.Empty(t, l.AppendCandidates(nil, sigs[0]))
}

// TestLSHRecall checks that pairs of similarity s become candidates with the
// S-curve probability 1-(1-s^r)^b that Params optimizes.
func TestLSHRecall(t *testing.T) {
	const k, pairs = 128, 400
	bands, rows := Params(0.8, k)
	rng := rand.New(rand.NewPCG(11, 12))
	for _, s := range []float64{0.5, 0.65, 0.75, 0.8, 0.85, 0.9, 0.95} {
		h := New(k, rng.Uint64())
		l := NewLSH(bands, rows)
		var queries []Signature
		exactSum := 0.0
		for i := range pairs {
			a, b, exact := pair(500, s, 0, rng)
			exactSum += exact
			l.Add(uint32(i), h.Sum(nil, a))
			queries = append(queries, h.Sum(nil, b))
		}
		found := 0
		var cands []uint32
		for i, q := range queries {
			cands = l.AppendCandidates(cands[:0], q)
			if _, ok := slices.BinarySearch(cands, uint32(i)); ok {
				found++
			}
		}
		js := exactSum / pairs
		p := 1 - math.Pow(1-math.Pow(js, float64(rows)), float64(bands))
		tol := 4*math.Sqrt(p*(1-p)/pairs) + 0.04
		t.Logf("s=%.3f predicted %.3f observed %.3f", js, p, float64(found)/pairs)
		assert.InDelta(t, p, float64(found)/pairs, tol, "s=%.2f b=%d r=%d", js, bands, rows)
	}
}

func TestLSHZeroAndPanics(t *testing.T) {
	var l LSH
	assert.Zero(t, l.Len())
	assert.Equal(t, []uint32{4}, l.AppendCandidates([]uint32{4}, Signature{1, 2}))
	l.Remove(1, Signature{1})
	assert.PanicsWithValue(t, "minhash: Add on zero LSH; use NewLSH", func() { l.Add(1, Signature{1}) })
	assert.PanicsWithValue(t, "minhash: Add on zero LSH; use NewLSH", func() { l.AddCandidates(nil, 1, Signature{1}) })
	assert.Panics(t, func() { NewLSH(0, 4) })
	assert.Panics(t, func() { NewLSH(4, 0) })
	l2 := NewLSH(4, 4)
	assert.Equal(t, 4, l2.Bands())
	assert.Equal(t, 4, l2.Rows())
	short := make(Signature, 15)
	assert.PanicsWithValue(t, "minhash: signature shorter than bands·rows", func() { l2.Add(1, short) })
	assert.Panics(t, func() { l2.AppendCandidates(nil, short) })
	assert.Panics(t, func() { l2.Remove(1, short) })
	// Longer signatures are fine: only the first bands·rows values count.
	long := New(20, 1).Sum(nil, []uint64{1, 2, 3})
	l2.Add(7, long)
	assert.Equal(t, []uint32{7}, l2.AppendCandidates(nil, long[:16]))
}

func TestLSHAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	h := New(128, 1)
	sigs := corpus(h, 50, 5, rng)
	l := NewLSH(Params(0.5, 128))
	for i, s := range sigs {
		l.Add(uint32(i), s)
	}
	dst := make([]uint32, 0, len(sigs))
	allocs := testing.AllocsPerRun(20, func() { dst = l.AppendCandidates(dst[:0], sigs[3]) })
	assert.Zero(t, allocs)
	assert.NotEmpty(t, dst)
}

// TestLSHAddCandidates: AddCandidates is AppendCandidates then Add.
func TestLSHAddCandidates(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	h := New(32, 11)
	sigs := corpus(h, 30, 10, rng)
	a, b, c := NewLSH(8, 4), NewLSH(8, 4), NewLSH(8, 4)
	for i, s := range sigs {
		want := a.AppendCandidates([]uint32{7}, s)
		a.Add(uint32(i), s)
		got := b.AddCandidates([]uint32{7}, uint32(i), s)
		require.Equal(t, want, got, "signature %d", i)
		// By keys, touched first (which changes nothing).
		keys := c.Keys([]uint64{99}, s)[1:]
		require.Len(t, keys, 8)
		c.Touch(keys)
		require.Equal(t, want, c.AddKeyCandidates([]uint32{7}, uint32(i), keys), "signature %d by keys", i)
	}
	require.Equal(t, a.Len(), b.Len())
	require.Equal(t, a.Len(), c.Len())
	for _, s := range sigs {
		require.Equal(t, a.AppendCandidates(nil, s), b.AppendCandidates(nil, s))
		require.Equal(t, a.AppendCandidates(nil, s), c.AppendCandidates(nil, s))
	}
	assert.PanicsWithValue(t, "minhash: one key per band needed", func() { c.AddKeyCandidates(nil, 1, make([]uint64, 7)) })
}

// TestLSHMaxBucket: with MaxBucket set, each band gives the query only the
// last MaxBucket ids added to its bucket, by AppendCandidates and by
// AddCandidates alike.
func TestLSHMaxBucket(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	h := New(32, 11)
	sigs := corpus(h, 5, 40, rng) // few stories: large buckets
	const bands, rows, most = 8, 4, 3
	want := func(q Signature, n int) []uint32 { // over sigs[:n], added in order
		var ids []uint32
		for b := range bands {
			var bucket []uint32
			for id, s := range sigs[:n] {
				if slices.Equal(q[b*rows:(b+1)*rows], s[b*rows:(b+1)*rows]) {
					bucket = append(bucket, uint32(id))
				}
			}
			ids = append(ids, bucket[max(0, len(bucket)-most):]...)
		}
		slices.Sort(ids)
		return slices.Compact(ids)
	}
	a, b := NewLSH(bands, rows), NewLSH(bands, rows)
	a.MaxBucket, b.MaxBucket = most, most
	capped := 0
	for i, s := range sigs {
		require.Equal(t, want(s, i), a.AppendCandidates(nil, s), "signature %d", i)
		require.Equal(t, want(s, i), b.AddCandidates(nil, uint32(i), s), "signature %d", i)
		a.Add(uint32(i), s)
		if full := sharingBand(sigs[:i], s, bands, rows); full > len(want(s, i)) {
			capped++
		}
	}
	assert.Greater(t, capped, len(sigs)/10, "buckets large enough to be capped")
}

// sharingBand returns how many of sigs share a band with q.
func sharingBand(sigs []Signature, q Signature, bands, rows int) int {
	n := 0
	for _, s := range sigs {
		if bandMatch(q, s, bands, rows) {
			n++
		}
	}
	return n
}
