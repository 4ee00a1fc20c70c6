package postings

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestMapModel runs random adds (once or not), combined reads, removes
// and drops against a plain map of slices: few keys, many IDs each.
func TestMapModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := testModel(t, r, 20000, func() uint64 { return uint64(r.IntN(40)) })
	require.LessOrEqual(t, m.Lists(), 40, "emptied lists are reused: never more than the keys")
}

// TestMapModelTables does the same with thousands of keys, 0 among them,
// and tables of at most 16 slots, so that tables grow, split, wrap around
// and have keys moved back by deletions all the time; every key is looked
// up at the end.
func TestMapModelTables(t *testing.T) {
	defer func(n int) { maxSlots = n }(maxSlots)
	maxSlots = 16
	r := rand.New(rand.NewPCG(3, 4))
	keys := make([]uint64, 3000)
	for i := range keys[1:] {
		keys[i+1] = r.Uint64() >> r.UintN(64) // small keys too
	}
	m := testModel(t, r, 60000, func() uint64 { return keys[r.IntN(len(keys))] })
	require.Greater(t, m.depth, uint(4), "tables split")
	for _, tb := range m.dir {
		require.LessOrEqual(t, len(tb.slots), maxSlots)
	}
}

// testModel runs steps random operations on a Map, with keys from key, and
// checks each against a map of slices; then it checks every key.
func testModel(t *testing.T, r *rand.Rand, steps int, key func() uint64) *Map {
	var m Map
	model := map[uint64][]uint32{}
	for step := range steps {
		key, id := key(), uint32(r.IntN(30))
		switch r.IntN(5) {
		case 0, 1:
			once, last := r.IntN(2) == 0, r.IntN(4) // last 0: all
			got := m.AppendAdd([]uint32{99}, key, id, once, last)
			want := model[key]
			if last > 0 && len(want) > last {
				want = want[len(want)-last:]
			}
			require.Equal(t, append([]uint32{99}, want...), got, "step %d", step)
			if l := model[key]; !once || len(l) == 0 || l[len(l)-1] != id {
				model[key] = append(l, id)
			}
		case 2:
			l := model[key]
			i := slices.Index(l, id)
			require.Equal(t, i >= 0, m.Remove(key, id), "step %d", step)
			if i >= 0 {
				model[key] = slices.Delete(l, i, i+1)
				if len(model[key]) == 0 {
					delete(model, key)
				}
			}
		case 3:
			require.Equal(t, model[key], nilIfEmpty(slices.Clone(m.Get(key))), "step %d", step)
		case 4:
			if r.IntN(4) == 0 { // rarer than removes, so that lists grow
				require.Equal(t, len(model[key]), m.Drop(key), "step %d", step)
				delete(model, key)
			}
		}
		require.Equal(t, len(model), m.Len())
	}
	for key, ids := range model {
		require.Equal(t, ids, slices.Clone(m.Get(key)), "key %#x", key)
	}
	n := 0
	if m.hasZero {
		n++
	}
	for i, tb := range m.dir {
		if i == 0 || tb != m.dir[i-1] {
			n += tb.n
		}
	}
	require.Equal(t, m.Len(), n, "keys counted in the tables")
	return &m
}

func nilIfEmpty(s []uint32) []uint32 {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestMapPanics(t *testing.T) {
	var m Map
	require.Panics(t, func() { m.Add(1, MaxID+1, false) })
	require.NotPanics(t, func() { m.Add(1, MaxID, false) })
	require.Equal(t, []uint32{MaxID}, m.Get(1))
	require.Nil(t, m.Get(2))
}

// TestMapShrinks checks that a Map whose keys are removed holds slots for
// the keys left, not for the most it held: every table is at least 1/4
// full or at its smallest, and the keys left are all found.
func TestMapShrinks(t *testing.T) {
	var m Map
	r := rand.New(rand.NewPCG(5, 6))
	keys := make([]uint64, 100000)
	for i := range keys {
		keys[i] = r.Uint64() | 1
		m.Add(keys[i], uint32(i), false)
	}
	peak := m.slots()
	for i, k := range keys[100:] {
		require.True(t, m.Remove(k, uint32(i+100)))
	}
	tables := 0
	for i, tb := range m.dir {
		if i > 0 && tb == m.dir[i-1] {
			continue
		}
		tables++
		require.True(t, tb.n*4 >= len(tb.slots) || len(tb.slots) == minSlots, "a table of %d slots holds %d keys", len(tb.slots), tb.n)
	}
	require.LessOrEqual(t, m.slots(), 4*100+minSlots*tables, "slots left (%d at the peak)", peak)
	for i, k := range keys[:100] {
		require.Equal(t, []uint32{uint32(i)}, m.Get(k))
	}
}

// slots returns the slots of m's tables.
func (m *Map) slots() int {
	n := 0
	for i, tb := range m.dir {
		if i == 0 || tb != m.dir[i-1] {
			n += len(tb.slots)
		}
	}
	return n
}

// TestTouch: Touch and TouchIDs change nothing, and TouchIDs reads the
// last ID of a key holding several.
func TestTouch(t *testing.T) {
	var m Map
	require.Zero(t, m.Touch(5)+m.TouchIDs(5), "an empty Map")
	m.Add(5, 1, false)
	m.Add(5, 7, false)
	m.Add(6, 2, false)
	require.Equal(t, uint32(7), m.TouchIDs(5))
	require.Zero(t, m.TouchIDs(6), "a key of one ID")
	require.Zero(t, m.TouchIDs(0))
	m.Touch(9)
	require.Equal(t, []uint32{1, 7}, m.Get(5))
	require.Nil(t, m.Get(9))
	require.Equal(t, 2, m.Len())
}

// TestMapSlotsFollowKeys: tables that fill at the same pace grow at
// different counts of keys, so that their slots follow their keys in
// small steps. The slots of 16 Maps given one key each in turn (an LSH's
// bands), and of one Map whose tables split many times, never grow by
// more than a quarter while their keys grow by 2 %, where tables of equal
// sizes double together (2.00 and 1.40 with tables of powers of two).
func TestMapSlotsFollowKeys(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	maps := make([]Map, 16)
	var slots []int // after each key a Map, below 3/4 of maxSlots
	for i := range 12000 {
		total := 0
		for j := range maps {
			maps[j].Add(r.Uint64()|1, uint32(i), false)
			total += maps[j].slots()
		}
		slots = append(slots, total)
	}
	worst := 0.0
	for k := 1000; k < len(slots); k++ {
		worst = max(worst, float64(slots[k])/float64(slots[k*98/100]))
	}
	t.Logf("16 Maps: slots grow by %.2f at most over 2 %% more keys", worst)
	require.Less(t, worst, 1.25)

	defer func(n int) { maxSlots = n }(maxSlots)
	maxSlots = 4096
	var m Map
	slots = slots[:0]
	for i := range 600000 {
		m.Add(r.Uint64()|1, uint32(i), false)
		slots = append(slots, m.slots())
	}
	worst = 0.0
	for k := 50000; k < len(slots); k++ {
		worst = max(worst, float64(slots[k])/float64(slots[k*98/100]))
	}
	t.Logf("one Map of tables of %d slots at most: slots grow by %.2f at most over 2 %% more keys", maxSlots, worst)
	require.Less(t, worst, 1.25)
}

// TestMapWindowLists runs a Map under a window, as an index under
// Options.Retention: each step adds a document under 4 keys drawn from a
// pool, so that a key holds a few IDs, and removes the document added a
// window before. The lists' arrays, in use or kept for reuse, then hold
// about what they held after the first window: reusing emptied arrays
// whatever their capacity, and keeping a list's capacity as it shrinks,
// let every small list creep to capacity 8 (19,578 IDs' worth of arrays
// after 40 windows, against 8,198 after the first). And the steady state
// allocates next to nothing.
func TestMapWindowLists(t *testing.T) {
	const window, pool, windows = 2000, 4000, 40
	r := rand.New(rand.NewPCG(9, 10))
	keys := make([]uint64, pool)
	for i := range keys {
		keys[i] = r.Uint64() | 1
	}
	var m Map
	docs := make([][4]uint64, 0, (windows+2)*window)
	step := func() {
		n := len(docs)
		var d [4]uint64
		for i := range d {
			d[i] = keys[r.IntN(pool)]
			m.Add(d[i], uint32(n), true)
		}
		docs = append(docs, d)
		if n >= window {
			for _, k := range docs[n-window] {
				m.Remove(k, uint32(n-window))
			}
		}
	}
	capacity := func() (n int) {
		for _, l := range m.lists {
			n += cap(l)
		}
		return n
	}
	for range window + 1 {
		step()
	}
	first := capacity()
	for range (windows - 1) * window {
		step()
	}
	last := capacity()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range window {
		step()
	}
	runtime.ReadMemStats(&after)
	allocs := float64(after.Mallocs-before.Mallocs) / window
	t.Logf("capacity of the lists' arrays after the first window %d, after %d windows %d; %.3f allocations a step", first, windows, last, allocs)
	require.Less(t, float64(last), 1.1*float64(first))
	require.Less(t, allocs, 0.1)
}
