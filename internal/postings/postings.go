// Package postings maps 64-bit keys to lists of 32-bit IDs: the storage
// under dedupe's candidate indexes (cluster.Index's fingerprints,
// minhash.LSH's band buckets).
//
// Most keys of such indexes hold one ID: that costs one 12-byte slot of a
// hash table kept between 3/8 and 3/4 full, 16 to 32 bytes. A key holding
// several costs a slice besides (24 bytes plus 4 per ID), and its IDs lie
// together, so that reading them is one sweep rather than a walk through
// scattered nodes. The tables are dedupe's own (table.go) rather than Go
// maps: one probe both reads and adds a key, a probe usually reads one
// cache line, and they take less memory: on a generated 1 GB corpus the
// full analysis ran 8 % faster (48.8 against 53.1 s) in 6 % less memory.
//
// Under a window, where keys and IDs are removed as others are added, a
// Map's memory follows what it holds: its tables double one at a time
// (table.go), and the arrays of lists it puts out of use are kept by
// capacity (2, 4 or 8) for the lists made or grown later, each list
// moving to an array of its size as it grows and shrinks, so that the
// steady state allocates next to nothing and small lists do not creep to
// the largest capacity (TestMapWindowLists).
package postings

import "slices"

// A Map maps keys to the IDs added under them, in the order added. IDs
// must be below 2³¹. The zero Map is empty and ready to use. A Map is not
// safe for concurrent use.
type Map struct {
	dir     []*table // by the top depth bits of hash(key); nil until the first add
	depth   uint
	n       int         // keys, 0 included
	zero    uint32      // the value of key 0, when hasZero
	hasZero bool        // (tables keep 0 for empty slots)
	lists   [][]uint32  // IDs of keys holding more than one
	free    [4][]uint32 // lists out of use, for reuse, by capacity (spareClass)
	one     [1]uint32   // Get's result for a single ID
}

// A value is the one ID of a key, or listBit | an index into lists.

// listBit marks a value as an index into lists.
const listBit = 1 << 31

// MaxID is the largest ID a Map holds.
const MaxID = listBit - 1

// Get returns the IDs of key, in the order added, or nil. The slice
// belongs to the Map: it must not be modified, and it is valid only until
// the next call of a method of the Map.
func (m *Map) Get(key uint64) []uint32 { return m.GetTo(key, &m.one) }

// GetTo is Get with the ID of a key holding one put in one, not in the
// Map: it changes nothing, so that goroutines that do not change the Map
// may call it at once. The slice is one, or belongs to the Map, valid
// until the Map changes.
func (m *Map) GetTo(key uint64, one *[1]uint32) []uint32 {
	v, ok := m.value(key)
	switch {
	case !ok:
		return nil
	case v&listBit == 0:
		one[0] = v
		return one[:]
	}
	return m.lists[v&^listBit]
}

// Add appends id to the IDs of key. With once set, it does nothing when
// id is already key's last ID (a caller adding IDs in increasing order so
// records each ID once). It panics if id is above MaxID. Cost: amortized
// O(1), one probe of the table.
func (m *Map) Add(key uint64, id uint32, once bool) {
	checkID(id)
	v, ok := m.ref(key)
	m.put(v, ok, id, once)
}

// AppendAdd appends the IDs of key to dst (only the last of them when
// last > 0), then adds id as Add does, with the one probe both need, and
// returns the extended dst.
func (m *Map) AppendAdd(dst []uint32, key uint64, id uint32, once bool, last int) []uint32 {
	checkID(id)
	v, ok := m.ref(key)
	if ok {
		if *v&listBit == 0 {
			dst = append(dst, *v)
		} else {
			l := m.lists[*v&^listBit]
			if last > 0 && len(l) > last {
				l = l[len(l)-last:]
			}
			dst = append(dst, l...)
		}
	}
	m.put(v, ok, id, once)
	return dst
}

// Touch reads the slot where the search for key starts and returns its
// value, changing nothing: a caller about to look up several keys touches
// them all first, so that their cache misses overlap instead of coming
// one after the other. Cost: one memory read, usually a cache miss.
func (m *Map) Touch(key uint64) uint32 {
	if key == 0 || m.dir == nil {
		return 0
	}
	h := hash(key)
	t := m.dir[h>>(64-m.depth)]
	return t.slots[t.home(h)].v
}

// TouchIDs reads the last ID of key when it holds several, changing
// nothing: a caller adding several keys touches them all (Touch), then
// their IDs, then adds them, so that the misses of each step overlap.
// Cost: usually one cache miss when key holds several IDs, none otherwise
// once key's slot was touched.
func (m *Map) TouchIDs(key uint64) uint32 {
	if key == 0 || m.dir == nil {
		return 0
	}
	h := hash(key)
	t := m.dir[h>>(64-m.depth)]
	v := t.slots[t.home(h)].v
	if v&listBit == 0 || t.slots[t.home(h)].key() != key {
		return 0
	}
	l := m.lists[v&^listBit]
	if len(l) == 0 {
		return 0
	}
	return l[len(l)-1]
}

func checkID(id uint32) {
	if id > MaxID {
		panic("postings: ID out of range")
	}
}

// value returns the value of key.
func (m *Map) value(key uint64) (uint32, bool) {
	v, _, _ := m.find(key)
	if v == nil {
		return 0, false
	}
	return *v, true
}

// ref returns where the value of key is kept and whether key was there;
// if not, key is added and the caller sets its value. The pointer is valid
// until the next change to the Map's keys.
func (m *Map) ref(key uint64) (*uint32, bool) {
	if key == 0 {
		ok := m.hasZero
		if !ok {
			m.hasZero = true
			m.n++
		}
		return &m.zero, ok
	}
	if m.dir == nil {
		p := phaseOf(key)
		m.dir = []*table{newTable(sizeFor(0, p), 0, p)}
	}
	h := hash(key)
	for {
		t := m.dir[h>>(64-m.depth)]
		i, ok := t.find(h, key)
		s := &t.slots[i]
		switch {
		case ok:
			return &s.v, true
		case !t.full():
			s.lo, s.hi = uint32(key), uint32(key>>32)
			t.n++
			m.n++
			return &s.v, false
		}
		m.expand(t, h)
	}
}

// expand makes room in t, the table of hash h: it doubles t's slots, or,
// where that would pass maxSlots, splits t in two, doubling the directory
// if t was the only table of its prefix of the hash.
func (m *Map) expand(t *table, h uint64) {
	if size := sizeFor(t.n+1, t.phase); size <= maxSlots {
		*t = *t.resized(size)
		return
	}
	lo, hi := t.split()
	if t.depth == m.depth {
		dir := make([]*table, 2*len(m.dir))
		for i, x := range m.dir {
			dir[2*i], dir[2*i+1] = x, x
		}
		m.dir, m.depth = dir, m.depth+1
	}
	span := 1 << (m.depth - t.depth) // directory entries of t
	first := int(h>>(64-m.depth)) &^ (span - 1)
	for i := range span / 2 {
		m.dir[first+i], m.dir[first+span/2+i] = lo, hi
	}
}

// put adds id to the key whose value is *v, which was there when ok.
func (m *Map) put(v *uint32, ok bool, id uint32, once bool) {
	switch {
	case !ok:
		*v = id
	case *v&listBit == 0:
		if !once || *v != id {
			*v = listBit | m.newList(*v, id)
		}
	default:
		i := *v &^ listBit
		if l := m.lists[i]; !once || l[len(l)-1] != id {
			m.appendID(i, id)
		}
	}
}

// newList stores the list a, b and returns its index.
func (m *Map) newList(a, b uint32) uint32 {
	// An array of capacity 2 out of use, or a new one: a larger array
	// out of use is let go rather than given to the new list, which would
	// keep its capacity, so that the arrays would drift to the largest.
	var i uint32
	ok := false
	for _, k := range [...]int{1, 0, 2, 3} {
		if i, ok = m.take(k); ok {
			break
		}
	}
	switch {
	case !ok:
		if len(m.lists) > MaxID {
			panic("postings: too many lists")
		}
		m.lists = append(m.lists, nil)
		i = uint32(len(m.lists) - 1)
	case cap(m.lists[i]) > 2:
		m.lists[i] = nil
	}
	m.lists[i] = append(m.lists[i], a, b)
	return i
}

// appendID appends id to list i, moving a full list of capacity 2 or 4 to
// an array out of use of twice its capacity when there is one.
func (m *Map) appendID(i, id uint32) {
	if l := m.lists[i]; len(l) == cap(l) {
		m.swap(i, 2*cap(l))
	}
	m.lists[i] = append(m.lists[i], id)
}

// swap moves list i to the array of a list out of use of capacity c, if
// there is one, that list taking i's array. Cost: O(maxFreeCap) at most.
func (m *Map) swap(i uint32, c int) {
	k := spareClass(c)
	if k == 0 {
		return
	}
	j, ok := m.take(k)
	if !ok {
		return
	}
	l := m.lists[i]
	m.lists[i] = append(m.lists[j], l...)
	m.lists[j] = l
	m.release(j)
}

// release puts list i out of use, keeping its index and, if its capacity
// is one kept, its array, for reuse.
func (m *Map) release(i uint32) {
	l := m.lists[i][:0]
	k := spareClass(cap(l))
	if k == 0 {
		l = nil
	}
	m.lists[i] = l
	m.free[k] = append(m.free[k], i)
}

// spareClass returns the index in free of the lists out of use whose
// array has capacity c: 1 to 3 for 2, 4 and 8, 0 for the others, whose
// arrays are let go (those above maxFreeCap, and the odd sizes that
// slices.Clone makes).
func spareClass(c int) int {
	switch c {
	case 2:
		return 1
	case 4:
		return 2
	case maxFreeCap:
		return 3
	}
	return 0
}

// take removes a list out of use of class k (spareClass) from free and
// returns its index, if there is one.
func (m *Map) take(k int) (uint32, bool) {
	f := &m.free[k]
	if len(*f) == 0 {
		return 0, false
	}
	i := (*f)[len(*f)-1]
	*f = (*f)[:len(*f)-1]
	return i, true
}

// Remove deletes the first occurrence of id among the IDs of key and
// reports whether there was one. Cost: O(number of IDs of key).
func (m *Map) Remove(key uint64, id uint32) bool {
	v, t, i := m.find(key)
	if v == nil {
		return false
	}
	if *v&listBit == 0 {
		if *v != id {
			return false
		}
		m.deleteSlot(t, i)
		m.n--
		return true
	}
	li := *v &^ listBit
	l := m.lists[li]
	j := slices.Index(l, id)
	if j < 0 {
		return false
	}
	l = slices.Delete(l, j, j+1)
	m.lists[li] = l
	switch {
	case len(l) == 1:
		*v = l[0]
		m.release(li)
	case cap(l) <= maxFreeCap:
		// So that a list's memory follows its length: a swap costs
		// O(maxFreeCap) at most.
		if len(l)*2 <= cap(l) {
			m.swap(li, cap(l)/2)
		}
	case len(l) < cap(l)/4:
		m.lists[li] = slices.Clone(l) // likewise, at O(1) amortized
	}
	return true
}

// Drop deletes key with all its IDs and returns how many IDs it held.
// Cost: one probe.
func (m *Map) Drop(key uint64) int {
	v, t, i := m.find(key)
	if v == nil {
		return 0
	}
	n := 1
	if *v&listBit != 0 {
		li := *v &^ listBit
		n = len(m.lists[li])
		m.release(li)
	}
	m.deleteSlot(t, i)
	m.n--
	return n
}

// deleteSlot deletes the key in slot i of table t, or key 0 when t is
// nil, halving t's slots when it is sparse.
func (m *Map) deleteSlot(t *table, i int) {
	if t == nil {
		m.hasZero = false
		return
	}
	t.delete(i)
	if t.sparse() {
		*t = *t.shrunk()
	}
}

// maxFreeCap is the largest capacity of the arrays kept for reuse, once
// their list's key is dropped or holds one ID, or the list moves to
// another array.
const maxFreeCap = 8

// find returns where the value of key is kept, or nil if key is absent,
// with its table and slot (nil and 0 for key 0, kept apart).
func (m *Map) find(key uint64) (*uint32, *table, int) {
	switch {
	case key == 0:
		if !m.hasZero {
			return nil, nil, 0
		}
		return &m.zero, nil, 0
	case m.dir == nil:
		return nil, nil, 0
	}
	h := hash(key)
	t := m.dir[h>>(64-m.depth)]
	i, ok := t.find(h, key)
	if !ok {
		return nil, nil, 0
	}
	return &t.slots[i].v, t, i
}

// Len returns the number of keys holding IDs.
func (m *Map) Len() int { return m.n }

// Lists returns the number of lists allocated, in use or free: a measure of
// reuse for tests.
func (m *Map) Lists() int { return len(m.lists) }
