// Package dedupe finds near-duplicate and syndicated news texts.
//
// A [Detector] takes documents one at a time and answers each at once with
// the earlier documents it copies or shares passages with, the passages as
// byte offsets into both texts, and the cluster of documents reusing the
// same text. It works at two levels on one engine: whole documents through
// MinHash (Jaccard) and SimHash (Hamming) signatures with LSH and
// permuted-table indexes, and passages through an index of winnowed shingle
// fingerprints followed by token alignment. The command dedupe is built on
// it.
package dedupe

import (
	"errors"
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/postings"
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
	opts   Options
	err    error // Validate's error for the options given to New
	hasher *minhash.Hasher

	// mu guards the documents and the indexes: admit writes them, the
	// corpus rules of commit read the passage index.
	mu      sync.RWMutex
	docs    []*entry
	ids     postings.Map // hash of a document's ID (idSeed) -> its number
	copies  postings.Map // hash of a document's text (textHash) -> its copies' numbers
	idSeed  maphash.Seed
	lsh     *minhash.LSH
	sims    *simhash.Index
	passage cluster.Index
	// Scratch buffers of candidates, under mu.
	near    []simhash.Match
	cands   []cluster.Candidate
	scratch []uint32
	flagged []uint64
	sink    uint32 // what touch read, kept so that the reads stay

	// gmu guards what commit builds, so that one document's commit runs
	// beside the next ones' admission. Lock order: gmu, then mu.
	gmu       sync.Mutex
	turn      sync.Cond // signalled when a document commits
	committed uint32    // documents whose links joined groups
	// verifications counts the candidates verified, for tests of the
	// bounds on work per document.
	verifications int
	groups        cluster.Grouper
	strong        cluster.Grouper // clusters by long passages only; see noteLinks
	weak          postings.Map    // document -> documents it shares only a short passage with
	pairs         chunkList[Pair]
	shared        []int // per document: matched words over all its pairs
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
	a.release()
	return res, nil
}

// ErrPreparedAdded is returned by AddPrepared for a Prepared document
// that was added before: its buffers have been reused.
var ErrPreparedAdded = errors.New("dedupe: Prepared document already added")

// An admission is a document entered in the indexes, with what it needs
// to be verified without the Detector's lock.
//
// Admissions and their buffers are pooled: release returns one once its
// document has committed.
type admission struct {
	id     uint32
	p      *Prepared
	pos    []wordPos // p's word positions, decoded when needed
	cands  []*entry  // the earlier documents worth verifying, in order of ID
	ids    []uint32  // their IDs
	from   []uint8   // per candidate: the indexes that proposed it (fromSim, fromPassage; 0 is the LSH alone)
	corpus bool      // judge boilerplate by the corpus; false in Compare
	found  []verified
	arena  []wordPos       // backs pos and the found candidates' qpos
	fpAt   []int32         // see fingerprintPositions
	fpSet  bool            // fpAt is computed
	own    []uint32        // the documents p copies at length (see ownFirst)
	judged []cluster.Match // judge's result, until the next judge
	// unverified counts the candidates and earlier copies of the
	// document's text left unverified (copies.go); checked, the candidates
	// verified.
	unverified, checked int
}

var admissions = sync.Pool{New: func() any { return new(admission) }}

// release returns a and its document's buffers to their pools.
func (a *admission) release() {
	a.p.release()
	clear(a.cands)
	clear(a.found)
	*a = admission{cands: a.cands[:0], ids: a.ids[:0], from: a.from[:0], found: a.found[:0], arena: a.arena[:0], fpAt: a.fpAt[:0], own: a.own[:0], judged: a.judged[:0]}
	if cap(a.arena) > maxPooled {
		a.arena = nil
	}
	admissions.Put(a)
}

// decode appends the word positions of e to a's arena and returns them.
// They stay valid until a is released. A document of more than maxPooled
// words gets a slice of its own, of the exact size: 12 bytes a word, that
// growing the arena would copy and keep twice.
func (a *admission) decode(e *entry) []wordPos {
	if len(e.words) > maxPooled {
		return e.positions(make([]wordPos, 0, len(e.words)))
	}
	start := len(a.arena)
	a.arena = e.positions(a.arena)
	return a.arena[start:len(a.arena):len(a.arena)]
}

// touch reads the LSH buckets and ID slots of ps, documents about to be
// admitted one after the other, so that their cache misses overlap (see
// LSH.Touch).
func (d *Detector) touch(ps []*Prepared) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range ps {
		d.sink += d.lsh.Touch(p.keys) + d.ids.Touch(p.idHash)
	}
}

// admit enters p in the indexes and collects its candidates, under the
// lock.
func (d *Detector) admit(p *Prepared) (*admission, error) {
	if p.e == nil {
		return nil, ErrPreparedAdded
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	e := p.e
	for _, c := range d.ids.Get(p.idHash) {
		if d.docs[c].id == e.id {
			return nil, fmt.Errorf("%w: %q", ErrDuplicateID, e.id)
		}
	}
	id := uint32(len(d.docs))
	a := admissions.Get().(*admission)
	a.id, a.p, a.corpus = id, p, true
	a.ids, a.from = d.candidates(a.ids, a.from, p, id)
	if len(p.set) > 0 {
		a.ids, a.from, a.unverified = d.boundCopies(a.ids, a.from, p.text)
		d.copies.Add(p.text, id, false)
	}
	for _, c := range a.ids {
		a.cands = append(a.cands, d.docs[c])
	}
	d.ids.Add(p.idHash, id, false)
	d.docs = append(d.docs, e)
	if len(p.set) > 0 { // a document with no words matches nothing
		d.sims.Add(id, p.sim)
		if !d.opts.NearOnly {
			d.passage.Add(id, p.fps)
		}
	}
	return a, nil
}

// verifyAll verifies the admitted document against its candidates, with
// no lock held: the entries it reads do not change once added. With split
// set, a document with many candidates has half of them verified on
// another goroutine, so that one Add uses two cores; AddAll's workers
// already do. A document with more whole-document candidates than it
// can have copies verified (maxCopies) is verified one candidate after
// another instead, as boundNear needs.
func (d *Detector) verifyAll(a *admission, split bool) {
	n := len(a.cands)
	if n == 0 {
		return
	}
	v := d.newVerifier(a.p, d.opts.Reworded)
	defer v.release()
	if a.wholeOnly() > maxCopies {
		d.boundNear(a, v)
		return
	}
	a.checked = n
	// verify leaves a alone unless it aligns reworded sentences.
	if split && n >= splitVerify && !d.opts.Reworded && runtime.GOMAXPROCS(0) > 1 {
		half := n / 2
		rs, oks := make([]verified, n), make([]bool, n)
		var wg sync.WaitGroup
		wg.Go(func() {
			w := d.newVerifier(a.p, false)
			defer w.release()
			for i := half; i < n; i++ {
				rs[i], oks[i] = w.verify(a, a.cands[i], a.from[i] != 0)
			}
		})
		for i := range half {
			rs[i], oks[i] = v.verify(a, a.cands[i], a.from[i] != 0)
		}
		wg.Wait()
		for i := range rs {
			if oks[i] {
				a.keep(rs[i], a.ids[i])
			}
		}
		return
	}
	for i, q := range a.cands {
		if r, ok := v.verify(a, q, a.from[i] != 0); ok {
			a.keep(r, a.ids[i])
		}
	}
}

// splitVerify is the fewest candidates for which verifyAll splits.
const splitVerify = 24

// keep records the verified candidate r, of ID id.
func (a *admission) keep(r verified, id uint32) {
	r.id = id
	a.found = append(a.found, r)
	if len(r.as) > 0 && a.pos == nil {
		a.pos = a.decode(a.p.e)
	}
	if len(r.as) > 0 && a.corpus && !r.m.NearDuplicate {
		a.fingerprintPositions() // for judge's keepRare, here rather than in the serial commit
	}
}

// commit judges a's verified candidates against the corpus and adds its
// links to the clusters and pairs. It waits until every document admitted
// before a has committed, so that it sees the corpus exactly as a
// sequential run would.
func (d *Detector) commit(a *admission) Result {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	for d.committed != a.id {
		d.turn.Wait()
	}
	for len(d.shared) <= int(a.id) {
		d.shared = append(d.shared, 0)
	}
	e := a.p.e
	res := Result{ID: e.id, Words: len(e.words), Unverified: a.unverified}
	var links []cluster.Link
	d.ownFirst(a)
	for i := range a.found {
		v := &a.found[i]
		if !v.done {
			d.finishInto(a, v)
		}
		if v.ok {
			res.Matches = append(res.Matches, v.res)
			links = append(links, v.link)
		}
	}
	num := d.groups.Add(a.id, links)
	d.noteLinks(a.id, links)
	for i, m := range res.Matches {
		l := links[i]
		d.shared[a.id] += l.Words
		d.shared[l.Doc] += l.Words
		d.pairs.push(Pair{A: m.ID, B: res.ID, a: l.Doc, b: a.id, Match: m})
	}
	if num > 0 {
		res.Cluster = clusterName(num)
	}
	d.verifications += a.checked
	d.committed++
	d.turn.Broadcast()
	return res
}

func clusterName(n int) string { return fmt.Sprintf("c%d", n) }

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

// The indexes that proposed a candidate, as bits; a candidate of none
// was proposed by the MinHash LSH alone.
const (
	fromSim     = 1 << iota // the SimHash index
	fromPassage             // the passage index
)

// candidates appends to ids the earlier documents worth verifying against
// p, sorted by ID, and to from the indexes that proposed each; it adds p
// to the LSH index under id. It runs under the lock, which guards the
// scratch buffers it uses. Each index bounds what it gives (Options.MaxDF),
// so that a document has at most a few hundred candidates however many
// copies of its text were added before.
func (d *Detector) candidates(ids []uint32, from []uint8, p *Prepared, id uint32) ([]uint32, []uint8) {
	if len(p.set) == 0 {
		return ids, from
	}
	// Each candidate is collected as its ID << 2 (IDs stay below 2³¹),
	// plus the bit of the index that proposed it. The document enters the
	// LSH index as it is looked up in it.
	c := d.flagged[:0]
	start := len(ids)
	ids = d.lsh.AddKeyCandidates(ids, id, p.keys)
	for _, x := range ids[start:] {
		c = append(c, uint64(x)<<2)
	}
	ids = ids[:start]
	// At most MaxDF: the nearest, then the most recent (Index.MaxBucket).
	d.near = d.sims.AppendNear(d.near[:0], p.sim)
	for _, m := range d.near {
		c = append(c, uint64(m.ID)<<2|fromSim)
	}
	if !d.opts.NearOnly {
		d.cands, d.scratch = d.passage.AppendCandidates(d.cands[:0], p.fps, d.opts.maxDF(), d.opts.MinShared, d.scratch)
		for _, x := range d.cands {
			c = append(c, uint64(x.ID)<<2|fromPassage)
		}
	}
	slices.Sort(c)
	for i, x := range c {
		if i > 0 && c[i-1]>>2 == x>>2 {
			from[len(from)-1] |= uint8(x & 3)
			continue
		}
		ids, from = append(ids, uint32(x>>2)), append(from, uint8(x&3))
	}
	d.flagged = c
	return ids, from
}
