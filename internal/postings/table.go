package postings

// A table is one part of a Map's keys: nonzero 64-bit keys mapped to 32-bit
// values by open addressing with linear probing, in one array of 12-byte
// slots. A lookup usually reads one cache line, and finding a key's slot
// serves both reading and adding it (a Go map needs a lookup, then an
// assignment). A table holds the keys whose hashes share their first depth
// bits; it doubles its slots at 3/4 full, up to maxSlots, and beyond that
// the Map splits it in two by the next bit (extendible hashing, as Go's own
// maps grow), so that growing never copies more than one table's keys at a
// time.
type table struct {
	slots []slot // len a power of two, at least minSlots
	shift uint   // 64 - log2(len(slots))
	depth uint   // the bits of the hash that the table's keys share
	n     int    // keys held
}

// A slot holds a key (0: empty) as two halves, so that slots are 12 bytes
// with 4-byte alignment, and its value.
type slot struct{ lo, hi, v uint32 }

func (s *slot) key() uint64 { return uint64(s.hi)<<32 | uint64(s.lo) }

// minSlots is the size of the first table's first slot array.
const minSlots = 8

// maxSlots is the size beyond which a table splits rather than grows:
// 192 KiB of slots, some 12,000 keys moved at a split. Tests lower it.
var maxSlots = 1 << 14

// hash spreads key over 64 bits (multiplication by 2⁶⁴/φ, a bijection): its
// top bits choose the table, the next ones the slot.
func hash(key uint64) uint64 { return key * 0x9E3779B97F4A7C15 }

func newTable(size int, depth uint) *table {
	t := &table{slots: make([]slot, size), shift: 64, depth: depth}
	for s := size; s > 1; s >>= 1 {
		t.shift--
	}
	return t
}

// home returns the slot where the search for a key of hash h starts.
func (t *table) home(h uint64) int { return int((h << t.depth) >> t.shift) }

// find returns the index of key's slot, or of the empty slot where it
// would go, and whether key is there.
func (t *table) find(h, key uint64) (int, bool) {
	mask := len(t.slots) - 1
	for i := t.home(h); ; i = (i + 1) & mask {
		switch t.slots[i].key() {
		case key:
			return i, true
		case 0:
			return i, false
		}
	}
}

// full reports whether adding a key would pass 3/4 of the slots.
func (t *table) full() bool { return (t.n+1)*4 > len(t.slots)*3 }

// put adds s, whose key is absent, without checking for room.
func (t *table) put(s slot) {
	mask := len(t.slots) - 1
	i := t.home(hash(s.key()))
	for t.slots[i].key() != 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
	t.n++
}

// grown returns a table of twice the size holding t's keys.
func (t *table) grown() *table {
	g := newTable(2*len(t.slots), t.depth)
	for _, s := range t.slots {
		if s.key() != 0 {
			g.put(s)
		}
	}
	return g
}

// sparse reports whether t is below 1/4 full and may halve its slots:
// then at most half full, it takes a quarter of its slots' worth of adds
// to grow again, or of removals to halve again, so resizing stays O(1)
// amortized.
func (t *table) sparse() bool { return len(t.slots) > minSlots && t.n*4 < len(t.slots) }

// shrunk returns a table of half the size holding t's keys.
func (t *table) shrunk() *table {
	g := newTable(len(t.slots)/2, t.depth)
	for _, s := range t.slots {
		if s.key() != 0 {
			g.put(s)
		}
	}
	return g
}

// split returns two tables of t's size, one depth deeper, holding t's keys
// whose next hash bit is 0 and 1.
func (t *table) split() (lo, hi *table) {
	lo, hi = newTable(len(t.slots), t.depth+1), newTable(len(t.slots), t.depth+1)
	for _, s := range t.slots {
		k := s.key()
		if k == 0 {
			continue
		}
		if (hash(k)<<t.depth)>>63 == 0 {
			lo.put(s)
		} else {
			hi.put(s)
		}
	}
	return lo, hi
}

// delete empties slot i, which holds a key, then moves back the keys after
// it that would no longer be found past the hole (Knuth's Algorithm R), so
// that no tombstones are needed.
func (t *table) delete(i int) {
	mask := len(t.slots) - 1
	t.n--
	for j := i; ; {
		j = (j + 1) & mask
		k := t.slots[j].key()
		if k == 0 {
			t.slots[i] = slot{}
			return
		}
		// The key at j may move back to i unless its home lies
		// cyclically in (i, j].
		h := t.home(hash(k))
		if i <= j {
			if i < h && h <= j {
				continue
			}
		} else if i < h || h <= j {
			continue
		}
		t.slots[i] = t.slots[j]
		i = j
	}
}
