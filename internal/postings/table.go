package postings

import "math"

// A table is one part of a Map's keys: nonzero 64-bit keys mapped to 32-bit
// values by open addressing with linear probing, in one array of 12-byte
// slots. A lookup usually reads one cache line, and finding a key's slot
// serves both reading and adding it (a Go map needs a lookup, then an
// assignment). A table holds the keys whose hashes share their first depth
// bits. It doubles its slots at 3/4 full, and where doubling would pass
// maxSlots the Map splits it in two by the next bit instead (extendible
// hashing, as Go's own maps grow), so that growing never copies more than
// one table's keys at a time.
//
// A table's sizes are those of its phase (sizeFor), not powers of two.
// The tables of a Map, and the Maps of an index (an LSH's 16 bands), fill
// at the same pace, and tables of one size double together, taking the
// memory of all of them up at once: under a window of about 6,000
// documents the live heap stepped up by some 8 % where the LSH's tables
// passed 6,144 keys (BenchmarkRetention). Tables of different phases
// double at counts of keys spread over a factor of two, one at a time, so
// that their memory follows their keys: over 2 % more keys, the slots of
// 16 Maps filled in turn grow by 18 % at most, against 100 % for tables
// of powers of two (TestMapSlotsFollowKeys). Growing by a smaller factor
// would follow the keys as well, in fuller tables, but copies each key
// more often: growing by an eighth, dedupe -format json on Reuters took
// 25 % more CPU (0.69 against 0.55 s user, medians of five runs).
type table struct {
	slots []slot // at least minSlots
	depth uint   // the bits of the hash that the table's keys share
	n     int    // keys held
	phase uint16 // its sizes: sizeFor
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

// phaseOf returns the phase of a Map's first table, from its first key,
// so that Maps of different keys have different phases.
func phaseOf(key uint64) uint16 { return uint16(hash(key) >> 24) }

// childPhase returns the phase of the half of a table of phase p whose
// next hash bit is bit.
func childPhase(p uint16, bit uint64) uint16 {
	return uint16((uint32(p)<<1 | uint32(bit)) * 0x9E3779B1 >> 16)
}

// sizeFor returns the slots for n keys in a table of phase p: the smallest
// 2^(j + p/2¹⁶), j an integer, that n keys fill to 3/4 at most (rounded
// up; at least minSlots, and possibly above maxSlots). Doubling keeps a
// table on the sizes of its phase.
func sizeFor(n int, p uint16) int {
	need := max(float64(n)*4/3, minSlots)
	f := float64(p) / (1 << 16)
	size := math.Ceil(math.Exp2(math.Ceil(math.Log2(need)-f) + f))
	if size < need { // rounding
		size = math.Ceil(math.Exp2(math.Ceil(math.Log2(need)-f) + 1 + f))
	}
	return int(size)
}

// topSize returns the largest size of phase p up to maxSlots.
func topSize(p uint16) int {
	f := float64(p) / (1 << 16)
	e := math.Floor(math.Log2(float64(maxSlots)) - f)
	size := math.Ceil(math.Exp2(e + f))
	if size > float64(maxSlots) { // rounding
		size = math.Ceil(math.Exp2(e - 1 + f))
	}
	return int(size)
}

func newTable(size int, depth uint, phase uint16) *table {
	return &table{slots: make([]slot, size), depth: depth, phase: phase}
}

// home returns the slot where the search for a key of hash h starts: the
// 32 bits of h after the depth bits the table's keys share, scaled to the
// table's length (Lemire's fast range), so that any length will do.
func (t *table) home(h uint64) int {
	return int(uint64(uint32(h<<t.depth>>32)) * uint64(len(t.slots)) >> 32)
}

// find returns the index of key's slot, or of the empty slot where it
// would go, and whether key is there.
func (t *table) find(h, key uint64) (int, bool) {
	for i := t.home(h); ; {
		switch t.slots[i].key() {
		case key:
			return i, true
		case 0:
			return i, false
		}
		if i++; i == len(t.slots) {
			i = 0
		}
	}
}

// full reports whether adding a key would pass 3/4 of the slots.
func (t *table) full() bool { return (t.n+1)*4 > len(t.slots)*3 }

// put adds s, whose key is absent, without checking for room.
func (t *table) put(s slot) {
	i := t.home(hash(s.key()))
	for t.slots[i].key() != 0 {
		if i++; i == len(t.slots) {
			i = 0
		}
	}
	t.slots[i] = s
	t.n++
}

// resized returns a table of size slots holding t's keys.
func (t *table) resized(size int) *table {
	g := newTable(size, t.depth, t.phase)
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

// shrunk returns a table of half the size (at least minSlots) holding t's
// keys: about the next smaller size of its phase, to which growing
// returns (sizeFor).
func (t *table) shrunk() *table { return t.resized(max(minSlots, len(t.slots)/2)) }

// split returns two tables one depth deeper, holding t's keys whose next
// hash bit is 0 and 1, each of its own phase and of the largest size of
// its phase up to maxSlots: t split at 3/4 full, its halves are 3/16 to
// 3/4 full, and fill to 3/4 without growing before they split in turn (a
// sparse one halves at its first removal). A half given more than 3/4 of
// its slots, the keys split unevenly, grows to maxSlots on the way.
func (t *table) split() (lo, hi *table) {
	lo = newTable(topSize(childPhase(t.phase, 0)), t.depth+1, childPhase(t.phase, 0))
	hi = newTable(topSize(childPhase(t.phase, 1)), t.depth+1, childPhase(t.phase, 1))
	for _, s := range t.slots {
		k := s.key()
		if k == 0 {
			continue
		}
		half := &lo
		if (hash(k)<<t.depth)>>63 != 0 {
			half = &hi
		}
		if (*half).full() && len((*half).slots) < maxSlots {
			*half = (*half).resized(maxSlots)
		}
		(*half).put(s)
	}
	return lo, hi
}

// delete empties slot i, which holds a key, then moves back the keys after
// it that would no longer be found past the hole (Knuth's Algorithm R), so
// that no tombstones are needed.
func (t *table) delete(i int) {
	t.n--
	for j := i; ; {
		if j++; j == len(t.slots) {
			j = 0
		}
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
