package simhash

import (
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Index layout
//
// An Index for distance K splits the 64 fingerprint bits into m contiguous
// blocks (m = 2 for K = 1, 3 for K = 2..14, chosen by the cost model in
// Index.init). Write K = m*r + a with 0 <= a < m. If two fingerprints are within
// distance K, then one of blocks 0..a differs in at most r bits, or one of
// blocks a+1..m-1 differs in at most r-1 bits; otherwise the distance would be
// at least (a+1)(r+1) + (m-a-1)r = K+1. That block's radius is r or r-1.
//
// Each distinct fingerprint gets a slot (fps, ids). Each block has a map from
// block value to the first slot with that value, and a next array chaining
// the other slots with the same value. A query looks up, in every block, each
// value within the block's radius of its own value (the precomputed flips),
// and checks the full distance of each slot found. A slot found in block b is
// reported only if no earlier block would also find it, so no slot is
// reported twice. With K = 3 and 1M random fingerprints a query makes 25 map
// lookups and checks about 7 chance candidates; see BenchmarkIndexQuery.
//
// Identical fingerprints share a slot: the first id is in ids, the others in
// more, in increasing order. Removing a slot moves the last slot into the
// hole, so slots stay dense and a small index is searched by a linear scan
// over fps instead.
//
// A chain lists the newest slot first. With MaxBucket set, a query walks at
// most MaxBucket slots of a chain and reports at most MaxBucket ids of a
// slot, so that a thousand copies of one text cost a query no more than
// fifty do.

// DefaultK is the distance used by NewIndex(0) and by the zero Index: the
// 64-bit, K = 3 setting of Manku, Jain & Das Sarma (2007).
const DefaultK = 3

// MaxK is the largest distance NewIndex accepts.
const MaxK = 64

const (
	maxBlocks = 8
	// nominalN is the index size the block count is chosen for.
	nominalN = 1 << 20
	// probeCost is the cost of a map lookup or a candidate check, in units of
	// one fingerprint compared by a linear scan. With it, the scan limit is
	// 400 fingerprints for K = 3 and 11,500 for K = 8; measured crossovers
	// were about 256 and 16k.
	probeCost = 16
)

// A Match is a stored fingerprint's id and its Hamming distance to the query.
type Match struct {
	ID       uint32
	Distance int
}

// An Index stores (id, fingerprint) pairs and finds those within Hamming
// distance K of a query fingerprint without a linear scan.
//
// An id may be stored with several fingerprints, and several ids with the
// same fingerprint; each (id, fingerprint) pair is stored once.
//
// The zero Index is empty and ready to use, with K = [DefaultK].
//
// An Index is not safe for concurrent use: callers must serialize Add and
// Remove with every other call, for example with a sync.RWMutex. Concurrent
// calls to AppendNear and Len alone are safe, as with a map.
//
// Memory is about 58 bytes per distinct fingerprint for K = 2..14 (three
// blocks), measured at a million random fingerprints: 12 for the fingerprint
// and id, and per block 4 for the chain link and about 11 of map. An extra id
// stored with an identical fingerprint costs about 50 bytes for the first and
// 4 for each further one. Besides, from the first Add, a bit per possible
// value of each block of up to 24 bits: 1 MiB for K = 3 (blocks of 22, 21
// and 21 bits).
type Index struct {
	k      int
	n      int      // stored pairs
	fps    []uint64 // slot -> fingerprint, distinct
	ids    []uint32 // slot -> first id
	more   map[uint32][]uint32
	blocks []block
	// scanLimit is the slot count up to which a linear scan beats probing.
	scanLimit int

	// MaxBucket, when positive, bounds what a query reads and returns: of
	// a fingerprint stored with more ids than MaxBucket it reads the first
	// id and the MaxBucket-1 largest ones (the most recent, for ids given
	// in increasing order); of the fingerprints sharing one block value,
	// the most recently added (while nothing has been removed), until
	// MaxBucket of them were read or MaxBucket ids matched; and it returns
	// the MaxBucket nearest matches, the largest ids first among equally
	// near ones. Zero reads and returns everything: a query then costs
	// time linear in the number of stored copies of a fingerprint.
	MaxBucket int
}

type block struct {
	shift  uint
	mask   uint64
	radius int
	flips  []uint32          // every block value with at most radius bits set
	heads  map[uint32]uint32 // block value -> first slot
	next   []uint32          // slot -> next slot with the same value + 1; 0 ends
	// present has a bit per block value, set when heads has the value, for
	// blocks of up to maxPresentBits bits; nil for wider ones, and until
	// the first Add. A query tries every value within the block's radius,
	// most of them absent (23 for the default distance's first block of 22
	// bits): a bit tells so for a fraction of a map lookup.
	present []uint64
}

// maxPresentBits is the widest block that has a present bitmap: 2 MiB.
const maxPresentBits = 24

// has reports whether the block may hold value key: false means it
// does not.
func (blk *block) has(key uint32) bool {
	return blk.present == nil || blk.present[key>>6]&(1<<(key&63)) != 0
}

// setHead makes slot s the first of key's chain.
func (blk *block) setHead(key, s uint32) {
	if blk.present == nil && blk.mask < 1<<maxPresentBits {
		blk.present = make([]uint64, (blk.mask+1+63)/64)
	}
	if blk.present != nil {
		blk.present[key>>6] |= 1 << (key & 63)
	}
	blk.heads[key] = s
}

// deleteHead forgets key.
func (blk *block) deleteHead(key uint32) {
	if blk.present != nil {
		blk.present[key>>6] &^= 1 << (key & 63)
	}
	delete(blk.heads, key)
}

// NewIndex returns an empty Index that finds fingerprints within distance k.
// A k of 0 means [DefaultK]. It panics if k is negative or above [MaxK].
//
// The cost of a query grows with k: at a million random fingerprints, about 25
// map lookups for k = 3 and 1,000 for k = 8 (against a million comparisons
// for a scan). Above k = 14 the index is not much better than a scan.
func NewIndex(k int) *Index {
	ix := new(Index)
	ix.init(k)
	return ix
}

func (ix *Index) init(k int) {
	if k < 0 || k > MaxK {
		panic("simhash: NewIndex: k out of range")
	}
	if k == 0 {
		k = DefaultK
	}
	ix.k = k
	bestM, bestCost := 0, math.Inf(1)
	for m := 2; m <= min(k+1, maxBlocks); m++ {
		probes, cands := planCost(k, m)
		if c := probes + cands*nominalN; c < bestCost {
			bestM, bestCost = m, c
		}
	}
	m := bestM
	probes, cands := planCost(k, m)
	if probeCost*cands >= 1 {
		ix.scanLimit = math.MaxInt
	} else {
		ix.scanLimit = int(probeCost * probes / (1 - probeCost*cands))
	}
	ix.blocks = make([]block, m)
	shift := uint(0)
	for b := range ix.blocks {
		w, r := blockShape(k, m, b)
		ix.blocks[b] = block{
			shift:  shift,
			mask:   1<<w - 1,
			radius: r,
			flips:  flips(w, r),
			heads:  make(map[uint32]uint32),
		}
		shift += uint(w)
	}
}

// blockShape returns the width and search radius of block b of m for distance k.
func blockShape(k, m, b int) (width, radius int) {
	width = 64 / m
	if b < 64%m {
		width++
	}
	radius = k / m
	if b > k%m {
		radius--
	}
	return width, radius
}

// planCost returns the number of map lookups per query with m blocks, and
// the expected number of chance candidates per stored random fingerprint.
func planCost(k, m int) (probes, cands float64) {
	for b := range m {
		w, r := blockShape(k, m, b)
		p := 0.0
		c := 1.0 // binomial(w, i)
		for i := 0; i <= r && i <= w; i++ {
			p += c
			c = c * float64(w-i) / float64(i+1)
		}
		probes += p
		cands += p / math.Exp2(float64(w))
	}
	return probes, cands
}

// flips returns every w-bit value with at most r bits set, fewest bits first.
func flips(w, r int) []uint32 {
	var fs []uint32
	for c := 0; c <= r && c <= w; c++ {
		if c == 0 {
			fs = append(fs, 0)
			continue
		}
		// Gosper's hack: the c-bit values in increasing order.
		for x := uint64(1)<<c - 1; x < 1<<w; {
			fs = append(fs, uint32(x))
			low := x & -x
			y := x + low
			x = y | (x^y)/low>>2
		}
	}
	return fs
}

// K returns the distance the index searches within.
func (ix *Index) K() int {
	if ix.k == 0 {
		return DefaultK
	}
	return ix.k
}

// Len returns the number of stored (id, fingerprint) pairs.
func (ix *Index) Len() int { return ix.n }

func (blk *block) key(fp uint64) uint32 { return uint32(fp >> blk.shift & blk.mask) }

// slot returns the slot holding fp, or -1. It costs O(1) plus the number of
// stored fingerprints sharing fp's first block.
func (ix *Index) slot(fp uint64) int {
	if len(ix.fps) == 0 {
		return -1
	}
	blk := &ix.blocks[0]
	if !blk.has(blk.key(fp)) {
		return -1
	}
	s, ok := blk.heads[blk.key(fp)]
	if !ok {
		return -1
	}
	for {
		if ix.fps[s] == fp {
			return int(s)
		}
		if blk.next[s] == 0 {
			return -1
		}
		s = blk.next[s] - 1
	}
}

// Add stores id with fingerprint fp. Adding a pair that is already stored
// does nothing. It costs O(m) map updates plus a walk over the stored
// fingerprints sharing fp's first block, plus O(log c) for a fingerprint
// stored c times before (O(1) when id is above their ids).
func (ix *Index) Add(id uint32, fp uint64) {
	if ix.blocks == nil {
		ix.init(DefaultK)
	}
	if s := ix.slot(fp); s >= 0 {
		more := ix.more[uint32(s)]
		// more is sorted: an id above its last (the usual case, ids given
		// in increasing order) is appended in O(1).
		i, found := len(more), false
		if len(more) > 0 && id <= more[len(more)-1] {
			i, found = slices.BinarySearch(more, id)
		}
		if ix.ids[s] == id || found {
			return
		}
		if ix.more == nil {
			ix.more = make(map[uint32][]uint32)
		}
		ix.more[uint32(s)] = slices.Insert(more, i, id)
		ix.n++
		return
	}
	if len(ix.fps) == math.MaxUint32 {
		panic("simhash: Index full")
	}
	s := uint32(len(ix.fps))
	ix.fps = append(ix.fps, fp)
	ix.ids = append(ix.ids, id)
	for b := range ix.blocks {
		blk := &ix.blocks[b]
		key := blk.key(fp)
		nx := uint32(0)
		if blk.has(key) {
			if h, ok := blk.heads[key]; ok {
				nx = h + 1
			}
		}
		blk.next = append(blk.next, nx)
		blk.setHead(key, s)
	}
	ix.n++
}

// Remove deletes the pair (id, fp) if it is stored. It costs about as much as
// [Index.Add].
func (ix *Index) Remove(id uint32, fp uint64) {
	si := ix.slot(fp)
	if si < 0 {
		return
	}
	s := uint32(si)
	more := ix.more[s]
	i, found := slices.BinarySearch(more, id)
	switch {
	case ix.ids[s] == id && len(more) > 0:
		ix.ids[s] = more[len(more)-1]
		ix.setMore(s, more[:len(more)-1])
	case found:
		ix.setMore(s, slices.Delete(more, i, i+1))
	case ix.ids[s] == id:
		ix.removeSlot(s)
	default:
		return
	}
	ix.n--
}

func (ix *Index) setMore(s uint32, ids []uint32) {
	if len(ids) == 0 {
		delete(ix.more, s)
	} else {
		ix.more[s] = ids
	}
}

// removeSlot unlinks slot s, then moves the last slot into it.
func (ix *Index) removeSlot(s uint32) {
	last := uint32(len(ix.fps) - 1)
	for b := range ix.blocks {
		blk := &ix.blocks[b]
		blk.relink(blk.key(ix.fps[s]), s, blk.next[s])
		if s != last {
			blk.relink(blk.key(ix.fps[last]), last, s+1)
			blk.next[s] = blk.next[last]
		}
		blk.next = blk.next[:last]
	}
	if s != last {
		ix.fps[s], ix.ids[s] = ix.fps[last], ix.ids[last]
		if more, ok := ix.more[last]; ok {
			ix.more[s] = more
			delete(ix.more, last)
		}
	}
	ix.fps, ix.ids = ix.fps[:last], ix.ids[:last]
}

// relink replaces the link to slot s in key's chain by to (a slot + 1, or 0
// to end the chain).
func (blk *block) relink(key, s, to uint32) {
	h := blk.heads[key]
	if h == s {
		if to == 0 {
			blk.deleteHead(key)
		} else {
			blk.setHead(key, to-1)
		}
		return
	}
	for blk.next[h] != s+1 {
		h = blk.next[h] - 1
	}
	blk.next[h] = to
}

// AppendNear appends to dst a [Match] for every stored id with a fingerprint
// within distance K of fp, and returns the extended slice. Each id appears
// once, with its smallest distance; the appended matches are sorted by
// Distance, then ID. The caller owns dst; AppendNear does not allocate
// beyond growing dst.
//
// A query costs O(P + C + R log R): P map lookups (see [NewIndex]), C
// candidates checked (about P*n/2^21 chance ones for n random fingerprints
// and K in 2..14), and R results. Small indexes are scanned in O(n) instead.
// With MaxBucket set, C is at most 2*P*MaxBucket and R at most MaxBucket,
// whatever is stored.
func (ix *Index) AppendNear(dst []Match, fp uint64) []Match {
	if len(ix.fps) == 0 {
		return dst
	}
	start := len(dst)
	if len(ix.fps) <= ix.scanLimit {
		for s, x := range ix.fps {
			if d := bits.OnesCount64(x ^ fp); d <= ix.k {
				dst = ix.appendSlot(dst, uint32(s), d)
			}
		}
	} else {
		for b := range ix.blocks {
			dst = ix.probe(dst, b, fp)
		}
	}
	res := dst[start:]
	if len(res) < 2 {
		return dst
	}
	// Sorted as packed keys: a query of a text copied thousands of times
	// has a thousand matches or more, and sorting them by a comparison
	// function took a fifth of such a run's CPU time.
	kp := keyPool.Get().(*[]uint64)
	keys := (*kp)[:0]
	for _, m := range res {
		keys = append(keys, uint64(m.ID)<<8|uint64(m.Distance)) // Distance <= 64
	}
	// An id stored with several fingerprints may match more than once:
	// keep its smallest distance.
	slices.Sort(keys)
	n := 0
	for _, k := range keys {
		if n > 0 && k>>8 == keys[n-1]>>8 {
			continue
		}
		keys[n] = k
		n++
	}
	keys = keys[:n]
	if ix.MaxBucket > 0 && len(keys) > ix.MaxBucket {
		// The nearest, the largest ids first.
		for i, k := range keys {
			keys[i] = (k&0xff)<<32 | uint64(^uint32(k>>8))
		}
		slices.Sort(keys)
		keys = keys[:ix.MaxBucket]
		for i, k := range keys {
			keys[i] = k&^(1<<32-1) | uint64(^uint32(k))
		}
	} else {
		for i, k := range keys {
			keys[i] = (k&0xff)<<32 | k>>8
		}
	}
	slices.Sort(keys)
	for i, k := range keys {
		res[i] = Match{ID: uint32(k), Distance: int(k >> 32)}
	}
	dst = dst[:start+len(keys)]
	*kp = keys
	keyPool.Put(kp)
	return dst
}

// keyPool holds AppendNear's sort keys.
var keyPool = sync.Pool{New: func() any { return new([]uint64) }}

// probe appends the matches found through block b that no earlier block finds.
func (ix *Index) probe(dst []Match, b int, fp uint64) []Match {
	blk := &ix.blocks[b]
	key := blk.key(fp)
	for _, f := range blk.flips {
		if !blk.has(key ^ f) {
			continue
		}
		s, ok := blk.heads[key^f]
		if !ok {
			continue
		}
		from := len(dst)
		for walked := 1; ; walked++ {
			x := ix.fps[s] ^ fp
			if d := bits.OnesCount64(x); d <= ix.k && !ix.foundBefore(b, x) {
				dst = ix.appendSlot(dst, s, d)
			}
			nx := blk.next[s]
			if nx == 0 || ix.MaxBucket > 0 && (walked >= ix.MaxBucket || len(dst)-from >= ix.MaxBucket) {
				break
			}
			s = nx - 1
		}
	}
	return dst
}

// foundBefore reports whether a block before b is within its radius in x,
// the xor of the query and a stored fingerprint.
func (ix *Index) foundBefore(b int, x uint64) bool {
	for _, blk := range ix.blocks[:b] {
		if bits.OnesCount64(x>>blk.shift&blk.mask) <= blk.radius {
			return true
		}
	}
	return false
}

// appendSlot appends the ids of slot s, at distance d: the first, and
// the MaxBucket-1 largest others when MaxBucket is set.
func (ix *Index) appendSlot(dst []Match, s uint32, d int) []Match {
	dst = append(dst, Match{ID: ix.ids[s], Distance: d})
	if len(ix.more) != 0 {
		more := ix.more[s]
		if ix.MaxBucket > 0 && len(more) >= ix.MaxBucket {
			more = more[len(more)-(ix.MaxBucket-1):]
		}
		for _, id := range more {
			dst = append(dst, Match{ID: id, Distance: d})
		}
	}
	return dst
}
