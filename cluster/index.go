package cluster

import (
	"slices"

	"github.com/newsreuse/dedupe/internal/postings"
)

// An Index maps passage fingerprints to the documents that contain them.
// Document IDs are small dense integers below 2³¹ chosen by the caller,
// added in increasing order. The zero Index is empty and ready to use. An
// Index is not safe for concurrent use; the caller serializes access.
//
// Memory: most fingerprints are in one document, and those cost one
// 12-byte hash table slot, 16 to 32 bytes with the table's free slots; a
// fingerprint in several documents costs a slice besides, 24 bytes plus 4
// per document.
type Index struct {
	fps  postings.Map // fingerprint -> documents
	docs int
	sink uint32 // keeps Add's reads ahead from being optimized away
}

// A Candidate is a document sharing Shared fingerprints with a query.
type Candidate struct {
	ID     uint32
	Shared int
}

// Add records that document id contains the fingerprints fps. Duplicates in
// fps are recorded once. Cost: O(len(fps)) amortized. It panics if id is
// 2³¹ or more.
func (ix *Index) Add(id uint32, fps []uint64) {
	if id > postings.MaxID {
		panic("cluster: document ID out of range")
	}
	ix.docs++
	// The slots of a group of fingerprints are read before any is added,
	// then the lists of those several documents hold, so that their cache
	// misses overlap rather than come one after the other.
	for len(fps) > 0 {
		group := fps[:min(len(fps), addAhead)]
		for _, fp := range group {
			ix.sink += ix.fps.Touch(fp)
		}
		for _, fp := range group {
			ix.sink += ix.fps.TouchIDs(fp)
		}
		for _, fp := range group {
			ix.fps.Add(fp, id, true)
		}
		fps = fps[len(group):]
	}
}

// addAhead is how many fingerprints Add reads ahead.
const addAhead = 16

// Remove forgets document id, which must have been added with fps.
func (ix *Index) Remove(id uint32, fps []uint64) {
	removed := false
	for _, fp := range fps {
		if ix.fps.Remove(fp, id) {
			removed = true
		}
	}
	if removed {
		ix.docs--
	}
}

// Docs returns the number of documents in the index.
func (ix *Index) Docs() int { return ix.docs }

// DF returns the number of documents that contain fp.
func (ix *Index) DF(fp uint64) int { return len(ix.Postings(fp)) }

// Postings returns the documents that contain fp, in increasing order. The
// slice belongs to the Index: it must not be modified, and it is valid only
// until the next call of a method of the Index.
func (ix *Index) Postings(fp uint64) []uint32 { return ix.fps.Get(fp) }

// PostingsTo is Postings with a document of a fingerprint contained by one
// put in one: it changes nothing, so that goroutines that do not change the
// Index may call it at once (postings.Map.GetTo).
func (ix *Index) PostingsTo(fp uint64, one *[1]uint32) []uint32 { return ix.fps.GetTo(fp, one) }

// RecentPostings is how many of a frequent fingerprint's documents, the
// most recent, AppendCandidates considers.
const RecentPostings = 4

// SharedPassage is how many fingerprints a document must share with a
// query, frequent ones included, to be a candidate through frequent
// fingerprints when it shares fewer than half of the query's: about a
// paragraph (with the default window of 8, a fingerprint every 4.5
// shingles). A local story that quotes three paragraphs of a story
// reprinted a thousand times shares a fifth of its fingerprints with the
// latest reprints. On Reuters-21578 the rule changes nothing; on the
// generated 100 MB corpus it adds 14 pairs, all true.
const SharedPassage = 8

// AppendCandidates appends to dst every document that shares at least
// minShared of the fingerprints fps, counting each distinct fingerprint once.
// A fingerprint found in more than maxDF documents (boilerplate, or a story
// reprinted everywhere) contributes only its RecentPostings most recent
// documents, and only to a document that shares at least half of fps, or
// SharedPassage of them, with the query: the latest copies of a popular
// story stay in reach, of the documents that copy it and of those that
// quote a few of its paragraphs, while a footer, a small part of each page,
// makes few candidates. This bounds the cost of a query. Candidates come out sorted by ID; Shared
// counts all shared fingerprints. scratch is reused between calls to avoid
// allocation; pass nil to allocate.
func (ix *Index) AppendCandidates(dst []Candidate, fps []uint64, maxDF, minShared int, scratch []uint32) ([]Candidate, []uint32) {
	ids := scratch[:0] // document ID<<1, | 1 when from a frequent fingerprint
	for _, fp := range fps {
		p := ix.Postings(fp)
		var freq uint32
		if len(p) > maxDF {
			p, freq = p[len(p)-min(len(p), RecentPostings):], 1
		}
		for _, id := range p {
			ids = append(ids, id<<1|freq)
		}
	}
	slices.Sort(ids)
	most := max(minShared, min(SharedPassage, (len(fps)+1)/2))
	for i := 0; i < len(ids); {
		id := ids[i] >> 1
		j, rare := i, 0
		for j < len(ids) && ids[j]>>1 == id {
			rare += int(1 - ids[j]&1)
			j++
		}
		if rare >= minShared || j-i >= most {
			dst = append(dst, Candidate{ID: id, Shared: j - i})
		}
		i = j
	}
	return dst, ids
}

// A Loader gathers documents to add to an Index at once (Load): the same
// Index as Add and Remove one at a time would make, in a fraction of the
// time for many documents (postings.Loader tells why), for an Index
// rebuilt from stored documents. The zero Loader is ready to use.
//
// Memory: 12 bytes a fingerprint added, until Load.
type Loader struct {
	fps  postings.Loader
	docs int
}

// Add records that document id contains the fingerprints fps, as
// Index.Add does, to be added by Load. IDs must increase from call to
// call, and be above those of the Index loaded.
func (l *Loader) Add(id uint32, fps []uint64) {
	for _, fp := range fps {
		l.fps.Add(fp, id)
	}
	l.docs++
}

// Remove forgets document id, added before and not removed since.
func (l *Loader) Remove(id uint32) {
	l.fps.Drop(id)
	l.docs--
}

// Load adds the documents added and not removed to ix, and empties l.
func (l *Loader) Load(ix *Index) {
	l.fps.Load(&ix.fps)
	ix.docs += l.docs
	l.docs = 0
}
