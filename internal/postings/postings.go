// Package postings maps 64-bit keys to lists of 32-bit IDs: the storage
// under dedupe's candidate indexes (cluster.Index's fingerprints,
// minhash.LSH's band buckets).
//
// Most keys of such indexes hold one ID: that costs one map entry of 12
// bytes. A key holding several costs a slice besides (24 bytes plus 4 per
// ID), and its IDs lie together, so that reading them is one sweep rather
// than a walk through scattered nodes.
package postings

import "slices"

// A Map maps keys to the IDs added under them, in the order added. IDs
// must be below 2³¹. The zero Map is empty and ready to use. A Map is not
// safe for concurrent use.
type Map struct {
	keys  map[uint64]uint32 // the one ID, or listBit | index into lists
	lists [][]uint32        // IDs of keys holding more than one
	free  []uint32          // lists emptied by Remove, for reuse
	one   [1]uint32         // Get's result for a single ID
}

// listBit marks a keys value as an index into lists.
const listBit = 1 << 31

// MaxID is the largest ID a Map holds.
const MaxID = listBit - 1

// Get returns the IDs of key, in the order added, or nil. The slice
// belongs to the Map: it must not be modified, and it is valid only until
// the next call of a method of the Map.
func (m *Map) Get(key uint64) []uint32 {
	v, ok := m.keys[key]
	switch {
	case !ok:
		return nil
	case v&listBit == 0:
		m.one[0] = v
		return m.one[:]
	}
	return m.lists[v&^listBit]
}

// Add appends id to the IDs of key. With once set, it does nothing when
// id is already key's last ID (a caller adding IDs in increasing order so
// records each ID once). It panics if id is above MaxID. Cost: amortized
// O(1), two map operations.
func (m *Map) Add(key uint64, id uint32, once bool) {
	v, ok := m.lookup(key, id)
	m.put(key, v, ok, id, once)
}

// AppendAdd appends the IDs of key to dst, then adds id as Add does, with
// the one lookup both need, and returns the extended dst.
func (m *Map) AppendAdd(dst []uint32, key uint64, id uint32, once bool) []uint32 {
	v, ok := m.lookup(key, id)
	if ok {
		if v&listBit == 0 {
			dst = append(dst, v)
		} else {
			dst = append(dst, m.lists[v&^listBit]...)
		}
	}
	m.put(key, v, ok, id, once)
	return dst
}

// lookup returns the value of key, checking id for an Add.
func (m *Map) lookup(key uint64, id uint32) (uint32, bool) {
	if id > MaxID {
		panic("postings: ID out of range")
	}
	if m.keys == nil {
		m.keys = make(map[uint64]uint32)
	}
	v, ok := m.keys[key]
	return v, ok
}

// put adds id to key, whose value v was found when ok.
func (m *Map) put(key uint64, v uint32, ok bool, id uint32, once bool) {
	switch {
	case !ok:
		m.keys[key] = id
	case v&listBit == 0:
		if !once || v != id {
			m.keys[key] = listBit | m.newList(v, id)
		}
	default:
		l := &m.lists[v&^listBit]
		if !once || (*l)[len(*l)-1] != id {
			*l = append(*l, id)
		}
	}
}

// newList stores the list a, b and returns its index.
func (m *Map) newList(a, b uint32) uint32 {
	if n := len(m.free); n > 0 {
		i := m.free[n-1]
		m.free = m.free[:n-1]
		m.lists[i] = append(m.lists[i][:0], a, b)
		return i
	}
	if len(m.lists) > MaxID {
		panic("postings: too many lists")
	}
	m.lists = append(m.lists, []uint32{a, b})
	return uint32(len(m.lists) - 1)
}

// Remove deletes the first occurrence of id among the IDs of key and
// reports whether there was one. Cost: O(number of IDs of key).
func (m *Map) Remove(key uint64, id uint32) bool {
	v, ok := m.keys[key]
	switch {
	case !ok:
		return false
	case v&listBit == 0:
		if v != id {
			return false
		}
		delete(m.keys, key)
		return true
	}
	li := v &^ listBit
	l := m.lists[li]
	i := slices.Index(l, id)
	if i < 0 {
		return false
	}
	l = slices.Delete(l, i, i+1)
	if len(l) == 1 {
		m.keys[key] = l[0]
		m.lists[li] = l[:0]
		m.free = append(m.free, li)
	} else {
		m.lists[li] = l
	}
	return true
}

// Len returns the number of keys holding IDs.
func (m *Map) Len() int { return len(m.keys) }

// Lists returns the number of lists allocated, in use or free: a measure of
// reuse for tests.
func (m *Map) Lists() int { return len(m.lists) }
