// Package dedupe finds near-duplicate and syndicated news texts.
//
// A [Detector] takes documents one at a time and answers each at once with
// the earlier documents it copies or shares passages with, the passages as
// byte offsets into both texts, and the cluster of documents reusing the
// same text. It works at two levels on one engine: whole documents through
// MinHash (Jaccard) and SimHash (Hamming) signatures with LSH and
// permuted-table indexes, and passages through an index of winnowed shingle
// fingerprints followed by token alignment. [New] makes a Detector in
// memory; [Open] makes one that keeps its documents in a directory,
// durably, and forgets them on request ([Detector.Delete]) or after a window
// of time (Options.Retention). The command dedupe is built on it.
package dedupe

import (
	"errors"
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/postings"
	"github.com/newsreuse/dedupe/internal/wal"
	"github.com/newsreuse/dedupe/minhash"
	"github.com/newsreuse/dedupe/simhash"
)

// ErrDuplicateID is returned by Add for a document whose ID was added
// before.
var ErrDuplicateID = errors.New("dedupe: duplicate document ID")

// ErrTooLarge is returned, wrapped with the document's ID, size and the
// limit, by Add, AddPrepared and AddAll for a document longer than
// Options.MaxDocumentBytes.
var ErrTooLarge = errors.New("dedupe: document too large")

// A Detector finds near-duplicates and shared passages among the documents
// added to it. It is safe for concurrent use: of two copies added at the
// same time, at least one reports the other. Added one at a time, the same
// documents in the same order give the same results.
//
// Adding a document has three steps: under the indexes' lock it is
// looked up in and added to the indexes (fast); then, with no lock held, it
// is verified against its candidates (the costly part, so concurrent adds
// use all cores); then, under the clusters' lock and in the order the
// documents entered the indexes, the corpus rules judge its passages and
// its links join the clusters, while later documents enter the indexes.
//
// Memory: the Detector keeps no document text, about 3 bytes a word (a
// 2-byte word code and its position), plus the indexes. Adding a document
// allocates little beyond what is kept: the buffers of preparation and
// verification are pooled.
type Detector struct {
	// What each field holds, and which of them a persistent Detector
	// would keep on disk, is listed in state.go.
	opts   Options
	err    error    // Validate's error for the options given to New
	log    *wal.Log // the store of a persistent Detector (Open), or nil
	hasher *minhash.Hasher

	// mu guards the documents and the indexes: admit writes them, the
	// corpus rules of commit read the passage index.
	mu      sync.RWMutex
	docs    numbered[*entry] // nil once forgotten
	ids     postings.Map     // hash of a document's ID (idSeed) -> its number
	copies  postings.Map     // hash of a document's text (textHash) -> its copies' numbers
	idSeed  maphash.Seed
	lsh     *minhash.LSH
	sims    *simhash.Index
	passage cluster.Index
	// Scratch buffers of candidates, under mu.
	near    []simhash.Match
	cands   []cluster.Candidate
	scratch []uint32
	// A reopened Detector's record scratch (store.go), under mu.
	keysScratch []uint64
	// unindexLater, when set, takes a document's removal from the LSH,
	// SimHash and passage indexes instead of unindex, which hands it the
	// band keys (valid during the call only) and the SimHash: Open's
	// replayer queues it.
	unindexLater func(x uint32, keys []uint64, sim uint64)
	flagged      []uint64
	sink         uint32 // what touch read, kept so that the reads stay
	// stopped, once set, is returned by every later Add: ErrClosed, or
	// the error that kept a persistent Detector's record from its log.
	stopped error
	// For Stats' estimate of memory, under mu: the bytes of the entries
	// (entry.bytes) and the fingerprints in the passage index.
	entryBytes, fingerprints int
	// Forgetting (forget.go), under mu: the documents out of the indexes
	// and their number; for Options.Retention, the newest time seen, the
	// age before which documents are evicted, the documents by age (a
	// heap), and those evicted whose admission-time successor has not
	// committed yet; a buffer of signatures.
	gone     bitset
	ngone    int
	newest   time.Time
	cutoff   stamp
	ages     []aged
	evicting []eviction
	// evictedFps maps each fingerprint of the documents of evicting to
	// them, for carriers.
	evictedFps map[uint64][]evicted
	sigs       sigs

	// gmu guards what commit builds, so that one document's commit runs
	// beside the next ones' admission. Lock order: gmu, then mu.
	gmu       sync.Mutex
	turn      sync.Cond // signalled when a document commits
	committed uint32    // documents whose links joined groups
	record    []byte    // a persistent Detector's record buffer (store.go)
	lastSeq   uint64    // the last record handed to the log
	// verifications counts the candidates verified, for tests of the
	// bounds on work per document.
	verifications int
	// Compaction (compact.go), under gmu: the documents the snapshot on
	// disk holds and the last record it holds (diskHeld, diskSeq: see
	// onDisk), and the newest time of the documents committed (Options.Retention). compactMu
	// serializes compactions; compacting is set while one runs on its own
	// goroutine, which background counts; compactions counts those done
	// (Stats); warn is StoreOptions.Warn.
	diskHeld        int
	diskSeq         uint64
	compactions     int
	newestCommitted time.Time
	compactMu       sync.Mutex
	compacting      atomic.Bool
	background      sync.WaitGroup
	warn            func(error)
	groups          cluster.Grouper
	strong          cluster.Grouper // clusters by long passages only; see noteLinks
	weak            postings.Map    // document -> documents it shares only a short passage with
	pairs           chunkList[Pair]
	shared          numbered[int] // per document: matched words over all its pairs
	byDoc           postings.Map  // document -> the indexes in pairs of its pairs (below postings.MaxID, 2³¹)
	// For Stats: the sum of Result.Unverified, the passages of the pairs,
	// and the IDs added to weak.
	unverified, passages, weakLinks int
	// Forgetting, under gmu: the documents dropped from the pairs and
	// clusters, how many were deleted and evicted, and buffers.
	forgotten          bitset
	low                uint32 // the first document not forgotten, or after the last
	deletes, evictions int
	at, members, rest  []uint32
	carried, extra     []uint32
	links              []cluster.Link
	seen               map[uint32]bool
}

// New returns a Detector configured by opts. Options from users are best
// checked with opts.Validate first, as the command dedupe does: a Detector
// made from options out of range adds nothing, and Add, AddPrepared and
// AddAll return Validate's error for every document (Compare and
// Similarity report that nothing is shared). New never panics.
func New(opts Options) *Detector {
	if err := opts.Validate(); err != nil {
		d := New(Options{})
		d.err = err
		return d
	}
	opts = opts.withDefaults()
	// Candidates are verified exactly, so a false positive costs only
	// time: weight missed pairs heavily (16 × 8 at 0.8: a pair at the
	// threshold is a candidate with probability 0.95, not 0.40).
	b, r := minhash.ParamsWeighted(opts.Threshold, opts.Permutations, 0.95)
	d := &Detector{
		opts:   opts,
		hasher: minhash.New(opts.Permutations, uint64(opts.Seed)),
		idSeed: maphash.MakeSeed(),
		lsh:    newLSH(b, r, opts),
		sims:   simhash.NewIndex(opts.Hamming),
	}
	d.sims.MaxBucket = opts.maxDF()
	d.turn.L = &d.gmu
	return d
}

// A Passage is text two documents share: this document's bytes
// [Start, End) match the other's [OtherStart, OtherEnd). Words counts the
// matched words; the rest of the span are edits, OCR errors or small
// insertions.
type Passage struct {
	Start, End           int
	OtherStart, OtherEnd int
	Words                int
}

// A Match is an earlier document that a new document copies or shares
// passages with.
type Match struct {
	ID string // the earlier document
	// Jaccard is the exact Jaccard similarity of the two documents' shingle
	// sets.
	Jaccard float64
	// Containment is the share of this document's shingles found in the
	// other: 1 when it is wholly made of the other's text.
	Containment float64
	// NearDuplicate is set when Jaccard reaches Options.Threshold.
	NearDuplicate bool
	// Passages are the shared passages, in order of this document.
	Passages []Passage
}

// A Result is what a Detector found for one new document.
type Result struct {
	ID string
	// Cluster names the cluster of documents reusing the same text that
	// the document belongs to, "" if none. Names stay stable as documents
	// arrive, except that a cluster merging into an older one takes the
	// older name.
	Cluster string
	// Matches are the earlier documents the document copies or shares
	// passages with, in the order they were added.
	Matches []Match
	// Words is the number of words in the document.
	Words int
	// Unverified is how many earlier copies of the document's very text
	// (the same words in the same order) were not compared with it,
	// because the text had been added more than Options.MaxDF times: the
	// document is compared with the first copy and the most recent ones,
	// and joins their cluster, which holds the others. Each is a pair
	// left out of Matches.
	Unverified int
}

// Add adds doc and reports what it shares with the documents added before.
// It returns ErrDuplicateID (wrapped, naming the ID) for a repeated ID and
// ErrTooLarge for a document longer than Options.MaxDocumentBytes; the
// Detector is then unchanged.
func (d *Detector) Add(doc Document) (Result, error) {
	return d.AddPrepared(d.Prepare(doc))
}

// AddPrepared is Add for a document already prepared by Prepare on this
// Detector. A Prepared document can be added once: its buffers are then
// reused, and adding it again returns ErrPreparedAdded.
func (d *Detector) AddPrepared(p *Prepared) (Result, error) {
	if p.err != nil {
		return Result{}, p.err
	}
	a, err := d.admit(p)
	if err != nil {
		return Result{}, err
	}
	d.verifyAll(a, true)
	p.verified()
	res := d.commit(a)
	seq, err := a.seq, a.stored
	a.release()
	if d.log != nil {
		if err == nil {
			err = d.wait(seq)
		}
		if err != nil {
			return Result{}, err
		}
	}
	return res, nil
}

// ErrPreparedAdded is returned by AddPrepared for a Prepared document
// that was added before: its buffers have been reused.
var ErrPreparedAdded = errors.New("dedupe: Prepared document already added")

// maxDF returns the document frequency above which a passage fingerprint
// yields only its most recent documents as candidates, and the size above
// which an LSH bucket does.
func (o Options) maxDF() int {
	if o.MaxDF > 0 {
		return o.MaxDF
	}
	return 50
}

// newLSH returns the Detector's MinHash index, of b bands of r rows,
// whose buckets give a query at most their MaxDF most recent documents:
// a larger bucket is a family of stories from one template, which cost
// most of the slowest Adds in verification (at a million generated
// documents, 136 of the 200 slowest had 100 candidates or more, nearly
// all from the LSH alone, and none a near-duplicate).
func newLSH(b, r int, o Options) *minhash.LSH {
	l := minhash.NewLSH(b, r)
	l.MaxBucket = o.maxDF()
	return l
}
