package dedupe

import "sync"

// A hashSet is a reusable set of 64-bit hashes, the scratch of distinct
// and skippedSlots: open addressing with linear probing, a slot in use
// when its generation is the current one, so that emptying the set costs
// nothing. Take one from hashSets and give it back.
type hashSet struct {
	keys []uint64
	gens []uint32
	gen  uint32
	mask uint64
}

var hashSets = sync.Pool{New: func() any { return new(hashSet) }}

// reset empties the set and makes room for n hashes at half load.
func (s *hashSet) reset(n int) {
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if len(s.keys) < size {
		s.keys, s.gens, s.gen = make([]uint64, size), make([]uint32, size), 0
	}
	s.gen++
	if s.gen == 0 {
		clear(s.gens)
		s.gen = 1
	}
	s.mask = uint64(size - 1)
}

// add adds h and reports whether it was new.
func (s *hashSet) add(h uint64) bool {
	i := (h ^ h>>29) & s.mask
	for ; s.gens[i] == s.gen; i = (i + 1) & s.mask {
		if s.keys[i] == h {
			return false
		}
	}
	s.keys[i], s.gens[i] = h, s.gen
	return true
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	for i := (h ^ h>>29) & s.mask; s.gens[i] == s.gen; i = (i + 1) & s.mask {
		if s.keys[i] == h {
			return true
		}
	}
	return false
}
