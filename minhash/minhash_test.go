package minhash

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pair returns two sets of n distinct element hashes each whose Jaccard
// similarity is as close to j as n allows, and that exact similarity. With
// rng nil the elements are consecutive integers starting at base, the most
// regular input a mixer can get; otherwise they are random.
func pair(n int, j float64, base uint64, rng *rand.Rand) (a, b []uint64, exact float64) {
	shared := min(n, int(math.Round(2*float64(n)*j/(1+j))))
	union := 2*n - shared
	elems := make([]uint64, 0, union)
	if rng == nil {
		for i := range union {
			elems = append(elems, base+uint64(i))
		}
	} else {
		seen := make(map[uint64]bool, union)
		for len(elems) < union {
			if x := rng.Uint64(); !seen[x] {
				seen[x] = true
				elems = append(elems, x)
			}
		}
	}
	// a = elems[0:n], b = elems[n-shared : 2n-shared]; they share n-shared..n.
	return elems[:n:n], elems[n-shared:], float64(shared) / float64(union)
}

// classicalSum is the k-permutation MinHash oracle: k independently keyed
// mixes and a minimum for each, O(n·k).
func classicalSum(k int, seed uint64, hashes []uint64) Signature {
	sig := make(Signature, k)
	key := seed
	for i := range sig {
		key += 0x9e3779b97f4a7c15
		ki := mix(key)
		sig[i] = empty
		for _, x := range hashes {
			sig[i] = min(sig[i], mix(x^ki))
		}
	}
	return sig
}

func TestNew(t *testing.T) {
	assert.Equal(t, DefaultSize, New(0, 5).Size())
	assert.Equal(t, 64, New(64, 5).Size())
	assert.Equal(t, uint64(5), New(64, 5).Seed())
	var zero Hasher
	assert.Equal(t, DefaultSize, zero.Size())
	hs := []uint64{1, 2, 3, 4, 5}
	assert.Equal(t, New(0, 0).Sum(nil, hs), zero.Sum(nil, hs), "zero Hasher is New(0, 0)")
	assert.PanicsWithValue(t, "minhash: size out of range", func() { New(-1, 0) })
	assert.PanicsWithValue(t, "minhash: size out of range", func() { New(maxSize+1, 0) })
}

func TestSumProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 2, 7, 64, 100, 128, 256} {
		for _, n := range []int{1, 2, 5, 20, 100, 1000} {
			h := New(k, uint64(k*n))
			hs := randomHashes(n, uint64(n))
			sig := Signature(h.Sum(nil, hs))
			require.Len(t, sig, k)
			require.True(t, valid(sig), "k=%d n=%d", k, n)
			require.False(t, sig.Empty())
			require.Equal(t, 1.0, sig.Jaccard(sig))

			// Order and duplicates do not matter.
			shuffled := slices.Clone(hs)
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			shuffled = append(shuffled, hs[:n/2+1]...)
			require.Equal(t, sig, Signature(h.Sum(nil, shuffled)), "k=%d n=%d", k, n)

			// Another seed gives another signature.
			if k >= 64 {
				other := Signature(New(k, uint64(k*n)+1).Sum(nil, hs))
				require.Less(t, sig.Jaccard(other), 0.2, "k=%d n=%d", k, n)
			}
		}
	}
}

func TestEmptySet(t *testing.T) {
	h := New(64, 9)
	e := Signature(h.Sum(nil, nil))
	require.Len(t, e, 64)
	for _, v := range e {
		require.Equal(t, uint64(math.MaxUint64), v)
	}
	assert.True(t, e.Empty())
	assert.True(t, valid(e))
	assert.Equal(t, 0.0, e.Jaccard(Signature(h.Sum(nil, []uint64{}))), "two empty sets")
	s := Signature(h.Sum(nil, []uint64{42}))
	assert.False(t, s.Empty())
	assert.Equal(t, 0.0, e.Jaccard(s))
	assert.Equal(t, 0.0, s.Jaccard(e))
	assert.Equal(t, 1.0, s.Jaccard(s))
	assert.Equal(t, 0.0, Signature{}.Jaccard(Signature{}))
	assert.True(t, Signature(nil).Empty())
}

func TestJaccardPanics(t *testing.T) {
	assert.PanicsWithValue(t, "minhash: signatures of different sizes", func() {
		Signature{1, 2}.Jaccard(Signature{1, 2, 3})
	})
}

// TestSumAppends checks the append contract and aliasing: signatures kept
// in one arena are not disturbed by later Sums into the same buffer.
func TestSumAppends(t *testing.T) {
	h := New(32, 3)
	sets := [][]uint64{randomHashes(100, 1), randomHashes(5, 2), nil, randomHashes(1000, 3), {7}}
	var want []Signature
	for _, s := range sets {
		want = append(want, h.Sum(nil, s))
	}
	for _, initCap := range []int{0, 32, 33, 5 * 32, 1000} {
		arena := append(make([]uint64, 0, initCap), 11, 12, 13)
		var offs []int
		for _, s := range sets {
			offs = append(offs, len(arena))
			arena = h.Sum(arena, s)
		}
		require.Equal(t, []uint64{11, 12, 13}, arena[:3], "prefix kept")
		require.Len(t, arena, 3+len(sets)*32)
		for i, off := range offs {
			require.Equal(t, want[i], Signature(arena[off:off+32]), "cap %d signature %d", initCap, i)
		}
	}

	// Sum into the spare capacity of a slice leaves the slice itself alone.
	buf := make([]uint64, 0, 64)
	first := h.Sum(buf, sets[0])
	second := h.Sum(first[:32], sets[1])
	require.Equal(t, want[0], Signature(first), "earlier signature intact")
	require.Equal(t, want[1], Signature(second[32:]))
}

func TestSumAllocs(t *testing.T) {
	for _, k := range []int{64, 128, 256} {
		h := New(k, 1)
		for _, n := range []int{0, 1, 10, 100, 3000} {
			hs := randomHashes(n, 1)
			dst := make([]uint64, 0, k)
			allocs := testing.AllocsPerRun(20, func() { dst = h.Sum(dst[:0], hs) })
			assert.Zero(t, allocs, "k=%d n=%d", k, n)
		}
		s := Signature(h.Sum(nil, randomHashes(50, 1)))
		u := Signature(h.Sum(nil, randomHashes(50, 2)))
		assert.Zero(t, testing.AllocsPerRun(20, func() { s.Jaccard(u) }))
	}
}

func TestSumSeq(t *testing.T) {
	h := New(100, 8)
	for _, n := range []int{0, 1, 10, 1000} {
		hs := randomHashes(n, uint64(n))
		want := h.Sum([]uint64{1}, hs)
		require.Equal(t, want, h.SumSeq([]uint64{1}, slices.Values(hs)), "n=%d", n)
	}
}

// TestDensify checks that pushing and pulling (round by round or bin by
// bin) fill empty bins identically, whichever densify picks, for every
// number of non-empty bins.
func TestDensify(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{2, 8, 64, 128, 300, maxHoles + 1} {
		for m := 1; m < k; m = m*2 + 1 {
			h := New(k, rng.Uint64())
			_, key := h.keys()
			sig := make([]uint64, k)
			for i := range sig {
				sig[i] = empty
			}
			// Put one element in each of m random bins.
			var donors []uint32
			for _, j := range rng.Perm(k)[:m] {
				lo := uint64(j) * (math.MaxUint64 / uint64(k))
				sig[j] = (lo + uint64(k)) &^ 1 // maps back to bin j
				donors = append(donors, uint32(j))
			}
			slices.Sort(donors)
			pulled, each, pushed, both := slices.Clone(sig), slices.Clone(sig), slices.Clone(sig), slices.Clone(sig)
			pull(pulled, key)
			pullEach(each, key)
			push(pushed, donors, key)
			densify(both, key)
			require.Equal(t, pulled, each, "k=%d m=%d", k, m)
			require.Equal(t, pulled, pushed, "k=%d m=%d", k, m)
			require.Equal(t, pulled, both, "k=%d m=%d", k, m)
			require.True(t, valid(both), "k=%d m=%d", k, m)
		}
	}
}

// TestAccuracy checks each estimate against the exact Jaccard similarity:
// |est - J| ≤ 4·sqrt(J(1-J)/k) + 0.01, for regular and random elements and
// for sets smaller and larger than k.
func TestAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, k := range []int{64, 128, 256} {
		for _, n := range []int{10, 30, 100, 300, 1000, 5000} {
			for _, j := range []float64{0.05, 0.1, 0.2, 0.35, 0.5, 0.65, 0.8, 0.9, 0.95} {
				for _, random := range []bool{false, true} {
					r := rng
					if !random {
						r = nil
					}
					a, b, exact := pair(n, j, uint64(n*1000), r)
					h := New(k, uint64(n)+uint64(j*100))
					est := Signature(h.Sum(nil, a)).Jaccard(h.Sum(nil, b))
					bound := 4*math.Sqrt(exact*(1-exact)/float64(k)) + 0.01
					assert.InDelta(t, exact, est, bound, "k=%d n=%d J=%.3f random=%v", k, n, exact, random)
				}
			}
		}
	}
}

// TestUnbiased averages many estimates of fixed pairs over seeds: the mean
// error is near 0 and the mean squared error at most 1.3 times J(1-J)/k,
// the variance of k independent permutations.
func TestUnbiased(t *testing.T) {
	const k, trials = 128, 300
	for _, n := range []int{10, 50, 128, 500, 5000} {
		for _, j := range []float64{0.05, 0.3, 0.5, 0.8, 0.95} {
			a, b, exact := pair(n, j, 0, nil)
			if exact == 1 {
				continue
			}
			var sum, sq float64
			sa := make([]uint64, 0, k)
			sb := make([]uint64, 0, k)
			for trial := range trials {
				h := New(k, uint64(trial)*0x9e3779b97f4a7c15)
				sa, sb = h.Sum(sa[:0], a), h.Sum(sb[:0], b)
				e := Signature(sa).Jaccard(sb) - exact
				sum += e
				sq += e * e
			}
			v := exact * (1 - exact) / k
			mean, mse := sum/trials, sq/trials
			assert.InDelta(t, 0, mean, 4*math.Sqrt(v/trials)+0.002, "n=%d J=%.3f mean error", n, exact)
			assert.LessOrEqual(t, mse, 1.3*v, "n=%d J=%.3f mse/(J(1-J)/k)=%.2f", n, exact, mse/v)
		}
	}
}

// TestAgainstClassical compares the estimator with the k-permutation
// oracle on the same pairs: both unbiased, and one-permutation hashing with
// densification no less accurate.
func TestAgainstClassical(t *testing.T) {
	const k, trials = 64, 200
	for _, n := range []int{3, 10, 64, 400} {
		for _, j := range []float64{0.2, 0.5, 0.8} {
			a, b, exact := pair(n, j, 1<<40, nil)
			if exact == 1 {
				continue
			}
			var mseOPH, mseClassic, sumOPH, sumClassic float64
			for trial := range trials {
				seed := uint64(trial) * 7919
				h := New(k, seed)
				e1 := Signature(h.Sum(nil, a)).Jaccard(h.Sum(nil, b)) - exact
				e2 := classicalSum(k, seed, a).Jaccard(classicalSum(k, seed, b)) - exact
				sumOPH += e1
				sumClassic += e2
				mseOPH += e1 * e1
				mseClassic += e2 * e2
			}
			v := exact * (1 - exact) / k
			name := fmt.Sprintf("n=%d J=%.3f", n, exact)
			assert.InDelta(t, 0, sumOPH/trials, 4*math.Sqrt(v/trials)+0.002, name)
			assert.InDelta(t, 0, sumClassic/trials, 4*math.Sqrt(v/trials)+0.002, name)
			assert.InDelta(t, 1, mseClassic/trials/v, 0.35, "%s: oracle variance", name)
			assert.LessOrEqual(t, mseOPH, 1.3*mseClassic, "%s: oph/classical = %.2f", name, mseOPH/mseClassic)
		}
	}
}

// TestGolden pins the hashing scheme, which encoding version 1 depends on:
// a change here invalidates stored signatures and needs a new version.
func TestGolden(t *testing.T) {
	h := New(8, 42)
	got := h.Sum(nil, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	want := []uint64{
		0x258f0ecc0673c0c, 0x2755a0d364b428ba, 0xa2e690b03cb0661c, 0x7577d2b032bbcd52,
		0xf670eab5b5af124c, 0xa2e690b03cb0661c, 0xc69f3558819af2c8, 0xf670eab5b5af124c,
	}
	require.Equal(t, want, got)
}

// FuzzSum checks Sum's invariants on arbitrary sets: a valid signature of
// the right size, independent of order and duplicates, that pull and push
// densify alike and that the encoding round-trips.
func FuzzSum(f *testing.F) {
	f.Add(uint8(8), uint64(1), []byte{})
	f.Add(uint8(0), uint64(2), []byte("0123456789abcdef"))
	f.Add(uint8(100), uint64(3), make([]byte, 800))
	f.Add(uint8(255), uint64(4), []byte("a longer input of some twenty-odd bytes"))
	f.Fuzz(func(t *testing.T, size uint8, seed uint64, data []byte) {
		hs := make([]uint64, 0, len(data)/8)
		for len(data) >= 8 {
			hs = append(hs, binary.LittleEndian.Uint64(data))
			data = data[8:]
		}
		h := New(int(size), seed)
		sig := Signature(h.Sum(nil, hs))
		require.Len(t, sig, h.Size())
		require.True(t, valid(sig))
		require.Equal(t, len(hs) == 0, sig.Empty())

		rev := slices.Clone(hs)
		slices.Reverse(rev)
		require.Equal(t, sig, Signature(h.Sum(nil, append(rev, hs...))))

		// Recompute the bins, then densify both ways.
		bins := make([]uint64, h.Size())
		for i := range bins {
			bins[i] = empty
		}
		elem, key := h.keys()
		for _, x := range hs {
			v := mix(x^elem) &^ 1
			j, _ := bits.Mul64(v, uint64(len(bins)))
			bins[j] = min(bins[j], v)
		}
		var donors []uint32
		for j, v := range bins {
			if v != empty {
				donors = append(donors, uint32(j))
			}
		}
		if len(donors) > 0 && len(donors) < len(bins) {
			pulled, pushed := slices.Clone(bins), slices.Clone(bins)
			pull(pulled, key)
			push(pushed, donors, key)
			require.Equal(t, pulled, pushed)
			require.Equal(t, sig, Signature(pulled))
		}

		data2, err := h.AppendBinary(nil, sig)
		require.NoError(t, err)
		back, err := h.Decode(data2)
		require.NoError(t, err)
		require.Equal(t, sig, back)
	})
}

// TestConcurrentSum shares one Hasher between goroutines (run with -race).
func TestConcurrentSum(t *testing.T) {
	h := New(64, 5)
	hs := randomHashes(500, 1)
	want := h.Sum(nil, hs)
	done := make(chan []uint64)
	for range 4 {
		go func() {
			var got []uint64
			for range 50 {
				got = h.Sum(got[:0], hs)
			}
			done <- got
		}()
	}
	for range 4 {
		assert.Equal(t, want, <-done)
	}
}
