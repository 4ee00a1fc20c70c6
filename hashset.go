package dedupe

import "sync"

// A hashSet is a reusable set of 64-bit hashes, the scratch of distinct
// and skippedSlots: open addressing with linear probing over the keys
// alone, 0 marking an empty slot (the hash 0 is kept apart), at most two
// thirds full: 8 to 16 bytes a hash, where keys with a generation each at
// most half full took 24 to 48 (a 250 MB document: 1.5 GB, now 512 MiB).
// Take one from hashSets and give it back with put.
type hashSet struct {
	keys []uint64
	zero bool // 0 is in the set
	mask uint64
}

var hashSets = sync.Pool{New: func() any { return new(hashSet) }}

// put returns s to hashSets unless it is too large to keep.
func (s *hashSet) put() {
	if cap(s.keys) > maxPooled {
		s.keys = nil
	}
	hashSets.Put(s)
}

// reset empties the set and makes room for n hashes. Cost: O(n).
func (s *hashSet) reset(n int) {
	size := 16
	for size < n+n/2 {
		size <<= 1
	}
	if cap(s.keys) < size {
		s.keys = make([]uint64, size)
	} else {
		s.keys = s.keys[:size]
		clear(s.keys)
	}
	s.zero = false
	s.mask = uint64(size - 1)
}

// add adds h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	if h == 0 {
		had := s.zero
		s.zero = true
		return !had
	}
	i := (h ^ h>>29) & s.mask
	for ; s.keys[i] != 0; i = (i + 1) & s.mask {
		if s.keys[i] == h {
			return false
		}
	}
	s.keys[i] = h
	return true
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if h == 0 {
		return s.zero
	}
	for i := (h ^ h>>29) & s.mask; s.keys[i] != 0; i = (i + 1) & s.mask {
		if s.keys[i] == h {
			return true
		}
	}
	return false
}
