package simhash

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type pair struct {
	id uint32
	fp uint64
}

// oracle is a brute-force model of an Index: a set of pairs.
type oracle map[pair]bool

// near is the linear-scan answer to AppendNear.
func (o oracle) near(fp uint64, k int) []Match {
	best := make(map[uint32]int)
	for p := range o {
		if d := Distance(p.fp, fp); d <= k {
			if b, ok := best[p.id]; !ok || d < b {
				best[p.id] = d
			}
		}
	}
	out := []Match{}
	for id, d := range best {
		out = append(out, Match{ID: id, Distance: d})
	}
	slices.SortFunc(out, func(a, b Match) int {
		return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// flip returns fp with d distinct random bits flipped.
func flip(rng *rand.Rand, fp uint64, d int) uint64 {
	for _, i := range rng.Perm(64)[:d] {
		fp ^= 1 << uint(i)
	}
	return fp
}

// Search modes: force the table probe, force the linear scan, or let the
// index choose.
var modes = []struct {
	name      string
	scanLimit int
}{{"probe", -1}, {"scan", math.MaxInt}, {"auto", 0}}

func newTestIndex(k, scanLimit int) *Index {
	ix := NewIndex(k)
	if scanLimit != 0 {
		ix.scanLimit = scanLimit
	}
	return ix
}

func checkOracle(t *testing.T, ix *Index, o oracle, queries []uint64) {
	t.Helper()
	require.Equal(t, len(o), ix.Len())
	prefix := []Match{{ID: 7, Distance: 99}}
	for _, q := range queries {
		want := o.near(q, ix.K())
		got := ix.AppendNear(slices.Clip(prefix), q)
		require.Equal(t, prefix, got[:1], "prefix kept")
		require.Equal(t, want, got[1:], "query %#x", q)
	}
}

// TestIndexOracle compares AppendNear with a linear scan over random
// fingerprints plus neighbours planted at distances 0..K+3, through adds,
// removes and re-adds, identical fingerprints and reused ids.
func TestIndexOracle(t *testing.T) {
	for _, k := range []int{1, 2, 3, 4, 5, 6, 8, 10} {
		for _, mode := range modes {
			t.Run(fmt.Sprintf("K=%d/%s", k, mode.name), func(t *testing.T) {
				testOracle(t, k, mode.scanLimit)
			})
		}
	}
}

func testOracle(t *testing.T, k, scanLimit int) {
	rng := rand.New(rand.NewPCG(uint64(k), uint64(scanLimit)))
	ix := newTestIndex(k, scanLimit)
	o := oracle{}
	add := func(id uint32, fp uint64) {
		ix.Add(id, fp)
		o[pair{id, fp}] = true
	}
	id := uint32(0)
	for range 1500 {
		id++
		add(id, rng.Uint64())
	}
	var centers []uint64
	for range 30 {
		c := rng.Uint64()
		centers = append(centers, c)
		for d := 0; d <= k+3; d++ {
			for range 2 {
				id++
				add(id, flip(rng, c, d))
			}
		}
		add(id, c)                 // an id reused with another fingerprint
		add(id+1, c)               // identical fingerprints, several ids
		add(id+2, c)               //
		add(id+2, flip(rng, c, 1)) // and reused again
		id += 2
	}
	queries := func() []uint64 {
		var qs []uint64
		for _, c := range centers {
			qs = append(qs, c)
			for d := 0; d <= k+3; d++ {
				qs = append(qs, flip(rng, c, d))
			}
		}
		for range 20 {
			qs = append(qs, rng.Uint64())
		}
		return qs
	}
	checkOracle(t, ix, o, queries())

	// Remove about half the pairs, and some that are not stored.
	var removed []pair
	for p := range o {
		if rng.IntN(2) == 0 {
			removed = append(removed, p)
		}
	}
	slices.SortFunc(removed, func(a, b pair) int { return cmp.Or(cmp.Compare(a.id, b.id), cmp.Compare(a.fp, b.fp)) })
	rng.Shuffle(len(removed), func(i, j int) { removed[i], removed[j] = removed[j], removed[i] })
	for _, p := range removed {
		ix.Remove(p.id, p.fp)
		delete(o, p)
		ix.Remove(p.id, p.fp)   // again: no-op
		ix.Remove(p.id+1, p.fp) // maybe stored
		ix.Remove(p.id, ^p.fp)  // not stored
		delete(o, pair{p.id + 1, p.fp})
	}
	checkOracle(t, ix, o, queries())

	// Re-add a third of the removed pairs, some twice.
	for _, p := range removed[:len(removed)/3] {
		add(p.id, p.fp)
		add(p.id, p.fp)
	}
	checkOracle(t, ix, o, queries())

	// Empty it.
	for p := range o {
		ix.Remove(p.id, p.fp)
		delete(o, p)
	}
	checkOracle(t, ix, o, queries())
	for _, blk := range ix.blocks {
		assert.Empty(t, blk.heads)
		assert.Empty(t, blk.next)
		for _, w := range blk.present {
			assert.Zero(t, w, "a removed value's bit is cleared")
		}
	}
	assert.Empty(t, ix.more)
}

// TestIndexBlockBoundary places the query's differing bits in every way
// across the blocks: every split of K bits must be found, and no split of K+1.
func TestIndexBlockBoundary(t *testing.T) {
	for k := 1; k <= 12; k++ {
		ix := newTestIndex(k, -1)
		rng := rand.New(rand.NewPCG(uint64(k), 99))
		base := rng.Uint64()
		ix.Add(1, base)
		var rec func(b, left int, x uint64)
		rec = func(b, left int, x uint64) {
			if b == len(ix.blocks) {
				got := ix.AppendNear(nil, base^x)
				if d := Distance(x, 0); d <= k {
					require.Equal(t, []Match{{1, d}}, got, "K=%d x=%#x", k, x)
				} else {
					require.Empty(t, got, "K=%d x=%#x", k, x)
				}
				return
			}
			blk := ix.blocks[b]
			w := bits.Len64(blk.mask)
			for c := 0; c <= min(left, w); c++ {
				if b == len(ix.blocks)-1 && c != left {
					continue
				}
				// c random bits of block b.
				var bm uint64
				for _, i := range rng.Perm(w)[:c] {
					bm |= 1 << uint(i)
				}
				rec(b+1, left-c, x|bm<<blk.shift)
			}
		}
		rec(0, k, 0)
		rec(0, k+1, 0)
	}
}

func TestIndexDuplicates(t *testing.T) {
	const fp = 0xf0f0f0f0f0f0f0f0
	ix := NewIndex(3)
	ix.Add(1, fp)
	ix.Add(1, fp)
	assert.Equal(t, 1, ix.Len(), "same pair twice")
	ix.Add(2, fp)
	ix.Add(1, fp^1)
	ix.Add(3, fp)
	assert.Equal(t, 4, ix.Len())
	assert.Equal(t, []Match{{1, 0}, {2, 0}, {3, 0}}, ix.AppendNear(nil, fp))
	assert.Equal(t, []Match{{1, 0}, {2, 1}, {3, 1}}, ix.AppendNear(nil, fp^1))

	ix.Remove(1, fp) // the slot's first id, with others sharing fp
	assert.Equal(t, 3, ix.Len())
	assert.Equal(t, []Match{{2, 0}, {3, 0}, {1, 1}}, ix.AppendNear(nil, fp))
	ix.Remove(9, fp)
	ix.Remove(2, fp^1)
	assert.Equal(t, 3, ix.Len(), "absent pairs")
	ix.Remove(3, fp)
	ix.Remove(2, fp)
	assert.Equal(t, []Match{{1, 1}}, ix.AppendNear(nil, fp))
	ix.Remove(1, fp^1)
	assert.Equal(t, 0, ix.Len())
	assert.Empty(t, ix.AppendNear(nil, fp))
}

func TestIndexZeroValue(t *testing.T) {
	var ix Index
	assert.Equal(t, DefaultK, ix.K())
	assert.Equal(t, 0, ix.Len())
	assert.Empty(t, ix.AppendNear(nil, 42))
	ix.Remove(1, 42)
	ix.Add(1, 0b0111)
	assert.Equal(t, []Match{{1, 3}}, ix.AppendNear(nil, 0))
	assert.Empty(t, ix.AppendNear(nil, 0b1_0000_0000_0000))
}

func TestNewIndex(t *testing.T) {
	assert.Panics(t, func() { NewIndex(-1) })
	assert.Panics(t, func() { NewIndex(MaxK + 1) })
	assert.Equal(t, DefaultK, NewIndex(0).K())
	assert.Len(t, NewIndex(1).blocks, 2)
	for k := 1; k <= MaxK; k++ {
		ix := NewIndex(k)
		require.Equal(t, k, ix.K())
		if k >= 2 && k <= 14 {
			require.Len(t, ix.blocks, 3, "K=%d", k)
		}
		// The blocks tile the 64 bits, and their radii sum to K-m+1.
		next, radii := uint(0), 0
		for _, blk := range ix.blocks {
			require.Equal(t, next, blk.shift)
			require.LessOrEqual(t, bits.Len64(blk.mask), 32)
			next += uint(bits.Len64(blk.mask))
			radii += blk.radius
		}
		require.Equal(t, uint(64), next, "K=%d", k)
		require.Equal(t, k-len(ix.blocks)+1, radii, "K=%d", k)
	}
}

func TestFlips(t *testing.T) {
	fs := flips(10, 2)
	assert.Len(t, fs, 1+10+45)
	assert.Equal(t, uint32(0), fs[0])
	seen := map[uint32]bool{}
	for _, f := range fs {
		assert.Less(t, f, uint32(1<<10))
		assert.LessOrEqual(t, Distance(uint64(f), 0), 2)
		seen[f] = true
	}
	assert.Len(t, seen, len(fs))
	assert.Len(t, flips(32, 1), 33)
}

func TestAppendNearAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for _, mode := range modes[:2] {
		ix := newTestIndex(3, mode.scanLimit)
		var fps []uint64
		for i := range 5000 {
			fp := rng.Uint64()
			fps = append(fps, fp)
			ix.Add(uint32(i), fp)
			ix.Add(uint32(i+5000), flip(rng, fp, 2))
		}
		for i := range fps {
			fps[i] = flip(rng, fps[i], 1)
		}
		dst := make([]Match, 0, 16)
		i := 0
		allocs := testing.AllocsPerRun(200, func() {
			dst = ix.AppendNear(dst[:0], fps[i%len(fps)])
			i++
		})
		assert.Zero(t, allocs, mode.name)
	}
}

func BenchmarkIndexAdd(b *testing.B) {
	ix := NewIndex(DefaultK)
	rng := rand.New(rand.NewPCG(1, 2))
	b.ReportAllocs()
	id := uint32(0)
	for b.Loop() {
		ix.Add(id, rng.Uint64())
		id++
	}
}

// benchIndexes caches the 1M-entry indexes across benchmark runs.
var benchIndexes = map[int]*Index{}

const benchN = 1 << 20

func BenchmarkIndexQuery(b *testing.B) {
	for _, k := range []int{3, 8} {
		for _, mode := range modes[:2] {
			b.Run(fmt.Sprintf("K=%d/%s", k, mode.name), func(b *testing.B) {
				benchQuery(b, k, mode.scanLimit)
			})
		}
	}
}

func benchQuery(b *testing.B, k, scanLimit int) {
	rng := rand.New(rand.NewPCG(3, 4))
	ix := benchIndexes[k]
	var bytesPerEntry float64
	if ix == nil {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix = NewIndex(k)
		for i := range benchN {
			ix.Add(uint32(i), rng.Uint64())
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		bytesPerEntry = float64(after.HeapAlloc-before.HeapAlloc) / benchN
		benchIndexes[k] = ix
	}
	saved := ix.scanLimit
	ix.scanLimit = scanLimit
	defer func() { ix.scanLimit = saved }()

	// Half the queries are near a stored fingerprint, half random.
	rng = rand.New(rand.NewPCG(5, 6))
	queries := make([]uint64, 1024)
	for i := range queries {
		queries[i] = rng.Uint64()
		if i%2 == 0 {
			queries[i] = flip(rng, ix.fps[rng.IntN(len(ix.fps))], rng.IntN(k+1))
		}
	}
	dst := make([]Match, 0, 64)
	found := 0
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		dst = ix.AppendNear(dst[:0], queries[i%len(queries)])
		found += len(dst)
		i++
	}
	b.ReportMetric(float64(found)/float64(i), "matches/op")
	if bytesPerEntry > 0 {
		b.ReportMetric(bytesPerEntry, "B/entry")
	}
}

// TestIndexConcurrentReaders backs the documented guarantee that AppendNear
// calls may run concurrently with each other (run with -race).
func TestIndexConcurrentReaders(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	ix := newTestIndex(3, -1)
	var fps []uint64
	for i := range 2000 {
		fp := rng.Uint64()
		fps = append(fps, fp)
		ix.Add(uint32(i), fp)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			var dst []Match
			for i := g; i < len(fps); i += 4 {
				dst = ix.AppendNear(dst[:0], fps[i]^1)
				assert.Equal(t, []Match{{uint32(i), 1}}, dst)
			}
		})
	}
	wg.Wait()
}

func TestScanLimit(t *testing.T) {
	assert.Equal(t, 400, NewIndex(3).scanLimit)
	assert.InDelta(t, 11500, NewIndex(8).scanLimit, 100)
}

// TestIndexMaxBucket checks the bound on what a query reads: of a
// fingerprint stored with many ids, the first and the most recent ones
// (against a brute-force oracle); of many distinct fingerprints sharing a
// block value, a bounded number, the most recent among them.
func TestIndexMaxBucket(t *testing.T) {
	const most = 5
	rng := rand.New(rand.NewPCG(21, 22))
	for _, mode := range modes {
		t.Run("ids/"+mode.name, func(t *testing.T) {
			ix := newTestIndex(3, mode.scanLimit)
			ix.MaxBucket = most
			var centers []uint64
			for range 30 {
				centers = append(centers, rng.Uint64())
			}
			byFP := map[uint64][]uint32{} // the oracle: ids in the order added
			for id := uint32(1); id <= 3000; id++ {
				fp := centers[rng.IntN(len(centers))]
				ix.Add(id, fp)
				byFP[fp] = append(byFP[fp], id)
				if id%7 == 0 { // a pair added again changes nothing
					ix.Add(id, fp)
				}
			}
			require.Equal(t, 3000, ix.Len())
			for _, c := range centers {
				var want []Match
				for fp, ids := range byFP {
					if d := Distance(fp, c); d <= 3 {
						want = append(want, Match{ids[0], d})
						for _, id := range ids[max(1, len(ids)-(most-1)):] {
							want = append(want, Match{id, d})
						}
					}
				}
				slices.SortFunc(want, func(a, b Match) int {
					return cmp.Or(cmp.Compare(a.Distance, b.Distance), cmp.Compare(a.ID, b.ID))
				})
				require.Equal(t, want, ix.AppendNear(nil, c))
			}
		})
	}
	t.Run("ids out of order", func(t *testing.T) {
		ix := NewIndex(3)
		ix.MaxBucket = 3
		const fp = 0x1234
		for _, id := range []uint32{50, 10, 40, 20, 30, 40, 10} {
			ix.Add(id, fp)
		}
		assert.Equal(t, 5, ix.Len())
		assert.Equal(t, []Match{{30, 0}, {40, 0}, {50, 0}}, ix.AppendNear(nil, fp), "the first, then the largest")
		ix.Remove(40, fp)
		ix.Remove(40, fp)
		assert.Equal(t, []Match{{20, 0}, {30, 0}, {50, 0}}, ix.AppendNear(nil, fp))
	})
	t.Run("chains", func(t *testing.T) {
		ix := newTestIndex(3, -1) // probe: chains are walked
		ix.MaxBucket = most
		base := rng.Uint64()
		var fps []uint64
		var ids []uint32
		for i := range 2000 { // distinct fingerprints within distance 2 of base
			fp := flip(rng, base, 2)
			if !slices.Contains(fps, fp) {
				fps, ids = append(fps, fp), append(ids, uint32(i))
				ix.Add(uint32(i), fp)
			}
		}
		// Every fingerprint is at distance 2: the matches are the newest.
		want := make([]Match, 0, most)
		for _, id := range ids[len(ids)-most:] {
			want = append(want, Match{id, 2})
		}
		assert.Equal(t, want, ix.AppendNear(nil, base))
		got := ix.AppendNear(nil, base)
		for _, m := range got {
			assert.LessOrEqual(t, m.Distance, 3)
		}
	})
}
