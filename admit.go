package dedupe

import (
	"fmt"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
)

// Admit, the second stage: under the indexes' lock (Detector.mu) and in
// the order documents arrive, a prepared document's candidates are
// collected from the MinHash LSH, the SimHash index and the passage index,
// bounded (copies.go), and the document enters the indexes. It is the
// cheap part of an Add; the costly part, verify, runs without the lock.

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
	ownCl  []int           // their clusters in d.strong
	judged []cluster.Match // judge's result, until the next judge
	// commonMaskOf's buffers: shingle hashes of the passage on each side,
	// sorted on the new document's, and q's fingerprints' positions
	ahs, bhs []uint64
	bat      []int32
	byWord   []uint64 // rareRun's q's words, each above its place, sorted
	lone     []bool   // unmaskLone's masks of the two sides
	blone    []bool
	// unverified counts the candidates and earlier copies of the
	// document's text left unverified (copies.go); checked, the candidates
	// verified.
	unverified, checked int
	// seq is the number of the document's record in a persistent
	// Detector's log, once it has committed; stored, why it could not be
	// written.
	seq    uint64
	stored error

	// common, when set, says which fingerprints are common instead of
	// commonOutside: the counts of a Batch's caller (Batch.Judge).
	common func(h uint64, long bool) bool
	// bare, when set, judges with no corpus at all, for a Batch's strong
	// links (Batch.Verify): see template.
	bare bool
}

var admissions = sync.Pool{New: func() any { return new(admission) }}

// release returns a and its document's buffers to their pools.
func (a *admission) release() {
	a.p.release()
	a.recycle()
}

// recycle returns a to its pool, its buffers emptied.
func (a *admission) recycle() {
	clear(a.cands)
	clear(a.found)
	*a = admission{cands: a.cands[:0], ids: a.ids[:0], from: a.from[:0], found: a.found[:0], arena: a.arena[:0], fpAt: a.fpAt[:0], own: a.own[:0], ownCl: a.ownCl[:0], judged: a.judged[:0]}
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
	if d.stopped != nil {
		return nil, d.stopped
	}
	e := p.e
	if _, ok := d.lookup(p.idHash, e.id); ok {
		return nil, fmt.Errorf("%w: %q", ErrDuplicateID, e.id)
	}
	id := d.docs.end()
	if d.forgetting() {
		d.age(e)
		d.evict(id, true)
	}
	a := admissions.Get().(*admission)
	a.id, a.p, a.corpus = id, p, true
	a.ids, a.from = d.candidates(a.ids, a.from, p, id)
	if len(p.set) > 0 {
		a.ids, a.from, a.unverified = d.boundCopies(a.ids, a.from, p.text)
		d.copies.Add(p.text, id, false)
	}
	if d.forgetting() {
		a.ids, a.from = d.fresh(a.ids, a.from)
	}
	for _, c := range a.ids {
		a.cands = append(a.cands, *d.docs.at(c))
	}
	d.enter(id, e, p.idHash, p.sim, len(p.set) > 0)
	if len(p.set) > 0 && !d.opts.NearOnly {
		d.passage.Add(id, p.fps)
		d.fingerprints += len(p.fps)
	}
	return a, nil
}

// enter adds document id, of entry e, to the indexes other than the LSH
// and the copies (which candidates and admit fill as they read them) and
// the passage index: the IDs, the entries, and SimHash, unless it has no
// words. A reopened Detector enters its documents here too. The caller
// holds mu.
func (d *Detector) enter(id uint32, e *entry, idHash, sim uint64, words bool) {
	d.ids.Add(idHash, id, false)
	d.docs.push(e)
	d.entryBytes += e.bytes()
	if d.forgetting() {
		d.pushAge(e.age, id)
	}
	if words { // a document with no words matches nothing
		d.sims.Add(id, sim)
	}
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
