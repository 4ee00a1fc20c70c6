package simhash

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func randHashes(rng *rand.Rand, n int) []uint64 {
	hs := make([]uint64, n)
	for i := range hs {
		hs[i] = rng.Uint64()
	}
	return hs
}

func vectorOf(hs []uint64) *Vector {
	var v Vector
	for _, h := range hs {
		v.Add(h)
	}
	return &v
}

func TestDistance(t *testing.T) {
	assert.Equal(t, 0, Distance(0, 0))
	assert.Equal(t, 64, Distance(0, ^uint64(0)))
	assert.Equal(t, 3, Distance(0b1011, 0b0000))
	assert.Equal(t, 2, Distance(1<<63|1, 0))
}

// TestFingerprintMatchesVector checks the bit-sliced counter against the
// plain Vector, around block (16) and flush (255*16) boundaries.
func TestFingerprintMatchesVector(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	sizes := []int{0, 1, 2, 3, 4, 5, 15, 16, 17, 31, 32, 33, 200, 201, 1000, 4064, 4065, 4079, 4080, 4081, 4096, 9000}
	for _, n := range sizes {
		inputs := map[string][]uint64{
			"random": randHashes(rng, n),
			"same":   slices.Repeat([]uint64{0xdeadbeefcafef00d}, n),
			"ones":   slices.Repeat([]uint64{^uint64(0)}, n),
		}
		// Biased bits: columns with counts near n/2 exercise ties.
		biased := randHashes(rng, n)
		for i := range biased {
			biased[i] &= rng.Uint64() | rng.Uint64()
		}
		inputs["biased"] = biased
		// Column i has n/2 + i%5 - 2 bits set: counts on both sides of the
		// majority threshold, and ties.
		threshold := make([]uint64, n)
		for i := range 64 {
			for w := range min(max(n/2+i%5-2, 0), n) {
				threshold[w] |= 1 << uint(i)
			}
		}
		inputs["threshold"] = threshold
		for name, hs := range inputs {
			v := vectorOf(hs)
			want := v.Sum64()
			require.Equal(t, want, Fingerprint(hs), "Fingerprint %s n=%d", name, n)
			var all Vector
			all.AddAll(hs)
			require.Equal(t, *v, all, "AddAll %s n=%d", name, n)
		}
	}
}

func TestFingerprintEmpty(t *testing.T) {
	assert.Equal(t, uint64(0), Fingerprint(nil))
	var v Vector
	assert.Equal(t, uint64(0), v.Sum64())
}

func TestVectorWeighted(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	hs := randHashes(rng, 300)

	var a, b Vector
	for _, h := range hs {
		a.Add(h)
		b.AddWeighted(h, 1)
	}
	require.Equal(t, a, b)

	// A weight of 3 is three Adds; a negative weight undoes them.
	var c, d Vector
	for _, h := range hs {
		c.AddWeighted(h, 3)
		d.Add(h)
		d.Add(h)
		d.Add(h)
	}
	require.Equal(t, d, c)
	for _, h := range hs {
		c.AddWeighted(h, -3)
	}
	require.Equal(t, Vector{}, c)

	// Merge of two halves equals adding everything.
	var lo, hi Vector
	lo.AddAll(hs[:100])
	hi.AddAll(hs[100:])
	lo.Merge(&hi)
	require.Equal(t, a, lo)
	require.Equal(t, Fingerprint(hs), lo.Sum64())
}

func TestFingerprintOrderInvariant(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	hs := randHashes(rng, 200)
	fp := Fingerprint(hs)
	for range 20 {
		shuffled := slices.Clone(hs)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		require.Equal(t, 0, Distance(fp, Fingerprint(shuffled)))
	}
}

// distances returns the sorted distances of trials fingerprint pairs made by pair.
func distances(trials int, pair func() (a, b uint64)) []int {
	ds := make([]int, trials)
	for i := range ds {
		a, b := pair()
		ds[i] = Distance(a, b)
	}
	slices.Sort(ds)
	return ds
}

func mean(xs []int) float64 {
	s := 0
	for _, x := range xs {
		s += x
	}
	return float64(s) / float64(len(xs))
}

// TestOneChangedFeature: replacing one feature of 200 flips a bit only where
// that bit's column sum is within one vote of zero (probability about 0.056
// each), so the expected distance is about 1.8.
func TestOneChangedFeature(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	ds := distances(2000, func() (uint64, uint64) {
		hs := randHashes(rng, 200)
		a := Fingerprint(hs)
		hs[rng.IntN(len(hs))] = rng.Uint64()
		return a, Fingerprint(hs)
	})
	m := mean(ds)
	assert.InDelta(t, 1.8, m, 0.4, "mean distance")
	assert.LessOrEqual(t, ds[len(ds)*99/100], 6, "99th percentile")
	assert.LessOrEqual(t, ds[len(ds)-1], 12, "max")
}

// TestUnrelated: fingerprints of independent feature sets differ in each bit
// with probability 1/2, so the distance is Binomial(64, 1/2): mean 32, sd 4.
func TestUnrelated(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	ds := distances(2000, func() (uint64, uint64) {
		return Fingerprint(randHashes(rng, 200)), Fingerprint(randHashes(rng, 200))
	})
	m := mean(ds)
	// Slightly below 32: with an even feature count, ties give 0 bits.
	assert.InDelta(t, 32, m, 0.6, "mean distance")
	assert.GreaterOrEqual(t, ds[len(ds)/100], 20, "1st percentile")
	assert.LessOrEqual(t, ds[len(ds)*99/100], 44, "99th percentile")
}

func TestFingerprintAllocs(t *testing.T) {
	hs := randHashes(rand.New(rand.NewPCG(11, 12)), 1000)
	var sink uint64
	assert.Zero(t, testing.AllocsPerRun(100, func() { sink ^= Fingerprint(hs) }))
	var v Vector
	assert.Zero(t, testing.AllocsPerRun(100, func() { v.AddAll(hs) }))
	_ = sink
}

func BenchmarkFingerprint(b *testing.B) {
	hs := randHashes(rand.New(rand.NewPCG(13, 14)), 1000)
	b.SetBytes(8 * int64(len(hs)))
	b.ReportAllocs()
	for b.Loop() {
		Fingerprint(hs)
	}
}

// BenchmarkVectorAdd is the plain path that Fingerprint replaces.
func BenchmarkVectorAdd(b *testing.B) {
	hs := randHashes(rand.New(rand.NewPCG(13, 14)), 1000)
	b.SetBytes(8 * int64(len(hs)))
	b.ReportAllocs()
	for b.Loop() {
		var v Vector
		for _, h := range hs {
			v.Add(h)
		}
		v.Sum64()
	}
}
