package pipeline

import (
	"context"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
)

// Join and verify: each candidate pair meets its earlier document's entry
// (keyed by the earlier ord), then its later one's (keyed by the later
// ord), and is verified; the pairs that share anything go on to be
// judged, with the fingerprints the corpus rules ask about and, when long,
// their link for the clusters.

// A half is a candidate pair with its earlier document's entry.
type half struct {
	C cand
	A []byte
}

// pairDocs is a candidate pair with both entries.
type pairDocs struct {
	C    cand
	A, B []byte
}

// joinEarlier attaches the entry of document ord to its pairs as the
// earlier document, keyed by the later one.
func joinEarlier(ctx context.Context, ord uint64, entries func(*[]byte) bool, cands func(*cand) bool, emit func(uint64, half)) {
	var e []byte
	if !entries(&e) {
		return // a document that failed to prepare
	}
	var c cand
	for cands(&c) {
		joinBytes.Inc(ctx, int64(len(e))+32)
		emit(c.B, half{C: c, A: e})
	}
}

// joinLater attaches the entry of document ord to its pairs as the later
// document.
func joinLater(ctx context.Context, ord uint64, entries func(*[]byte) bool, halves func(*half) bool, emit func(string, pairDocs)) {
	var e []byte
	if !entries(&e) {
		return
	}
	var h half
	for halves(&h) {
		joinBytes.Inc(ctx, int64(len(e)))
		emit(pairKey(h.C.A, h.C.B), pairDocs{C: h.C, A: h.A, B: e})
	}
}

// An ask holds the fingerprints of a pair's later document that the
// corpus rules ask about, on its way to its documents' clusters.
type ask struct {
	Key    string
	A, B   uint64
	CA, CB int64 // the clusters of A and B, once known; 0 for none
	Fps    []uint64
}

// A link is a verified link, from the later document B to A, in B's
// words: strong (long) or weak (dedupe.Check).
type link struct {
	A, B              uint64
	Start, End, Words int
	Strong            bool
}

// verifyFn verifies each candidate pair (dedupe.Batch.Verify).
type verifyFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
}

func (f *verifyFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *verifyFn) ProcessElement(ctx context.Context, key string, p pairDocs, emit func(string, pairDocs), asks func(uint64, ask), links func(link)) error {
	// Aligned when the passage index or the SimHash index would propose
	// the pair; else a band key alone did (candidateFn).
	align := p.C.Count&(countMask|flagSim) != 0
	c, ok, err := f.b.Verify(p.A, p.B, align)
	if err != nil || !ok {
		return err
	}
	verifiedPairs.Inc(ctx, 1)
	if align {
		p.C.Count |= flagAlign
	}
	emit(key, p)
	judgeBytes.Inc(ctx, int64(len(p.A)+len(p.B))+40)
	if len(c.Fingerprints) > 0 {
		asks(p.C.A, ask{Key: key, A: p.C.A, B: p.C.B, Fps: c.Fingerprints})
	}
	queryBytes.Inc(ctx, int64(len(c.Fingerprints))*8+48)
	if c.Strong || c.Weak {
		links(link{A: p.C.A, B: p.C.B, Start: c.Link.Start, End: c.Link.End, Words: c.Link.Words, Strong: c.Strong})
	}
	return nil
}

var (
	joinBytes     = beam.NewCounter("dedupe", "shuffle_bytes_join")
	judgeBytes    = beam.NewCounter("dedupe", "shuffle_bytes_judge")
	queryBytes    = beam.NewCounter("dedupe", "shuffle_bytes_queries")
	verifiedPairs = beam.NewCounter("dedupe", "verified_pairs")
)

func init() {
	register.Function5x0(joinEarlier)
	register.Function5x0(joinLater)
	register.DoFn6x1[context.Context, string, pairDocs, func(string, pairDocs), func(uint64, ask), func(link), error](&verifyFn{})
	register.Iter1[[]byte]()
	register.Iter1[cand]()
	register.Iter1[half]()
	register.Emitter2[uint64, half]()
	register.Emitter2[string, pairDocs]()
	register.Emitter2[uint64, ask]()
	register.Emitter1[link]()
}
