package dedupe

import (
	"hash/maphash"
	"iter"
	"time"

	"github.com/newsreuse/dedupe/cluster"
)

// A Pair is two documents that are near-duplicates or share passages:
// B was added after A. Match describes A as seen from B: its passages'
// Start and End are offsets into B, OtherStart and OtherEnd into A.
type Pair struct {
	A, B string
	a, b uint32
	// The link of b to a (cluster.Link, in words), for grouping the
	// clusters again when a document is forgotten (forget.go).
	start, end, words int32
	Match             Match
}

// link returns the link of p's later document to its earlier one.
func (p *Pair) link() cluster.Link {
	return cluster.Link{Doc: p.a, Start: int(p.start), End: int(p.end), Words: int(p.words)}
}

// Pairs returns every pair found so far, in the order found, but for the
// pairs of documents deleted or evicted since. The slice is the caller's;
// the Matches inside are shared and must not be modified. Cost: O(p) time
// and memory for p pairs (120 bytes a pair); AllPairs reads them without
// copying.
func (d *Detector) Pairs() []Pair {
	d.gmu.Lock()
	defer d.gmu.Unlock()
	return d.pairs.appendTo(nil)
}

// AllPairs returns an iterator over the pairs found so far, in the order
// found: what Pairs returns, without copying them into a slice. Each use
// of the iterator yields the pairs found before it started and not
// forgotten (Delete, Options.Retention) by then; a pair forgotten while it
// runs may be yielded or not. It takes the Detector's lock only to start,
// for O(1), and holds no lock while it yields, so that documents may be
// added meanwhile, by other goroutines or by the loop's body (their pairs
// are not yielded). The Matches inside are shared and must not be
// modified.
func (d *Detector) AllPairs() iter.Seq[Pair] {
	return func(yield func(Pair) bool) {
		d.gmu.Lock()
		pairs := d.pairs // pushes after this leave what it holds alone
		d.gmu.Unlock()
		pairs.all()(yield)
	}
}

// A DocumentInfo is what a Detector knows of one document it holds.
type DocumentInfo struct {
	ID   string
	Time time.Time
	// Words is the number of words in the document.
	Words int
	// Cluster names the document's cluster, "" if none. It is the
	// cluster's name now: Result.Cluster gave the name when the document
	// was added, which changes when its cluster merges into an older one.
	Cluster string
	// Pairs are the pairs the document is in, in the order found: its B
	// is this document in a pair with an earlier document, its A in a
	// pair with a later one.
	Pairs []Pair
}

// Document returns what the Detector knows of the document id: its
// cluster and its pairs, read from a per-document index without touching
// the other documents. It reports false if no document of that ID is
// held (never added, deleted or evicted), or if its Add has not reached
// its last stage (commit) yet. The Pairs slice is the caller's; the
// Matches inside are shared and must not be modified.
// Cost: one lookup of the ID, near O(1) for the cluster, and O(p) for the
// document's p pairs.
//
// The index behind it costs about 27 bytes a pair (TestDocumentIndexBytes),
// a quarter of the pair itself.
func (d *Detector) Document(id string) (DocumentInfo, bool) {
	h := maphash.String(d.idSeed, id)
	d.gmu.Lock()
	defer d.gmu.Unlock()
	d.mu.Lock() // Get reuses a buffer of the map's
	var e *entry
	num, ok := d.lookup(h, id)
	if ok {
		e = *d.docs.at(num)
	}
	d.mu.Unlock()
	if e == nil || num >= d.committed {
		return DocumentInfo{}, false
	}
	info := DocumentInfo{ID: e.id, Time: e.time, Words: len(e.words)}
	if n := d.groups.Cluster(num); n > 0 {
		info.Cluster = clusterName(n)
	}
	if at := d.byDoc.Get(uint64(num)); len(at) > 0 {
		info.Pairs = make([]Pair, 0, len(at))
		for _, i := range at {
			info.Pairs = append(info.Pairs, *d.pairs.at(int(i)))
		}
	}
	return info, true
}

// Len returns the number of documents held: those added, less those
// deleted or evicted.
func (d *Detector) Len() int {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return int(d.docs.end()) - d.ngone
}
