package postings

import (
	"slices"
	"sync"
)

// A Loader gathers many keys' IDs to add to a Map at once, in an order
// that keeps the Map's memory close: by the first bits of the keys'
// hashes, the bits that choose a key's table, so that each table and the
// lists of its keys are filled while they are in the cache. Adding a
// million generated news documents' passage fingerprints to a Map one
// document at a time meets a cache miss, and most often a TLB miss, at
// nearly every fingerprint, since its table and list lie anywhere in
// gigabytes. The zero Loader is empty and ready to use. A Loader is not
// safe for concurrent use.
//
// Memory: 12 bytes an ID added, until Load.
type Loader struct {
	parts [loaderParts][][]entry // by the first loaderBits bits of the hash
	drop  []uint64               // bit set of the IDs to leave out
	n     int
}

// A loadScratch is what loadPart counts a part's keys in: an empty table
// and the slots it took.
type loadScratch struct {
	t    table
	used []int32
}

// An entry is a key, as two halves (so that entries are 12 bytes), and an
// ID to add under it.
type entry struct{ lo, hi, id uint32 }

// loaderBits is how many bits of the hash a Loader sorts keys by: 4,096
// parts, each a table or two (192 KiB of slots) at a million documents'
// fingerprints, which fit in a core's cache.
const (
	loaderBits  = 12
	loaderParts = 1 << loaderBits
)

// maxLoaderBlock is the most entries of a block of a Loader's part: 48 KiB.
const maxLoaderBlock = 4096

// Add records that id is to be added under key. IDs must be added in
// increasing order, as Map.Add's once takes them. It panics if id is above
// MaxID.
func (l *Loader) Add(key uint64, id uint32) {
	checkID(id)
	p := &l.parts[hash(key)>>(64-loaderBits)]
	n := len(*p)
	if n == 0 || len((*p)[n-1]) == cap((*p)[n-1]) {
		// A part's entries lie in blocks that double up to
		// maxLoaderBlock entries, so that none is copied.
		c := 8
		if n > 0 {
			c = min(2*cap((*p)[n-1]), maxLoaderBlock)
		}
		*p = append(*p, make([]entry, 0, c))
		n++
	}
	(*p)[n-1] = append((*p)[n-1], entry{uint32(key), uint32(key >> 32), id})
	l.n++
}

// Drop leaves every entry of id, added before or after, out of Load.
func (l *Loader) Drop(id uint32) {
	w := int(id / 64)
	if w >= len(l.drop) {
		l.drop = append(l.drop, make([]uint64, w+1-len(l.drop))...)
	}
	l.drop[w] |= 1 << (id % 64)
}

// firstKey returns the key of an entry, or 0 if there is none.
func (l *Loader) firstKey() uint64 {
	for _, p := range l.parts {
		if len(p) > 0 {
			e := p[0][0]
			return uint64(e.hi)<<32 | uint64(e.lo)
		}
	}
	return 0
}

// dropped reports whether id was dropped.
func (l *Loader) dropped(id uint32) bool {
	w := int(id / 64)
	return w < len(l.drop) && l.drop[w]&(1<<(id%64)) != 0
}

// Load adds the entries to m, as Map.Add(key, id, true) would one by one
// in the order they were added, except those of the IDs dropped, and
// empties l. IDs below those of the entries may be in m already. Into an
// empty Map, many entries are added on two goroutines.
func (l *Loader) Load(m *Map) {
	// The entries of a part share the first loaderBits bits of their
	// hashes; a table that holds several parts starts the search for each
	// key at the next bits, so that the keys of one part, added one after
	// the other, would all start in one stretch of it: each part must have
	// tables of its own. Below loaderDeep entries that costs more memory
	// than the stretches cost time.
	switch {
	case m.n > 0 || m.hasZero:
		// Keys may be in m: the entries are added one by one.
		if l.n >= loaderDeep {
			m.deepen(loaderBits, l.firstKey(), 0)
		}
		for i := range l.parts {
			for _, b := range l.parts[i] {
				for _, e := range b {
					if !l.dropped(e.id) {
						m.Add(uint64(e.hi)<<32|uint64(e.lo), e.id, true)
					}
				}
			}
		}
	case l.n < loaderDeep:
		l.loadParts(m, 0, loaderParts)
	default:
		// Each half of the parts goes to tables of its own: two Maps that
		// share them, each with its own directory and lists, become one.
		m.deepen(loaderBits, l.firstKey(), 0)
		var w [2]Map
		var wg sync.WaitGroup
		for i := range w {
			w[i] = Map{dir: slices.Clone(m.dir), depth: m.depth}
			wg.Go(func() { l.loadParts(&w[i], i*loaderParts/2, (i+1)*loaderParts/2) })
		}
		wg.Wait()
		m.join(&w)
	}
	*l = Loader{}
}

// loadParts adds the entries of parts from to to (see Load) to m, in
// which none of their keys is.
func (l *Loader) loadParts(m *Map, from, to int) {
	var scratch loadScratch
	for i := from; i < to; i++ {
		l.loadPart(m, l.parts[i], &scratch)
		l.parts[i] = nil
	}
}

// loadPart adds the entries of one part to m, in which none of their
// keys is, in three sweeps, each over a table or two in the cache: the
// first counts each key's IDs, the second gives each key of several IDs
// a list of that capacity, cut from one array, and the third fills the
// lists. The lists of a part lie together, and none is copied as it
// grows; adding the entries one by one, a million documents'
// fingerprints made 5 million lists, each copied as it grew.
//
// The counts go to scratch, reused from part to part, so that a part
// with a table of its own gets it at its final size at once, with its
// keys and counts (a table grown one key at a time allocates about twice
// its final size); others count in m's tables.
func (l *Loader) loadPart(m *Map, blocks [][]entry, scratch *loadScratch) {
	if len(blocks) == 0 {
		return
	}
	listed := 0 // IDs in lists
	count := func(v *uint32, ok bool) {
		switch {
		case !ok:
			*v = 1
		case *v == 1:
			*v, listed = 2, listed+2
		default:
			*v, listed = *v+1, listed+1
		}
	}
	e0 := blocks[0][0]
	h0 := hash(uint64(e0.hi)<<32 | uint64(e0.lo))
	var own *table // the part's own table, empty, if it has one
	if m.depth >= loaderBits {
		if t := m.dir[h0>>(64-m.depth)]; t.depth == loaderBits && t.n == 0 && m.depth == loaderBits {
			own = t
		}
	}
	if own != nil {
		n := 0
		for _, b := range blocks {
			n += len(b)
		}
		size := minSlots
		for size*3 < n*4 {
			size *= 2
		}
		var zero uint32 // key 0's count
		zeroSeen := false
		if len(scratch.t.slots) < size {
			scratch.t = *newTable(size, loaderBits, 0)
		}
		used := scratch.used[:0] // the slots taken, to copy and empty
		for _, b := range blocks {
			for _, e := range b {
				if l.dropped(e.id) {
					continue
				}
				key := uint64(e.hi)<<32 | uint64(e.lo)
				if key == 0 { // tables keep 0 for empty slots
					count(&zero, zeroSeen)
					zeroSeen = true
					continue
				}
				i, ok := scratch.t.find(hash(key), key)
				s := &scratch.t.slots[i]
				if !ok {
					s.lo, s.hi = e.lo, e.hi
					scratch.t.n++
					used = append(used, int32(i))
				}
				count(&s.v, ok)
			}
		}
		if keys, size := scratch.t.n, sizeFor(scratch.t.n, own.phase); size <= maxSlots {
			*own = *newTable(size, own.depth, own.phase)
			for _, i := range used {
				own.put(scratch.t.slots[i])
			}
			m.n += keys
			if zeroSeen {
				v, _ := m.ref(0)
				*v = zero
			}
		} else {
			own = nil // too many keys for one table: counted again in m
			listed = 0
		}
		for _, i := range used {
			scratch.t.slots[i] = slot{}
		}
		scratch.t.n, scratch.used = 0, used
	}
	if own == nil {
		for _, b := range blocks {
			for _, e := range b {
				if !l.dropped(e.id) {
					count(m.ref(uint64(e.hi)<<32 | uint64(e.lo)))
				}
			}
		}
	}
	ids := make([]uint32, listed)
	for _, b := range blocks {
		for _, e := range b {
			if l.dropped(e.id) {
				continue
			}
			v, _, _ := m.find(uint64(e.hi)<<32 | uint64(e.lo))
			switch n := *v; {
			case n&listBit != 0: // a list given before
			case n == 1:
				*v = e.id
			default:
				if len(m.lists) > MaxID {
					panic("postings: too many lists")
				}
				m.lists = append(m.lists, ids[:0:n])
				ids = ids[n:]
				*v = listBit | uint32(len(m.lists)-1)
			}
		}
	}
	for _, b := range blocks {
		for _, e := range b {
			if l.dropped(e.id) {
				continue
			}
			v, _, _ := m.find(uint64(e.hi)<<32 | uint64(e.lo))
			if *v&listBit != 0 {
				list := &m.lists[*v&^listBit]
				*list = append(*list, e.id)
			}
		}
	}
}

// join makes m, empty, the union of w[0], which holds keys of hashes whose
// first bit is 0, and w[1], the others'; their tables become m's.
func (m *Map) join(w *[2]Map) {
	depth := max(w[0].depth, w[1].depth)
	m.dir, m.depth = make([]*table, 1<<depth), depth
	half := len(m.dir) / 2
	for i := range w {
		for j := i * half; j < (i+1)*half; j++ {
			m.dir[j] = w[i].dir[j>>(depth-w[i].depth)]
		}
	}
	if off := uint32(len(w[0].lists)); off > 0 && len(w[1].lists) > 0 {
		var last *table
		for _, t := range m.dir[half:] {
			if t == last {
				continue
			}
			last = t
			for k := range t.slots {
				if s := &t.slots[k]; s.key() != 0 && s.v&listBit != 0 {
					s.v += off
				}
			}
		}
	}
	m.lists = append(w[0].lists, w[1].lists...)
	if len(m.lists) > MaxID+1 {
		panic("postings: too many lists")
	}
	m.n = w[0].n + w[1].n
	m.zero, m.hasZero = w[0].zero, w[0].hasZero // key 0 is in the first half
}

// loaderDeep is the number of entries from which Load gives each part
// tables of its own.
const loaderDeep = 1 << 16

// deepen splits m's tables until each holds keys sharing at least depth
// bits of their hashes, each of the size for keys keys more than it holds
// (sizeFor). The tables are of the phases they would have split into
// (childPhase); an empty Map's first is key's, as if key had been added
// first.
func (m *Map) deepen(depth uint, key uint64, keys int) {
	if m.depth >= depth && m.dir != nil {
		return
	}
	root := &table{phase: phaseOf(key)}
	d := Map{depth: depth, dir: make([]*table, 1<<depth)}
	for j := range d.dir {
		t := root
		if m.dir != nil {
			t = m.dir[j>>(depth-m.depth)]
		}
		p := t.phase
		for b := t.depth; b < depth; b++ {
			p = childPhase(p, uint64(j>>(depth-1-b))&1)
		}
		held := t.n >> (depth - t.depth) // about the keys of t in this one
		d.dir[j] = newTable(sizeFor(held+keys, p), depth, p)
	}
	var last *table
	for _, t := range m.dir {
		if t == last { // the directory's entries of one table are adjacent
			continue
		}
		last = t
		for _, s := range t.slots {
			if s.key() != 0 {
				v, _ := d.ref(s.key())
				*v = s.v
			}
		}
	}
	m.dir, m.depth = d.dir, d.depth
}

// reserveKeys is the most keys Reserve plans a table for: tables of up
// to reserveKeys·9/8 keys stay within maxSlots at 3/4 full whatever their
// phase.
const reserveKeys = 4096

// Reserve prepares m to hold about n keys more, so that they are added
// without its tables doubling or splitting on the way (a split moves
// every key of a table: filling the 16 bands of an LSH with a million
// documents' keys one by one moved each about seven times, 2.3 s of
// CPU). key, any key, chooses the tables' phases when m is empty, as if
// it were added first: Maps filled together, such as an LSH's bands,
// should each be given a different one. Reserving more keys than are
// added costs the memory of their slots, 16 to 32 bytes a key, until
// removals shrink the tables.
func (m *Map) Reserve(n int, key uint64) {
	if n <= 0 {
		return
	}
	depth := m.depth
	for (m.n+n)>>depth > reserveKeys {
		depth++
	}
	if m.dir != nil && depth <= m.depth {
		return
	}
	m.deepen(depth, key, n>>depth*9/8)
}
