package dedupe

import (
	"math/bits"
	"slices"

	"github.com/newsreuse/dedupe/shingle"
)

// A shingleSet holds one document's distinct shingles for exact Jaccard
// against many others: overlap counts the distinct shingles of another
// document found in it, in time linear in that document's length.
//
// For shingles of up to 8 words, a shingle is its words' 16-bit codes
// packed into two machine words and rolled along the text, exact and much
// cheaper than hashing each shingle anew (shingle.Shingler.AppendWordHashes
// costs a dozen multiplications a shingle). Distinct packed shingles are
// distinct hashed ones unless two of a document's shingles' 64-bit hashes
// collide. Longer shingles, and documents shorter than a shingle (one
// shingle of all their words), are compared by hash.
type shingleSet struct {
	sh     shingle.Shingler
	k      int
	packed bool
	table  []int32    // open addressing, power-of-two length: index in entries + 1, 0 for an empty slot
	shift  uint8      // 64 - log2(len(table))
	ents   []setEntry // the distinct shingles
	gen    uint32
	qs     []uint64 // a candidate's shingle hashes, when not packed
}

// A setEntry is one distinct shingle. The table holds only indexes of
// entries, 4 bytes a slot at most half full: a set of d shingles takes 8d
// to 16d bytes of table and 24d of entries, where 24-byte slots at most
// half full took 48d to 96d (a 250 MB document: 3.2 GB).
type setEntry struct {
	lo, hi uint64 // the shingle: packed words, or its hash in lo
	gen    uint32 // overlap call in which the shingle was last found
}

// maxPacked is the longest shingle, in words, that packs in two words.
const maxPacked = 8

// reset makes s the set of the shingles of words, of which there are
// distinct; set holds their hashes, used when the shingles do not pack.
func (s *shingleSet) reset(sh shingle.Shingler, words []uint16, set []uint64) {
	s.sh, s.k = sh, sh.K
	if s.k <= 0 {
		s.k = shingle.DefaultK
	}
	s.packed = s.k <= maxPacked && len(words) >= s.k
	size := 16
	for size < 2*len(set) {
		size <<= 1
	}
	if cap(s.table) < size {
		s.table = make([]int32, size)
	}
	s.table = s.table[:size]
	clear(s.table)
	s.ents = slices.Grow(s.ents[:0], len(set))
	s.shift = uint8(64 - bits.Len64(uint64(size-1)))
	s.gen = 0
	if !s.packed {
		for _, h := range set {
			s.insert(h, 0)
		}
		return
	}
	r := newRoller(s.k)
	for i, w := range words {
		r.push(w)
		if i >= s.k-1 {
			s.insert(r.lo, r.hi)
		}
	}
}

// release drops s's buffers if they are too large to keep in a pool.
func (s *shingleSet) release(limit int) {
	if cap(s.table) > limit || cap(s.ents) > limit {
		*s = shingleSet{}
	}
}

// insert adds the shingle (lo, hi) unless present.
func (s *shingleSet) insert(lo, hi uint64) {
	mask := uint64(len(s.table) - 1)
	i := s.home(lo, hi)
	for ; s.table[i] != 0; i = (i + 1) & mask {
		if e := &s.ents[s.table[i]-1]; e.lo == lo && e.hi == hi {
			return
		}
	}
	s.ents = append(s.ents, setEntry{lo: lo, hi: hi})
	s.table[i] = int32(len(s.ents))
}

// home returns the slot where the search for (lo, hi) starts.
func (s *shingleSet) home(lo, hi uint64) uint64 {
	return ((lo ^ hi*0xC2B2AE3D27D4EB4F) * 0x9E3779B97F4A7C15) >> s.shift
}

// find marks the shingle (lo, hi) as seen in this call and reports
// whether it is in s and was not seen before in this call.
func (s *shingleSet) find(lo, hi uint64) bool {
	mask := uint64(len(s.table) - 1)
	for i := s.home(lo, hi); s.table[i] != 0; i = (i + 1) & mask {
		e := &s.ents[s.table[i]-1]
		if e.lo == lo && e.hi == hi {
			if e.gen == s.gen {
				return false
			}
			e.gen = s.gen
			return true
		}
	}
	return false
}

// overlap returns how many distinct shingles of the document of word
// codes q are in s. It gives up, returning false, as soon as fewer than
// need can be found: a caller that wants only to know whether two
// documents are near-duplicates stops early on the many that are not.
func (s *shingleSet) overlap(q []uint16, need int) (int, bool) {
	s.gen++
	if s.gen == 0 {
		for i := range s.ents {
			s.ents[i].gen = 0
		}
		s.gen = 1
	}
	inter := 0
	if !s.packed {
		s.qs = s.sh.AppendWordHashes(s.qs[:0], q)
		for i, h := range s.qs {
			if s.find(h, 0) {
				inter++
			} else if inter+len(s.qs)-i-1 < need {
				return inter, false
			}
		}
		return inter, inter >= need
	}
	// A document shorter than a shingle has one shingle of all its words,
	// which no document of s's length has.
	r := newRoller(s.k)
	last := len(q) - 1
	for i, w := range q {
		r.push(w)
		if i < s.k-1 {
			continue
		}
		if s.find(r.lo, r.hi) {
			inter++
		} else if inter+last-i < need {
			return inter, false
		}
	}
	return inter, inter >= need
}

// A roller packs the last k word codes (k <= 8): the last four in lo, the
// ones before in hi.
type roller struct {
	lo, hi         uint64
	loMask, hiMask uint64
}

func newRoller(k int) roller {
	r := roller{loMask: ^uint64(0)}
	if k < 4 {
		r.loMask = 1<<(16*k) - 1
	} else if k > 4 {
		r.hiMask = 1<<(16*(k-4)) - 1
		if k == 8 {
			r.hiMask = ^uint64(0)
		}
	}
	return r
}

func (r *roller) push(w uint16) {
	r.hi = (r.hi<<16 | r.lo>>48) & r.hiMask
	r.lo = (r.lo<<16 | uint64(w)) & r.loMask
}
