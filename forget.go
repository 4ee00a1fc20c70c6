package dedupe

import (
	"errors"
	"fmt"
	"hash/maphash"
	"slices"
	"time"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/postings"
	"github.com/newsreuse/dedupe/shingle"
	"github.com/newsreuse/dedupe/simhash"
)

// Forgetting: Delete removes one document on request, and
// Options.Retention evicts the documents that have fallen out of the
// window of recent ones, a few at each Add. A document forgotten either
// way leaves every index (it is never a candidate again, and its ID may
// be added again), its pairs (Pairs, AllPairs and Document no longer
// show them) and its cluster, whose other members are grouped again from
// the links that remain between them (cluster.Grouper.Split): the part
// that formed first keeps the cluster's name, a part of one document
// leaves the cluster, and other parts take new names.
//
// It happens in two steps, as adding does. Under the indexes' lock
// (Detector.mu) the document leaves the indexes (unindex): its signatures
// are computed again from its word codes, as Prepare computed them, since
// the Detector keeps them only inside the indexes. Under the clusters'
// lock (gmu) it leaves the pairs and the clusters (drop). Delete takes
// both steps at once. An eviction is decided, and its first step taken,
// when the document that brings it about is admitted, so that it and
// every later document look it up in indexes without the evicted
// documents; its second step is taken when that document commits, before
// its own links join, so that the documents admitted before it commit
// exactly as they would have had no later document been added. Until
// then the corpus rules of those earlier documents still count the
// evicted document among a passage's carriers (evicting, commonOutside).
//
// A persistent Detector writes a record of each Delete (record.go);
// evictions are not written, since Open replays them from the same rule:
// they depend only on the documents' times, in the order of the log.

// ErrNotFound is returned, wrapped with the ID, by Delete for an ID that
// the Detector does not hold.
var ErrNotFound = errors.New("dedupe: no such document")

// evictPerAdd bounds the documents evicted when one is added: more than
// one, so that a backlog (after a jump in the documents' times) drains,
// and few, so that no Add waits long. An eviction costs about what
// preparing the document cost (hashing its shingles again), plus its
// pairs and its cluster's regrouping.
const evictPerAdd = 4

// A stamp is an instant, ordered as times are: a document's age for
// Options.Retention.
type stamp struct {
	sec  int64
	nsec int32
}

func stampOf(t time.Time) stamp { return stamp{t.Unix(), int32(t.Nanosecond())} }

func (s stamp) before(t stamp) bool { return s.sec < t.sec || s.sec == t.sec && s.nsec < t.nsec }

// An aged is a document in the heap of ages, the oldest on top.
type aged struct {
	age stamp
	doc uint32
}

func (a aged) before(b aged) bool { return a.age.before(b.age) || a.age == b.age && a.doc < b.doc }

// An eviction is a document taken out of the indexes when document at was
// admitted, to be dropped from the pairs and clusters when at commits;
// fps are its passage fingerprints, for the corpus rules of the documents
// committing before at (commonOutside).
type eviction struct {
	doc, at uint32
	fps     []uint64
}

// An evicted is a document of evicting that carries a fingerprint (see
// Detector.evictedFps).
type evicted struct{ doc, at uint32 }

// A bitset is a set of document numbers; those below base, a multiple
// of 64, are all in it.
type bitset struct {
	base uint32
	w    []uint64
}

func (b *bitset) add(i uint32) {
	for len(b.w) <= int((i-b.base)/64) {
		b.w = append(b.w, 0)
	}
	b.w[(i-b.base)/64] |= 1 << (i % 64)
}

func (b *bitset) has(i uint32) bool {
	if i < b.base {
		return true
	}
	k := int((i - b.base) / 64)
	return k < len(b.w) && b.w[k]&(1<<(i%64)) != 0
}

// trim lets go of the numbers below base, a multiple of 64, all in b.
func (b *bitset) trim(base uint32) {
	k := min(int(base-b.base)/64, len(b.w))
	b.w = append([]uint64(nil), b.w[k:]...)
	b.base = base
}

// A numbered is a slice by document number, from base: the documents
// below are forgotten and let go (trim).
type numbered[T any] struct {
	base uint32
	s    []T
}

// at returns the element of document i, which must be base or above.
func (n *numbered[T]) at(i uint32) *T { return &n.s[i-n.base] }

// end returns the number after the last document's.
func (n *numbered[T]) end() uint32 { return n.base + uint32(len(n.s)) }

// push appends the element of document end().
func (n *numbered[T]) push(x T) { n.s = append(n.s, x) }

// trim lets go of the elements below base.
func (n *numbered[T]) trim(base uint32) {
	k := min(int(base-n.base), len(n.s))
	n.s = append([]T(nil), n.s[k:]...)
	n.base = base
}

// trimMin is how many forgotten documents at least are let go at once
// (trimForgotten), and at least half of those numbered. Tests lower it.
var trimMin uint32 = 4096

// trimForgotten lets go of what the Detector keeps by document number
// (docs, shared, gone, forgotten and the Groupers) for the documents
// forgotten below the first one held, once they are trimMin or more and
// half of those numbered at least, so that copying the rest costs O(1) a
// document forgotten. The caller holds gmu and mu.
func (d *Detector) trimForgotten() {
	end := d.docs.end()
	for d.low < end && d.forgotten.has(d.low) {
		d.low++
	}
	base := d.low &^ 63
	if n := base - d.docs.base; n < trimMin || n < (end-d.docs.base)/2 {
		return
	}
	d.docs.trim(base)
	d.shared.trim(base)
	d.gone.trim(base)
	d.forgotten.trim(base)
	d.groups.Trim(base)
	d.strong.Trim(base)
}

// Delete removes the document id from the Detector: from every index, so
// that no later document is matched to it, from every pair, and from its
// cluster, whose other members are grouped again from the links left
// between them; the cluster keeps its name while two members remain
// linked. The ID may then be added again. It returns an error wrapping
// ErrNotFound if no document of that ID is held (never added, deleted, or
// evicted by Options.Retention); a document whose Add is in progress is
// deleted once it has committed. On a persistent Detector the deletion is
// durable when Delete returns, and Delete after Close returns ErrClosed.
//
// Cost: about what preparing the document cost, plus O(p) for its p pairs
// and O(c) for the pairs of its cluster's members (31 µs a document on
// average, deleting 5,000 of a generated corpus of 23,000); it holds the
// Detector's locks meanwhile. Now and then, when more than half of the
// pairs kept are deleted ones, it compacts the pairs, O(pairs).
func (d *Detector) Delete(id string) error {
	h := maphash.String(d.idSeed, id)
	d.gmu.Lock()
	var x uint32
	for {
		d.mu.Lock()
		if d.log != nil && d.stopped != nil {
			err := d.stopped
			d.mu.Unlock()
			d.gmu.Unlock()
			return err
		}
		var ok bool
		x, ok = d.lookup(h, id)
		if !ok {
			d.mu.Unlock()
			d.gmu.Unlock()
			return fmt.Errorf("%w: %q", ErrNotFound, id)
		}
		if x < d.committed {
			break
		}
		d.mu.Unlock()
		d.turn.Wait() // its Add is in progress
	}
	d.unindex(x)
	d.drop(x)
	d.mu.Unlock()
	d.deletes++
	var seq uint64
	var err error
	if d.log != nil {
		d.record = appendDelete(d.record[:0], x, id)
		if seq, err = d.log.Enqueue(d.record); err != nil {
			d.stop(err)
		} else {
			d.lastSeq = seq
			if d.wantCompact() {
				d.compactLater()
			}
		}
	}
	d.gmu.Unlock()
	if d.log == nil {
		return nil
	}
	if err != nil {
		return fmt.Errorf("dedupe: storing a deletion: %w", err)
	}
	return d.wait(seq)
}

// lookup returns the number of the document id, of hash h, if it is held.
// The caller holds mu.
func (d *Detector) lookup(h uint64, id string) (uint32, bool) {
	for _, c := range d.ids.Get(h) {
		if (*d.docs.at(c)).id == id {
			return c, true
		}
	}
	return 0, false
}

// forgetting reports whether the Detector forgets documents by age.
func (d *Detector) forgetting() bool { return d.opts.Retention > 0 }

// age sets the age of e, the document about to be admitted, and the
// cutoff before which documents are evicted. The caller holds mu.
func (d *Detector) age(e *entry) {
	if e.time.IsZero() {
		e.age = stampOf(d.newest) // its arrival, by the documents' clock
	} else {
		e.age = stampOf(e.time)
		if e.time.After(d.newest) {
			d.newest = e.time
		}
	}
	d.cutoff = stampOf(d.newest.Add(-d.opts.Retention))
}

// evict takes out of the indexes up to evictPerAdd of the documents older
// than the cutoff, the oldest first, as document at is admitted. A live
// Detector drops them from the pairs and clusters when at commits (later
// set); a reopening one, which replays one document at a time, at once.
// The caller holds mu, and gmu if not later.
func (d *Detector) evict(at uint32, later bool) {
	for n := 0; n < evictPerAdd && len(d.ages) > 0 && d.ages[0].age.before(d.cutoff); {
		x := d.popAge()
		if d.gone.has(x) { // deleted
			continue
		}
		n++
		fps := d.unindex(x)
		if later {
			if len(fps) > 0 {
				fps = slices.Clone(fps)
			}
			d.evicting = append(d.evicting, eviction{doc: x, at: at, fps: fps})
			if d.evictedFps == nil {
				d.evictedFps = map[uint64][]evicted{}
			}
			for _, h := range fps {
				d.evictedFps[h] = append(d.evictedFps[h], evicted{x, at})
			}
		} else {
			d.drop(x)
			d.evictions++
		}
	}
}

// dropEvicted drops from the pairs and clusters the documents evicted when
// document at was admitted. The caller holds gmu.
func (d *Detector) dropEvicted(at uint32) {
	if !d.forgetting() {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for n < len(d.evicting) && d.evicting[n].at == at {
		ev := d.evicting[n]
		d.drop(ev.doc)
		d.evictions++
		n++
		for _, h := range ev.fps {
			l := slices.DeleteFunc(d.evictedFps[h], func(e evicted) bool { return e.doc == ev.doc })
			if len(l) == 0 {
				delete(d.evictedFps, h)
			} else {
				d.evictedFps[h] = l
			}
		}
	}
	d.evicting = slices.Delete(d.evicting, 0, n)
}

// fresh returns the candidates of ids (with from) not older than the
// cutoff: those waiting to be evicted are no longer matched. The caller
// holds mu.
func (d *Detector) fresh(ids []uint32, from []uint8) ([]uint32, []uint8) {
	k := 0
	for i, c := range ids {
		if (*d.docs.at(c)).age.before(d.cutoff) {
			continue
		}
		ids[k], from[k] = c, from[i]
		k++
	}
	return ids[:k], from[:k]
}

// pushAge adds document id, of age a, to the heap of ages.
func (d *Detector) pushAge(a stamp, id uint32) {
	h := append(d.ages, aged{a, id})
	for i := len(h) - 1; i > 0; {
		p := (i - 1) / 2
		if !h[i].before(h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	d.ages = h
}

// popAge removes the oldest document from the heap of ages and returns it.
func (d *Detector) popAge() uint32 {
	h := d.ages
	top := h[0].doc
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		c := 2*i + 1
		if c >= n {
			break
		}
		if c+1 < n && h[c+1].before(h[c]) {
			c++
		}
		if !h[c].before(h[i]) {
			break
		}
		h[i], h[c] = h[c], h[i]
		i = c
	}
	d.ages = h
	return top
}

// unindex takes document x out of the indexes: its ID, its text's copies,
// the LSH, SimHash and passage indexes. It returns its passage
// fingerprints, in a buffer of the Detector's, valid until the next
// unindex. The caller holds mu. Cost: about what preparing it cost.
func (d *Detector) unindex(x uint32) []uint64 {
	e := *d.docs.at(x)
	d.ids.Remove(maphash.String(d.idSeed, e.id), x)
	d.gone.add(x)
	d.ngone++
	if e.nset == 0 {
		return nil
	}
	s := d.signatures(e)
	d.copies.Remove(s.text, x)
	if d.unindexLater != nil {
		d.unindexLater(x, s.keys, s.sim)
	} else {
		d.lsh.RemoveKeys(x, s.keys)
		d.sims.Remove(x, s.sim)
		if !d.opts.NearOnly {
			d.passage.Remove(x, s.fps)
		}
	}
	if !d.opts.NearOnly {
		d.fingerprints -= len(s.fps)
	}
	return s.fps
}

// sigs are a document's signatures, computed again by signatures.
type sigs struct {
	set, fps, sig, keys []uint64
	sim, text           uint64
}

// signatures computes again from e's word codes the signatures prepare
// computed from its text: band keys, fingerprints, SimHash and text hash.
// They are in a buffer of the Detector's, valid until the next call. The
// caller holds mu.
func (d *Detector) signatures(e *entry) *sigs {
	o, s := d.opts, &d.sigs
	sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
	s.set = sh.AppendWordHashes(s.set[:0], e.words)
	s.fps = s.fps[:0]
	if !o.NearOnly {
		s.fps = passageFingerprints(s.fps, s.set, o.Window)
	}
	s.set = distinct(s.set)
	s.text = textHash(s.set)
	s.sig = d.hasher.Sum(s.sig[:0], s.set)
	s.keys = d.lsh.Keys(s.keys[:0], s.sig)
	s.sim = simhash.Fingerprint(s.set)
	if cap(s.set) > maxPooled {
		*s = sigs{}
	}
	return s
}

// drop takes document x, out of the indexes already, out of its pairs and
// clusters, and lets its entry go. The caller holds gmu and mu.
func (d *Detector) drop(x uint32) {
	d.regroup(&d.groups, x, 0)
	d.regroup(&d.strong, x, strongWords)
	at := append(d.at[:0], d.byDoc.Get(uint64(x))...)
	for _, i := range at {
		p := d.pairs.at(int(i))
		o := p.a
		if o == x {
			o = p.b
		}
		d.byDoc.Remove(uint64(o), i)
		*d.shared.at(p.a) -= int(p.words)
		*d.shared.at(p.b) -= int(p.words)
		if p.words < strongWords {
			d.weak.Remove(uint64(o), x)
			d.weakLinks -= 2
		}
		d.passages -= len(p.Match.Passages)
		d.pairs.kill(int(i))
	}
	d.at = at
	d.byDoc.Drop(uint64(x))
	d.weak.Drop(uint64(x))
	d.forgotten.add(x)
	d.entryBytes -= (*d.docs.at(x)).bytes()
	*d.docs.at(x) = nil
	d.trimForgotten()
	if d.pairs.sparse() {
		d.byDoc = postings.Map{}
		d.pairs.compact(func(to int, p *Pair) {
			d.byDoc.Add(uint64(p.a), uint32(to), false)
			d.byDoc.Add(uint64(p.b), uint32(to), false)
		})
	}
}

// regroup takes document x out of its cluster in g, the clusters by links
// of minWords or more, and groups the other members again from the links
// left between them. The members are found through the pairs: a cluster
// is joined by its links. The caller holds gmu. Cost: O(p) for the p
// pairs of the cluster's members.
func (d *Detector) regroup(g *cluster.Grouper, x uint32, minWords int32) {
	num := g.Cluster(x)
	if num == 0 {
		return
	}
	members := append(d.members[:0], x)
	clear(d.seen)
	if d.seen == nil {
		d.seen = map[uint32]bool{}
	}
	d.seen[x] = true
	for i := 0; i < len(members); i++ {
		m := members[i]
		for _, at := range d.byDoc.Get(uint64(m)) {
			p := d.pairs.at(int(at))
			o := p.a
			if o == m {
				o = p.b
			}
			if p.words >= minWords && !d.seen[o] && g.Cluster(o) == num {
				d.seen[o] = true
				members = append(members, o)
			}
		}
	}
	slices.Sort(members)
	rest := append(d.rest[:0], members...)
	rest = slices.DeleteFunc(rest, func(m uint32) bool { return m == x })
	g.Split(members, rest, func(m uint32) []cluster.Link {
		links := d.links[:0]
		for _, at := range d.byDoc.Get(uint64(m)) {
			p := d.pairs.at(int(at))
			if p.b != m || p.words < minWords {
				continue
			}
			if _, ok := slices.BinarySearch(rest, p.a); ok {
				links = append(links, p.link())
			}
		}
		d.links = links
		return links
	})
	d.members, d.rest = members, rest
}

// carriers returns the most recent maxCarriers documents of ps, the
// carriers of a fingerprint h admitted before document id, with those
// evicted since id was admitted put back: the corpus rules of a document
// see the documents as they were when it was admitted. Cost: one map
// lookup, and O(maxCarriers) when an evicted document carries h. The
// result is d's until the next call. The caller holds gmu and mu for
// reading.
func (d *Detector) carriers(ps []uint32, h uint64, id uint32) []uint32 {
	ps = ps[max(0, len(ps)-maxCarriers):]
	extra := d.extra[:0]
	for _, e := range d.evictedFps[h] {
		if e.at > id && e.doc < id {
			extra = append(extra, e.doc)
		}
	}
	d.extra = extra
	if len(extra) == 0 {
		return ps
	}
	slices.Sort(extra)
	// A merge of the two sorted lists; the documents evicted are not in ps.
	out := d.carried[:0]
	i := 0
	for _, e := range extra {
		for i < len(ps) && ps[i] < e {
			out = append(out, ps[i])
			i++
		}
		out = append(out, e)
	}
	out = append(out, ps[i:]...)
	d.carried = out
	return out
}
