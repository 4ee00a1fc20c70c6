package postings

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestLoader checks Loader.Load against the oracle of Map.Add one entry
// at a time in the order added, then Remove of the dropped IDs' entries:
// few entries (one goroutine), many (two, tables of their own per part),
// and into a Map that holds keys already; key 0 and keys of hundreds of
// IDs among them, with small tables that split while loading.
func TestLoader(t *testing.T) {
	defer func(n int) { maxSlots = n }(maxSlots)
	maxSlots = 16
	for _, c := range []struct {
		name       string
		docs, fps  int
		keys, held int
	}{
		{"few", 300, 20, 3000, 0},
		{"many", 4000, 40, 60000, 0},
		{"into a Map holding keys", 4000, 40, 60000, 500},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(c.docs), uint64(c.held)))
			keys := make([]uint64, c.keys)
			for i := range keys[1:] {
				keys[i+1] = r.Uint64() >> r.UintN(64)
			}
			var got, want Map
			var l Loader
			id := uint32(0)
			for ; id < uint32(c.held); id++ {
				k := keys[r.IntN(len(keys))]
				got.Add(k, id, true)
				want.Add(k, id, true)
			}
			type entry struct {
				key uint64
				id  uint32
			}
			var added []entry
			dropped := map[uint32]bool{}
			for range c.docs {
				seen := map[uint64]bool{}
				for range c.fps {
					// A quarter of the entries under 20 keys.
					k := keys[r.IntN(len(keys))]
					if r.IntN(4) == 0 {
						k = keys[r.IntN(20)]
					}
					if !seen[k] {
						seen[k] = true
						l.Add(k, id)
						added = append(added, entry{k, id})
					}
				}
				if r.IntN(10) == 0 {
					x := id - uint32(r.IntN(int(id)+1-c.held))
					l.Drop(x)
					dropped[x] = true
				}
				id++
			}
			if c.docs*c.fps >= loaderDeep {
				require.GreaterOrEqual(t, l.n, loaderDeep, "Load takes the two-goroutine path")
			}
			l.Load(&got)
			require.Zero(t, l.n, "Load empties the Loader")
			for _, e := range added {
				want.Add(e.key, e.id, true)
			}
			for _, e := range added {
				if dropped[e.id] {
					want.Remove(e.key, e.id)
				}
			}
			if c.docs*c.fps >= loaderDeep {
				require.Greater(t, got.depth, uint(loaderBits), "tables split while loading")
			}
			require.Equal(t, want.Len(), got.Len())
			for _, k := range keys {
				require.Equal(t, want.Get(k), got.Get(k), "key %#x", k)
			}
			// The loaded Map goes on as any other.
			for _, k := range keys[:100] {
				got.Add(k, id, true)
				require.Equal(t, id, got.Get(k)[len(got.Get(k))-1])
				require.True(t, got.Remove(k, id))
			}
		})
	}
}

// TestReserve checks that a Map given Reserve(n) takes n keys without a
// table doubling or splitting, holds what a Map without Reserve holds,
// and goes on growing past n; into a Map holding keys, Reserve keeps them.
func TestReserve(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n = 200000
	var got, want Map
	before := make([]uint64, 1000) // keys before Reserve, kept
	for i := range before {
		before[i] = r.Uint64()
		got.Add(before[i], uint32(i), true)
		want.Add(before[i], uint32(i), true)
	}
	got.Reserve(n, 1)
	depth := got.depth
	sizes := map[*table]int{}
	for _, tb := range got.dir {
		sizes[tb] = len(tb.slots)
	}
	keys := make([]uint64, n)
	for i := range keys {
		keys[i] = r.Uint64()
		got.Add(keys[i], uint32(i), true)
		want.Add(keys[i], uint32(i), true)
	}
	require.Equal(t, depth, got.depth, "no table split")
	for _, tb := range got.dir {
		require.Equal(t, sizes[tb], len(tb.slots), "no table grew")
	}
	require.Equal(t, want.Len(), got.Len())
	for _, k := range append(before, keys...) {
		require.Equal(t, want.Get(k), got.Get(k), "key %#x", k)
	}
	for i := range n { // past the reserve
		got.Add(r.Uint64(), uint32(i), true)
	}
	require.Greater(t, got.depth, depth, "tables split past the keys reserved")
	var empty Map
	empty.Reserve(0, 1)
	require.Nil(t, empty.dir, "Reserve(0) does nothing")
}
