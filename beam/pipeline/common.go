package pipeline

import (
	"cmp"
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/newsreuse/dedupe"
	"github.com/newsreuse/dedupe/cluster"
)

// The corpus rules' counts: which documents are a pair's own (its
// cluster, by the links verification found long), and, for each
// fingerprint a pair's passages hold, whether at least a few documents
// outside the pair's cluster carry it too, among the documents around the
// pair in the input (dedupe.Batch.Around).

// A place is where a document stands for the corpus rules: its cluster
// by strong links, or, for a document in none, -1 - its ord; and the
// places of the documents it has weak links to.
type place struct {
	Cluster  int64
	Attached []int64
}

// alone is the place of a document in no cluster.
func alone(ord uint64) int64 { return -1 - int64(ord) }

// strongClusters groups the documents by their strong links
// (cluster.Grouper, in the order of the documents, on one worker) and
// emits the place of each document with a link. Memory: about 60 bytes a
// link and 30 a linked document.
func strongClusters(ctx context.Context, _ []byte, links func(*link) bool, emit func(uint64, place)) {
	var ls []link
	var l link
	for links(&l) {
		ls = append(ls, l)
	}
	ords, nums := numberLinks(len(ls), func(i int) (uint64, uint64) { return ls[i].A, ls[i].B })
	slices.SortFunc(ls, func(x, y link) int { return cmp.Or(cmp.Compare(x.B, y.B), cmp.Compare(x.A, y.A)) })
	var g cluster.Grouper
	var cl []cluster.Link
	for i, l := range ls {
		if l.Strong {
			cl = append(cl, cluster.Link{Doc: nums(l.A), Start: l.Start, End: l.End, Words: l.Words})
			strongLinks.Inc(ctx, 1)
		}
		if i+1 == len(ls) || ls[i+1].B != l.B {
			g.Add(nums(l.B), cl)
			cl = cl[:0]
		}
	}
	places := make([]place, len(ords))
	for i, ord := range ords {
		places[i].Cluster = alone(ord)
		if n := g.Cluster(uint32(i)); n != 0 {
			places[i].Cluster = int64(n)
		}
	}
	for _, l := range ls {
		if !l.Strong {
			a, b := nums(l.A), nums(l.B)
			places[a].Attached = append(places[a].Attached, places[b].Cluster)
			places[b].Attached = append(places[b].Attached, places[a].Cluster)
		}
	}
	for i, ord := range ords {
		emit(ord, places[i])
	}
}

// numberLinks numbers the documents of n links, given by ends, in the
// order of their ords: it returns the ords in order and a function from
// an ord to its number.
func numberLinks(n int, ends func(i int) (a, b uint64)) ([]uint64, func(uint64) uint32) {
	ords := make([]uint64, 0, 2*n)
	for i := range n {
		a, b := ends(i)
		ords = append(ords, a, b)
	}
	slices.Sort(ords)
	ords = slices.Compact(ords)
	return ords, func(ord uint64) uint32 {
		i, _ := slices.BinarySearch(ords, ord)
		return uint32(i)
	}
}

// A carrier is a document carrying a fingerprint, and its place.
type carrier struct {
	Ord   uint64
	Place place
}

// placeOf returns the place of document ord, from its places' iterator.
func placeOf(ord uint64, places func(*place) bool) place {
	var p place
	if !places(&p) {
		p.Cluster = alone(ord)
	}
	return p
}

// carriersOf emits each fingerprint of document ord with the document
// and its place.
func carriersOf(ctx context.Context, ord uint64, fps func(*[]uint64) bool, places func(*place) bool, emit func(uint64, carrier)) {
	p := placeOf(ord, places)
	var hs []uint64
	for fps(&hs) {
		for _, h := range hs {
			emit(h, carrier{Ord: ord, Place: p})
		}
		carrierBytes.Inc(ctx, int64(len(hs))*int64(24+8*len(p.Attached)))
	}
}

// clusterEarlier notes the cluster of document ord in the asks whose
// earlier document it is, and passes them on keyed by the later one.
func clusterEarlier(ord uint64, asks func(*ask) bool, places func(*place) bool, emit func(uint64, ask)) {
	p := placeOf(ord, places)
	var a ask
	for asks(&a) {
		a.CA = p.Cluster
		emit(a.B, a)
	}
}

// A query asks whether a fingerprint of a pair's later document is common
// outside the pair's cluster.
type query struct {
	Key    string
	A, B   uint64
	CA, CB int64
}

// clusterLater notes the cluster of document ord in the asks whose later
// document it is, and emits a query for each fingerprint asked about.
func clusterLater(ctx context.Context, ord uint64, asks func(*ask) bool, places func(*place) bool, emit func(uint64, query)) {
	p := placeOf(ord, places)
	var a ask
	for asks(&a) {
		for _, h := range a.Fps {
			emit(h, query{Key: a.Key, A: a.A, B: a.B, CA: a.CA, CB: p.Cluster})
		}
		queryBytes.Inc(ctx, int64(len(a.Fps))*(8+16+32))
	}
}

// A common fingerprint of a pair: whether it is common for a short
// passage and for a long one (see dedupe.Batch.Judge).
type common struct {
	H           uint64
	Short, Long bool
}

// commonFn answers the queries about one fingerprint: is it carried by
// enough documents (dedupe.Batch.Common) other than the pair's two and
// outside the cluster of the pair's earlier document, among those around
// the pair's later document in the input (dedupe.Batch.Around), as the
// command settles its pairs? For a long passage,
// documents with a weak link to that cluster count as inside (a story's
// partial copies); documents of the later document's own cluster count as
// one carrier. Documents with a weak link to the later document's cluster
// count each: weak links are judged with nothing common, so a line every
// document of a wire service ends with links them all, and must stay
// common (with 106 generated documents, counting them as one linked 452
// pairs by the copyright line alone). It emits the fingerprint, keyed by the pair, when it
// is common for either. Cost: O(carriers) a query at most.
type commonFn struct {
	Options dedupe.Options
	b       *dedupe.Batch
	// starts holds, by file index, the number of the file's first
	// document in the input; total, the documents read. Read once from
	// the side input of the files' counts (numbers).
	starts []uint64
	total  uint64
	read   bool
}

// numbers reads the files' counts, once.
func (f *commonFn) numbers(files func(*fileCount) bool) {
	if f.read {
		return
	}
	var counts []uint64
	var c fileCount
	for files(&c) {
		if c.Index >= len(counts) {
			counts = append(counts, make([]uint64, c.Index+1-len(counts))...)
		}
		counts[c.Index] += c.Docs
	}
	f.starts = make([]uint64, len(counts))
	for i, n := range counts {
		f.starts[i] = f.total
		f.total += n
	}
	f.read = true
}

// number returns the number of document ord in the input, from 0 in the
// order read (a file's documents after those of the files before it);
// total for a document of a file not counted.
func (f *commonFn) number(ord uint64) uint64 {
	i := ord >> ordBits
	if i >= uint64(len(f.starts)) {
		return f.total
	}
	return f.starts[i] + ord&(1<<ordBits-1)
}

func (f *commonFn) Setup() error {
	var err error
	f.b, err = dedupe.NewBatch(f.Options)
	return err
}

func (f *commonFn) ProcessElement(ctx context.Context, h uint64, carriers func(*carrier) bool, queries func(*query) bool, files func(*fileCount) bool, emit func(string, common)) {
	var q query
	if !queries(&q) {
		return
	}
	f.numbers(files)
	var cs []carrier
	var c carrier
	for carriers(&c) {
		cs = append(cs, c)
	}
	fpGroupQueried.Update(ctx, int64(len(cs)))
	for {
		x := common{H: h, Short: f.outside(cs, q, false), Long: f.outside(cs, q, true)}
		if x.Short || x.Long {
			emit(q.Key, x)
		}
		if !queries(&q) {
			return
		}
	}
}

// outside reports whether enough carriers of cs are outside the cluster
// of q's pair, for a long passage or a short one.
func (f *commonFn) outside(cs []carrier, q query, long bool) bool {
	lo, hi := f.b.Around(f.number(q.B), f.total)
	n, own := 0, false
	for _, r := range cs {
		if r.Ord == q.A || r.Ord == q.B || r.Place.Cluster == q.CA || long && slices.Contains(r.Place.Attached, q.CA) {
			continue
		}
		if at := f.number(r.Ord); at < lo || at >= hi {
			continue
		}
		if q.CB > 0 && r.Place.Cluster == q.CB {
			if own {
				continue
			}
			own = true
		}
		if n++; f.b.Common(n) {
			return true
		}
	}
	return false
}

var (
	strongLinks    = beam.NewCounter("dedupe", "strong_links")
	carrierBytes   = beam.NewCounter("dedupe", "shuffle_bytes_carriers")
	fpGroupQueried = beam.NewDistribution("dedupe", "group_fingerprints_queried")
)

func init() {
	register.Function4x0(strongClusters)
	register.Function5x0(carriersOf)
	register.Function4x0(clusterEarlier)
	register.Function5x0(clusterLater)
	register.DoFn6x0[context.Context, uint64, func(*carrier) bool, func(*query) bool, func(*fileCount) bool, func(string, common)](&commonFn{})
	register.Iter1[place]()
	register.Iter1[common]()
	register.Emitter2[uint64, place]()
	register.Emitter2[string, common]()
	register.Iter1[link]()
	register.Iter1[query]()
	register.Iter1[ask]()
	register.Iter1[carrier]()
	register.Iter1[[]uint64]()
	register.Emitter2[uint64, carrier]()
	register.Emitter2[uint64, query]()
}
