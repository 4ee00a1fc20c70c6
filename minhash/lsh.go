package minhash

import (
	"math/bits"
	"slices"

	"github.com/newsreuse/dedupe/internal/postings"
)

// An LSH is a banding index of signatures for candidate search (Broder 1997;
// Indyk and Motwani 1998). Each signature is cut into b bands of r
// consecutive values; two signatures become candidates when they agree on
// every value of at least one band, which for sets of Jaccard similarity s
// happens with probability 1-(1-sʳ)ᵇ. Use [Params] to choose b and r for a
// threshold.
//
// Bands are keyed by a 64-bit hash of their values, so two signatures that
// differ in a band collide there with probability about 2⁻⁶⁴.
// Memory is 23 to 30 bytes per band per indexed signature (measured from
// 20,000 to 1,000,000 signatures, a tenth of them sharing buckets): a
// bucket of one signature is one hash table slot, a larger one a slice
// besides; the signatures themselves are not kept. Identical signatures
// share every bucket, so a query costs O(b·r) plus the number of
// matches: keep empty documents ([Signature.Empty]) and boilerplate out of
// the index, or they become candidates of each other.
//
// An LSH is not safe for concurrent use: callers that share one must lock,
// even around [LSH.AppendCandidates], which only reads.
// The zero LSH has no bands, holds nothing and returns no candidates; its Add
// panics. Create one with [NewLSH].
type LSH struct {
	// MaxBucket, when positive, bounds what one bucket gives a query:
	// only its MaxBucket most recently added ids. A bucket that large
	// holds a family of similar documents (stories from one template),
	// most of them below any useful threshold of the query, and a true
	// near-duplicate almost always shares other, smaller buckets with it
	// too: at similarity 0.8 it shares about 2.7 of 16 bands of 8 rows,
	// while all 8 values of a band come from a template's shared shingles
	// only where the template is most of both documents. The zero value
	// bounds nothing.
	MaxBucket int

	bands, rows int
	tables      []postings.Map // per band: band key -> the ids in the bucket
	n           int
}

// NewLSH returns an empty index with the given number of bands and rows per
// band, such as those [Params] returns: NewLSH(Params(0.8, 128)). It panics
// unless both are in [1, 2²⁴].
func NewLSH(bands, rows int) *LSH {
	if bands < 1 || rows < 1 || bands > maxSize || rows > maxSize {
		panic("minhash: bands or rows out of range")
	}
	return &LSH{bands: bands, rows: rows, tables: make([]postings.Map, bands)}
}

// Bands returns the number of bands.
func (l *LSH) Bands() int { return l.bands }

// Rows returns the number of rows (signature values) per band.
func (l *LSH) Rows() int { return l.rows }

// Len returns the number of signatures in the index: the number of Add calls
// minus the Remove calls that found their entry.
func (l *LSH) Len() int { return l.n }

// Add indexes sig under id. Only the first Bands()·Rows() values of sig are
// used; Add panics if sig is shorter, or if id is 2³¹ or more. Adding an id
// that is already present stores it twice (candidates still list it once)
// and needs two Removes.
// Add costs O(b·r) and amortized O(1) allocations per band; it does not
// retain sig.
func (l *LSH) Add(id uint32, sig Signature) {
	if l.bands == 0 {
		panic("minhash: Add on zero LSH; use NewLSH")
	}
	l.check(sig)
	l.checkID(id)
	for b := range l.tables {
		l.tables[b].Add(bandKey(sig[b*l.rows:(b+1)*l.rows]), id, false)
	}
	l.n++
}

func (l *LSH) checkID(id uint32) {
	if id > postings.MaxID {
		panic("minhash: LSH id out of range")
	}
}

// Reserve prepares the index for about n more signatures, so that adding
// them does not grow its tables on the way: an index about to be filled
// with a known number, such as a persistent one reopened, is filled in
// less time (a million signatures of 16 bands: 2.3 s of CPU fewer). Each
// signature reserved and not added costs 16 to 32 bytes a band.
func (l *LSH) Reserve(n int) {
	for b := range l.tables {
		l.tables[b].Reserve(n, uint64(b)+1)
	}
}

// AddKeys is [LSH.Add] given the band keys of the signature, from
// [LSH.Keys]. It panics unless there is one key per band.
func (l *LSH) AddKeys(id uint32, keys []uint64) {
	if len(keys) != l.bands {
		panic("minhash: one key per band needed")
	}
	l.checkID(id)
	for b := range l.tables {
		l.tables[b].Add(keys[b], id, false)
	}
	l.n++
}

// AddCandidates is AppendCandidates followed by Add, in one lookup per
// band: it appends to dst the ids that shared a band with sig before, each
// once, in ascending order, then indexes sig under id.
func (l *LSH) AddCandidates(dst []uint32, id uint32, sig Signature) []uint32 {
	var buf [32]uint64
	return l.AddKeyCandidates(dst, id, l.Keys(buf[:0], sig))
}

// Keys appends the band keys of sig to dst, one per band, and returns the
// extended slice: what [LSH.AddKeyCandidates] and [LSH.Touch] take.
// Computing them reads only sig and the band shape, which never changes:
// Keys is safe to call concurrently with the other methods, so that a
// caller that locks the index can compute them before taking its lock. It
// panics if sig is shorter than Bands()·Rows(). Cost: O(b·r).
func (l *LSH) Keys(dst []uint64, sig Signature) []uint64 {
	l.check(sig)
	for b := range l.bands {
		dst = append(dst, bandKey(sig[b*l.rows:(b+1)*l.rows]))
	}
	return dst
}

// AddKeyCandidates is [LSH.AddCandidates] given the band keys of the
// signature, from [LSH.Keys]. It panics unless there is one key per band.
func (l *LSH) AddKeyCandidates(dst []uint32, id uint32, keys []uint64) []uint32 {
	if l.bands == 0 {
		panic("minhash: Add on zero LSH; use NewLSH")
	}
	if len(keys) != l.bands {
		panic("minhash: one key per band needed")
	}
	l.checkID(id)
	start := len(dst)
	for b := range l.tables {
		dst = l.tables[b].AppendAdd(dst, keys[b], id, false, l.MaxBucket)
	}
	l.n++
	c := dst[start:]
	slices.Sort(c)
	return dst[:start+len(slices.Compact(c))]
}

// Touch reads the bucket of each band key (from [LSH.Keys]) and returns a
// value of no meaning, changing nothing: touching the keys of several
// signatures before adding them lets their cache misses overlap (a probe
// is one miss, and an add's are otherwise taken one after the other). It
// reads the index, so it needs the same lock as AppendCandidates.
func (l *LSH) Touch(keys []uint64) uint32 {
	var sum uint32
	for b, k := range keys[:min(len(keys), len(l.tables))] {
		sum += l.tables[b].Touch(k)
	}
	return sum
}

// Remove deletes the entry that [LSH.Add] made for id and sig; sig must be
// the same signature, or at least agree with it on the bands. Removing an
// entry that is not present does nothing. Remove panics if sig is shorter
// than Bands()·Rows(). It costs O(b·(r + bucket size)); freed space is
// reused by later Adds.
func (l *LSH) Remove(id uint32, sig Signature) {
	if l.bands == 0 {
		return
	}
	l.check(sig)
	found := false
	for b := range l.tables {
		if l.tables[b].Remove(bandKey(sig[b*l.rows:(b+1)*l.rows]), id) && b == 0 {
			found = true
		}
	}
	if found {
		l.n--
	}
}

// RemoveKeys is [LSH.Remove] given the band keys of the signature, from
// [LSH.Keys]. It panics unless there is one key per band.
func (l *LSH) RemoveKeys(id uint32, keys []uint64) {
	if len(keys) != l.bands {
		panic("minhash: one key per band needed")
	}
	found := false
	for b := range l.tables {
		if l.tables[b].Remove(keys[b], id) && b == 0 {
			found = true
		}
	}
	if found {
		l.n--
	}
}

// AppendCandidates appends to dst the ids of the indexed signatures that
// share at least one band with sig, each once, in ascending order, and
// returns the extended slice. If sig itself was added, its id is among the
// candidates: the caller filters it. Only dst[len(dst):] is sorted; the
// values already in dst are kept as they are. It panics if sig is shorter
// than Bands()·Rows(). It allocates only when dst lacks capacity and costs
// O(b·r + c·log c) for c bucket entries found.
func (l *LSH) AppendCandidates(dst []uint32, sig Signature) []uint32 {
	if l.bands == 0 {
		return dst
	}
	l.check(sig)
	start := len(dst)
	for b := range l.tables {
		ids := l.tables[b].Get(bandKey(sig[b*l.rows : (b+1)*l.rows]))
		if l.MaxBucket > 0 && len(ids) > l.MaxBucket {
			ids = ids[len(ids)-l.MaxBucket:]
		}
		dst = append(dst, ids...)
	}
	c := dst[start:]
	slices.Sort(c)
	return dst[:start+len(slices.Compact(c))]
}

func (l *LSH) check(sig Signature) {
	if len(sig) < l.bands*l.rows {
		panic("minhash: signature shorter than bands·rows")
	}
}

// bandKey hashes the values of one band.
func bandKey(band []uint64) uint64 {
	h := uint64(len(band))
	for _, v := range band {
		h = bits.RotateLeft64((h^v)*0x9fb21c651e98df25, 29)
	}
	return mix(h)
}
