package dedupe

import (
	"math/bits"
	"sync"
)

// A hashSet is a reusable set of 64-bit hashes, the scratch of distinct
// and skippedWords: open addressing with linear probing over the keys
// alone, 0 marking an empty slot (the hash 0 is kept apart). A set of up
// to maxPooled hashes has a power-of-two table at most half full, for
// short probes; a larger one 1.5 slots a hash, 12 bytes, where keys with
// a generation each at most half full would take 24 to 48 (1.5 GB for a
// 250 MB document). Take one from hashSets and give it back with put.
type hashSet struct {
	keys []uint64
	zero bool // 0 is in the set
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
	for size < 2*n && size <= maxPooled {
		size <<= 1
	}
	if size > maxPooled {
		size = n + n/2
	}
	if cap(s.keys) < size {
		s.keys = make([]uint64, size)
	} else {
		s.keys = s.keys[:size]
		clear(s.keys)
	}
	s.zero = false
}

// home returns the slot where the search for h starts: the top bits of
// h's product with 2⁶⁴/φ, scaled to the table (Lemire's fast range).
func (s *hashSet) home(h uint64) int {
	i, _ := bits.Mul64(h*0x9E3779B97F4A7C15, uint64(len(s.keys)))
	return int(i)
}

// add adds h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	if h == 0 {
		had := s.zero
		s.zero = true
		return !had
	}
	keys := s.keys
	for i := s.home(h); ; {
		switch keys[i] {
		case 0:
			keys[i] = h
			return true
		case h:
			return false
		}
		if i++; i == len(keys) {
			i = 0
		}
	}
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if h == 0 {
		return s.zero
	}
	keys := s.keys
	for i := s.home(h); ; {
		switch keys[i] {
		case 0:
			return false
		case h:
			return true
		}
		if i++; i == len(keys) {
			i = 0
		}
	}
}
