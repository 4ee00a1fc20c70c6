package pipeline

import (
	"cmp"
	"context"
	"encoding/binary"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
)

// Keys, groups and candidates: each entry gives its candidate keys; the
// documents of each key, grouped, give candidate pairs; a pair's counts
// over all its keys are combined.

// A candidate pair's count, as a uint64: the passage fingerprints it
// shares in the low 32 bits, and flags above.
const (
	flagBand  = 1 << 32 // shares a MinHash LSH band key
	flagSim   = 1 << 33 // shares a SimHash block, within the Hamming distance
	flagAlign = 1 << 34 // set by verify: aligned (see dedupe.Batch.Verify)
	countMask = 1<<32 - 1
)

// mergeCounts adds two counts of one pair.
func mergeCounts(a, b uint64) uint64 {
	return (a|b)&^countMask | min(countMask, a&countMask+b&countMask)
}

// pairKey is the key of the pair of documents a (earlier) and b.
func pairKey(a, b uint64) string {
	var k [16]byte
	binary.BigEndian.PutUint64(k[:8], a)
	binary.BigEndian.PutUint64(k[8:], b)
	return string(k[:])
}

// keysFn emits the candidate keys of each entry: its band keys, its
// SimHash blocks and its fingerprints, each with the document's ord (and
// a block with its SimHash).
type keysFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
}

func (f *keysFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *keysFn) ProcessElement(ctx context.Context, ord uint64, e []byte, band func(uint64, uint64), sim func(uint64, simDoc), fp func(uint64, uint64), fps func(uint64, []uint64), count func(tally)) error {
	k, err := f.b.Keys(e)
	if err != nil {
		return err
	}
	for _, x := range k.Bands {
		band(x, ord)
	}
	for _, x := range k.Sims {
		sim(x, simDoc{Ord: ord, Sim: k.Sim})
	}
	for _, x := range k.Fingerprints {
		fp(x, ord)
	}
	if len(k.Fingerprints) > 0 {
		fps(ord, k.Fingerprints)
	}
	keyBytes.Inc(ctx, 16*int64(len(k.Bands))+24*int64(len(k.Sims)))
	fpBytes.Inc(ctx, 24*int64(len(k.Fingerprints)))
	count(tally{Words: k.Words})
	return nil
}

// wholeGroupFn pairs the documents sharing an LSH band key. Of a key held
// by more than Cap documents
// (a family of stories from one template), each document is paired with
// its Cap latest predecessors only, as the Detector's buckets give a
// query their MaxDF most recent documents.
type wholeGroupFn struct {
	Cap  int
	Flag uint64
}

func (f *wholeGroupFn) ProcessElement(ctx context.Context, _ uint64, docs func(*uint64) bool, emit func(string, uint64)) {
	ords := collect(docs)
	groupSize.Update(ctx, int64(len(ords)))
	n := 0
	for i, b := range ords {
		for _, a := range ords[max(0, i-f.Cap):i] {
			emit(pairKey(a, b), f.Flag)
			n++
		}
	}
	pairBytes.Inc(ctx, 24*int64(n))
}

// A simDoc is a document of a SimHash block: its ord and its SimHash.
type simDoc struct{ Ord, Sim uint64 }

// simGroupFn pairs the documents sharing a SimHash block as wholeGroupFn
// pairs those of a band key, and keeps the pairs within the Hamming
// distance (dedupe.Batch.SimNear), as the Detector's SimHash index does:
// the others share a block by chance, and would be joined with both
// their entries only to be dropped.
type simGroupFn struct {
	Options dedupe.Options
	Cap     int
	b       *dedupe.Batch
}

func (f *simGroupFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *simGroupFn) ProcessElement(ctx context.Context, _ uint64, docs func(*simDoc) bool, emit func(string, uint64)) {
	var ds []simDoc
	var d simDoc
	for docs(&d) {
		ds = append(ds, d)
	}
	slices.SortFunc(ds, func(x, y simDoc) int { return cmp.Compare(x.Ord, y.Ord) })
	groupSize.Update(ctx, int64(len(ds)))
	n := 0
	for i, b := range ds {
		for _, a := range ds[max(0, i-f.Cap):i] {
			if f.b.SimNear(a.Sim, b.Sim) {
				emit(pairKey(a.Ord, b.Ord), flagSim)
				n++
			}
		}
	}
	pairBytes.Inc(ctx, 24*int64(n))
}

// fpGroupFn pairs the documents sharing a passage fingerprint, each pair
// counting one shared fingerprint. Of a fingerprint held by more than Cap
// documents in the corpus (a stock phrase, a footer, or a story reprinted
// everywhere), each document is paired with its frequentLatest
// predecessors only, as the Detector's passage index gives a query the
// latest few documents of a frequent fingerprint.
type fpGroupFn struct{ Cap int }

// frequentLatest is how many predecessors a document is paired with by a
// fingerprint held by more than Cap documents.
const frequentLatest = 4

func (f *fpGroupFn) ProcessElement(ctx context.Context, _ uint64, docs func(*uint64) bool, emit func(string, uint64)) {
	ords := collect(docs)
	fpGroupSize.Update(ctx, int64(len(ords)))
	back := len(ords)
	if back > f.Cap {
		back = frequentLatest
	}
	n := 0
	for i, b := range ords {
		for _, a := range ords[max(0, i-back):i] {
			emit(pairKey(a, b), 1)
			n++
		}
	}
	pairBytes.Inc(ctx, 24*int64(n))
}

// collect returns the values of an iterator, sorted.
func collect(it func(*uint64) bool) []uint64 {
	var out []uint64
	var x uint64
	for it(&x) {
		out = append(out, x)
	}
	slices.Sort(out)
	return out
}

// A cand is a candidate pair: its documents' ords, the earlier first, and
// its count (flags and shared fingerprints).
type cand struct {
	A, B  uint64
	Count uint64
}

// candidateFn keeps the pairs that the Detector would verify: a shared
// band key, a shared SimHash block within the distance, or at least MinShared shared fingerprints. They go to the join keyed by
// their earlier document.
type candidateFn struct {
	Options dedupe.Options
	min     uint64
}

func (f *candidateFn) Setup() { f.min = uint64(f.Options.MinShared) }

func (f *candidateFn) ProcessElement(ctx context.Context, key string, count uint64, emit func(uint64, cand)) {
	if count&(flagBand|flagSim) == 0 && count&countMask < f.min {
		return
	}
	if count&countMask < f.min {
		count &^= countMask // too few to align by
	}
	c := cand{A: binary.BigEndian.Uint64([]byte(key[:8])), B: binary.BigEndian.Uint64([]byte(key[8:])), Count: count}
	candidates.Inc(ctx, 1)
	emit(c.A, c)
}

var (
	keyBytes    = beam.NewCounter("dedupe", "shuffle_bytes_whole_keys")
	fpBytes     = beam.NewCounter("dedupe", "shuffle_bytes_fingerprints")
	pairBytes   = beam.NewCounter("dedupe", "shuffle_bytes_key_pairs")
	candidates  = beam.NewCounter("dedupe", "candidate_pairs")
	groupSize   = beam.NewDistribution("dedupe", "group_whole_keys")
	fpGroupSize = beam.NewDistribution("dedupe", "group_fingerprints")
)

func init() {
	register.DoFn8x1[context.Context, uint64, []byte, func(uint64, uint64), func(uint64, simDoc), func(uint64, uint64), func(uint64, []uint64), func(tally), error](&keysFn{})
	register.DoFn4x0[context.Context, uint64, func(*simDoc) bool, func(string, uint64)](&simGroupFn{})
	register.Emitter2[uint64, simDoc]()
	register.Iter1[simDoc]()
	register.Emitter2[uint64, []uint64]()
	register.DoFn4x0[context.Context, uint64, func(*uint64) bool, func(string, uint64)](&wholeGroupFn{})
	register.DoFn4x0[context.Context, uint64, func(*uint64) bool, func(string, uint64)](&fpGroupFn{})
	register.DoFn4x0[context.Context, string, uint64, func(uint64, cand)](&candidateFn{})
	register.Emitter2[uint64, uint64]()
	register.Emitter2[string, uint64]()
	register.Emitter2[uint64, cand]()
	register.Iter1[uint64]()
	register.Function2x1(mergeCounts)
}
