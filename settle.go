package dedupe

import (
	"errors"
	"runtime"
	"slices"
	"sync"

	"github.com/newsreuse/dedupe/cluster"
	"github.com/newsreuse/dedupe/internal/postings"
	"github.com/newsreuse/dedupe/shingle"
)

// Settling: the corpus rules judged again, once a collection is complete.
//
// In the stream each pair is judged by the documents added before its
// later one (commonOutside). A stock sentence ("An official familiar with
// the talks, who spoke on condition of anonymity …"), a wire service's
// copyright line or a paper's recurring notice is, on its first two or
// three recurrences, all the Detector has seen of it, as good as a quoted
// paragraph, and links the stories that carry it; once it recurs in two
// documents outside a pair's cluster it is masked, but the early links
// stay. Settle judges those links again by the collection around them,
// the documents added after them included, as the Beam pipeline judges
// every pair by the whole collection (Batch.Judge).

// ErrSettlePersistent is returned by Settle on a persistent Detector
// (Open), whose log holds the pairs as they were found.
var ErrSettlePersistent = errors.New("dedupe: Settle: a persistent Detector keeps its pairs as found")

// settleOutside is how many documents unrelated to a pair, among the
// commonWindow around it, must carry a fingerprint (settleCommon) for
// Settle to count it as common. It is far above
// commonOutside: the stream masks a text once two documents outside a
// pair carry it, and Settle drops only links the stream made before that,
// so it asks for text that turned out common widely. A stock sentence or
// a wire service's copyright line recurs in most stories; a background
// paragraph in a handful of stories on one topic. Measured with any
// carrier counting (pairs dropped; recall of true pairs of 30 words or
// more, precision): TestNewsMessy's corpora, at 2: recall 0.908 -> 0.900,
// precision 0.964 -> 0.997; at 8: 0.901, 0.994; at 10: 0.908 unchanged,
// 0.9945. The news tests' mixed corpora at 10: recall 0.996 -> 0.994,
// precision 0.972 -> 0.997. Reuters-21578 (1,047 passage pairs): 101
// dropped at 2, half of them background paragraphs that stories on one
// topic share (Brazil's debt, Taiwan's reserves); 26 at 6; 10 at 10,
// eight of them from one template (bond offerings, the Bank of England's
// money market notices, futures quotes) and two one company's earnings
// reported twice.
const settleOutside = 10

// Settle judges again, by the collection around it, every pair linked by
// short passages only (fewer than strongWords matched words; not a
// near-duplicate): the words of its later document covered by
// fingerprints that at least settleOutside documents unrelated to the
// pair carry, among the 20,000 around its later document in the order
// added (commonWindow), are masked, and a passage must stand on the rest, as when
// the pair was found (keepRare, and the chrome and template rules). A pair
// left with no passage is dropped, and the clusters it joined are grouped
// again from the links left; a pair that keeps a passage is kept as it was
// found. It returns the number of pairs dropped.
//
// Unrelated to a pair are the documents outside its earlier document's
// cluster (by strong links) with no short link to that document or its
// cluster; the later document's cluster and the documents with a short
// link to it or its cluster count as one carrier, its own story, as in
// commonOutside. Long links are not judged again: a stock sentence is
// shorter than strongWords, and the clusters the counts read (strong
// links) do not change. (Judging every pair again, counted as the Beam
// pipeline counts with attachment ignored and commonOutside carriers,
// TestNewsMessy's recall fell to 0.896 and the mixed corpora's to 0.985.)
//
// Settle is for a collection that is complete, as the command dedupe
// runs it after adding its inputs: documents added after it are judged as
// in the stream, and calling it again judges again the pairs left. It
// reads the documents admitted so far, committed or not; for answers that
// depend only on the documents, call it when no Add is in flight. A
// persistent Detector returns ErrSettlePersistent, and a Detector with
// invalid options Validate's error. Cost: a verification of each pair
// judged again, and O(n) for n documents to group clusters again.
func (d *Detector) Settle() (int, error) {
	if d.err != nil {
		return 0, d.err
	}
	if d.log != nil {
		return 0, ErrSettlePersistent
	}
	if d.opts.NearOnly {
		return 0, nil
	}
	d.gmu.Lock()
	defer d.gmu.Unlock()
	var judged []int
	for i := range d.pairs.n {
		if !d.pairs.alive(i) {
			continue
		}
		if p := d.pairs.at(i); !p.Match.NearDuplicate && p.words < strongWords {
			judged = append(judged, i)
		}
	}
	// The pairs are judged on as many goroutines as GOMAXPROCS allows,
	// each a stretch of them (a document's pairs are together, for
	// settleBuf), reading what nothing changes until unpair: the clusters
	// flattened, so that finding one writes nothing (cluster.Grouper),
	// and the indexes read without their shared buffers (PostingsTo).
	// The pairs dropped do not depend on how they are shared out.
	d.strong.Flatten()
	d.mu.RLock()
	end := d.docs.end()
	d.mu.RUnlock()
	kept := make([]bool, len(judged))
	workers := min(runtime.GOMAXPROCS(0), max(1, len(judged)/settleStretch))
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*len(judged)/workers, (w+1)*len(judged)/workers
		wg.Go(func() {
			var buf settleBuf
			for k := lo; k < hi; k++ {
				kept[k] = d.settled(d.pairs.at(judged[k]), end, &buf)
			}
		})
	}
	wg.Wait()
	var drop []int
	for k, ok := range kept {
		if !ok {
			drop = append(drop, judged[k])
		}
	}
	if len(drop) == 0 {
		return 0, nil
	}
	d.unpair(drop)
	return len(drop), nil
}

// settleStretch is the fewest pairs Settle gives a goroutine of its own
// (a variable for tests).
var settleStretch = 256

// A settleBuf holds the later document of the pair last judged again,
// prepared, for the next pairs of that document.
type settleBuf struct {
	b            uint32
	pr           *Prepared
	hs, fps, set []uint64
}

// settled reports whether the pair p keeps a passage when judged by the
// collection around it, whose IDs end before end (settleCommon). The
// caller holds gmu.
func (d *Detector) settled(p *Pair, end uint32, buf *settleBuf) bool {
	d.mu.RLock()
	e, q := *d.docs.at(p.b), *d.docs.at(p.a)
	d.mu.RUnlock()
	o := d.opts
	if buf.pr == nil || buf.b != p.b {
		sh := shingle.Shingler{K: o.Shingle, Seed: o.Seed}
		buf.hs = sh.AppendWordHashes(buf.hs[:0], e.words)
		buf.fps = passageFingerprints(buf.fps[:0], buf.hs, o.Window)
		buf.set = distinct(append(buf.set[:0], buf.hs...))
		buf.b, buf.pr = p.b, &Prepared{e: e, sh: sh, shingles: buf.hs, fps: buf.fps, set: buf.set}
	}
	pr := buf.pr
	a := admissions.Get().(*admission)
	defer a.recycle()
	a.id, a.p, a.corpus = p.b, pr, true
	v := d.newVerifier(pr, o.Reworded)
	r, ok := v.verify(a, q, true)
	v.release()
	if !ok {
		return false
	}
	a.keep(r, p.a)
	ca, cb := d.strong.Cluster(p.a), d.strong.Cluster(p.b)
	lo, hi := around(p.b, end)
	a.common = func(h uint64, _ bool) bool { return d.settleCommon(h, p.a, p.b, ca, cb, lo, hi) }
	d.finishInto(a, &a.found[0])
	return a.found[0].ok
}

// settleCommon reports whether at least settleOutside documents with IDs
// in [lo, hi) unrelated to the pair of a and b (Settle), b's cluster cb
// and the documents with a short link to it counting as one, carry the
// fingerprint h. Of a fingerprint carried by more than maxCarriers
// documents there, the most recent maxCarriers are read. The caller holds
// gmu and mu for reading (keepRare).
//
// Any carrier counts. A stock sentence with a slot ("An official familiar
// with the talks, who spoke on condition of anonymity ...") recurs with
// other words around its fixed part in every story, and each document's
// winnowing picks its own fingerprints near them: counted only where a
// carrier had one of the fingerprints next to h in b too, 8 of the 31
// carriers of the sentence's fixed part counted, and it kept a link
// between two stories of TestNewsMessy's corpora
// (TestSettleStockSentenceWithSlot). In a large
// collection, a phrase of a few words also recurs by chance, one
// fingerprint here, another there; the window (around) keeps those few.
// (With a neighbour needed, against any carrier: TestNewsMessy's precision
// 0.9957 and 0.9972, mean ARI 0.959 and 0.963; the news tests' mixed
// corpora 64 and 48 false pairs, unrelated 6 and 9; the generated corpora,
// cd bench && go run . -sizes 100MB,1GB, true pairs dropped 47 and 61 at
// 100 MB, 492 and 276 at 1 GB; Reuters-21578, 9 passage pairs dropped,
// most of them notices of one form.)
func (d *Detector) settleCommon(h uint64, a, b uint32, ca, cb int, lo, hi uint32) bool {
	var one [1]uint32
	ps := d.passage.PostingsTo(h, &one)
	i, _ := slices.BinarySearch(ps, lo)
	j, _ := slices.BinarySearch(ps, hi)
	ps = ps[i:j]
	n, own := 0, false
	for i := len(ps) - 1; i >= max(0, len(ps)-maxCarriers); i-- {
		r := ps[i]
		if r == a || r == b {
			continue
		}
		c := d.strong.Cluster(r)
		if ca != 0 && c == ca || d.attached(r, a, ca) {
			continue
		}
		if cb != 0 && c == cb || d.attached(r, b, cb) {
			if own {
				continue
			}
			own = true
		}
		if n++; n >= settleOutside {
			return true
		}
	}
	return false
}

// around returns the IDs [lo, hi) of the commonWindow documents around
// document id, in a collection whose IDs end before end: centred on id,
// and moved to lie inside the collection where it holds that many. Settle
// reads a fingerprint's carriers there, as the stream reads the
// commonWindow documents before a new one (commonOutside): counted over
// the whole collection, chance recurrences of a story's phrases grow with
// its size. (Generated corpora, cd bench && go run . -sizes 100MB,1GB:
// counted over all of it, Settle dropped 102 true pairs and 12 false at
// 100 MB, 8,589 and 81 at 1 GB; over the window, 61 and 9, 276 and 10.)
func around[T uint32 | uint64](id, end T) (lo, hi T) {
	if end <= commonWindow {
		return 0, end
	}
	lo = min(max(id, commonWindow/2)-commonWindow/2, end-commonWindow)
	return lo, lo + commonWindow
}

// unpair drops the pairs at the positions drop, in increasing order, all
// of them short links (see Settle), and groups again the clusters they
// were in from the links left. The caller holds gmu.
func (d *Detector) unpair(drop []int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	split := map[int]bool{}
	for _, i := range drop {
		p := d.pairs.at(i)
		if n := d.groups.Cluster(p.b); n != 0 {
			split[n] = true
		}
		d.byDoc.Remove(uint64(p.a), uint32(i))
		d.byDoc.Remove(uint64(p.b), uint32(i))
		*d.shared.at(p.a) -= int(p.words)
		*d.shared.at(p.b) -= int(p.words)
		d.weak.Remove(uint64(p.a), p.b)
		d.weak.Remove(uint64(p.b), p.a)
		d.weakLinks -= 2
		d.passages -= len(p.Match.Passages)
		d.pairs.kill(i)
	}
	nums, members := d.groups.Clusters()
	for k, n := range nums {
		if !split[n] {
			continue
		}
		ms := members[k]
		slices.Sort(ms)
		d.groups.Split(ms, ms, func(m uint32) []cluster.Link {
			links := d.links[:0]
			for _, at := range d.byDoc.Get(uint64(m)) {
				p := d.pairs.at(int(at))
				if p.b != m {
					continue
				}
				if _, ok := slices.BinarySearch(ms, p.a); ok {
					links = append(links, p.link())
				}
			}
			d.links = links
			return links
		})
	}
	if d.pairs.sparse() {
		d.byDoc = postings.Map{}
		d.pairs.compact(func(to int, p *Pair) {
			d.byDoc.Add(uint64(p.a), uint32(to), false)
			d.byDoc.Add(uint64(p.b), uint32(to), false)
		})
	}
}
